//! PureCloud behaviour worth pinning down beyond one request per operation: what the typed
//! models put on the wire when a field is left out, and what they accept when decoding.

use crate::common::*;
use crate::support::Wire;
use serde_json::json;
use userapi::purecloud::{ErrorKind, types};

/// `Geolocation.primary` has a spec default (`false`); the `optional-defaults-to-description`
/// rewrite keeps it an `Option`, so a PATCH that only moves the location leaves it untouched.
#[tokio::test]
async fn patch_geolocation_without_primary_leaves_primary_out() {
    let wire = Wire::answer(200, Some(json!({ "id": CLIENT_ID, "primary": true }))).await;
    let body = types::Geolocation::builder()
        .latitude(39.77)
        .longitude(-86.16);

    client(&wire)
        .patch_user_geolocation()
        .user_id(USER_ID)
        .client_id(CLIENT_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(
        sent_body(&wire),
        json!({ "latitude": 39.77, "longitude": -86.16 })
    );
}

/// The same for `CallForwarding.enabled`: a PATCH of the phone number alone must not disable
/// forwarding.
#[tokio::test]
async fn patch_call_forwarding_without_enabled_leaves_enabled_out() {
    let wire = Wire::answer(
        200,
        Some(json!({ "enabled": true, "phoneNumber": "+13175550125" })),
    )
    .await;
    let body = types::CallForwarding::builder().phone_number("+13175550125".to_string());

    client(&wire)
        .patch_user_call_forwarding()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(sent_body(&wire), json!({ "phoneNumber": "+13175550125" }));
}

/// `OutOfOffice.user` is an `EmbeddedUser` (not the recursive `User`, which typify would box
/// and always serialise), so an unset user stays off the wire instead of going out as
/// `"user": null`.
#[tokio::test]
async fn put_out_of_office_without_user_leaves_user_out() {
    let wire = Wire::answer(200, Some(json!({ "active": true }))).await;
    let start: chrono::DateTime<chrono::Utc> = "2024-07-01T00:00:00Z".parse().unwrap();
    let end: chrono::DateTime<chrono::Utc> = "2024-07-15T00:00:00Z".parse().unwrap();
    let body = types::OutOfOffice::builder()
        .active(true)
        .start_date(start)
        .end_date(end);

    client(&wire)
        .put_user_out_of_office()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(
        sent_body(&wire),
        json!({
            "active": true,
            "startDate": "2024-07-01T00:00:00Z",
            "endDate": "2024-07-15T00:00:00Z"
        })
    );
}

/// `UserQueue` requires `mediaSettings`, `acwSettings` and `skillEvaluationMethod` (as the
/// upstream `Queue` model does), so an answer carrying only `{id, joined}` does not decode; the
/// join request of `patchUserQueues` is `UserQueueJoin` instead (see `answers.rs`).
#[tokio::test]
async fn user_queue_answers_need_the_queue_settings() {
    let minimal = json!({ "id": QUEUE_ID, "joined": true });
    let built = serde_json::from_value::<types::UserQueue>(minimal.clone());
    let message = built.unwrap_err().to_string();
    assert!(
        message.starts_with("missing field `acwSettings`"),
        "{message}"
    );

    let wire = Wire::answer(200, Some(minimal)).await;
    let body: types::UserQueue =
        serde_json::from_value(user_queue_json(QUEUE_ID, "Support", true)).unwrap();
    let result = client(&wire)
        .patch_user_queue()
        .user_id(USER_ID)
        .queue_id(QUEUE_ID)
        .body(body)
        .send()
        .await;
    match result.as_ref().map_err(|e| e.kind()) {
        Err(ErrorKind::InvalidBody(e)) => {
            assert!(
                e.to_string().starts_with("missing field `acwSettings`"),
                "{e}"
            )
        }
        other => panic!("expected ErrorKind::InvalidBody, got {other:?}"),
    }
}

/// Enum values the spec does not list survive decoding (open enums).
#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let wire = Wire::answer(
        200,
        Some(json!({ "userId": USER_ID, "status": "ON_BREAK" })),
    )
    .await;

    let status = client(&wire)
        .get_user_routing_status()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(
        status.status,
        Some(types::RoutingStatusStatus::from("ON_BREAK"))
    );
    assert_eq!(status.status.as_ref().unwrap().as_str(), "ON_BREAK");
}

/// `sortOrder` is a plain string: the API's values `ascending` and `descending`, and the
/// upstream default as written (`ASC`), all go out as given.
#[tokio::test]
async fn sort_order_takes_the_listed_values_and_asc() {
    for value in ["ascending", "descending", "ASC"] {
        let wire = Wire::answer(200, Some(page_json(json!([]), "/api/v2/users"))).await;
        client(&wire)
            .get_users()
            .sort_order(value)
            .send()
            .await
            .unwrap();
        assert!(
            wire.last_request()
                .starts_with(&format!("GET /api/v2/users?sortOrder={value}\n"))
        );
    }
}
