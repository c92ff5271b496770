//! Inline string enums → named component schemas.
//!
//! Open enums (an `Unknown` variant that keeps values the spec does not know) are given
//! to progenitor as replacements of *named* types, so every inline enum is first hoisted into
//! `components/schemas` under a name derived from where it stood. The wire format is unchanged.

use crate::model::type_name;
use serde_json::{Map, Value};

/// A string enum schema: an `enum` of strings (a `null` may sit among them) typed string or untyped.
pub fn is_string_enum(node: &Value) -> bool {
    let Some(values) = node.get("enum").and_then(Value::as_array) else {
        return false;
    };
    let typed_ok = matches!(
        node.get("type").and_then(Value::as_str),
        None | Some("string")
    );
    typed_ok
        && values.iter().any(Value::is_string)
        && values.iter().all(|v| v.is_string() || v.is_null())
}

pub fn apply(raw: &mut Value) -> usize {
    let mut hoisted: Vec<(String, Value)> = Vec::new();
    let names: Vec<String> = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut taken = names.clone();
    let mut hoist = |hint: &str, node: &mut Value, named: bool| {
        walk(node, hint, named, &mut taken, &mut hoisted)
    };

    for name in names {
        let ptr = format!(
            "/components/schemas{}",
            crate::diag::pointer([name.as_str()])
        );
        if let Some(schema) = raw.pointer_mut(&ptr) {
            // The component itself is already named: only what is inside it is hoisted.
            hoist(&name, schema, true);
        }
    }
    for op in crate::model::operations(raw) {
        let op_id = op
            .get(raw)
            .and_then(|o| o.get("operationId"))
            .and_then(Value::as_str)
            .unwrap_or("operation")
            .to_string();
        let Some(node) = op.get_mut(raw) else {
            continue;
        };
        if let Some(params) = node.get_mut("parameters").and_then(Value::as_array_mut) {
            for p in params.iter_mut() {
                let pname = p
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("param")
                    .to_string();
                if let Some(schema) = p.get_mut("schema") {
                    hoist(&format!("{op_id}-{pname}"), schema, false);
                }
            }
        }
        if let Some(body) = node.get_mut("requestBody") {
            super::media_schemas(body, &mut |s| hoist(&format!("{op_id}-body"), s, false));
        }
        if let Some(responses) = node.get_mut("responses").and_then(Value::as_object_mut) {
            for r in responses.values_mut() {
                super::media_schemas(r, &mut |s| hoist(&format!("{op_id}-response"), s, false));
            }
        }
    }
    if let Some(params) = raw
        .pointer_mut("/components/parameters")
        .and_then(Value::as_object_mut)
    {
        for (key, p) in params.iter_mut() {
            if let Some(schema) = p.get_mut("schema") {
                hoist(key, schema, false);
            }
        }
    }
    let count = hoisted.len();
    if count > 0 {
        let components = raw.as_object_mut().map(|o| {
            o.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        });
        if let Some(schemas) = components
            .and_then(Value::as_object_mut)
            .map(|c| {
                c.entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()))
            })
            .and_then(Value::as_object_mut)
        {
            schemas.extend(hoisted);
        }
    }
    count
}

/// Hoists `node` (unless it is a named root) and its descendants; `hint` names what it is.
fn walk(
    node: &mut Value,
    hint: &str,
    is_named_root: bool,
    taken: &mut Vec<String>,
    out: &mut Vec<(String, Value)>,
) {
    if !is_named_root && is_string_enum(node) {
        let name = unique_name(hint, node, taken, out);
        let schema = std::mem::replace(node, Value::Null);
        *node = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, schema));
        }
        return;
    }
    let Some(obj) = node.as_object_mut() else {
        return;
    };
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for (p, child) in props.iter_mut() {
            walk(child, &format!("{hint}-{p}"), false, taken, out);
        }
    }
    if let Some(items) = obj.get_mut("items") {
        walk(items, &format!("{hint}-item"), false, taken, out);
    }
    if let Some(extra) = obj
        .get_mut("additionalProperties")
        .filter(|v| v.is_object())
    {
        walk(extra, &format!("{hint}-value"), false, taken, out);
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
            for child in list.iter_mut() {
                walk(child, hint, false, taken, out);
            }
        }
    }
}

/// A component name for a hoisted enum: reuse an identical one already hoisted under the same
/// base name, else the first free `Base`, `Base2`, `Base3`...
fn unique_name(
    hint: &str,
    schema: &Value,
    taken: &mut Vec<String>,
    out: &[(String, Value)],
) -> String {
    let base = type_name(hint);
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}{n}")
        };
        n += 1;
        if let Some((_, existing)) = out.iter().find(|(name, _)| *name == candidate) {
            if existing == schema {
                return candidate;
            }
            continue;
        }
        if !taken.iter().any(|t| type_name(t) == candidate) {
            taken.push(candidate.clone());
            return candidate;
        }
    }
}
