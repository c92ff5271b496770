//! Request bodies built through the generated builders, as users must (the models are
//! `#[non_exhaustive]`): a missing required field is refused before anything is sent, naming
//! the field.

use crate::support::Wire;
use serde_json::json;
use userapi::kratos::{Client, ErrorKind, types};

#[tokio::test]
async fn a_body_missing_a_required_field_is_refused_naming_it() {
    let wire = Wire::answer(201, Some(json!({}))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    // `traits` is required and left unset.
    let e = kratos
        .create_identity()
        .body(types::CreateIdentityBody::builder().schema_id("default"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidRequest(_)), "{e:?}");
    assert!(e.to_string().contains("traits"), "{e}");
    assert_eq!(wire.hits(), 0, "nothing is sent");
}
