//! The terminal defaults, in a real pseudo-terminal (not a faked `isatty`): a listing as a
//! table and one object as YAML on a terminal, JSON when stdout is a pipe, and the `--all`
//! progress line on stderr appearing and then cleared.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

/// What a pseudo-terminal showed while `program args` ran in it (stdout and stderr both on
/// it, unless the command redirects one), and the exit code.
fn in_terminal(program: &str, args: &[&str]) -> (u32, String) {
    in_terminal_of(120, program, args)
}

/// As [`in_terminal`], in a terminal `cols` wide.
fn in_terminal_of(cols: u16, program: &str, args: &[&str]) -> (u32, String) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(program);
    cmd.args(args);
    // No USERAPI_* or COLUMNS of the machine: the width is the terminal's.
    cmd.env_clear();
    cmd.env("TERM", "xterm");
    cmd.env("PATH", "/usr/bin:/bin");
    let mut child = pty.slave.spawn_command(cmd).expect("the command starts");
    // Ours closed, the terminal ends when the child does: the reader then sees its end.
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let (send, seen) = mpsc::channel();
    std::thread::spawn(move || {
        let mut shown = Vec::new();
        // Linux answers EIO once the other side is closed: what was read is kept.
        let _ = reader.read_to_end(&mut shown);
        let _ = send.send(shown);
    });
    // Real time only as a guard against a hang: a mock listing takes well under a second,
    // a minute is for a loaded machine.
    let shown = match seen.recv_timeout(Duration::from_secs(60)) {
        Ok(shown) => shown,
        Err(_) => {
            let _ = child.kill();
            panic!("{program} {args:?} did not end");
        }
    };
    let status = child.wait().unwrap();
    (
        status.exit_code(),
        String::from_utf8_lossy(&shown).into_owned(),
    )
}

fn userapi(args: &[&str]) -> (u32, String) {
    in_terminal(env!("CARGO_BIN_EXE_userapi"), args)
}

#[test]
fn a_listing_is_a_table_on_a_terminal() {
    let (code, shown) = userapi(&["--mock", "kratos", "list-identities"]);
    assert_eq!(code, 0, "{shown}");
    let first = shown.lines().next().unwrap_or_default();
    assert_eq!(
        first.split_whitespace().collect::<Vec<_>>(),
        ["id", "traits.email", "state", "schema_id", "created_at"],
        "{shown}"
    );
    assert!(!shown.contains('{'), "no JSON: {shown}");
}

#[test]
fn a_table_is_cut_to_the_terminal_width() {
    let (code, shown) = in_terminal_of(
        40,
        env!("CARGO_BIN_EXE_userapi"),
        &["--mock", "kratos", "list-identities", "--all", "--quiet"],
    );
    assert_eq!(code, 0, "{shown}");
    let lines: Vec<&str> = shown.lines().collect();
    assert_eq!(lines.len(), 4, "a header and one line per item: {shown}");
    for line in lines {
        let line = line.trim_end_matches('\r');
        assert!(
            line.chars().count() <= 40,
            "wider than the terminal: {line:?}"
        );
    }
    assert!(shown.contains('…'), "values are cut: {shown}");
}

#[test]
fn one_object_is_yaml_on_a_terminal() {
    let (code, shown) = userapi(&[
        "--mock",
        "kratos",
        "get-identity",
        "--id",
        "00000000-0000-4000-8000-000000000001",
    ]);
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("\nstate: active"), "{shown}");
    assert!(!shown.contains('{'), "no JSON: {shown}");
}

#[test]
fn piped_stdout_gets_json() {
    let userapi = env!("CARGO_BIN_EXE_userapi");
    let (code, shown) = in_terminal(
        "/bin/sh",
        &[
            "-c",
            &format!("'{userapi}' --mock kratos list-identities | cat"),
        ],
    );
    assert_eq!(code, 0, "{shown}");
    let json: serde_json::Value = serde_json::from_str(shown.trim()).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {shown}");
    });
    assert!(json.is_array(), "{shown}");
}

/// `ESC [ 2K`: erase the line (indicatif clears its line with it).
const ERASE_LINE: &str = "\u{1b}[2K";

#[test]
fn the_progress_line_appears_then_is_cleared() {
    // stdout to a pipe, so the terminal shows stderr alone.
    let userapi = env!("CARGO_BIN_EXE_userapi");
    let (code, shown) = in_terminal(
        "/bin/sh",
        &[
            "-c",
            &format!("'{userapi}' --mock purecloud get-users --all > /dev/null"),
        ],
    );
    assert_eq!(code, 0, "{shown}");
    let last = shown
        .rfind("pages")
        .unwrap_or_else(|| panic!("no progress line: {shown:?}"));
    assert!(shown.contains(" items, "), "{shown:?}");
    assert!(shown.contains("3 pages"), "every page counted: {shown:?}");
    assert!(shown.contains(" items/s"), "the rate: {shown:?}");
    let after = &shown[last..];
    assert!(after.contains(ERASE_LINE), "cleared at the end: {shown:?}");
    let end = after.rfind(ERASE_LINE).unwrap() + ERASE_LINE.len();
    assert!(
        after[end..].trim().is_empty(),
        "nothing left on the terminal after the line is cleared: {shown:?}"
    );
}

#[test]
fn quiet_shows_no_progress_line() {
    let userapi = env!("CARGO_BIN_EXE_userapi");
    let (code, shown) = in_terminal(
        "/bin/sh",
        &[
            "-c",
            &format!("'{userapi}' --mock --quiet purecloud get-users --all > /dev/null"),
        ],
    );
    assert_eq!(code, 0, "{shown}");
    assert!(!shown.contains("pages"), "{shown:?}");
}
