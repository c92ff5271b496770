//! Tracing: one `userapi.call` span per call with its outcome, one debug event per retry with
//! the wait and its cause, and no secret anywhere in what is logged.

use crate::harness::*;
use serde_json::json;
use std::time::Duration;
use userapi::kratos::Client;
use userapi::runtime::{Credentials, RetryPolicy};

fn kratos(base_url: &str, sleep: &RecordingSleep) -> Client {
    let runtime = Client::runtime_builder()
        .credentials(Credentials::header(
            reqwest::header::AUTHORIZATION,
            format!("Bearer {API_KEY}"),
        ))
        .retry(RetryPolicy::default().max_attempts(4))
        .sleep(sleep.clone())
        .build();
    Client::with_runtime(base_url, runtime)
}

fn unavailable() -> httpmock::HttpMockResponse {
    json(503, json!({ "error": { "code": 503, "message": "down" } }))
}

#[tokio::test]
async fn each_call_has_one_span_with_provider_operation_method_status_attempts_and_duration() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![unavailable(), json(200, json!([]))]).await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), &sleep);

    client.list_identities().send().await.unwrap(); // 503, then 200
    client.list_identity_schemas().send().await.unwrap(); // 200

    let spans = logs.call_spans();
    assert_eq!(spans.len(), 2, "{}", logs.text());
    let first = &spans[0];
    assert!(first.contains("provider=\"kratos\""), "{first}");
    assert!(first.contains("operation=\"list_identities\""), "{first}");
    assert_eq!(field(first, "method"), Some("GET"), "{first}");
    assert_eq!(field(first, "status"), Some("200"), "{first}");
    assert_eq!(field(first, "attempts"), Some("2"), "{first}");
    let duration: u64 = field(first, "duration_ms").unwrap().parse().unwrap();
    assert!(duration < 60_000, "{first}");
    let second = &spans[1];
    assert!(
        second.contains("operation=\"list_identity_schemas\""),
        "{second}"
    );
    assert_eq!(field(second, "status"), Some("200"), "{second}");
    assert_eq!(field(second, "attempts"), Some("1"), "{second}");
    // The span is an INFO span, so the summary shows at the default level of most setups.
    assert!(first.contains(" INFO "), "{first}");
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn the_span_of_a_failed_call_carries_the_final_status() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![json(
        404,
        json!({ "error": { "code": 404, "message": "no such identity" } }),
    )])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), &sleep);

    client
        .get_identity()
        .id("9f425a8d-7efc-4768-8f23-7647a74fdf13")
        .send()
        .await
        .unwrap_err();

    let spans = logs.call_spans();
    assert_eq!(spans.len(), 1, "{}", logs.text());
    assert!(
        spans[0].contains("operation=\"get_identity\""),
        "{}",
        spans[0]
    );
    assert_eq!(field(&spans[0], "status"), Some("404"), "{}", spans[0]);
    assert_eq!(field(&spans[0], "attempts"), Some("1"), "{}", spans[0]);
    // The identity id is part of the URL, which the span does not carry.
    assert!(!spans[0].contains("9f425a8d"), "{}", spans[0]);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn each_retry_logs_a_debug_event_with_its_delay_and_cause() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![
        json_with(
            429,
            &[("retry-after", "2")],
            json!({ "error": { "message": "slow" } }),
        ),
        unavailable(),
        json(200, json!([])),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), &sleep);

    client.list_identities().send().await.unwrap();

    let waits = sleep.waits();
    assert_eq!(waits.len(), 2);
    assert_eq!(waits[0], Duration::from_secs(2));
    let retries = logs.retries();
    assert_eq!(retries.len(), 2, "{}", logs.text());
    assert_eq!(field(&retries[0], "attempt"), Some("1"), "{}", retries[0]);
    assert_eq!(
        field(&retries[0], "delay_ms"),
        Some("2000"),
        "{}",
        retries[0]
    );
    assert!(
        retries[0].contains("cause=status 429 (Retry-After)"),
        "{}",
        retries[0]
    );
    assert_eq!(field(&retries[1], "attempt"), Some("2"), "{}", retries[1]);
    let delay_ms = waits[1].as_millis().to_string();
    assert_eq!(
        field(&retries[1], "delay_ms"),
        Some(delay_ms.as_str()),
        "{}",
        retries[1]
    );
    assert!(retries[1].contains("cause=status 503"), "{}", retries[1]);
    // The retry events belong to the call's span.
    assert!(retries.iter().all(|l| l.contains("userapi.call{")));
    assert_no_secrets(&logs, &[&client]);
}
