//! Time limits: a server that accepts and never answers costs one per-attempt limit per attempt,
//! and the whole call ends within the total limit with a timeout error.

use crate::harness::*;
use std::time::{Duration, Instant};
use userapi::kratos::{Client, Error, types};
use userapi::runtime::{Credentials, RetryPolicy, Timeouts};

/// Far above what the calls below may take (at most the 3 s total, or 30 s if the runtime were
/// broken): only a hang fails it.
const GENEROUS: Duration = Duration::from_secs(60);

/// 200 ms per attempt, 1 s in all.
fn limits() -> Timeouts {
    Timeouts::default()
        .attempt(Duration::from_millis(200))
        .total(Duration::from_secs(1))
}

/// 200 ms per attempt and a total that three attempts never reach, however loaded the machine
/// (0.6 s of attempts in 30 s): the attempts are counted, not timed.
fn roomy() -> Timeouts {
    Timeouts::default()
        .attempt(Duration::from_millis(200))
        .total(Duration::from_secs(30))
}

/// The call's result, failing the test if it does not end within [`GENEROUS`].
async fn bounded<T>(
    call: impl Future<Output = Result<T, Error<types::ErrorGeneric>>>,
) -> (Result<T, Error<types::ErrorGeneric>>, Duration) {
    let started = Instant::now();
    let result = tokio::time::timeout(GENEROUS, call)
        .await
        .expect("the call did not end within the generous bound");
    (result, started.elapsed())
}

fn assert_timeout<T: std::fmt::Debug>(result: Result<T, Error<types::ErrorGeneric>>) {
    let error = result.expect_err("an error");
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("timed out after"), "{error}");
}

#[tokio::test]
async fn a_silent_server_gives_a_timeout_after_a_bounded_number_of_attempts() {
    let (logs, _guard) = capture();
    let silent = Silent::start().await;
    let sleep = RecordingSleep::default();
    let runtime = Client::runtime_builder()
        .credentials(Credentials::bearer(BEARER))
        .timeouts(roomy())
        .sleep(sleep.clone())
        .build();
    let client = Client::with_runtime(&silent.base_url(), runtime);

    let (result, elapsed) = bounded(client.list_identities().send()).await;

    assert_timeout(result);
    assert!(elapsed < GENEROUS, "{elapsed:?}");
    // The default policy: 3 attempts of at most 200 ms each, well within the total.
    let spans = logs.call_spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(
        field(&spans[0], "userapi.attempts"),
        Some("3"),
        "{}",
        spans[0]
    );
    assert!(spans[0].contains("error.type=\"timeout\""), "{}", spans[0]);
    assert_eq!(silent.accepted(), 3);
    assert_eq!(sleep.waits().len(), 2);
    let retries = logs.retries();
    assert_eq!(retries.len(), 2, "{retries:#?}");
    assert!(retries.iter().all(|l| l.contains("cause=timeout")));
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn the_total_limit_ends_the_call_when_attempts_would_go_on() {
    let (logs, _guard) = capture();
    let silent = Silent::start().await;
    let sleep = RecordingSleep::default();
    let runtime = Client::runtime_builder()
        .credentials(Credentials::bearer(BEARER))
        .retry(RetryPolicy::default().max_attempts(100))
        .sleep(sleep.clone())
        .build();
    // `with_timeouts` on an existing client: per-attempt 200 ms, 3 s in all.
    let limits = Timeouts::default()
        .attempt(Duration::from_millis(200))
        .total(Duration::from_secs(3));
    let client = Client::with_runtime(&silent.base_url(), runtime).with_timeouts(limits);
    assert_eq!(client.runtime().timeouts(), limits);

    let (result, elapsed) = bounded(client.list_identities().send()).await;

    assert_timeout(result);
    assert!(elapsed < GENEROUS, "{elapsed:?}");
    let spans = logs.call_spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    let attempts: u32 = field(&spans[0], "userapi.attempts")
        .unwrap()
        .parse()
        .unwrap();
    // 3 s of 200 ms attempts (the waits are recorded, not slept): 15 or 16, never 100. An
    // attempt lasts its 200 ms at least, so load cannot raise the count; only an attempt
    // delayed by 2.8 s could keep it to one.
    assert!((2..=16).contains(&attempts), "{attempts} attempts");
    assert_eq!(sleep.waits().len(), usize::try_from(attempts - 1).unwrap());
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_post_that_timed_out_is_not_repeated() {
    let (logs, _guard) = capture();
    let silent = Silent::start().await;
    let sleep = RecordingSleep::default();
    let runtime = Client::runtime_builder()
        .credentials(Credentials::bearer(BEARER))
        .timeouts(limits())
        .sleep(sleep.clone())
        .build();
    let client = Client::with_runtime(&silent.base_url(), runtime);
    let body = types::CreateRecoveryCodeForIdentityBody::builder().identity_id(
        "9f425a8d-7efc-4768-8f23-7647a74fdf13"
            .parse::<uuid::Uuid>()
            .unwrap(),
    );

    let (result, _) = bounded(client.create_recovery_code_for_identity().body(body).send()).await;

    // The request may have reached the server: a POST is not sent twice.
    assert_timeout(result);
    assert_eq!(silent.accepted(), 1);
    assert!(sleep.waits().is_empty());
    assert_no_secrets(&logs, &[&client]);
}

// The token request runs in the `pre` hook, before the attempt loop: the call's total limit
// must bound it too, or a token endpoint that never answers would hang the call.
#[tokio::test]
async fn a_silent_token_endpoint_is_bounded_by_the_total_limit() {
    let (logs, _guard) = capture();
    let silent = Silent::start().await;
    let api = Scripted::sequence(vec![json(200, serde_json::json!([]))]).await;
    let sleep = RecordingSleep::default();
    let credentials = Credentials::client_credentials(
        format!("{}/oauth/token", silent.base_url()),
        CLIENT_ID,
        CLIENT_SECRET,
    );
    let runtime = Client::runtime_builder()
        .credentials(credentials)
        .timeouts(limits())
        .sleep(sleep.clone())
        .build();
    let client = Client::with_runtime(&api.base_url(), runtime);

    let (result, elapsed) = bounded(client.list_identities().send()).await;

    assert!(result.is_err(), "{result:?}");
    assert!(elapsed < GENEROUS, "{elapsed:?}");
    assert_eq!(api.hits(), 0);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_client_builder_of_your_own_still_gets_the_attempt_limit() {
    let silent = Silent::start().await;
    let sleep = RecordingSleep::default();
    let runtime = Client::runtime_builder()
        .credentials(Credentials::bearer(BEARER))
        .timeouts(roomy())
        .sleep(sleep.clone())
        .build();
    // The runtime of a client whose `reqwest::Client` is built from a builder of the caller's
    // that sets a far longer limit: the runtime's 200 ms must win.
    let own = Client::with_runtime(&silent.base_url(), runtime);
    let http = userapi::runtime::tls::client_builder().timeout(Duration::from_secs(3600));
    let client = Client::with_http_client(&silent.base_url(), http, own.runtime().clone());

    let (result, _) = bounded(client.list_identities().send()).await;

    // Three attempts, each ended by the 200 ms limit: without it nothing would end the first
    // one, and `bounded` would fail the test.
    assert_timeout(result);
    assert_eq!(silent.accepted(), 3);
}
