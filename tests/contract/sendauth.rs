//! SendAuth users (14 operations) against Prism, with HTTP basic credentials. Errors have no
//! documented body: a documented error status must come back as `ErrorKind::Service(())`.

use crate::harness::{Report, Suite, block_on, body, call};
use userapi::sendauth::{Client, Credentials, OPERATIONS, PROVIDER, types};

const USER_ID: &str = "3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70";
const COMPANY_ID: &str = "0b8e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b";
const ORG_ID: &str = "7d6c5b4a-3928-4716-a5b4-c3d2e1f0a9b8";
const GROUP_A: &str = "11111111-2222-4333-8444-555555555555";
const GROUP_B: &str = "66666666-7777-4888-9999-aaaaaaaaaaaa";

/// Every writable field of `User` (the readOnly ones are the server's to set).
fn user_body(role: &str, preference: &str) -> types::User {
    body!(types::User, {
        "firstName": "Ada",
        "lastName": "Lovelace",
        "role": role,
        "email": "ada@example.com",
        "phone": "+442079460958",
        "company": { "id": COMPANY_ID, "orgID": ORG_ID, "name": "Analytical Engines Ltd" },
        "permissions": ["users:read", "users:write"],
        "groupPermissions": ["audits:read"],
        "permissionGroups": [GROUP_A, GROUP_B],
        "messagingPreference": preference
    })
}

fn tags_body() -> types::TagsRequest {
    body!(types::TagsRequest, { "tags": { "department": "research", "site": "london" } })
}

fn web_tx_body() -> types::WebTx {
    body!(types::WebTx, {
        "message": "Approve the sign-in to the billing console",
        "connectwise": "CW-48213"
    })
}

pub fn run(seed: &str) -> Report {
    block_on(async {
        let credentials = Credentials::basic("api-user", "s3cret");
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
            list_users
                .page(2)
                .per_page(25)
                .q("lovelace")
                .permission("users:write")
                .sort_by("lastName")
                .sort_dir(types::ListUsersSortDir::Desc)
        );
        call!(s, list_users);
        call!(s, create_user.body(user_body("admin", "both")));

        call!(
            s,
            list_deleted_users
                .page(1)
                .per_page(50)
                .q("babbage")
                .permission("users:read")
        );
        call!(s, list_deleted_users);
        call!(s, restore_user.user_id(USER_ID));
        call!(s, destroy_user.user_id(USER_ID));

        call!(s, get_user.user_id(USER_ID));
        call!(
            s,
            update_user
                .user_id(USER_ID)
                .body(user_body("super_admin", "email"))
        );
        call!(s, delete_user.user_id(USER_ID));
        call!(s, set_user_tags.user_id(USER_ID).body(tags_body()));
        call!(s, set_user_tags.user_id(USER_ID));

        call!(
            s,
            get_user_transactions
                .user_id(USER_ID)
                .page(1)
                .per_page(20)
                .q("ACME")
        );
        call!(s, get_user_transactions.user_id(USER_ID));
        call!(
            s,
            get_user_audits
                .user_id(USER_ID)
                .page(3)
                .per_page(10)
                .q("updated")
        );
        call!(s, get_user_audits.user_id(USER_ID));

        call!(s, register_user.user_id(USER_ID));
        call!(s, authenticate_user.user_id(USER_ID).body(web_tx_body()));
        call!(s, authenticate_user.user_id(USER_ID));
        call!(s, remove_user_passkey.user_id(USER_ID));

        s.finish()
    })
}
