//! Operations whose spec makes the request body optional can be sent without one.

use crate::support::{Wire, assert_sent_without_body};
use userapi::purecloud::Client;

#[tokio::test]
async fn put_user_profile_skills_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::with_bearer(&wire.base_url(), "token");
    let result = client
        .put_user_profile_skills()
        .user_id("user")
        .send()
        .await;
    assert_sent_without_body(&wire, result, "put_user_profile_skills");
}
