//! A server newer than the spec: unknown enum values and unknown fields still decode.

use crate::support::Wire;
use serde_json::json;
use userapi::kratos::{Client, types};

#[tokio::test]
async fn unknown_enum_values_are_kept_and_known_ones_stay_typed() {
    let body = json!({
        "id": "9f425a8d-7efc-4768-8f23-7647a74fdf13",
        "schema_id": "default",
        "schema_url": "http://localhost/schemas/default",
        "state": "suspended",
        "traits": { "email": "ada@example.com" },
        "credentials": {
            "smartcard": { "type": "smartcard", "identifiers": ["ada@example.com"] },
            "password": { "type": "password", "identifiers": ["ada@example.com"] }
        },
        "a_field_from_the_future": { "nested": [1, 2, 3] }
    });
    let wire = Wire::answer(200, Some(body)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let identity = kratos
        .get_identity()
        .id("9f425a8d-7efc-4768-8f23-7647a74fdf13")
        .send()
        .await
        .unwrap()
        .into_inner();

    let state = identity.state.clone().unwrap();
    assert_eq!(state, types::IdentityState::from("suspended"));
    assert!(state.is_unknown());
    let passkey = &identity.credentials["smartcard"];
    assert_eq!(
        passkey.type_,
        Some(types::IdentityCredentialsType::from("smartcard"))
    );
    let password = &identity.credentials["password"];
    assert_eq!(
        password.type_,
        Some(types::IdentityCredentialsType::Password)
    );

    // Serialising gives the server's strings back, unknown ones included.
    let again = serde_json::to_value(&identity).unwrap();
    assert_eq!(again["state"], "suspended");
    assert_eq!(again["credentials"]["smartcard"]["type"], "smartcard");
    assert_eq!(again["credentials"]["password"]["type"], "password");
}

#[test]
fn open_enums_parse_and_print_their_wire_strings() {
    for known in types::IdentityState::KNOWN {
        let parsed: types::IdentityState = known.parse().unwrap();
        assert!(!parsed.is_unknown());
        assert_eq!(parsed.to_string(), *known);
    }
    assert_eq!(
        types::IdentityState::from("active"),
        types::IdentityState::Active
    );
}
