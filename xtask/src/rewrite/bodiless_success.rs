//! A body-less 2xx beside a typed 2xx → both decode one nullable type.
//!
//! progenitor asserts a single success type, so `200` with a body plus an empty `204` panics it.
//! Servers of different versions answer one or the other (Kratos: `DELETE .../credentials/{type}`
//! answers 200 with the identity in v0.13.1's spec and 204 from v1.0; `extend` adds 204 in
//! v1.3), so both must decode. The typed schema becomes nullable and the body-less statuses get
//! the same JSON content; the runtime hands the decoder `null` for their empty body (the
//! operation table lists those statuses), so the caller gets `None` for the body-less answer.

use crate::model;
use serde_json::{Value, json};

pub fn apply(raw: &mut Value) -> usize {
    let mut changed = 0;
    for op in model::operations(raw) {
        let Some(plan) = plan(raw, &op) else {
            continue;
        };
        let Some(responses) = op
            .get_mut(raw)
            .and_then(|o| o.get_mut("responses"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (code, response) in plan {
            responses.insert(code, response);
        }
        changed += 1;
    }
    changed
}

/// The rewritten 2xx responses of `op`, when it has typed and body-less ones with one schema.
fn plan(raw: &Value, op: &model::OpLoc) -> Option<Vec<(String, Value)>> {
    let responses = op.get(raw)?.get("responses")?.as_object()?;
    let mut schema: Option<&Value> = None;
    let mut success = Vec::new();
    let mut bodiless = 0;
    for (code, response) in responses.iter().filter(|(c, _)| c.starts_with('2')) {
        let resolved = model::resolve(raw, response);
        match resolved.get("content").and_then(Value::as_object) {
            None => bodiless += 1,
            Some(content) if content.is_empty() => bodiless += 1,
            Some(content) => {
                // Only one JSON media type: anything else is left to the other rewrites.
                let this = match (content.len(), content.get("application/json")) {
                    (1, Some(media)) => media.get("schema")?,
                    _ => return None,
                };
                if schema.is_some_and(|s| s != this) {
                    return None;
                }
                schema = Some(this);
            }
        }
        success.push((code.clone(), resolved.clone()));
    }
    let schema = schema?;
    if bodiless == 0 {
        return None;
    }
    let nullable = json!({ "nullable": true, "allOf": [schema] });
    Some(
        success
            .into_iter()
            .map(|(code, mut response)| {
                if let Some(obj) = response.as_object_mut() {
                    obj.insert(
                        "content".into(),
                        json!({ "application/json": { "schema": nullable } }),
                    );
                }
                (code, response)
            })
            .collect(),
    )
}

/// The success statuses of an operation that the original spec declares without a body but
/// the normalised one decodes as JSON: the runtime must turn their empty body into `null`.
pub fn null_when_empty(original: &Value, normalised: &Value, op: &model::OpLoc) -> Vec<String> {
    let has_body = |raw: &Value, code: &str| {
        op.get(raw)
            .and_then(|o| o.get("responses"))
            .and_then(|r| r.get(code))
            .map(|r| model::resolve(raw, r))
            .and_then(|r| r.get("content"))
            .and_then(Value::as_object)
            .is_some_and(|c| !c.is_empty())
    };
    let Some(codes) = op
        .get(normalised)
        .and_then(|o| o.get("responses"))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let mut out: Vec<String> = codes
        .keys()
        .filter(|c| c.starts_with('2'))
        .filter(|c| has_body(normalised, c) && !has_body(original, c))
        .cloned()
        .collect();
    out.sort();
    out
}
