//! Retries: which answers are tried again, how long the runtime waits (`Retry-After`, capped
//! full-jitter backoff), and which methods may be repeated. Through the kratos client.

use crate::harness::*;
use reqwest::header::AUTHORIZATION;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};
use userapi::kratos::{Client, Error, ErrorKind, types};
use userapi::runtime::{Credentials, RetryPolicy};

const IDENTITY_ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";

/// A kratos client with an API key, `retry`, and waits recorded instead of slept.
fn kratos(base_url: &str, retry: RetryPolicy, sleep: &RecordingSleep) -> Client {
    let runtime = Client::runtime_builder()
        .credentials(Credentials::header(
            AUTHORIZATION,
            format!("Bearer {API_KEY}"),
        ))
        .retry(retry)
        .sleep(sleep.clone())
        .build();
    Client::with_runtime(base_url, runtime)
}

/// Kratos' `errorGeneric`.
fn error_json(code: u16, message: &str) -> Value {
    json!({ "error": { "code": code, "status": "error", "message": message } })
}

fn error_answer(status: u16) -> httpmock::HttpMockResponse {
    json(status, error_json(status, "try later"))
}

fn recovery_body() -> types::CreateRecoveryCodeForIdentityBody {
    userapi_tests::build(
        types::CreateRecoveryCodeForIdentityBody::builder()
            .identity_id(IDENTITY_ID.parse::<uuid::Uuid>().unwrap()),
    )
}

fn recovery_code_json() -> Value {
    json!({
        "recovery_code": "76453943",
        "recovery_link": "https://auth.example.com/self-service/recovery?flow=7f0f0d6e"
    })
}

/// The status and decoded `errorGeneric` message of a typed kratos error.
fn typed_error<T: std::fmt::Debug>(result: Result<T, Error<types::ErrorGeneric>>) -> (u16, String) {
    let error = result.expect_err("an error");
    let status = error.status().map(|s| s.as_u16()).unwrap_or_default();
    match error.into_kind() {
        ErrorKind::Service(e) => (status, e.error.message),
        other => panic!("expected ErrorKind::Service, got {other:?}"),
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_waited_exactly() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![
        json_with(429, &[("retry-after", "1")], error_json(429, "slow down")),
        json(200, json!([])),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    let list = client.list_identities().send().await.unwrap();

    assert_eq!(list.status(), 200);
    assert_eq!(api.hits(), 2);
    assert_eq!(sleep.waits(), vec![Duration::from_secs(1)]);
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_waited_until_that_date() {
    let (logs, _guard) = capture();
    let at = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(3));
    let api = Scripted::sequence(vec![
        json_with(
            429,
            &[("retry-after", at.as_str())],
            error_json(429, "slow down"),
        ),
        json(200, json!([])),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    client.list_identities().send().await.unwrap();

    assert_eq!(api.hits(), 2);
    let waits = sleep.waits();
    assert_eq!(waits.len(), 1, "{waits:?}");
    // The date has whole seconds: 3 s from now, less what has passed, less the dropped fraction.
    assert!(
        waits[0] >= Duration::from_secs(1) && waits[0] <= Duration::from_secs(3),
        "{waits:?}"
    );
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn retry_after_above_the_ceiling_returns_the_429_at_once() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![
        json_with(429, &[("retry-after", "120")], error_json(429, "slow down")),
        json(200, json!([])),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let policy = RetryPolicy::default().retry_after_ceiling(Duration::from_secs(30));
    let client = kratos(&api.base_url(), policy, &sleep);

    let result = client.list_identities().send().await;

    assert_eq!(typed_error(result), (429, "slow down".to_string()));
    assert_eq!(api.hits(), 1);
    assert_eq!(sleep.waits(), Vec::<Duration>::new());
    assert!(
        logs.text().contains("Retry-After above the ceiling"),
        "{}",
        logs.text()
    );
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn three_503_then_200_succeeds_on_the_fourth_attempt_with_capped_jittered_waits() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![
        error_answer(503),
        error_answer(503),
        error_answer(503),
        json(200, json!([])),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let initial = Duration::from_millis(100);
    let max = Duration::from_millis(250);
    let policy = RetryPolicy::default().max_attempts(4).backoff(initial, max);
    let client = kratos(&api.base_url(), policy, &sleep);

    let list = client.list_identities().send().await.unwrap();

    assert_eq!(list.status(), 200);
    assert_eq!(api.hits(), 4);
    let waits = sleep.waits();
    assert_eq!(waits.len(), 3, "{waits:?}");
    // Full jitter: retry n waits 0..=initial * 2^(n-1), capped at max (100, 200, 250 ms).
    for (i, wait) in waits.iter().enumerate() {
        let cap = (initial * 2u32.pow(u32::try_from(i).unwrap())).min(max);
        assert!(*wait <= cap, "retry {} waited {wait:?} > {cap:?}", i + 1);
    }
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn exhausted_retries_return_the_last_503_with_its_body() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![json(503, error_json(503, "maintenance"))]).await;
    let sleep = RecordingSleep::default();
    let client = kratos(
        &api.base_url(),
        RetryPolicy::default().max_attempts(3),
        &sleep,
    );

    let result = client.list_identities().send().await;

    assert_eq!(typed_error(result), (503, "maintenance".to_string()));
    assert_eq!(api.hits(), 3);
    assert_eq!(sleep.waits().len(), 2);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_post_answered_503_is_not_repeated_by_default() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![error_answer(503), json(201, recovery_code_json())]).await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    let result = client
        .create_recovery_code_for_identity()
        .body(recovery_body())
        .send()
        .await;

    assert_eq!(typed_error(result), (503, "try later".to_string()));
    assert_eq!(api.hits(), 1);
    assert!(sleep.waits().is_empty());
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_patch_answered_503_is_not_repeated_by_default() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![error_answer(503)]).await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    let result = client.extend_session().id(IDENTITY_ID).send().await;

    assert_eq!(typed_error(result).0, 503);
    assert_eq!(api.hits(), 1);
    assert!(sleep.waits().is_empty());
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_post_answered_503_is_repeated_when_non_idempotent_retries_are_on() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![error_answer(503), json(201, recovery_code_json())]).await;
    let sleep = RecordingSleep::default();
    let policy = RetryPolicy::default().retry_non_idempotent(true);
    let client = kratos(&api.base_url(), policy, &sleep);

    let code = client
        .create_recovery_code_for_identity()
        .body(recovery_body())
        .send()
        .await
        .unwrap();

    assert_eq!(code.status(), 201);
    assert_eq!(code.recovery_code, "76453943");
    assert_eq!(api.hits(), 2);
    assert_eq!(sleep.waits().len(), 1);
    // The replay carries the same body.
    let requests = api.requests();
    assert_eq!(requests[0].method_str(), "POST");
    assert_eq!(requests[1].method_str(), "POST");
    assert_eq!(requests[0].body_ref(), requests[1].body_ref());
    let sent: Value = serde_json::from_slice(requests[1].body_ref()).unwrap();
    assert_eq!(sent, json!({ "identity_id": IDENTITY_ID }));
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let (logs, _guard) = capture();
    let url = refused_url().await;
    let sleep = RecordingSleep::default();
    let client = kratos(&url, RetryPolicy::default(), &sleep);

    let result = client
        .create_recovery_code_for_identity()
        .body(recovery_body())
        .send()
        .await;

    let error = result.expect_err("an error");
    assert!(error.is_connect(), "{error:?}");
    // The root cause is named on the one line.
    let shown = error.to_string();
    assert!(shown.contains("could not connect"), "{shown}");
    assert!(
        shown.contains("create_recovery_code_for_identity POST http://"),
        "{shown}"
    );
    // Three attempts (the default): two waits between them.
    assert_eq!(sleep.waits().len(), 2);
    let spans = logs.call_spans();
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(
        field(&spans[0], "userapi.attempts"),
        Some("3"),
        "{}",
        spans[0]
    );
    assert!(
        spans[0].contains("error.type=\"connect_error\""),
        "{}",
        spans[0]
    );
    let retries = logs.retries();
    assert_eq!(retries.len(), 2, "{retries:#?}");
    assert!(retries.iter().all(|l| l.contains("cause=connect error")));
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn disabled_retries_make_one_attempt() {
    let (logs, _guard) = capture();
    let api = Scripted::sequence(vec![error_answer(503), json(200, json!([]))]).await;
    // The convenience constructor, then `with_retry` for this client only.
    let client = Client::with_api_key(&api.base_url(), API_KEY).with_retry(RetryPolicy::disabled());
    assert_eq!(client.runtime().retry(), RetryPolicy::disabled());

    let result = client.list_identities().send().await;

    assert_eq!(typed_error(result).0, 503);
    assert_eq!(api.hits(), 1);
    assert!(logs.retries().is_empty(), "{}", logs.text());
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn server_errors_and_request_timeouts_are_retried() {
    let (logs, _guard) = capture();
    for status in [500, 502, 504, 408, 429] {
        let api = Scripted::sequence(vec![error_answer(status), json(200, json!([]))]).await;
        let sleep = RecordingSleep::default();
        let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

        let list = client.list_identities().send().await;

        assert_eq!(
            list.map(|l| l.status().as_u16()).ok(),
            Some(200),
            "{status}"
        );
        assert_eq!(api.hits(), 2, "{status} was not retried");
        assert_eq!(sleep.waits().len(), 1, "{status}");
        // No Retry-After: the default backoff's first step, 0..=200 ms.
        assert!(sleep.waits()[0] <= Duration::from_millis(200), "{status}");
    }
    assert_no_secrets(&logs, &[]);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let (logs, _guard) = capture();
    for status in [400, 401, 403, 404, 409] {
        let api = Scripted::sequence(vec![error_answer(status), json(200, json!([]))]).await;
        let sleep = RecordingSleep::default();
        let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

        let result = client.list_identities().send().await;

        assert_eq!(typed_error(result).0, status);
        assert_eq!(api.hits(), 1, "{status} was retried");
        assert!(sleep.waits().is_empty(), "{status}");
    }
    assert_no_secrets(&logs, &[]);
}

#[tokio::test]
async fn each_page_of_a_stream_is_retried_like_any_call() {
    use futures::TryStreamExt;
    let identity = |n: u32| {
        json!({ "id": format!("9f425a8d-7efc-4768-8f23-{n:012}"), "schema_id": "default",
                "schema_url": "http://localhost/schemas/default", "traits": {} })
    };
    // Page 1 links to page 2; page 2 fails once with 503, then answers.
    let server = Scripted::sequence(vec![
        json_with(
            200,
            &[("link", "<?page_token=2>; rel=\"next\"")],
            json!([identity(1)]),
        ),
        json(503, error_json(503, "busy")),
        json(200, json!([identity(2)])),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&server.base_url(), RetryPolicy::default(), &sleep);
    let items: Vec<types::Identity> = client
        .list_identities()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(server.hits(), 3);
    assert_eq!(sleep.waits().len(), 1, "one backoff, for page 2");
    let sent = server.requests();
    assert!(
        sent[1].uri().to_string().contains("page_token=2"),
        "{:?}",
        sent[1].uri()
    );
    assert_eq!(
        server.authorizations()[2].as_deref(),
        Some(format!("Bearer {API_KEY}").as_str())
    );
}

/// What a request looked like on the wire, for comparing an attempt with the one before.
fn as_sent(req: &httpmock::HttpMockRequest) -> (String, String, Vec<Option<String>>, Vec<u8>) {
    let headers = [
        "x-tenant",
        "user-agent",
        "accept",
        "authorization",
        "content-type",
    ]
    .iter()
    .map(|name| header(req, name))
    .collect();
    (
        req.method_str().to_string(),
        req.uri().to_string(),
        headers,
        req.body_ref().to_vec(),
    )
}

#[tokio::test]
async fn a_retry_sends_the_whole_request_again() {
    // A retry builds the request again from the call's builder (no copy of the first is kept):
    // the same query, the call's own header, media type, credentials and body.
    let api = Scripted::sequence(vec![
        error_answer(503),
        json(200, json!([])),
        error_answer(503),
        json(201, recovery_code_json()),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(
        &api.base_url(),
        RetryPolicy::default().retry_non_idempotent(true),
        &sleep,
    );

    client
        .list_identities()
        .page_size(3u64)
        .credentials_identifier("ada@example.com")
        .customize()
        .header("x-tenant", "blue")
        .send()
        .await
        .unwrap();
    client
        .create_recovery_code_for_identity()
        .body(recovery_body())
        .customize()
        .header("x-tenant", "green")
        .send()
        .await
        .unwrap();

    let sent = api.requests();
    assert_eq!(sent.len(), 4);
    for (first, again) in [(&sent[0], &sent[1]), (&sent[2], &sent[3])] {
        assert_eq!(as_sent(first), as_sent(again));
    }
    let (_, uri, headers, _) = as_sent(&sent[1]);
    assert!(uri.contains("page_size=3"), "{uri}");
    assert!(
        uri.contains("credentials_identifier=ada%40example.com"),
        "{uri}"
    );
    assert_eq!(headers[0].as_deref(), Some("blue"));
    let (method, _, headers, body) = as_sent(&sent[3]);
    assert_eq!(method, "POST");
    assert_eq!(headers[0].as_deref(), Some("green"));
    assert_eq!(headers[4].as_deref(), Some("application/json"));
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body, json!({ "identity_id": IDENTITY_ID }));
}

#[tokio::test]
async fn a_retry_after_a_redirect_goes_where_the_redirect_pointed() {
    let api = Scripted::sequence(vec![
        json_with(307, &[("location", "/admin/identities/moved")], json!({})),
        error_answer(503),
        json(
            200,
            json!({ "id": IDENTITY_ID, "schema_id": "default",
            "schema_url": "http://localhost/schemas/default", "traits": {} }),
        ),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    let result = client.get_identity().id(IDENTITY_ID).send().await;

    let paths: Vec<String> = api
        .requests()
        .iter()
        .map(|r| r.uri().path().to_string())
        .collect();
    assert_eq!(
        paths,
        [
            format!("/admin/identities/{IDENTITY_ID}"),
            "/admin/identities/moved".to_string(),
            "/admin/identities/moved".to_string(),
        ]
    );
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(sleep.waits().len(), 1);
}

#[tokio::test]
async fn a_post_answered_429_is_repeated_with_or_without_retry_after() {
    // A span capture, as the tests around it: a test without one can leave tracing's
    // callsites cached as unwatched while another test captures.
    let (_logs, _guard) = capture();
    for headers in [&[("retry-after", "2")][..], &[]] {
        let api = Scripted::sequence(vec![
            json_with(429, headers, error_json(429, "slow down")),
            json(201, recovery_code_json()),
        ])
        .await;
        let sleep = RecordingSleep::default();
        let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

        let result = client
            .create_recovery_code_for_identity()
            .body(recovery_body())
            .send()
            .await;

        assert_eq!(result.unwrap().status(), 201, "{headers:?}");
        assert_eq!(api.hits(), 2, "{headers:?}");
        assert_eq!(sleep.waits().len(), 1, "{headers:?}");
        if !headers.is_empty() {
            assert_eq!(sleep.waits(), vec![Duration::from_secs(2)]);
        }
    }
}

#[tokio::test]
async fn a_patch_answered_503_with_retry_after_is_repeated_within_the_attempt_limit() {
    // A span capture, as the tests around it: a test without one can leave tracing's
    // callsites cached as unwatched while another test captures.
    let (_logs, _guard) = capture();
    let api = Scripted::sequence(vec![json_with(
        503,
        &[("retry-after", "1")],
        error_json(503, "try later"),
    )])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    let result = client.extend_session().id(IDENTITY_ID).send().await;

    assert_eq!(typed_error(result).0, 503);
    assert_eq!(api.hits(), 3);
    assert_eq!(sleep.waits(), vec![Duration::from_secs(1); 2]);
}

#[tokio::test]
async fn a_post_answered_429_above_the_retry_after_ceiling_is_returned() {
    // A span capture, as the tests around it: a test without one can leave tracing's
    // callsites cached as unwatched while another test captures.
    let (_logs, _guard) = capture();
    let api = Scripted::sequence(vec![json_with(
        429,
        &[("retry-after", "120")],
        error_json(429, "slow down"),
    )])
    .await;
    let sleep = RecordingSleep::default();
    let client = kratos(&api.base_url(), RetryPolicy::default(), &sleep);

    let result = client
        .create_recovery_code_for_identity()
        .body(recovery_body())
        .send()
        .await;

    assert_eq!(typed_error(result).0, 429);
    assert_eq!(api.hits(), 1);
    assert!(sleep.waits().is_empty());
}

#[tokio::test]
async fn purecloud_search_is_a_post_the_spec_marks_idempotent_so_a_503_is_repeated() {
    // A span capture, as the tests around it: a test without one can leave tracing's
    // callsites cached as unwatched while another test captures.
    let (_logs, _guard) = capture();
    use userapi::purecloud::{Client, types::UserSearchRequest};
    let api = Scripted::sequence(vec![
        json(503, json!({ "message": "busy" })),
        json(
            200,
            json!({ "pageCount": 1, "pageNumber": 1, "pageSize": 25, "results": [], "total": 0, "types": ["users"] }),
        ),
    ])
    .await;
    let sleep = RecordingSleep::default();
    let runtime = Client::runtime_builder()
        .credentials(Credentials::bearer(API_KEY))
        .sleep(sleep.clone())
        .build();
    let client = Client::with_runtime(&api.base_url(), runtime);

    let found = client
        .search_users()
        .body(UserSearchRequest::default())
        .send()
        .await
        .unwrap();

    assert_eq!(found.status(), 200);
    assert_eq!(api.hits(), 2);
    assert_eq!(sleep.waits().len(), 1);
    // A POST the spec leaves alone keeps the method's rule.
    let api = Scripted::sequence(vec![json(503, json!({ "message": "busy" }))]).await;
    let runtime = client.runtime().to_builder().build();
    let client = Client::with_runtime(&api.base_url(), runtime);
    let body = serde_json::from_value::<userapi::purecloud::types::CreateUser>(
        json!({ "name": "Ada", "email": "ada@example.com", "password": "x" }),
    );
    let result = client.create_user().body(body.unwrap()).send().await;
    assert_eq!(result.unwrap_err().status_code(), Some(503));
    assert_eq!(api.hits(), 1);
}
