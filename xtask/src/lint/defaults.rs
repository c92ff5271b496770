//! A schema's `default` against the schema. typify refuses a default that does not fit the
//! type it generates (far from the cause), or, for formats it parses (`date-time`, `uuid`, ...),
//! generates code that panics when the default is used; the rewrite that moves optional
//! properties' defaults into their descriptions would instead publish a wrong value.

use super::formats;
use crate::diag::Diagnostic;
use crate::model::resolve;
use serde_json::Value;
use std::path::Path;

/// How many schemas one default is compared with at most, and through how many nested schemas:
/// a default is finite, but `$ref`s and alternatives may loop (a cycle has its own lint; here it
/// only must not hang or overflow the stack).
const BUDGET: usize = 10_000;
const MAX_DEPTH: usize = 64;

/// What is left of [`BUDGET`] for one default, and how deep the current comparison is.
struct Limit<'a> {
    left: &'a mut usize,
    depth: usize,
}

impl Limit<'_> {
    /// The limit for a schema one level down, or `None` when it is used up.
    fn deeper(&mut self) -> Option<Limit<'_>> {
        if *self.left == 0 || self.depth >= MAX_DEPTH {
            return None;
        }
        *self.left -= 1;
        Some(Limit {
            left: self.left,
            depth: self.depth + 1,
        })
    }
}

/// Checks the `default` of the schema `node` written at `at`.
pub fn check(file: &Path, raw: &Value, at: &str, node: &Value, out: &mut Vec<Diagnostic>) {
    let Some(default) = node.get("default") else {
        return;
    };
    let mut left = BUDGET;
    let mut limit = Limit {
        left: &mut left,
        depth: 0,
    };
    if let Err(m) = fits(raw, node, default, &mut limit) {
        let place = if m.within.is_empty() {
            String::new()
        } else {
            format!(" at `{}`", m.within.trim_start_matches('.'))
        };
        out.push(Diagnostic::new(
            file,
            format!("{at}/default"),
            format!(
                "default {} does not fit this schema{place}: {}; fix the value or remove it",
                show(default),
                m.why
            ),
        ));
    }
}

/// Where in a default a value does not fit (`.name`, `[i]`), and why.
#[derive(Debug)]
struct Misfit {
    within: String,
    why: String,
}

fn misfit(why: impl Into<String>) -> Result<(), Misfit> {
    Err(Misfit {
        within: String::new(),
        why: why.into(),
    })
}

/// Prefixes the place of a misfit found in a part of the value.
fn inside(step: String, r: Result<(), Misfit>) -> Result<(), Misfit> {
    r.map_err(|m| Misfit {
        within: format!("{step}{}", m.within),
        why: m.why,
    })
}

fn fits(raw: &Value, schema: &Value, value: &Value, limit: &mut Limit) -> Result<(), Misfit> {
    let schema = resolve(raw, schema);
    let Some(mut limit) = limit.deeper() else {
        return Ok(());
    };
    let limit = &mut limit;
    if !schema.is_object() || schema.get("$ref").is_some() {
        return Ok(());
    }
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return Ok(());
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array)
        && !values.iter().any(|v| same(v, value))
    {
        return misfit("it is not one of the enum's values");
    }
    for member in list(schema, "allOf") {
        fits(raw, member, value, limit)?;
    }
    for key in ["oneOf", "anyOf"] {
        let members = list(schema, key);
        if !members.is_empty() && !members.iter().any(|m| fits(raw, m, value, limit).is_ok()) {
            return misfit(format!("it fits none of the `{key}` schemas"));
        }
    }
    let t = schema.get("type").and_then(Value::as_str);
    if let Some(t) = t
        && !of_type(value, t)
    {
        let what = match value {
            // typify reads an integer only as written without a fraction (`1`, not `1.0`).
            Value::Number(_) if t == "integer" => "a number not written as an integer",
            _ => kind(value),
        };
        return misfit(format!("it is {what}, the schema's type is `{t}`"));
    }
    match value {
        Value::String(s) => string(schema, s),
        Value::Number(_) if matches!(t, Some("integer" | "number")) => number(schema, value),
        Value::Array(items) if t == Some("array") => array(raw, schema, items, limit),
        Value::Object(map) if t == Some("object") || schema.get("properties").is_some() => {
            object(raw, schema, map, limit)
        }
        _ => Ok(()),
    }
}

fn of_type(value: &Value, t: &str) -> bool {
    match t {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => true, // an unknown type has its own lint
    }
}

fn string(schema: &Value, s: &str) -> Result<(), Misfit> {
    if let Some(format) = schema.get("format").and_then(Value::as_str)
        && let Some(shape) = formats::misfit(format, s)
    {
        return misfit(format!("it is not a `{format}` value ({shape})"));
    }
    let length = s.chars().count() as u64;
    if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
        && length < min
    {
        return misfit(format!("it is shorter than `minLength` {min}"));
    }
    if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
        && length > max
    {
        return misfit(format!("it is longer than `maxLength` {max}"));
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str)
        && let Ok(re) = regress::Regex::new(pattern)
        && re.find(s).is_none()
    {
        return misfit("it does not match the `pattern`");
    }
    Ok(())
}

/// The integer formats typify maps to Rust integer types, with their ranges.
const INTEGER_FORMATS: [(&str, f64, f64); 10] = [
    ("int8", i8::MIN as f64, i8::MAX as f64),
    ("uint8", 0.0, u8::MAX as f64),
    ("int16", i16::MIN as f64, i16::MAX as f64),
    ("uint16", 0.0, u16::MAX as f64),
    ("int", i32::MIN as f64, i32::MAX as f64),
    ("int32", i32::MIN as f64, i32::MAX as f64),
    ("uint", 0.0, u32::MAX as f64),
    ("uint32", 0.0, u32::MAX as f64),
    ("int64", i64::MIN as f64, i64::MAX as f64),
    ("uint64", 0.0, u64::MAX as f64),
];

fn number(schema: &Value, value: &Value) -> Result<(), Misfit> {
    let Some(n) = value.as_f64() else {
        return Ok(());
    };
    let format = schema.get("format").and_then(Value::as_str);
    if let Some((f, min, max)) = INTEGER_FORMATS.iter().find(|(f, ..)| Some(*f) == format)
        && !(*min..=*max).contains(&n)
    {
        return misfit(format!("it is outside the `{f}` range"));
    }
    let flag = |k: &str| schema.get(k) == Some(&Value::Bool(true));
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
        && (n < min || flag("exclusiveMinimum") && n == min)
    {
        return misfit(format!("it is below the `minimum` {min}"));
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
        && (n > max || flag("exclusiveMaximum") && n == max)
    {
        return misfit(format!("it is above the `maximum` {max}"));
    }
    Ok(())
}

fn array(raw: &Value, schema: &Value, items: &[Value], limit: &mut Limit) -> Result<(), Misfit> {
    let count = items.len() as u64;
    if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
        && count < min
    {
        return misfit(format!("it has fewer items than `minItems` {min}"));
    }
    if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
        && count > max
    {
        return misfit(format!("it has more items than `maxItems` {max}"));
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true))
        && items
            .iter()
            .enumerate()
            .any(|(i, a)| items[i + 1..].iter().any(|b| same(a, b)))
    {
        return misfit("its items are not unique (`uniqueItems`)");
    }
    if let Some(item_schema) = schema.get("items") {
        for (i, item) in items.iter().enumerate() {
            inside(format!("[{i}]"), fits(raw, item_schema, item, limit))?;
        }
    }
    Ok(())
}

fn object(
    raw: &Value,
    schema: &Value,
    map: &serde_json::Map<String, Value>,
    limit: &mut Limit,
) -> Result<(), Misfit> {
    let properties = schema.get("properties").and_then(Value::as_object);
    for name in list(schema, "required").iter().filter_map(|r| r.as_str()) {
        if !map.contains_key(name) {
            return misfit(format!("it lacks the required property `{name}`"));
        }
    }
    for (name, v) in map {
        let step = format!(".{name}");
        match (
            properties.and_then(|p| p.get(name)),
            schema.get("additionalProperties"),
        ) {
            (Some(s), _) => inside(step, fits(raw, s, v, limit))?,
            (None, Some(Value::Bool(false))) => {
                return misfit(format!(
                    "it has `{name}`, which the schema does not allow (`additionalProperties: false`)"
                ));
            }
            (None, Some(extra)) if extra.is_object() => inside(step, fits(raw, extra, v, limit))?,
            (None, _) => {}
        }
    }
    Ok(())
}

fn list<'a>(schema: &'a Value, key: &str) -> &'a [Value] {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// JSON equality with numbers compared by value (`1` and `1.0` are the same number).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as JSON, cut short: a message line stays readable whatever the spec holds.
fn show(v: &Value) -> String {
    const MAX: usize = 40;
    let text = v.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use serde_json::{Value, json};
    use std::path::Path;

    fn messages(raw: &Value, at: &str) -> Vec<String> {
        let mut out = Vec::new();
        let node = raw.pointer(at).cloned().unwrap_or_default();
        check(Path::new("s.yaml"), raw, at, &node, &mut out);
        out.into_iter()
            .map(|d| format!("{}: {}", d.pointer, d.message))
            .collect()
    }

    fn one(schema: Value) -> Vec<String> {
        messages(&json!({ "s": schema }), "/s")
    }

    #[test]
    fn defaults_of_the_wrong_type_enum_or_format_are_refused() {
        assert_eq!(
            one(json!({ "type": "integer", "default": "abc" })),
            [
                "/s/default: default \"abc\" does not fit this schema: it is a string, the schema's type is `integer`; fix the value or remove it"
            ]
        );
        assert_eq!(
            one(json!({ "type": "integer", "default": 2.5 })),
            [
                "/s/default: default 2.5 does not fit this schema: it is a number not written as an integer, the schema's type is `integer`; fix the value or remove it"
            ]
        );
        assert_eq!(
            one(json!({ "type": "string", "enum": ["ASC", "DESC"], "default": "asc" })),
            [
                "/s/default: default \"asc\" does not fit this schema: it is not one of the enum's values; fix the value or remove it"
            ]
        );
        assert_eq!(
            one(json!({ "type": "string", "format": "date-time", "default": "yesterday" })),
            [
                "/s/default: default \"yesterday\" does not fit this schema: it is not a `date-time` value (RFC 3339, such as 2024-01-31T09:30:00Z); fix the value or remove it"
            ]
        );
        assert_eq!(
            one(json!({ "type": "integer", "format": "int32", "default": 4_000_000_000_u64 })),
            [
                "/s/default: default 4000000000 does not fit this schema: it is outside the `int32` range; fix the value or remove it"
            ]
        );
        assert_eq!(one(json!({ "type": "boolean", "default": null })).len(), 1);
        assert_eq!(
            one(json!({ "type": "string", "pattern": "^a", "default": "b" })).len(),
            1
        );
        assert_eq!(
            one(json!({ "type": "integer", "maximum": 10, "default": 11 })).len(),
            1
        );
    }

    #[test]
    fn nested_defaults_name_the_place_that_does_not_fit() {
        let schema = json!({
            "type": "object",
            "required": ["limits"],
            "properties": {
                "limits": {
                    "type": "array",
                    "items": { "type": "object", "properties": { "max": { "type": "integer" } } }
                }
            },
            "default": { "limits": [{ "max": 1 }, { "max": "x" }] }
        });
        assert_eq!(
            one(schema),
            [
                "/s/default: default {\"limits\":[{\"max\":1},{\"max\":\"x\"}]} does not fit this schema at `limits[1].max`: it is a string, the schema's type is `integer`; fix the value or remove it"
            ]
        );
        assert_eq!(
            one(json!({ "type": "object", "required": ["a"], "default": {} })),
            [
                "/s/default: default {} does not fit this schema: it lacks the required property `a`; fix the value or remove it"
            ]
        );
        assert_eq!(
            one(json!({ "type": "object", "additionalProperties": false, "default": { "x": 1 } }))
                .len(),
            1
        );
        assert_eq!(
            one(json!({ "type": "array", "uniqueItems": true, "default": [1, 1.0] })).len(),
            1
        );
    }

    #[test]
    fn defaults_follow_references_and_compositions() {
        let raw = json!({
            "components": { "schemas": {
                "Order": { "type": "string", "enum": ["ASC", "DESC"] },
                "Loop": { "$ref": "#/components/schemas/Loop" }
            } },
            "p": { "allOf": [{ "$ref": "#/components/schemas/Order" }], "default": "UP" },
            "q": { "oneOf": [{ "type": "integer" }, { "type": "boolean" }], "default": "x" },
            "r": { "allOf": [{ "$ref": "#/components/schemas/Loop" }], "default": 1 },
            "s": { "$ref": "#/components/schemas/Twice" },
        });
        let mut raw = raw;
        raw["components"]["schemas"]["Twice"] = json!({
            "oneOf": [{ "$ref": "#/components/schemas/Twice" }, { "$ref": "#/components/schemas/Twice" }],
            "default": 1
        });
        assert_eq!(messages(&raw, "/p").len(), 1);
        assert_eq!(
            messages(&raw, "/q"),
            [
                "/q/default: default \"x\" does not fit this schema: it fits none of the `oneOf` schemas; fix the value or remove it"
            ]
        );
        // A reference cycle has its own lint; here it only must not hang (`Twice` would take
        // 2^n comparisons without the budget).
        assert_eq!(messages(&raw, "/r"), Vec::<String>::new());
        assert_eq!(
            messages(&raw, "/components/schemas/Twice"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn defaults_that_fit_are_accepted() {
        for fine in [
            json!({ "type": "integer", "format": "int32", "minimum": 1, "maximum": 1000, "default": 250 }),
            json!({ "type": "string", "default": "ASC" }),
            json!({ "type": "boolean", "default": false }),
            json!({ "type": "number", "default": 1 }),
            json!({ "type": "string", "nullable": true, "default": null }),
            json!({ "type": "string", "format": "uuid", "default": "00000000-0000-4000-8000-000000000001" }),
            json!({ "type": "array", "items": { "type": "string" }, "default": [] }),
            json!({ "type": "object", "additionalProperties": { "type": "integer" }, "default": { "a": 1 } }),
            json!({ "default": "anything" }),
        ] {
            assert_eq!(one(fine.clone()), Vec::<String>::new(), "{fine}");
        }
    }
}
