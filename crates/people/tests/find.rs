//! Find by email across all four providers at once, with one of them down.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use httpmock::prelude::*;
use serde_json::json;
use support::*;
use userapi_people::{Email, PeopleError, Provider, State, find_all};

const ADA: &str = "ada@example.com";

/// Mocks every provider's lookup of `ada@example.com` on one server (their paths differ).
async fn serve_ada(server: &MockServer) {
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/admin/identities")
                .query_param("credentials_identifier", ADA);
            then.status(200).json_body(json!([
                kratos_identity(1, "Ada@Example.com", "active", &["password"]),
                // A server that ignored the filter: must not come back as a match.
                kratos_identity(2, "ada+test@example.com", "active", &["password"]),
            ]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/users/search")
                .body_includes(r#""value":"ada@example.com""#);
            then.status(200)
                .json_body(purecloud_search_page(vec![purecloud_user(
                    "pc-1",
                    " ADA@example.com ",
                    "inactive",
                    3,
                )]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/users").query_param("q", ADA);
            then.status(200).json_body(sendauth_page(vec![
                sendauth_user(3, ADA, true),
                sendauth_user(4, "ada@example.com.evil", true),
            ]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/users/deleted")
                .query_param("q", ADA);
            then.status(200).json_body(sendauth_page(vec![]));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path_includes("/getUserByEmail");
            then.status(200)
                .json_body(circuit_user("ci-1", "ada@EXAMPLE.com", "ACTIVE"));
        })
        .await;
}

#[tokio::test]
async fn find_asks_all_four_at_once_and_one_down_does_not_stop_the_others() {
    let server = MockServer::start_async().await;
    serve_ada(&server).await;
    let base = server.base_url();
    let down = down();
    let directories = [
        kratos(&base),
        purecloud(&base),
        sendauth(&base),
        circuit(&base),
        // Kratos again, at an address nothing listens on.
        kratos(&down),
    ];
    let email = Email::parse(ADA).expect("an address");
    let results = find_all(&directories, &email).await;
    let providers: Vec<Provider> = results.iter().map(|(p, _)| *p).collect();
    assert_eq!(
        providers,
        directories.iter().map(|d| d.provider()).collect::<Vec<_>>()
    );
    let results: Vec<_> = results.into_iter().map(|(_, r)| r).collect();

    let found = |i: usize| -> Vec<(Provider, String, State)> {
        results[i]
            .as_ref()
            .unwrap_or_else(|e| panic!("directory {i} failed: {e}"))
            .iter()
            .map(|p| (p.provider, p.id.clone(), p.state))
            .collect()
    };
    assert_eq!(
        found(0),
        [(Provider::Kratos, uuid(1), State::Active)],
        "the +tag identity is not Ada"
    );
    assert_eq!(
        found(1),
        [(Provider::PureCloud, "pc-1".to_string(), State::Inactive)]
    );
    assert_eq!(
        found(2),
        [(Provider::SendAuth, uuid(3), State::Active)],
        "a free-text hit on another address is not Ada"
    );
    assert_eq!(
        found(3),
        [(Provider::Circuit, "ci-1".to_string(), State::Active)]
    );
    match &results[4] {
        Err(e @ PeopleError::Call { provider, .. }) => {
            assert_eq!(*provider, Provider::Kratos);
            assert!(e.to_string().starts_with("kratos: "), "{e}");
        }
        other => panic!("the provider that is down should fail: {other:?}"),
    }
}

#[tokio::test]
async fn find_keeps_what_the_person_record_says() {
    let server = MockServer::start_async().await;
    serve_ada(&server).await;
    let email = Email::parse(ADA).expect("an address");
    let people = kratos(&server.base_url())
        .find(&email)
        .await
        .expect("found");
    let ada = &people[0];
    assert_eq!(ada.emails, ["Ada@Example.com"], "as sent, once");
    assert_eq!(ada.display_name.as_deref(), Some("Ada N1"));
    assert_eq!(ada.created.as_deref(), Some("2024-01-02T03:04:05Z"));
    assert_eq!(ada.updated.as_deref(), Some("2024-02-03T04:05:06Z"));
    assert!(matches!(ada.record, userapi_people::Record::Kratos(_)));
}

#[tokio::test]
async fn a_tagged_address_finds_only_the_tagged_person() {
    let server = MockServer::start_async().await;
    let tagged = "ada+test@example.com";
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/admin/identities")
                .query_param("credentials_identifier", tagged);
            // Both, as a server ignoring the filter would send them.
            then.status(200).json_body(json!([
                kratos_identity(1, ADA, "active", &["password"]),
                kratos_identity(2, "ADA+test@example.com", "active", &["password"]),
            ]));
        })
        .await;
    let email = Email::parse(tagged).expect("an address");
    let people = kratos(&server.base_url())
        .find(&email)
        .await
        .expect("found");
    let ids: Vec<_> = people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [uuid(2)]);
}

#[tokio::test]
async fn circuit_not_found_is_nobody() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path_includes("/getUserByEmail");
            then.status(404);
        })
        .await;
    let email = Email::parse(ADA).expect("an address");
    let people = circuit(&server.base_url())
        .find(&email)
        .await
        .expect("a 404 is an answer");
    assert!(people.is_empty());
}

#[test]
fn email_is_trimmed_and_lower_cased_and_keeps_its_tag() {
    let e = Email::parse("  Ada.Lovelace+Work@Example.COM\t").expect("an address");
    assert_eq!(e.as_str(), "ada.lovelace+work@example.com");
    assert_ne!(
        e,
        Email::parse("ada.lovelace@example.com").expect("an address")
    );
    assert_eq!(
        e.without_tag().map(|t| t.to_string()).as_deref(),
        Some("ada.lovelace@example.com")
    );
    assert!(e.matches(" ADA.LOVELACE+work@example.com "));
    assert!(!e.matches("ada.lovelace@example.com"));
    for bad in [
        "",
        "  ",
        "ada",
        "@example.com",
        "ada@",
        "a@b@c",
        "ada @example.com",
        "a\u{7}@b",
    ] {
        assert!(
            matches!(Email::parse(bad), Err(PeopleError::InvalidEmail(_))),
            "{bad:?}"
        );
    }
    assert!(Email::parse(&format!("{}@example.com", "a".repeat(250))).is_err());
}
