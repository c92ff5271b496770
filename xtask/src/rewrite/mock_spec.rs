//! The spec the httpmock generator sees: array query parameters removed.
//!
//! progenitor's httpmock generator emits `Vec<String>: Display` code for them, which does not
//! compile. Mocks for those operations still match on everything else; callers add a query
//! matcher through the underlying `httpmock::When` when they need one.

use serde_json::Value;

pub fn for_mocks(raw: &Value) -> Value {
    let mut out = raw.clone();
    for op in crate::model::operations(raw) {
        let is_array_query = |p: &Value| {
            let p = crate::model::resolve(raw, p);
            let schema = p.get("schema").map(|s| crate::model::resolve(raw, s));
            p.get("in").and_then(Value::as_str) == Some("query")
                && schema.and_then(|s| s.get("type")).and_then(Value::as_str) == Some("array")
        };
        if let Some(params) = op
            .get_mut(&mut out)
            .and_then(|o| o.get_mut("parameters"))
            .and_then(Value::as_array_mut)
        {
            params.retain(|p| !is_array_query(p));
        }
    }
    out
}
