//! Credentials go where the spec asks for them, and nowhere else.

use crate::support::Wire;
use serde_json::json;
use userapi::kratos::Client;

#[tokio::test]
async fn api_key_is_sent_as_bearer_on_admin_operations() {
    let wire = Wire::answer(200, Some(json!([]))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "ory_pat_secret");
    kratos.list_identities().send().await.unwrap();
    assert!(
        wire.last_request()
            .contains("\nauthorization: Bearer ory_pat_secret\n")
    );
}

#[tokio::test]
async fn operations_marked_security_none_get_no_credentials() {
    // `list_identity_schemas` and `get_identity_schema` are public (`security: []` in the spec).
    let wire = Wire::answer(200, Some(json!([]))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "ory_pat_secret");
    kratos.list_identity_schemas().send().await.unwrap();
    let sent = wire.last_request();
    assert!(!sent.contains("authorization"), "{sent}");
}

#[test]
fn debug_output_hides_the_api_key() {
    let kratos = Client::with_api_key("http://127.0.0.1:9", "ory_pat_secret");
    let shown = format!("{kratos:?}");
    assert!(!shown.contains("ory_pat_secret"), "{shown}");
    assert!(shown.contains("***"), "{shown}");
}
