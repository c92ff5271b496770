//! `--output`, `--columns` and `--query` on a listing of each provider under `--mock`:
//! snapshots of the table, YAML and query output, and the rules around them (piped runs: the
//! terminal defaults are in `terminal.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use support::{Run, run_with, userapi};
use userapi_cli::catalog;

/// One listing per provider, and a query that fits its items.
const LISTINGS: [(&str, &str, &str); 5] = [
    ("circuit", "search-users-list", ".[] | .displayName"),
    ("kratos", "list-identities", "{id, state}"),
    ("pingone", "list-verify-transactions", "keys"),
    (
        "purecloud",
        "get-users",
        "select(.state == \"active\") | .name",
    ),
    ("sendauth", "list-users", ".email"),
];

/// `--mock`, the operation's example invocation (its required flags) and `extra`; every paged
/// listing with `--all`. Tables are given 100 columns.
fn listing(provider: &str, operation: &str, extra: &[&str]) -> Run {
    let op = catalog::provider(provider)
        .and_then(|p| p.operation(operation))
        .unwrap_or_else(|| panic!("{provider} {operation} is in the catalog"));
    let example = op.example.replace("{provider}", provider);
    let mut cmd = userapi();
    cmd.env("COLUMNS", "100").arg("--mock");
    cmd.args(example.split_whitespace());
    if op.paged() {
        cmd.arg("--all");
    }
    cmd.args(extra);
    let got = run_with(&mut cmd);
    assert_eq!(got.code, Some(0), "{provider} {operation}: {}", got.stderr);
    got
}

#[test]
fn tables_of_a_listing_of_each_provider() {
    for (provider, operation, _) in LISTINGS {
        let got = listing(provider, operation, &["--output", "table"]);
        insta::assert_snapshot!(format!("table_{provider}"), got.stdout);
    }
}

#[test]
fn yaml_of_a_listing_of_each_provider() {
    for (provider, operation, _) in LISTINGS {
        let got = listing(provider, operation, &["--output", "yaml"]);
        insta::assert_snapshot!(format!("yaml_{provider}"), got.stdout);
    }
}

#[test]
fn queries_on_a_listing_of_each_provider() {
    for (provider, operation, query) in LISTINGS {
        let got = listing(
            provider,
            operation,
            &["--output", "jsonl", "--query", query],
        );
        insta::assert_snapshot!(format!("query_{provider}"), got.stdout);
    }
}

#[test]
fn the_spec_names_the_columns_and_columns_overrides_them() {
    let spec = listing("kratos", "list-identities", &["-o", "table"]);
    let header: Vec<&str> = spec
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["id", "traits.email", "state", "schema_id", "created_at"]
    );
    let chosen = listing(
        "kratos",
        "list-identities",
        &["-o", "table", "--columns", "state,id"],
    );
    let lines: Vec<&str> = chosen.stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["state", "id"]
    );
    assert_eq!(
        lines.len(),
        4,
        "a header and three items: {}",
        chosen.stdout
    );
}

#[test]
fn a_table_is_cut_to_the_width() {
    for width in ["30", "45"] {
        let mut cmd = userapi();
        cmd.env("COLUMNS", width).args([
            "--mock",
            "-o",
            "table",
            "kratos",
            "list-identities",
            "--all",
        ]);
        let got = run_with(&mut cmd);
        assert_eq!(got.code, Some(0), "{}", got.stderr);
        let limit: usize = width.parse().unwrap();
        assert_eq!(
            got.stdout.lines().count(),
            4,
            "one line per row: {}",
            got.stdout
        );
        for line in got.stdout.lines() {
            assert!(
                line.chars().count() <= limit,
                "wider than {width}: {line:?}"
            );
        }
        assert!(got.stdout.contains('…'), "values are cut: {}", got.stdout);
    }
}

#[test]
fn a_query_with_all_runs_on_each_item_as_it_streams() {
    let got = listing("kratos", "list-identities", &["--query", ".id"]);
    // Piped: one JSON array of what the query made of each item.
    let ids = got.json();
    let ids = ids.as_array().unwrap();
    assert_eq!(ids.len(), 3, "{}", got.stdout);
    assert!(ids.iter().all(|id| id.is_string()), "{}", got.stdout);
    // `empty` drops every item.
    let none = listing("kratos", "list-identities", &["--query", "empty"]);
    assert_eq!(none.json(), serde_json::json!([]));
}

#[test]
fn a_bad_query_is_a_usage_error_before_any_call() {
    let server = support::Recorder::start(|_| support::Reply::json(200, "[]"));
    for query in [".[", "no_such_filter", "{"] {
        let got = support::run(&[
            "--base-url",
            &server.url,
            "kratos",
            "list-identities",
            "--query",
            query,
        ]);
        assert_eq!(got.code, Some(2), "{query}: {}", got.stderr);
        assert!(
            got.stderr.contains("not a valid jq expression"),
            "{query}: {}",
            got.stderr
        );
        assert!(got.stdout.is_empty(), "{}", got.stdout);
    }
    let got = support::run(&[
        "--base-url",
        &server.url,
        "-o",
        "xml",
        "kratos",
        "list-identities",
    ]);
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert!(server.requests().is_empty(), "nothing is sent");
}

#[test]
fn a_query_error_on_the_answer_is_one_bounded_line() {
    let got = support::run(&[
        "--mock",
        "kratos",
        "list-identities",
        "--query",
        ".[0].id | error",
    ]);
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert_eq!(got.stderr.lines().count(), 1, "{}", got.stderr);
    assert!(got.stderr.contains("--query failed"), "{}", got.stderr);
}

#[test]
fn no_progress_line_when_stderr_is_not_a_terminal() {
    let got = listing("purecloud", "get-users", &["-o", "jsonl"]);
    assert!(got.stderr.is_empty(), "{}", got.stderr);
    assert_eq!(got.stdout.lines().count(), 3, "{}", got.stdout);
}
