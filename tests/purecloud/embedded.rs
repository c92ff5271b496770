//! An embedded user (`EmbeddedUser`) decodes from any subset of its fields: every place an
//! answer embeds a user is checked in every operation whose answer holds it, with a reference
//! (`{id, selfUri}`) and an empty object. The user an operation answers keeps its required
//! `version`.

use crate::common::*;
use crate::support::{Wire, assert_answered};
use serde::Serialize;
use serde_json::{Value, json};
use userapi::purecloud::{Error, ErrorKind, ResponseValue, types};

/// The partial users the API may embed: a reference, and nothing at all.
fn partial_users() -> [Value; 2] {
    [
        json!({ "id": OTHER_USER_ID, "selfUri": format!("/api/v2/users/{OTHER_USER_ID}") }),
        json!({}),
    ]
}

/// A schema property holding an embedded user.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Place {
    CallForwardingUser,
    OutOfOfficeUser,
    PresenceCreatedBy,
    PresenceModifiedBy,
    StationAssociatedUser,
    StationDefaultUser,
    ConditionOperandUser,
}

/// Every operation whose answer holds an embedded user.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    CreateUser,
    GetUser,
    PatchUser,
    GetMe,
    GetUsers,
    GetUsersSearch,
    SearchUsers,
    GetUserCallForwarding,
    PutUserCallForwarding,
    PatchUserCallForwarding,
    GetUserOutOfOffice,
    PutUserOutOfOffice,
    GetUserStation,
}

impl Op {
    const ALL: [Op; 13] = [
        Op::CreateUser,
        Op::GetUser,
        Op::PatchUser,
        Op::GetMe,
        Op::GetUsers,
        Op::GetUsersSearch,
        Op::SearchUsers,
        Op::GetUserCallForwarding,
        Op::PutUserCallForwarding,
        Op::PatchUserCallForwarding,
        Op::GetUserOutOfOffice,
        Op::PutUserOutOfOffice,
        Op::GetUserStation,
    ];

    /// Where the answer carries the user it is about (`None`: it answers no user).
    fn user_pointer(self) -> Option<&'static str> {
        match self {
            Op::CreateUser | Op::GetUser | Op::PatchUser | Op::GetMe => Some(""),
            Op::GetUsers => Some("/entities/0"),
            Op::GetUsersSearch | Op::SearchUsers => Some("/results/0"),
            _ => None,
        }
    }

    /// This operation's answer around `user` (only for operations that answer a user).
    fn answer_with_user(self, user: Value) -> Value {
        match self {
            Op::GetUsers => page_json(json!([user]), "/api/v2/users"),
            Op::GetUsersSearch | Op::SearchUsers => json!({
                "total": 1, "pageCount": 1, "pageSize": 25, "pageNumber": 1,
                "types": ["users"], "results": [user]
            }),
            _ => user,
        }
    }

    /// Calls the operation on `wire` and gives its decoded answer back as JSON, so what
    /// decoding kept can be compared with what was sent.
    async fn call(self, wire: &Wire) -> Result<Value, Error<types::ErrorBody>> {
        let c = client(wire);
        match self {
            Op::CreateUser => {
                let user = json!({ "name": "Ada", "email": "ada@example.com", "password": "p" });
                json_of(
                    c.create_user()
                        .body(body::<types::CreateUser>(user))
                        .send()
                        .await,
                )
            }
            Op::GetUser => json_of(c.get_user().user_id(USER_ID).send().await),
            Op::PatchUser => {
                let patch = body::<types::User>(json!({ "version": 7 }));
                json_of(c.patch_user().user_id(USER_ID).body(patch).send().await)
            }
            Op::GetMe => json_of(c.get_me().send().await),
            Op::GetUsers => json_of(c.get_users().send().await),
            Op::GetUsersSearch => json_of(c.get_users_search().q64("e30=").send().await),
            Op::SearchUsers => {
                let search = types::UserSearchRequest::default();
                json_of(c.search_users().body(search).send().await)
            }
            Op::GetUserCallForwarding => {
                json_of(c.get_user_call_forwarding().user_id(USER_ID).send().await)
            }
            Op::PutUserCallForwarding => {
                let settings = types::CallForwarding::default();
                let call = c.put_user_call_forwarding().user_id(USER_ID);
                json_of(call.body(settings).send().await)
            }
            Op::PatchUserCallForwarding => {
                let settings = types::CallForwarding::default();
                let call = c.patch_user_call_forwarding().user_id(USER_ID);
                json_of(call.body(settings).send().await)
            }
            Op::GetUserOutOfOffice => {
                json_of(c.get_user_out_of_office().user_id(USER_ID).send().await)
            }
            Op::PutUserOutOfOffice => {
                let period = types::OutOfOffice::default();
                let call = c.put_user_out_of_office().user_id(USER_ID);
                json_of(call.body(period).send().await)
            }
            Op::GetUserStation => json_of(c.get_user_station().user_id(USER_ID).send().await),
        }
    }
}

fn body<T: serde::de::DeserializeOwned>(json: Value) -> T {
    serde_json::from_value(json).unwrap()
}

fn json_of<T: Serialize, E>(answer: Result<ResponseValue<T>, E>) -> Result<Value, E> {
    answer.map(|answer| serde_json::to_value(answer.into_inner()).unwrap())
}

/// The four stations of a `UserStations`, each holding `user` under `key`, and the pointers to
/// them.
fn stations_with(key: &str, user: &Value) -> (Value, Vec<String>) {
    let mut stations = json!({});
    let mut pointers = Vec::new();
    for station in [
        "associatedStation",
        "effectiveStation",
        "defaultStation",
        "lastAssociatedStation",
    ] {
        stations[station] = json!({ "id": STATION_ID, key: user });
        pointers.push(format!("/{station}/{key}"));
    }
    (stations, pointers)
}

/// Puts `embedded` at `place` inside the answered user `user` (as the expanded fields carry
/// it; `me`: the caller's own user, which also lists presence definitions and organization
/// roles), and gives the pointers to it: none where this user holds no such place.
fn embed_in_user(place: Place, user: &mut Value, embedded: &Value, me: bool) -> Vec<String> {
    match place {
        Place::OutOfOfficeUser => {
            user["outOfOffice"] = json!({ "active": true, "user": embedded });
            vec!["/outOfOffice/user".to_string()]
        }
        Place::PresenceCreatedBy | Place::PresenceModifiedBy => {
            let key = if place == Place::PresenceCreatedBy {
                "createdBy"
            } else {
                "modifiedBy"
            };
            let mut definition = presence_definition_json();
            definition[key] = embedded.clone();
            user["presence"] = json!({ "primary": true, "presenceDefinition": definition });
            let mut pointers = vec![format!("/presence/presenceDefinition/{key}")];
            if me {
                user["presenceDefinitions"] = json!([definition]);
                pointers.push(format!("/presenceDefinitions/0/{key}"));
            }
            pointers
        }
        Place::StationAssociatedUser | Place::StationDefaultUser => {
            let key = if place == Place::StationAssociatedUser {
                "associatedUser"
            } else {
                "defaultUser"
            };
            let (stations, pointers) = stations_with(key, embedded);
            user["station"] = stations;
            pointers.iter().map(|p| format!("/station{p}")).collect()
        }
        Place::ConditionOperandUser if me => {
            user["orgAuthorization"] = json!([{
                "id": ROLE_ID,
                "name": "Supervisor",
                "permissionPolicies": [{
                    "domain": "directory",
                    "entityName": "user",
                    "resourceConditionNode": {
                        "variableName": "user.id",
                        "operator": "EQ",
                        "operands": [{ "type": "USER", "user": embedded }]
                    }
                }]
            }]);
            vec![
                "/orgAuthorization/0/permissionPolicies/0/resourceConditionNode/operands/0/user"
                    .to_string(),
            ]
        }
        Place::ConditionOperandUser | Place::CallForwardingUser => Vec::new(),
    }
}

/// One answer holding an embedded user: its operation, body, and where the user is.
struct Case {
    op: Op,
    answer: Value,
    pointers: Vec<String>,
}

/// Every operation whose answer can hold `place`, each with an answer holding `embedded` there.
fn cases(place: Place, embedded: &Value) -> Vec<Case> {
    let mut cases = Vec::new();
    for op in Op::ALL {
        let (answer, pointers) = match (op, op.user_pointer()) {
            (_, Some(at)) => {
                let mut user = user_json(USER_ID, "Ada Lovelace", "ada@example.com");
                let pointers = embed_in_user(place, &mut user, embedded, op == Op::GetMe);
                let pointers = pointers.iter().map(|p| format!("{at}{p}")).collect();
                (op.answer_with_user(user), pointers)
            }
            (
                Op::GetUserCallForwarding | Op::PutUserCallForwarding | Op::PatchUserCallForwarding,
                None,
            ) if place == Place::CallForwardingUser => (
                json!({ "id": USER_ID, "enabled": true, "phoneNumber": "+13175550123", "user": embedded }),
                vec!["/user".to_string()],
            ),
            (Op::GetUserOutOfOffice | Op::PutUserOutOfOffice, None)
                if place == Place::OutOfOfficeUser =>
            {
                (
                    json!({ "id": "ooo-1", "active": true, "user": embedded }),
                    vec!["/user".to_string()],
                )
            }
            (Op::GetUserStation, None) if place == Place::StationAssociatedUser => {
                stations_with("associatedUser", embedded)
            }
            (Op::GetUserStation, None) if place == Place::StationDefaultUser => {
                stations_with("defaultUser", embedded)
            }
            _ => continue,
        };
        if !pointers.is_empty() {
            cases.push(Case {
                op,
                answer,
                pointers,
            });
        }
    }
    cases
}

/// Each partial user, at `place`, decodes in each of the `operations` whose answer holds it,
/// and comes back exactly as sent (nothing dropped, nothing added).
async fn partial_users_decode_at(place: Place, operations: usize) {
    for embedded in partial_users() {
        let cases = cases(place, &embedded);
        assert_eq!(cases.len(), operations, "{place:?}: operations checked");
        for Case {
            op,
            answer,
            pointers,
        } in cases
        {
            let wire = Wire::answer(200, Some(answer)).await;
            let decoded = op
                .call(&wire)
                .await
                .unwrap_or_else(|e| panic!("{op:?} with {place:?} = {embedded}: {e}"));
            for pointer in pointers {
                assert_eq!(
                    decoded.pointer(&pointer),
                    Some(&embedded),
                    "{op:?} {pointer}"
                );
            }
        }
    }
}

/// `CallForwarding.user`: get, put and patch of call forwarding.
#[tokio::test]
async fn call_forwarding_user_decodes_from_a_reference_or_nothing() {
    partial_users_decode_at(Place::CallForwardingUser, 3).await;
}

/// `OutOfOffice.user`: its own get and put, and every answered user's `outOfOffice`.
#[tokio::test]
async fn out_of_office_user_decodes_from_a_reference_or_nothing() {
    partial_users_decode_at(Place::OutOfOfficeUser, 9).await;
}

/// `OrganizationPresence.createdBy`: an answered user's `presence`, and `get_me`'s
/// `presenceDefinitions`.
#[tokio::test]
async fn presence_definition_created_by_decodes_from_a_reference_or_nothing() {
    partial_users_decode_at(Place::PresenceCreatedBy, 7).await;
}

/// `OrganizationPresence.modifiedBy`: as `createdBy`.
#[tokio::test]
async fn presence_definition_modified_by_decodes_from_a_reference_or_nothing() {
    partial_users_decode_at(Place::PresenceModifiedBy, 7).await;
}

/// `UserStation.associatedUser`: all four stations of `get_user_station` and of every answered
/// user's `station`.
#[tokio::test]
async fn station_associated_user_decodes_from_a_reference_or_nothing() {
    partial_users_decode_at(Place::StationAssociatedUser, 8).await;
}

/// `UserStation.defaultUser`: as `associatedUser`.
#[tokio::test]
async fn station_default_user_decodes_from_a_reference_or_nothing() {
    partial_users_decode_at(Place::StationDefaultUser, 8).await;
}

/// `DomainResourceConditionValue.user`: a condition operand in `get_me`'s organization roles.
#[tokio::test]
async fn condition_operand_user_decodes_from_a_reference_or_nothing() {
    partial_users_decode_at(Place::ConditionOperandUser, 1).await;
}

/// The user an operation answers (alone or in a list) still requires `version`: the same
/// answer decodes with it and is refused without it.
#[tokio::test]
async fn an_answered_user_still_requires_its_version() {
    let [reference, _] = partial_users();
    let answered: Vec<Case> = cases(Place::OutOfOfficeUser, &reference)
        .into_iter()
        .filter(|case| case.op.user_pointer().is_some())
        .collect();
    assert_eq!(answered.len(), 7, "operations answering a user");
    for Case { op, answer, .. } in answered {
        let wire = Wire::answer(200, Some(answer.clone())).await;
        op.call(&wire)
            .await
            .unwrap_or_else(|e| panic!("{op:?} with its version: {e}"));

        let mut answer = answer;
        let at = op.user_pointer().unwrap_or_default();
        let user = answer.pointer_mut(at).and_then(Value::as_object_mut);
        user.expect("the answered user").remove("version");
        let wire = Wire::answer(200, Some(answer)).await;
        let error = op.call(&wire).await.expect_err("a user without `version`");
        assert_answered(&error, 200);
        match error.kind() {
            ErrorKind::InvalidBody(e) => {
                assert!(
                    e.to_string().contains("missing field `version`"),
                    "{op:?}: {e}"
                )
            }
            other => panic!("{op:?}: expected ErrorKind::InvalidBody, got {other:?}"),
        }
    }
}
