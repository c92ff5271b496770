//! Checks that run before generation, so that a spec progenitor cannot handle gets a message
//! naming the file and the spot instead of a panic or a silently wrong client.

use crate::diag::{Diagnostic, pointer};
use crate::model::{self, OpLoc};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

mod defaults;
mod enums;
mod finite;
mod formats;
pub mod names;
mod paths;
mod schemas;
mod walk;

/// Problems in the spec as written (before any rewrite).
pub fn spec(file: &Path, raw: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    path_items(file, raw, &mut out);
    operation_ids(file, raw, &mut out);
    for op in model::operations(raw) {
        parameters(file, raw, &op, &mut out);
        paths::check(file, raw, &op, &mut out);
    }
    external_refs(file, raw, "", &mut out);
    // Cycles and values that never end are only looked for once every reference resolves.
    if schemas::references(file, raw, &mut out) {
        schemas::cycles(file, raw, &mut out);
        finite::check(file, raw, &mut out);
    }
    schemas::schema_contents(file, raw, &mut out);
    out
}

/// Problems left after normalisation: constructs that would make progenitor panic or err.
pub fn generator_limits(file: &Path, raw: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for op in model::operations(raw) {
        let Some(node) = op.get(raw) else { continue };
        if let Some(body) = node.get("requestBody") {
            let body = model::resolve(raw, body);
            let types: Vec<&String> = body
                .get("content")
                .and_then(Value::as_object)
                .map(|c| c.keys().collect())
                .unwrap_or_default();
            if types.len() > 1 {
                out.push(Diagnostic::new(
                    file,
                    format!("{}/requestBody/content", op.pointer()),
                    format!(
                        "request body offers {} media types; progenitor handles one",
                        types.len()
                    ),
                ));
            }
            for t in types {
                if !SUPPORTED_REQUEST_TYPES.contains(&t.as_str()) {
                    out.push(Diagnostic::new(
                        file,
                        format!("{}/requestBody/content{}", op.pointer(), pointer([t])),
                        format!("request media type `{t}` is not supported by progenitor and no rewrite covers it"),
                    ));
                }
            }
        }
        success_bodies(file, raw, &op, &mut out);
        error_bodies(file, raw, &op, &mut out);
        codes_match_their_range(file, raw, &op, &mut out);
    }
    out
}

/// progenitor matches a `4XX` range before exact 4xx codes, so an exact code is only reachable
/// when it decodes the same body as its range.
fn codes_match_their_range(file: &Path, raw: &Value, op: &OpLoc, out: &mut Vec<Diagnostic>) {
    let Some(responses) = op
        .get(raw)
        .and_then(|o| o.get("responses"))
        .and_then(Value::as_object)
    else {
        return;
    };
    let body = |r: &Value| model::resolve(raw, r).get("content").cloned();
    for (code, resp) in responses {
        let Some(class) = code
            .chars()
            .next()
            .filter(|_| code.len() == 3 && code.chars().all(|c| c.is_ascii_digit()))
        else {
            continue;
        };
        if let Some(range) = responses.get(&format!("{class}XX"))
            && body(resp) != body(range)
        {
            out.push(Diagnostic::new(
                file,
                format!("{}/responses{}", op.pointer(), pointer([code])),
                format!("`{code}` has a different body from `{class}XX`; progenitor would decode it as the range's"),
            ));
        }
    }
}

const SUPPORTED_REQUEST_TYPES: [&str; 4] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
];

fn path_items(file: &Path, raw: &Value, out: &mut Vec<Diagnostic>) {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        out.push(Diagnostic::new(
            file,
            "/paths",
            "the spec has no `paths` object",
        ));
        return;
    };
    for (path, item) in paths {
        if item.get("$ref").is_some() {
            out.push(Diagnostic::new(
                file,
                pointer(["paths", path.as_str()]),
                "a path item `$ref` is not supported by progenitor: write the operations inline",
            ));
        }
        if !path.starts_with('/') {
            out.push(Diagnostic::new(
                file,
                pointer(["paths", path.as_str()]),
                "a path must start with `/`",
            ));
        }
        // A path key is a path only: progenitor pastes it into the URL, where a query string
        // bypasses the typed parameters and a fragment is never sent.
        if let Some(mark) = path.chars().find(|c| ['?', '#'].contains(c)) {
            let fix = if mark == '?' {
                "declare query parameters under `parameters` with `in: query`"
            } else {
                "a fragment is never sent to a server: remove it"
            };
            out.push(Diagnostic::new(
                file,
                pointer(["paths", path.as_str()]),
                format!("the path `{path}` contains `{mark}`; a path key is the path alone: {fix}"),
            ));
        }
    }
}

fn operation_ids(file: &Path, raw: &Value, out: &mut Vec<Diagnostic>) {
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut rust: BTreeMap<String, (String, String)> = BTreeMap::new();
    for op in model::operations(raw) {
        let at = op.pointer();
        let Some(id) = op.get(raw).and_then(|o| o.get("operationId")) else {
            out.push(Diagnostic::new(file, at, "operation has no operationId"));
            continue;
        };
        let Some(id) = id.as_str().filter(|s| !s.trim().is_empty()) else {
            out.push(Diagnostic::new(
                file,
                format!("{at}/operationId"),
                "operationId must be a non-empty string",
            ));
            continue;
        };
        if let Some(first) = ids.insert(id.to_string(), at.clone()) {
            out.push(Diagnostic::new(
                file,
                format!("{at}/operationId"),
                format!("duplicate operationId `{id}` (first used at {first})"),
            ));
            continue;
        }
        let name = names::sanitize(id, names::Case::Snake);
        if names::KEYWORDS.contains(&id)
            || name.ends_with('_') && names::KEYWORDS.contains(&&name[..name.len() - 1])
        {
            out.push(Diagnostic::new(
                file,
                format!("{at}/operationId"),
                format!("operationId `{id}` is a Rust keyword (the method would be `{name}`): choose another name"),
            ));
        } else if names::CLIENT_METHODS.contains(&name.as_str()) {
            out.push(Diagnostic::new(
                file,
                format!("{at}/operationId"),
                format!("operationId `{id}` becomes `Client::{name}`, a method the client already has: choose another name"),
            ));
        }
        if let Some((other, other_at)) = rust.insert(name.clone(), (id.to_string(), at.clone())) {
            out.push(Diagnostic::new(
                file,
                format!("{at}/operationId"),
                format!("operationId `{id}` becomes the Rust name `{name}`, as `{other}` at {other_at} does"),
            ));
        }
    }
}

fn parameters(file: &Path, raw: &Value, op: &OpLoc, out: &mut Vec<Diagnostic>) {
    for (here, p) in model::parameters(raw, op) {
        let location = p.get("in").and_then(Value::as_str).unwrap_or("");
        if location == "cookie" {
            out.push(Diagnostic::new(
                file,
                &here,
                "cookie parameters are not supported by progenitor",
            ));
        }
        match p.get("style").and_then(Value::as_str) {
            Some("deepObject") => out.push(Diagnostic::new(
                file,
                &here,
                "`style: deepObject` is not supported by progenitor",
            )),
            Some("pipeDelimited" | "spaceDelimited") => out.push(Diagnostic::new(
                file,
                &here,
                "delimited array styles are not supported by progenitor",
            )),
            _ => {}
        }
        if location == "query" && p.get("explode") == Some(&Value::Bool(false)) {
            out.push(Diagnostic::new(
                file,
                &here,
                "`explode: false` would be silently ignored by progenitor (it always repeats the key)",
            ));
        }
        if location == "path" && p.get("required") != Some(&Value::Bool(true)) {
            out.push(Diagnostic::new(
                file,
                &here,
                "path parameters must be `required: true`",
            ));
        }
    }
}

/// Two 2xx answers with different bodies: progenitor asserts one success type.
fn success_bodies(file: &Path, raw: &Value, op: &OpLoc, out: &mut Vec<Diagnostic>) {
    one_body(
        file,
        raw,
        op,
        out,
        |code| code.starts_with('2') || code == "default",
        |first, code| {
            format!(
                "success responses `{first}` and `{code}` have different bodies; progenitor needs one success type"
            )
        },
    );
}

/// Error answers with different bodies: progenitor asserts one error type per operation.
fn error_bodies(file: &Path, raw: &Value, op: &OpLoc, out: &mut Vec<Diagnostic>) {
    one_body(
        file,
        raw,
        op,
        out,
        |code| code.starts_with('4') || code.starts_with('5'),
        |first, code| {
            format!(
                "error responses `{first}` and `{code}` have different bodies; progenitor needs one error type: give them the same body (or none)"
            )
        },
    );
}

/// Reports every response among those `counted` whose body differs from the first one's.
fn one_body(
    file: &Path,
    raw: &Value,
    op: &OpLoc,
    out: &mut Vec<Diagnostic>,
    counted: impl Fn(&str) -> bool,
    message: impl Fn(&str, &str) -> String,
) {
    let Some(responses) = op
        .get(raw)
        .and_then(|o| o.get("responses"))
        .and_then(Value::as_object)
    else {
        return;
    };
    let mut seen: Option<(&str, Option<&Value>)> = None;
    for (code, resp) in responses {
        if !counted(code) {
            continue;
        }
        let resp = model::resolve(raw, resp);
        let schema = resp
            .get("content")
            .and_then(Value::as_object)
            .and_then(|c| c.values().next())
            .and_then(|m| m.get("schema"));
        match seen {
            None => seen = Some((code, schema)),
            Some((first, s)) if s != schema => out.push(Diagnostic::new(
                file,
                format!("{}/responses{}", op.pointer(), pointer([code])),
                message(first, code),
            )),
            Some(_) => {}
        }
    }
}

fn external_refs(file: &Path, node: &Value, at: &str, out: &mut Vec<Diagnostic>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    if let Some(r) = v.as_str().filter(|r| !r.starts_with("#/")) {
                        out.push(Diagnostic::new(
                            file,
                            at,
                            format!("external reference `{r}` is not supported"),
                        ));
                    }
                } else {
                    external_refs(file, v, &format!("{at}{}", pointer([k])), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                external_refs(file, v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
