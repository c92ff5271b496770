//! `PUT /users/presence` form body details beyond the one wire test: the flag set, a
//! do-not-disturb end given in another offset, and bodies refused before anything is sent.

use crate::support::Wire;
use chrono::{DateTime, FixedOffset, Utc};
use serde_json::json;
use userapi::circuit::{Client, ErrorKind, types};

#[tokio::test]
async fn clear_dnd_true_and_an_offset_time_are_sent_as_rfc3339_utc() {
    let wire = Wire::answer(200, Some(json!({ "state": "AVAILABLE" }))).await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let until: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2024-05-01T19:30:15.250+02:00").unwrap();
    let presence = circuit
        .set_user_presence()
        .body_map(|b| {
            b.state("AVAILABLE")
                .clear_dnd(true)
                .dnd_until(Some(until.with_timezone(&Utc)))
                .status_message(Some(
                    types::SetUserPresenceBodyStatusMessage::try_from("Back: 100% / ready?")
                        .unwrap(),
                ))
        })
        .send()
        .await
        .unwrap();
    assert_eq!(presence.status(), 200);
    assert_eq!(presence.state.as_deref(), Some("AVAILABLE"));
    assert_eq!(presence.dnd_until, None);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn only_the_state_sends_only_state() {
    // Unset optional fields stay off the wire: the server applies its own defaults.
    let wire = Wire::answer(200, Some(json!({ "state": "BUSY" }))).await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let presence = circuit
        .set_user_presence()
        .body_map(|b| b.state("BUSY"))
        .send()
        .await
        .unwrap();
    assert_eq!(presence.state.as_deref(), Some("BUSY"));
    let sent = wire.last_request();
    assert!(sent.ends_with("\n\nstate=BUSY\n"), "{sent}");
    insta::assert_snapshot!(sent);
}

#[tokio::test]
async fn a_body_without_state_is_refused_before_sending() {
    let wire = Wire::answer(200, Some(json!({ "state": "BUSY" }))).await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = circuit
        .set_user_presence()
        .body_map(|b| b.clear_dnd(true))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.operation(), "set_user_presence");
    match err.into_kind() {
        ErrorKind::InvalidRequest(invalid) => {
            assert_eq!(invalid.refused, userapi::circuit::Refused::Body);
            assert!(invalid.why.contains("state"), "{invalid}")
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(wire.hits(), 0);
}

#[tokio::test]
async fn a_status_message_over_2048_characters_is_refused() {
    let long = "x".repeat(2049);
    assert!(types::SetUserPresenceBodyStatusMessage::try_from(long.as_str()).is_err());
    assert!(types::SetUserPresenceBodyStatusMessage::try_from("x".repeat(2048)).is_ok());
    let wire = Wire::answer(200, Some(json!([]))).await;
    let circuit = Client::with_bearer(&wire.base_url(), "token");
    let err = circuit
        .search_user()
        .name(long.as_str())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidRequest(_)),
        "{err:?}"
    );
    assert_eq!(wire.hits(), 0);
}
