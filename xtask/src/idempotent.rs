//! `x-userapi-idempotent: true|false` on an operation: whether the runtime may send it again
//! after it may have reached the server. Without it the method decides (GET, HEAD, PUT, DELETE
//! and OPTIONS are idempotent); a POST that only reads (a search) says `true`.

use crate::diag::{Diagnostic, pointer};
use crate::model::{self, OpLoc};
use serde_json::Value;
use std::path::Path;

pub const KEY: &str = "x-userapi-idempotent";

/// Whether the operation `op` (its node `node`) may be repeated.
pub fn of(op: &OpLoc, node: &Value) -> bool {
    match node.get(KEY).and_then(Value::as_bool) {
        Some(declared) => declared,
        None => matches!(op.method, "get" | "head" | "put" | "delete" | "options"),
    }
}

/// A problem for every `x-userapi-idempotent` that is not a boolean.
pub fn lint(file: &Path, raw: &Value) -> Vec<Diagnostic> {
    model::operations(raw)
        .iter()
        .filter_map(|op| {
            let value = op.get(raw)?.get(KEY)?;
            (!value.is_boolean()).then(|| {
                Diagnostic::new(
                    file,
                    format!("{}{}", op.pointer(), pointer([KEY])),
                    format!("`{KEY}` must be `true` or `false`"),
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(method: &'static str) -> OpLoc {
        OpLoc {
            path: "/x".into(),
            method,
        }
    }

    #[test]
    fn the_method_decides_unless_the_spec_says() {
        for method in ["get", "head", "put", "delete", "options"] {
            assert!(of(&op(method), &json!({})), "{method}");
        }
        assert!(!of(&op("post"), &json!({})));
        assert!(!of(&op("patch"), &json!({})));
        assert!(of(&op("post"), &json!({ KEY: true })));
        assert!(!of(&op("put"), &json!({ KEY: false })));
    }

    #[test]
    fn only_booleans_pass_the_lint() {
        let spec = |v: Value| json!({ "paths": { "/x": { "post": { KEY: v } } } });
        assert!(lint(Path::new("s.yaml"), &spec(json!(true))).is_empty());
        let problems = lint(Path::new("s.yaml"), &spec(json!("yes")));
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].pointer, "/paths/~1x/post/x-userapi-idempotent");
    }
}
