//! `cargo xtask new-provider NAME`: a crate, a facade feature and a test binary for a spec that
//! is already in `specs/NAME.yaml`, then its first generation.
//!
//! Every edit of an existing file is made in memory and must find its anchor before anything is
//! written, so a checkout whose files do not look as expected is left untouched.

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// The files to create and the new contents of the files to change.
pub fn plan(root: &Path, name: &str) -> Result<Vec<(PathBuf, String)>, String> {
    if !(name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
    {
        return Err(format!(
            "`{name}`: a provider name is lower-case letters and digits, starting with a letter"
        ));
    }
    let spec_rel = format!("specs/{name}.yaml");
    let text = fs::read_to_string(root.join(&spec_rel))
        .map_err(|e| format!("{spec_rel}: {e} (write the spec first)"))?;
    if root.join("crates").join(name).exists() {
        return Err(format!(
            "crates/{name} exists already: `cargo xtask generate {name}` regenerates it"
        ));
    }
    // The spec must pass the lint before anything is written.
    let p = crate::prepare(Path::new(&spec_rel), &text).map_err(|problems| {
        problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let title = p
        .original
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or(name)
        .replace('"', "'");
    let krate = format!("userapi-{name}");
    let ident = format!("userapi_{name}");
    let mut out = Vec::new();

    out.push((
        PathBuf::from(format!("crates/{name}/Cargo.toml")),
        format!(
            "[package]\nname = \"{krate}\"\ndescription = \"Typed client for the {title}, generated from {spec_rel}.\"\n\
             version.workspace = true\nedition.workspace = true\nrust-version.workspace = true\n\
             license.workspace = true\nrepository.workspace = true\nkeywords.workspace = true\n\
             categories.workspace = true\nreadme = \"README.md\"\ndocumentation = \"https://docs.rs/{krate}\"\n\n\
             [features]\ndefault = [\"rustls\"]\n\
             ## TLS through rustls with the aws-lc-rs crypto provider (reqwest's own default).\nrustls = [\"userapi-runtime/rustls\"]\n\
             ## TLS through rustls with the ring crypto provider: fewer and smaller C parts to build.\nrustls-ring = [\"userapi-runtime/rustls-ring\"]\n\
             ## TLS through the platform's native library (OpenSSL on Linux).\nnative-tls = [\"userapi-runtime/native-tls\"]\n\
             ## Typed httpmock mocks of every operation, for your own tests.\nmock = [\"dep:httpmock\", \"dep:regex\"]\n\n\
             [dependencies]\nuserapi-runtime.workspace = true\nprogenitor-client.workspace = true\n\
             reqwest.workspace = true\nserde.workspace = true\nserde_json.workspace = true\n\
             chrono.workspace = true\nuuid.workspace = true\nregress.workspace = true\n\
             httpmock = {{ workspace = true, optional = true }}\nregex = {{ workspace = true, optional = true }}\n\n\
             [lints]\nworkspace = true\n\n\
             [package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n"
        ),
    ));
    out.push((
        PathBuf::from(format!("crates/{name}/README.md")),
        format!(
            "# {krate}\n\nTyped Rust client for the {title}, generated from `{spec_rel}` with \
             progenitor. Part of [userapi](../../README.md).\n"
        ),
    ));
    out.push((
        PathBuf::from(format!("crates/{name}/src/lib.rs")),
        format!(
            "//! Typed Rust client for the {title}, generated from `{spec_rel}` with progenitor.\n//!\n\
             //! ```no_run\n//! use {ident}::{{Client, Credentials}};\n//!\n\
             //! let client = Client::with_credentials(\"https://api.example.com\", Credentials::None);\n//! ```\n//!\n\
             //! Every operation is a builder: set parameters, then `.send().await`.\n\n\
             #![deny(missing_docs)]\n\n\
             // Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).\n\
             #[rustfmt::skip]\nmod generated;\n\nuserapi_runtime::provider_crate!();\n"
        ),
    ));
    out.push((
        PathBuf::from(format!("tests/{name}/main.rs")),
        format!(
            "//! Tests of the {name} client.\n#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]\n\n\
             /// The generated operation table has exactly the spec's operations.\n#[test]\n\
             fn the_operation_table_matches_the_spec() {{\n    \
             let text = std::fs::read_to_string(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/../{spec_rel}\")).unwrap();\n    \
             let spec: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();\n    \
             let mut in_spec = Vec::new();\n    \
             for (path, item) in spec[\"paths\"].as_mapping().unwrap() {{\n        \
             for method in [\"get\", \"put\", \"post\", \"delete\", \"options\", \"head\", \"patch\", \"trace\"] {{\n            \
             if item.get(method).is_some() {{\n                \
             in_spec.push((method.to_uppercase(), path.as_str().unwrap().to_string()));\n            }}\n        }}\n    }}\n    \
             let mut in_table: Vec<(String, String)> = userapi::{name}::OPERATIONS\n        .iter()\n        \
             .map(|op| (op.method.to_string(), op.path.to_string()))\n        .collect();\n    \
             in_spec.sort();\n    in_table.sort();\n    assert_eq!(in_table, in_spec);\n}}\n"
        ),
    ));

    let edit =
        |rel: &str, f: &dyn Fn(&str) -> Option<String>| -> Result<(PathBuf, String), String> {
            let path = PathBuf::from(rel);
            let old = fs::read_to_string(root.join(&path)).map_err(|e| format!("{rel}: {e}"))?;
            let new = f(&old)
                .ok_or_else(|| format!("{rel}: not laid out as expected; add `{name}` by hand"))?;
            Ok((path, new))
        };
    // Inserts `text` after the last line that starts with `prefix`.
    fn after_last(s: &str, prefix: &str, text: &str) -> Option<String> {
        let start = s.match_indices(&format!("\n{prefix}")).last()?.0 + 1;
        let end = start + s[start..].find('\n')? + 1;
        Some(format!("{}{text}{}", &s[..end], &s[end..]))
    }
    out.push(edit("Cargo.toml", &|s| {
        after_last(
            s,
            "userapi-",
            &format!("{krate} = {{ path = \"crates/{name}\", version = \"0.1.0\", default-features = false }}\n"),
        )
    })?);
    out.push(edit("crates/userapi/Cargo.toml", &|s| {
        let s = s.replacen(
            "default = [\"rustls\", ",
            &format!("default = [\"rustls\", \"{name}\", "),
            1,
        );
        let s = s.replacen(
            "mock = [\n",
            &format!("mock = [\n    \"{krate}?/mock\",\n"),
            1,
        );
        let s = s.replacen(
            "\n[dependencies]\n",
            &format!("## {title}.\n{name} = [\"dep:{krate}\"]\n\n[dependencies]\n"),
            1,
        );
        let s = s.replacen(
            "userapi-runtime.workspace = true\n",
            &format!(
                "userapi-runtime.workspace = true\n{krate} = {{ workspace = true, optional = true }}\n"
            ),
            1,
        );
        let s = s.replacen(
            "[dev-dependencies]\n",
            &format!(
                "[dev-dependencies]\n{krate} = {{ workspace = true, features = [\"mock\"] }}\n"
            ),
            1,
        );
        (s.matches(&krate).count() == 4 && s.contains(&format!("\"{name}\", "))).then_some(s)
    })?);
    out.push(edit("crates/userapi/src/lib.rs", &|s| {
        Some(format!(
            "{}\n/// {title}: see [`{ident}`].\n#[cfg(feature = \"{name}\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"{name}\")))]\npub use {ident} as {name};\n",
            s.trim_end()
        ))
    })?);
    if root.join("crates/cli/Cargo.toml").is_file() {
        // The CLI's generated module index names every provider's crate; its `mock` feature
        // turns on each provider's mocks.
        out.push(edit("crates/cli/Cargo.toml", &|s| {
            let line = "userapi-runtime.workspace = true\n";
            let mock = "mock = [\n    \"dep:httpmock\",\n    \"dep:regex\",\n";
            (s.contains(line) && s.contains(mock)).then(|| {
                s.replacen(line, &format!("{line}{krate}.workspace = true\n"), 1)
                    .replacen(mock, &format!("{mock}    \"{krate}/mock\",\n"), 1)
            })
        })?);
    }
    out.push(edit("tests/Cargo.toml", &|s| {
        let anchor = "\n# Every operation through our clients against Stoplight Prism";
        let at = s.find(anchor)?;
        Some(format!(
            "{}\n[[test]]\nname = \"{name}\"\npath = \"{name}/main.rs\"\n{}",
            &s[..at],
            &s[at..]
        ))
    })?);
    Ok(out)
}

/// Writes the plan: new files created, changed files replaced.
pub fn write(root: &Path, plan: &[(PathBuf, String)]) -> std::io::Result<()> {
    for (path, text) in plan {
        let target = root.join(path);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(target, text)?;
    }
    Ok(())
}
