//! Traffic across the calls of one runtime: the retry budget in an outage and after it, and
//! pacing against a server that allows 50 requests a second.

use crate::harness::*;
use serde_json::json;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use userapi::runtime::{Credentials, RetryBudget, RetryPolicy};

/// A kratos client with `retry`, waits recorded instead of slept.
fn kratos(base_url: &str, retry: RetryPolicy, sleep: &RecordingSleep) -> userapi::kratos::Client {
    use userapi::kratos::Client;
    let runtime = Client::runtime_builder()
        .credentials(Credentials::bearer(API_KEY))
        .retry(retry)
        .sleep(sleep.clone())
        .build();
    Client::with_runtime(base_url, runtime)
}

/// `calls` listings, one after the other; how many failed.
async fn list(client: &userapi::kratos::Client, calls: usize) -> usize {
    let mut failed = 0;
    for _ in 0..calls {
        failed += usize::from(client.list_identities().send().await.is_err());
    }
    failed
}

#[tokio::test]
async fn in_an_outage_the_budget_bounds_retries_and_successes_refill_it() {
    // A span capture, as the tests around it: a test without one can leave tracing's
    // callsites cached as unwatched while another test captures.
    let (_logs, _guard) = capture();
    let healthy = Arc::new(AtomicBool::new(false));
    let mode = Arc::clone(&healthy);
    let api = Scripted::start(move |_, _| {
        if mode.load(Ordering::SeqCst) {
            json(200, json!([]))
        } else {
            text(503, "down")
        }
    })
    .await;
    let sleep = RecordingSleep::default();
    // 3 retries a call; the default budget: 500 tokens, 5 a retry.
    let client = kratos(
        &api.base_url(),
        RetryPolicy::default().max_attempts(4),
        &sleep,
    );

    assert_eq!(list(&client, 200).await, 200);
    // 200 first attempts and 500 / 5 = 100 retries, where 600 were wanted.
    println!("outage: 200 calls, {} attempts", api.hits());
    assert_eq!(api.hits(), 300);
    assert_eq!(list(&client, 10).await, 10);
    assert_eq!(api.hits(), 310, "an empty budget retries nothing");

    // 10 successes give back 10 tokens: two retries.
    healthy.store(true, Ordering::SeqCst);
    assert_eq!(list(&client, 10).await, 0);
    healthy.store(false, Ordering::SeqCst);
    assert_eq!(list(&client, 2).await, 2);
    println!("after 10 successes: 2 calls, {} attempts", api.hits() - 320);
    assert_eq!(api.hits(), 320 + 3 + 1);
}

#[tokio::test]
async fn without_a_budget_every_call_makes_all_its_attempts() {
    // A span capture, as the tests around it: a test without one can leave tracing's
    // callsites cached as unwatched while another test captures.
    let (_logs, _guard) = capture();
    let api = Scripted::sequence(vec![text(503, "down")]).await;
    let sleep = RecordingSleep::default();
    let policy = RetryPolicy::default().max_attempts(4).retry_budget(None);
    let client = kratos(&api.base_url(), policy, &sleep);

    assert_eq!(list(&client, 150).await, 150);
    assert_eq!(api.hits(), 600);
    // A budget of one retry after a timeout (costs are configurable).
    let api = Scripted::sequence(vec![text(503, "down")]).await;
    let one = RetryBudget::default().capacity(10).costs(10, 20);
    let client = kratos(
        &api.base_url(),
        RetryPolicy::default().retry_budget(Some(one)),
        &sleep,
    );
    assert_eq!(list(&client, 3).await, 3);
    assert_eq!(api.hits(), 4);
}

#[tokio::test]
async fn a_429_with_retry_after_holds_every_caller_of_the_runtime() {
    // A span capture, as the tests around it: a test without one can leave tracing's
    // callsites cached as unwatched while another test captures.
    let (_logs, _guard) = capture();
    // The first request is refused for 5 s; the call that got it waits that out alone.
    let api = Scripted::start(|n, _| {
        if n == 0 {
            json_with(429, &[("retry-after", "5")], json!({ "error": {} }))
        } else {
            json(200, json!([]))
        }
    })
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    client.list_identities().send().await.unwrap();
    assert_eq!(sleep.waits(), vec![Duration::from_secs(5)]);
    // Another call right after waits for what is left of the 5 s (the recording sleep does
    // not pass time, so nearly all of it), and a retry it was not told of costs nothing.
    client.list_identities().send().await.unwrap();
    let waits = sleep.waits();
    assert_eq!(waits.len(), 2, "{waits:?}");
    // Wide margin: the real time between the 429 and the second call is a few ms.
    assert!(waits[1] > Duration::from_secs(4), "{waits:?}");
    assert!(waits[1] <= Duration::from_secs(5), "{waits:?}");
}

/// A server that takes 50 requests in any second (a sliding window of accepted requests) and
/// answers `429` with `Retry-After: 1` beyond; counts its 429s.
struct Limited {
    api: Scripted,
    refused: Arc<AtomicUsize>,
}

impl Limited {
    async fn start() -> Self {
        let refused = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&refused);
        let accepted: Mutex<VecDeque<Instant>> = Mutex::default();
        let api = Scripted::start(move |_, req| {
            let now = Instant::now();
            {
                let mut accepted = accepted.lock().unwrap();
                while accepted
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
                {
                    accepted.pop_front();
                }
                if accepted.len() >= 50 {
                    counted.fetch_add(1, Ordering::SeqCst);
                    return json_with(
                        429,
                        &[("retry-after", "1")],
                        json!({ "status": 429, "code": "too.many.requests", "message": "slow down" }),
                    );
                }
                accepted.push_back(now);
            }
            if req.method_str() == "POST" {
                json(
                    200,
                    json!({ "pageCount": 1, "pageNumber": 1, "pageSize": 25, "results": [],
                            "total": 0, "types": ["users"] }),
                )
            } else {
                json(200, json!({ "id": "u-1", "name": "Ada Lovelace", "version": 1 }))
            }
        })
        .await;
        Self { api, refused }
    }
}

/// 2,000 calls from 32 tasks, every other one a GET `get_user` and a POST `search_users`;
/// the calls that failed.
async fn bulk(client: userapi::purecloud::Client) -> usize {
    const CALLS: usize = 2_000;
    let next = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let (client, next, failed) = (client.clone(), Arc::clone(&next), Arc::clone(&failed));
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    if n >= CALLS {
                        break;
                    }
                    let ok = if n % 2 == 0 {
                        client.get_user().user_id("u-1").send().await.is_ok()
                    } else {
                        let body = userapi::purecloud::types::UserSearchRequest::default();
                        client.search_users().body(body).send().await.is_ok()
                    };
                    if !ok {
                        failed.fetch_add(1, Ordering::SeqCst);
                    }
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    failed.load(Ordering::SeqCst)
}

// Real time: the server takes 50 requests a second, so 2,000 calls need some 40 s whatever
// the client does; the two runs go side by side, each against its own server. The outer
// timeout (4x that) keeps a hang from holding CI.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_50_requests_a_second_bulk_calls_all_succeed_and_rate_limit_avoids_429s() {
    use userapi::purecloud::Client;
    let (free, paced) = (Limited::start().await, Limited::start().await);
    // A bulk job's retry policy for both runs: on a loaded 2-core machine a caller can find the
    // server's window full more than twice in a row (3 attempts, the default, failed 1 call in
    // 2,000 once); six attempts, each timed by `Retry-After`, leave room.
    let client = |base_url: &str, builder: userapi::runtime::RuntimeBuilder| {
        let runtime = builder
            .credentials(Credentials::bearer(API_KEY))
            .retry(userapi::runtime::RetryPolicy::default().max_attempts(6))
            .build();
        Client::with_runtime(base_url, runtime)
    };
    let unpaced = client(&free.api.base_url(), Client::runtime_builder());
    let limited = client(
        &paced.api.base_url(),
        Client::runtime_builder().rate_limit(50, Duration::from_secs(1)),
    );

    let runs = async { tokio::join!(bulk(unpaced), bulk(limited)) };
    let (failed_free, failed_paced) = tokio::time::timeout(Duration::from_secs(160), runs)
        .await
        .expect("2,000 calls at 50 a second took over 160 s");

    let (hits_free, refused_free) = (free.api.hits(), free.refused.load(Ordering::SeqCst));
    let (hits_paced, refused_paced) = (paced.api.hits(), paced.refused.load(Ordering::SeqCst));
    println!(
        "without rate_limit: {failed_free} failures, {refused_free} 429s in {hits_free} requests"
    );
    println!(
        "with rate_limit(50, 1 s): {failed_paced} failures, {refused_paced} 429s in {hits_paced} requests"
    );
    assert_eq!(failed_free, 0);
    assert_eq!(failed_paced, 0);
    assert!(
        refused_paced * 50 < hits_paced,
        "{refused_paced} of {hits_paced}"
    );
}
