//! An optional property's `default` moves into its description.
//!
//! typify turns an optional property with a default into a plain field that is always
//! serialised, so a PATCH that sets only `phoneNumber` would also send `"enabled": false` and
//! switch call forwarding off. Without the default the field is an `Option` and is left out
//! when unset; the server applies its own default, which is what the spec means by it.

use serde_json::Value;

pub fn apply(raw: &mut Value) -> usize {
    let mut changed = 0;
    super::for_each_schema(raw, &mut |schema| {
        let required: Vec<String> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| {
                r.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        for (name, prop) in props.iter_mut() {
            if required.contains(name) {
                continue;
            }
            let Some(obj) = prop.as_object_mut() else {
                continue;
            };
            let Some(default) = obj.remove("default") else {
                continue;
            };
            let note = format!("Server default: `{default}`.");
            let description = match obj.get("description").and_then(Value::as_str) {
                Some(d) => format!("{} {note}", d.trim_end()),
                None => note,
            };
            obj.insert("description".into(), Value::String(description));
            changed += 1;
        }
    });
    changed
}
