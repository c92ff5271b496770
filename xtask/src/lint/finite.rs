//! Component schemas whose values cannot be written down: required properties that lead back
//! to their own schema (no finite value exists), and arrays whose items are the array itself
//! (only empty arrays nested in each other). typify boxes both cycles and compiles them, but no
//! server can send the first, the second carries no data, and the CLI's sample values (every
//! required property filled, one item per array) never end for either.

use crate::diag::{Diagnostic, pointer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Runs both checks on `components/schemas`; every `$ref` must resolve.
pub fn check(file: &Path, raw: &Value, out: &mut Vec<Diagnostic>) {
    let Some(schemas) = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    let schemas: BTreeMap<&str, &Value> = schemas.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let looped = required_loops(file, &schemas, out);
    arrays_of_themselves(file, &schemas, &looped, out);
}

/// The component a schema `$ref` names.
fn target(r: &Value) -> Option<String> {
    r.as_str()?
        .strip_prefix("#/components/schemas/")
        .map(|n| n.replace("~1", "/").replace("~0", "~"))
}

/// What keeps `schema` from having a finite value while the components in `finite` are the
/// only ones known to have one: the path of required properties (`.name`) and items of
/// non-empty arrays (`[]`) to a component not in `finite`, and that component.
fn blocker(schema: &Value, finite: &BTreeSet<String>) -> Option<(String, String)> {
    if let Some(r) = schema.get("$ref") {
        let name = target(r)?;
        return (!finite.contains(&name)).then(|| (String::new(), name));
    }
    let has_values = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_some_and(|v| !v.is_empty());
    if !schema.is_object() || schema.get("nullable") == Some(&Value::Bool(true)) || has_values {
        return None;
    }
    let list = |key: &str| {
        schema
            .get(key)
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };
    if let Some(b) = list("allOf").iter().find_map(|m| blocker(m, finite)) {
        return Some(b);
    }
    for key in ["oneOf", "anyOf"] {
        let blocked: Vec<_> = list(key).iter().map(|m| blocker(m, finite)).collect();
        if !blocked.is_empty() && blocked.iter().all(Option::is_some) {
            return blocked.into_iter().flatten().next();
        }
    }
    let min_items = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
    if let Some(items) = schema.get("items").filter(|_| min_items > 0)
        && let Some((path, name)) = blocker(items, finite)
    {
        return Some((format!("[]{path}"), name));
    }
    let properties = schema.get("properties");
    for name in list("required").iter().filter_map(Value::as_str) {
        if let Some(p) = properties.and_then(|p| p.get(name))
            && let Some((path, to)) = blocker(p, finite)
        {
            return Some((format!(".{name}{path}"), to));
        }
    }
    None
}

/// Reports each loop of required properties once, at its first schema by name; returns the
/// schemas on reported loops.
fn required_loops(
    file: &Path,
    schemas: &BTreeMap<&str, &Value>,
    out: &mut Vec<Diagnostic>,
) -> BTreeSet<String> {
    // The least fixed point: a schema has a finite value once everything it requires has one.
    let mut finite: BTreeSet<String> = BTreeSet::new();
    loop {
        let found: Vec<String> = schemas
            .iter()
            .filter(|(name, s)| !finite.contains(**name) && blocker(s, &finite).is_none())
            .map(|(name, _)| name.to_string())
            .collect();
        if found.is_empty() {
            break;
        }
        finite.extend(found);
    }
    let mut reported = BTreeSet::new();
    for start in schemas.keys().filter(|n| !finite.contains(**n)) {
        // Follow the first blocker of each schema; every one leads to another schema without a
        // finite value, so the walk ends on a loop, through `start` or not.
        let mut steps: Vec<(String, String)> = Vec::new();
        let mut at = start.to_string();
        let through_start = loop {
            let Some((path, next)) = schemas.get(at.as_str()).and_then(|s| blocker(s, &finite))
            else {
                break false;
            };
            steps.push((at.clone(), path));
            if next == *start {
                break true;
            }
            if steps.iter().any(|(n, _)| *n == next) {
                break false;
            }
            at = next;
        };
        // A loop of `$ref` aliases and compositions alone is the cycle lint's.
        if !through_start || steps.iter().all(|(_, p)| p.is_empty()) {
            continue;
        }
        let members: BTreeSet<String> = steps.iter().map(|(n, _)| n.clone()).collect();
        if !reported.insert(members) {
            continue;
        }
        let chain: Vec<String> = steps
            .iter()
            .map(|(n, p)| format!("`{n}`{p}"))
            .chain([format!("`{start}`")])
            .collect();
        let (through, fix) = if steps.iter().any(|(_, p)| p.contains("[]")) {
            (
                "required properties and non-empty arrays",
                "make one of them optional, `nullable: true` or free to be empty",
            )
        } else {
            (
                "required properties",
                "make one of them optional or `nullable: true`",
            )
        };
        out.push(Diagnostic::new(
            file,
            pointer(["components", "schemas", start]),
            format!(
                "schema `{start}` can have no finite value: its {through} lead back to it ({}); {fix}",
                chain.join(" → ")
            ),
        ));
    }
    reported.into_iter().flatten().collect()
}

/// Reports each array whose items are (through `$ref`s and nested arrays) the array itself,
/// once per loop, at its first schema by name.
fn arrays_of_themselves(
    file: &Path,
    schemas: &BTreeMap<&str, &Value>,
    skip: &BTreeSet<String>,
    out: &mut Vec<Diagnostic>,
) {
    let mut reported = BTreeSet::new();
    for (start, schema) in schemas {
        if skip.contains(*start) {
            continue;
        }
        let mut chain = vec![format!("`{start}`")];
        let mut members = BTreeSet::from([start.to_string()]);
        let mut node = *schema;
        let mut arrays = 0;
        let closes = loop {
            if let Some(name) = node.get("$ref").and_then(target) {
                chain.push(format!("`{name}`"));
                if name == *start {
                    break arrays > 0;
                }
                let Some(next) = schemas
                    .get(name.as_str())
                    .filter(|_| members.insert(name.clone()))
                else {
                    break false;
                };
                node = next;
            } else if let Some(items) = node.get("items").filter(|_| {
                matches!(
                    node.get("type").and_then(Value::as_str),
                    None | Some("array")
                )
            }) {
                chain.push("items".to_string());
                arrays += 1;
                node = items;
            } else {
                break false;
            }
        };
        if closes && reported.insert(members) {
            out.push(Diagnostic::new(
                file,
                pointer(["components", "schemas", start]),
                format!(
                    "schema `{start}` is an array of itself ({}): its only values are empty arrays nested in each other; give its items a schema of their own",
                    chain.join(" → ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use serde_json::{Value, json};
    use std::path::Path;

    fn messages(schemas: Value) -> Vec<String> {
        let mut out = Vec::new();
        check(
            Path::new("s.yaml"),
            &json!({ "components": { "schemas": schemas } }),
            &mut out,
        );
        out.into_iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    fn r(name: &str) -> Value {
        json!({ "$ref": format!("#/components/schemas/{name}") })
    }

    fn requiring(prop: &str, of: Value) -> Value {
        json!({ "type": "object", "required": [prop], "properties": { prop: of } })
    }

    #[test]
    fn schemas_that_require_each_other_are_reported_once_at_the_first() {
        assert_eq!(
            messages(json!({ "B": requiring("a", r("A")), "A": requiring("b", r("B")) })),
            [
                "/components/schemas/A: schema `A` can have no finite value: its required properties lead back to it (`A`.b → `B`.a → `A`); make one of them optional or `nullable: true`"
            ]
        );
        // Through an inline object and a non-empty array; a schema that only leads into the
        // loop is not reported (fixing the loop fixes it).
        let deep = json!({
            "type": "object",
            "required": ["x"],
            "properties": { "x": { "type": "array", "minItems": 1, "items": requiring("y", r("Node")) } }
        });
        assert_eq!(
            messages(json!({ "Node": deep, "User": requiring("n", r("Node")) })),
            [
                "/components/schemas/Node: schema `Node` can have no finite value: its required properties and non-empty arrays lead back to it (`Node`.x[].y → `Node`); make one of them optional, `nullable: true` or free to be empty"
            ]
        );
    }

    #[test]
    fn a_way_out_of_the_loop_is_a_finite_value() {
        for fine in [
            // optional
            json!({ "A": { "type": "object", "properties": { "a": r("A") } } }),
            // nullable
            json!({ "A": requiring("a", json!({ "allOf": [r("A")], "nullable": true })) }),
            // an empty array
            json!({ "A": requiring("kids", json!({ "type": "array", "items": r("A") })) }),
            // another alternative
            json!({ "A": requiring("a", json!({ "oneOf": [r("A"), { "type": "string" }] })) }),
            // a required name with no property schema: any value
            json!({ "A": { "type": "object", "required": ["a"] } }),
        ] {
            assert_eq!(messages(fine.clone()), Vec::<String>::new(), "{fine}");
        }
        // A pure alias loop is the cycle lint's to report.
        assert_eq!(messages(json!({ "A": r("A") })), Vec::<String>::new());
    }

    #[test]
    fn arrays_of_themselves_are_reported_once() {
        assert_eq!(
            messages(json!({ "Nest": { "type": "array", "items": r("Nest") } })),
            [
                "/components/schemas/Nest: schema `Nest` is an array of itself (`Nest` → items → `Nest`): its only values are empty arrays nested in each other; give its items a schema of their own"
            ]
        );
        assert_eq!(
            messages(json!({
                "A": { "type": "array", "items": r("B") },
                "B": { "type": "array", "items": { "type": "array", "items": r("A") } }
            })),
            [
                "/components/schemas/A: schema `A` is an array of itself (`A` → items → `B` → items → items → `A`): its only values are empty arrays nested in each other; give its items a schema of their own"
            ]
        );
        // Items that may be something else are a real recursive type (nested lists of strings).
        let tree = json!({ "type": "array", "items": { "oneOf": [r("T"), { "type": "string" }] } });
        assert_eq!(messages(json!({ "T": tree })), Vec::<String>::new());
        // A non-empty array of itself has no finite value at all: reported once, as a loop.
        assert_eq!(
            messages(json!({ "N": { "type": "array", "minItems": 1, "items": r("N") } })),
            [
                "/components/schemas/N: schema `N` can have no finite value: its required properties and non-empty arrays lead back to it (`N`[] → `N`); make one of them optional, `nullable: true` or free to be empty"
            ]
        );
    }
}
