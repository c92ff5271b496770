#![allow(missing_docs)]
//! `cargo xtask generate [--check] [PROVIDER...]`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use xtask::{PROVIDERS, generate_provider, output};

const USAGE: &str = "usage: cargo xtask generate [--check] [PROVIDER...]\n\
    providers: pingone kratos purecloud sendauth circuit (default: every spec in specs/)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, rest)) if cmd == "generate" => generate(rest),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn generate(args: &[String]) -> ExitCode {
    let check = args.iter().any(|a| a == "--check");
    let mut wanted: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with("--"))
        .map(String::as_str)
        .collect();
    if let Some(bad) = args.iter().find(|a| a.starts_with("--") && *a != "--check") {
        eprintln!("unknown option {bad}\n{USAGE}");
        return ExitCode::from(2);
    }
    if let Some(bad) = wanted.iter().find(|w| !PROVIDERS.contains(w)) {
        eprintln!("unknown provider {bad}\n{USAGE}");
        return ExitCode::from(2);
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    if wanted.is_empty() {
        wanted = PROVIDERS
            .iter()
            .copied()
            .filter(|p| root.join(format!("specs/{p}.yaml")).is_file())
            .collect();
    }
    let started = Instant::now();
    let mut generated = Vec::new();
    let mut failed = false;
    for provider in wanted {
        match generate_provider(&root, provider) {
            Ok(g) => generated.push(g),
            Err(problems) => {
                failed = true;
                for p in problems {
                    eprintln!("{p}");
                }
            }
        }
    }
    if failed {
        eprintln!("generation failed: no file was written");
        return ExitCode::FAILURE;
    }
    if check {
        match output::check(&root, &generated) {
            Ok(diffs) if diffs.is_empty() => {
                println!(
                    "generated code is up to date ({} providers)",
                    generated.len()
                );
                ExitCode::SUCCESS
            }
            Ok(diffs) => {
                for d in &diffs {
                    eprint!("{d}");
                }
                eprintln!(
                    "{} generated file(s) differ: run `cargo xtask generate` and commit",
                    diffs.len()
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("cannot read the committed files: {e}");
                ExitCode::FAILURE
            }
        }
    } else {
        match output::write(&root, &generated) {
            Ok(changed) => {
                for g in &generated {
                    let lines: usize = g.files.iter().map(|(_, t)| t.lines().count()).sum();
                    let rw: Vec<String> =
                        g.rewrites.iter().map(|(n, c)| format!("{n}×{c}")).collect();
                    println!(
                        "{}: {} files, {lines} lines; rewrites: {}",
                        g.provider,
                        g.files.len(),
                        rw.join(", ")
                    );
                }
                println!("{changed} file(s) changed in {:.2?}", started.elapsed());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("writing failed: {e}");
                ExitCode::FAILURE
            }
        }
    }
}
