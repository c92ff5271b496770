//! PingOne identity verification (5 operations) against Prism. The spec's servers end in `/v1`;
//! Prism mocks the paths as written, so the client's base URL is the Prism root.

use crate::harness::{Report, Suite, block_on, call};
use serde_json::json;
use userapi::pingone::{Client, Credentials, OPERATIONS, PROVIDER};

const ENV_ID: &str = "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6";
const USER_ID: &str = "03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a";
const TX_ID: &str = "6b1d5b4e-0f1a-4c7e-9b2d-3e4f5a6b7c8d";
const EXTERNAL_TX: &str = "crm-ticket-88412";
const EXTERNAL_SESSION: &str = "helpdesk-session-5f2e";

fn record() -> serde_json::Map<String, serde_json::Value> {
    serde_json::from_value(json!({
        "transactionStatus": { "status": "APPROVED_MANUALLY" },
        "verifiedDocuments": ["driverLicense", "selfie"],
        "notes": "Checked in person at the front desk"
    }))
    .expect("a JSON object")
}

pub fn run(seed: &str) -> Report {
    block_on(async {
        let credentials = Credentials::bearer("worker-app-access-token");
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
            list_verify_transactions
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .x_ping_external_transaction_id(EXTERNAL_TX)
                .x_ping_external_session_id(EXTERNAL_SESSION)
        );
        call!(
            s,
            list_verify_transactions
                .environment_id(ENV_ID)
                .user_id(USER_ID)
        );

        call!(
            s,
            create_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .x_ping_external_transaction_id(EXTERNAL_TX)
                .x_ping_external_session_id(EXTERNAL_SESSION)
        );
        call!(
            s,
            create_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
        );

        call!(
            s,
            get_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .transaction_id(TX_ID)
                .x_ping_external_transaction_id(EXTERNAL_TX)
                .x_ping_external_session_id(EXTERNAL_SESSION)
        );
        call!(
            s,
            get_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .transaction_id(TX_ID)
        );

        call!(
            s,
            update_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .transaction_id(TX_ID)
                .x_ping_external_transaction_id(EXTERNAL_TX)
                .x_ping_external_session_id(EXTERNAL_SESSION)
                .body(record())
        );
        call!(
            s,
            update_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .transaction_id(TX_ID)
        );

        call!(
            s,
            delete_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .transaction_id(TX_ID)
                .x_ping_external_transaction_id(EXTERNAL_TX)
                .x_ping_external_session_id(EXTERNAL_SESSION)
        );
        call!(
            s,
            delete_verify_transaction
                .environment_id(ENV_ID)
                .user_id(USER_ID)
                .transaction_id(TX_ID)
        );

        s.finish()
    })
}
