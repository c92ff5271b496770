//! 83 of 83: every operation of every seed page is in our specs, with its method and path,
//! and in the generated operation tables (the specs may have more).

use std::path::{Path, PathBuf};

const SEEDS: [(&str, &str, usize); 5] = [
    ("000_2272ff663ee7d875.txt", "pingone", 5),
    ("001_dd9808ba5ff1f2aa.txt", "kratos", 18),
    ("002_2dfb141feb18d6ed.txt", "purecloud", 36),
    ("003_e8151a822e273306.txt", "sendauth", 14),
    ("004_83b013cbc0cbd042.txt", "circuit", 10),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `(name, METHOD, path)` of each row of a seed page's operation table.
fn seed_operations(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim().trim_start_matches('|');
            let name = line.strip_prefix("[**")?.split("**]").next()?.to_string();
            let request = line.split(" | ").nth(1)?;
            let mut parts = request.split_whitespace();
            let method = parts.next()?.trim_matches('*').to_ascii_uppercase();
            let path = parts.next()?.to_string();
            path.starts_with('/').then_some((name, method, path))
        })
        .collect()
}

/// The seed pages' folder; a test that runs without it fails (`build.rs` marks the tests
/// ignored when the folder was absent at build time, outside CI).
fn seeds() -> PathBuf {
    let seeds = root().join("../shared/seeds");
    assert!(
        seeds.is_dir(),
        "the seed pages are not at {} (beside the checkout); CI needs them",
        seeds.display()
    );
    seeds
}

#[test]
#[cfg_attr(
    seeds_absent,
    ignore = "needs the seed pages in ../shared/seeds, absent at build time"
)]
fn every_seed_operation_is_in_its_spec_with_method_and_path() {
    let seeds = seeds();
    let mut total = 0;
    for (file, provider, expected) in SEEDS {
        let text = std::fs::read_to_string(seeds.join(file)).unwrap();
        let ops = seed_operations(&text);
        assert_eq!(ops.len(), expected, "{file}: operations on the page");
        let spec: serde_yaml::Value = serde_yaml::from_str(
            &std::fs::read_to_string(root().join(format!("specs/{provider}.yaml"))).unwrap(),
        )
        .unwrap();
        for (name, method, path) in &ops {
            let op = &spec["paths"][path.as_str()][method.to_ascii_lowercase().as_str()];
            assert!(
                op.is_mapping(),
                "{provider}: {method} {path} ({name}) is missing from the spec"
            );
            assert_eq!(
                op["x-seed-name"].as_str(),
                Some(name.as_str()),
                "{provider}: {method} {path}"
            );
        }
        total += ops.len();
    }
    assert_eq!(total, 83);
}

#[test]
#[cfg_attr(
    seeds_absent,
    ignore = "needs the seed pages in ../shared/seeds, absent at build time"
)]
fn every_seed_operation_is_in_its_generated_operation_table() {
    // Specs may grow beyond the seed pages: only the seed operations are required.
    let seeds = seeds();
    let tables: [(&str, &[userapi::runtime::Operation]); 5] = [
        ("pingone", userapi::pingone::OPERATIONS),
        ("kratos", userapi::kratos::OPERATIONS),
        ("purecloud", userapi::purecloud::OPERATIONS),
        ("sendauth", userapi::sendauth::OPERATIONS),
        ("circuit", userapi::circuit::OPERATIONS),
    ];
    let mut found = 0;
    for (file, provider, _) in SEEDS {
        let text = std::fs::read_to_string(seeds.join(file)).unwrap();
        let table = tables.iter().find(|(p, _)| *p == provider).unwrap().1;
        for (name, method, path) in seed_operations(&text) {
            assert!(
                table
                    .iter()
                    .any(|op| op.method == method && op.path == path),
                "{provider}: {method} {path} ({name}) is not in the generated operation table"
            );
            found += 1;
        }
    }
    assert_eq!(found, 83);
}
