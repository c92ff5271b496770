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
        let ptr = path_to_pointer(e.path());
        Diagnostic::new(
            file,
            ptr,
            format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
        )
    })
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
