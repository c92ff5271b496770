//! SendAuth on the wire: every operation's request as sent (insta snapshot) and its canned
//! answer decoded into typed values. Every request carries HTTP basic credentials.

use crate::support::Wire;
use chrono::{DateTime, Utc};
use serde_json::json;
use userapi::sendauth::{Client, types};

pub const USER: &str = "api-user";
pub const PASSWORD: &str = "s3cret";

const USER_ID: &str = "3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70";
const COMPANY_ID: &str = "0b8e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
const ORG_ID: &str = "7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8";
const GROUP_A: &str = "11111111-2222-4333-8444-555555555555";
const GROUP_B: &str = "66666666-7777-4888-9999-aaaaaaaaaaaa";
const TX_ID: &str = "c0ffee00-1234-4abc-8def-0123456789ab";

/// Standard base64 (with padding), written out here so that the expected `Authorization`
/// header does not come from the code under test.
pub fn base64(input: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The client under test, with the basic credentials of the brief.
pub fn client(wire: &Wire) -> Client {
    Client::with_basic(&wire.base_url(), USER, PASSWORD)
}

/// The request as sent, after checking it carried `Authorization: Basic base64(user:password)`.
fn sent(wire: &Wire) -> String {
    let request = wire.last_request();
    let expected = format!(
        "authorization: Basic {}\n",
        base64(&format!("{USER}:{PASSWORD}"))
    );
    assert!(
        request.contains(&expected),
        "no basic credentials in:\n{request}"
    );
    assert_eq!(wire.hits(), 1);
    request
}

/// The first line of a rendered request: method and path (without the query).
fn method_and_path(request: &str) -> (&str, &str) {
    let line = request.lines().next().unwrap_or_default();
    let (method, target) = line.split_once(' ').unwrap_or_default();
    (method, target.split('?').next().unwrap_or_default())
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn uuid(text: &str) -> uuid::Uuid {
    text.parse().unwrap()
}

pub fn user_json() -> serde_json::Value {
    json!({
        "id": USER_ID,
        "role": "admin",
        "username": "ada.lovelace",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "email": "ada@example.com",
        "phone": "+442079460958",
        "company": {
            "id": COMPANY_ID,
            "orgID": ORG_ID,
            "name": "Analytical Engines Ltd",
            "createdAt": "2023-11-05T09:30:00Z"
        },
        "permissions": ["users:read", "users:write"],
        "groupPermissions": ["audits:read"],
        "permissionGroups": [GROUP_A, GROUP_B],
        "messagingPreference": "both",
        "hasPasskeys": true,
        "createdAt": "2024-01-02T03:04:05Z",
        "lastAuthenticated": "2024-06-07T08:09:10Z"
    })
}

fn users_page_json() -> serde_json::Value {
    json!({
        "rows": [
            user_json(),
            {
                "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                "role": "user",
                "username": "charles.babbage",
                "firstName": "Charles",
                "lastName": "Babbage",
                "email": "charles@example.com",
                "messagingPreference": "sms",
                "hasPasskeys": false,
                "createdAt": "2024-02-03T04:05:06Z"
            }
        ],
        "total": 42
    })
}

/// Every writable field of `User` (the readOnly ones are the server's to set).
fn user_body(first: &str, last: &str) -> types::builder::User {
    types::User::builder()
        .first_name(first)
        .last_name(last)
        .role(Some(types::UserRole::Admin))
        .email(Some(types::UserEmail::try_from("ada@example.com").unwrap()))
        .phone(Some(types::UserPhone::try_from("+442079460958").unwrap()))
        .company(Some(userapi_tests::build::<types::Company, _>(
            types::Company::builder()
                .id(uuid(COMPANY_ID))
                .name(types::CompanyName::try_from("Analytical Engines Ltd").unwrap())
                .org_id(uuid(ORG_ID)),
        )))
        .permissions(vec!["users:read".to_string(), "users:write".to_string()])
        .group_permissions(vec!["audits:read".to_string()])
        .permission_groups(vec![uuid(GROUP_A), uuid(GROUP_B)])
        .messaging_preference(Some(types::UserMessagingPreference::Both))
}

fn assert_is_ada(user: &types::User) {
    assert_eq!(user.id, Some(uuid(USER_ID)));
    assert_eq!(user.first_name.as_str(), "Ada");
    assert_eq!(user.last_name.as_str(), "Lovelace");
    assert_eq!(user.role, Some(types::UserRole::Admin));
    assert_eq!(user.username.as_deref(), Some("ada.lovelace"));
    assert_eq!(
        user.email.as_deref().map(String::as_str),
        Some("ada@example.com")
    );
    assert_eq!(
        user.messaging_preference,
        Some(types::UserMessagingPreference::Both)
    );
    assert_eq!(user.has_passkeys, Some(true));
    assert_eq!(user.permission_groups, vec![uuid(GROUP_A), uuid(GROUP_B)]);
    assert_eq!(user.created_at, Some(at("2024-01-02T03:04:05Z")));
    assert_eq!(user.last_authenticated, Some(at("2024-06-07T08:09:10Z")));
    let company = user.company.as_ref().unwrap();
    assert_eq!(company.org_id, Some(uuid(ORG_ID)));
    assert_eq!(
        company.name.as_deref().map(String::as_str),
        Some("Analytical Engines Ltd")
    );
    assert_eq!(company.created_at, Some(at("2023-11-05T09:30:00Z")));
}

#[test]
fn basic_credentials_are_the_base64_of_user_colon_password() {
    assert_eq!(base64("api-user:s3cret"), "YXBpLXVzZXI6czNjcmV0");
    assert_eq!(base64("a"), "YQ==");
    assert_eq!(base64("ab"), "YWI=");
}

#[tokio::test]
async fn list_users_sends_every_filter_and_decodes_the_page() {
    let wire = Wire::answer(200, Some(users_page_json())).await;
    let page = client(&wire)
        .list_users()
        .page(2)
        .per_page(25)
        .q("lovelace")
        .permission("users:write")
        .sort_by("lastName")
        .sort_dir(types::ListUsersSortDir::Desc)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.total, Some(42));
    assert_eq!(page.rows.len(), 2);
    assert_is_ada(&page.rows[0]);
    assert_eq!(page.rows[1].role, Some(types::UserRole::User));
    assert_eq!(
        page.rows[1].messaging_preference,
        Some(types::UserMessagingPreference::Sms)
    );
    assert_eq!(page.rows[1].company, None);
    let request = sent(&wire);
    assert_eq!(method_and_path(&request), ("GET", "/api/v1/users"));
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn create_user_posts_the_user_and_decodes_201() {
    let wire = Wire::answer(201, Some(user_json())).await;
    let created = client(&wire)
        .create_user()
        .body(user_body("Ada", "Lovelace"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_is_ada(&created);
    let request = sent(&wire);
    assert_eq!(method_and_path(&request), ("POST", "/api/v1/users"));
    assert!(request.contains("content-type: application/json\n"));
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn list_deleted_users_hits_the_literal_deleted_path() {
    let wire = Wire::answer(200, Some(users_page_json())).await;
    let page = client(&wire)
        .list_deleted_users()
        .page(1)
        .per_page(50)
        .q("babbage")
        .permission("users:read")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.total, Some(42));
    assert_eq!(page.rows[1].first_name.as_str(), "Charles");
    assert_eq!(page.rows[1].has_passkeys, Some(false));
    let request = sent(&wire);
    assert_eq!(method_and_path(&request), ("GET", "/api/v1/users/deleted"));
    insta::assert_snapshot!(request);
}

/// A server that routes `/api/v1/users/deleted` and `/api/v1/users/{userID}` apart: the list
/// of deleted users must reach the literal route, never the `{userID}` one.
#[tokio::test]
async fn list_deleted_users_is_not_routed_as_a_user_id() {
    use httpmock::Method::GET;
    let server = httpmock::MockServer::start_async().await;
    let deleted = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users/deleted");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({ "rows": [], "total": 0 }));
        })
        .await;
    let by_id = server
        .mock_async(|when, then| {
            when.method(GET).path_matches("^/api/v1/users/[^/]+$");
            then.status(200)
                .header("content-type", "application/json")
                .json_body(user_json());
        })
        .await;
    let sendauth = Client::with_basic(&server.base_url(), USER, PASSWORD);
    let page = sendauth.list_deleted_users().send().await.unwrap();
    assert_eq!(page.total, Some(0));
    assert!(page.rows.is_empty());
    deleted.assert_calls_async(1).await;
    by_id.assert_calls_async(0).await;
}

#[tokio::test]
async fn restore_user_puts_to_the_deleted_user_and_expects_no_body() {
    let wire = Wire::answer(200, None).await;
    let restored = client(&wire)
        .restore_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(restored.status(), 200);
    let () = restored.into_inner();
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("PUT", &*format!("/api/v1/users/deleted/{USER_ID}"))
    );
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn destroy_user_deletes_the_deleted_user_and_expects_no_body() {
    let wire = Wire::answer(200, None).await;
    let destroyed = client(&wire)
        .destroy_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(destroyed.status(), 200);
    let () = destroyed.into_inner();
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("DELETE", &*format!("/api/v1/users/deleted/{USER_ID}"))
    );
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn get_user_decodes_every_field() {
    let wire = Wire::answer(200, Some(user_json())).await;
    let user = client(&wire)
        .get_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(user.status(), 200);
    assert_is_ada(&user);
    assert_eq!(user.permissions, vec!["users:read", "users:write"]);
    assert_eq!(user.group_permissions, vec!["audits:read"]);
    assert_eq!(
        user.phone.as_deref().map(String::as_str),
        Some("+442079460958")
    );
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("GET", &*format!("/api/v1/users/{USER_ID}"))
    );
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn update_user_puts_the_user_and_decodes_200() {
    let mut answer = user_json();
    answer["lastName"] = json!("King");
    answer["messagingPreference"] = json!("email");
    let wire = Wire::answer(200, Some(answer)).await;
    let updated = client(&wire)
        .update_user()
        .user_id(USER_ID)
        .body(
            user_body("Ada", "King")
                .role(Some(types::UserRole::SuperAdmin))
                .messaging_preference(Some(types::UserMessagingPreference::Email)),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.last_name.as_str(), "King");
    assert_eq!(
        updated.messaging_preference,
        Some(types::UserMessagingPreference::Email)
    );
    assert_eq!(updated.id, Some(uuid(USER_ID)));
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("PUT", &*format!("/api/v1/users/{USER_ID}"))
    );
    assert!(request.contains("content-type: application/json\n"));
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn delete_user_deletes_and_expects_no_body() {
    let wire = Wire::answer(200, None).await;
    let deleted = client(&wire)
        .delete_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
    let () = deleted.into_inner();
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("DELETE", &*format!("/api/v1/users/{USER_ID}"))
    );
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn get_user_audits_sends_paging_and_decodes_entries() {
    let wire = Wire::answer(
        200,
        Some(json!({
            "rows": [
                {
                    "subject": USER_ID,
                    "name": "Ada Lovelace",
                    "type": "user",
                    "actor": "api-user",
                    "action": "user.updated",
                    "extras": { "field": "lastName", "ip": "203.0.113.7" },
                    "created_at": "2024-06-07T08:09:10Z"
                }
            ],
            "total": 17
        })),
    )
    .await;
    let audits = client(&wire)
        .get_user_audits()
        .user_id(USER_ID)
        .page(3)
        .per_page(10)
        .q("updated")
        .send()
        .await
        .unwrap();
    assert_eq!(audits.status(), 200);
    assert_eq!(audits.total, Some(17));
    let entry = &audits.rows[0];
    assert_eq!(entry.subject, Some(uuid(USER_ID)));
    assert_eq!(entry.type_.as_deref(), Some("user"));
    assert_eq!(entry.action.as_deref(), Some("user.updated"));
    assert_eq!(
        entry.extras.get("ip").map(String::as_str),
        Some("203.0.113.7")
    );
    assert_eq!(entry.created_at, Some(at("2024-06-07T08:09:10Z")));
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("GET", &*format!("/api/v1/users/{USER_ID}/audits"))
    );
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn authenticate_user_posts_the_web_tx_and_decodes_the_tx() {
    let wire = Wire::answer(201, Some(json!({ "tx": TX_ID }))).await;
    let tx = client(&wire)
        .authenticate_user()
        .user_id(USER_ID)
        .body(
            types::WebTx::builder()
                .message(Some(
                    types::WebTxMessage::try_from("Approve the wire transfer to ACME?").unwrap(),
                ))
                .connectwise(Some(types::WebTxConnectwise::try_from("CW-48213").unwrap())),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(tx.status(), 201);
    assert_eq!(tx.tx, Some(uuid(TX_ID)));
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("POST", &*format!("/api/v1/users/{USER_ID}/authenticate"))
    );
    assert!(request.contains("content-type: application/json\n"));
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn remove_user_passkey_deletes_and_expects_no_body() {
    let wire = Wire::answer(200, None).await;
    let removed = client(&wire)
        .remove_user_passkey()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 200);
    let () = removed.into_inner();
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("DELETE", &*format!("/api/v1/users/{USER_ID}/passkey"))
    );
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn register_user_posts_without_body_and_decodes_the_tx() {
    let wire = Wire::answer(201, Some(json!({ "tx": TX_ID }))).await;
    let tx = client(&wire)
        .register_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(tx.status(), 201);
    assert_eq!(tx.tx, Some(uuid(TX_ID)));
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("POST", &*format!("/api/v1/users/{USER_ID}/register"))
    );
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn set_user_tags_puts_the_tags_and_expects_no_body() {
    let wire = Wire::answer(200, None).await;
    let tags = [("department", "research"), ("cost-centre", "R-1843")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect::<std::collections::HashMap<_, _>>();
    let saved = client(&wire)
        .set_user_tags()
        .user_id(USER_ID)
        .body(types::TagsRequest::builder().tags(tags))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let () = saved.into_inner();
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("PUT", &*format!("/api/v1/users/{USER_ID}/tags"))
    );
    assert!(request.contains("content-type: application/json\n"));
    insta::assert_snapshot!(request);
}

#[tokio::test]
async fn get_user_transactions_sends_paging_and_decodes_transactions() {
    let wire = Wire::answer(
        200,
        Some(json!({
            "rows": [
                {
                    "id": TX_ID,
                    "subject": USER_ID,
                    "subjectName": "Ada Lovelace",
                    "state": "verified",
                    "completedAt": "2024-06-07T08:09:40Z",
                    "requestor": "api-user",
                    "context": "web",
                    "createdAt": "2024-06-07T08:09:10Z",
                    "expiresAt": "2024-06-07T08:14:10Z",
                    "message": "Approve the wire transfer to ACME?",
                    "userMessage": "Approve the wire transfer to ACME?"
                },
                { "id": "d1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", "state": "escalated" }
            ],
            "total": 2
        })),
    )
    .await;
    let transactions = client(&wire)
        .get_user_transactions()
        .user_id(USER_ID)
        .page(1)
        .per_page(20)
        .q("ACME")
        .send()
        .await
        .unwrap();
    assert_eq!(transactions.status(), 200);
    assert_eq!(transactions.total, Some(2));
    let first = &transactions.rows[0];
    assert_eq!(first.id, Some(uuid(TX_ID)));
    assert_eq!(first.subject, Some(uuid(USER_ID)));
    assert_eq!(first.state, Some(types::TransactionState::Verified));
    assert_eq!(first.subject_name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(first.completed_at, Some(at("2024-06-07T08:09:40Z")));
    assert_eq!(first.expires_at, Some(at("2024-06-07T08:14:10Z")));
    // A state this client does not know is kept, not refused.
    assert_eq!(
        transactions.rows[1].state,
        Some(types::TransactionState::from("escalated"))
    );
    let request = sent(&wire);
    assert_eq!(
        method_and_path(&request),
        ("GET", &*format!("/api/v1/users/{USER_ID}/transactions"))
    );
    insta::assert_snapshot!(request);
}
