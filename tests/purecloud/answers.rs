//! Answers shaped as the PureCloud API sends them decode without loss, and requests carry what
//! the API needs: search fields, error field names, the full user where other entities embed
//! one, and the queue-join body of `{id, joined}` items.

use crate::common::*;
use crate::support::Wire;
use serde_json::{Value, json};
use userapi::purecloud::{ErrorKind, types};

/// A full user as the API embeds it: every field `user_json` has, plus the expandable ones
/// that do not embed a user again, and raw JSON where they would.
fn embedded_user_json() -> Value {
    let mut user = user_json(OTHER_USER_ID, "Grace Hopper", "grace@example.com");
    user["routingStatus"] = json!({ "userId": OTHER_USER_ID, "status": "IDLE" });
    user["outOfOffice"] = json!({ "active": false, "user": { "id": OTHER_USER_ID, "version": 3 } });
    user["profileSkills"] = json!(["COBOL"]);
    user
}

/// Checks that the embedded user kept what a `UserReference` (id, name, version, selfUri)
/// used to drop.
fn check_full(user: &types::EmbeddedUser) {
    assert_eq!(user.id.as_deref(), Some(OTHER_USER_ID));
    assert_eq!(user.version, Some(7));
    assert_eq!(user.email.as_deref(), Some("grace@example.com"));
    assert_eq!(user.department.as_deref(), Some("Customer Care"));
    assert_eq!(user.title.as_deref(), Some("Team Lead"));
    assert_eq!(user.username.as_deref(), Some("grace@example.com"));
    assert_eq!(
        user.chat.as_ref().unwrap().jabber_id.as_deref(),
        Some("5f1e2d3c4b5a6978@example.orgspan.com")
    );
    assert_eq!(user.images[0].resolution.as_deref(), Some("x96"));
    assert_eq!(user.addresses[0].address.as_deref(), Some("+13175550101"));
    assert_eq!(user.state, Some(types::EmbeddedUserState::Active), "state");
    assert_eq!(user.profile_skills, vec!["COBOL".to_string()]);
    assert_eq!(user.out_of_office["user"]["version"], 3);
}

/// `OutOfOffice.user`: the full user, and a `PUT` sends it back with its `version`.
#[tokio::test]
async fn out_of_office_keeps_the_full_user_both_ways() {
    let answer = json!({
        "id": "ooo-1",
        "name": "Summer holiday",
        "user": embedded_user_json(),
        "startDate": "2024-07-01T00:00:00Z",
        "endDate": "2024-07-15T00:00:00Z",
        "active": true
    });
    let wire = Wire::answer(200, Some(answer.clone())).await;
    let ooo = client(&wire)
        .get_user_out_of_office()
        .user_id(OTHER_USER_ID)
        .send()
        .await
        .unwrap()
        .into_inner();
    check_full(ooo.user.as_ref().unwrap());

    let wire = Wire::answer(200, Some(answer)).await;
    client(&wire)
        .put_user_out_of_office()
        .user_id(OTHER_USER_ID)
        .body(ooo)
        .send()
        .await
        .unwrap();
    let sent = sent_body(&wire);
    assert_eq!(sent["user"]["version"], 7);
    assert_eq!(sent["user"]["email"], "grace@example.com");
}

/// `UserStation.associatedUser` and `.defaultUser`: the full users.
#[tokio::test]
async fn station_keeps_its_full_users() {
    let mut station = station_json(STATION_ID);
    station["associatedUser"] = embedded_user_json();
    station["defaultUser"] = embedded_user_json();
    let wire = Wire::answer(200, Some(json!({ "associatedStation": station }))).await;
    let stations = client(&wire)
        .get_user_station()
        .user_id(OTHER_USER_ID)
        .send()
        .await
        .unwrap();
    let station = stations.associated_station.as_ref().unwrap();
    check_full(station.associated_user.as_ref().unwrap());
    check_full(station.default_user.as_ref().unwrap());
}

/// `OrganizationPresence.createdBy` and `.modifiedBy` (a user's presence, expanded): the full
/// users.
#[tokio::test]
async fn presence_definition_keeps_who_created_and_changed_it() {
    let mut definition = presence_definition_json();
    definition["createdBy"] = embedded_user_json();
    definition["modifiedBy"] = embedded_user_json();
    let mut user = user_json(USER_ID, "Ada Lovelace", "ada@example.com");
    user["presence"] = json!({ "primary": true, "presenceDefinition": definition });
    let wire = Wire::answer(200, Some(user)).await;
    let user = client(&wire)
        .get_user()
        .user_id(USER_ID)
        .expand(vec![types::GetUserExpandItem::Presence])
        .send()
        .await
        .unwrap();
    let definition = user
        .presence
        .as_ref()
        .unwrap()
        .presence_definition
        .as_ref()
        .unwrap();
    check_full(definition.created_by.as_ref().unwrap());
    check_full(definition.modified_by.as_ref().unwrap());
}

/// `DomainResourceConditionValue.user` (a condition operand in the caller's organization
/// roles): the full user.
#[tokio::test]
async fn resource_condition_operand_keeps_the_full_user() {
    let mut me = user_json(USER_ID, "Ada Lovelace", "ada@example.com");
    me["orgAuthorization"] = json!([{
        "id": ROLE_ID,
        "name": "Supervisor",
        "permissionPolicies": [{
            "domain": "directory",
            "entityName": "user",
            "resourceConditionNode": {
                "variableName": "user.id",
                "operator": "EQ",
                "operands": [{ "type": "USER", "user": embedded_user_json() }]
            }
        }]
    }]);
    let wire = Wire::answer(200, Some(me)).await;
    let me = client(&wire).get_me().send().await.unwrap();
    let node = me.org_authorization[0].permission_policies[0]
        .resource_condition_node
        .as_ref()
        .unwrap();
    check_full(node.operands[0].user.as_ref().unwrap());
}

/// `UserSearchCriteria.fields` names the fields a criterion searches.
#[tokio::test]
async fn search_criteria_name_their_fields() {
    let answer = json!({ "total": 0, "pageCount": 0, "pageSize": 25, "pageNumber": 1, "results": [], "types": ["users"] });
    let wire = Wire::answer(200, Some(answer)).await;
    let request: types::UserSearchRequest = serde_json::from_value(json!({
        "query": [
            { "type": "CONTAINS", "value": "Lovelace", "fields": ["name", "email"] },
            { "type": "EXACT", "value": "Team Lead", "fields": ["title"] }
        ]
    }))
    .unwrap();
    assert_eq!(
        request.query[0].fields,
        vec!["name".to_string(), "email".to_string()]
    );
    client(&wire)
        .search_users()
        .body(request)
        .send()
        .await
        .unwrap();
    let sent = sent_body(&wire);
    assert_eq!(sent["query"][0]["fields"], json!(["name", "email"]));
    assert_eq!(sent["query"][1]["fields"], json!(["title"]));
}

/// `ErrorBody.details[].fieldName` says which request field was wrong.
#[tokio::test]
async fn error_details_keep_their_field_name() {
    let mut body = error_json(400, "bad.request", "The request could not be understood");
    body["details"] = json!([
        { "errorCode": "field.required", "fieldName": "version", "entityName": "user" },
        { "errorCode": "field.invalid", "fieldName": "email" }
    ]);
    let wire = Wire::answer(400, Some(body)).await;
    let result = client(&wire)
        .patch_user()
        .user_id(USER_ID)
        .body(
            serde_json::from_value::<types::User>(json!({ "version": 7, "title": "CTO" })).unwrap(),
        )
        .send()
        .await;
    let failure = result.expect_err("an error");
    crate::support::assert_answered(&failure, 400);
    let ErrorKind::Service(error) = failure.kind() else {
        panic!("expected ErrorKind::Service, got {failure:?}");
    };
    assert_eq!(error.details[0].field_name.as_deref(), Some("version"));
    assert_eq!(
        error.details[0].error_code.as_deref(),
        Some("field.required")
    );
    assert_eq!(error.details[1].field_name.as_deref(), Some("email"));
}

/// The queue-join request is a list of `{id, joined}` items; the answer is a full `UserQueue`.
#[tokio::test]
async fn queue_join_sends_id_and_joined_only_and_decodes_the_full_queue() {
    let wire = Wire::answer(200, Some(user_queue_json(QUEUE_ID, "Support", true))).await;
    let body: Vec<types::UserQueueJoin> = vec![
        userapi_tests::build(types::UserQueueJoin::builder().id(QUEUE_ID).joined(true)),
        userapi_tests::build(
            types::UserQueueJoin::builder()
                .id(OTHER_QUEUE_ID)
                .joined(false),
        ),
    ];
    let queue = client(&wire)
        .patch_user_queues()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent_body(&wire),
        json!([
            { "id": QUEUE_ID, "joined": true },
            { "id": OTHER_QUEUE_ID, "joined": false }
        ])
    );
    assert_eq!(queue.id.as_deref(), Some(QUEUE_ID));
    assert_eq!(queue.joined, Some(true));
    assert_eq!(
        queue.skill_evaluation_method,
        types::UserQueueSkillEvaluationMethod::Best
    );
}
