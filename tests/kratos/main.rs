//! Tests of the kratos client against loopback httpmock servers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../support/mod.rs"]
mod support;

mod auth;
mod builders;
mod errors;
mod forward_compat;
mod optional_bodies;
mod paging;
mod path_safety;
mod versions;
mod wire;
