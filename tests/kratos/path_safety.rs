//! Path parameters stay inside their one segment; values that would change the path are
//! refused before anything is sent.

use crate::support::Wire;
use serde_json::json;
use userapi::kratos::{Client, ErrorKind, Refused};

fn identity(id: &str) -> serde_json::Value {
    json!({ "id": "9f425a8d-7efc-4768-8f23-7647a74fdf13", "schema_id": "default",
            "schema_url": "http://localhost/schemas/default", "traits": {}, "note": id })
}

#[tokio::test]
async fn awkward_ids_arrive_percent_encoded_in_one_segment() {
    let cases = [
        ("a/b", "/admin/identities/a%2Fb"),
        ("what?x=1", "/admin/identities/what%3Fx%3D1"),
        // The URL parser reads `\` as `/` and folds `..`: encoded, it stays in its segment.
        (r"..\..\OTHER", "/admin/identities/..%5C..%5COTHER"),
        (r"a\b", "/admin/identities/a%5Cb"),
        ("%5C", "/admin/identities/%255C"),
        ("frag#ment", "/admin/identities/frag%23ment"),
        ("100%", "/admin/identities/100%25"),
        ("with space", "/admin/identities/with%20space"),
        ("zoë-東京", "/admin/identities/zo%C3%AB-%E6%9D%B1%E4%BA%AC"),
        ("%2E%2E", "/admin/identities/%252E%252E"),
    ];
    for (id, path) in cases {
        let wire = Wire::answer(200, Some(identity(id))).await;
        let kratos = Client::unauthenticated(&wire.base_url());
        kratos.get_identity().id(id).send().await.unwrap();
        let sent = wire.last_request();
        let first_line = sent.lines().next().unwrap();
        assert_eq!(first_line, format!("GET {path}"), "id {id:?}");
    }
}

#[tokio::test]
async fn empty_and_dot_segments_are_refused_before_sending() {
    let wire = Wire::answer(200, Some(identity("x"))).await;
    let kratos = Client::unauthenticated(&wire.base_url());
    for id in ["", ".", ".."] {
        let err = kratos.get_identity().id(id).send().await.unwrap_err();
        assert_eq!(err.operation(), "get_identity");
        assert_eq!(err.status(), None, "nothing was sent");
        match err.into_kind() {
            ErrorKind::InvalidRequest(invalid) => {
                // The parameter by the name of its builder method.
                assert_eq!(invalid.refused, Refused::Parameter("id"));
                assert!(invalid.why.contains("path parameter"), "{invalid}");
            }
            other => panic!("id {id:?}: expected InvalidRequest, got {other:?}"),
        }
        // Two path parameters: either one may be the bad one.
        let err = kratos
            .delete_identity_credentials()
            .id("9f425a8d-7efc-4768-8f23-7647a74fdf13")
            .type_(userapi::kratos::types::DeleteIdentityCredentialsType::from(
                id,
            ))
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::InvalidRequest(m) if m.refused == Refused::Parameter("type_")),
            "type {id:?}: {err:?}"
        );
    }
    assert_eq!(
        wire.hits(),
        0,
        "a refused request must not reach the server"
    );
}
