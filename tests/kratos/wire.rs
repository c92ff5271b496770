//! Ory Kratos on the wire: every operation's request as sent (insta snapshot) and its canned
//! answer decoded into typed values.

use crate::support::Wire;
use chrono::{DateTime, Utc};
use serde_json::json;
use userapi::kratos::{Client, types};
use userapi_tests::build;
use uuid::Uuid;

const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";
const SESSION_ID: &str = "5d2f0c1e-8a4b-4f3e-9c6d-1b2a3c4d5e6f";
const DEVICE_ID: &str = "0b7e2c84-3f5a-4d1b-8e9c-6a7b8c9d0e1f";
const ADDRESS_ID: &str = "6c1a9e2b-4d3f-4a5b-9c8d-7e6f5a4b3c2d";
const PATCH_ID_1: &str = "1e4f6a8b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
const PATCH_ID_2: &str = "2f5a7b9c-3d4e-4f6a-9b0c-1d2e3f4a5b6c";
const SECOND_ID: &str = "3a6b8c0d-4e5f-4a7b-8c1d-2e3f4a5b6c7d";

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

fn ts(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn uuid(text: &str) -> Uuid {
    text.parse().unwrap()
}

fn object(value: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_value(value).unwrap()
}

/// An identity as Kratos returns it from the admin API, with every field filled.
fn full_identity_json() -> serde_json::Value {
    json!({
        "id": ID,
        "schema_id": "customer",
        "schema_url": "https://auth.example.com/schemas/Y3VzdG9tZXI",
        "state": "active",
        "state_changed_at": "2024-01-02T03:04:05Z",
        "traits": {
            "email": "ada@example.com",
            "name": { "first": "Ada", "last": "Lovelace" }
        },
        "verifiable_addresses": [{
            "id": ADDRESS_ID,
            "value": "ada@example.com",
            "verified": true,
            "via": "email",
            "status": "completed",
            "verified_at": "2024-01-02T03:10:00Z",
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2024-01-02T03:10:00Z"
        }],
        "recovery_addresses": [{
            "id": ADDRESS_ID,
            "value": "ada@example.com",
            "via": "email",
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2024-01-02T03:04:05Z"
        }],
        "credentials": {
            "password": {
                "type": "password",
                "identifiers": ["ada@example.com"],
                "version": 0,
                "config": {},
                "created_at": "2024-01-02T03:04:05Z",
                "updated_at": "2024-01-02T03:04:05Z"
            },
            "totp": {
                "type": "totp",
                "identifiers": ["9f425a8d-7efc-4768-8f23-7647a74fdf13"],
                "version": 0,
                "created_at": "2024-02-03T04:05:06Z",
                "updated_at": "2024-02-03T04:05:06Z"
            }
        },
        "metadata_public": { "plan": "pro" },
        "metadata_admin": { "crm_id": "C-1042" },
        "created_at": "2024-01-02T03:04:05Z",
        "updated_at": "2024-03-04T05:06:07Z"
    })
}

/// A session as Kratos returns it, with its identity and devices expanded.
fn session_json() -> serde_json::Value {
    json!({
        "id": SESSION_ID,
        "active": true,
        "authenticated_at": "2024-05-06T07:08:09Z",
        "issued_at": "2024-05-06T07:08:09Z",
        "expires_at": "2024-05-07T07:08:09Z",
        "authenticator_assurance_level": "aal2",
        "authentication_methods": [
            { "method": "password", "aal": "aal1", "completed_at": "2024-05-06T07:08:01Z" },
            { "method": "totp", "aal": "aal2", "completed_at": "2024-05-06T07:08:09Z" }
        ],
        "devices": [{
            "id": DEVICE_ID,
            "ip_address": "203.0.113.7",
            "location": "Berlin, DE",
            "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"
        }],
        "identity": full_identity_json()
    })
}

fn password_config() -> types::IdentityWithCredentialsPasswordConfig {
    build(
        types::IdentityWithCredentialsPasswordConfig::builder()
            .hashed_password(
                "$2a$10$ZsCsoVQ3xfBG/K2z2XpBf.tm90GZmtOqtqWcB5.pYd5Eq8y7RlDyq".to_string(),
            )
            .password("correct horse battery staple".to_string()),
    )
}

fn provider(name: &str, subject: &str) -> types::IdentityWithCredentialsOidcConfigProvider {
    build(
        types::IdentityWithCredentialsOidcConfigProvider::builder()
            .provider(name)
            .subject(subject),
    )
}

fn import_credentials() -> types::IdentityWithCredentials {
    let oidc_config: types::IdentityWithCredentialsOidcConfig = build(
        types::IdentityWithCredentialsOidcConfig::builder()
            .config(password_config())
            .providers(vec![
                provider("github", "583231"),
                provider("google", "108843210987654321098"),
            ]),
    );
    let oidc: types::IdentityWithCredentialsOidc =
        build(types::IdentityWithCredentialsOidc::builder().config(oidc_config));
    let password: types::IdentityWithCredentialsPassword =
        build(types::IdentityWithCredentialsPassword::builder().config(password_config()));
    build(
        types::IdentityWithCredentials::builder()
            .oidc(oidc)
            .password(password),
    )
}

fn create_body(email: &str) -> types::CreateIdentityBody {
    let recovery: types::RecoveryIdentityAddress = build(
        types::RecoveryIdentityAddress::builder()
            .created_at(ts("2024-01-02T03:04:05Z"))
            .id(uuid(ADDRESS_ID))
            .updated_at(ts("2024-01-02T03:04:05Z"))
            .value(email)
            .via(types::RecoveryAddressType::from("email".to_string())),
    );
    let verifiable: types::VerifiableIdentityAddress = build(
        types::VerifiableIdentityAddress::builder()
            .created_at(ts("2024-01-02T03:04:05Z"))
            .id(uuid(ADDRESS_ID))
            .status(types::IdentityVerifiableAddressStatus::from(
                "completed".to_string(),
            ))
            .updated_at(ts("2024-01-02T03:10:00Z"))
            .value(email)
            .verified(true)
            .verified_at(types::NullTime::from(ts("2024-01-02T03:10:00Z")))
            .via(types::IdentityVerifiableAddressType::from(
                "email".to_string(),
            )),
    );
    build(
        types::CreateIdentityBody::builder()
            .credentials(import_credentials())
            .metadata_admin(json!({ "crm_id": "C-1042" }))
            .metadata_public(json!({ "plan": "pro" }))
            .recovery_addresses(vec![recovery])
            .schema_id("customer")
            .state(types::IdentityState::Active)
            .traits(object(json!({
                "email": email,
                "name": { "first": "Ada", "last": "Lovelace" }
            })))
            .verifiable_addresses(vec![verifiable]),
    )
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
    assert_eq!(identity.status(), 200);
    assert_eq!(identity.schema_id, "default");
    assert_eq!(identity.id.to_string(), ID);
    assert_eq!(identity.created_at, Some(ts("2024-01-02T03:04:05Z")));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn create_identity_posts_the_full_body_and_decodes_201() {
    let wire = Wire::answer(201, Some(full_identity_json())).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let created = kratos
        .create_identity()
        .body(create_body("ada@example.com"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.id, uuid(ID));
    assert_eq!(created.schema_id, "customer");
    assert_eq!(
        created.schema_url,
        "https://auth.example.com/schemas/Y3VzdG9tZXI"
    );
    assert_eq!(created.state, Some(types::IdentityState::Active));
    assert_eq!(
        created.state_changed_at,
        Some(types::NullTime::from(ts("2024-01-02T03:04:05Z")))
    );
    assert_eq!(created.traits.0["name"]["last"], "Lovelace");
    assert_eq!(created.created_at, Some(ts("2024-01-02T03:04:05Z")));
    assert_eq!(created.updated_at, Some(ts("2024-03-04T05:06:07Z")));
    assert_eq!(created.metadata_public.as_ref().unwrap().0["plan"], "pro");
    assert_eq!(
        created.metadata_admin.as_ref().unwrap().0["crm_id"],
        "C-1042"
    );
    let verifiable = &created.verifiable_addresses[0];
    assert_eq!(verifiable.id, Some(uuid(ADDRESS_ID)));
    assert!(verifiable.verified);
    assert_eq!(verifiable.status.0, "completed");
    assert_eq!(verifiable.via.0, "email");
    assert_eq!(
        verifiable.verified_at,
        Some(types::NullTime::from(ts("2024-01-02T03:10:00Z")))
    );
    let recovery = &created.recovery_addresses[0];
    assert_eq!(recovery.id, uuid(ADDRESS_ID));
    assert_eq!(recovery.value, "ada@example.com");
    assert_eq!(recovery.via.0, "email");
    let password = &created.credentials["password"];
    assert_eq!(
        password.type_,
        Some(types::IdentityCredentialsType::Password)
    );
    assert_eq!(password.identifiers, vec!["ada@example.com".to_string()]);
    assert_eq!(password.version, Some(0));
    assert!(password.config.as_ref().unwrap().is_empty());
    assert_eq!(
        created.credentials["totp"].created_at,
        Some(ts("2024-02-03T04:05:06Z"))
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn batch_patch_identities_sends_two_creates_and_decodes_the_outcomes() {
    let answer = json!({
        "identities": [
            { "action": "create", "identity": ID, "patch_id": PATCH_ID_1 },
            { "action": "create", "identity": SECOND_ID, "patch_id": PATCH_ID_2 }
        ]
    });
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let grace: types::CreateIdentityBody = build(
        types::CreateIdentityBody::builder()
            .schema_id("customer")
            .state(types::IdentityState::Inactive)
            .traits(object(json!({ "email": "grace@example.com" }))),
    );
    let patches: Vec<types::IdentityPatch> = vec![
        build(
            types::IdentityPatch::builder()
                .create(create_body("ada@example.com"))
                .patch_id(uuid(PATCH_ID_1)),
        ),
        build(
            types::IdentityPatch::builder()
                .create(grace)
                .patch_id(uuid(PATCH_ID_2)),
        ),
    ];
    let body = types::PatchIdentitiesBody::builder().identities(patches);
    let outcome = kratos
        .batch_patch_identities()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(outcome.status(), 200);
    assert_eq!(outcome.identities.len(), 2);
    assert_eq!(
        outcome.identities[0].action,
        Some(types::IdentityPatchResponseAction::Create)
    );
    assert_eq!(outcome.identities[0].identity, Some(uuid(ID)));
    assert_eq!(outcome.identities[0].patch_id, Some(uuid(PATCH_ID_1)));
    assert_eq!(outcome.identities[1].identity, Some(uuid(SECOND_ID)));
    assert_eq!(outcome.identities[1].patch_id, Some(uuid(PATCH_ID_2)));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn update_identity_puts_the_full_body_and_decodes_the_identity() {
    let mut answer = full_identity_json();
    answer["state"] = json!("inactive");
    answer["traits"]["email"] = json!("ada.lovelace@example.com");
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let body = types::UpdateIdentityBody::builder()
        .credentials(import_credentials())
        .metadata_admin(json!({ "crm_id": "C-1042", "tier": 2 }))
        .metadata_public(json!({ "plan": "enterprise" }))
        .schema_id("customer")
        .state(types::IdentityState::Inactive)
        .traits(object(json!({
            "email": "ada.lovelace@example.com",
            "name": { "first": "Ada", "last": "Lovelace" }
        })));
    let updated = kratos
        .update_identity()
        .id(ID)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);
    assert_eq!(updated.id, uuid(ID));
    assert_eq!(updated.state, Some(types::IdentityState::Inactive));
    assert_eq!(updated.traits.0["email"], "ada.lovelace@example.com");
    assert_eq!(updated.updated_at, Some(ts("2024-03-04T05:06:07Z")));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_identity_sends_no_body_and_accepts_204() {
    let wire = Wire::answer(204, None).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let deleted = kratos.delete_identity().id(ID).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn patch_identity_sends_a_json_patch_array() {
    let mut answer = full_identity_json();
    answer["state"] = json!("inactive");
    answer["metadata_public"] = json!({ "plan": "enterprise" });
    answer["traits"]["nickname"] = json!("Countess");
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let patch: Vec<types::JsonPatch> = vec![
        build(
            types::JsonPatch::builder()
                .op(types::JsonPatchOp::Test)
                .path("/schema_id")
                .value(json!("customer")),
        ),
        build(
            types::JsonPatch::builder()
                .op(types::JsonPatchOp::Replace)
                .path("/state")
                .value(json!("inactive")),
        ),
        build(
            types::JsonPatch::builder()
                .op(types::JsonPatchOp::Add)
                .path("/traits/nickname")
                .value(json!("Countess")),
        ),
        build(
            types::JsonPatch::builder()
                .op(types::JsonPatchOp::Copy)
                .path("/metadata_admin/previous_plan")
                .from("/metadata_public/plan".to_string()),
        ),
        build(
            types::JsonPatch::builder()
                .op(types::JsonPatchOp::Move)
                .path("/metadata_admin/crm")
                .from("/metadata_admin/crm_id".to_string()),
        ),
        build(
            types::JsonPatch::builder()
                .op(types::JsonPatchOp::Remove)
                .path("/metadata_public/plan"),
        ),
    ];
    let patch = types::JsonPatchDocument::from(patch);
    let patched = kratos
        .patch_identity()
        .id(ID)
        .body(patch)
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    assert_eq!(patched.id, uuid(ID));
    assert_eq!(patched.state, Some(types::IdentityState::Inactive));
    assert_eq!(patched.traits.0["nickname"], "Countess");
    assert_eq!(
        patched.metadata_public.as_ref().unwrap().0["plan"],
        "enterprise"
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_identity_credentials_puts_the_type_in_the_path() {
    let mut answer = full_identity_json();
    answer["credentials"]
        .as_object_mut()
        .unwrap()
        .remove("totp");
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let identity = kratos
        .delete_identity_credentials()
        .id(ID)
        .type_(types::DeleteIdentityCredentialsType::Totp)
        .send()
        .await
        .unwrap();
    assert_eq!(identity.status(), 200);
    let identity = identity.into_inner().unwrap();
    assert_eq!(identity.id, uuid(ID));
    assert!(!identity.credentials.contains_key("totp"));
    assert_eq!(
        identity.credentials["password"].type_,
        Some(types::IdentityCredentialsType::Password)
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn list_identity_sessions_sends_active_and_paging() {
    let wire = Wire::answer(200, Some(json!([session_json()]))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let sessions = kratos
        .list_identity_sessions()
        .id(ID)
        .active(true)
        .page(3)
        .per_page(25)
        .send()
        .await
        .unwrap();
    assert_eq!(sessions.status(), 200);
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(session.id, uuid(SESSION_ID));
    assert_eq!(session.active, Some(true));
    assert_eq!(
        session.authenticator_assurance_level,
        Some(types::AuthenticatorAssuranceLevel::Aal2)
    );
    assert_eq!(session.identity.as_ref().unwrap().id, uuid(ID));
    assert_eq!(session.expires_at, Some(ts("2024-05-07T07:08:09Z")));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_identity_sessions_sends_no_body_and_accepts_204() {
    let wire = Wire::answer(204, None).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let deleted = kratos
        .delete_identity_sessions()
        .id(ID)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn create_recovery_code_posts_identity_and_lifetime() {
    let answer = json!({
        "recovery_code": "76453943",
        "recovery_link": "https://auth.example.com/self-service/recovery?flow=7f0f0d6e-4a1b-4c2d-8e3f-9a0b1c2d3e4f",
        "expires_at": "2024-05-06T08:38:09Z"
    });
    let wire = Wire::answer(201, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let body = types::CreateRecoveryCodeForIdentityBody::builder()
        .expires_in(types::CreateRecoveryCodeForIdentityBodyExpiresIn::try_from("1h30m").unwrap())
        .identity_id(uuid(ID));
    let code = kratos
        .create_recovery_code_for_identity()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(code.status(), 201);
    assert_eq!(code.recovery_code, "76453943");
    assert_eq!(
        code.recovery_link,
        "https://auth.example.com/self-service/recovery?flow=7f0f0d6e-4a1b-4c2d-8e3f-9a0b1c2d3e4f"
    );
    assert_eq!(code.expires_at, Some(ts("2024-05-06T08:38:09Z")));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn create_recovery_link_posts_identity_and_lifetime() {
    let answer = json!({
        "recovery_link": "https://auth.example.com/self-service/recovery?flow=8a1b2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d&token=tBmCRVFgg3ivUIoJGDsnXwB6UDeMeU2F",
        "expires_at": "2024-05-06T19:08:09Z"
    });
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let body = types::CreateRecoveryLinkForIdentityBody::builder()
        .expires_in(types::CreateRecoveryLinkForIdentityBodyExpiresIn::try_from("12h").unwrap())
        .identity_id(uuid(ID));
    let link = kratos
        .create_recovery_link_for_identity()
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(link.status(), 200);
    assert!(
        link.recovery_link
            .ends_with("&token=tBmCRVFgg3ivUIoJGDsnXwB6UDeMeU2F")
    );
    assert_eq!(link.expires_at, Some(ts("2024-05-06T19:08:09Z")));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn list_sessions_repeats_expand_and_sends_the_page_token() {
    let wire = Wire::answer(200, Some(json!([session_json()]))).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let sessions = kratos
        .list_sessions()
        .active(false)
        .expand(vec!["identity".to_string(), "devices".to_string()])
        .page_size(100)
        .page_token("eyJvZmZzZXQiOiIxMDAifQ==")
        .send()
        .await
        .unwrap();
    assert_eq!(sessions.status(), 200);
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(session.id, uuid(SESSION_ID));
    let methods = session.authentication_methods.as_ref().unwrap();
    assert_eq!(methods.len(), 2);
    assert_eq!(
        methods[0].method,
        Some(types::SessionAuthenticationMethodMethod::Password)
    );
    assert_eq!(
        methods[0].aal,
        Some(types::AuthenticatorAssuranceLevel::Aal1)
    );
    assert_eq!(
        methods[1].method,
        Some(types::SessionAuthenticationMethodMethod::Totp)
    );
    assert_eq!(methods[1].completed_at, Some(ts("2024-05-06T07:08:09Z")));
    assert_eq!(
        session.devices[0].ip_address.as_deref(),
        Some("203.0.113.7")
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_session_repeats_expand_and_decodes_devices() {
    let wire = Wire::answer(200, Some(session_json())).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let session = kratos
        .get_session()
        .id(SESSION_ID)
        .expand(vec!["identity".to_string(), "devices".to_string()])
        .send()
        .await
        .unwrap();
    assert_eq!(session.status(), 200);
    assert_eq!(session.id, uuid(SESSION_ID));
    assert_eq!(session.authenticated_at, Some(ts("2024-05-06T07:08:09Z")));
    assert_eq!(session.issued_at, Some(ts("2024-05-06T07:08:09Z")));
    let device = &session.devices[0];
    assert_eq!(device.id, uuid(DEVICE_ID));
    assert_eq!(device.location.as_deref(), Some("Berlin, DE"));
    assert_eq!(
        device.user_agent.as_deref(),
        Some("Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0")
    );
    assert_eq!(
        session.identity.as_ref().unwrap().traits.0["email"],
        "ada@example.com"
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn disable_session_sends_no_body_and_accepts_204() {
    let wire = Wire::answer(204, None).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let disabled = kratos
        .disable_session()
        .id(SESSION_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(disabled.status(), 204);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn extend_session_patches_without_a_body_and_decodes_the_session() {
    let mut answer = session_json();
    answer["expires_at"] = json!("2024-05-08T07:08:09Z");
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let session = kratos.extend_session().id(SESSION_ID).send().await.unwrap();
    assert_eq!(session.status(), 200);
    let session = session.into_inner().unwrap();
    assert_eq!(session.id, uuid(SESSION_ID));
    assert_eq!(session.expires_at, Some(ts("2024-05-08T07:08:09Z")));
    assert_eq!(session.active, Some(true));
    insta::assert_snapshot!(wire.last_request());
}

fn customer_schema_json() -> serde_json::Value {
    json!({
        "$id": "https://auth.example.com/schemas/customer.schema.json",
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Customer",
        "type": "object",
        "properties": {
            "traits": {
                "type": "object",
                "properties": {
                    "email": {
                        "type": "string",
                        "format": "email",
                        "ory.sh/kratos": {
                            "credentials": { "password": { "identifier": true } },
                            "recovery": { "via": "email" },
                            "verification": { "via": "email" }
                        }
                    }
                },
                "required": ["email"]
            }
        }
    })
}

#[tokio::test]
async fn list_identity_schemas_sends_paging_and_decodes_the_containers() {
    let answer = json!([
        { "id": "customer", "schema": customer_schema_json() },
        { "id": "employee", "schema": { "title": "Employee", "type": "object" } }
    ]);
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let schemas = kratos
        .list_identity_schemas()
        .page(2)
        .per_page(10)
        .send()
        .await
        .unwrap();
    assert_eq!(schemas.status(), 200);
    assert_eq!(schemas.len(), 2);
    assert_eq!(schemas[0].id.as_deref(), Some("customer"));
    assert_eq!(schemas[0].schema["title"], "Customer");
    assert_eq!(schemas[1].id.as_deref(), Some("employee"));
    assert_eq!(schemas[1].schema["type"], "object");
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_identity_schema_decodes_the_raw_json_schema() {
    let wire = Wire::answer(200, Some(customer_schema_json())).await;
    let kratos = Client::with_api_key(&wire.base_url(), "test-key");
    let schema = kratos
        .get_identity_schema()
        .id("customer")
        .send()
        .await
        .unwrap();
    assert_eq!(schema.status(), 200);
    assert_eq!(schema["title"], "Customer");
    assert_eq!(
        schema["$id"],
        "https://auth.example.com/schemas/customer.schema.json"
    );
    assert_eq!(schema["properties"]["traits"]["required"], json!(["email"]));
    insta::assert_snapshot!(wire.last_request());
}
