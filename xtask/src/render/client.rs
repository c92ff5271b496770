//! progenitor, run with our settings; its panics caught and pinned to an operation.

use crate::diag::Diagnostic;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::Value;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

/// Where the generated open enums live inside a provider crate.
pub const OPEN_ENUM_PATH: &str = "crate::generated::open_enums";

/// Where the generated types live inside a provider crate (boxed replacements name them).
pub const TYPES_PATH: &str = "crate::generated::client::types";

fn settings(open_enums: &[String], boxed: &[(String, String)]) -> GenerationSettings {
    let mut s = GenerationSettings::new();
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(path_tokens("userapi_runtime::Runtime"))
        .with_derive("PartialEq");
    for name in open_enums {
        let ty = crate::model::type_name(name);
        s.with_replacement(
            &ty,
            format!("{OPEN_ENUM_PATH}::{ty}"),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    // The `boxed-schemas` rewrite's `<Name>Boxed` components become `Box<Name>`.
    for (boxed_name, of) in boxed {
        let of = crate::model::type_name(of);
        s.with_replacement(
            crate::model::type_name(boxed_name),
            format!("::std::boxed::Box<{TYPES_PATH}::{of}>"),
            std::iter::empty(),
        );
    }
    s
}

fn path_tokens(path: &str) -> proc_macro2::TokenStream {
    // A fixed, valid path: parsing cannot fail.
    path.parse().unwrap_or_default()
}

/// What to generate: the client, or httpmock mocks for the client at `crate_path`.
#[derive(Clone, Copy)]
pub enum Kind<'a> {
    Client,
    Mock { crate_path: &'a str },
}

/// Runs progenitor. A panic or error is reported against the spec, never as a backtrace.
pub fn generate(
    file: &Path,
    raw: &Value,
    open_enums: &[String],
    kind: Kind,
) -> Result<String, Vec<Diagnostic>> {
    let spec = crate::spec::to_openapi(file, raw).map_err(|d| vec![d])?;
    let boxed = crate::rewrite::boxed_schemas(raw);
    match run_silently(|| run(&spec, open_enums, &boxed, kind)) {
        Ok(Ok(code)) => Ok(code),
        Ok(Err(e)) => Err(vec![Diagnostic::new(
            file,
            "",
            format!("progenitor refused the spec: {e}"),
        )]),
        Err(panic) => Err(blame(file, raw, open_enums, kind, &panic)),
    }
}

fn run(
    spec: &openapiv3::OpenAPI,
    open_enums: &[String],
    boxed: &[(String, String)],
    kind: Kind,
) -> Result<String, progenitor::Error> {
    let mut generator = Generator::new(&settings(open_enums, boxed));
    let tokens = match kind {
        Kind::Client => generator.generate_tokens(spec)?,
        Kind::Mock { crate_path } => generator.httpmock(spec, crate_path)?,
    };
    Ok(tokens.to_string())
}

/// Runs `f`, turning a panic into its message and keeping the default hook's backtrace quiet.
fn run_silently<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f));
    std::panic::set_hook(previous);
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// Finds which operations make progenitor panic by generating each one alone.
fn blame(
    file: &Path,
    raw: &Value,
    open_enums: &[String],
    kind: Kind,
    panic: &str,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for op in crate::model::operations(raw) {
        let mut alone = raw.clone();
        if let Some(paths) = alone.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                if let Some(item) = item.as_object_mut() {
                    item.retain(|m, _| {
                        !crate::model::METHODS.contains(&m.as_str())
                            || (*path == op.path && m == op.method)
                    });
                }
            }
        }
        let Ok(spec) = crate::spec::to_openapi(file, &alone) else {
            continue;
        };
        let boxed = crate::rewrite::boxed_schemas(&alone);
        if let Err(message) = run_silently(|| run(&spec, open_enums, &boxed, kind)) {
            found.push(Diagnostic::new(
                file,
                op.pointer(),
                format!("progenitor panicked on this operation ({message}); no rewrite covers it"),
            ));
        }
    }
    if found.is_empty() {
        found.push(Diagnostic::new(
            file,
            "",
            format!("progenitor panicked: {panic}"),
        ));
    }
    found
}
