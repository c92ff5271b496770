//! Circuit users (10 operations) against Prism, with an OAuth bearer token. Errors have no
//! documented body. `PUT /users/presence` sends a form body.

use crate::harness::{Report, Suite, block_on, body, call};
use userapi::circuit::{Client, Credentials, OPERATIONS, PROVIDER, types};

const TOKEN: &str = "circuit-oauth-access-token";
const USER_ID: &str = "5b4f0ee4-08c0-4bd5-8d0b-0c6d5b1a9e2f";
const OTHER_USER_ID: &str = "e1a9c3d2-7b6f-4e5d-9c8b-a7f6e5d4c3b2";
const EMAIL: &str = "ada.lovelace@example.com";

fn presence_body() -> types::SetUserPresenceBody {
    body!(types::SetUserPresenceBody, {
        "state": "DND",
        "clearDND": false,
        "dndUntil": "2024-06-07T17:30:00Z",
        "statusMessage": "Presenting until 19:30"
    })
}

pub fn run(seed: &str) -> Report {
    block_on(async {
        let mut s = match Suite::start(
            PROVIDER,
            OPERATIONS,
            Credentials::bearer(TOKEN),
            Client::with_http_client,
            seed,
        ) {
            Ok(s) => s,
            Err(e) => return Report::setup_failure(PROVIDER, e),
        };

        call!(s, search_user.name("lovelace"));
        call!(
            s,
            search_users_list
                .name(vec![USER_ID.to_string(), EMAIL.to_string()])
                .return_full_user_info(true)
                .secondary_lookup(true)
        );
        call!(s, search_users_list.name(vec![OTHER_USER_ID.to_string()]));
        call!(
            s,
            get_presence.user_ids(vec![USER_ID.to_string(), EMAIL.to_string()])
        );
        call!(s, set_user_presence.body(presence_body()));
        call!(
            s,
            get_user_by_email_address
                .email_address(EMAIL)
                .secondary_lookup(true)
        );
        call!(s, get_user_by_email_address.email_address(EMAIL));
        call!(s, get_user_by_id.id(USER_ID));
        call!(s, get_user_presence.id(USER_ID));

        // `*/*` success bodies: served to Prism as JSON (see `harness::served_copy`).
        call!(s, get_label);
        call!(s, get_profile);
        call!(s, get_support_info);

        s.finish()
    })
}
