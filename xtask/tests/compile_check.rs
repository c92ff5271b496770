//! Code that lints clean but does not compile (here: a hand-written `Client` method with an
//! operation's name) is refused before anything is written, and the operation is named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::copy;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn code_that_does_not_compile_is_not_written_and_the_operation_is_named() {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir: PathBuf = real.join("target").join("xtask-compile-test");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("specs")).unwrap();
    for f in ["Cargo.toml", "Cargo.lock", "specs/sendauth.yaml"] {
        fs::copy(real.join(f), dir.join(f)).unwrap();
    }
    for c in ["crates/sendauth", "crates/runtime"] {
        copy(&real.join(c), &dir.join(c));
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(real.join("target"), dir.join("target")).unwrap();
    let lib = dir.join("crates/sendauth/src/lib.rs");
    let mut text = fs::read_to_string(&lib).unwrap();
    text.push_str("\nimpl Client {\n    /// Clashes with the generated `list_users`.\n    pub fn list_users(&self) {}\n}\n");
    fs::write(&lib, text).unwrap();
    let client = dir.join("crates/sendauth/src/generated/client.rs");
    fs::write(&client, "// stale\n").unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--root"])
        .arg(&dir)
        .arg("sendauth")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: specs/sendauth.yaml:")
            && stderr.contains("at /paths/~1api~1v1~1users/get:")
            && stderr.contains("E0592"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(&client).unwrap(),
        "// stale\n",
        "nothing written"
    );
    let _ = fs::remove_dir_all(&dir);
}
