//! Compile-checks generated code before it replaces anything: the new files are staged beside
//! copies of their crates in a throw-away workspace under `target/`, `cargo check` runs there
//! (sharing the checkout's target directory, so dependencies are not rebuilt), and each error is
//! reported against the spec: the operation or schema whose generated code failed.

mod blame;

use crate::Generated;
use crate::diag::Diagnostic;
use serde_json::Value;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `Ok` when every provider's new code compiles with its hand-written crate around it.
pub fn check(root: &Path, all: &[Generated]) -> Result<(), Vec<Diagnostic>> {
    let fail = |e: io::Error| {
        vec![Diagnostic::new(
            Path::new("target/xtask-compile-check"),
            "",
            format!("cannot stage the compile check: {e}"),
        )]
    };
    let staging = root.join("target").join("xtask-compile-check");
    stage(root, &staging, all).map_err(fail)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .arg("check")
        .arg("--manifest-path")
        .arg(staging.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(root.join("target"))
        .args(["--workspace", "--all-features", "--message-format=json"])
        .current_dir(&staging)
        .output()
        .map_err(fail)?;
    if output.status.success() {
        return Ok(());
    }
    let mut problems = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if msg.get("reason").and_then(Value::as_str) != Some("compiler-message") {
            continue;
        }
        let Some(m) = msg.get("message") else {
            continue;
        };
        if m.get("level").and_then(Value::as_str) != Some("error") {
            continue;
        }
        problems.push(blame(&staging, all, m));
    }
    if problems.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        problems.push(Diagnostic::new(
            Path::new("target/xtask-compile-check"),
            "",
            format!(
                "`cargo check` of the generated code failed: {}",
                stderr.trim()
            ),
        ));
    }
    problems.dedup_by(|a, b| a.pointer == b.pointer && a.message == b.message);
    Err(problems)
}

fn stage(root: &Path, staging: &Path, all: &[Generated]) -> io::Result<()> {
    if staging.exists() {
        fs::remove_dir_all(staging)?;
    }
    fs::create_dir_all(staging)?;
    let root_abs = root.canonicalize()?;
    let mut members = Vec::new();
    // The command line is checked with the new provider modules (written below).
    let cli = PathBuf::from("crates").join("cli");
    let with_cli = root.join(&cli).join("Cargo.toml").is_file()
        && all
            .iter()
            .any(|g| g.files.iter().any(|(p, _)| p.starts_with(&cli)));
    if with_cli {
        copy_dir(&root.join(&cli), &staging.join(&cli), Path::new(""))?;
        members.push(format!("{:?}", cli.display().to_string()));
    }
    // The command line's `people` commands go through `userapi-people`, which depends on the
    // providers: left in the checkout it would bring the checkout's copy of each staged
    // provider beside the new one, so it is staged with the command line.
    let people = PathBuf::from("crates").join("people");
    let with_people = with_cli && root.join(&people).join("Cargo.toml").is_file();
    if with_people {
        copy_dir(&root.join(&people), &staging.join(&people), Path::new(""))?;
        members.push(format!("{:?}", people.display().to_string()));
    }
    for g in all {
        let crate_dir = PathBuf::from("crates").join(&g.provider);
        copy_dir(
            &root.join(&crate_dir),
            &staging.join(&crate_dir),
            &root.join(&g.dir),
        )?;
        for (path, text) in &g.files {
            let target = staging.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(target, text)?;
        }
        members.push(format!("{:?}", crate_dir.display().to_string()));
    }
    // The checkout's manifest, with only the staged crates as members and every other path
    // dependency pointing back at the checkout.
    let manifest = fs::read_to_string(root.join("Cargo.toml"))?;
    let mut out = String::new();
    for line in manifest.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("members") {
            out.push_str(&format!("members = [{}]\n", members.join(", ")));
        } else if trimmed.starts_with("default-members") {
            continue;
        } else if all
            .iter()
            .any(|g| line.contains(&format!("path = \"crates/{}\"", g.provider)))
            || (with_people && line.contains("path = \"crates/people\""))
        {
            // A staged provider: the command line must build against the new code.
            out.push_str(line);
            out.push('\n');
        } else {
            out.push_str(&line.replace(
                "path = \"crates/",
                &format!("path = \"{}/crates/", root_abs.display()),
            ));
            out.push('\n');
        }
    }
    fs::write(staging.join("Cargo.toml"), out)?;
    fs::copy(root.join("Cargo.lock"), staging.join("Cargo.lock"))?;
    Ok(())
}

/// Copies a crate folder, leaving out `skip` (its old generated code) and build output.
fn copy_dir(from: &Path, to: &Path, skip: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if path == skip || entry.file_name() == "target" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()), skip)?;
        } else {
            fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Names the operation or schema whose generated code holds the error's primary span (see
/// [`blame::culprit`]).
fn blame(staging: &Path, all: &[Generated], m: &Value) -> Diagnostic {
    let text = m.get("message").and_then(Value::as_str).unwrap_or("error");
    let code = m
        .pointer("/code/code")
        .and_then(Value::as_str)
        .map(|c| format!("[{c}] "))
        .unwrap_or_default();
    let span = m.get("spans").and_then(Value::as_array).and_then(|s| {
        s.iter()
            .find(|s| s.get("is_primary") == Some(&Value::Bool(true)))
            .or(s.first())
    });
    let file = span
        .and_then(|s| s.get("file_name"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let line = span
        .and_then(|s| s.get("line_start"))
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    let rel = Path::new(file)
        .strip_prefix(staging)
        .unwrap_or(Path::new(file))
        .to_path_buf();
    let owner = all.iter().find(|g| {
        rel.starts_with(PathBuf::from("crates").join(&g.provider))
            || g.files.iter().any(|(p, _)| *p == rel)
    });
    let Some(g) = owner else {
        return Diagnostic::new(
            Path::new(file),
            "",
            format!("generated code does not compile: {code}{text} (line {line})"),
        );
    };
    let generated = g
        .files
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, t)| t.as_str());
    let client_rs = g.dir.join("client.rs");
    let client = g
        .files
        .iter()
        .find(|(p, _)| *p == client_rs)
        .map_or("", |(_, t)| t.as_str());
    let (ptr, message) = match generated {
        Some(t) => {
            let (ptr, what) = blame::culprit(&g.normalised, client, t, rel == client_rs, line);
            let message = format!(
                "the code generated for {what} does not compile: {code}{text} ({}:{line}); change the spec so it names things differently, or report a generator bug",
                rel.display()
            );
            (ptr, message)
        }
        // The generated code compiles but the hand-written code around it no longer does (a
        // type or operation it uses was renamed or removed).
        None => (
            String::new(),
            format!(
                "the hand-written code of the provider crate does not compile against the new client: {code}{text} ({}:{line}); update it along with the spec",
                rel.display()
            ),
        ),
    };
    let mut d = Diagnostic::new(&g.spec_file, ptr.clone(), message);
    d.location = Some(g.positions.locate(&ptr));
    d
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A checkout with a provider, the runtime, the command line and `userapi-people`.
    fn checkout(dir: &Path) {
        let _ = fs::remove_dir_all(dir);
        let write = |path: &str, text: &str| {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        };
        write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\n\
             userapi-runtime = { path = \"crates/runtime\" }\n\
             userapi-kratos = { path = \"crates/kratos\" }\n\
             userapi-people = { path = \"crates/people\" }\n",
        );
        write("Cargo.lock", "");
        for krate in ["runtime", "kratos", "people", "cli"] {
            write(&format!("crates/{krate}/Cargo.toml"), "[package]\n");
        }
    }

    #[test]
    fn the_people_crate_is_staged_with_the_command_line() {
        let root = std::env::temp_dir().join(format!("xtask-stage-{}", std::process::id()));
        checkout(&root);
        let generated = Generated {
            provider: "kratos".into(),
            dir: PathBuf::from("crates/kratos/src/generated"),
            files: vec![(
                PathBuf::from("crates/cli/src/generated/kratos.rs"),
                String::new(),
            )],
            rewrites: Vec::new(),
            spec_file: PathBuf::from("specs/kratos.yaml"),
            normalised: serde_json::Value::Null,
            positions: Default::default(),
        };
        let staging = root.join("staging");
        stage(&root, &staging, &[generated]).unwrap();
        assert!(staging.join("crates/people/Cargo.toml").is_file());
        let manifest = fs::read_to_string(staging.join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains("members = [\"crates/cli\", \"crates/people\", \"crates/kratos\"]"),
            "{manifest}"
        );
        // Staged crates by their staged path, the rest back in the checkout: one copy of each.
        assert!(
            manifest.contains("userapi-people = { path = \"crates/people\" }"),
            "{manifest}"
        );
        assert!(
            manifest.contains("userapi-kratos = { path = \"crates/kratos\" }"),
            "{manifest}"
        );
        let runtime = format!(
            "path = \"{}/crates/runtime\"",
            root.canonicalize().unwrap().display()
        );
        assert!(manifest.contains(&runtime), "{manifest}");
        let _ = fs::remove_dir_all(&root);
    }
}
