//! The runtime against hostile servers and hostile callers: every operation of every provider
//! answered with broken, huge, endless, slow and wrong bodies by a raw loopback server; path,
//! header and base-URL input that tries to leave its place; a misbehaving token endpoint; and
//! the memory a huge answer costs, measured in a child process. Each test prints a table of the
//! cases it tried (`cargo test -p userapi-tests --test hostile -- --nocapture`) and fails on any
//! panic, any request that reached another path, any unbounded read and any call that outlived
//! its total limit.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod answers;
mod calls;
mod error_text;
mod inputs;
mod memory;
mod oauth;
mod outcome;
mod paging_memory;
mod redirects;
mod server;
mod settings;
mod tally;
