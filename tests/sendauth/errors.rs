//! SendAuth errors: every documented error status (403, 404, 406, 422, 500) is
//! `ErrorKind::Service` with that status (the spec gives error answers no body), on every
//! operation that declares it; undeclared statuses and bodies that are not the promised JSON
//! are `ErrorKind::UnexpectedStatus` or `InvalidBody` with status and body kept; a request that breaks the
//! `User` constraints is refused before it is sent.

use crate::support::{Wire, assert_answered};
use crate::wire::{PASSWORD, USER, client, user_json};
use serde_json::json;
use userapi::sendauth::{Client, Error, ErrorKind, ResponseValue, types};

const USER_ID: &str = "3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70";

type Outcome<T> = Result<ResponseValue<T>, Error<()>>;

/// Asserts that `result` is the documented error answer `status`.
fn assert_error_response<T: std::fmt::Debug>(op: &str, result: Outcome<T>, status: u16) {
    let error = result.expect_err(op);
    assert!(
        matches!(error.kind(), ErrorKind::Service(())),
        "{op}: {error:?}"
    );
    assert_eq!(error.operation(), op);
    assert_answered(&error, status);
}

/// Asserts that `result` is an answer the spec does not describe, with `status`, and returns
/// its body text.
async fn unexpected_body<T: std::fmt::Debug>(result: Outcome<T>, status: u16) -> String {
    crate::support::undescribed_body(&result.expect_err("an error"), status)
}

fn valid_user() -> types::builder::User {
    types::User::builder()
        .first_name("Ada")
        .last_name("Lovelace")
}

/// An error answer with a small JSON body: the spec declares none, so it must not matter.
async fn error_wire(status: u16) -> Wire {
    Wire::answer(
        status,
        Some(json!({ "message": "refused", "code": status })),
    )
    .await
}

#[tokio::test]
async fn status_403_is_an_error_response_where_declared() {
    let wire = error_wire(403).await;
    let sendauth = client(&wire);
    assert_error_response(
        "create_user",
        sendauth.create_user().body(valid_user()).send().await,
        403,
    );
    assert_error_response(
        "update_user",
        sendauth
            .update_user()
            .user_id(USER_ID)
            .body(valid_user())
            .send()
            .await,
        403,
    );
    assert_error_response(
        "delete_user",
        sendauth.delete_user().user_id(USER_ID).send().await,
        403,
    );
    assert_eq!(wire.hits(), 3);
}

#[tokio::test]
async fn status_404_is_an_error_response_where_declared() {
    let wire = error_wire(404).await;
    let s = client(&wire);
    assert_error_response("get_user", s.get_user().user_id(USER_ID).send().await, 404);
    assert_error_response(
        "update_user",
        s.update_user()
            .user_id(USER_ID)
            .body(valid_user())
            .send()
            .await,
        404,
    );
    assert_error_response(
        "delete_user",
        s.delete_user().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "restore_user",
        s.restore_user().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "destroy_user",
        s.destroy_user().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "set_user_tags",
        s.set_user_tags().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "get_user_transactions",
        s.get_user_transactions().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "get_user_audits",
        s.get_user_audits().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "register_user",
        s.register_user().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "authenticate_user",
        s.authenticate_user().user_id(USER_ID).send().await,
        404,
    );
    assert_error_response(
        "remove_user_passkey",
        s.remove_user_passkey().user_id(USER_ID).send().await,
        404,
    );
    assert_eq!(wire.hits(), 11);
}

#[tokio::test]
async fn status_406_is_an_error_response_where_declared() {
    // No body at all this time, as the spec describes the error answers.
    let wire = Wire::answer(406, None).await;
    let s = client(&wire);
    assert_error_response(
        "register_user",
        s.register_user().user_id(USER_ID).send().await,
        406,
    );
    assert_error_response(
        "authenticate_user",
        s.authenticate_user().user_id(USER_ID).send().await,
        406,
    );
    assert_eq!(wire.hits(), 2);
}

#[tokio::test]
async fn status_422_is_an_error_response_where_declared() {
    let wire = error_wire(422).await;
    let s = client(&wire);
    assert_error_response(
        "create_user",
        s.create_user().body(valid_user()).send().await,
        422,
    );
    assert_error_response(
        "update_user",
        s.update_user()
            .user_id(USER_ID)
            .body(valid_user())
            .send()
            .await,
        422,
    );
    assert_eq!(wire.hits(), 2);
}

#[tokio::test]
async fn status_500_is_an_error_response_on_list_users() {
    let wire = Wire::answer_raw(500, Some("internal error"), "text/plain").await;
    let result = client(&wire).list_users().send().await;
    assert_error_response("list_users", result, 500);
}

#[tokio::test]
async fn an_error_response_keeps_its_headers() {
    let wire = error_wire(404).await;
    let result = client(&wire).get_user().user_id(USER_ID).send().await;
    let error = result.expect_err("an error");
    assert_answered(&error, 404);
    assert_eq!(error.headers()["content-type"], "application/json");
}

/// A status one operation declares is still unexpected on an operation that does not.
#[tokio::test]
async fn a_status_declared_elsewhere_is_unexpected_here() {
    let wire = Wire::answer(500, None).await;
    let body = unexpected_body(client(&wire).get_user().user_id(USER_ID).send().await, 500).await;
    assert_eq!(body, "");
    let wire = error_wire(404).await;
    let body = unexpected_body(client(&wire).list_deleted_users().send().await, 404).await;
    assert!(body.contains("refused"));
}

#[tokio::test]
async fn an_undeclared_status_is_an_unexpected_response() {
    let wire = Wire::answer_raw(418, Some("I'm a teapot"), "text/plain").await;
    let body = unexpected_body(client(&wire).get_user().user_id(USER_ID).send().await, 418).await;
    assert_eq!(body, "I'm a teapot");
}

#[tokio::test]
async fn an_html_502_is_an_unexpected_response_with_its_body() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let wire = Wire::answer_raw(502, Some(page), "text/html").await;
    let body = unexpected_body(client(&wire).list_users().send().await, 502).await;
    assert_eq!(body, page);
}

#[tokio::test]
async fn truncated_json_on_200_is_an_unexpected_response() {
    let truncated = &user_json().to_string()[..40];
    let wire = Wire::answer_raw(200, Some(truncated), "application/json").await;
    let body = unexpected_body(client(&wire).get_user().user_id(USER_ID).send().await, 200).await;
    assert_eq!(body, truncated);
}

#[tokio::test]
async fn truncated_json_on_201_is_an_unexpected_response() {
    let wire = Wire::answer_raw(201, Some(r#"{"tx": "c0ffee00-12"#), "application/json").await;
    let body = unexpected_body(
        client(&wire).register_user().user_id(USER_ID).send().await,
        201,
    )
    .await;
    assert_eq!(body, r#"{"tx": "c0ffee00-12"#);
}

#[tokio::test]
async fn an_empty_200_where_json_is_due_is_an_unexpected_response() {
    let wire = Wire::answer(200, None).await;
    let body = unexpected_body(client(&wire).list_users().send().await, 200).await;
    assert_eq!(body, "");
}

#[tokio::test]
async fn an_empty_201_where_json_is_due_is_an_unexpected_response() {
    let wire = Wire::answer(201, None).await;
    let result = client(&wire).create_user().body(valid_user()).send().await;
    let body = unexpected_body(result, 201).await;
    assert_eq!(body, "");
}

/// The no-body successes ignore a body the server sends anyway.
#[tokio::test]
async fn a_body_on_a_no_body_200_is_ignored() {
    let wire = Wire::answer(200, Some(json!({ "ok": true }))).await;
    let deleted = client(&wire)
        .delete_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
}

/// `firstName` must be 2 to 50 characters: a 1-character name is refused by the builder, and
/// the request never leaves the client.
#[tokio::test]
async fn a_one_character_first_name_is_refused_before_sending() {
    let wire = Wire::answer(201, Some(user_json())).await;
    let result = client(&wire)
        .create_user()
        .body(types::User::builder().first_name("A").last_name("Lovelace"))
        .send()
        .await;
    match result.map_err(|e| e.into_kind()) {
        Err(ErrorKind::InvalidRequest(invalid)) => {
            assert_eq!(invalid.refused, userapi::sendauth::Refused::Body);
            assert!(invalid.why.contains("first_name"), "{invalid}");
            assert!(
                invalid.why.contains("shorter than 2 characters"),
                "{invalid}"
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(wire.hits(), 0);
    assert!(types::UserFirstName::try_from("A").is_err());
    assert!(types::UserFirstName::try_from("Al").is_ok());
    assert!(types::UserFirstName::try_from("x".repeat(50)).is_ok());
    assert!(types::UserFirstName::try_from("x".repeat(51)).is_err());
}

#[tokio::test]
async fn a_user_without_names_is_refused_before_sending() {
    let wire = Wire::answer(201, Some(user_json())).await;
    let result = client(&wire).create_user().send().await;
    match result.map_err(|e| e.into_kind()) {
        Err(ErrorKind::InvalidRequest(invalid)) => {
            assert_eq!(invalid.refused, userapi::sendauth::Refused::Body);
            assert!(invalid.why.contains("first_name"), "{invalid}")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(wire.hits(), 0);
}

#[tokio::test]
async fn a_path_parameter_that_is_not_a_uuid_is_refused_before_sending() {
    let wire = Wire::answer(200, Some(user_json())).await;
    let sendauth = Client::with_basic(&wire.base_url(), USER, PASSWORD);
    let result = sendauth.get_user().user_id("deleted").send().await;
    assert!(
        matches!(
            result.as_ref().map_err(|e| e.kind()),
            Err(ErrorKind::InvalidRequest(_))
        ),
        "{result:?}"
    );
    assert_eq!(wire.hits(), 0);
}
