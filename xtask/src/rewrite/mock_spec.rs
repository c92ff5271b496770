//! The spec the httpmock generator sees: array query parameters removed, and the success
//! responses `bodiless-success-to-null` merged put back as the spec wrote them.
//!
//! progenitor's httpmock generator emits `Vec<String>: Display` code for array query
//! parameters, which does not compile. Mocks for those operations still match on everything
//! else; callers add a query matcher through the underlying `httpmock::When` when they need one.
//! For a nullable body it emits `json_body_obj(Option<&T>)`, which does not compile either; the
//! mock generator has no single-success-type limit, so it gets `ok(&T)` and a body-less
//! `no_content()` instead.

use serde_json::Value;

pub fn for_mocks(original: &Value, raw: &Value) -> Value {
    let mut out = raw.clone();
    for op in crate::model::operations(raw) {
        if !super::null_when_empty(original, raw, &op).is_empty() {
            restore_success_responses(original, &mut out, &op);
        }
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

/// Puts the 2xx responses of `op` back as `original` has them.
fn restore_success_responses(original: &Value, out: &mut Value, op: &crate::model::OpLoc) {
    let Some(written) = op
        .get(original)
        .and_then(|o| o.get("responses"))
        .and_then(Value::as_object)
    else {
        return;
    };
    let Some(responses) = op
        .get_mut(out)
        .and_then(|o| o.get_mut("responses"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (code, response) in written.iter().filter(|(c, _)| c.starts_with('2')) {
        responses.insert(code.clone(), response.clone());
    }
}
