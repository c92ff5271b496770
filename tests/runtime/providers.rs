//! No provider bypasses the runtime: through each client, a 503 is retried and the 200 that
//! follows is decoded, with that provider's kind of credentials on both attempts.

use crate::harness::*;
use serde_json::{Value, json};
use userapi::runtime::{Credentials, Runtime, RuntimeBuilder};

/// A 503, then `ok`.
async fn flaky(ok: Value) -> Scripted {
    Scripted::sequence(vec![text(503, "service unavailable"), json(200, ok)]).await
}

fn runtime(builder: RuntimeBuilder, credentials: Credentials, sleep: &RecordingSleep) -> Runtime {
    builder
        .credentials(credentials)
        .sleep(sleep.clone())
        .build()
}

/// Two attempts, one recorded wait, the same credentials on both, one span with `attempts=2`.
fn assert_retried_once(
    api: &Scripted,
    sleep: &RecordingSleep,
    logs: &Logs,
    provider: &str,
    authorization: &str,
) {
    assert_eq!(api.hits(), 2, "{provider}");
    assert_eq!(sleep.waits().len(), 1, "{provider}");
    let expected = Some(authorization.to_string());
    assert_eq!(
        api.authorizations(),
        vec![expected.clone(), expected],
        "{provider}"
    );
    let spans = logs.call_spans();
    assert_eq!(spans.len(), 1, "{}", logs.text());
    assert!(
        spans[0].contains(&format!("userapi.provider=\"{provider}\"")),
        "{}",
        spans[0]
    );
    assert_eq!(
        field(&spans[0], "userapi.attempts"),
        Some("2"),
        "{}",
        spans[0]
    );
    assert_eq!(
        field(&spans[0], "http.response.status_code"),
        Some("200"),
        "{}",
        spans[0]
    );
}

#[tokio::test]
async fn pingone_retries_through_the_runtime() {
    use userapi::pingone::Client;
    let (logs, _guard) = capture();
    let api = flaky(json!({ "count": 0, "size": 0 })).await;
    let sleep = RecordingSleep::default();
    let client = Client::with_runtime(
        &api.base_url(),
        runtime(
            Client::runtime_builder(),
            Credentials::bearer(BEARER),
            &sleep,
        ),
    );

    let list = client
        .list_verify_transactions()
        .environment_id("abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6")
        .user_id("03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a")
        .send()
        .await
        .unwrap();

    assert_eq!(list.status(), 200);
    assert_eq!(list.get("count"), Some(&json!(0)));
    assert_retried_once(&api, &sleep, &logs, "pingone", &format!("Bearer {BEARER}"));
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn kratos_retries_through_the_runtime() {
    use userapi::kratos::Client;
    let (logs, _guard) = capture();
    let api = flaky(json!([])).await;
    let sleep = RecordingSleep::default();
    let key = Credentials::header(reqwest::header::AUTHORIZATION, format!("Bearer {API_KEY}"));
    let client = Client::with_runtime(
        &api.base_url(),
        runtime(Client::runtime_builder(), key, &sleep),
    );

    let list = client.list_identities().send().await.unwrap();

    assert_eq!(list.status(), 200);
    assert!(list.is_empty());
    assert_retried_once(&api, &sleep, &logs, "kratos", &format!("Bearer {API_KEY}"));
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn purecloud_retries_through_the_runtime() {
    use userapi::purecloud::Client;
    let (logs, _guard) = capture();
    let api = flaky(json!({ "name": "Ada Lovelace", "version": 1 })).await;
    let sleep = RecordingSleep::default();
    let client = Client::with_runtime(
        &api.base_url(),
        runtime(
            Client::runtime_builder(),
            Credentials::bearer(BEARER),
            &sleep,
        ),
    );

    let me = client.get_me().send().await.unwrap();

    assert_eq!(me.status(), 200);
    assert_eq!(me.name.as_deref(), Some("Ada Lovelace"));
    assert_retried_once(
        &api,
        &sleep,
        &logs,
        "purecloud",
        &format!("Bearer {BEARER}"),
    );
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn sendauth_retries_through_the_runtime() {
    use userapi::sendauth::Client;
    let (logs, _guard) = capture();
    let api = flaky(json!({ "rows": [], "total": 0 })).await;
    let sleep = RecordingSleep::default();
    let client = Client::with_runtime(
        &api.base_url(),
        runtime(
            Client::runtime_builder(),
            Credentials::basic(BASIC_USER, BASIC_PASSWORD),
            &sleep,
        ),
    );

    let page = client.list_users().send().await.unwrap();

    assert_eq!(page.status(), 200);
    assert_eq!(page.total, Some(0));
    assert_retried_once(
        &api,
        &sleep,
        &logs,
        "sendauth",
        &format!("Basic {BASIC_ENCODED}"),
    );
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn circuit_retries_through_the_runtime() {
    use userapi::circuit::Client;
    let (logs, _guard) = capture();
    let api = flaky(json!({ "displayName": "Ada Lovelace" })).await;
    let sleep = RecordingSleep::default();
    let client = Client::with_runtime(
        &api.base_url(),
        runtime(
            Client::runtime_builder(),
            Credentials::bearer(BEARER),
            &sleep,
        ),
    );

    let me = client.get_profile().send().await.unwrap();

    assert_eq!(me.status(), 200);
    assert_eq!(me.display_name.as_deref(), Some("Ada Lovelace"));
    assert_retried_once(&api, &sleep, &logs, "circuit", &format!("Bearer {BEARER}"));
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}
