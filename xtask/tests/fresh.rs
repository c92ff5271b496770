//! The committed generated code is exactly what the generator produces now.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

#[test]
fn committed_generated_code_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let all: Vec<_> = xtask::providers(&root)
        .unwrap()
        .iter()
        .map(|p| xtask::generate_provider(&root, p).unwrap_or_else(|d| panic!("{p}: {d:?}")))
        .collect();
    let diffs = xtask::output::check(&root, &all).unwrap();
    assert!(
        diffs.is_empty(),
        "run `cargo xtask generate`:\n{}",
        diffs.join("\n")
    );
}
