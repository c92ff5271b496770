#![allow(missing_docs)]
//! `cargo xtask`: generate the clients from `specs/`, check them, scaffold a provider.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use xtask::{generate_provider, output, providers};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  generate [PROVIDER...]   lint each spec, generate its client into crates/<provider>/src/generated/,
                           compile-check the result, then replace the files (all or nothing)
                           and print the changes to each provider's public API for review
                           (snapshots: xtask/tests/snapshots/api__*; CI's cargo-semver-checks
                           says which changes break callers)
      --check              write nothing; fail with a diff when committed code is stale
      --no-compile-check   skip `cargo check` of the new code before it replaces the old
      --root DIR           the checkout to work in (default: the one this xtask belongs to)
  new-provider NAME        scaffold crates/NAME, the facade feature `NAME` and the test binary
                           tests/NAME from specs/NAME.yaml (which must pass the lint), then
                           generate it
      --root DIR           as above
  help, --help, -h         this text

Providers are the files specs/<provider>.yaml (default: all of them), each with its crate in
crates/<provider>/.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((cmd, rest)) if cmd == "generate" => generate(rest),
        Some((cmd, rest)) if cmd == "new-provider" => new_provider(rest),
        Some((cmd, _)) if ["help", "--help", "-h"].contains(&cmd.as_str()) => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some((cmd, _)) => {
            eprintln!("unknown command {cmd}\n\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

struct Options {
    check: bool,
    compile_check: bool,
    root: PathBuf,
    wanted: Vec<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        check: false,
        compile_check: true,
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."),
        wanted: Vec::new(),
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--check" => o.check = true,
            "--no-compile-check" => o.compile_check = false,
            "--root" => {
                o.root = it
                    .next()
                    .map(PathBuf::from)
                    .ok_or("--root needs a directory")?
            }
            "--help" | "-h" => return Err(String::new()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            provider => o.wanted.push(provider.to_string()),
        }
    }
    Ok(o)
}

fn new_provider(args: &[String]) -> ExitCode {
    let o = match parse(args) {
        Ok(o) if o.wanted.len() == 1 && !o.check => o,
        Ok(_) => {
            eprintln!("new-provider takes one NAME\n\n{USAGE}");
            return ExitCode::from(2);
        }
        Err(why) if why.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(why) => {
            eprintln!("{why}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let name = &o.wanted[0];
    let plan = match xtask::scaffold::plan(&o.root, name) {
        Ok(p) => p,
        Err(why) => {
            eprintln!("{why}\nnew-provider failed: no file was written");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = xtask::scaffold::write(&o.root, &plan) {
        eprintln!("writing the scaffold failed: {e}");
        return ExitCode::FAILURE;
    }
    for (path, _) in &plan {
        println!("wrote {}", path.display());
    }
    let mut gen_args = vec![
        "--root".to_string(),
        o.root.display().to_string(),
        name.clone(),
    ];
    if !o.compile_check {
        gen_args.push("--no-compile-check".to_string());
    }
    let code = generate(&gen_args);
    if code == ExitCode::SUCCESS {
        println!(
            "next: constructors and docs in crates/{name}/src/lib.rs, a row in README.md, wire tests in tests/{name}/, \
             and the API snapshot: INSTA_UPDATE=always cargo test -p xtask --test api"
        );
    }
    code
}

fn generate(args: &[String]) -> ExitCode {
    let o = match parse(args) {
        Ok(o) => o,
        Err(why) if why.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(why) => {
            eprintln!("{why}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let known = match providers(&o.root) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("cannot list {}: {e}", o.root.join("specs").display());
            return ExitCode::FAILURE;
        }
    };
    if let Some(bad) = o.wanted.iter().find(|w| !known.contains(w)) {
        eprintln!(
            "unknown provider {bad}: there is no specs/{bad}.yaml (providers: {})",
            known.join(" ")
        );
        return ExitCode::from(2);
    }
    let wanted = if o.wanted.is_empty() { known } else { o.wanted };
    let root = o.root;
    let started = Instant::now();
    let mut generated = Vec::new();
    let mut failed = false;
    for provider in &wanted {
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
    if o.check {
        return check(&root, &generated);
    }
    if o.compile_check
        && let Err(problems) = xtask::compile::check(&root, &generated)
    {
        for p in problems {
            eprintln!("{p}");
        }
        eprintln!("generation failed: the new code does not compile; no file was written");
        return ExitCode::FAILURE;
    }
    let api_changes = api_changes(&root, &generated);
    match output::write(&root, &generated) {
        Ok(changed) => {
            print!("{api_changes}");
            for g in &generated {
                let lines: usize = g.files.iter().map(|(_, t)| t.lines().count()).sum();
                let rw: Vec<String> = g.rewrites.iter().map(|(n, c)| format!("{n}×{c}")).collect();
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

/// What changes in each provider's public API (see `xtask::api`), removed and changed lines first.
fn api_changes(root: &std::path::Path, generated: &[xtask::Generated]) -> String {
    let mut out = String::new();
    for g in generated {
        let text = |name: &str, committed: bool| -> String {
            let path = g.dir.join(name);
            if committed {
                std::fs::read_to_string(root.join(&path)).unwrap_or_default()
            } else {
                g.files
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default()
            }
        };
        let surface = |committed: bool| {
            xtask::api::surface_with_paging(
                &text("client.rs", committed),
                &text("open_enums.rs", committed),
                &text("paging.rs", committed),
            )
            .unwrap_or_default()
        };
        let changes = xtask::api::diff(&surface(true), &surface(false));
        if changes.is_empty() {
            continue;
        }
        // Whether a change breaks callers is cargo-semver-checks' call, in CI (`.ci/semver`).
        out.push_str(&format!(
            "{}: API changes (CI's cargo-semver-checks says which break callers); review, then accept the snapshot with `INSTA_UPDATE=always cargo test -p xtask --test api`:\n",
            g.provider
        ));
        for c in changes {
            out.push_str(&format!("  {}\n", c.text));
        }
    }
    out
}

fn check(root: &std::path::Path, generated: &[xtask::Generated]) -> ExitCode {
    match output::check(root, generated) {
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
}
