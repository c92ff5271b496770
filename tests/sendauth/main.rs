//! Tests of the sendauth client against loopback httpmock servers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../support/mod.rs"]
mod support;

mod errors;
mod optional_bodies;
mod paging;
mod wire;
