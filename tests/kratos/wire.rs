//! Ory Kratos on the wire: every operation's request as sent (insta snapshot) and its canned
//! answer decoded into typed values.

use serde_json::json;
use crate::support::Wire;
use userapi::kratos::{Client, types};

const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";

fn identity_json() -> serde_json::Value {
    json!({
        "id": ID,
        "schema_id": "default",
        "schema_url": "http://localhost/schemas/default",
        "state": "active",
        "traits": { "email": "ada@example.com" },
        "created_at": "2024-01-02T03:04:05Z"
    })
}

#[tokio::test]
async fn list_identities_sends_paging_and_decodes_the_array() {
    let wire = Wire::answer(200, Some(json!([identity_json()]))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let page = kratos
        .list_identities()
        .per_page(50)
        .page(2)
        .credentials_identifier("ada@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].id.to_string(), ID);
    assert_eq!(page[0].state, Some(types::IdentityState::Active));
    assert_eq!(page[0].traits.0["email"], "ada@example.com");
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_identity_repeats_include_credential() {
    let wire = Wire::answer(200, Some(identity_json())).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let identity = kratos
        .get_identity()
        .id(ID)
        .include_credential(vec!["password".to_string(), "oidc".to_string()])
        .send()
        .await
        .unwrap();
    assert_eq!(identity.schema_id, "default");
    insta::assert_snapshot!(wire.last_request());
}
