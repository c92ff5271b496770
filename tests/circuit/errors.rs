//! Circuit error answers: every documented error status becomes `ErrorKind::Service` with that
//! status (the spec gives error answers no body), anything else `ErrorKind::UnexpectedStatus`
//! with the body kept, and a broken success body an error rather than a panic or a default;
//! every error names its operation, method, URL and status.

use crate::support::{Wire, assert_answered, body_text};
use serde_json::json;
use userapi::circuit::{Client, ErrorKind, OPERATIONS};

type Error = userapi::circuit::Error<()>;

/// Every documented error status of the Circuit users spec.
const ERROR_STATUSES: [u16; 5] = [400, 401, 404, 500, 503];

const USER_ID: &str = "2f8c5a2e-9b1d-4c3e-8a77-0e5f6d1c2b3a";

/// Calls operation `id` with valid parameters, keeping only the error.
async fn call(circuit: &Client, id: &str) -> Result<(), Error> {
    let ids = || {
        vec![
            USER_ID.to_string(),
            "charles.babbage@example.com".to_string(),
        ]
    };
    match id {
        "get_label" => circuit.get_label().send().await.map(drop),
        "get_presence" => circuit
            .get_presence()
            .user_ids(ids())
            .send()
            .await
            .map(drop),
        "get_profile" => circuit.get_profile().send().await.map(drop),
        "get_support_info" => circuit.get_support_info().send().await.map(drop),
        "get_user_by_email_address" => circuit
            .get_user_by_email_address()
            .email_address("ada.lovelace@example.com")
            .secondary_lookup(false)
            .send()
            .await
            .map(drop),
        "get_user_by_id" => circuit.get_user_by_id().id(USER_ID).send().await.map(drop),
        "get_user_presence" => circuit
            .get_user_presence()
            .id(USER_ID)
            .send()
            .await
            .map(drop),
        "search_user" => circuit.search_user().name("Ada").send().await.map(drop),
        "search_users_list" => circuit
            .search_users_list()
            .name(ids())
            .send()
            .await
            .map(drop),
        "set_user_presence" => circuit
            .set_user_presence()
            .body_map(|b| b.state("AVAILABLE"))
            .send()
            .await
            .map(drop),
        other => panic!("operation {other} has no call in errors.rs"),
    }
}

async fn search_users_list_answered(status: u16) -> Error {
    let wire = Wire::answer(status, None).await;
    // Decoding is under test here; retrying a 5xx is the runtime tests' business.
    let circuit = Client::with_bearer(&wire.base_url(), "token")
        .with_retry(userapi::circuit::RetryPolicy::disabled());
    let err = call(&circuit, "search_users_list").await.unwrap_err();
    assert_eq!(wire.hits(), 1);
    err
}

fn assert_error_response(err: &Error, status: u16) {
    assert!(matches!(err.kind(), ErrorKind::Service(())), "{err:?}");
    assert_answered(err, status);
}

#[tokio::test]
async fn status_400_is_an_error_response() {
    assert_error_response(&search_users_list_answered(400).await, 400);
}

#[tokio::test]
async fn status_401_is_an_error_response() {
    assert_error_response(&search_users_list_answered(401).await, 401);
}

#[tokio::test]
async fn status_404_is_an_error_response() {
    assert_error_response(&search_users_list_answered(404).await, 404);
}

#[tokio::test]
async fn status_500_is_an_error_response() {
    assert_error_response(&search_users_list_answered(500).await, 500);
}

#[tokio::test]
async fn status_503_is_an_error_response() {
    assert_error_response(&search_users_list_answered(503).await, 503);
}

#[tokio::test]
async fn every_operation_maps_each_documented_error_status_and_only_those() {
    assert_eq!(OPERATIONS.len(), 10);
    for op in OPERATIONS {
        for status in ERROR_STATUSES {
            let declared = op.responses.iter().any(|(k, _)| *k == status.to_string());
            // The error body is a JSON object a server might send anyway; it must not matter.
            let wire = Wire::answer(
                status,
                Some(json!({ "errorCode": "X", "description": "nope" })),
            )
            .await;
            let circuit = Client::with_bearer(&wire.base_url(), "token");
            let err = call(&circuit, op.id).await.unwrap_err();
            assert_eq!(err.operation(), op.id);
            assert_answered(&err, status);
            match (err.kind(), declared) {
                (ErrorKind::Service(()), true) | (ErrorKind::UnexpectedStatus, false) => {}
                _ => panic!(
                    "{} answered {status} (declared: {declared}) gave {err:?}",
                    op.id
                ),
            }
        }
    }
}

#[tokio::test]
async fn error_response_keeps_the_headers() {
    let wire = Wire::answer_raw(503, Some("Service Unavailable"), "text/plain").await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = call(&circuit, "get_profile").await.unwrap_err();
    assert_error_response(&err, 503);
    assert_eq!(err.headers()["content-type"], "text/plain");
}

#[tokio::test]
async fn an_undeclared_status_is_an_unexpected_response() {
    let wire = Wire::answer(418, Some(json!({ "description": "I'm a teapot" }))).await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = call(&circuit, "get_user_by_id").await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnexpectedStatus), "{err:?}");
    assert_answered(&err, 418);
    let text = body_text(&err);
    assert!(text.contains("I'm a teapot"), "{text}");
}

#[tokio::test]
async fn an_html_502_is_an_unexpected_response_with_its_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let wire = Wire::answer_raw(502, Some(html), "text/html").await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = call(&circuit, "search_user").await.unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::UnexpectedStatus), "{err:?}");
    assert_answered(&err, 502);
    assert_eq!(body_text(&err), html);
}

#[tokio::test]
async fn an_html_body_on_a_documented_error_status_is_still_an_error_response() {
    let html = "<html><body><h1>503 Service Unavailable</h1></body></html>";
    let wire = Wire::answer_raw(503, Some(html), "text/html").await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = call(&circuit, "search_user").await.unwrap_err();
    assert_error_response(&err, 503);
}

async fn assert_broken_success_body(op: &str, body: Option<&str>, content_type: &str) {
    let wire = Wire::answer_raw(200, body, content_type).await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = call(&circuit, op).await.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidBody(_)),
        "{op}: {err:?}"
    );
    assert_eq!(err.operation(), op);
    assert_answered(&err, 200);
    assert_eq!(body_text(&err), body.unwrap_or(""), "{op}");
}

#[tokio::test]
async fn truncated_json_on_200_is_an_unexpected_response() {
    assert_broken_success_body(
        "get_profile",
        Some(r#"{"userId":"2f8c5a2e","displayName":"Ada"#),
        "application/json",
    )
    .await;
    assert_broken_success_body(
        "search_user",
        Some(r#"[{"userId":"2f8c5a2e"},"#),
        "application/json",
    )
    .await;
}

#[tokio::test]
async fn an_empty_200_body_is_an_unexpected_response() {
    assert_broken_success_body("get_user_presence", None, "application/json").await;
    assert_broken_success_body("get_label", Some(""), "application/json").await;
}

#[tokio::test]
async fn an_xml_200_body_is_an_unexpected_response() {
    let xml = "<user><userId>2f8c5a2e-9b1d-4c3e-8a77-0e5f6d1c2b3a</userId></user>";
    assert_broken_success_body("get_user_by_id", Some(xml), "application/xml").await;
}

#[tokio::test]
async fn json_of_the_wrong_shape_on_200_is_an_invalid_response_payload() {
    // Valid JSON, but an object where the spec promises an array of users.
    let wire = Wire::answer(200, Some(json!({ "userId": USER_ID }))).await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = call(&circuit, "search_users_list").await.unwrap_err();
    assert_answered(&err, 200);
    match err.kind() {
        ErrorKind::InvalidBody(_) => {
            assert_eq!(body_text(&err), json!({ "userId": USER_ID }).to_string());
        }
        other => panic!("expected InvalidBody, got {other:?}"),
    }
}
