//! Properties referring to a schema marked `x-box: true` refer to `<Name>Boxed` instead, which
//! the generator replaces with `Box<Name>`.
//!
//! typify stores a nested struct inline and boxes only to break a cycle. A large schema
//! embedded in many places (PureCloud's full user appears eleven times inside `User`, through
//! its station, presence and out-of-office) then makes every value, and every future holding
//! one, many kilobytes large. Boxed, each place costs a pointer. Nothing changes on the wire.

use serde_json::{Value, json};

/// The extension that asks for boxing, on a component schema.
pub const MARK: &str = "x-box";
/// The extension on the added `<Name>Boxed` schema naming the schema it boxes.
pub const BOXED_OF: &str = "x-boxed-of";

pub fn apply(raw: &mut Value) -> usize {
    let marked: Vec<String> = raw
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .filter(|(_, s)| s.get(MARK).and_then(Value::as_bool) == Some(true))
                .map(|(name, _)| name.clone())
                .collect()
        })
        .unwrap_or_default();
    let mut changed = 0;
    for name in marked {
        let target = format!("#/components/schemas/{name}");
        let boxed = format!("{name}Boxed");
        let boxed_ref = format!("#/components/schemas/{boxed}");
        let mut redirected = 0;
        super::for_each_schema(raw, &mut |schema| {
            let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
                return;
            };
            for prop in props.values_mut() {
                if prop.get("$ref").and_then(Value::as_str) == Some(target.as_str()) {
                    *prop = json!({ "$ref": boxed_ref });
                    redirected += 1;
                }
            }
        });
        if redirected == 0 {
            continue;
        }
        if let Some(schemas) = raw
            .pointer_mut("/components/schemas")
            .and_then(Value::as_object_mut)
        {
            schemas.insert(
                boxed,
                json!({ BOXED_OF: name, "allOf": [{ "$ref": target }] }),
            );
        }
        changed += redirected;
    }
    changed
}

/// `(boxed schema, schema it boxes)` for every schema this rewrite added.
pub fn boxed_schemas(raw: &Value) -> Vec<(String, String)> {
    raw.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .filter_map(|(name, s)| {
                    let of = s.get(BOXED_OF)?.as_str()?;
                    Some((name.clone(), of.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}
