//! The operation table the runtime reads: method, path template, the request media type the
//! spec really has (a rewrite may have changed it) and which responses carry a JSON body.

use crate::model::{self, OpLoc};
use serde_json::Value;

pub fn render(provider: &str, original: &Value, normalised: &Value) -> String {
    let mut out = String::new();
    out.push_str("//! One entry per operation, sorted by id, for `userapi_runtime`.\n\n");
    out.push_str(&format!(
        "/// The provider key of this crate.\npub const PROVIDER: &str = {};\n\n",
        super::lit(provider)
    ));
    let mut rows: Vec<(String, String)> = model::operations(normalised)
        .iter()
        .filter_map(|op| row(original, normalised, op))
        .collect();
    rows.sort();
    // One constant per operation, which the generated `send` hands to the runtime (no lookup
    // by name on the hot path), and the table of all of them.
    for (id, r) in &rows {
        out.push_str(&format!(
            "/// `{id}`.\npub const {}: userapi_runtime::Operation = {r};\n",
            const_name(id)
        ));
    }
    out.push_str("/// Every operation of the spec.\npub static OPERATIONS: &[userapi_runtime::Operation] = &[\n");
    for (id, _) in &rows {
        out.push_str(&format!("    {},\n", const_name(id)));
    }
    out.push_str("];\n");
    out
}

/// The name of an operation's constant in the generated table (`OP_GET_IDENTITY`); the
/// prefix keeps it apart from `PROVIDER` and `OPERATIONS`.
pub fn const_name(id: &str) -> String {
    format!("OP_{}", id.to_uppercase())
}

fn row(original: &Value, normalised: &Value, op: &OpLoc) -> Option<(String, String)> {
    let node = op.get(normalised)?;
    let id = model::rust_name(node.get("operationId")?.as_str()?);
    let media = |raw: &Value| -> Option<String> {
        let body = op.get(raw)?.get("requestBody")?;
        let body = model::resolve(raw, body);
        body.get("content")?.as_object()?.keys().next().cloned()
    };
    let sent = media(normalised);
    let declared = media(original);
    let restore = match (&sent, &declared) {
        (Some(s), Some(d)) if s != d => format!("Some({})", super::lit(d)),
        _ => "None".to_string(),
    };
    let mut statuses: Vec<String> = node
        .get("responses")
        .and_then(Value::as_object)
        .map(|r| {
            r.iter()
                .map(|(code, resp)| {
                    let json = model::resolve(normalised, resp)
                        .get("content")
                        .and_then(Value::as_object)
                        .is_some_and(|c| c.contains_key("application/json"));
                    format!("({}, {json})", super::lit(code))
                })
                .collect()
        })
        .unwrap_or_default();
    statuses.sort();
    // `security: []` on an operation means it takes no credentials (Kratos' schema endpoints).
    let authenticated = node
        .get("security")
        .and_then(Value::as_array)
        .is_none_or(|s| !s.is_empty());
    // Statuses a rewrite gave a JSON body they do not have (`bodiless-success-to-null`).
    let null_when_empty: Vec<String> = crate::rewrite::null_when_empty(original, normalised, op)
        .iter()
        .map(|c| super::lit(c))
        .collect();
    let idempotent = crate::idempotent::of(op, node);
    let text = format!(
        "userapi_runtime::Operation {{\n    id: {},\n    method: {},\n    path: {},\n    \
         content_type: {restore},\n    authenticated: {authenticated},\n    \
         idempotent: {idempotent},\n    responses: &[{}],\n    null_when_empty: &[{}],\n}}",
        super::lit(&id),
        super::lit(&op.method.to_uppercase()),
        super::lit(&op.path),
        statuses.join(", "),
        null_when_empty.join(", "),
    );
    Some((id, text))
}
