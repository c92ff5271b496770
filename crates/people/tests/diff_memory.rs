//! The diff of 10,000 against 10,000 people keeps memory bounded: `against` as emails and
//! states only, `from` a page at a time. Prints the time and the peak resident memory
//! (`cargo test -p userapi-people --test diff_memory -- --nocapture`). A binary of its own, so
//! no other test's memory is in the figure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "support/pages.rs"]
mod pages;
mod support;

use std::time::Instant;

use futures_util::StreamExt;
use support::*;
use userapi_people::diff;

const PEOPLE: usize = 10_000;
/// Bytes of padding in every record of both sides: 10,000 records of 4 KB are 40 MB of
/// decoded text alone, so keeping the records of either side (instead of emails and states)
/// goes far past the bound below.
const PAD: usize = 4096;
/// Peak growth allowed over the warmed-up process, in KiB. Generous: the index of 10,000
/// addresses is under 1 MB, a page of 250 padded records 1 MB as text and again as decoded
/// records, and the allocator keeps some of what it freed (about 3 MB measured); 16 MB is
/// several times that and well below what keeping one side's records takes (40 MB and more).
const BOUND_KIB: u64 = 16 * 1024;

/// The process's peak resident memory so far, in KiB (Linux `VmHWM`).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("a VmHWM line")
}

async fn count_gaps(base: &str) -> usize {
    let (from, against) = (sendauth(base), kratos(base));
    let gaps = diff::missing_or_inactive(&from, &against).await;
    futures_util::pin_mut!(gaps);
    let mut n = 0;
    while let Some(gap) = gaps.next().await {
        gap.expect("no error");
        n += 1;
    }
    n
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_against_ten_thousand_in_bounded_memory() {
    // Warm up on a small diff: runtime, connection pool, allocator arenas.
    let small = pages::serve(pages::People {
        n: 500,
        pad: PAD,
        deleted: 0,
    })
    .await;
    assert_eq!(count_gaps(&format!("http://{small}")).await, 100);
    let before = peak_rss_kib();

    let big = pages::serve(pages::People {
        n: PEOPLE,
        pad: PAD,
        deleted: 0,
    })
    .await;
    let started = Instant::now();
    let gaps = count_gaps(&format!("http://{big}")).await;
    let took = started.elapsed();
    let after = peak_rss_kib();
    println!(
        "diff of {PEOPLE} against {PEOPLE} people ({PAD}-byte records, pages of {}): {gaps} gaps in {:.2?}; peak RSS {} KiB before, {} KiB after (+{} KiB)",
        pages::PAGE,
        took,
        before,
        after,
        after.saturating_sub(before)
    );
    assert_eq!(gaps, PEOPLE / 5, "every tenth inactive, every tenth absent");
    assert!(
        after.saturating_sub(before) < BOUND_KIB,
        "peak grew by {} KiB (bound {BOUND_KIB} KiB)",
        after.saturating_sub(before)
    );
}
