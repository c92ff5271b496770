//! Contract tests against a third-party mock: Stoplight Prism (pinned in `tools/package.json`)
//! serves each `specs/<provider>.yaml`, and every one of the 83 operations is called through
//! our generated clients.
//!
//! For every call the run checks that Prism found no violation in our request (nor in its own
//! answer: the `sl-violations` header), that Prism did not answer on its own (routing,
//! negotiation or validation errors come as `application/problem+json`), and that the answer
//! decodes into our types, with Prism building answers from static samples and, in a second
//! process, dynamically (`-d --seed`). For the call with every parameter set, each documented
//! error status is asked for (`Prefer: code=NNN`) and must decode as `ErrorKind::Service`
//! with that status. The run also checks its own coverage against the spec: every operation
//! called, every parameter set, optional parameters both set and unset, every request body
//! field sent.
//!
//! A request that gets no answer at all (the connection closed before a status, or nothing
//! within the time limit) is a hiccup of Prism or of the machine, not a finding: it is sent
//! once more, and counted and listed apart from the failures (`retry.rs`). An answer is
//! never sent again, so a retry cannot hide a violation or a body that does not decode.
//!
//! Installs the pinned Prism with `npm ci --prefix tools` when it is missing (Node.js >= 20.19).
//! Prism's logs go to
//! `target/tmp/contract/`. `PRISM_SEED=<text>` picks another seed for the dynamic answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod harness;
mod loopback;
mod prism;
mod retry;
mod spec;

mod circuit;
mod kratos;
mod pingone;
mod purecloud;
mod sendauth;

use harness::Report;
use std::collections::VecDeque;
use std::io::Write as _;
use std::sync::Mutex;

/// The seed of the dynamic answers, unless `PRISM_SEED` says otherwise.
const DEFAULT_SEED: &str = "userapi-contract-1";

/// Providers run at once; each runs two Prism processes (static and dynamic), so at most four
/// are alive. Prism's start-up is CPU-bound (~3-5 s each), which two cores serve best this way.
const PARALLEL_PROVIDERS: usize = 2;

type Run = fn(&str) -> Report;

/// Largest first, so that the two workers finish close together.
const PROVIDERS: [(&str, Run); 5] = [
    ("purecloud", purecloud::run),
    ("kratos", kratos::run),
    ("sendauth", sendauth::run),
    ("circuit", circuit::run),
    ("pingone", pingone::run),
];

#[test]
fn every_operation_against_prism() {
    let seed = std::env::var("PRISM_SEED").unwrap_or_else(|_| DEFAULT_SEED.to_string());
    let queue: Mutex<VecDeque<(&str, Run)>> = Mutex::new(PROVIDERS.into_iter().collect());
    let done: Mutex<Vec<Report>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL_PROVIDERS {
            scope.spawn(|| {
                loop {
                    let next = queue.lock().unwrap().pop_front();
                    let Some((_, run)) = next else { break };
                    let report = run(&seed);
                    done.lock().unwrap().push(report);
                }
            });
        }
    });
    let mut reports = done.into_inner().unwrap();
    let order = |r: &Report| {
        ["pingone", "kratos", "purecloud", "sendauth", "circuit"]
            .iter()
            .position(|p| *p == r.provider)
    };
    reports.sort_by_key(order);

    let sum = |f: fn(&Report) -> usize| reports.iter().map(f).sum::<usize>();
    let mut out = String::new();
    for report in &reports {
        out.push_str(&report.summary_line());
        out.push('\n');
    }
    for gap in reports.iter().flat_map(|r| &r.prism_gaps) {
        out.push_str(&format!("contract: Prism gap: {gap}\n"));
    }
    for retry in reports.iter().flat_map(|r| &r.retries) {
        out.push_str(&format!("contract: retry: {retry}\n"));
    }
    out.push_str(&format!(
        "contract: {} operations called, {} requests, {} violations, {} decode failures, {} other \
         failures, {} Prism gaps, {} retries after no answer ({} answered on the retry; not \
         failures) (seed {seed:?})\n",
        sum(|r| r.operations_called),
        sum(|r| r.requests),
        sum(|r| r.violations),
        sum(|r| r.decode_failures),
        sum(|r| r.other_failures),
        sum(|r| r.prism_gaps.len()),
        sum(|r| r.retries.len()),
        sum(|r| r.retries_answered),
    ));
    // libtest captures `print!`/`eprint!` of a passing test; the summary belongs in every CI log,
    // so it goes to the process's stderr directly.
    let _ = std::io::stderr().write_all(out.as_bytes());

    let failures: Vec<&String> = reports.iter().flat_map(|r| &r.failures).collect();
    assert!(
        failures.is_empty(),
        "{} contract failures (the summary is above):\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| format!("- {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
