//! Operations whose spec makes the request body optional can be sent without one.

use crate::support::{Wire, assert_sent_without_body};
use userapi::sendauth::Client;

#[tokio::test]
async fn set_user_tags_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::with_basic(&wire.base_url(), "user", "password");
    let result = client
        .set_user_tags()
        .user_id(uuid::Uuid::nil())
        .send()
        .await;
    assert_sent_without_body(&wire, result, "set_user_tags");
}

#[tokio::test]
async fn authenticate_user_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::with_basic(&wire.base_url(), "user", "password");
    let result = client
        .authenticate_user()
        .user_id(uuid::Uuid::nil())
        .send()
        .await;
    assert_sent_without_body(&wire, result, "authenticate_user");
}
