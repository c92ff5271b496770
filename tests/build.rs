//! Whether the seed pages are beside the checkout (`../shared/seeds`), for the tests that check
//! our specs against them (`cross/seeds.rs`). libtest cannot decide at run time that a test is
//! ignored, so the decision is made here: without the pages those tests are reported as ignored,
//! with the reason, rather than passing without checking anything. With `CI` set they are not
//! ignored, so that a CI run without the pages fails loudly.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(seeds_absent)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(PathBuf::new, PathBuf::from);
    let seeds = manifest.join("../../shared/seeds");
    if seeds.is_dir() {
        // Watched only while it exists: a missing path would rerun this script, and rebuild every
        // test binary, on every build. Seed pages added later need `touch tests/build.rs`.
        println!("cargo::rerun-if-changed={}", seeds.display());
    } else if !in_ci() {
        println!("cargo::rustc-cfg=seeds_absent");
    }
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}
