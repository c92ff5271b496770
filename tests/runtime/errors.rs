//! The error every call returns: one readable line naming provider, operation, method and URL;
//! the status, headers, whole body and request id of an answer that arrived; the root cause of
//! a transport failure named on the line and reachable through `source()`.

use crate::harness::*;
use crate::support::assert_answered;
use serde_json::json;
use std::error::Error as _;
use std::time::Duration;
use userapi::runtime::{ErrorKind, RetryPolicy, Timeouts};

const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";

#[tokio::test]
async fn a_documented_error_reads_as_one_line_with_its_message_and_request_id() {
    // Every test of this binary captures logs: a callsite first seen with no subscriber
    // anywhere is cached as uninteresting, and another test would miss its span.
    let (_logs, _guard) = capture();
    let api = Scripted::sequence(vec![json(
        404,
        json!({ "error": { "code": 404, "status": "Not Found",
                "message": "Unable to locate the resource", "request": "7c1f2a9e-33" } }),
    )])
    .await;
    let kratos = userapi::kratos::Client::unauthenticated(&api.base_url());
    let error = kratos.get_identity().id("x").send().await.unwrap_err();
    assert_answered(&error, 404);
    assert_eq!(
        error.to_string(),
        format!(
            "kratos get_identity GET {}/admin/identities/x: 404 Not Found: Unable to locate the \
             resource (request 7c1f2a9e-33)",
            api.base_url()
        )
    );
    assert_eq!(error.request_id().as_deref(), Some("7c1f2a9e-33"));
    assert_eq!(error.provider(), "kratos");
    assert_eq!(error.method(), "GET");
    let typed = error.service_error().expect("the typed body");
    assert_eq!(typed.error.message, "Unable to locate the resource");
}

#[tokio::test]
async fn request_ids_come_from_the_header_or_the_body_of_each_provider() {
    let (_logs, _guard) = capture();
    // PureCloud: the correlation header wins over the body's `contextId`.
    let api = Scripted::sequence(vec![json_with(
        503,
        &[("inin-correlation-id", "corr-9")],
        json!({ "status": 503, "message": "busy", "contextId": "ctx-1" }),
    )])
    .await;
    let purecloud = userapi::purecloud::Client::with_bearer(&api.base_url(), "t")
        .with_retry(RetryPolicy::disabled());
    let error = purecloud.get_me().send().await.unwrap_err();
    assert_eq!(error.request_id().as_deref(), Some("corr-9"));
    assert!(
        error
            .to_string()
            .ends_with("503 Service Unavailable: busy (request corr-9)"),
        "{error}"
    );

    let api = Scripted::sequence(vec![json(
        404,
        json!({ "status": 404, "message": "no such user", "contextId": "ctx-1" }),
    )])
    .await;
    let purecloud = userapi::purecloud::Client::with_bearer(&api.base_url(), "t");
    let error = purecloud.get_user().user_id("u").send().await.unwrap_err();
    assert_eq!(error.request_id().as_deref(), Some("ctx-1"));

    // SendAuth and Circuit document no error body: the generic request-id header.
    let api = Scripted::sequence(vec![json_with(
        404,
        &[("x-request-id", "req-77")],
        json!({}),
    )])
    .await;
    let sendauth = userapi::sendauth::Client::with_basic(&api.base_url(), "u", "p");
    let error = sendauth
        .get_user()
        .user_id("3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70")
        .send()
        .await
        .unwrap_err();
    assert_answered(&error, 404);
    assert_eq!(error.request_id().as_deref(), Some("req-77"));
}

#[tokio::test]
async fn a_huge_body_is_cut_on_the_line_and_kept_whole() {
    let (_logs, _guard) = capture();
    let big = "x".repeat(20 * 1024 * 1024);
    let api = Scripted::sequence(vec![text(418, &big)]).await;
    let kratos = userapi::kratos::Client::unauthenticated(&api.base_url());
    let error = kratos.get_identity().id(ID).send().await.unwrap_err();
    // Kratos declares JSON for every 4XX, so a text body is one that does not decode.
    assert!(
        matches!(error.kind(), ErrorKind::InvalidBody(_)),
        "{error:?}"
    );
    let line = error.to_string();
    assert!(line.len() < 800, "{} characters", line.len());
    assert!(
        line.contains("418 I'm a teapot: the body is not the JSON"),
        "{line}"
    );
    assert!(line.ends_with("xxx…"), "{line}");
    assert_eq!(error.body().map(|b| b.len()), Some(big.len()));
    assert!(format!("{error:?}").len() < 2_000);
}

#[tokio::test]
async fn a_body_that_does_not_decode_keeps_its_status_and_the_decode_error() {
    let (_logs, _guard) = capture();
    let api = Scripted::sequence(vec![json(503, json!({}))]).await;
    let kratos = userapi::kratos::Client::unauthenticated(&api.base_url())
        .with_retry(RetryPolicy::disabled());
    let error = kratos.get_identity().id(ID).send().await.unwrap_err();
    assert_answered(&error, 503);
    assert!(
        matches!(error.kind(), ErrorKind::InvalidBody(_)),
        "{error:?}"
    );
    let source = error.source().expect("the decode error");
    assert!(
        source.to_string().contains("missing field `error`"),
        "{source}"
    );
}

#[tokio::test]
async fn connection_refused_is_named_on_the_line_and_found_through_source() {
    let (_logs, _guard) = capture();
    let url = refused_url().await;
    let kratos = userapi::kratos::Client::unauthenticated(&url).with_retry(RetryPolicy::disabled());
    let error = kratos.get_identity().id(ID).send().await.unwrap_err();
    assert!(error.is_connect(), "{error:?}");
    assert_eq!(error.status(), None);
    assert_eq!(
        error.url(),
        Some(format!("{url}/admin/identities/{ID}").as_str())
    );
    let line = error.to_string();
    assert!(
        line.starts_with(&format!(
            "kratos get_identity GET {url}/admin/identities/{ID}: could not connect: "
        )),
        "{line}"
    );
    assert!(line.to_lowercase().contains("connection refused"), "{line}");
    let mut cause: &dyn std::error::Error = &error;
    let mut io = None;
    while let Some(next) = cause.source() {
        if let Some(e) = next.downcast_ref::<std::io::Error>() {
            io = Some(e.kind());
        }
        cause = next;
    }
    assert_eq!(io, Some(std::io::ErrorKind::ConnectionRefused));
}

#[tokio::test]
async fn a_timeout_says_after_how_long() {
    let (_logs, _guard) = capture();
    let api =
        Scripted::start_delayed(Duration::from_millis(500), |_, _| json(200, json!([]))).await;
    let kratos = userapi::kratos::Client::unauthenticated(&api.base_url())
        .with_retry(RetryPolicy::disabled())
        .with_timeouts(Timeouts::default().attempt(Duration::from_millis(100)));
    let error = kratos.list_identities().send().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        error.to_string().ends_with(": timed out after 100 ms"),
        "{error}"
    );
}

#[tokio::test]
async fn refused_before_sending_names_the_call_and_has_no_status() {
    let (_logs, _guard) = capture();
    let kratos = userapi::kratos::Client::unauthenticated("http://127.0.0.1:9/");
    let error = kratos.get_identity().id("..").send().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidRequest(_)),
        "{error:?}"
    );
    assert_eq!(error.status(), None);
    assert_eq!(error.body(), None);
    let line = error.to_string();
    assert!(line.starts_with("kratos get_identity GET"), "{line}");
    assert!(
        line.contains("invalid request: parameter id: a path parameter must not be empty"),
        "{line}"
    );
    assert!(
        !line.contains("kratos get_identity: "),
        "the call is named once: {line}"
    );
}
