//! `--mock`: every operation answers from the embedded server with no credentials and no
//! network, its output is the canned answer after the typed round trip (the path parameters
//! given echoed into it), and every paged
//! operation streams its three canned pages with `--all`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use serde_json::Value;
use support::run;
use userapi_cli::catalog::{self, Operation};

/// The required flags of `op` with the spec's sample values, and its body file.
fn required_args(provider: &str, op: &Operation, dir: &std::path::Path) -> Vec<String> {
    let mut args = vec![
        "--mock".to_string(),
        "--compact".to_string(),
        provider.to_string(),
        op.name.to_string(),
    ];
    for p in op.params.iter().filter(|p| p.required) {
        for value in p.example {
            args.extend([format!("--{}", p.flag), value.to_string()]);
        }
    }
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        let file = dir.join(format!("{provider}-{}.json", op.name));
        std::fs::write(&file, b.example).unwrap();
        args.extend(["--body".to_string(), file.display().to_string()]);
    }
    args
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("userapi-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_operation_answers_from_the_mock() {
    let dir = temp_dir("mock");
    let mut failures = Vec::new();
    let mut count = 0;
    for provider in catalog::providers() {
        for op in provider.operations {
            count += 1;
            let args = required_args(provider.name, op, &dir);
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let got = run(&argv);
            let canned = op
                .pages
                .first()
                .copied()
                .or(op.answer.as_ref().map(|a| a.body))
                .unwrap_or("");
            let problem = if got.code != Some(0) {
                Some("a failure".to_string())
            } else if canned.is_empty() {
                (!got.stdout.is_empty()).then(|| "output for an empty answer".to_string())
            } else {
                // Both sides must parse: two texts that are not JSON are not the same answer.
                match (
                    serde_json::from_str::<Value>(canned),
                    serde_json::from_str::<Value>(&got.stdout),
                ) {
                    (Err(e), _) => Some(format!("the canned answer is not JSON ({e})")),
                    (_, Err(e)) => Some(format!("the output is not JSON ({e})")),
                    (Ok(mut want), Ok(out)) => {
                        echoed(&mut want, &out, op);
                        (out != want).then(|| "not the canned answer".into())
                    }
                }
            };
            if let Some(problem) = problem {
                failures.push(format!(
                    "{} {}: {problem}: exit {:?} {} {}",
                    provider.name, op.name, got.code, got.stderr, got.stdout
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!("--mock: {count} operations answered");
    assert_eq!(count, 83);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `want` with the properties of `out` that hold a path parameter given: `--mock` echoes them.
fn echoed(want: &mut Value, out: &Value, op: &Operation) {
    let given: Vec<&str> = op
        .params
        .iter()
        .filter(|p| p.location == catalog::Location::Path)
        .flat_map(|p| p.example.iter().copied())
        .collect();
    if let (Value::Object(want), Value::Object(out)) = (want, out) {
        for (key, value) in out {
            if value.as_str().is_some_and(|v| given.contains(&v)) {
                want.insert(key.clone(), value.clone());
            }
        }
    }
}

#[test]
fn every_paged_operation_streams_three_pages_with_all() {
    let dir = temp_dir("pages");
    let mut paged = 0;
    for provider in catalog::providers() {
        for op in provider.operations.iter().filter(|o| o.paged()) {
            paged += 1;
            let mut args = required_args(provider.name, op, &dir);
            args.extend(["--all".to_string(), "--jsonl".to_string()]);
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let got = run(&argv);
            assert_eq!(
                got.code,
                Some(0),
                "{} {}: {}",
                provider.name,
                op.name,
                got.stderr
            );
            let lines: Vec<Value> = got
                .stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            let expected: Vec<Value> = op
                .pages
                .iter()
                .flat_map(|page| items(serde_json::from_str(page).unwrap(), op.page_items))
                .collect();
            assert_eq!(op.pages.len(), 3);
            assert!(expected.len() >= 3, "{}: every page has items", op.name);
            assert_eq!(
                lines, expected,
                "{} {}: the items of the three pages, in order",
                provider.name, op.name
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(paged, 12, "12 operations page");
}

/// The items of a page: the body, or its `field`.
fn items(page: Value, field: &str) -> Vec<Value> {
    let list = if field.is_empty() {
        page
    } else {
        page[field].clone()
    };
    match list {
        Value::Array(items) => items,
        other => panic!("no list of items in a page: {other}"),
    }
}

#[test]
fn the_readme_command_works() {
    let got = run(&["--mock", "kratos", "list-identities", "--all"]);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    // Not a terminal: one compact JSON array of the three pages' identities.
    let all = got.json();
    assert_eq!(all.as_array().map(Vec::len), Some(3), "{}", got.stdout);
    let pretty = run(&["--mock", "--pretty", "kratos", "list-identities", "--all"]);
    assert_eq!(
        pretty.json(),
        all,
        "pretty and compact print the same items"
    );
    assert!(
        pretty.stdout.lines().count() > 10,
        "indented: {}",
        pretty.stdout
    );
}
