//! Path templates against the declared parameters, and parameter names as builder setters.

use super::names::{BUILDER_NAMES, Case, sanitize};
use crate::diag::{Diagnostic, pointer};
use crate::model::{self, OpLoc};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The `{name}`s of a path template, or a message when the braces do not pair up.
fn template_names(path: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("has a `}` without its `{`".to_string());
        }
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            return Err("has a `{` without its `}`".to_string());
        };
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("has a malformed parameter `{{{name}}}`"));
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Ok(names)
}

/// Each template name once, each declared once, and both lists the same.
pub fn check(file: &Path, raw: &Value, op: &OpLoc, out: &mut Vec<Diagnostic>) {
    let path_at = pointer(["paths", op.path.as_str()]);
    let names = match template_names(&op.path) {
        Ok(n) => n,
        Err(why) => {
            if op.method == first_method(raw, &op.path) {
                out.push(Diagnostic::new(
                    file,
                    path_at,
                    format!(
                        "the path `{}` {why}: write parameters as `{{name}}`",
                        op.path
                    ),
                ));
            }
            return;
        }
    };
    let mut seen_in_template: Vec<&str> = Vec::new();
    for n in &names {
        if seen_in_template.contains(n) {
            if op.method == first_method(raw, &op.path) {
                out.push(Diagnostic::new(
                    file,
                    path_at.clone(),
                    format!("the path `{}` names `{{{n}}}` twice; each path parameter can appear once: rename one", op.path),
                ));
            }
        } else {
            seen_in_template.push(n);
        }
    }
    // Operation-level parameters override path-level ones with the same name and location.
    let mut declared: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut own: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut setters: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (here, p) in model::parameters(raw, op) {
        let (Some(name), Some(location)) = (
            p.get("name").and_then(Value::as_str),
            p.get("in").and_then(Value::as_str),
        ) else {
            continue;
        };
        let key = (name.to_string(), location.to_string());
        let is_own = here.starts_with(&op.pointer());
        if is_own && let Some(first) = own.insert(key.clone(), here.clone()) {
            out.push(Diagnostic::new(
                    file,
                    &here,
                    format!("parameter `{name}` in {location} is declared twice (first at {first}): remove one"),
                ));
            continue;
        }
        declared.insert(key, here.clone());
    }
    for ((name, location), here) in &declared {
        let setter = sanitize(name, Case::Snake);
        if BUILDER_NAMES.contains(&setter.as_str()) {
            out.push(Diagnostic::new(
                file,
                here,
                format!("parameter `{name}` becomes the builder method `{setter}`, which every operation builder already has: rename the parameter"),
            ));
        } else if let Some((first, first_in)) =
            setters.insert(setter.clone(), (name.clone(), location.clone()))
        {
            out.push(Diagnostic::new(
                file,
                here,
                format!("parameters `{first}` ({first_in}) and `{name}` ({location}) both become the builder method `{setter}`: rename one"),
            ));
        }
        if location == "path" && !names.contains(&name.as_str()) {
            out.push(Diagnostic::new(
                file,
                here,
                format!("path parameter `{name}` is not in the path `{}`: add `{{{name}}}` to the path or remove the parameter", op.path),
            ));
        }
    }
    for n in seen_in_template {
        if !declared.contains_key(&(n.to_string(), "path".to_string())) {
            out.push(Diagnostic::new(
                file,
                op.pointer(),
                format!("the path names `{{{n}}}` but this operation declares no path parameter `{n}`: add `{{ name: {n}, in: path, required: true, schema: {{ type: string }} }}`"),
            ));
        }
    }
}

/// Problems with the path string itself are reported once, with its first operation.
fn first_method(raw: &Value, path: &str) -> &'static str {
    model::METHODS
        .iter()
        .copied()
        .find(|m| {
            raw.get("paths")
                .and_then(|p| p.get(path))
                .and_then(|i| i.get(*m))
                .is_some_and(Value::is_object)
        })
        .unwrap_or("get")
}

#[cfg(test)]
mod tests {
    use super::template_names;

    #[test]
    fn templates_are_parsed() {
        assert_eq!(template_names("/a/{id}/b/{x}"), Ok(vec!["id", "x"]));
        assert!(template_names("/a/{id").is_err());
        assert!(template_names("/a/id}").is_err());
        assert!(template_names("/a/{}").is_err());
    }
}
