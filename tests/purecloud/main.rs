//! Tests of the purecloud client against loopback httpmock servers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../support/mod.rs"]
mod support;

mod answers;
mod common;
mod embedded;
mod errors;
mod optional_bodies;
mod paging;
mod quirks;
mod wire;
