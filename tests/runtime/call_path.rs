//! The one call path's hooks: interceptors on every attempt and page, per-call settings
//! (`.customize()`), streams callers can hold, and errors as data with their helpers. Through
//! the kratos client.

use crate::harness::*;
use httpmock::HttpMockRequest;
use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde_json::{Value, json};
use std::error::Error as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use userapi::kratos::paging::TryStreamExt as _;
use userapi::kratos::{
    BoxError, CallInfo, Client, Error, ErrorKind, Interceptor, Refused, Repeated, types,
};
use userapi::runtime::{AuthError, Credentials, RetryPolicy, Timeouts};

const IDENTITY_ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";

fn identity(note: &str) -> Value {
    json!({ "id": IDENTITY_ID, "schema_id": "default",
            "schema_url": "http://localhost/schemas/default", "traits": {}, "note": note })
}

fn error_json(code: u16) -> Value {
    json!({ "error": { "code": code, "status": "error", "message": "try later" } })
}

/// A kratos client with an API key, `policy`, the given interceptors, waits recorded.
fn kratos(base_url: &str, policy: RetryPolicy, interceptors: Vec<Arc<Seen>>) -> Client {
    let mut builder = Client::runtime_builder()
        .credentials(Credentials::header(
            AUTHORIZATION,
            format!("Bearer {API_KEY}"),
        ))
        .retry(policy)
        .sleep(RecordingSleep::default());
    for i in interceptors {
        builder = builder.interceptor(SharedSeen(i));
    }
    Client::with_runtime(base_url, builder.build())
}

/// What an interceptor saw: the attempts it ran on (and whether the request carried
/// credentials then) and the statuses it was told of.
#[derive(Default)]
struct Seen {
    tag: &'static str,
    attempts: Mutex<Vec<(String, u32, bool)>>,
    answers: Mutex<Vec<u16>>,
}

struct SharedSeen(Arc<Seen>);

impl Interceptor for SharedSeen {
    fn before_attempt(
        &self,
        request: &mut reqwest::Request,
        call: &CallInfo,
    ) -> Result<(), BoxError> {
        let had_credentials = request.headers().contains_key(AUTHORIZATION);
        self.0.attempts.lock().unwrap().push((
            call.operation.to_string(),
            call.attempt,
            had_credentials,
        ));
        let tags = request.headers_mut();
        let before = tags
            .get("x-tags")
            .and_then(|v| v.to_str().ok())
            .map(|v| format!("{v},"))
            .unwrap_or_default();
        let value = HeaderValue::from_str(&format!("{before}{}", self.0.tag))?;
        tags.insert("x-tags", value);
        // An interceptor's own credentials are replaced by the client's.
        tags.insert(
            AUTHORIZATION,
            HeaderValue::from_static("Bearer from-interceptor"),
        );
        Ok(())
    }

    fn after_answer(
        &self,
        status: reqwest::StatusCode,
        _: &reqwest::header::HeaderMap,
        _: &CallInfo,
    ) {
        self.0.answers.lock().unwrap().push(status.as_u16());
    }
}

fn seen(tag: &'static str) -> Arc<Seen> {
    Arc::new(Seen {
        tag,
        ..Seen::default()
    })
}

fn tags(requests: &[HttpMockRequest]) -> Vec<Option<String>> {
    requests.iter().map(|r| header(r, "x-tags")).collect()
}

#[tokio::test]
async fn interceptors_run_in_order_on_every_attempt_of_a_retried_call_and_never_see_credentials() {
    let api = Scripted::sequence(vec![
        json(503, error_json(503)),
        json(503, error_json(503)),
        json(200, json!([])),
    ])
    .await;
    let (first, second) = (seen("a"), seen("b"));
    let client = kratos(
        &api.base_url(),
        RetryPolicy::default().max_attempts(3),
        vec![first.clone(), second.clone()],
    );

    client.list_identities().send().await.unwrap();

    let requests = api.requests();
    assert_eq!(tags(&requests), vec![Some("a,b".to_string()); 3]);
    // The client's credentials went out, in place of the interceptor's.
    assert_eq!(
        api.authorizations(),
        vec![Some(format!("Bearer {API_KEY}")); 3]
    );
    let attempts = first.attempts.lock().unwrap().clone();
    assert_eq!(
        attempts,
        [1, 2, 3].map(|n| ("list_identities".to_string(), n, false))
    );
    assert_eq!(*second.answers.lock().unwrap(), [503, 503, 200]);
}

#[tokio::test]
async fn an_interceptor_runs_on_every_page_of_a_stream() {
    let api = Scripted::start(|n, _| match n {
        0 => json_with(
            200,
            &[(
                "link",
                "</admin/identities?page_size=1&page_token=b>; rel=\"next\"",
            )],
            json!([identity("1")]),
        ),
        _ => json(200, json!([identity("2")])),
    })
    .await;
    let tagger = seen("t");
    let client = kratos(
        &api.base_url(),
        RetryPolicy::default(),
        vec![tagger.clone()],
    );

    // A named, `Unpin` stream: held in a variable and polled without `pin!`.
    let mut items = client.list_identities().page_size(1).stream();
    let mut notes = Vec::new();
    while let Some(identity) = items.try_next().await.unwrap() {
        notes.push(identity.id);
    }

    assert_eq!(notes.len(), 2);
    assert_eq!(tags(&api.requests()), vec![Some("t".to_string()); 2]);
    assert_eq!(tagger.attempts.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_refusing_interceptor_ends_the_call_naming_itself_and_nothing_is_sent() {
    let api = Scripted::sequence(vec![json(200, json!([]))]).await;
    let client = Client::with_runtime(
        &api.base_url(),
        Client::runtime_builder()
            .interceptor(
                |_: &mut reqwest::Request, _: &CallInfo| -> Result<(), BoxError> {
                    Err("tenant quota used up".into())
                },
            )
            .build(),
    );

    let error = client.list_identities().send().await.unwrap_err();

    assert_eq!(api.hits(), 0);
    match error.kind() {
        ErrorKind::Interceptor { name, source } => {
            assert!(name.contains("call_path"), "{name}");
            assert_eq!(source.to_string(), "tenant quota used up");
        }
        other => panic!("expected ErrorKind::Interceptor, got {other:?}"),
    }
    assert_eq!(
        error.source().map(ToString::to_string).as_deref(),
        Some("tenant quota used up")
    );
    assert!(
        error.to_string().contains("refused by interceptor"),
        "{error}"
    );
    assert_eq!(error.status_code(), None);
}

#[tokio::test]
async fn customize_adds_a_header_to_one_call_only() {
    let api = Scripted::sequence(vec![json(200, json!([]))]).await;
    let client = kratos(&api.base_url(), RetryPolicy::default(), vec![]);

    client
        .list_identities()
        .customize()
        .header("x-request-tag", "nightly-sync")
        .send()
        .await
        .unwrap();
    client.list_identities().send().await.unwrap();

    let requests = api.requests();
    assert_eq!(
        header(&requests[0], "x-request-tag").as_deref(),
        Some("nightly-sync")
    );
    assert_eq!(header(&requests[1], "x-request-tag"), None);
}

#[tokio::test]
async fn a_customized_header_is_checked_like_a_header_parameter() {
    let api = Scripted::sequence(vec![json(200, json!([]))]).await;
    let client = kratos(&api.base_url(), RetryPolicy::default(), vec![]);
    for (name, value, refused) in [
        ("x-tag", "a\r\nInjected: 1", "x-tag"),
        ("bad name", "v", "bad name"),
    ] {
        let error = client
            .list_identities()
            .customize()
            .header(name, value)
            .send()
            .await
            .unwrap_err();
        match error.kind() {
            ErrorKind::InvalidRequest(invalid) => {
                assert_eq!(invalid.refused, Refused::Header(refused.to_string()));
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
        assert!(!error.to_string().contains('\r'), "{error}");
    }
    assert_eq!(api.hits(), 0);
}

#[tokio::test]
async fn customize_retries_0_makes_one_attempt_on_a_client_set_to_retry() {
    let api = Scripted::sequence(vec![
        json(503, error_json(503)),
        json(503, error_json(503)),
        json(200, json!([])),
    ])
    .await;
    let client = kratos(
        &api.base_url(),
        RetryPolicy::default().max_attempts(4),
        vec![],
    );

    let error = client
        .list_identities()
        .customize()
        .retries(0)
        .send()
        .await
        .unwrap_err();

    assert_eq!(api.hits(), 1);
    assert_eq!(error.status_code(), Some(503));
    assert!(
        error.is_retryable(),
        "a GET answered 503: the policy would retry it"
    );
    // The client's own setting is untouched: its next call is retried past a 503.
    client.list_identities().send().await.unwrap();
    assert_eq!(api.hits(), 3);
}

#[tokio::test]
async fn a_per_call_timeout_shorter_than_the_clients_cuts_the_call() {
    // The server answers after 3 s; the client's limits are the defaults (30 s per attempt).
    let api = Scripted::start_delayed(Duration::from_secs(3), |_, _| json(200, json!([]))).await;
    let client = Client::with_runtime(
        &api.base_url(),
        Client::runtime_builder()
            .retry(RetryPolicy::disabled())
            .build(),
    );

    let started = Instant::now();
    let error = client
        .list_identities()
        .customize()
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();

    assert!(error.is_timeout(), "{error}");
    // Without the call's own limit it would have waited the 3 s answer out; 1 s leaves room
    // for a loaded machine.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_per_call_timeout_longer_than_the_clients_lets_a_slow_answer_arrive() {
    let api =
        Scripted::start_delayed(Duration::from_millis(800), |_, _| json(200, json!([]))).await;
    let short = Timeouts::default()
        .total(Duration::from_millis(200))
        .attempt(Duration::from_millis(200));
    let client = Client::with_runtime(
        &api.base_url(),
        Client::runtime_builder()
            .timeouts(short)
            .retry(RetryPolicy::disabled())
            .build(),
    );

    assert!(
        client
            .list_identities()
            .send()
            .await
            .unwrap_err()
            .is_timeout()
    );
    client
        .list_identities()
        .customize()
        .timeout(Duration::from_secs(30))
        .attempt_timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn customized_paging_sends_every_page_with_the_calls_settings() {
    let api = Scripted::start(|n, _| match n {
        0 => json_with(
            200,
            &[("link", "</admin/identities?page_token=b>; rel=\"next\"")],
            json!([identity("1")]),
        ),
        _ => json(200, json!([identity("2")])),
    })
    .await;
    let client = kratos(&api.base_url(), RetryPolicy::default(), vec![]);

    let mut pages = client
        .list_identities()
        .customize()
        .header("x-sync", "1")
        .pages();
    let mut count = 0;
    while let Some(page) = pages.try_next().await.unwrap() {
        count += page.len();
    }

    assert_eq!(count, 2);
    let sent: Vec<_> = api.requests().iter().map(|r| header(r, "x-sync")).collect();
    assert_eq!(sent, vec![Some("1".to_string()); 2]);
}

#[tokio::test]
async fn every_error_kind_carries_its_facts_as_data() {
    // InvalidRequest: a parameter, by its builder name.
    let api = Scripted::sequence(vec![json(200, json!([]))]).await;
    let client = kratos(&api.base_url(), RetryPolicy::disabled(), vec![]);
    let e = client.get_identity().id("..").send().await.unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::InvalidRequest(i) if i.refused == Refused::Parameter("id"))
    );
    assert_eq!(
        (e.status_code(), e.is_not_found(), e.is_retryable()),
        (None, false, false)
    );

    // InvalidRequest: the base URL.
    let e = Client::unauthenticated("ftp://example.com")
        .list_identities()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidRequest(i) if i.refused == Refused::BaseUrl));

    // Service: a documented 404.
    let api = Scripted::sequence(vec![json(404, error_json(404))]).await;
    let client = kratos(&api.base_url(), RetryPolicy::disabled(), vec![]);
    let e = client.get_identity().id("x").send().await.unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::Service(types::ErrorGeneric { .. })
    ));
    assert_eq!(
        (e.status_code(), e.is_not_found(), e.is_retryable()),
        (Some(404), true, false)
    );

    // A 503 is retryable for a GET, not for a POST.
    let api = Scripted::sequence(vec![json(503, error_json(503))]).await;
    let client = kratos(&api.base_url(), RetryPolicy::disabled(), vec![]);
    let e = client.list_identities().send().await.unwrap_err();
    assert!(e.is_retryable());
    let e = client
        .create_recovery_code_for_identity()
        .body(
            types::CreateRecoveryCodeForIdentityBody::builder()
                .identity_id(IDENTITY_ID.parse::<uuid::Uuid>().unwrap()),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (e.method(), e.status_code(), e.is_retryable()),
        ("POST", Some(503), false)
    );
    // A POST the spec marks idempotent (PureCloud's user search) is retryable like a GET.
    let api = Scripted::sequence(vec![json(503, error_json(503))]).await;
    let search = userapi::purecloud::Client::with_runtime(
        &api.base_url(),
        userapi::purecloud::Client::runtime_builder()
            .credentials(Credentials::bearer(API_KEY))
            .retry(RetryPolicy::disabled())
            .build(),
    );
    let e = search
        .search_users()
        .body(userapi::purecloud::types::UserSearchRequest::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (e.method(), e.status_code(), e.is_retryable()),
        ("POST", Some(503), true)
    );
    // ... unless the server asked: a 429, or a 503 with `Retry-After`, for any method.
    for (status, headers) in [(429, &[][..]), (503, &[("retry-after", "1")][..])] {
        let api = Scripted::sequence(vec![json_with(status, headers, error_json(status))]).await;
        let client = kratos(&api.base_url(), RetryPolicy::disabled(), vec![]);
        let e = client
            .create_recovery_code_for_identity()
            .body(
                types::CreateRecoveryCodeForIdentityBody::builder()
                    .identity_id(IDENTITY_ID.parse::<uuid::Uuid>().unwrap()),
            )
            .send()
            .await
            .unwrap_err();
        assert!(e.is_retryable(), "{status}");
    }

    // Transport: a refused connection may always be tried again.
    let e = kratos(&refused_url().await, RetryPolicy::disabled(), vec![])
        .list_identities()
        .send()
        .await
        .unwrap_err();
    assert!(e.is_connect() && e.is_retryable(), "{e:?}");

    // Credentials: the token source's error is the source.
    let e = Client::with_credentials(&api.base_url(), Credentials::bearer("line\nbreak"))
        .list_identities()
        .send()
        .await
        .unwrap_err();
    match e.kind() {
        ErrorKind::Credentials(source) => assert!(!source.message.is_empty()),
        other => panic!("expected Credentials, got {other:?}"),
    }
    assert!(
        e.source()
            .and_then(|s| s.downcast_ref::<AuthError>())
            .is_some()
    );

    // Paging: which cursor repeated.
    let looping = Scripted::start(|_, _| {
        json_with(
            200,
            &[("link", "</admin/identities?page_token=same>; rel=\"next\"")],
            json!([identity("x")]),
        )
    })
    .await;
    let client = kratos(&looping.base_url(), RetryPolicy::disabled(), vec![]);
    let mut pages = client.list_identities().pages();
    let error = loop {
        match pages.try_next().await {
            Ok(Some(_)) => continue,
            Ok(None) => panic!("the listing ended without an error"),
            Err(e) => break e,
        }
    };
    match error.kind() {
        ErrorKind::Paging(p) => {
            assert_eq!(p.repeated, Some(Repeated::Cursor("page_token=same".into())));
        }
        other => panic!("expected Paging, got {other:?}"),
    }
    assert_eq!(error.status_code(), Some(200));
}

/// The provider's `Error` reads alone: its error body is the provider's only one.
#[test]
fn the_provider_error_defaults_its_body() {
    fn takes(_: Option<Error>) {}
    let typed: Option<userapi::runtime::Error<types::ErrorGeneric>> = None;
    takes(typed);
}

/// `.stream()` and `.pages()` are named types that are `Unpin`.
#[test]
fn streams_are_unpin() {
    fn unpin<T: Unpin>(_: &T) {}
    let client = Client::unauthenticated("http://127.0.0.1:1");
    unpin(&client.list_identities().stream());
    unpin(&client.list_identities().pages());
    unpin(&client.list_identities().customize().stream());
}

/// A `reqwest::ClientBuilder` that fails to build (here: a TLS configuration reqwest does not
/// know) gives a client whose every call is refused with the cause, before anything is sent:
/// no stand-in client (`reqwest::Client::new()` panics on the same failures) and no panic.
#[tokio::test]
async fn a_client_whose_http_client_cannot_be_built_refuses_every_call_with_the_cause() {
    let api = Scripted::sequence(vec![json(200, json!([]))]).await;
    let broken = reqwest::Client::builder().tls_backend_preconfigured(());
    let client =
        Client::with_http_client(&api.base_url(), broken, Client::runtime_builder().build());

    for _ in 0..2 {
        let error = client.list_identities().send().await.unwrap_err();
        match error.kind() {
            ErrorKind::InvalidRequest(invalid) => {
                assert_eq!(invalid.refused, Refused::Request);
                assert!(invalid.why.contains("could not be built"), "{invalid}");
            }
            other => panic!("expected InvalidRequest, got {other:?}"),
        }
    }
    let mut pages = client.list_identities().pages();
    assert!(pages.try_next().await.is_err());
    assert_eq!(api.hits(), 0);
}
