//! `--mock` echoes the path parameters it is given: `get-identity --id X` answers identity X.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use support::run;

#[test]
fn a_mock_answer_is_about_the_resource_asked_for() {
    let id = "6c1d4a0e-3a55-4b5e-9d0e-2f3a4b5c6d7e";
    let got = run(&["--mock", "kratos", "get-identity", "--id", id]);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert_eq!(got.json()["id"], id);

    let got = run(&[
        "--mock",
        "purecloud",
        "get-user",
        "--user-id",
        "ada-lovelace",
    ]);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert_eq!(got.json()["id"], "ada-lovelace");

    // Kratos identity ids are UUIDs: another text keeps the canned identity, still typed.
    let got = run(&["--mock", "kratos", "get-identity", "--id", "not-a-uuid"]);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert!(
        got.json()["id"]
            .as_str()
            .is_some_and(|canned| canned != "not-a-uuid")
    );
}
