//! Operations whose spec makes the request body optional can be sent without one.

use crate::support::{Wire, assert_sent_without_body};
use userapi::kratos::Client;

#[tokio::test]
async fn create_identity_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::unauthenticated(&wire.base_url());
    let result = client.create_identity().send().await;
    assert_sent_without_body(&wire, result, "create_identity");
}

#[tokio::test]
async fn batch_patch_identities_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::unauthenticated(&wire.base_url());
    let result = client.batch_patch_identities().send().await;
    assert_sent_without_body(&wire, result, "batch_patch_identities");
}

#[tokio::test]
async fn update_identity_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::unauthenticated(&wire.base_url());
    let result = client
        .update_identity()
        .id("9f425a8d-7efc-4768-8f23-7647a74fdf13")
        .send()
        .await;
    assert_sent_without_body(&wire, result, "update_identity");
}

#[tokio::test]
async fn patch_identity_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::unauthenticated(&wire.base_url());
    let result = client
        .patch_identity()
        .id("9f425a8d-7efc-4768-8f23-7647a74fdf13")
        .send()
        .await;
    assert_sent_without_body(&wire, result, "patch_identity");
}

#[tokio::test]
async fn create_recovery_code_for_identity_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::unauthenticated(&wire.base_url());
    let result = client.create_recovery_code_for_identity().send().await;
    assert_sent_without_body(&wire, result, "create_recovery_code_for_identity");
}

#[tokio::test]
async fn create_recovery_link_for_identity_without_a_body() {
    let wire = Wire::answer(299, None).await;
    let client = Client::unauthenticated(&wire.base_url());
    let result = client.create_recovery_link_for_identity().send().await;
    assert_sent_without_body(&wire, result, "create_recovery_link_for_identity");
}
