//! `default` beside a 2xx → `4XX` + `5XX` with the same response.
//!
//! progenitor treats `default` as both success and error and asserts a single success type, so a
//! typed 2xx plus `default` panics. Every non-2xx status still decodes as the default's body.

use serde_json::Value;

pub fn apply(raw: &mut Value) -> usize {
    let mut changed = 0;
    for op in crate::model::operations(raw) {
        let Some(responses) = op
            .get_mut(raw)
            .and_then(|o| o.get_mut("responses"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let has_success = responses.keys().any(|k| k.starts_with('2'));
        if !has_success {
            continue;
        }
        if let Some(default) = responses.remove("default") {
            for range in ["4XX", "5XX"] {
                responses.entry(range).or_insert_with(|| default.clone());
            }
            changed += 1;
        }
    }
    changed
}

/// An operation whose only success is a body-less `default` (typed errors beside it): the
/// `default` becomes `2XX`, which is what it means there. progenitor would otherwise count it as
/// a second response type next to the errors and panic.
pub fn bodiless_default_to_success(raw: &mut Value) -> usize {
    let mut changed = 0;
    for op in crate::model::operations(raw) {
        let resolved_has_content = |raw: &Value| {
            op.get(raw)
                .and_then(|o| o.get("responses"))
                .and_then(|r| r.get("default"))
                .map(|d| crate::model::resolve(raw, d).get("content").is_some())
        };
        if resolved_has_content(raw) != Some(false) {
            continue;
        }
        let Some(responses) = op
            .get_mut(raw)
            .and_then(|o| o.get_mut("responses"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if responses.keys().any(|k| k.starts_with('2')) {
            continue;
        }
        if let Some(default) = responses.remove("default") {
            responses.insert("2XX".to_string(), default);
            changed += 1;
        }
    }
    changed
}
