#![allow(missing_docs)] // an internal build tool: its API is documented where it is not obvious
//! `cargo xtask generate`: spec → lint → normalise → progenitor → formatted files.
//!
//! The library half exists so the pipeline can be tested on fixture specs.

pub mod diag;
pub mod lint;
pub mod model;
pub mod output;
pub mod render;
pub mod rewrite;
pub mod spec;

use diag::Diagnostic;
use render::client::Kind;
use std::path::{Path, PathBuf};

/// The provider keys, in the order they are generated.
pub const PROVIDERS: [&str; 5] = ["pingone", "kratos", "purecloud", "sendauth", "circuit"];

/// The generated files of one provider, relative to the workspace root.
#[derive(Debug)]
pub struct Generated {
    pub provider: String,
    /// The folder this run owns entirely (stale files in it are removed).
    pub dir: PathBuf,
    pub files: Vec<(PathBuf, String)>,
    /// Rewrites that changed something, with how many places.
    pub rewrites: Vec<(&'static str, usize)>,
}

/// Everything that is computed for one spec before any file is written.
pub struct Pipeline {
    pub original: serde_json::Value,
    pub normalised: serde_json::Value,
    pub rewrites: Vec<(&'static str, usize)>,
    pub open_enums: Vec<String>,
}

/// Parses, lints and normalises a spec text. `file` is only used in messages.
pub fn prepare(file: &Path, text: &str) -> Result<Pipeline, Vec<Diagnostic>> {
    let original = spec::read_yaml(file, text).map_err(|d| vec![d])?;
    spec::check_version(file, &original).map_err(|d| vec![d])?;
    spec::to_openapi(file, &original).map_err(|d| vec![d])?;
    let problems = lint::spec(file, &original);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut normalised = original.clone();
    let rewrites = rewrite::normalise(&mut normalised);
    let problems = lint::generator_limits(file, &normalised);
    if !problems.is_empty() {
        return Err(problems);
    }
    let open_enums = render::open_enums::enum_schemas(&normalised);
    Ok(Pipeline {
        original,
        normalised,
        rewrites,
        open_enums,
    })
}

/// The client code alone (used by the fixture snapshot tests).
pub fn client_code(file: &Path, p: &Pipeline) -> Result<String, Vec<Diagnostic>> {
    let code = render::client::generate(file, &p.normalised, &p.open_enums, Kind::Client)?;
    let provider = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    render::format_client(&code, provider).map_err(|m| vec![Diagnostic::new(file, "", m)])
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
    let fmt =
        |code: String| render::format_rust(&code).map_err(|m| vec![Diagnostic::new(&file, "", m)]);
    let header = render::header(&spec_rel);

    let client = client_code(&file, &p)?;
    // Not in `client_code`: the fixture snapshots keep progenitor's stubs, so they show only
    // what the rewrites change.
    let operations = client.matches("operation_id: \"").count();
    let crate_name = format!("userapi_{}", provider.replace('-', "_"));
    let client = render::with_doc_examples(&client, &crate_name, operations)
        .map_err(|m| vec![Diagnostic::new(&file, "", m)])?;
    let mock_spec = rewrite::for_mocks(&p.original, &p.normalised);
    let mock = fmt(render::client::generate(
        &file,
        &mock_spec,
        &p.open_enums,
        Kind::Mock {
            crate_path: "crate::generated::client",
        },
    )?)?;
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
    let files = vec![
        (dir.join("mod.rs"), render::module_index(&spec_rel)),
        (dir.join("client.rs"), format!("{header}{client}")),
        (dir.join("mock.rs"), format!("{header}{mock}")),
        (dir.join("open_enums.rs"), format!("{header}{enums}")),
        (dir.join("operations.rs"), format!("{header}{ops}")),
    ];
    Ok(Generated {
        provider: provider.to_string(),
        dir,
        files,
        rewrites: p.rewrites,
    })
}
