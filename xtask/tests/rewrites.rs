//! Every rewrite has a fixture spec that needs it; its generated output is snapshotted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};
use xtask::rewrite::ALL;

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("fixture for rewrite {name}: {e}"));
    (PathBuf::from(format!("fixtures/{name}.yaml")), text)
}

#[test]
fn each_rewrite_fires_on_its_fixture_and_the_output_compiles_to_a_snapshot() {
    for rewrite in ALL {
        let (file, text) = fixture(rewrite.name);
        let p = xtask::prepare(&file, &text).unwrap_or_else(|d| panic!("{}: {d:?}", rewrite.name));
        assert!(
            p.rewrites
                .iter()
                .any(|(name, n)| *name == rewrite.name && *n > 0),
            "rewrite {} did not fire on its fixture (fired: {:?})",
            rewrite.name,
            p.rewrites
        );
        let client =
            xtask::client_code(&file, &p).unwrap_or_else(|d| panic!("{}: {d:?}", rewrite.name));
        let table = xtask::render::operations::render("fixture", &p.original, &p.normalised);
        let spec = serde_yaml::to_string(&p.normalised).unwrap();
        insta::assert_snapshot!(
            rewrite.name,
            format!("# normalised spec\n{spec}\n# operation table\n{table}\n# client\n{client}")
        );
    }
}

#[test]
fn without_the_rewrites_progenitor_would_fail_on_the_fixtures() {
    // The fixtures are real cases: generating the spec as written fails (panic caught, or a
    // byte stream instead of a type), which is why the rewrite exists.
    for name in [
        "default-response-to-error-ranges",
        "bodiless-default-to-success-range",
        "request-media-single",
        "bodiless-success-to-null",
    ] {
        let (file, text) = fixture(name);
        let raw = xtask::spec::read_yaml(&file, &text).unwrap();
        let err =
            xtask::render::client::generate(&file, &raw, &[], xtask::render::client::Kind::Client)
                .expect_err(name);
        assert!(err[0].message.contains("progenitor"), "{name}: {err:?}");
        assert!(
            err[0].pointer.starts_with("/paths/"),
            "{name}: the operation is named: {err:?}"
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let (file, text) = fixture("inline-enums-to-components");
    let a = xtask::client_code(&file, &xtask::prepare(&file, &text).unwrap()).unwrap();
    let b = xtask::client_code(&file, &xtask::prepare(&file, &text).unwrap()).unwrap();
    assert_eq!(a, b);
}

#[test]
fn the_runtime_learns_which_empty_answers_stand_for_null() {
    // The operation table lists the body-less status, so the runtime feeds the decoder `null`;
    // the mocks keep the spec's own `ok(&Thing)` and body-less `no_content()`.
    let (file, text) = fixture("bodiless-success-to-null");
    let p = xtask::prepare(&file, &text).unwrap();
    let table = xtask::render::operations::render("fixture", &p.original, &p.normalised);
    assert!(table.contains("null_when_empty: &[\"204\"]"), "{table}");
    let mock_spec = xtask::rewrite::for_mocks(&p.original, &p.normalised);
    let mocks = xtask::render::client::generate(
        &file,
        &mock_spec,
        &p.open_enums,
        xtask::render::client::Kind::Mock {
            crate_path: "crate::generated::client",
        },
    )
    .unwrap();
    let mocks = xtask::render::format_rust(&mocks).unwrap();
    assert!(mocks.contains("pub fn no_content(self) -> Self"), "{mocks}");
    assert!(
        mocks.contains("pub fn ok(self, value: &types::Thing) -> Self"),
        "{mocks}"
    );
}
