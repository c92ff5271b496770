//! The public API of every provider, one line per operation, type and field, kept as snapshots
//! so a spec change shows as a small, reviewable diff (`cargo insta review` to accept it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

#[test]
fn api_surfaces_match_their_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let providers = xtask::providers(&root).unwrap();
    assert!(!providers.is_empty());
    for provider in providers {
        let dir = root.join("crates").join(&provider).join("src/generated");
        let client = std::fs::read_to_string(dir.join("client.rs")).unwrap();
        let enums = std::fs::read_to_string(dir.join("open_enums.rs")).unwrap();
        let paging = std::fs::read_to_string(dir.join("paging.rs")).unwrap();
        let surface = xtask::api::surface_with_paging(&client, &enums, &paging).unwrap();
        assert!(
            surface.lines().any(|l| l.starts_with("op ")),
            "{provider}: no operation"
        );
        insta::assert_snapshot!(provider.as_str(), surface);
    }
}
