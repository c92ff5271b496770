//! Reading a spec file: YAML syntax, OpenAPI version, then the typed `openapiv3` model.

use crate::diag::Diagnostic;
use crate::positions::{self, Positions};
use serde_json::Value;
use std::path::Path;

/// Reads YAML into a JSON value, reporting syntax errors with line and column.
pub fn read_yaml(file: &Path, text: &str) -> Result<Value, Diagnostic> {
    read(file, text)
        .map(|(v, _)| v)
        .map_err(|mut d| d.remove(0))
}

/// Reads YAML into a JSON value and the position of each of its nodes. A byte-order mark and
/// CRLF line ends are accepted; duplicate keys and a second document are errors.
pub fn read(file: &Path, text: &str) -> Result<(Value, Positions), Vec<Diagnostic>> {
    let text = positions::clean(text);
    let scan = positions::scan(&text).map_err(|(line, col, why)| {
        let mut d = Diagnostic::new(file, "", format!("not valid YAML: {why}"));
        d.location = Some((line, col));
        vec![d]
    })?;
    if !scan.problems.is_empty() {
        return Err(scan
            .problems
            .into_iter()
            .map(|p| {
                let mut d = Diagnostic::new(file, p.pointer, p.message);
                d.location = Some(p.at);
                d
            })
            .collect());
    }
    let value = serde_yaml::from_str::<Value>(&text).map_err(|e| {
        let mut d = Diagnostic::new(file, "", format!("not valid YAML: {e}"));
        d.location = Some(e.location().map_or((1, 1), |l| (l.line(), l.column())));
        vec![d]
    })?;
    Ok((value, scan.positions))
}

/// Refuses anything but OpenAPI 3.0.x: progenitor rejects 3.1 and 2.0.
pub fn check_version(file: &Path, raw: &Value) -> Result<(), Diagnostic> {
    match raw.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) => Err(Diagnostic::new(
            file,
            "/openapi",
            format!("OpenAPI {v} is not supported: write 3.0.3 (progenitor reads only 3.0.x)"),
        )),
        None => Err(Diagnostic::new(
            file,
            "/openapi",
            "missing `openapi: 3.0.3` (is this an OpenAPI document?)",
        )),
    }
}

/// Deserialises the typed model, naming the path of the first field that does not fit.
pub fn to_openapi(file: &Path, raw: &Value) -> Result<openapiv3::OpenAPI, Diagnostic> {
    serde_path_to_error::deserialize(raw).map_err(|e| {
        // Untagged enums and maps in the model hide where the error is; the smallest failing
        // piece, tried on its own, names the spot.
        let (ptr, why) =
            narrow(raw).unwrap_or_else(|| (path_to_pointer(e.path()), e.inner().to_string()));
        Diagnostic::new(
            file,
            ptr,
            format!("not a valid OpenAPI 3.0 document here: {why}"),
        )
    })
}

/// Deserialises `node` (written at `at`) as `T`; on failure, the pointer and reason.
fn fails_as<T: serde::de::DeserializeOwned>(node: &Value, at: &str) -> Option<(String, String)> {
    if node.get("$ref").is_some() {
        return None;
    }
    serde_path_to_error::deserialize::<_, T>(node)
        .err()
        .map(|e| {
            (
                format!("{at}{}", path_to_pointer(e.path())),
                e.inner().to_string(),
            )
        })
}

/// The first operation part or component that does not fit the model, tried smallest first.
fn narrow(raw: &Value) -> Option<(String, String)> {
    use crate::diag::pointer;
    use openapiv3 as o;
    let entries = |v: Option<&Value>| -> Vec<(String, Value)> {
        v.and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    for (path, item) in entries(raw.get("paths")) {
        let item_at = pointer(["paths", path.as_str()]);
        for (i, p) in item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(f) = fails_as::<o::Parameter>(p, &format!("{item_at}/parameters/{i}")) {
                return Some(f);
            }
        }
        for m in crate::model::METHODS {
            let Some(op) = item.get(m) else { continue };
            let at = format!("{item_at}/{m}");
            for (i, p) in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(f) = fails_as::<o::Parameter>(p, &format!("{at}/parameters/{i}")) {
                    return Some(f);
                }
            }
            if let Some(b) = op.get("requestBody")
                && let Some(f) = fails_as::<o::RequestBody>(b, &format!("{at}/requestBody"))
            {
                return Some(f);
            }
            for (code, r) in entries(op.get("responses")) {
                if let Some(f) = fails_as::<o::Response>(
                    &r,
                    &format!("{at}/responses{}", pointer([code.as_str()])),
                ) {
                    return Some(f);
                }
            }
            if let Some(f) = fails_as::<o::Operation>(op, &at) {
                return Some(f);
            }
        }
        if let Some(f) = fails_as::<o::PathItem>(&item, &item_at) {
            return Some(f);
        }
    }
    let components = raw.get("components");
    let section = |name: &str| entries(components.and_then(|c| c.get(name)));
    let at = |s: &str, n: &str| pointer(["components", s, n]);
    for (n, v) in section("schemas") {
        if let Some(f) = fails_as::<o::Schema>(&v, &at("schemas", &n)) {
            return Some(f);
        }
    }
    for (n, v) in section("parameters") {
        if let Some(f) = fails_as::<o::Parameter>(&v, &at("parameters", &n)) {
            return Some(f);
        }
    }
    for (n, v) in section("responses") {
        if let Some(f) = fails_as::<o::Response>(&v, &at("responses", &n)) {
            return Some(f);
        }
    }
    for (n, v) in section("requestBodies") {
        if let Some(f) = fails_as::<o::RequestBody>(&v, &at("requestBodies", &n)) {
            return Some(f);
        }
    }
    for (n, v) in section("headers") {
        if let Some(f) = fails_as::<o::Header>(&v, &at("headers", &n)) {
            return Some(f);
        }
    }
    None
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    crate::diag::pointer(path.iter().filter_map(|seg| match seg {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }))
}
