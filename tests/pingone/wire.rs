//! PingOne identity verification on the wire: every operation's request as sent (insta snapshot)
//! and its canned answer decoded. Success bodies are free-form JSON objects
//! (`serde_json::Map`), so the assertions read JSON values out of the map.

use crate::support::Wire;
use serde_json::json;
use userapi::pingone::{Client, ErrorKind};

pub const ENV_ID: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
pub const USER_ID: &str = "03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a";
pub const TX_ID: &str = "8c9e1d2f-5b3a-4c7e-9f10-2a4b6c8d0e12";
pub const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.worker-app.signature";
pub const EXT_TX: &str = "crm-order-77125";
pub const EXT_SESSION: &str = "web-session-5f1e9a";

/// A client pointed at the mock server, with PingOne's `/v1` path prefix like the real hosts.
pub fn client(wire: &Wire) -> Client {
    Client::with_bearer(&format!("{}/v1", wire.base_url()), TOKEN)
}

pub fn transaction_json(status: &str) -> serde_json::Value {
    json!({
        "_links": {
            "self": {
                "href": format!(
                    "https://api.pingone.eu/v1/environments/{ENV_ID}/users/{USER_ID}/verifyTransactions/{TX_ID}"
                )
            }
        },
        "id": TX_ID,
        "environment": { "id": ENV_ID },
        "user": { "id": USER_ID },
        "transactionStatus": { "status": status },
        "verificationStatus": { "verificationStatus": "REQUESTED" },
        "createdAt": "2025-03-04T10:15:30.123Z",
        "updatedAt": "2025-03-04T10:15:30.123Z",
        "expiresAt": "2025-03-04T10:45:30.123Z"
    })
}

#[tokio::test]
async fn list_verify_transactions_sends_both_external_ids_and_returns_the_object() {
    let body = json!({
        "_links": {
            "self": {
                "href": format!(
                    "https://api.pingone.eu/v1/environments/{ENV_ID}/users/{USER_ID}/verifyTransactions"
                )
            }
        },
        "_embedded": { "verifyTransactions": [transaction_json("APPROVED_NO_REQUEST"), transaction_json("REQUESTED")] },
        "count": 2,
        "size": 2
    });
    let wire = Wire::answer(200, Some(body)).await;
    let list = client(&wire)
        .list_verify_transactions()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .x_ping_external_transaction_id(EXT_TX)
        .x_ping_external_session_id(EXT_SESSION)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    assert_eq!(list.get("count"), Some(&json!(2)));
    assert_eq!(list.get("size"), Some(&json!(2)));
    let items = list["_embedded"]["verifyTransactions"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], TX_ID);
    assert_eq!(
        items[0]["transactionStatus"]["status"],
        "APPROVED_NO_REQUEST"
    );
    assert_eq!(items[1]["transactionStatus"]["status"], "REQUESTED");
    assert_eq!(wire.hits(), 1);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn create_verify_transaction_posts_without_a_body_and_returns_201() {
    let wire = Wire::answer(201, Some(transaction_json("REQUESTED"))).await;
    let created = client(&wire)
        .create_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .x_ping_external_transaction_id(EXT_TX)
        .x_ping_external_session_id(EXT_SESSION)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.get("id"), Some(&json!(TX_ID)));
    assert_eq!(created["user"]["id"], USER_ID);
    assert_eq!(created["environment"]["id"], ENV_ID);
    assert_eq!(created["transactionStatus"]["status"], "REQUESTED");
    assert_eq!(created["expiresAt"], "2025-03-04T10:45:30.123Z");
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_verify_transaction_sends_the_three_path_ids() {
    let wire = Wire::answer(200, Some(transaction_json("APPROVED_NO_REQUEST"))).await;
    let tx = client(&wire)
        .get_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .x_ping_external_transaction_id(EXT_TX)
        .x_ping_external_session_id(EXT_SESSION)
        .send()
        .await
        .unwrap();
    assert_eq!(tx.status(), 200);
    assert_eq!(tx.get("id"), Some(&json!(TX_ID)));
    assert_eq!(tx["transactionStatus"]["status"], "APPROVED_NO_REQUEST");
    assert_eq!(tx["verificationStatus"]["verificationStatus"], "REQUESTED");
    assert_eq!(tx["createdAt"], "2025-03-04T10:15:30.123Z");
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn update_verify_transaction_puts_the_json_object() {
    let mut answer = transaction_json("APPROVED_MANUALLY");
    answer["updatedAt"] = json!("2025-03-04T11:00:00.000Z");
    let wire = Wire::answer(200, Some(answer)).await;
    let body: serde_json::Map<String, serde_json::Value> = serde_json::from_value(json!({
        "transactionStatus": { "status": "APPROVED_MANUALLY" },
        "verificationStatus": { "verificationStatus": "SUCCESS" },
        "reason": "Documents checked at the branch desk",
        "reviewer": { "id": "5d1a3c7e-0b2f-4e6a-8c9d-1f3e5a7b9c0d" },
        "retries": 0
    }))
    .unwrap();
    let updated = client(&wire)
        .update_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .x_ping_external_transaction_id(EXT_TX)
        .x_ping_external_session_id(EXT_SESSION)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.get("id"), Some(&json!(TX_ID)));
    assert_eq!(updated["transactionStatus"]["status"], "APPROVED_MANUALLY");
    assert_eq!(updated["updatedAt"], "2025-03-04T11:00:00.000Z");
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_verify_transaction_answers_204_without_a_body() {
    let wire = Wire::answer(204, None).await;
    let deleted = client(&wire)
        .delete_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .x_ping_external_transaction_id(EXT_TX)
        .x_ping_external_session_id(EXT_SESSION)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let (): () = deleted.into_inner();
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn unset_external_ids_are_absent_on_the_wire() {
    let wire = Wire::answer(200, Some(transaction_json("REQUESTED"))).await;
    let tx = client(&wire)
        .get_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(tx.status(), 200);
    assert_eq!(tx["id"], TX_ID);
    let sent = wire.last_request();
    assert!(!sent.contains("x-ping-external-transaction-id"), "{sent}");
    assert!(!sent.contains("x-ping-external-session-id"), "{sent}");
    insta::assert_snapshot!(sent);
}

/// `maxLength: 100` on both headers: the typed header values refuse 101 characters, so the
/// builder fails with `ErrorKind::InvalidRequest` and nothing reaches the server.
#[tokio::test]
async fn external_transaction_id_over_100_characters_is_refused_before_sending() {
    let wire = Wire::answer(200, Some(transaction_json("REQUESTED"))).await;
    let long = "t".repeat(101);
    let err = client(&wire)
        .list_verify_transactions()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .x_ping_external_transaction_id(long.as_str())
        .x_ping_external_session_id(EXT_SESSION)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.operation(), "list_verify_transactions");
    match err.into_kind() {
        ErrorKind::InvalidRequest(invalid) => {
            assert_eq!(
                invalid.refused,
                userapi::pingone::Refused::Parameter("x_ping_external_transaction_id")
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(wire.hits(), 0);
}

#[tokio::test]
async fn external_session_id_over_100_characters_is_refused_before_sending() {
    let wire = Wire::answer(204, None).await;
    let long = "s".repeat(101);
    let err = client(&wire)
        .delete_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .x_ping_external_transaction_id(EXT_TX)
        .x_ping_external_session_id(long)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.operation(), "delete_verify_transaction");
    match err.into_kind() {
        ErrorKind::InvalidRequest(invalid) => assert_eq!(
            invalid.refused,
            userapi::pingone::Refused::Parameter("x_ping_external_session_id")
        ),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(wire.hits(), 0);
}

/// Every operation's builder applies the limit (each has its own header types).
#[tokio::test]
async fn every_operation_refuses_an_overlong_external_id() {
    let wire = Wire::answer(200, Some(json!({}))).await;
    let pingone = client(&wire);
    let long = "x".repeat(101);
    let results = [
        pingone
            .list_verify_transactions()
            .environment_id(ENV_ID)
            .user_id(USER_ID)
            .x_ping_external_session_id(long.as_str())
            .send()
            .await
            .map(|_| ()),
        pingone
            .create_verify_transaction()
            .environment_id(ENV_ID)
            .user_id(USER_ID)
            .x_ping_external_transaction_id(long.as_str())
            .send()
            .await
            .map(|_| ()),
        pingone
            .get_verify_transaction()
            .environment_id(ENV_ID)
            .user_id(USER_ID)
            .transaction_id(TX_ID)
            .x_ping_external_session_id(long.as_str())
            .send()
            .await
            .map(|_| ()),
        pingone
            .update_verify_transaction()
            .environment_id(ENV_ID)
            .user_id(USER_ID)
            .transaction_id(TX_ID)
            .x_ping_external_transaction_id(long.as_str())
            .body(serde_json::Map::new())
            .send()
            .await
            .map(|_| ()),
        pingone
            .delete_verify_transaction()
            .environment_id(ENV_ID)
            .user_id(USER_ID)
            .transaction_id(TX_ID)
            .x_ping_external_session_id(long.as_str())
            .send()
            .await
            .map(|_| ()),
    ];
    for (i, result) in results.into_iter().enumerate() {
        assert!(
            matches!(
                result.as_ref().map_err(|e| e.kind()),
                Err(ErrorKind::InvalidRequest(_))
            ),
            "operation #{i}: {result:?}"
        );
    }
    assert_eq!(wire.hits(), 0);
}

/// The limit is inclusive: values of exactly 100 characters are sent as given.
#[tokio::test]
async fn external_ids_of_exactly_100_characters_are_sent() {
    let wire = Wire::answer(200, Some(transaction_json("REQUESTED"))).await;
    let tx_id = "a".repeat(100);
    let session_id = "0123456789".repeat(10);
    let tx = client(&wire)
        .get_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .x_ping_external_transaction_id(tx_id.as_str())
        .x_ping_external_session_id(session_id.as_str())
        .send()
        .await
        .unwrap();
    assert_eq!(tx.status(), 200);
    assert_eq!(wire.hits(), 1);
    let sent = wire.last_request();
    assert!(
        sent.contains(&format!("x-ping-external-transaction-id: {tx_id}\n")),
        "{sent}"
    );
    assert!(
        sent.contains(&format!("x-ping-external-session-id: {session_id}\n")),
        "{sent}"
    );
}

/// A header value with a line break cannot be sent; the client refuses it before sending.
#[tokio::test]
async fn external_id_with_a_line_break_is_refused_before_sending() {
    let wire = Wire::answer(200, Some(transaction_json("REQUESTED"))).await;
    let err = client(&wire)
        .get_verify_transaction()
        .environment_id(ENV_ID)
        .user_id(USER_ID)
        .transaction_id(TX_ID)
        .x_ping_external_session_id("abc\r\nX-Injected: 1")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::InvalidRequest(_)),
        "{err:?}"
    );
    assert_eq!(wire.hits(), 0);
}
