//! The openapi-generator peer's driver: the benchmark's workloads made with the Rust client that
//! `openapi-generator-cli generate -g rust --library reqwest` writes from `specs/kratos.yaml`.
//!
//! Built by `crates/bench/run` in a Cargo project of its own under the target directory
//! (`bench-peer/`, beside the generated client `bench-peer/kratos/`), never in the workspace:
//! nothing openapi-generator writes is committed. The benchmark (`hot_path`) drives it:
//!
//! - `peer serve BASE_URL`: one line per run on stdin, `get|list CALLS IN_FLIGHT`, answered
//!   with the CPU time of this process's client thread in nanoseconds, one line each; the
//!   server is the benchmark's, so all clients read the same answers from the same server.
//! - `peer count get|list CALLS IN_FLIGHT`: run under callgrind: the canned server on threads
//!   of its own (as the benchmark's callgrind runs have it), one warm-up run, then the counted
//!   run inside `clock::counted_calls`.
//!
//! Every call checks what it decoded (a listing must hold every item) and the driver exits
//! non-zero otherwise, so a model that decodes less cannot look cheap.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[allow(dead_code)]
#[path = "../benches/hot_path/canned.rs"]
mod canned;
#[allow(dead_code)]
#[path = "../benches/hot_path/clock.rs"]
mod clock;

use kratos_peer::apis::configuration::Configuration;
use kratos_peer::apis::identity_api;
use std::io::{BufRead, Write};

#[derive(Clone, Copy)]
enum Kind {
    Get,
    List,
}

fn kind(word: &str) -> Kind {
    match word {
        "get" => Kind::Get,
        "list" => Kind::List,
        other => panic!("unknown workload {other:?}: get or list"),
    }
}

/// One call as the generated client's README shows it: a `Configuration` and the operation's
/// function, every optional parameter `None`.
async fn call(config: &Configuration, kind: Kind) {
    match kind {
        Kind::Get => {
            let identity = identity_api::get_identity(config, canned::ID, None)
                .await
                .unwrap();
            assert_eq!(identity.schema_id, "customer");
        }
        Kind::List => {
            let page = identity_api::list_identities(
                config, None, None, None, None, None, None, None, None, None, None,
            )
            .await
            .unwrap();
            assert_eq!(
                page.len(),
                canned::LISTED,
                "the peer decoded fewer identities than the server sent"
            );
        }
    }
}

fn config(base: &str) -> Configuration {
    Configuration {
        base_path: base.to_owned(),
        ..Configuration::new()
    }
}

fn number(word: Option<&String>) -> usize {
    word.and_then(|w| w.parse().ok())
        .expect("CALLS and IN_FLIGHT are numbers")
}

fn serve(base: &str) {
    let rt = clock::runtime();
    let config = config(base);
    let mut out = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let words: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
        let k = kind(words.first().map_or("", String::as_str));
        let ns = clock::measure(&rt, number(words.get(1)), number(words.get(2)), || {
            call(&config, k)
        });
        writeln!(out, "{ns}").unwrap();
        out.flush().unwrap();
    }
}

fn count(words: &[String]) {
    let k = kind(words.first().map_or("", String::as_str));
    let (calls, in_flight) = (number(words.get(1)), number(words.get(2)));
    let base = canned::serve();
    let rt = clock::runtime();
    let config = config(&base);
    let run = || {
        clock::measure(&rt, calls, in_flight, || call(&config, k));
    };
    run();
    clock::counted_calls(&run);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.split_first() {
        Some((mode, rest)) if mode == "serve" && rest.len() == 1 => serve(&rest[0]),
        Some((mode, rest)) if mode == "count" => count(rest),
        _ => {
            eprintln!("usage: peer serve BASE_URL | peer count get|list CALLS IN_FLIGHT");
            std::process::exit(2);
        }
    }
}
