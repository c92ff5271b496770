//! Operations whose spec makes the request body optional can be sent without one.

use crate::support::{Wire, assert_sent_without_body};
use userapi::pingone::Client;

#[tokio::test]
async fn update_verify_transaction_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::with_bearer(&wire.base_url(), "token");
    let result = client
        .update_verify_transaction()
        .environment_id("env")
        .user_id("user")
        .transaction_id("tx")
        .send()
        .await;
    assert_sent_without_body(&wire, result, "update_verify_transaction");
}
