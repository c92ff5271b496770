//! Optional JSON request bodies become optional in the builders.
//!
//! progenitor 0.15.1 makes every request body required: a builder whose body was never set
//! fails with `InvalidRequest` ("no value supplied for ..." or "body was not initialized")
//! before anything is sent. For operations whose spec says the body is optional (`required`
//! absent or false) the builder's `body` field becomes an `Option`, starting as `None`, and the
//! request carries a JSON body only when one was set. The edit is made on prettyplease's output
//! of the builder module; every pattern must be found, or generation fails naming the operation
//! (so a progenitor upgrade that changes its output cannot silently skip it).

use crate::lint::names::{Case, sanitize};
use crate::model;
use serde_json::Value;

/// `(pointer, method name)` of the operations whose request body is optional JSON.
pub fn operations(raw: &Value) -> Vec<(String, String)> {
    model::operations(raw)
        .into_iter()
        .filter_map(|op| {
            let node = op.get(raw)?;
            let body = model::resolve(raw, node.get("requestBody")?);
            let optional = body.get("required") != Some(&Value::Bool(true));
            let json = body
                .get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| c.len() == 1 && c.contains_key("application/json"));
            let id = node.get("operationId")?.as_str()?;
            (optional && json).then(|| (op.pointer(), sanitize(id, Case::Snake)))
        })
        .collect()
}

/// Sends the body as JSON when there is one; declared once in the builder module.
const HELPER: &str = "
    /// Sets a JSON body only when the caller gave one (optional request bodies).
    trait JsonIfSome {
        fn json_if_some<T: ::serde::Serialize>(self, body: &Option<T>) -> Self;
    }
    impl JsonIfSome for ::reqwest::RequestBuilder {
        fn json_if_some<T: ::serde::Serialize>(self, body: &Option<T>) -> Self {
            match body {
                Some(body) => self.json(body),
                None => self,
            }
        }
    }
";

/// Applies the edit to formatted client code for `ops` (method names); `Err` names the
/// operation whose builder did not have the expected shape.
pub fn apply(code: &str, ops: &[String]) -> Result<String, String> {
    if ops.is_empty() {
        return Ok(code.to_string());
    }
    let mut out = code.to_string();
    // The operation builders (column 0), not `types::builder`.
    let module = "\npub mod builder {\n";
    let at = out
        .find(module)
        .ok_or("optional request bodies: no builder module in progenitor's output")?
        + module.len();
    out.insert_str(at, HELPER);
    for name in ops {
        out = one(&out, name).map_err(|what| {
            format!("cannot make the request body of `{name}` optional: {what} not found in progenitor's builder")
        })?;
    }
    Ok(out)
}

fn replace_once(
    block: &mut String,
    from: &str,
    to: &str,
    what: &'static str,
) -> Result<(), &'static str> {
    let i = block.find(from).ok_or(what)?;
    block.replace_range(i..i + from.len(), to);
    Ok(())
}

fn one(code: &str, name: &str) -> Result<String, &'static str> {
    let marker = format!("Builder for [`Client::{name}`]");
    let start = code.find(&marker).ok_or("the builder")?;
    let end = code[start + marker.len()..]
        .find("Builder for [`Client::")
        .map(|e| start + marker.len() + e)
        .or_else(|| code.find("/// Items consumers"))
        .unwrap_or(code.len());
    let mut block = code[start..end].to_string();

    // The field: `body: Result<T, String>` -> `body: Result<Option<T>, String>`.
    let field = block
        .find("        body: Result<")
        .ok_or("the body field")?;
    let ty_start = field + "        body: Result<".len();
    // prettyplease may break a long type over lines: find the matching `>`.
    let mut depth = 0usize;
    let mut close = None;
    for (i, c) in block[ty_start..].char_indices() {
        match c {
            '<' => depth += 1,
            '>' if depth == 0 => {
                close = Some(ty_start + i);
                break;
            }
            '>' => depth -= 1,
            _ => {}
        }
    }
    let close = close.ok_or("the end of the body field type")?;
    let inner = block[ty_start..close]
        .trim_end()
        .trim_end_matches(',')
        .trim_end();
    let ty = inner
        .strip_suffix("String")
        .map(|t| t.trim_end().trim_end_matches(',').trim())
        .ok_or("the body field's error type")?
        .to_string();
    block.replace_range(ty_start..close, &format!("Option<{ty}>, String"));
    let has_builder = ty.starts_with("types::builder::");

    // Its initial value: nothing set.
    if has_builder {
        replace_once(
            &mut block,
            "body: Ok(::std::default::Default::default()),",
            "body: Ok(None),",
            "the body's default",
        )?;
    } else {
        replace_once(
            &mut block,
            "body: Err(\"body was not initialized\".to_string()),",
            "body: Ok(None),",
            "the body's initial error",
        )?;
    }

    // The setter wraps the value in `Some`.
    let setter = block.find("self.body = value").ok_or("the body setter")?;
    let map_err = setter
        + block[setter..]
            .find(".map_err(")
            .ok_or("the setter's map_err")?;
    block.insert_str(map_err, ".map(Some)");

    if has_builder {
        // `body_map` edits the body, starting from an empty one when none was set.
        replace_once(
            &mut block,
            "self.body = self.body.map(f);",
            "self.body = self.body.map(|body| Some(f(body.unwrap_or_default())));",
            "body_map",
        )?;
        // Validation converts the builder only when there is one.
        let conv = block.find("::try_from(v)").ok_or("the body conversion")?;
        let path_start = block[..conv]
            .rfind(|c: char| c.is_whitespace() || c == '{')
            .map_or(0, |i| i + 1);
        let path = block[path_start..conv].to_string();
        block.replace_range(
            path_start..conv + "::try_from(v)".len(),
            &format!("v.map({path}::try_from).transpose()"),
        );
    }

    replace_once(
        &mut block,
        ".json(&body)",
        ".json_if_some(&body)",
        "the JSON body",
    )?;
    Ok(format!("{}{}{}", &code[..start], block, &code[end..]))
}

#[cfg(test)]
mod tests {
    use super::apply;

    #[test]
    fn an_unexpected_builder_shape_is_an_error_naming_the_operation() {
        let code = "pub mod types {}\npub mod builder {\n    pub struct X;\n}\n";
        let err = apply(code, &["create_thing".to_string()])
            .err()
            .unwrap_or_default();
        assert!(err.contains("`create_thing`"), "{err}");
        assert_eq!(apply(code, &[]).as_deref(), Ok(code));
    }
}
