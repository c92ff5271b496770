//! `enum` values against the schema's type, and the enums typify cannot make a type of.

use super::walk::describe;
use crate::diag::Diagnostic;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// Checks the `enum` of the schema `node` written at `at`.
pub fn check(file: &Path, at: &str, node: &Value, out: &mut Vec<Diagnostic>) {
    let Some(values) = node.get("enum").and_then(Value::as_array) else {
        return;
    };
    match node.get("type").and_then(Value::as_str) {
        Some(t) => typed(file, at, node, t, values, out),
        None if node.get("type").is_none() => untyped(file, at, values, out),
        None => {} // a `type` that is not a string has its own lint
    }
}

fn typed(
    file: &Path,
    at: &str,
    node: &Value,
    t: &str,
    values: &[Value],
    out: &mut Vec<Diagnostic>,
) {
    let fits = |v: &Value| match t {
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        _ => true,
    };
    let nullable = node.get("nullable") == Some(&Value::Bool(true));
    for (i, v) in values.iter().enumerate() {
        // A string enum becomes an open enum, which skips a `null`, and typify ignores the
        // values of a boolean one; it refuses a `null` of any other type unless nullable.
        if v.is_null() && !nullable && !["string", "boolean"].contains(&t) {
            out.push(Diagnostic::new(
                file,
                format!("{at}/enum/{i}"),
                format!("enum value null in a `type: {t}` schema without `nullable: true`: typify refuses it; add `nullable: true` or remove the null"),
            ));
        } else if !(fits(v) || v.is_null()) {
            out.push(Diagnostic::new(
                file,
                format!("{at}/enum/{i}"),
                format!(
                    "enum value {v} is not of the schema's type `{t}`: quote it or fix the type"
                ),
            ));
        }
    }
}

/// typify infers an untyped enum's type from its values: it panics when they have several
/// types, and for a `null` beside numbers, arrays or objects it generates Rust that does not
/// compile (a type and its `Option` under one name).
fn untyped(file: &Path, at: &str, values: &[Value], out: &mut Vec<Diagnostic>) {
    let kinds: BTreeSet<&str> = values.iter().filter_map(kind).collect();
    let has_null = values.iter().any(Value::is_null);
    let what = describe(at);
    let message = if kinds.len() > 1 {
        let list: Vec<&str> = kinds.iter().copied().collect();
        format!(
            "{what} has an `enum` of {} values and no `type`; typify needs one type for an enum (progenitor panics): add a `type` and keep only values of it",
            list.join(", ")
        )
    } else if let Some(k) = kinds
        .first()
        .filter(|k| has_null && !["string", "boolean"].contains(k))
    {
        let t = match *k {
            "number"
                if values
                    .iter()
                    .all(|v| v.is_null() || v.is_i64() || v.is_u64()) =>
            {
                "integer"
            }
            other => other,
        };
        format!(
            "{what} has an `enum` of {k} values and null but no `type`; typify generates Rust that does not compile for it: write `type: {t}` and `nullable: true`"
        )
    } else {
        return;
    };
    out.push(Diagnostic::new(file, at, message));
}

/// The JSON type of an enum value, `None` for null.
fn kind(v: &Value) -> Option<&'static str> {
    match v {
        Value::Null => None,
        Value::Bool(_) => Some("boolean"),
        Value::Number(_) => Some("number"),
        Value::String(_) => Some("string"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use serde_json::{Value, json};
    use std::path::Path;

    fn messages(schema: Value) -> Vec<String> {
        let mut out = Vec::new();
        check(
            Path::new("s.yaml"),
            "/components/schemas/E",
            &schema,
            &mut out,
        );
        out.into_iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    #[test]
    fn untyped_enums_need_one_type_and_null_only_beside_strings_or_booleans() {
        assert_eq!(
            messages(json!({ "enum": [1, "two", true] })),
            [
                "/components/schemas/E: schema `E` has an `enum` of boolean, number, string values and no `type`; typify needs one type for an enum (progenitor panics): add a `type` and keep only values of it"
            ]
        );
        assert_eq!(
            messages(json!({ "enum": [1, null] })),
            [
                "/components/schemas/E: schema `E` has an `enum` of number values and null but no `type`; typify generates Rust that does not compile for it: write `type: integer` and `nullable: true`"
            ]
        );
        assert_eq!(messages(json!({ "enum": [[1], null] })).len(), 1);
        for fine in [
            json!({ "enum": ["a", null] }),
            json!({ "enum": [true, null] }),
            json!({ "enum": [1, 2] }),
            json!({ "enum": [[1], [2]] }),
            json!({ "enum": [null] }),
        ] {
            assert_eq!(messages(fine.clone()), Vec::<String>::new(), "{fine}");
        }
    }

    #[test]
    fn a_null_in_a_typed_enum_needs_nullable_except_for_strings_and_booleans() {
        assert_eq!(
            messages(json!({ "type": "integer", "enum": [1, null] })),
            [
                "/components/schemas/E/enum/1: enum value null in a `type: integer` schema without `nullable: true`: typify refuses it; add `nullable: true` or remove the null"
            ]
        );
        for fine in [
            json!({ "type": "integer", "nullable": true, "enum": [1, null] }),
            json!({ "type": "string", "enum": ["a", null] }),
            json!({ "type": "boolean", "enum": [true, null] }),
        ] {
            assert_eq!(messages(fine.clone()), Vec::<String>::new(), "{fine}");
        }
        assert_eq!(
            messages(json!({ "type": "string", "enum": ["a", 1] })),
            [
                "/components/schemas/E/enum/1: enum value 1 is not of the schema's type `string`: quote it or fix the type"
            ]
        );
    }
}
