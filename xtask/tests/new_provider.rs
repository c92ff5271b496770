//! `cargo xtask new-provider NAME` scaffolds crate, facade feature and test binary from a spec,
//! and writes nothing when the spec does not pass the lint.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::copy;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(dir: &Path, name: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["new-provider", "--no-compile-check", "--root"])
        .arg(dir)
        .arg(name)
        .output()
        .unwrap()
}

#[test]
fn new_provider_scaffolds_and_generates_or_writes_nothing() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir: PathBuf = real.join("target").join("xtask-new-provider-test");
    let _ = fs::remove_dir_all(&dir);
    for f in [
        "Cargo.toml",
        "Cargo.lock",
        "tests/Cargo.toml",
        "crates/userapi/Cargo.toml",
        "crates/cli/Cargo.toml",
    ] {
        fs::create_dir_all(dir.join(f).parent().unwrap()).unwrap();
        fs::copy(real.join(f), dir.join(f)).unwrap();
    }
    copy(
        &real.join("crates/userapi/src"),
        &dir.join("crates/userapi/src"),
    );
    fs::create_dir_all(dir.join("specs")).unwrap();
    let spec = fs::read_to_string(real.join("specs/pingone.yaml")).unwrap();
    fs::write(dir.join("specs/demo.yaml"), &spec).unwrap();
    let broken = spec.replacen("#/components/schemas/", "#/components/schemas/nope", 1);
    fs::write(dir.join("specs/broken.yaml"), broken).unwrap();
    let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();

    let out = xtask(&dir, "broken");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: specs/broken.yaml:"), "{stderr}");
    assert!(!dir.join("crates/broken").exists());
    assert_eq!(
        fs::read_to_string(dir.join("Cargo.toml")).unwrap(),
        manifest
    );

    let out = xtask(&dir, "demo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        "crates/demo/Cargo.toml",
        "crates/demo/src/lib.rs",
        "crates/demo/src/generated/client.rs",
        "crates/demo/src/generated/operations.rs",
        "tests/demo/main.rs",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing");
    }
    let read = |f: &str| fs::read_to_string(dir.join(f)).unwrap();
    assert!(read("Cargo.toml").contains("userapi-demo = { path = \"crates/demo\""));
    assert!(read("crates/userapi/Cargo.toml").contains("demo = [\"dep:userapi-demo\"]"));
    assert!(read("crates/userapi/Cargo.toml").contains("\"userapi-demo?/mock\""));
    assert!(read("crates/userapi/src/lib.rs").contains("pub use userapi_demo as demo;"));
    assert!(read("tests/Cargo.toml").contains("path = \"demo/main.rs\""));
    assert!(read("crates/cli/Cargo.toml").contains("userapi-demo.workspace = true"));
    assert!(read("crates/cli/Cargo.toml").contains("    \"userapi-demo/mock\",\n"));
    assert!(read("crates/cli/src/generated/demo.rs").contains("pub static PROVIDER"));
    assert!(read("crates/cli/src/generated/mod.rs").contains("pub mod demo;"));
    assert!(!read("crates/cli/src/generated/mod.rs").contains("broken"));

    let again = xtask(&dir, "demo");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let _ = fs::remove_dir_all(&dir);
}
