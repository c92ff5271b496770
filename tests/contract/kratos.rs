//! Ory Kratos identity admin (18 operations) against Prism. The admin API takes an API key in
//! `Authorization` (Ory Network's `Bearer <key>`); the identity schema endpoints take none.

use crate::harness::{Report, Suite, block_on, body, call};
use userapi::kratos::{Client, Credentials, OPERATIONS, PROVIDER, types};

const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";
const SECOND_ID: &str = "3a6b8c0d-4e5f-4a7b-8c1d-2e3f4a5b6c7d";
const SESSION_ID: &str = "5d2f0c1e-8a4b-4f3e-9c6d-1b2a3c4d5e6f";
const ADDRESS_ID: &str = "6c1a9e2b-4d3f-4a5b-9c8d-7e6f5a4b3c2d";
const PATCH_ID_1: &str = "1e4f6a8b-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
const PATCH_ID_2: &str = "2f5a7b9c-3d4e-4f6a-9b0c-1d2e3f4a5b6c";
const ORG_ID: &str = "c0ffee00-1234-4abc-8def-0123456789ab";

/// Credentials to import: a password hash and two linked social sign-in providers.
fn credentials() -> serde_json::Value {
    serde_json::json!({
        "oidc": {
            "config": {
                "config": {
                    "hashed_password": "$2a$10$ZsCsoVQ3xfBG/K2z2XpBf.tm90GZmtOqtqWcB5.pYd5Eq8y7RlDyq",
                    "password": "correct horse battery staple",
                    "use_password_migration_hook": false
                },
                "providers": [
                    { "provider": "github", "subject": "583231", "use_auto_link": true },
                    { "provider": "google", "subject": "108843210987654321098" }
                ]
            }
        },
        "password": {
            "config": {
                "hashed_password": "$2a$10$ZsCsoVQ3xfBG/K2z2XpBf.tm90GZmtOqtqWcB5.pYd5Eq8y7RlDyq",
                "password": "correct horse battery staple",
                "use_password_migration_hook": true
            }
        }
    })
}

/// A new identity with every field the admin API accepts.
fn create_body(email: &str) -> types::CreateIdentityBody {
    body!(types::CreateIdentityBody, {
        "schema_id": "customer",
        "state": "active",
        "traits": { "email": email, "name": { "first": "Ada", "last": "Lovelace" } },
        "metadata_admin": { "crm_id": "C-1042" },
        "metadata_public": { "plan": "pro" },
        "organization_id": ORG_ID,
        "credentials": credentials(),
        "recovery_addresses": [{
            "id": ADDRESS_ID,
            "value": email,
            "via": "email",
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2024-01-02T03:04:05Z"
        }],
        "verifiable_addresses": [{
            "id": ADDRESS_ID,
            "value": email,
            "verified": true,
            "via": "email",
            "status": "completed",
            "verified_at": "2024-01-02T03:10:00Z",
            "created_at": "2024-01-02T03:04:05Z",
            "updated_at": "2024-01-02T03:10:00Z"
        }]
    })
}

fn batch_body() -> types::PatchIdentitiesBody {
    body!(types::PatchIdentitiesBody, {
        "identities": [
            { "create": create_body("ada@example.com"), "patch_id": PATCH_ID_1 },
            {
                "create": {
                    "schema_id": "customer",
                    "state": "inactive",
                    "traits": { "email": "grace@example.com" }
                },
                "patch_id": PATCH_ID_2
            }
        ]
    })
}

fn update_body() -> types::UpdateIdentityBody {
    body!(types::UpdateIdentityBody, {
        "schema_id": "customer",
        "state": "inactive",
        "traits": { "email": "ada.lovelace@example.com", "name": { "first": "Ada", "last": "Lovelace" } },
        "metadata_admin": { "crm_id": "C-1042", "tier": 2 },
        "metadata_public": { "plan": "enterprise" },
        "credentials": credentials()
    })
}

/// Every JSON Patch operation once.
fn patch_body() -> types::JsonPatchDocument {
    body!(types::JsonPatchDocument, [
        { "op": "test", "path": "/schema_id", "value": "customer" },
        { "op": "replace", "path": "/state", "value": "inactive" },
        { "op": "add", "path": "/traits/nickname", "value": "Countess" },
        { "op": "copy", "from": "/metadata_public/plan", "path": "/metadata_admin/previous_plan" },
        { "op": "move", "from": "/metadata_admin/crm_id", "path": "/metadata_admin/crm" },
        { "op": "remove", "path": "/metadata_public/plan" }
    ])
}

fn recovery_code_body() -> types::CreateRecoveryCodeForIdentityBody {
    body!(types::CreateRecoveryCodeForIdentityBody, { "identity_id": ID, "expires_in": "1h30m", "flow_type": "api" })
}

fn recovery_link_body() -> types::CreateRecoveryLinkForIdentityBody {
    body!(types::CreateRecoveryLinkForIdentityBody, { "identity_id": ID, "expires_in": "12h" })
}

fn expand() -> Vec<String> {
    vec!["identity".to_string(), "devices".to_string()]
}

pub fn run(seed: &str) -> Report {
    block_on(async {
        let key = reqwest::header::AUTHORIZATION;
        let credentials = Credentials::header(key, "Bearer ory_pat_contract_test");
        let mut s = match Suite::start(
            PROVIDER,
            OPERATIONS,
            credentials,
            Client::with_http_client,
            seed,
        ) {
            Ok(s) => s,
            Err(e) => return Report::setup_failure(PROVIDER, e),
        };

        call!(
            s,
            list_identities
                .per_page(50)
                .page(2)
                .page_size(100)
                .page_token(SECOND_ID)
                .consistency("strong")
                .ids(vec![ID.to_string(), SECOND_ID.to_string()])
                .credentials_identifier("ada@example.com")
                .preview_credentials_identifier_similar("ada@")
                .include_credential(vec!["password".to_string(), "oidc".to_string()])
                .organization_id(ORG_ID)
        );
        call!(s, list_identities);
        call!(s, create_identity.body(create_body("ada@example.com")));
        call!(s, create_identity);
        call!(s, batch_patch_identities.body(batch_body()));
        call!(s, batch_patch_identities);

        call!(
            s,
            get_identity
                .id(ID)
                .include_credential(vec!["oidc".to_string(), "password".to_string()])
        );
        call!(s, get_identity.id(ID));
        call!(s, update_identity.id(ID).body(update_body()));
        call!(s, update_identity.id(ID));
        call!(s, patch_identity.id(ID).body(patch_body()));
        call!(s, patch_identity.id(ID));
        call!(s, delete_identity.id(ID));
        call!(
            s,
            delete_identity_credentials
                .id(ID)
                .type_(types::DeleteIdentityCredentialsType::Oidc)
                .identifier("github:583231")
        );
        call!(
            s,
            delete_identity_credentials
                .id(ID)
                .type_(types::DeleteIdentityCredentialsType::LookupSecret)
        );

        call!(
            s,
            list_identity_sessions
                .id(ID)
                .per_page(25)
                .page(3)
                .page_size(25)
                .page_token("eyJvZmZzZXQiOiI1MCIsInYiOjJ9")
                .active(true)
        );
        call!(s, list_identity_sessions.id(SECOND_ID));
        call!(s, delete_identity_sessions.id(ID));

        call!(
            s,
            create_recovery_code_for_identity.body(recovery_code_body())
        );
        call!(s, create_recovery_code_for_identity);
        call!(
            s,
            create_recovery_link_for_identity
                .return_to("https://app.example.com/welcome-back")
                .body(recovery_link_body())
        );
        call!(
            s,
            create_recovery_link_for_identity.body(recovery_link_body())
        );
        call!(s, create_recovery_link_for_identity);

        call!(
            s,
            list_sessions
                .page_size(100)
                .page_token("eyJvZmZzZXQiOiIxMDAifQ==")
                .active(false)
                .expand(expand())
        );
        call!(s, list_sessions);
        call!(s, get_session.id(SESSION_ID).expand(expand()));
        call!(s, get_session.id(SESSION_ID));
        call!(s, disable_session.id(SESSION_ID));
        call!(s, extend_session.id(SESSION_ID));

        call!(
            s,
            list_identity_schemas
                .per_page(10)
                .page(2)
                .page_size(10)
                .page_token("eyJvZmZzZXQiOiIxMCIsInYiOjJ9")
        );
        call!(s, list_identity_schemas);
        call!(s, get_identity_schema.id("customer"));

        s.finish()
    })
}
