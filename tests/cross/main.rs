//! Tests across providers: facade features, credentials in Debug output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod secrets;
mod seeds;
#[path = "../support/mod.rs"]
mod support;
