//! The shared runtime, exercised through the provider clients: OAuth token lifecycle, retries,
//! timeouts, tracing and secrets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../support/mod.rs"]
mod support;

mod call_path;
mod env;
mod errors;
mod harness;
mod oauth;
mod observability;
mod providers;
mod retries;
mod timeouts;
mod traffic;
