//! PureCloud errors: every documented error status (400, 401, 403, 404, 415, 429, 500, 503,
//! 504 — all `ErrorBody`) decoded into `ErrorKind::Service`, and the answers the spec does not
//! promise (undeclared status, HTML, truncated or empty JSON) as the exact error kind, each
//! with its operation, URL, status and request id.

use crate::common::*;
use crate::support::{Wire, assert_answered};
use serde_json::json;
use userapi::purecloud::{Error, ErrorKind, types};

/// Checks every field of the `ErrorBody` that `error_json(status, code, ..)` produced.
fn assert_error_body(error: Error<types::ErrorBody>, status: u16, code: &str, message: &str) {
    assert_answered(&error, status);
    let ErrorKind::Service(rv) = error.kind() else {
        panic!("expected ErrorKind::Service for {status}, got {error:?}");
    };
    assert_eq!(rv.status, Some(i32::from(status)));
    assert_eq!(rv.code.as_deref(), Some(code));
    assert_eq!(rv.message.as_deref(), Some(message));
    assert_eq!(rv.entity_id.as_deref(), Some(USER_ID));
    assert_eq!(rv.entity_name.as_deref(), Some("user"));
    assert_eq!(
        rv.message_with_params.as_deref(),
        Some("{reason} for user {userId}")
    );
    assert_eq!(rv.message_params["userId"], USER_ID);
    assert_eq!(rv.message_params["reason"], message);
    assert_eq!(
        rv.context_id.as_deref(),
        Some("7c1f9a2b-3d4e-4f5a-8b6c-9d0e1f2a3b4c")
    );
    assert_eq!(rv.details[0].error_code.as_deref(), Some("DETAIL_CODE"));
    assert_eq!(rv.details[0].entity_id.as_deref(), Some(USER_ID));
    assert_eq!(rv.errors[0].status, Some(i32::from(status)));
    assert_eq!(rv.errors[0].code.as_deref(), Some("nested.error"));
    assert_eq!(rv.errors[0].message.as_deref(), Some("nested cause"));
}

/// `reqwest::Response` of an `UnexpectedResponse`, or a failed assertion.
fn unexpected<T: std::fmt::Debug>(
    result: Result<T, Error<types::ErrorBody>>,
) -> Error<types::ErrorBody> {
    let error = result.expect_err("an error");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::UnexpectedStatus | ErrorKind::InvalidBody(_)
        ),
        "{error:?}"
    );
    assert_answered(&error, error.status().expect("the status is kept").as_u16());
    error
}

// ---------------------------------------------------------------------------------------------
// Every documented status, each on a different operation
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn bad_request_400_on_create_user() {
    let wire = Wire::answer(
        400,
        Some(error_json(400, "bad.request", "The email is invalid")),
    )
    .await;
    let body = types::CreateUser::builder()
        .name("Ada Lovelace".to_string())
        .email("not-an-email".to_string())
        .password("c0rrect-Horse-battery".to_string());
    let error = client(&wire)
        .create_user()
        .body(body)
        .send()
        .await
        .unwrap_err();
    assert_error_body(error, 400, "bad.request", "The email is invalid");
    assert_eq!(wire.hits(), 1);
}

#[tokio::test]
async fn unauthorized_401_on_get_me() {
    let wire = Wire::answer(
        401,
        Some(error_json(
            401,
            "authentication.required",
            "No authentication bearer token specified",
        )),
    )
    .await;
    let error = client(&wire).get_me().send().await.unwrap_err();
    assert_error_body(
        error,
        401,
        "authentication.required",
        "No authentication bearer token specified",
    );
}

#[tokio::test]
async fn forbidden_403_on_put_user_roles() {
    let wire = Wire::answer(
        403,
        Some(error_json(
            403,
            "missing.permissions",
            "Missing authorization:grant:add",
        )),
    )
    .await;
    let error = client(&wire)
        .put_user_roles()
        .user_id(USER_ID)
        .body(vec![ROLE_ID.to_string()])
        .send()
        .await
        .unwrap_err();
    assert_error_body(
        error,
        403,
        "missing.permissions",
        "Missing authorization:grant:add",
    );
}

#[tokio::test]
async fn not_found_404_on_get_user() {
    let wire = Wire::answer(
        404,
        Some(error_json(
            404,
            "not.found",
            "The requested user was not found",
        )),
    )
    .await;
    let error = client(&wire)
        .get_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap_err();
    assert_error_body(error, 404, "not.found", "The requested user was not found");
}

#[tokio::test]
async fn unsupported_media_type_415_on_patch_user() {
    let wire = Wire::answer(
        415,
        Some(error_json(
            415,
            "unsupported.media.type",
            "Content-Type must be application/json",
        )),
    )
    .await;
    let body = types::User::builder()
        .version(7)
        .name("Ada King".to_string());
    let error = client(&wire)
        .patch_user()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap_err();
    assert_error_body(
        error,
        415,
        "unsupported.media.type",
        "Content-Type must be application/json",
    );
}

#[tokio::test]
async fn too_many_requests_429_on_get_users_keeps_retry_after() {
    let wire = HeaderWire::answer(
        429,
        &[("Retry-After", "3")],
        error_json(
            429,
            "too.many.requests",
            "Rate limit exceeded the maximum [300] requests within [60] seconds",
        ),
    )
    .await;
    // Decoding is under test here; retrying a 429 is the runtime tests' business.
    let error = wire
        .client()
        .with_retry(userapi::purecloud::RetryPolicy::disabled())
        .get_users()
        .page_size(25)
        .send()
        .await
        .unwrap_err();

    assert!(matches!(error.kind(), ErrorKind::Service(_)), "{error:?}");
    let retry_after = error
        .headers()
        .get("retry-after")
        .expect("Retry-After is readable on the error");
    assert_eq!(retry_after.to_str().unwrap(), "3");
    assert_eq!(retry_after.to_str().unwrap().parse::<u64>().unwrap(), 3);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(429));
    assert_error_body(
        error,
        429,
        "too.many.requests",
        "Rate limit exceeded the maximum [300] requests within [60] seconds",
    );
    assert_eq!(wire.hits(), 1);
    assert!(
        wire.last_request()
            .starts_with("GET /api/v2/users?pageSize=25\n")
    );
}

#[tokio::test]
async fn internal_server_error_500_on_query_user_aggregates() {
    let wire = Wire::answer(
        500,
        Some(error_json(
            500,
            "internal.server.error",
            "The server encountered an error",
        )),
    )
    .await;
    let query: types::AggregationQuery = serde_json::from_value(json!({
        "interval": "2024-03-04T00:00:00.000Z/2024-03-05T00:00:00.000Z",
        "metrics": ["tSystemPresence"]
    }))
    .unwrap();
    let error = client(&wire)
        .query_user_aggregates()
        .body(query)
        .send()
        .await
        .unwrap_err();
    assert_error_body(
        error,
        500,
        "internal.server.error",
        "The server encountered an error",
    );
}

#[tokio::test]
async fn service_unavailable_503_on_search_users() {
    let wire = Wire::answer(
        503,
        Some(error_json(
            503,
            "service.unavailable",
            "Search is temporarily unavailable",
        )),
    )
    .await;
    let search: types::UserSearchRequest =
        serde_json::from_value(json!({ "query": [ { "type": "EXACT", "value": "Ada" } ] }))
            .unwrap();
    let error = client(&wire)
        .search_users()
        .body(search)
        .send()
        .await
        .unwrap_err();
    assert_error_body(
        error,
        503,
        "service.unavailable",
        "Search is temporarily unavailable",
    );
}

#[tokio::test]
async fn gateway_timeout_504_on_query_user_observations() {
    let wire = Wire::answer(
        504,
        Some(error_json(
            504,
            "gateway.timeout",
            "The upstream service timed out",
        )),
    )
    .await;
    let query: types::ObservationQuery =
        serde_json::from_value(json!({ "metrics": ["oActiveUsers"] })).unwrap();
    let error = client(&wire)
        .query_user_observations()
        .body(query)
        .send()
        .await
        .unwrap_err();
    assert_error_body(
        error,
        504,
        "gateway.timeout",
        "The upstream service timed out",
    );
}

// ---------------------------------------------------------------------------------------------
// Errors on operations without a success body
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn delete_user_roles_with_only_a_default_answer_still_types_a_404() {
    let wire = Wire::answer(404, Some(error_json(404, "not.found", "User not found"))).await;
    let error = client(&wire)
        .delete_user_roles()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap_err();
    assert_error_body(error, 404, "not.found", "User not found");
}

#[tokio::test]
async fn delete_user_roles_ignores_a_body_on_success() {
    let wire = Wire::answer(200, Some(json!({ "unexpected": "but harmless" }))).await;
    let response = client(&wire)
        .delete_user_roles()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn station_operation_types_a_403() {
    let wire = Wire::answer(
        403,
        Some(error_json(
            403,
            "missing.permissions",
            "Missing telephony:station:associate",
        )),
    )
    .await;
    let error = client(&wire)
        .put_user_associated_station()
        .user_id(USER_ID)
        .station_id(STATION_ID)
        .send()
        .await
        .unwrap_err();
    assert_error_body(
        error,
        403,
        "missing.permissions",
        "Missing telephony:station:associate",
    );
}

#[tokio::test]
async fn station_operation_answering_200_instead_of_202_is_unexpected() {
    let wire = Wire::answer(200, None).await;
    let result = client(&wire)
        .delete_user_default_station()
        .user_id(USER_ID)
        .send()
        .await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(200));
}

// ---------------------------------------------------------------------------------------------
// Answers the spec does not promise
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn undeclared_418_is_an_unexpected_response() {
    let wire = Wire::answer(418, Some(json!({ "message": "I'm a teapot" }))).await;
    let result = client(&wire).get_user().user_id(USER_ID).send().await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(418));
    assert_eq!(
        crate::support::body_text(&response),
        r#"{"message":"I'm a teapot"}"#
    );
}

const HTML: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

#[tokio::test]
async fn html_502_from_a_proxy_is_an_unexpected_response_with_the_body_kept() {
    // 502 is not declared at all, so progenitor's catch-all answers.
    let wire = Wire::answer_raw(502, Some(HTML), "text/html").await;
    let result = client(&wire)
        .get_user_routing_status()
        .user_id(USER_ID)
        .send()
        .await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(response.headers()["content-type"], "text/html");
    assert_eq!(crate::support::body_text(&response), HTML);
}

#[tokio::test]
async fn html_on_a_declared_json_error_status_is_an_unexpected_response() {
    // 503 promises an ErrorBody: an HTML page instead is not decoded, but kept.
    let html = "<html><body>Service Unavailable</body></html>";
    let wire = Wire::answer_raw(503, Some(html), "text/html").await;
    let result = client(&wire)
        .get_user_station()
        .user_id(USER_ID)
        .send()
        .await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(crate::support::body_text(&response), html);
}

#[tokio::test]
async fn truncated_json_on_200_is_an_unexpected_response() {
    let truncated = r#"{"userId":"6a2c8f4e-1b3d-4c5e-9f7a-8b9c0d1e2f3a","status":"ID"#;
    let wire = Wire::answer_raw(200, Some(truncated), "application/json").await;
    let result = client(&wire)
        .get_user_routing_status()
        .user_id(USER_ID)
        .send()
        .await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(crate::support::body_text(&response), truncated);
}

#[tokio::test]
async fn empty_body_on_200_is_an_unexpected_response() {
    let wire = Wire::answer_raw(200, Some(""), "application/json").await;
    let result = client(&wire)
        .get_user_call_forwarding()
        .user_id(USER_ID)
        .send()
        .await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(200));
    assert_eq!(crate::support::body_text(&response), "");
}

#[tokio::test]
async fn no_body_at_all_on_200_is_an_unexpected_response() {
    let wire = Wire::answer(200, None).await;
    let result = client(&wire)
        .get_user_profile_skills()
        .user_id(USER_ID)
        .send()
        .await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(200));
}

#[tokio::test]
async fn empty_body_on_a_declared_404_is_an_unexpected_response() {
    let wire = Wire::answer(404, None).await;
    let result = client(&wire)
        .get_user_out_of_office()
        .user_id(USER_ID)
        .send()
        .await;
    let response = unexpected(result);
    assert_eq!(response.status().map(|s| s.as_u16()), Some(404));
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_an_invalid_response_payload() {
    // DELETE /users/{userId} promises a JSON string; an object is valid JSON of the wrong type.
    let wire = Wire::answer(200, Some(json!({ "deleted": true }))).await;
    let result = client(&wire).delete_user().user_id(USER_ID).send().await;
    let e = result.expect_err("an error");
    assert_answered(&e, 200);
    assert!(matches!(e.kind(), ErrorKind::InvalidBody(_)), "{e:?}");
    assert_eq!(&e.body().unwrap()[..], br#"{"deleted":true}"#);
}

#[tokio::test]
async fn a_missing_required_field_is_an_invalid_response_payload() {
    // `User.version` is required: a user without it does not decode.
    let mut user = user_json(USER_ID, "Ada Lovelace", "ada@example.com");
    user.as_object_mut().unwrap().remove("version");
    let wire = Wire::answer(200, Some(user)).await;
    let result = client(&wire).get_user().user_id(USER_ID).send().await;
    let error = result.expect_err("an error");
    assert_answered(&error, 200);
    match error.kind() {
        ErrorKind::InvalidBody(e) => assert!(e.to_string().contains("version"), "{e}"),
        other => panic!("expected ErrorKind::InvalidBody, got {other:?}"),
    }
}
