//! The command line's surface, one line per command: its flags (required ones first, `...` for
//! a repeated one), `--body` and `--all`. A spec change that renames, adds or drops a command or
//! flag shows up here, next to the client API snapshots of the xtask.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use userapi_cli::catalog;

#[test]
fn every_command_and_flag() {
    let mut out = String::new();
    for provider in catalog::providers() {
        for op in provider.operations {
            let mut line = format!("userapi {} {}", provider.name, op.name);
            let mut params: Vec<_> = op.params.iter().collect();
            params.sort_by_key(|p| !p.required);
            for p in params {
                let flag = format!(
                    "--{} <{}>{}",
                    p.flag,
                    p.wire,
                    if p.many { "..." } else { "" }
                );
                line.push(' ');
                line.push_str(&if p.required {
                    flag
                } else {
                    format!("[{flag}]")
                });
            }
            if let Some(b) = &op.body {
                let flag = format!("--body <{}: {}>", b.type_name, b.media_type);
                line.push(' ');
                line.push_str(&if b.required {
                    flag
                } else {
                    format!("[{flag}]")
                });
            }
            if op.paged() {
                line.push_str(" [--all]");
            }
            out.push_str(&line);
            out.push('\n');
        }
    }
    insta::assert_snapshot!("commands", out);
}

#[test]
fn the_command_tree_is_valid() {
    // clap's own checks (duplicate flags, conflicting names) on every command.
    userapi_cli::command().debug_assert();
}

#[test]
fn the_generator_knows_every_global_flag() {
    // The xtask renames an operation parameter that would shadow a global flag; its list
    // (`GLOBAL_FLAGS` in xtask/src/render/cli.rs) must name every one this binary has.
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../xtask/src/render/cli.rs"
    ))
    .unwrap();
    let start = source.find("pub const GLOBAL_FLAGS").unwrap();
    let list = &source[start..start + source[start..].find("];").unwrap()];
    for arg in userapi_cli::command().get_arguments() {
        if let Some(long) = arg.get_long() {
            assert!(
                list.contains(&format!("\"{long}\"")),
                "--{long} missing from GLOBAL_FLAGS"
            );
        }
    }
}
