//! `userapi man DIR`: a roff man page for `userapi` and for each of its commands.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use support::run;

#[test]
fn man_writes_a_page_per_command() {
    let dir = std::env::temp_dir().join(format!("userapi-man-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let got = run(&["man", dir.to_str().unwrap()]);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let page = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    let top = page("userapi.1");
    assert!(
        top.starts_with(".ie \\n(.g .ds Aq") || top.contains(".TH userapi 1"),
        "{top}"
    );
    assert!(
        top.contains("kratos") && top.contains("\\-\\-profile"),
        "{top}"
    );
    let op = page("userapi-kratos-list-identities.1");
    assert!(op.contains(".TH userapi-kratos-list-identities 1"), "{op}");
    assert!(op.contains("List identities"), "{op}");
    let pages = std::fs::read_dir(&dir).unwrap().count();
    let operations: usize = userapi_cli::catalog::providers()
        .iter()
        .map(|p| p.operations.len())
        .sum();
    // userapi, its five providers and 83 operations, people and its find, offboard and diff,
    // and config, config show, man, completions.
    assert_eq!(operations, 83);
    assert_eq!(pages, 1 + 5 + operations + 4 + 4, "one page per command");
    let offboard = page("userapi-people-offboard.1");
    assert!(offboard.contains(r"\-\-dry\-run"), "{offboard}");
    let _ = std::fs::remove_dir_all(&dir);
}
