//! One client for Kratos v0.13.1 and v1.0 to v1.3: every operation against answers shaped as
//! each version family sends them (v0.13, and v1.x with what v1.0 to v1.3 added), and the
//! parameters and body fields of the newer versions on the wire.
//!
//! Each test's comment names the versions whose answers and parameters it stands for.

use crate::support::Wire;
use serde_json::{Value, json};
use userapi::kratos::{Client, types};
use userapi_tests::build;
use uuid::Uuid;

const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";
const ORG_ID: &str = "c0ffee00-1234-4abc-8def-0123456789ab";
const SESSION_ID: &str = "5d2f0c1e-8a4b-4f3e-9c6d-1b2a3c4d5e6f";
const PATCH_ID: &str = "1e4f6a8b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
const FAILED_PATCH_ID: &str = "2f5a7b9c-3d4e-4f6a-9b0c-1d2e3f4a5b6c";

fn uuid(text: &str) -> Uuid {
    text.parse().unwrap()
}

/// The request's query as sorted `(name, value)` pairs (order on the wire is progenitor's).
fn query(wire: &Wire) -> Vec<(String, String)> {
    let line = wire.last_request();
    let first = line.lines().next().unwrap_or_default().to_string();
    let target = first.split(' ').nth(1).unwrap_or_default().to_string();
    let url = reqwest::Url::parse(&format!("http://x{target}")).unwrap();
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

fn path(wire: &Wire) -> String {
    let line = wire.last_request();
    let first = line.lines().next().unwrap_or_default().to_string();
    let target = first.split(' ').nth(1).unwrap_or_default();
    target.split('?').next().unwrap_or_default().to_string()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = list
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

fn sent_body(wire: &Wire) -> Value {
    let text = wire.last_request();
    let body = text.split_once("\n\n").map(|(_, b)| b).unwrap_or_default();
    serde_json::from_str(body).unwrap()
}

/// An identity as v0.13 sends it: the credential types of that release, no organization.
fn v0_13_identity() -> Value {
    json!({
        "id": ID,
        "schema_id": "customer",
        "schema_url": "https://auth.example.com/schemas/Y3VzdG9tZXI",
        "state": "active",
        "state_changed_at": "2024-01-02T03:04:05Z",
        "traits": { "email": "ada@example.com" },
        "verifiable_addresses": [{
            "id": "6c1a9e2b-4d3f-4a5b-9c8d-7e6f5a4b3c2d",
            "value": "ada@example.com",
            "verified": false,
            "via": "email",
            "status": "sent",
            "verified_at": null,
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2024-01-02T03:04:05Z"
        }],
        "recovery_addresses": [{
            "id": "6c1a9e2b-4d3f-4a5b-9c8d-7e6f5a4b3c2d",
            "value": "ada@example.com",
            "via": "email",
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2024-01-02T03:04:05Z"
        }],
        "credentials": {
            "password": { "type": "password", "identifiers": ["ada@example.com"], "version": 0 },
            "lookup_secret": { "type": "lookup_secret", "identifiers": [ID], "version": 0 }
        },
        "metadata_public": null,
        "metadata_admin": null,
        "created_at": "2024-01-02T03:04:05Z",
        "updated_at": "2024-01-02T03:04:05Z"
    })
}

/// An identity as v1.1 to v1.3 send it: `organization_id` (`null` when unset), credential types
/// added since v1.1 (`code`, `passkey`), an SMS address.
fn v1_identity(organization: Option<&str>) -> Value {
    let mut identity = v0_13_identity();
    identity["organization_id"] = json!(organization);
    identity["verifiable_addresses"][0]["via"] = json!("sms");
    identity["verifiable_addresses"][0]["value"] = json!("+4915112345678");
    identity["credentials"]["code"] = json!({
        "type": "code", "identifiers": ["ada@example.com"], "version": 1,
        "config": { "addresses": [{ "channel": "email", "address": "ada@example.com" }] }
    });
    identity["credentials"]["passkey"] = json!({
        "type": "passkey", "identifiers": [ID], "version": 1,
        "config": { "credentials": [], "user_handle": "a2FyYXRl" }
    });
    identity
}

/// A session as v0.13 sends it without `expand=identity`: `identity` is `null`.
fn v0_13_session(identity: Option<Value>) -> Value {
    json!({
        "id": SESSION_ID,
        "active": true,
        "authenticated_at": "2024-05-06T07:08:09Z",
        "issued_at": "2024-05-06T07:08:09Z",
        "expires_at": "2024-05-07T07:08:09Z",
        "authenticator_assurance_level": "aal1",
        "authentication_methods": [
            { "method": "password", "aal": "aal1", "completed_at": "2024-05-06T07:08:09Z" }
        ],
        "devices": [],
        "identity": identity
    })
}

/// A session as v1.x sends it: `identity` left out unless expanded, a `tokenized` JWT,
/// methods with `provider` (v1.0) and `organization` (v1.1), the `code` method (v1.1) and one
/// no spec enum lists (`passkey`, sent from v1.2).
fn v1_session(identity: Option<Value>) -> Value {
    let mut session = v0_13_session(None);
    let obj = session.as_object_mut().unwrap();
    obj.remove("identity");
    if let Some(identity) = identity {
        obj.insert("identity".into(), identity);
    }
    obj.insert("tokenized".into(), json!("eyJhbGciOiJFUzI1NiJ9.e30.c2ln"));
    obj.insert(
        "authentication_methods".into(),
        json!([
            { "method": "oidc", "aal": "aal1", "completed_at": "2024-05-06T07:08:01Z",
              "provider": "github" },
            { "method": "code", "aal": "aal1", "completed_at": "2024-05-06T07:08:05Z",
              "organization": ORG_ID },
            { "method": "passkey", "aal": "aal1", "completed_at": "2024-05-06T07:08:09Z" }
        ]),
    );
    session
}

fn check_v0_13_identity(identity: &types::Identity) {
    assert_eq!(identity.id, uuid(ID));
    assert_eq!(identity.organization_id, None);
    assert_eq!(
        identity.credentials["lookup_secret"].type_,
        Some(types::IdentityCredentialsType::LookupSecret)
    );
    assert_eq!(identity.verifiable_addresses[0].verified_at, None);
    assert_eq!(identity.verifiable_addresses[0].via.0, "email");
    assert_eq!(identity.metadata_public, None);
}

fn check_v1_identity(identity: &types::Identity, organization: Option<&str>) {
    assert_eq!(identity.id, uuid(ID));
    assert_eq!(identity.organization_id, organization.map(uuid));
    assert_eq!(
        identity.credentials["code"].type_,
        Some(types::IdentityCredentialsType::Code)
    );
    assert_eq!(
        identity.credentials["passkey"].type_,
        Some(types::IdentityCredentialsType::Passkey)
    );
    assert_eq!(
        identity.credentials["passkey"].config.as_ref().unwrap()["user_handle"],
        "a2FyYXRl"
    );
    assert_eq!(identity.verifiable_addresses[0].via.0, "sms");
}

fn check_v1_session(session: &types::Session) {
    assert_eq!(session.id, uuid(SESSION_ID));
    assert_eq!(
        session.tokenized.as_deref(),
        Some("eyJhbGciOiJFUzI1NiJ9.e30.c2ln")
    );
    let methods = session.authentication_methods.as_ref().unwrap();
    assert_eq!(
        methods[0].method,
        Some(types::SessionAuthenticationMethodMethod::Oidc)
    );
    assert_eq!(methods[0].provider.as_deref(), Some("github"));
    assert_eq!(
        methods[1].method,
        Some(types::SessionAuthenticationMethodMethod::Code)
    );
    assert_eq!(methods[1].organization.as_deref(), Some(ORG_ID));
    assert_eq!(
        methods[2].method,
        Some(types::SessionAuthenticationMethodMethod::from("passkey"))
    );
}

/// listIdentities: v0.13 pages by number; v1.1+ by token, with the filters added in v1.1
/// (`ids`, `consistency`, similar identifier), v1.2 (`include_credential`) and v1.3.4
/// (`organization_id`).
#[tokio::test]
async fn list_identities_v0_13_by_page_number_and_v1_by_token_with_every_new_filter() {
    let wire = Wire::answer(200, Some(json!([v0_13_identity()]))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let page = kratos
        .list_identities()
        .per_page(100)
        .page(1)
        .credentials_identifier("ada@example.com")
        .send()
        .await
        .unwrap();
    check_v0_13_identity(&page[0]);
    assert_eq!(
        query(&wire),
        pairs(&[
            ("credentials_identifier", "ada@example.com"),
            ("page", "1"),
            ("per_page", "100")
        ])
    );

    let wire = Wire::answer(200, Some(json!([v1_identity(Some(ORG_ID))]))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let page = kratos
        .list_identities()
        .page_size(500)
        .page_token(ID)
        .ids(vec![ID.to_string(), ORG_ID.to_string()])
        .include_credential(vec!["oidc".to_string(), "passkey".to_string()])
        .consistency("eventual")
        .preview_credentials_identifier_similar("ada@")
        .organization_id(ORG_ID)
        .send()
        .await
        .unwrap();
    check_v1_identity(&page[0], Some(ORG_ID));
    assert_eq!(
        query(&wire),
        pairs(&[
            ("consistency", "eventual"),
            ("ids", ID),
            ("ids", ORG_ID),
            ("include_credential", "oidc"),
            ("include_credential", "passkey"),
            ("organization_id", ORG_ID),
            ("page_size", "500"),
            ("page_token", ID),
            ("preview_credentials_identifier_similar", "ada@")
        ])
    );
}

fn create_body(newer: bool) -> types::CreateIdentityBody {
    let password: types::IdentityWithCredentialsPasswordConfig = build(
        types::IdentityWithCredentialsPasswordConfig::builder()
            .password("correct horse battery staple".to_string())
            .use_password_migration_hook(newer.then_some(true)),
    );
    let provider: types::IdentityWithCredentialsOidcConfigProvider = build(
        types::IdentityWithCredentialsOidcConfigProvider::builder()
            .provider("github")
            .subject("583231")
            .use_auto_link(newer.then_some(true)),
    );
    let oidc_config: types::IdentityWithCredentialsOidcConfig =
        build(types::IdentityWithCredentialsOidcConfig::builder().providers(vec![provider]));
    let oidc: types::IdentityWithCredentialsOidc =
        build(types::IdentityWithCredentialsOidc::builder().config(oidc_config));
    let password: types::IdentityWithCredentialsPassword =
        build(types::IdentityWithCredentialsPassword::builder().config(password));
    let credentials: types::IdentityWithCredentials = build(
        types::IdentityWithCredentials::builder()
            .oidc(oidc)
            .password(password),
    );
    build(
        types::CreateIdentityBody::builder()
            .credentials(credentials)
            .organization_id(newer.then(|| uuid(ORG_ID)))
            .schema_id("customer")
            .traits(
                serde_json::from_value::<serde_json::Map<String, Value>>(
                    json!({ "email": "ada@example.com" }),
                )
                .unwrap(),
            ),
    )
}

/// createIdentity: v0.13 (and open-source v1.3.1) reject unknown body fields, so the fields of
/// v1.3 (`use_password_migration_hook`) and Ory Network (`organization_id`, `use_auto_link`)
/// must stay off the wire unless set; set, they go out. Both answers decode.
#[tokio::test]
async fn create_identity_sends_newer_fields_only_when_set_and_decodes_both_families() {
    let wire = Wire::answer(201, Some(v0_13_identity())).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let created = kratos
        .create_identity()
        .body(create_body(false))
        .send()
        .await
        .unwrap();
    check_v0_13_identity(&created);
    assert_eq!(
        sent_body(&wire),
        json!({
            "schema_id": "customer",
            "traits": { "email": "ada@example.com" },
            "credentials": {
                "oidc": { "config": { "providers": [{ "provider": "github", "subject": "583231" }] } },
                "password": { "config": { "password": "correct horse battery staple" } }
            }
        })
    );

    let wire = Wire::answer(201, Some(v1_identity(Some(ORG_ID)))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let created = kratos
        .create_identity()
        .body(create_body(true))
        .send()
        .await
        .unwrap();
    check_v1_identity(&created, Some(ORG_ID));
    let sent = sent_body(&wire);
    assert_eq!(sent["organization_id"], ORG_ID);
    assert_eq!(
        sent["credentials"]["password"]["config"]["use_password_migration_hook"],
        true
    );
    assert_eq!(
        sent["credentials"]["oidc"]["config"]["providers"][0]["use_auto_link"],
        true
    );
}

/// batchPatchIdentities: v0.13 to v1.2 report created entries only; v1.3 reports a failed
/// entry with `action: error`, its `error` object and no `identity`.
#[tokio::test]
async fn batch_patch_identities_decodes_created_entries_and_v1_3_error_entries() {
    let patch: types::IdentityPatch = build(
        types::IdentityPatch::builder()
            .create(create_body(false))
            .patch_id(uuid(PATCH_ID)),
    );
    let body: types::PatchIdentitiesBody =
        build(types::PatchIdentitiesBody::builder().identities(vec![patch]));
    let v0_13 =
        json!({ "identities": [{ "action": "create", "identity": ID, "patch_id": PATCH_ID }] });
    let wire = Wire::answer(200, Some(v0_13)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let outcome = kratos
        .batch_patch_identities()
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        outcome.identities[0].action,
        Some(types::IdentityPatchResponseAction::Create)
    );
    assert_eq!(outcome.identities[0].identity, Some(uuid(ID)));
    assert_eq!(outcome.identities[0].error, None);

    let v1_3 = json!({ "identities": [
        { "action": "create", "identity": ID, "patch_id": PATCH_ID },
        { "action": "error", "patch_id": FAILED_PATCH_ID, "error": {
            "code": 409, "status": "Conflict",
            "reason": "This identity conflicts with another identity that already exists.",
            "message": "The resource could not be created due to a conflict"
        } }
    ] });
    let wire = Wire::answer(200, Some(v1_3)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let outcome = kratos
        .batch_patch_identities()
        .body(body)
        .send()
        .await
        .unwrap();
    let failed = &outcome.identities[1];
    assert_eq!(
        failed.action,
        Some(types::IdentityPatchResponseAction::Error)
    );
    assert_eq!(failed.identity, None);
    assert_eq!(failed.patch_id, Some(uuid(FAILED_PATCH_ID)));
    assert_eq!(failed.error.as_ref().unwrap()["code"], 409);
    assert_eq!(failed.error.as_ref().unwrap()["status"], "Conflict");
}

/// getIdentity, updateIdentity, patchIdentity: both identity shapes decode; getIdentity sends
/// v0.13's single `oidc` and v1.2's several types.
#[tokio::test]
async fn get_update_and_patch_identity_decode_both_families() {
    for (answer, newer) in [(v0_13_identity(), false), (v1_identity(None), true)] {
        let wire = Wire::answer(200, Some(answer)).await;
        let kratos = Client::unauthenticated(&wire.base_url());
        let types_sent: Vec<String> = if newer {
            vec!["password".into(), "passkey".into()]
        } else {
            vec!["oidc".into()]
        };
        let check = |identity: &types::Identity| {
            if newer {
                check_v1_identity(identity, None);
            } else {
                check_v0_13_identity(identity);
            }
        };
        let got = kratos
            .get_identity()
            .id(ID)
            .include_credential(types_sent.clone())
            .send()
            .await
            .unwrap();
        check(&got);
        let expected: Vec<(&str, &str)> = types_sent
            .iter()
            .map(|t| ("include_credential", t.as_str()))
            .collect();
        assert_eq!(query(&wire), pairs(&expected));

        let body = types::UpdateIdentityBody::builder()
            .schema_id("customer")
            .state(types::IdentityState::Active)
            .traits(
                serde_json::from_value::<serde_json::Map<String, Value>>(
                    json!({ "email": "ada@example.com" }),
                )
                .unwrap(),
            );
        let updated = kratos
            .update_identity()
            .id(ID)
            .body(body)
            .send()
            .await
            .unwrap();
        check(&updated);

        let patch = types::JsonPatchDocument::from(vec![build(
            types::JsonPatch::builder()
                .op(types::JsonPatchOp::Replace)
                .path("/state")
                .value(json!("active")),
        )]);
        let patched = kratos
            .patch_identity()
            .id(ID)
            .body(patch)
            .send()
            .await
            .unwrap();
        check(&patched);
    }
}

/// deleteIdentityCredentials: the v0.13.1 description promises 200 with the identity; every
/// server (v0.13.0 included) answers 204 without a body, as the v1.0+ descriptions say. Both
/// decode. The recovery codes' type is `lookup_secret`; `identifier` (v1.3) selects an OIDC link.
#[tokio::test]
async fn delete_identity_credentials_decodes_200_with_identity_and_empty_204() {
    let mut answer = v0_13_identity();
    answer["credentials"]
        .as_object_mut()
        .unwrap()
        .remove("lookup_secret");
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let deleted = kratos
        .delete_identity_credentials()
        .id(ID)
        .type_(types::DeleteIdentityCredentialsType::LookupSecret)
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
    let identity = deleted.into_inner().unwrap();
    assert!(!identity.credentials.contains_key("lookup_secret"));
    assert_eq!(
        path(&wire),
        format!("/admin/identities/{ID}/credentials/lookup_secret")
    );

    let wire = Wire::answer(204, None).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let deleted = kratos
        .delete_identity_credentials()
        .id(ID)
        .type_(types::DeleteIdentityCredentialsType::Oidc)
        .identifier("github:583231")
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert_eq!(deleted.into_inner(), None);
    assert_eq!(query(&wire), pairs(&[("identifier", "github:583231")]));
}

/// Every body-less answer of every version: deleteIdentity, deleteIdentitySessions and
/// disableSession (204 in all versions), deleteIdentityCredentials (204 from servers of every
/// version) and extendSession (204 from v1.3).
#[tokio::test]
async fn every_bodiless_answer_of_every_version_decodes() {
    let wire = Wire::answer(204, None).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let status = |s: reqwest::StatusCode| s.as_u16();
    let r = kratos.delete_identity().id(ID).send().await.unwrap();
    assert_eq!(status(r.status()), 204);
    let r = kratos
        .delete_identity_sessions()
        .id(ID)
        .send()
        .await
        .unwrap();
    assert_eq!(status(r.status()), 204);
    let r = kratos
        .disable_session()
        .id(SESSION_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(status(r.status()), 204);
    let r = kratos
        .delete_identity_credentials()
        .id(ID)
        .type_(types::DeleteIdentityCredentialsType::Totp)
        .send()
        .await
        .unwrap();
    assert_eq!((status(r.status()), r.into_inner()), (204, None));
    let r = kratos.extend_session().id(SESSION_ID).send().await.unwrap();
    assert_eq!((status(r.status()), r.into_inner()), (204, None));
    assert_eq!(wire.hits(), 5);
}

/// extendSession: 200 with the session in every version, its identity `null` up to v1.1 and
/// included from v1.2; 204 without a body from v1.3 (checked above).
#[tokio::test]
async fn extend_session_decodes_the_200_of_every_version() {
    for (answer, with_identity) in [
        (v0_13_session(None), false),
        (v1_session(Some(v1_identity(None))), true),
    ] {
        let wire = Wire::answer(200, Some(answer)).await;
        let kratos = Client::unauthenticated(&wire.base_url());
        let session = kratos
            .extend_session()
            .id(SESSION_ID)
            .send()
            .await
            .unwrap()
            .into_inner()
            .unwrap();
        assert_eq!(session.id, uuid(SESSION_ID));
        assert_eq!(session.identity.is_some(), with_identity);
        if with_identity {
            check_v1_session(&session);
        }
    }
}

/// listIdentitySessions, listSessions, getSession: the identity is `null` (v0.13) or left out
/// (v1.x) unless expanded, and present when expanded; the session lists take v1.1's token
/// paging.
#[tokio::test]
async fn sessions_of_both_families_decode_with_and_without_their_identity() {
    // v0.13: identity null, and expanded.
    let answer = json!([v0_13_session(None), v0_13_session(Some(v0_13_identity()))]);
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let sessions = kratos
        .list_identity_sessions()
        .id(ID)
        .page(1)
        .per_page(25)
        .active(true)
        .send()
        .await
        .unwrap();
    assert_eq!(sessions[0].identity, None);
    check_v0_13_identity(sessions[1].identity.as_ref().unwrap());
    assert_eq!(
        query(&wire),
        pairs(&[("active", "true"), ("page", "1"), ("per_page", "25")])
    );

    // v1.x: identity left out, and expanded.
    let answer = json!([
        v1_session(None),
        v1_session(Some(v1_identity(Some(ORG_ID))))
    ]);
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let sessions = kratos
        .list_identity_sessions()
        .id(ID)
        .page_size(50)
        .page_token("eyJvZmZzZXQiOiI1MCIsInYiOjJ9")
        .send()
        .await
        .unwrap();
    assert_eq!(sessions[0].identity, None);
    check_v1_session(&sessions[0]);
    check_v1_identity(sessions[1].identity.as_ref().unwrap(), Some(ORG_ID));
    assert_eq!(
        query(&wire),
        pairs(&[
            ("page_size", "50"),
            ("page_token", "eyJvZmZzZXQiOiI1MCIsInYiOjJ9")
        ])
    );

    for (answer, v1) in [
        (json!([v0_13_session(None)]), false),
        (json!([v1_session(None)]), true),
    ] {
        let wire = Wire::answer(200, Some(answer)).await;
        let kratos = Client::unauthenticated(&wire.base_url());
        let sessions = kratos.list_sessions().page_size(10).send().await.unwrap();
        assert_eq!(sessions[0].identity, None);
        if v1 {
            check_v1_session(&sessions[0]);
        }
    }

    for (answer, v1) in [
        (v0_13_session(None), false),
        (v1_session(None), true),
        (v0_13_session(Some(v0_13_identity())), false),
        (v1_session(Some(v1_identity(None))), true),
    ] {
        let expanded = answer.get("identity").is_some_and(|i| !i.is_null());
        let wire = Wire::answer(200, Some(answer)).await;
        let kratos = Client::unauthenticated(&wire.base_url());
        let mut call = kratos.get_session().id(SESSION_ID);
        if expanded {
            call = call.expand(vec!["identity".to_string()]);
        }
        let session = call.send().await.unwrap();
        assert_eq!(session.identity.is_some(), expanded);
        if v1 {
            check_v1_session(&session);
        }
    }
}

/// createRecoveryCodeForIdentity takes v1.2's `flow_type`, createRecoveryLinkForIdentity
/// v1.1's `return_to`; their answers are the same in every version.
#[tokio::test]
async fn recovery_code_and_link_send_the_v1_additions_only_when_set() {
    let answer = json!({
        "recovery_code": "76453943",
        "recovery_link": "https://auth.example.com/self-service/recovery?flow=7f0f0d6e-4a1b-4c2d-8e3f-9a0b1c2d3e4f",
        "expires_at": "2024-05-06T08:38:09Z"
    });
    for flow_type in [None, Some(types::SelfServiceFlowType::Api)] {
        let wire = Wire::answer(201, Some(answer.clone())).await;
        let kratos = Client::unauthenticated(&wire.base_url());
        let body = types::CreateRecoveryCodeForIdentityBody::builder()
            .flow_type(flow_type.clone())
            .identity_id(uuid(ID));
        let code = kratos
            .create_recovery_code_for_identity()
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(code.recovery_code, "76453943");
        let expected = match flow_type {
            None => json!({ "identity_id": ID }),
            Some(_) => json!({ "identity_id": ID, "flow_type": "api" }),
        };
        assert_eq!(sent_body(&wire), expected);
    }

    let answer = json!({ "recovery_link": "https://auth.example.com/self-service/recovery?flow=8a1b&token=tB" });
    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let body = types::CreateRecoveryLinkForIdentityBody::builder().identity_id(uuid(ID));
    let link = kratos
        .create_recovery_link_for_identity()
        .return_to("https://app.example.com/welcome-back")
        .body(body)
        .send()
        .await
        .unwrap();
    assert!(link.recovery_link.ends_with("token=tB"));
    assert_eq!(
        query(&wire),
        pairs(&[("return_to", "https://app.example.com/welcome-back")])
    );
}

/// listIdentitySchemas pages from `page=0` in every version and by token from v1.1;
/// getIdentitySchema answers the raw schema in every version.
#[tokio::test]
async fn identity_schemas_page_by_number_and_by_token() {
    let answer = json!([{ "id": "customer", "schema": { "title": "Customer", "type": "object" } }]);
    let wire = Wire::answer(200, Some(answer.clone())).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let schemas = kratos
        .list_identity_schemas()
        .page(0)
        .per_page(10)
        .send()
        .await
        .unwrap();
    assert_eq!(schemas[0].id.as_deref(), Some("customer"));
    assert_eq!(query(&wire), pairs(&[("page", "0"), ("per_page", "10")]));

    let wire = Wire::answer(200, Some(answer)).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let schemas = kratos
        .list_identity_schemas()
        .page_size(10)
        .page_token("eyJvZmZzZXQiOiIxMCIsInYiOjJ9")
        .send()
        .await
        .unwrap();
    assert_eq!(schemas[0].schema["title"], "Customer");
    assert_eq!(
        query(&wire),
        pairs(&[
            ("page_size", "10"),
            ("page_token", "eyJvZmZzZXQiOiIxMCIsInYiOjJ9")
        ])
    );

    let wire = Wire::answer(200, Some(json!({ "title": "Customer", "type": "object" }))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    let schema = kratos
        .get_identity_schema()
        .id("customer")
        .send()
        .await
        .unwrap();
    assert_eq!(schema["title"], "Customer");
}
