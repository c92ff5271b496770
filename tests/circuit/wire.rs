//! Circuit users on the wire: every operation's request as sent (insta snapshot) and its canned
//! JSON answer decoded into typed values.

use crate::support::Wire;
use chrono::{TimeZone, Utc};
use serde_json::json;
use userapi::circuit::{Client, types};

const TOKEN: &str = "token";
const USER_ID: &str = "2f8c5a2e-9b1d-4c3e-8a77-0e5f6d1c2b3a";
const OTHER_ID: &str = "7a1d3c55-4e2b-4f90-9c1e-5b6a7d8e9f01";
const TENANT_ID: &str = "c1a9e5d0-3b7f-4e21-a8c4-61f2d0e9b7a3";
const EMAIL: &str = "ada.lovelace@example.com";

fn user_json(user_id: &str, first: &str, last: &str, email: &str) -> serde_json::Value {
    json!({
        "userId": user_id,
        "userType": "REGULAR",
        "userState": "ACTIVE",
        "primaryTenantId": TENANT_ID,
        "secondaryTenantId": "5e0b7c2d-1a4f-4b83-9d6e-2c7f8a9b0d14",
        "firstName": first,
        "lastName": last,
        "displayName": format!("{first} {last}"),
        "emailAddress": email,
        "secondaryEmailAddress": "ada@analytical-engine.example",
        "emailAddresses": [
            { "address": email, "type": "WORK" },
            { "address": "ada@analytical-engine.example", "type": "OTHER" }
        ],
        "phoneNumber": "+49 89 7007 1234",
        "phoneNumbers": [
            { "phoneNumber": "+49 89 7007 1234", "type": "WORK" },
            { "phoneNumber": "+49 151 2345 6789", "type": "MOBILE" }
        ],
        "company": "Unify",
        "department": "Research",
        "jobTitle": "Analyst",
        "locale": "EN_US",
        "avatar": "https://circuitsandbox.net/fileapi?fileid=av-s&itemid=it-1",
        "avatarLarge": "https://circuitsandbox.net/fileapi?fileid=av-l&itemid=it-1"
    })
}

fn ada_json() -> serde_json::Value {
    user_json(USER_ID, "Ada", "Lovelace", EMAIL)
}

fn presence_json(user_id: &str, state: &str) -> serde_json::Value {
    json!({
        "userId": user_id,
        "state": state,
        "dndUntil": 1_714_582_800_000_i64,
        "isOptedOut": false,
        "mobile": true,
        "poor": false,
        "latitude": 48.137,
        "longitude": 11.575,
        "locationText": "Munich, Germany",
        "statusMessage": "In a workshop until 3pm",
        "timeZoneOffset": -120
    })
}

fn close(a: Option<f32>, b: f32) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-4)
}

fn assert_is_ada(user: &types::User) {
    assert_eq!(user.user_id.as_deref(), Some(USER_ID));
    assert_eq!(user.display_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(user.email_address.as_deref(), Some(EMAIL));
    assert_eq!(user.user_state.as_deref(), Some("ACTIVE"));
    assert_eq!(user.primary_tenant_id.as_deref(), Some(TENANT_ID));
    assert_eq!(user.email_addresses.len(), 2);
    assert_eq!(user.email_addresses[1].type_.as_deref(), Some("OTHER"));
    assert_eq!(user.phone_numbers.len(), 2);
    assert_eq!(
        user.phone_numbers[1].phone_number.as_deref(),
        Some("+49 151 2345 6789")
    );
    assert_eq!(user.phone_numbers[1].type_.as_deref(), Some("MOBILE"));
    assert_eq!(
        user.avatar_large.as_deref(),
        Some("https://circuitsandbox.net/fileapi?fileid=av-l&itemid=it-1")
    );
}

fn assert_presence(p: &types::Presence, user_id: &str, state: &str) {
    assert_eq!(p.user_id.as_deref(), Some(user_id));
    assert_eq!(p.state.as_deref(), Some(state));
    assert_eq!(p.dnd_until, Some(1_714_582_800_000.0));
    assert_eq!(p.dnd_until_i64(), Some(1_714_582_800_000));
    assert_eq!(p.is_opted_out, Some(false));
    assert_eq!(p.mobile, Some(true));
    assert_eq!(p.poor, Some(false));
    assert!(close(p.latitude, 48.137));
    assert!(close(p.longitude, 11.575));
    assert_eq!(p.location_text.as_deref(), Some("Munich, Germany"));
    assert_eq!(p.status_message.as_deref(), Some("In a workshop until 3pm"));
    assert_eq!(p.time_zone_offset, Some(-120.0));
    assert_eq!(p.time_zone_offset_i32(), Some(-120));
}

#[tokio::test]
async fn search_user_sends_the_search_term_and_decodes_the_users() {
    let wire = Wire::answer(
        200,
        Some(json!([
            ada_json(),
            user_json(OTHER_ID, "Ada", "Byron", "ada.byron@example.com")
        ])),
    )
    .await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let users = circuit.search_user().name("Ada L").send().await.unwrap();
    assert_eq!(users.status(), 200);
    assert_eq!(users.len(), 2);
    assert_is_ada(&users[0]);
    assert_eq!(users[1].user_id.as_deref(), Some(OTHER_ID));
    assert_eq!(users[1].last_name.as_deref(), Some("Byron"));
    assert_eq!(wire.hits(), 1);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_label_asks_for_json_and_decodes_the_labels() {
    let wire = Wire::answer(
        200,
        Some(json!([
            { "labelId": "8d2b6f1e-0c4a-4e7b-b5d3-9a1f2e3c4d5e", "value": "Project Apollo" },
            { "labelId": "1e9f8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f", "value": "Customers" }
        ])),
    )
    .await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let labels = circuit.get_label().send().await.unwrap();
    assert_eq!(labels.status(), 200);
    assert_eq!(labels.len(), 2);
    assert_eq!(
        labels[0].label_id.as_deref(),
        Some("8d2b6f1e-0c4a-4e7b-b5d3-9a1f2e3c4d5e")
    );
    assert_eq!(labels[0].value.as_deref(), Some("Project Apollo"));
    assert_eq!(labels[1].value.as_deref(), Some("Customers"));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn search_users_list_repeats_name_and_sends_both_flags() {
    let wire = Wire::answer(
        200,
        Some(json!([
            ada_json(),
            user_json(
                OTHER_ID,
                "Charles",
                "Babbage",
                "charles.babbage@example.com"
            )
        ])),
    )
    .await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let users = circuit
        .search_users_list()
        .name(vec![
            USER_ID.to_string(),
            "charles.babbage@example.com".to_string(),
        ])
        .return_full_user_info(true)
        .secondary_lookup(true)
        .send()
        .await
        .unwrap();
    assert_eq!(users.status(), 200);
    assert_eq!(users.len(), 2);
    assert_is_ada(&users[0]);
    assert_eq!(
        users[1].email_address.as_deref(),
        Some("charles.babbage@example.com")
    );
    assert_eq!(users[1].display_name.as_deref(), Some("Charles Babbage"));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_presence_repeats_user_ids_and_decodes_each_presence() {
    let wire = Wire::answer(
        200,
        Some(json!([
            presence_json(USER_ID, "AVAILABLE"),
            presence_json(OTHER_ID, "DND")
        ])),
    )
    .await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let presence = circuit
        .get_presence()
        .user_ids(vec![
            USER_ID.to_string(),
            "charles.babbage@example.com".to_string(),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(presence.status(), 200);
    assert_eq!(presence.len(), 2);
    assert_presence(&presence[0], USER_ID, "AVAILABLE");
    assert_presence(&presence[1], OTHER_ID, "DND");
    insta::assert_snapshot!(wire.last_request());
}

/// The API types `timeZoneOffset` and `dndUntil` as `number`: an answer with fractions decodes
/// (it used to fail the whole list with "invalid type: floating point, expected i32"), and the
/// integer helpers round.
#[tokio::test]
async fn get_presence_decodes_fractional_offsets_and_timestamps() {
    let mut first = presence_json(USER_ID, "AVAILABLE");
    first["timeZoneOffset"] = json!(19800.5);
    first["dndUntil"] = json!(1_714_582_800_000.25);
    let mut second = presence_json(OTHER_ID, "DND");
    second["timeZoneOffset"] = json!(-34200.0);
    let wire = Wire::answer(200, Some(json!([first, second]))).await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let presence = circuit
        .get_presence()
        .user_ids(vec![USER_ID.to_string()])
        .send()
        .await
        .unwrap();
    assert_eq!(presence.len(), 2);
    assert_eq!(presence[0].time_zone_offset, Some(19800.5));
    assert_eq!(presence[0].time_zone_offset_i32(), Some(19801));
    assert_eq!(presence[0].dnd_until, Some(1_714_582_800_000.25));
    assert_eq!(presence[0].dnd_until_i64(), Some(1_714_582_800_000));
    assert_eq!(presence[1].time_zone_offset_i32(), Some(-34200));
}

#[tokio::test]
async fn set_user_presence_sends_a_form_body_with_the_wire_names() {
    let wire = Wire::answer(200, Some(presence_json(USER_ID, "DND"))).await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let until = Utc.with_ymd_and_hms(2024, 5, 1, 17, 0, 0).unwrap();
    let body = types::SetUserPresenceBody::builder()
        .state("DND")
        .clear_dnd(false)
        .dnd_until(Some(until))
        .status_message(Some(
            types::SetUserPresenceBodyStatusMessage::try_from("In a workshop & back at 3pm")
                .unwrap(),
        ));
    let presence = circuit.set_user_presence().body(body).send().await.unwrap();
    assert_eq!(presence.status(), 200);
    assert_presence(&presence, USER_ID, "DND");
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_profile_asks_for_json_and_decodes_the_user() {
    let wire = Wire::answer(200, Some(ada_json())).await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let me = circuit.get_profile().send().await.unwrap();
    assert_eq!(me.status(), 200);
    assert_is_ada(&me);
    assert_eq!(me.first_name.as_deref(), Some("Ada"));
    assert_eq!(me.last_name.as_deref(), Some("Lovelace"));
    assert_eq!(me.company.as_deref(), Some("Unify"));
    assert_eq!(me.department.as_deref(), Some("Research"));
    assert_eq!(me.job_title.as_deref(), Some("Analyst"));
    assert_eq!(me.locale.as_deref(), Some("EN_US"));
    assert_eq!(me.user_type.as_deref(), Some("REGULAR"));
    assert_eq!(me.phone_number.as_deref(), Some("+49 89 7007 1234"));
    assert_eq!(
        me.secondary_email_address.as_deref(),
        Some("ada@analytical-engine.example")
    );
    assert_eq!(
        me.secondary_tenant_id.as_deref(),
        Some("5e0b7c2d-1a4f-4b83-9d6e-2c7f8a9b0d14")
    );
    assert_eq!(
        me.avatar.as_deref(),
        Some("https://circuitsandbox.net/fileapi?fileid=av-s&itemid=it-1")
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_support_info_asks_for_json_and_keeps_the_open_support_type() {
    let wire = Wire::answer(
        200,
        Some(json!({ "supportEmailAddress": "support@example.com", "supportType": "EMAIL" })),
    )
    .await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let info = circuit.get_support_info().send().await.unwrap();
    assert_eq!(info.status(), 200);
    assert_eq!(
        info.support_email_address.as_deref(),
        Some("support@example.com")
    );
    assert_eq!(info.support_type, Some(json!("EMAIL")));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_user_by_email_address_puts_the_address_in_the_path() {
    let wire = Wire::answer(200, Some(ada_json())).await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let user = circuit
        .get_user_by_email_address()
        .email_address(EMAIL)
        .secondary_lookup(true)
        .send()
        .await
        .unwrap();
    assert_eq!(user.status(), 200);
    assert_is_ada(&user);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_user_by_id_puts_the_id_in_the_path() {
    let wire = Wire::answer(200, Some(ada_json())).await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let user = circuit.get_user_by_id().id(USER_ID).send().await.unwrap();
    assert_eq!(user.status(), 200);
    assert_is_ada(&user);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_user_presence_puts_the_id_in_the_path() {
    let wire = Wire::answer(200, Some(presence_json(USER_ID, "AWAY"))).await;
    let circuit = Client::with_bearer(&wire.base_url(), TOKEN);
    let presence = circuit
        .get_user_presence()
        .id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(presence.status(), 200);
    assert_presence(&presence, USER_ID, "AWAY");
    insta::assert_snapshot!(wire.last_request());
}
