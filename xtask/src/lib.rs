#![allow(missing_docs)] // an internal build tool: its API is documented where it is not obvious
//! `cargo xtask generate`: spec → lint → normalise → progenitor → formatted files.
//!
//! The library half exists so the pipeline can be tested on fixture specs.

pub mod api;
pub mod client_model;
pub mod columns;
pub mod compile;
pub mod diag;
pub mod idempotent;
pub mod lint;
pub mod model;
pub mod output;
pub mod paging;
pub mod positions;
pub mod render;
pub mod rewrite;
pub mod scaffold;
pub mod spec;

use diag::Diagnostic;
use render::client::Kind;
use std::path::{Path, PathBuf};

/// The providers of a checkout: every `specs/<name>.yaml`, sorted by name. Each needs its crate
/// at `crates/<name>` (generation says so when it is missing).
pub fn providers(root: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("specs"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "yaml")
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            out.push(stem.to_string());
        }
    }
    out.sort();
    Ok(out)
}

/// The generated files of one provider, relative to the workspace root.
#[derive(Debug)]
pub struct Generated {
    pub provider: String,
    /// The folder this run owns entirely (stale files in it are removed).
    pub dir: PathBuf,
    pub files: Vec<(PathBuf, String)>,
    /// Rewrites that changed something, with how many places.
    pub rewrites: Vec<(&'static str, usize)>,
    /// The spec file, its normalised form and positions, to name the spot of a compile error.
    pub spec_file: PathBuf,
    pub normalised: serde_json::Value,
    pub positions: positions::Positions,
}

/// Everything that is computed for one spec before any file is written.
pub struct Pipeline {
    pub original: serde_json::Value,
    pub normalised: serde_json::Value,
    pub rewrites: Vec<(&'static str, usize)>,
    pub open_enums: Vec<String>,
    /// Where each node of the spec is written, for messages.
    pub positions: positions::Positions,
}

/// Parses, lints and normalises a spec text. `file` is only used in messages.
pub fn prepare(file: &Path, text: &str) -> Result<Pipeline, Vec<Diagnostic>> {
    let (original, positions) = spec::read(file, text)?;
    let located = |d: Vec<Diagnostic>| diag::locate(d, &positions);
    spec::check_version(file, &original).map_err(|d| located(vec![d]))?;
    let mut problems = lint::spec(file, &original);
    problems.extend(paging::read(file, &original).1);
    problems.extend(columns::lint(file, &original));
    problems.extend(idempotent::lint(file, &original));
    if let Err(d) = spec::to_openapi(file, &original) {
        problems.push(d);
    }
    if !problems.is_empty() {
        return Err(located(problems));
    }
    let mut normalised = original.clone();
    let rewrites = rewrite::normalise(&mut normalised);
    let problems = lint::generator_limits(file, &normalised);
    if !problems.is_empty() {
        return Err(located(problems));
    }
    let open_enums = render::open_enums::enum_schemas(&normalised);
    Ok(Pipeline {
        original,
        normalised,
        rewrites,
        open_enums,
        positions,
    })
}

/// progenitor's client for a spec, parsed once: its syntax tree with the fix-ups applied and
/// the model every renderer reads.
pub fn client(file: &Path, p: &Pipeline) -> Result<render::ClientCode, Vec<Diagnostic>> {
    let code = render::client::generate(file, &p.normalised, &p.open_enums, Kind::Client)
        .map_err(|d| diag::locate(d, &p.positions))?;
    let provider = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let optional = render::optional_bodies::operations(&p.normalised);
    let client =
        render::fix_client(&code, provider, &optional).map_err(|e| at_operation(file, p, e))?;
    // Every later step finds operations through the model: one it missed would be skipped.
    let (read, written) = (
        client.model.operations.len(),
        model::operations(&p.normalised).len(),
    );
    if read != written {
        let m = format!(
            "{read} operation builders read in progenitor's client for {written} operations: its output changed shape"
        );
        return Err(diag::locate(
            vec![Diagnostic::new(file, "", m)],
            &p.positions,
        ));
    }
    Ok(client)
}

/// The client code alone (used by the fixture snapshot tests).
pub fn client_code(file: &Path, p: &Pipeline) -> Result<String, Vec<Diagnostic>> {
    client(file, p)?
        .print()
        .map_err(|m| diag::locate(vec![Diagnostic::new(file, "", m)], &p.positions))
}

/// A renderer's error, at the operation it names (through the model's method name) or at the
/// whole spec.
fn at_operation(file: &Path, p: &Pipeline, e: render::RenderError) -> Vec<Diagnostic> {
    let at = e
        .operation
        .as_deref()
        .and_then(|name| model::find_operation(&p.normalised, |n| n == name))
        .map(|o| o.pointer())
        .unwrap_or_default();
    diag::locate(vec![Diagnostic::new(file, at, e.message)], &p.positions)
}

/// The `paging.rs` of a spec (`x-userapi-pagination`), from the model of its client.
pub fn paging_code(
    file: &Path,
    p: &Pipeline,
    client: &client_model::ClientModel,
) -> Result<String, Vec<Diagnostic>> {
    let (paged, problems) = paging::read(file, &p.normalised);
    if !problems.is_empty() {
        return Err(diag::locate(problems, &p.positions));
    }
    let code = render::paging::render(client, &paged).map_err(|e| at_operation(file, p, e))?;
    render::format_rust(&code)
        .map_err(|m| diag::locate(vec![Diagnostic::new(file, "", m)], &p.positions))
}

/// Generates every file of one provider in memory.
pub fn generate_provider(root: &Path, provider: &str) -> Result<Generated, Vec<Diagnostic>> {
    let spec_rel = format!("specs/{provider}.yaml");
    let file = PathBuf::from(&spec_rel);
    let text = std::fs::read_to_string(root.join(&spec_rel)).map_err(|e| {
        vec![Diagnostic::new(
            &file,
            "",
            format!("cannot read the spec: {e}"),
        )]
    })?;
    let crate_dir = PathBuf::from("crates").join(provider);
    if !root.join(&crate_dir).join("Cargo.toml").is_file() {
        return Err(vec![Diagnostic::new(
            &file,
            "",
            format!(
                "no crate at {}: create its Cargo.toml and src/lib.rs first",
                crate_dir.display()
            ),
        )]);
    }
    let p = prepare(&file, &text)?;
    render_provider(root, provider, &spec_rel, &file, &crate_dir, &p)
        .map_err(|d| diag::locate(d, &p.positions))
}

fn render_provider(
    root: &Path,
    provider: &str,
    spec_rel: &str,
    file: &Path,
    crate_dir: &Path,
    p: &Pipeline,
) -> Result<Generated, Vec<Diagnostic>> {
    let fmt =
        |code: String| render::format_rust(&code).map_err(|m| vec![Diagnostic::new(file, "", m)]);
    let header = render::header(spec_rel);

    let mut client = client(file, p)?;
    let paging = paging_code(file, p, &client.model)?;
    // Not in `client_code`: the fixture snapshots keep progenitor's stubs, so they show only
    // what the rewrites change.
    let crate_name = format!("userapi_{}", provider.replace('-', "_"));
    let located = |m: String| vec![Diagnostic::new(file, "", m)];
    client.with_doc_examples(&crate_name).map_err(located)?;
    let model = &client.model;
    let client = client.print().map_err(located)?;
    let mock_spec = rewrite::for_mocks(&p.original, &p.normalised);
    let mock = render::client::generate(
        file,
        &mock_spec,
        &p.open_enums,
        Kind::Mock {
            crate_path: "crate::generated::client",
        },
    )?;
    let parsed: syn::File = syn::parse_str(&mock).map_err(|e| {
        vec![Diagnostic::new(
            file,
            "",
            format!("the mock code does not parse: {e}"),
        )]
    })?;
    let mock = fmt(format!("{mock}\n{}", render::paging::mock_headers(&parsed)))?;
    // prettyplease leaves macro bodies on one line, so this file keeps its own layout; parsing
    // it still proves it is valid Rust.
    let enums = render::open_enums::render(&p.normalised, &p.open_enums);
    fmt(enums.clone())?;
    let ops = fmt(render::operations::render(
        provider,
        &p.original,
        &p.normalised,
    ))?;

    let dir = crate_dir.join("src").join("generated");
    let mut files = vec![
        (dir.join("mod.rs"), render::module_index(spec_rel)),
        (dir.join("client.rs"), format!("{header}{client}")),
        (dir.join("mock.rs"), format!("{header}{mock}")),
        (dir.join("open_enums.rs"), format!("{header}{enums}")),
        (dir.join("operations.rs"), format!("{header}{ops}")),
        (dir.join("paging.rs"), format!("{header}{paging}")),
    ];
    files.extend(cli_files(root, provider, spec_rel, file, p, model)?);
    Ok(Generated {
        provider: provider.to_string(),
        dir,
        files,
        rewrites: p.rewrites.clone(),
        spec_file: file.to_path_buf(),
        normalised: p.normalised.clone(),
        positions: p.positions.clone(),
    })
}

/// Where the `userapi` command line keeps its generated code.
pub const CLI_GENERATED: &str = "crates/cli/src/generated";

/// The provider's module of the `userapi` command line, and the module index naming every
/// provider; nothing when the checkout has no `crates/cli`.
fn cli_files(
    root: &Path,
    provider: &str,
    spec_rel: &str,
    file: &Path,
    p: &Pipeline,
    client: &client_model::ClientModel,
) -> Result<Vec<(PathBuf, String)>, Vec<Diagnostic>> {
    if !root.join("crates/cli/Cargo.toml").is_file() {
        return Ok(Vec::new());
    }
    let located = |m: String| vec![Diagnostic::new(file, "", m)];
    let (paged, _) = paging::read(file, &p.normalised);
    let code = render::cli::render(provider, &p.normalised, client, &paged)
        .map_err(|e| at_operation(file, p, e))?;
    let code = render::format_rust(&code).map_err(located)?;
    // Providers with a crate: a spec whose crate is not scaffolded yet has no module.
    let all: Vec<String> = providers(root)
        .map_err(|e| located(format!("cannot list the specs: {e}")))?
        .into_iter()
        .filter(|p| root.join("crates").join(p).join("Cargo.toml").is_file())
        .collect();
    let dir = PathBuf::from(CLI_GENERATED);
    Ok(vec![
        (
            dir.join(format!("{}.rs", provider.replace('-', "_"))),
            format!("{}{code}", render::header(spec_rel)),
        ),
        (dir.join("mod.rs"), render::cli::module_index(&all)),
    ])
}

#[cfg(test)]
#[allow(clippy::panic)] // a test fails by panicking
mod tests {
    use super::*;

    /// Two operations, the second with a query parameter named after the first, whose pattern
    /// no sample matches: the CLI cannot make its example.
    const SPEC: &str = "openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /list:
    get:
      operationId: list
      responses: { '204': { description: none } }
  /search:
    get:
      operationId: search
      parameters:
        - { name: list, in: query, schema: { type: string, pattern: '^zz+$' } }
      responses: { '204': { description: none } }
";

    #[test]
    fn a_renderer_error_is_pinned_to_its_operation_not_to_one_its_message_mentions() {
        let file = Path::new("t.yaml");
        let p = prepare(file, SPEC).unwrap_or_else(|d| panic!("{d:?}"));
        let client = client(file, &p).unwrap_or_else(|d| panic!("{d:?}"));
        let Err(e) = render::cli::render("t", &p.normalised, &client.model, &[]) else {
            panic!("a parameter without a sample was accepted");
        };
        assert!(e.message.contains("`search` `list`"), "{}", e.message);
        let d = at_operation(file, &p, e);
        assert_eq!(
            d.iter().map(|d| d.pointer.as_str()).collect::<Vec<_>>(),
            ["/paths/~1search/get"]
        );
    }
}
