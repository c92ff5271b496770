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
    assert!(first.contains("userapi.provider=\"kratos\""), "{first}");
    assert!(
        first.contains("userapi.operation=\"list_identities\""),
        "{first}"
    );
    assert_eq!(field(first, "http.request.method"), Some("GET"), "{first}");
    assert_eq!(
        field(first, "http.response.status_code"),
        Some("200"),
        "{first}"
    );
    assert_eq!(field(first, "userapi.attempts"), Some("2"), "{first}");
    let duration: u64 = field(first, "userapi.duration_ms")
        .unwrap()
        .parse()
        .unwrap();
    assert!(duration < 60_000, "{first}");
    let second = &spans[1];
    assert!(
        second.contains("userapi.operation=\"list_identity_schemas\""),
        "{second}"
    );
    assert_eq!(
        field(second, "http.response.status_code"),
        Some("200"),
        "{second}"
    );
    assert_eq!(field(second, "userapi.attempts"), Some("1"), "{second}");
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
        spans[0].contains("userapi.operation=\"get_identity\""),
        "{}",
        spans[0]
    );
    assert_eq!(
        field(&spans[0], "http.response.status_code"),
        Some("404"),
        "{}",
        spans[0]
    );
    assert_eq!(
        field(&spans[0], "userapi.attempts"),
        Some("1"),
        "{}",
        spans[0]
    );
    // A 4xx is an error type of its own (OpenTelemetry: the status code).
    assert_eq!(
        field(&spans[0], "error.type"),
        Some("\"404\""),
        "{}",
        spans[0]
    );
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

#[tokio::test]
async fn every_attempt_has_an_opentelemetry_client_span_and_no_query_value_is_logged() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![unavailable(), json(200, json!([]))]).await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), &sleep);
    let port = api.base_url().rsplit(':').next().unwrap().to_string();

    client
        .list_identities()
        .page_size(3u64)
        .credentials_identifier("ada@example.com")
        .send()
        .await
        .unwrap(); // 503, then 200

    let calls = logs.call_spans();
    assert_eq!(calls.len(), 1, "{}", logs.text());
    let call = &calls[0];
    assert_eq!(field(call, "http.request.method"), Some("GET"), "{call}");
    assert_eq!(field(call, "server.address"), Some("127.0.0.1"), "{call}");
    assert_eq!(field(call, "server.port"), Some(port.as_str()), "{call}");
    let url = field(call, "url.full").unwrap();
    assert!(
        url.ends_with("/admin/identities?credentials_identifier=REDACTED&page_size=REDACTED"),
        "{url}"
    );
    assert_eq!(
        field(call, "http.response.status_code"),
        Some("200"),
        "{call}"
    );
    assert_eq!(field(call, "userapi.attempts"), Some("2"), "{call}");
    assert_eq!(field(call, "error.type"), None, "{call}");

    let attempts = logs.attempt_spans();
    assert_eq!(attempts.len(), 2, "{}", logs.text());
    let (first, second) = (&attempts[0], &attempts[1]);
    assert_eq!(field(first, "otel.kind"), Some("\"client\""), "{first}");
    assert_eq!(
        field(first, "http.response.status_code"),
        Some("503"),
        "{first}"
    );
    assert_eq!(field(first, "error.type"), Some("\"503\""), "{first}");
    assert_eq!(field(first, "http.request.resend_count"), None, "{first}");
    assert_eq!(
        field(second, "http.request.resend_count"),
        Some("1"),
        "{second}"
    );
    assert_eq!(
        field(second, "http.response.status_code"),
        Some("200"),
        "{second}"
    );
    assert_eq!(field(second, "url.full"), Some(url), "{second}");
    // The query's values (an email here) are in no span, and no credential anywhere.
    assert!(!logs.text().contains("ada"), "{}", logs.text());
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_call_that_got_no_answer_names_its_error_type() {
    let (logs, _guard) = capture();
    let client = kratos(&refused_url().await, &RecordingSleep::default());

    client.list_identities().send().await.unwrap_err();

    let calls = logs.call_spans();
    assert_eq!(calls.len(), 1, "{}", logs.text());
    assert_eq!(
        field(&calls[0], "error.type"),
        Some("\"connect_error\""),
        "{}",
        calls[0]
    );
    assert_eq!(
        field(&calls[0], "http.response.status_code"),
        None,
        "{}",
        calls[0]
    );
    let attempts = logs.attempt_spans();
    assert_eq!(
        attempts.len(),
        4,
        "a refused connection is retried: {}",
        logs.text()
    );
    assert!(
        attempts
            .iter()
            .all(|a| field(a, "error.type") == Some("\"connect_error\""))
    );
}
