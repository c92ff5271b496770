//! Ory Kratos errors: every documented error status decodes into `ErrorKind::Service` with the
//! `errorGeneric` body; answers the spec does not describe become `ErrorKind::UnexpectedStatus`
//! or `ErrorKind::InvalidBody` with their status and body kept. Every error names its
//! operation, method and URL, and the request id from the body.

use crate::support::{Wire, assert_answered, body_text};
use serde_json::json;
use userapi::kratos::{Client, Error, ErrorKind, ResponseValue, types};

const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";

type KratosResult<T> = Result<ResponseValue<T>, Error<types::ErrorGeneric>>;

/// An `errorGeneric` body as Kratos writes it.
fn error_body(code: u16, status: &str, message: &str) -> serde_json::Value {
    json!({
        "error": {
            "code": code,
            "status": status,
            "message": message,
            "reason": format!("reason for {code}"),
            "id": format!("kratos_{code}"),
            "request": "d7ef54b1-ec15-46e6-bccb-524b82c035e6",
            "debug": "handler.go:123",
            "details": { "status_code": code }
        }
    })
}

/// The decoded `errorGeneric` of a `Service` error, after checking its status, context and
/// request id.
fn error_response<T: std::fmt::Debug>(result: KratosResult<T>, status: u16) -> types::ErrorGeneric {
    let error = result.expect_err("an error");
    assert_answered(&error, status);
    let request_id = error.request_id();
    match error.into_kind() {
        ErrorKind::Service(e) => {
            // The request id is the body's `error.request`, when Kratos sent one.
            assert_eq!(request_id, e.error.request);
            e
        }
        other => panic!("expected ErrorKind::Service with status {status}, got {other:?}"),
    }
}

/// The status and body text of an answer the spec does not describe (an undeclared status, or
/// a body that is not the promised JSON).
async fn unexpected_response<T: std::fmt::Debug>(result: KratosResult<T>) -> (u16, String) {
    let error = result.expect_err("an error");
    let status = error.status().expect("the status is kept").as_u16();
    (status, crate::support::undescribed_body(&error, status))
}

fn assert_generic(error: &types::ErrorGeneric, code: u16, status: &str, message: &str) {
    assert_eq!(error.error.code, Some(i64::from(code)));
    assert_eq!(error.error.status.as_deref(), Some(status));
    assert_eq!(error.error.message, message);
    assert_eq!(error.error.reason, Some(format!("reason for {code}")));
    assert_eq!(error.error.id, Some(format!("kratos_{code}")));
    assert_eq!(
        error.error.request.as_deref(),
        Some("d7ef54b1-ec15-46e6-bccb-524b82c035e6")
    );
    assert_eq!(error.error.debug.as_deref(), Some("handler.go:123"));
    assert_eq!(error.error.details["status_code"], json!(code));
}

fn create_body() -> types::CreateIdentityBody {
    let traits: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(json!({ "email": "ada@example.com" })).unwrap();
    userapi_tests::build(
        types::CreateIdentityBody::builder()
            .schema_id("default")
            .traits(traits),
    )
}

#[tokio::test]
async fn bad_request_400_decodes_every_error_field() {
    let message = "The request was malformed or contained invalid parameters";
    let wire = Wire::answer(400, Some(error_body(400, "Bad Request", message))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let result = kratos.create_identity().body(create_body()).send().await;
    let error = error_response(result, 400);
    assert_generic(&error, 400, "Bad Request", message);
    assert_eq!(wire.hits(), 1);
}

#[tokio::test]
async fn unauthorized_401_is_an_error_response() {
    let message = "The request could not be authorized";
    let wire = Wire::answer(401, Some(error_body(401, "Unauthorized", message))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "wrong-key");
    let result = kratos.delete_identity_sessions().id(ID).send().await;
    let error = error_response(result, 401);
    assert_generic(&error, 401, "Unauthorized", message);
}

#[tokio::test]
async fn not_found_404_is_an_error_response() {
    let message = "Unable to locate the resource";
    let wire = Wire::answer(404, Some(error_body(404, "Not Found", message))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity().id(ID).send().await;
    let error = error_response(result, 404);
    assert_generic(&error, 404, "Not Found", message);
}

#[tokio::test]
async fn not_found_404_on_an_operation_without_a_success_body() {
    let message = "Unable to locate the resource";
    let wire = Wire::answer(404, Some(error_body(404, "Not Found", message))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.delete_identity().id(ID).send().await;
    let error = error_response(result, 404);
    assert_eq!(error.error.message, message);
}

#[tokio::test]
async fn conflict_409_is_an_error_response() {
    let message = "An identity with the same identifier already exists.";
    let wire = Wire::answer(409, Some(error_body(409, "Conflict", message))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let result = kratos.create_identity().body(create_body()).send().await;
    let error = error_response(result, 409);
    assert_generic(&error, 409, "Conflict", message);
}

#[tokio::test]
async fn other_4xx_statuses_from_default_are_error_responses() {
    let cases = [
        (403, "Forbidden"),
        (410, "Gone"),
        (418, "I'm a teapot"),
        (422, "Unprocessable Entity"),
        (429, "Too Many Requests"),
    ];
    for (code, status) in cases {
        let message = format!("{status} from the admin API");
        let wire = Wire::answer(code, Some(error_body(code, status, &message))).await;
        let kratos = Client::with_api_key(&wire.base_url(), "test-key");
        // list_identities declares only 200 and `default` (4XX/5XX).
        let result = kratos.list_identities().send().await;
        let error = error_response(result, code);
        assert_generic(&error, code, status, &message);
    }
}

#[tokio::test]
async fn internal_500_from_default_decodes_the_message() {
    let message = "An internal server error occurred, please contact the system administrator";
    let wire = Wire::answer(500, Some(error_body(500, "Internal Server Error", message))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let result = kratos.list_identities().send().await;
    let error = error_response(result, 500);
    assert_generic(&error, 500, "Internal Server Error", message);
}

#[tokio::test]
async fn other_5xx_statuses_from_default_are_error_responses() {
    let cases = [
        (501, "Not Implemented"),
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ];
    for (code, status) in cases {
        let message = format!("{status} upstream");
        let wire = Wire::answer(code, Some(error_body(code, status, &message))).await;
        let kratos = Client::with_api_key(&wire.base_url(), "test-key");
        let result = kratos
            .get_session()
            .id("5d2f0c1e-8a4b-4f3e-9c6d-1b2a3c4d5e6f")
            .send()
            .await;
        let error = error_response(result, code);
        assert_generic(&error, code, status, &message);
    }
}

#[tokio::test]
async fn minimal_error_body_with_only_the_message_decodes() {
    let body = json!({ "error": { "message": "no such identity" } });
    let wire = Wire::answer(404, Some(body)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity().id(ID).send().await;
    let error = error_response(result, 404);
    assert_eq!(error.error.message, "no such identity");
    assert_eq!(error.error.code, None);
    assert_eq!(error.error.reason, None);
    assert!(error.error.details.is_empty());
}

#[tokio::test]
async fn undeclared_status_is_an_unexpected_response() {
    // `default` became 4XX and 5XX; a 2XX or 3XX the operation does not declare is unexpected.
    let body = json!({ "note": "accepted for later" });
    let wire = Wire::answer(202, Some(body.clone())).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity().id(ID).send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 202);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        body
    );

    let wire = Wire::answer(304, None).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity().id(ID).send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 304);
    assert_eq!(text, "");
}

#[tokio::test]
async fn success_status_of_another_operation_is_an_unexpected_response() {
    // delete_identity declares 204 only: a 200 with a body is not its success.
    let identity = json!({ "id": ID, "schema_id": "default", "schema_url": "", "traits": {} });
    let wire = Wire::answer(200, Some(identity)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.delete_identity().id(ID).send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 200);
    assert!(text.contains(ID));
}

const HTML: &str = "<html><head><title>502 Bad Gateway</title></head>\
                    <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

#[tokio::test]
async fn html_on_502_is_an_unexpected_response_keeping_the_body() {
    let wire = Wire::answer_raw(502, Some(HTML), "text/html").await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let result = kratos.list_identities().send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 502);
    assert_eq!(text, HTML);
}

#[tokio::test]
async fn html_on_a_declared_4xx_is_an_unexpected_response() {
    let page = "<html><body><h1>404 Not Found</h1></body></html>";
    let wire = Wire::answer_raw(404, Some(page), "text/html").await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity().id(ID).send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 404);
    assert_eq!(text, page);
}

#[tokio::test]
async fn empty_body_on_an_error_status_is_an_unexpected_response() {
    let wire = Wire::answer(401, None).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos
        .disable_session()
        .id("5d2f0c1e-8a4b-4f3e-9c6d-1b2a3c4d5e6f")
        .send()
        .await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 401);
    assert_eq!(text, "");
}

#[tokio::test]
async fn json_that_is_not_error_generic_is_an_invalid_payload() {
    // Valid JSON, so the runtime lets it through; the `error` member is missing.
    let body = json!({ "message": "identity not found" });
    let wire = Wire::answer(404, Some(body)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity().id(ID).send().await;
    let e = result.expect_err("an error");
    // The status survives a body that does not decode.
    assert_answered(&e, 404);
    assert_eq!(body_text(&e), r#"{"message":"identity not found"}"#);
    match e.kind() {
        ErrorKind::InvalidBody(error) => assert!(
            error.to_string().contains("missing field `error`"),
            "{error}"
        ),
        other => panic!("expected ErrorKind::InvalidBody, got {other:?}"),
    }
    assert!(e.to_string().contains("identity not found"), "{e}");
}

#[tokio::test]
async fn truncated_json_on_200_is_an_unexpected_response() {
    let truncated = r#"[{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"def"#;
    let wire = Wire::answer_raw(200, Some(truncated), "application/json").await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let result = kratos.list_identities().send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 200);
    assert_eq!(text, truncated);
}

#[tokio::test]
async fn truncated_json_on_201_is_an_unexpected_response() {
    let truncated = r#"{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"#;
    let wire = Wire::answer_raw(201, Some(truncated), "application/json").await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let result = kratos.create_identity().body(create_body()).send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 201);
    assert_eq!(text, truncated);
}

#[tokio::test]
async fn empty_body_on_200_is_an_unexpected_response() {
    // An empty body labelled as JSON, and no body (nor content type) at all.
    let wire = Wire::answer_raw(200, Some(""), "application/json").await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity().id(ID).send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 200);
    assert_eq!(text, "");

    let wire = Wire::answer(200, None).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.get_identity_schema().id("default").send().await;
    let (status, text) = unexpected_response(result).await;
    assert_eq!(status, 200);
    assert_eq!(text, "");
}

#[tokio::test]
async fn json_of_the_wrong_shape_on_200_is_an_invalid_payload() {
    // Complete JSON, but an object where list_identities promises an array.
    let wire = Wire::answer(200, Some(json!({ "identities": [] }))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let result = kratos.list_identities().send().await;
    let e = result.expect_err("an error");
    assert_answered(&e, 200);
    assert_eq!(body_text(&e), r#"{"identities":[]}"#);
    match e.kind() {
        ErrorKind::InvalidBody(error) => assert!(error.is_data(), "{error}"),
        other => panic!("expected ErrorKind::InvalidBody, got {other:?}"),
    }
}
