//! `crates/cli/src/generated/<provider>.rs`: the provider's part of the `userapi` command line.
//!
//! For every operation: a catalog entry (command and flag names, help from the spec, canned
//! answers for `--mock`, an example invocation) and the dispatch arm that turns parsed flags
//! into the typed builder call. Setter and answer types are read from the generated client
//! (syn), so the CLI calls exactly what a library user calls.

use super::samples::sample;
use super::{RenderError, lit};
use crate::client_model::{self, ClientModel, first_generic};
use crate::lint::names::{Case, sanitize};
use crate::model::{self, OpLoc};
use crate::paging::{Paged, Style, Total};
use heck::ToKebabCase;
use serde_json::{Value, json};
use std::collections::HashMap;
use syn::Type;

/// Flags of the `userapi` command itself (`crates/cli/src/app.rs`): an operation parameter
/// with one of these names gets `--<name>-param` instead.
pub const GLOBAL_FLAGS: [&str; 29] = [
    "help",
    "version",
    "base-url",
    "region",
    "token",
    "api-key",
    "user",
    "password",
    "oauth-client-id",
    "oauth-client-secret",
    "oauth-environment-id",
    "oauth-token-url",
    "retries",
    "timeout",
    "attempt-timeout",
    "connect-timeout",
    "max-response-bytes",
    "jsonl",
    "pretty",
    "compact",
    "mock",
    "profile",
    "verbose",
    "body",
    "all",
    "output",
    "columns",
    "query",
    "quiet",
];

/// Pages `--mock` serves a paged operation.
const PAGES: u64 = 3;

/// The Rust source of the provider's CLI module (unformatted).
pub fn render(
    provider: &str,
    normalised: &Value,
    client: &ClientModel,
    paged: &[Paged],
) -> Result<String, RenderError> {
    let crate_name = format!("userapi_{}", provider.replace('-', "_"));
    let title = normalised
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or(provider);
    let mut entries = String::new();
    let mut arms = String::new();
    let mut serve_arms = String::new();
    for op in model::operations(normalised) {
        let Some(node) = op.get(normalised) else {
            continue;
        };
        let Some(id) = node.get("operationId").and_then(Value::as_str) else {
            continue;
        };
        let rust = model::rust_name(id);
        let failed = |m: String| RenderError::new(Some(&rust), m);
        let b = client.operation(&rust).ok_or_else(|| {
            failed(format!(
                "no builder `{}` for `{rust}` in the client",
                sanitize(id, Case::Pascal)
            ))
        })?;
        let paging = paged.iter().find(|p| p.operation_id == id);
        let one = operation(normalised, &op, node, &rust, b, paging).map_err(failed)?;
        entries.push_str(&one.entry);
        arms.push_str(&one.arm);
        serve_arms.push_str(&one.serve);
    }
    Ok(format!(
        "//! `userapi {provider}`: one command per operation of `specs/{provider}.yaml` and how each\n\
         //! runs through [`{crate_name}`].\n\
         use crate::catalog::{{Answer, Body, Location, Operation, Param, Provider}};\n\
         use crate::invoke::{{Args, Failure, Output, Setup}};\n\
         use {crate_name} as api;\n\
         use api::types;\n\n\
         /// The provider's commands, in spec order.\n\
         pub static PROVIDER: Provider = Provider {{\n\
         name: {name},\n\
         title: {title},\n\
         operations: &[{entries}],\n\
         }};\n\n\
         /// Runs `operation` (its Rust name) against the client `setup` describes.\n\
         pub async fn call(setup: &Setup, operation: &str, args: &Args<'_>, out: &mut Output<'_>) -> Result<(), Failure> {{\n\
         let runtime = setup.runtime(api::Client::runtime_builder())?;\n\
         let client = api::Client::with_runtime(setup.base_url(), runtime);\n\
         run(&client, operation, args, out).await\n\
         }}\n\n\
         /// Runs `operation` (its Rust name) with the flags in `args`, writing the answer to `out`.\n\
         pub async fn run(client: &api::Client, operation: &str, args: &Args<'_>, out: &mut Output<'_>) -> Result<(), Failure> {{\n\
         match operation {{\n{arms}\
         other => Err(Failure::unknown_operation(other)),\n\
         }}\n\
         }}\n\n\
         /// Registers the canned pages of a paged `operation` on `server` (`--mock`); `false` for\n\
         /// an operation that does not page.\n\
         #[cfg(feature = \"mock\")]\n\
         pub fn serve_pages(server: &::httpmock::MockServer, operation: &str) -> Result<bool, Failure> {{\n\
         match operation {{\n{serve_arms}\
         _ => {{\n\
         let _ = server;\n\
         Ok(false)\n\
         }}\n\
         }}\n\
         }}\n",
        name = lit(provider),
        title = lit(title),
    ))
}

struct Rendered {
    entry: String,
    arm: String,
    serve: String,
}

fn operation(
    raw: &Value,
    op: &OpLoc,
    node: &Value,
    rust: &str,
    b: &client_model::Operation,
    paging: Option<&Paged>,
) -> Result<Rendered, String> {
    let params: HashMap<String, &Value> = model::parameters(raw, op)
        .into_iter()
        .filter_map(|(_, p)| Some((sanitize(p.get("name")?.as_str()?, Case::Snake), p)))
        .collect();
    let mut param_entries = String::new();
    let mut setters = String::new();
    let mut example = format!("{} {}", "{provider}", rust.to_kebab_case());
    let mut body_entry = "None".to_string();
    for f in &b.fields {
        let field = &f.name;
        if !f.is_result {
            return Err(format!("`{rust}`: field `{field}` is not a `Result`"));
        }
        let (required, value_ty) = (!f.optional, &f.value);
        let (many, item_ty) = match first_generic(value_ty, "Vec") {
            Some(item) if field != "body" => (true, item),
            _ => (false, value_ty),
        };
        if field == "body" {
            let body = node.get("requestBody").map(|b| model::resolve(raw, b));
            let (media, schema) = body
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .and_then(|c| c.iter().next())
                .and_then(|(media, m)| Some((media, m.get("schema")?)))
                .ok_or_else(|| format!("`{rust}`: a body setter but no request body schema"))?;
            let sample_body =
                sample(raw, schema, "body", 1).map_err(|e| format!("`{rust}` body: {e}"))?;
            let help = body
                .and_then(|b| b.get("description"))
                .and_then(Value::as_str)
                .unwrap_or("");
            body_entry = format!(
                "Some(Body {{ required: {required}, type_name: {}, media_type: {}, help: {}, example: {} }})",
                lit(&readable(value_ty)),
                lit(media),
                lit(help),
                lit(&sample_body.to_string()),
            );
            let t = readable(value_ty);
            setters.push_str(&if required {
                format!("b = b.body(args.body::<{t}>()?);\n")
            } else {
                format!("if let Some(v) = args.optional_body::<{t}>()? {{ b = b.body(v); }}\n")
            });
            example.push_str(" --body body.json");
            continue;
        }
        let spec = params.get(field).ok_or_else(|| {
            format!("`{rust}`: setter `{field}` matches no parameter of the spec")
        })?;
        let wire = spec.get("name").and_then(Value::as_str).unwrap_or(field);
        let location = match spec.get("in").and_then(Value::as_str) {
            Some("path") => "Path",
            Some("query") => "Query",
            Some("header") => "Header",
            other => return Err(format!("`{rust}`: parameter `{wire}` in {other:?}")),
        };
        let schema = spec.get("schema").cloned().unwrap_or_else(|| json!({}));
        let resolved = model::resolve(raw, &schema);
        let help = spec
            .get("description")
            .or_else(|| resolved.get("description"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let value = sample(raw, &schema, wire, 1).map_err(|e| format!("`{rust}` `{wire}`: {e}"))?;
        let examples: Vec<String> = match &value {
            Value::Array(items) => items.iter().map(plain).collect(),
            other => vec![plain(other)],
        };
        let kebab = field.trim_end_matches('_').to_kebab_case();
        let flag = if GLOBAL_FLAGS.contains(&kebab.as_str()) {
            format!("{kebab}-param")
        } else {
            kebab
        };
        param_entries.push_str(&format!(
            "Param {{ flag: {}, wire: {}, location: Location::{location}, required: {required}, many: {many}, help: {}, example: &[{}] }},\n",
            lit(&flag),
            lit(wire),
            lit(help),
            examples.iter().map(|e| lit(e)).collect::<Vec<_>>().join(", "),
        ));
        if required {
            for e in &examples {
                example.push_str(&format!(" --{flag} {}", shell_word(e)));
            }
        }
        let t = readable(item_ty);
        let f = lit(&flag);
        setters.push_str(&match (required, many) {
            (true, false) => format!("b = b.{field}(args.required::<{t}>({f})?);\n"),
            (true, true) => format!("b = b.{field}(args.required_many::<{t}>({f})?);\n"),
            (false, false) => {
                format!("if let Some(v) = args.optional::<{t}>({f})? {{ b = b.{field}(v); }}\n")
            }
            (false, true) => {
                format!("if let Some(v) = args.many::<{t}>({f})? {{ b = b.{field}(v); }}\n")
            }
        });
    }
    let (status, answer_schema) = success(raw, node);
    let answer = match &answer_schema {
        Some(schema) => {
            let value =
                sample(raw, schema, "answer", 1).map_err(|e| format!("`{rust}` answer: {e}"))?;
            format!(
                "Some(Answer {{ status: {status}, body: {} }})",
                lit(&value.to_string())
            )
        }
        None => format!("Some(Answer {{ status: {status}, body: \"\" }})"),
    };
    let answer_ty = b.send.as_ref().map(|s| &s.success);
    let (pages, serve) = match (paging, &answer_schema, answer_ty) {
        (Some(p), Some(schema), Some(page_ty)) => {
            let texts = canned_pages(raw, schema, p).map_err(|e| format!("`{rust}` pages: {e}"))?;
            let list = texts.iter().map(|t| lit(t)).collect::<Vec<_>>().join(", ");
            let serve = format!(
                "{r} => {{\n\
                 let pages = crate::invoke::decode_pages::<{t}>({r}, &[{list}])?;\n\
                 api::mock::pages::{m}(server, &pages);\n\
                 Ok(true)\n\
                 }}\n",
                r = lit(rust),
                t = readable(page_ty),
                m = b.method,
            );
            let items = p.items.as_deref().unwrap_or("");
            (format!("&[{list}], page_items: {}", lit(items)), serve)
        }
        (Some(_), _, _) => {
            return Err(format!("`{rust}`: a paged operation without a JSON answer"));
        }
        _ => ("&[], page_items: \"\"".to_string(), String::new()),
    };
    let send = if paging.is_some() {
        format!(
            "if args.all() {{ return out.pages(b.pages(), <api::builder::{}<'_> as userapi_runtime::paging::Paged<'_>>::items).await; }}\nout.answer(b.send().await)",
            b.builder
        )
    } else {
        "out.answer(b.send().await)".to_string()
    };
    let binding = if setters.is_empty() {
        "let b"
    } else {
        "let mut b"
    };
    let arm = format!(
        "{r} => {{\n{binding} = client.{m}();\n{setters}{send}\n}}\n",
        r = lit(rust),
        m = b.method,
    );
    let text = |key: &str| {
        node.get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let entry = format!(
        "Operation {{ id: {id}, name: {name}, method: {method}, path: {path}, summary: {summary}, description: {description}, \
         params: &[{param_entries}], body: {body_entry}, answer: {answer}, pages: {pages}, columns: &[{columns}], example: {example} }},\n",
        id = lit(rust),
        name = lit(&rust.to_kebab_case()),
        method = lit(&op.method.to_uppercase()),
        path = lit(&op.path),
        summary = lit(&text("summary")),
        description = lit(&text("description")),
        example = lit(&example),
        columns = crate::columns::of(node)
            .iter()
            .map(|c| lit(c))
            .collect::<Vec<_>>()
            .join(", "),
    );
    Ok(Rendered { entry, arm, serve })
}

/// The first 2xx status of an operation and its JSON schema, if it has one.
fn success<'a>(raw: &'a Value, node: &'a Value) -> (u16, Option<&'a Value>) {
    if let Some((code, schema)) = model::json_success(raw, node) {
        return (status(code), Some(schema));
    }
    let Some(responses) = node.get("responses").and_then(Value::as_object) else {
        return (200, None);
    };
    // A body-less success: the lowest 2xx code.
    let first = responses.keys().filter(|c| c.starts_with('2')).min();
    (first.map_or(204, |c| status(c)), None)
}

fn status(code: &str) -> u16 {
    code.parse()
        .unwrap_or(if code == "2XX" { 200 } else { 204 })
}

/// The pages `--mock` serves: items made distinct per page (a repeated page is an error), and
/// the page number, page count or total each paging style reads.
fn canned_pages(raw: &Value, schema: &Value, p: &Paged) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for n in 0..PAGES {
        let mut page = sample(raw, schema, "page", n + 1)?;
        let items = match &p.items {
            Some(field) => page
                .get(field)
                .and_then(Value::as_array)
                .map_or(0, Vec::len),
            None => page.as_array().map_or(0, Vec::len),
        };
        let mut set = |field: &str, value: u64| {
            if let Some(o) = page.as_object_mut() {
                o.insert(field.to_string(), json!(value));
            }
        };
        match &p.style {
            Style::LinkHeader { .. } => {}
            Style::PageNumber {
                number,
                count,
                first,
                ..
            }
            | Style::BodySearch {
                number,
                count,
                first,
                ..
            } => {
                set(number, first + n);
                set(count, PAGES);
            }
            Style::PageTotal {
                total: Total::Field(total),
                ..
            } => set(total, PAGES * items as u64),
            Style::PageTotal {
                total: Total::Header(_),
                ..
            } => {}
        }
        out.push(page.to_string());
    }
    Ok(out)
}

/// A client type as the CLI module names it (`types` is the provider crate's).
fn readable(ty: &Type) -> String {
    let mut text = quote::ToTokens::to_token_stream(ty)
        .to_string()
        .replace(' ', "");
    for (from, to) in [
        ("types::builder::", "types::"),
        ("crate::generated::open_enums::", "types::"),
        ("crate::generated::client::types::", "types::"),
    ] {
        text = text.replace(from, to);
    }
    // A bare type name of the client's `types` module (typify's local references).
    let local = matches!(ty, Type::Path(p) if p.path.leading_colon.is_none()
        && p.path.segments.len() == 1
        && !["String", "Vec", "Option", "bool", "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "f32", "f64"]
            .contains(&p.path.segments[0].ident.to_string().as_str()));
    if local {
        format!("types::{text}")
    } else {
        text
    }
}

/// A sample value as a command-line word: strings as they are, other values as JSON.
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_.:/@".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `crates/cli/src/generated/mod.rs`: one module per provider.
pub fn module_index(providers: &[String]) -> String {
    let mut out = String::from(
        "// @generated by `cargo xtask generate` from specs/*.yaml.\n\
         // Do not edit by hand: change the spec and regenerate.\n\n\
         //! The command line of every provider, generated from its spec.\n\
         #![allow(clippy::all, clippy::pedantic)]\n\n",
    );
    for p in providers {
        out.push_str(&format!("pub mod {};\n", p.replace('-', "_")));
    }
    out.push_str("\n/// Every provider's commands, sorted by name.\npub static PROVIDERS: &[&crate::catalog::Provider] = &[\n");
    for p in providers {
        out.push_str(&format!("    &{}::PROVIDER,\n", p.replace('-', "_")));
    }
    out.push_str("];\n\n");
    let arms = |call: &str| {
        providers
            .iter()
            .map(|p| format!("        {:?} => {}::{call},\n", p, p.replace('-', "_")))
            .collect::<String>()
    };
    out.push_str(&format!(
        "/// Runs `operation` of `provider` against the client `setup` describes.\n\
         pub async fn call(\n    provider: &str,\n    setup: &crate::invoke::Setup,\n    operation: &str,\n    \
         args: &crate::invoke::Args<'_>,\n    out: &mut crate::invoke::Output<'_>,\n) -> Result<(), crate::invoke::Failure> {{\n    \
         match provider {{\n{}        other => Err(crate::invoke::Failure::unknown_provider(other)),\n    }}\n}}\n\n\
         /// Registers the canned pages of a paged operation (`--mock`); `false` when it does not page.\n\
         #[cfg(feature = \"mock\")]\n\
         pub fn serve_pages(\n    provider: &str,\n    server: &::httpmock::MockServer,\n    operation: &str,\n\
         ) -> Result<bool, crate::invoke::Failure> {{\n    match provider {{\n{}        _ => Ok(false),\n    }}\n}}\n",
        arms("call(setup, operation, args, out).await"),
        arms("serve_pages(server, operation)"),
    ));
    out
}
