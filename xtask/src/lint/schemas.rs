//! References, schema cycles, `type` values, `pattern`s and Rust names of properties: what would
//! otherwise reach typify and crash it, make it refuse the spec far from the cause, or give code
//! that does not compile.

use super::names::{Case, sanitize};
use super::walk::{Kind, walk};
use super::{defaults, enums};
use crate::diag::{Diagnostic, pointer};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Keywords that only make sense with a `type`; without one typify panics.
const TYPED_KEYWORDS: [&str; 6] = [
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

const TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];

/// Every `$ref` points to an existing `#/components/<section>/<name>` of the right section.
/// Returns true when every reference resolves (the later checks follow them).
pub fn references(file: &Path, raw: &Value, out: &mut Vec<Diagnostic>) -> bool {
    let before = out.len();
    walk(raw, &mut |kind, at, node| {
        let Some(r) = node.get("$ref") else { return };
        let here = format!("{at}/$ref");
        let Some(r) = r.as_str() else {
            out.push(Diagnostic::new(
                file,
                here,
                "`$ref` must be a string such as `#/components/schemas/Name`",
            ));
            return;
        };
        if !r.starts_with("#/") {
            return; // external references have their own lint
        }
        let section = kind.section();
        let prefix = format!("#/components/{section}/");
        let Some(name) = r
            .strip_prefix(&prefix)
            .filter(|n| !n.is_empty() && !n.contains('/'))
        else {
            out.push(Diagnostic::new(
                file,
                here,
                format!(
                    "this {} reference is `{r}`; progenitor follows only `{prefix}<name>`: point it there",
                    singular(kind)
                ),
            ));
            return;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        if raw
            .get("components")
            .and_then(|c| c.get(section))
            .and_then(|s| s.get(&name))
            .is_none()
        {
            out.push(Diagnostic::new(
                file,
                here,
                format!(
                    "`{r}` points to nothing: there is no `{name}` under `components/{section}`; fix the name or define it"
                ),
            ));
        }
    });
    out.len() == before
}

fn singular(kind: Kind) -> &'static str {
    match kind {
        Kind::Schema => "schema",
        Kind::Parameter => "parameter",
        Kind::RequestBody => "request body",
        Kind::Response => "response",
        Kind::Header => "header",
    }
}

/// `type` values, enums, defaults, `pattern`s, and property names that become the same Rust
/// field.
pub fn schema_contents(file: &Path, raw: &Value, out: &mut Vec<Diagnostic>) {
    walk(raw, &mut |kind, at, node| {
        if kind != Kind::Schema || node.get("$ref").is_some() {
            return;
        }
        if let Some(t) = node.get("type") {
            match t.as_str() {
                Some(t) if TYPES.contains(&t) => {}
                Some(t) => out.push(Diagnostic::new(
                    file,
                    format!("{at}/type"),
                    format!(
                        "unknown type `{t}`: OpenAPI 3.0 types are {}",
                        TYPES.join(", ")
                    ),
                )),
                None => out.push(Diagnostic::new(
                    file,
                    format!("{at}/type"),
                    format!(
                        "`type` must be one string (OpenAPI 3.0 has no type lists; use `nullable: true` or `oneOf`), one of {}",
                        TYPES.join(", ")
                    ),
                )),
            }
        }
        // typify gives up (a panic) on a schema with number or format keywords but no type.
        let composed = ["allOf", "oneOf", "anyOf", "not", "enum"]
            .iter()
            .any(|k| node.get(*k).is_some());
        if node.get("type").is_none() && !composed {
            for key in TYPED_KEYWORDS {
                if node.get(key).is_some() {
                    out.push(Diagnostic::new(
                        file,
                        format!("{at}/{key}"),
                        format!("`{key}` without a `type`: typify cannot tell what this schema is; add `type: string`, `number` or `integer`"),
                    ));
                }
            }
        }
        for (flag, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if node.get(flag) == Some(&Value::Bool(true)) && node.get(bound).is_none() {
                out.push(Diagnostic::new(
                    file,
                    format!("{at}/{flag}"),
                    format!("`{flag}: true` without `{bound}` has nothing to exclude: add `{bound}` or remove it"),
                ));
            }
        }
        enums::check(file, at, node, out);
        defaults::check(file, raw, at, node, out);
        if let Some(p) = node.get("pattern").and_then(Value::as_str)
            && let Err(e) = regress::Regex::new(p)
        {
            out.push(Diagnostic::new(
                file,
                format!("{at}/pattern"),
                format!(
                    "`pattern` is not a valid ECMAScript regular expression ({e}): fix or remove it"
                ),
            ));
        }
        if let Some(props) = node.get("properties").and_then(Value::as_object) {
            let mut fields: BTreeMap<String, &str> = BTreeMap::new();
            for name in props.keys() {
                let field = sanitize(name, Case::Snake);
                if let Some(first) = fields.insert(field.clone(), name) {
                    out.push(Diagnostic::new(
                        file,
                        format!("{at}/properties{}", pointer([name.as_str()])),
                        format!(
                            "properties `{first}` and `{name}` both become the Rust field `{field}`: rename one of them"
                        ),
                    ));
                }
            }
        }
    });
    // Component names become type names; two that agree in PascalCase would collide.
    if let Some(schemas) = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        let mut types: BTreeMap<String, &str> = BTreeMap::new();
        for name in schemas.keys() {
            let ty = sanitize(name, Case::Pascal);
            if let Some(first) = types.insert(ty.clone(), name) {
                out.push(Diagnostic::new(
                    file,
                    pointer(["components", "schemas", name.as_str()]),
                    format!("schemas `{first}` and `{name}` both become the Rust type `{ty}`: rename one of them"),
                ));
            }
        }
    }
}

/// Cycles typify cannot merge: a schema that reaches itself through `$ref` aliases or
/// `allOf`/`oneOf`/`anyOf`/`not` members (not through properties or items, which it boxes).
pub fn cycles(file: &Path, raw: &Value, out: &mut Vec<Diagnostic>) {
    let Some(schemas) = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return;
    };
    // name -> [(target, pointer of the `$ref`)]
    let mut edges: BTreeMap<&str, Vec<(String, String)>> = BTreeMap::new();
    for (name, schema) in schemas {
        let mut found = Vec::new();
        merge_refs(
            schema,
            &pointer(["components", "schemas", name.as_str()]),
            &mut found,
        );
        edges.insert(name, found);
    }
    let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
    for start in edges.keys() {
        // Depth-first search for a path back to `start`.
        let mut stack: Vec<(String, Vec<(String, String)>)> = vec![(start.to_string(), vec![])];
        let mut seen: BTreeSet<String> = BTreeSet::new();
        while let Some((name, trail)) = stack.pop() {
            for (target, at) in edges.get(name.as_str()).into_iter().flatten() {
                let mut trail = trail.clone();
                trail.push((target.clone(), at.clone()));
                if target == start {
                    let members: BTreeSet<String> = trail.iter().map(|(n, _)| n.clone()).collect();
                    if reported.insert(members) {
                        let chain: Vec<&str> = std::iter::once(*start)
                            .chain(trail.iter().map(|(n, _)| n.as_str()))
                            .collect();
                        out.push(Diagnostic::new(
                            file,
                            trail[0].1.clone(),
                            format!(
                                "schema `{start}` contains itself through `$ref`/`allOf`/`oneOf`/`anyOf`/`not` ({}); typify cannot generate such a type: break the cycle, or refer back only from a property",
                                chain.join(" → ")
                            ),
                        ));
                    }
                } else if seen.insert(target.clone()) {
                    stack.push((target.clone(), trail));
                }
            }
        }
    }
}

/// The component names a schema refers to where typify must resolve them to build the type
/// itself: its own `$ref` and those of its composition members, recursively.
fn merge_refs(schema: &Value, at: &str, found: &mut Vec<(String, String)>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        if let Some(name) = r.strip_prefix("#/components/schemas/") {
            found.push((
                name.replace("~1", "/").replace("~0", "~"),
                format!("{at}/$ref"),
            ));
        }
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for (i, member) in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            merge_refs(member, &format!("{at}/{key}/{i}"), found);
        }
    }
    if let Some(not) = schema.get("not") {
        merge_refs(not, &format!("{at}/not"), found);
    }
}
