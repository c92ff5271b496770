//! Media-type rewrites: everything progenitor can type becomes `application/json`.

use serde_json::{Map, Value};

const JSON: &str = "application/json";

fn is_jsonish(media: &str) -> bool {
    media == "*/*" || media == "application/*" || media.ends_with("+json") || media == "text/json"
}

/// Responses: keep JSON where offered (the client asks for JSON), and read `*/*` and `+json` as JSON.
pub fn responses_to_json(raw: &mut Value) -> usize {
    let mut changed = 0;
    super::for_each_response(raw, &mut |resp| {
        let Some(content) = resp.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        if content.len() == 1 && content.contains_key(JSON) {
            return;
        }
        let chosen = content
            .get(JSON)
            .or_else(|| content.iter().find(|(k, _)| is_jsonish(k)).map(|(_, v)| v))
            .cloned();
        if let Some(media) = chosen {
            let mut only = Map::new();
            only.insert(JSON.to_string(), media);
            *content = only;
            changed += 1;
        }
    });
    changed
}

/// Request bodies: keep one media type, JSON when offered, else the first listed.
pub fn single_request_type(raw: &mut Value) -> usize {
    let mut changed = 0;
    super::for_each_request_body(raw, &mut |body| {
        let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        if content.len() < 2 {
            return;
        }
        let key = if content.contains_key(JSON) {
            JSON.to_string()
        } else {
            content.keys().next().cloned().unwrap_or_default()
        };
        content.retain(|k, _| *k == key);
        changed += 1;
    });
    changed
}

/// Request bodies in JSON Patch / merge-patch are generated as JSON; the runtime puts the
/// original `Content-Type` back on the wire (it is recorded in the operation table).
pub fn json_patch_as_json(raw: &mut Value) -> usize {
    let mut changed = 0;
    super::for_each_request_body(raw, &mut |body| {
        let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        let patch: Vec<String> = content
            .keys()
            .filter(|k| k.ends_with("+json"))
            .cloned()
            .collect();
        for key in patch {
            if let Some(media) = content.remove(&key) {
                content.entry(JSON).or_insert(media);
                changed += 1;
            }
        }
    });
    changed
}

/// A JSON media type with no schema accepts any JSON value.
pub fn schemaless_any_value(raw: &mut Value) -> usize {
    let mut changed = 0;
    let mut fill = |node: &mut Value| {
        let Some(content) = node.get_mut("content").and_then(Value::as_object_mut) else {
            return;
        };
        for (media, m) in content.iter_mut() {
            if (media == JSON || is_jsonish(media)) && m.get("schema").is_none() {
                if let Some(obj) = m.as_object_mut() {
                    obj.insert("schema".into(), Value::Object(Map::new()));
                    changed += 1;
                } else if m.is_null() {
                    *m = serde_json::json!({ "schema": {} });
                    changed += 1;
                }
            }
        }
    };
    super::for_each_response(raw, &mut fill);
    super::for_each_request_body(raw, &mut fill);
    changed
}
