//! What users' code may not do with the public API, so that a provider adding a field, a variant
//! or an enum value is a minor release: each case in `fail/` must not compile, with the error
//! in its `.stderr`.
#![allow(missing_docs)]

#[test]
fn models_open_enums_and_internals_refuse_what_would_break_on_upgrade() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("api/fail/*.rs");
}
