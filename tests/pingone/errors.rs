//! PingOne errors: every documented error status decodes a `P1Error` inside
//! `ErrorKind::Service`; undeclared statuses and bodies that are not the promised JSON become
//! `ErrorKind::UnexpectedStatus` or `ErrorKind::InvalidBody` with the status and body kept.

use crate::support::{Wire, assert_answered, body_text};
use crate::wire::{ENV_ID, TX_ID, USER_ID, client};
use serde_json::json;
use userapi::pingone::{Client, Error, ErrorKind, types};

const ERROR_ID: &str = "5f9b2c1e-7a3d-4e8f-b6c0-1d2e3f4a5b6c";

fn p1_error(code: &str, message: &str) -> serde_json::Value {
    json!({ "id": ERROR_ID, "code": code, "message": message })
}

async fn list(pingone: &Client) -> Result<(), Error<types::P1Error>> {
    pingone
        .list_verify_transactions()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .send()
        .await
        .map(|_| ())
}

async fn create(pingone: &Client) -> Result<(), Error<types::P1Error>> {
    pingone
        .create_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .send()
        .await
        .map(|_| ())
}

async fn get(pingone: &Client) -> Result<(), Error<types::P1Error>> {
    pingone
        .get_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .send()
        .await
        .map(|_| ())
}

async fn update(pingone: &Client) -> Result<(), Error<types::P1Error>> {
    let body: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(json!({ "transactionStatus": { "status": "APPROVED_MANUALLY" } }))
            .unwrap();
    pingone
        .update_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .body(body)
        .send()
        .await
        .map(|_| ())
}

async fn delete(pingone: &Client) -> Result<(), Error<types::P1Error>> {
    pingone
        .delete_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .send()
        .await
        .map(|_| ())
}

/// Unwraps a `Service` error, checks its status, context and request id (the `P1Error` id),
/// and returns the decoded `P1Error`.
fn p1(result: Result<(), Error<types::P1Error>>, status: u16) -> types::P1Error {
    let error = result.expect_err("an error");
    assert_answered(&error, status);
    let request_id = error.request_id();
    match error.into_kind() {
        ErrorKind::Service(p1) => {
            assert_eq!(request_id, p1.id, "the request id is the P1Error id");
            p1
        }
        other => panic!("expected ErrorKind::Service {status}, got {other:?}"),
    }
}

/// Unwraps an answer the spec does not describe, checks its status and returns the body text.
async fn unexpected(result: Result<(), Error<types::P1Error>>, status: u16) -> String {
    crate::support::undescribed_body(&result.expect_err("an error"), status)
}

#[tokio::test]
async fn status_400_decodes_p1_error_with_details() {
    let body = json!({
        "id": ERROR_ID,
        "code": "INVALID_DATA",
        "message": "The request could not be completed. One or more validation errors were in the request.",
        "details": [
            {
                "code": "INVALID_VALUE",
                "target": "transactionStatus.status",
                "message": "Status must be one of the allowed values.",
                "innerError": { "allowedValues": ["APPROVED_MANUALLY", "DENIED"], "rangeMinimum": 1 }
            },
            { "code": "REQUIRED_VALUE", "target": "reason", "message": "A reason is required." }
        ]
    });
    let wire = Wire::answer(400, Some(body)).await;
    let err = p1(update(&client(&wire)).await, 400);
    assert_eq!(err.id.as_deref(), Some(ERROR_ID));
    assert_eq!(err.code.as_deref(), Some("INVALID_DATA"));
    assert!(
        err.message
            .as_deref()
            .unwrap()
            .starts_with("The request could not be completed.")
    );
    assert_eq!(err.details.len(), 2);
    let first = &err.details[0];
    assert_eq!(first.code.as_deref(), Some("INVALID_VALUE"));
    assert_eq!(first.target.as_deref(), Some("transactionStatus.status"));
    assert_eq!(
        first.message.as_deref(),
        Some("Status must be one of the allowed values.")
    );
    let inner = first.inner_error.as_ref().unwrap();
    assert_eq!(
        inner.allowed_values,
        vec!["APPROVED_MANUALLY".to_string(), "DENIED".to_string()]
    );
    assert_eq!(inner.extra.get("rangeMinimum"), Some(&json!(1)));
    assert_eq!(err.details[1].target.as_deref(), Some("reason"));
    assert!(err.details[1].inner_error.is_none());
}

/// Every field PingOne puts in `innerError` to say why a value was rejected decodes typed, and
/// a field we do not know yet is kept as it came.
#[tokio::test]
async fn inner_error_keeps_pattern_values_and_ranges() {
    let body = json!({
        "id": ERROR_ID,
        "code": "INVALID_DATA",
        "message": "The request could not be completed. One or more validation errors were in the request.",
        "details": [
            {
                "code": "INVALID_VALUE",
                "target": "reason",
                "message": "The value does not match the allowed pattern.",
                "innerError": { "allowedPattern": "^[A-Za-z0-9 ]{1,256}$" }
            },
            {
                "code": "INVALID_VALUE",
                "target": "transactionStatus.status",
                "message": "Status must be one of the allowed values.",
                "innerError": { "allowedValues": ["APPROVED_MANUALLY", "DENIED"] }
            },
            {
                "code": "SIZE_LIMIT_EXCEEDED",
                "target": "reason",
                "message": "The value is too long.",
                "innerError": { "maximumValue": 256 }
            },
            {
                "code": "OUT_OF_RANGE",
                "target": "expiresIn",
                "message": "The value is out of range.",
                "innerError": { "rangeMinimumValue": 1, "rangeMaximumValue": 2592000.5, "unit": "seconds" }
            },
            {
                "code": "INVALID_VALUE",
                "target": "verifyPolicy.id",
                "message": "Referenced entities do not exist.",
                "innerError": { "referencedValues": ["b2e4c6d8-0a1b-4c3d-9e5f-6a7b8c9d0e1f"] }
            }
        ]
    });
    let wire = Wire::answer(400, Some(body)).await;
    let err = p1(update(&client(&wire)).await, 400);
    let inner: Vec<&types::P1ErrorDetailsInnerInnerError> = err
        .details
        .iter()
        .map(|d| d.inner_error.as_ref().unwrap())
        .collect();
    assert_eq!(
        inner[0].allowed_pattern.as_deref(),
        Some("^[A-Za-z0-9 ]{1,256}$")
    );
    assert_eq!(
        inner[1].allowed_values,
        vec!["APPROVED_MANUALLY".to_string(), "DENIED".to_string()]
    );
    assert_eq!(inner[2].maximum_value, Some(256.0));
    assert_eq!(inner[3].range_minimum_value, Some(1.0));
    assert_eq!(inner[3].range_maximum_value, Some(2_592_000.5));
    assert_eq!(inner[3].extra.get("unit"), Some(&json!("seconds")));
    assert_eq!(
        inner[4].referenced_values,
        vec!["b2e4c6d8-0a1b-4c3d-9e5f-6a7b8c9d0e1f".to_string()]
    );
}

#[tokio::test]
async fn status_401_decodes_p1_error() {
    let wire = Wire::answer(
        401,
        Some(p1_error(
            "INVALID_TOKEN",
            "The request could not be completed. The access token is expired.",
        )),
    )
    .await;
    let err = p1(list(&client(&wire)).await, 401);
    assert_eq!(err.code.as_deref(), Some("INVALID_TOKEN"));
    assert_eq!(
        err.message.as_deref(),
        Some("The request could not be completed. The access token is expired.")
    );
    assert_eq!(err.id.as_deref(), Some(ERROR_ID));
    assert!(err.details.is_empty());
}

#[tokio::test]
async fn status_403_decodes_p1_error() {
    let wire = Wire::answer(
        403,
        Some(p1_error(
            "ACCESS_FAILED",
            "The request could not be completed. You do not have access to this resource.",
        )),
    )
    .await;
    let err = p1(get(&client(&wire)).await, 403);
    assert_eq!(err.code.as_deref(), Some("ACCESS_FAILED"));
    assert_eq!(
        err.message.as_deref(),
        Some("The request could not be completed. You do not have access to this resource.")
    );
}

#[tokio::test]
async fn status_404_decodes_p1_error() {
    let wire = Wire::answer(
        404,
        Some(p1_error(
            "NOT_FOUND",
            "The request could not be completed. The requested resource was not found.",
        )),
    )
    .await;
    let err = p1(delete(&client(&wire)).await, 404);
    assert_eq!(err.code.as_deref(), Some("NOT_FOUND"));
    assert_eq!(err.id.as_deref(), Some(ERROR_ID));
}

#[tokio::test]
async fn status_405_on_create_decodes_p1_error() {
    let wire = Wire::answer(
        405,
        Some(p1_error(
            "METHOD_NOT_ALLOWED",
            "The request could not be completed. The method is not allowed.",
        )),
    )
    .await;
    let err = p1(create(&client(&wire)).await, 405);
    assert_eq!(err.code.as_deref(), Some("METHOD_NOT_ALLOWED"));
    assert_eq!(
        err.message.as_deref(),
        Some("The request could not be completed. The method is not allowed.")
    );
}

/// 405 is declared on the POST only; on the other operations it is an undeclared status.
#[tokio::test]
async fn status_405_on_get_is_an_unexpected_response() {
    let body = p1_error("METHOD_NOT_ALLOWED", "The method is not allowed.");
    let wire = Wire::answer(405, Some(body.clone())).await;
    let text = unexpected(get(&client(&wire)).await, 405).await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        body
    );
}

#[tokio::test]
async fn status_409_decodes_p1_error() {
    let wire = Wire::answer(
        409,
        Some(p1_error(
            "REQUEST_FAILED",
            "The transaction is already completed and cannot be changed.",
        )),
    )
    .await;
    let err = p1(update(&client(&wire)).await, 409);
    assert_eq!(err.code.as_deref(), Some("REQUEST_FAILED"));
    assert_eq!(
        err.message.as_deref(),
        Some("The transaction is already completed and cannot be changed.")
    );
}

#[tokio::test]
async fn status_409_on_delete_decodes_p1_error() {
    let wire = Wire::answer(
        409,
        Some(p1_error(
            "REQUEST_FAILED",
            "The transaction is still in progress.",
        )),
    )
    .await;
    let err = p1(delete(&client(&wire)).await, 409);
    assert_eq!(err.code.as_deref(), Some("REQUEST_FAILED"));
}

#[tokio::test]
async fn status_429_decodes_p1_error() {
    let wire = Wire::answer(
        429,
        Some(p1_error(
            "REQUEST_LIMITED",
            "The request could not be completed. Too many requests were sent.",
        )),
    )
    .await;
    let err = p1(create(&client(&wire)).await, 429);
    assert_eq!(err.code.as_deref(), Some("REQUEST_LIMITED"));
    assert_eq!(err.id.as_deref(), Some(ERROR_ID));
}

#[tokio::test]
async fn status_500_decodes_p1_error() {
    let wire = Wire::answer(
        500,
        Some(p1_error(
            "UNEXPECTED_ERROR",
            "An unexpected error occurred. Contact support with the error id.",
        )),
    )
    .await;
    let err = p1(list(&client(&wire)).await, 500);
    assert_eq!(err.code.as_deref(), Some("UNEXPECTED_ERROR"));
    assert_eq!(
        err.message.as_deref(),
        Some("An unexpected error occurred. Contact support with the error id.")
    );
}

/// A P1Error with only some fields (all are optional in the spec) still decodes.
#[tokio::test]
async fn p1_error_with_only_a_code_decodes() {
    let wire = Wire::answer(404, Some(json!({ "code": "NOT_FOUND" }))).await;
    let err = p1(get(&client(&wire)).await, 404);
    assert_eq!(err.code.as_deref(), Some("NOT_FOUND"));
    assert_eq!(err.id, None);
    assert_eq!(err.message, None);
    assert!(err.details.is_empty());
}

#[tokio::test]
async fn undeclared_status_is_an_unexpected_response() {
    let wire = Wire::answer(418, Some(json!({ "code": "TEAPOT" }))).await;
    let text = unexpected(list(&client(&wire)).await, 418).await;
    assert_eq!(text, r#"{"code":"TEAPOT"}"#);
}

#[tokio::test]
async fn html_on_undeclared_502_is_an_unexpected_response_with_the_body() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let wire = Wire::answer_raw(502, Some(html), "text/html").await;
    let text = unexpected(get(&client(&wire)).await, 502).await;
    assert_eq!(text, html);
}

/// 500 is declared as JSON: an HTML page from a proxy on it is not a P1Error.
#[tokio::test]
async fn html_on_declared_500_is_an_unexpected_response_with_the_body() {
    let html = "<html><body>Internal Server Error</body></html>";
    let wire = Wire::answer_raw(500, Some(html), "text/html").await;
    let text = unexpected(delete(&client(&wire)).await, 500).await;
    assert_eq!(text, html);
}

#[tokio::test]
async fn truncated_json_on_200_is_an_unexpected_response() {
    let truncated = r#"{"id":"8c9e1d2f-5b3a-4c7e-9f10-2a4b6c8d0e12","transactionStatus":{"sta"#;
    let wire = Wire::answer_raw(200, Some(truncated), "application/json").await;
    let text = unexpected(get(&client(&wire)).await, 200).await;
    assert_eq!(text, truncated);
}

#[tokio::test]
async fn truncated_json_on_201_is_an_unexpected_response() {
    let truncated = r#"{"id":"8c9e1d2f-5b3a"#;
    let wire = Wire::answer_raw(201, Some(truncated), "application/json").await;
    let text = unexpected(create(&client(&wire)).await, 201).await;
    assert_eq!(text, truncated);
}

#[tokio::test]
async fn empty_body_on_200_is_an_unexpected_response() {
    let wire = Wire::answer_raw(200, Some(""), "application/json").await;
    let text = unexpected(list(&client(&wire)).await, 200).await;
    assert_eq!(text, "");
}

#[tokio::test]
async fn missing_body_on_200_of_update_is_an_unexpected_response() {
    let wire = Wire::answer(200, None).await;
    let text = unexpected(update(&client(&wire)).await, 200).await;
    assert_eq!(text, "");
}

#[tokio::test]
async fn truncated_p1_error_is_an_unexpected_response() {
    let truncated = r#"{"id":"5f9b2c1e","code":"INVALID_DA"#;
    let wire = Wire::answer_raw(400, Some(truncated), "application/json").await;
    let text = unexpected(create(&client(&wire)).await, 400).await;
    assert_eq!(text, truncated);
}

/// Complete JSON that is not an object cannot become the
/// `serde_json::Map` success type: progenitor reports it as an invalid payload.
#[tokio::test]
async fn json_array_on_200_is_an_invalid_response_payload() {
    let wire = Wire::answer(200, Some(json!([{ "id": TX_ID }]))).await;
    let error = get(&client(&wire)).await.expect_err("an error");
    assert_answered(&error, 200);
    assert!(
        matches!(error.kind(), ErrorKind::InvalidBody(_)),
        "{error:?}"
    );
    assert_eq!(
        body_text(&error),
        r#"[{"id":"8c9e1d2f-5b3a-4c7e-9f10-2a4b6c8d0e12"}]"#
    );
}

/// 204 on DELETE declares no body: an empty answer is a success, not an error.
#[tokio::test]
async fn delete_204_without_content_type_is_a_success() {
    let wire = Wire::answer_raw(204, None, "application/json").await;
    assert!(delete(&client(&wire)).await.is_ok());
    assert_eq!(wire.hits(), 1);
}
