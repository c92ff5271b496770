//! `.stream()` and `.pages()` of the four Kratos listings against loopback mock servers: every
//! listing through three pages, and the edge cases of both styles it uses (the `Link` header,
//! and page + `X-Total-Count` for `list_identity_sessions`).

use futures::{StreamExt, TryStreamExt};
use httpmock::MockServer;
use serde_json::json;
use userapi::kratos::mock::{MockServerExt, pages};
use userapi::kratos::{Client, ErrorKind, types};

fn uuid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn identity(n: usize) -> types::Identity {
    serde_json::from_value(json!({
        "id": uuid(n), "schema_id": "default", "schema_url": "http://localhost/schemas/default",
        "traits": { "email": format!("user{n}@example.com") }
    }))
    .unwrap()
}

fn session(n: usize) -> types::Session {
    serde_json::from_value(json!({ "id": uuid(n) })).unwrap()
}

fn schema(n: usize) -> types::IdentitySchemaContainer {
    serde_json::from_value(json!({ "id": format!("schema-{n}"), "schema": {} })).unwrap()
}

/// The `id` of each item, through its JSON form (every item type here has one).
fn ids<T: serde::Serialize>(items: &[T]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            serde_json::to_value(i).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn client(server: &MockServer) -> Client {
    Client::unauthenticated(&server.base_url())
}

#[tokio::test]
async fn list_identities_streams_three_pages_following_the_link() {
    let server = MockServer::start_async().await;
    let served = pages::list_identities(
        &server,
        &[
            vec![identity(1), identity(2)],
            vec![identity(3), identity(4)],
            vec![identity(5)],
        ],
    );
    let items: Vec<_> = client(&server)
        .list_identities()
        .page_size(2u64)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), (1..=5).map(uuid).collect::<Vec<_>>());
    assert!(
        served.iter().all(|m| m.calls() == 1),
        "each page asked for once"
    );
}

#[tokio::test]
async fn list_identity_schemas_streams_three_pages() {
    let server = MockServer::start_async().await;
    let served = pages::list_identity_schemas(
        &server,
        &[
            types::IdentitySchemas(vec![schema(1)]),
            types::IdentitySchemas(vec![schema(2)]),
            types::IdentitySchemas(vec![schema(3)]),
        ],
    );
    let items: Vec<_> = client(&server)
        .list_identity_schemas()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), ["schema-1", "schema-2", "schema-3"]);
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn list_sessions_streams_three_pages_with_its_filters_and_credentials() {
    // Served by hand: every page only matches when the caller's filters are still there.
    let server = MockServer::start_async().await;
    let page = |i: usize, token: Option<&str>, next: Option<&str>| {
        server.list_sessions(|when, then| {
            // Filters and credentials on every page.
            let when = when
                .into_inner()
                .query_param("active", "true")
                .query_param("page_size", "2")
                .header("authorization", "Bearer ory_pat_test");
            match token {
                Some(t) => when.query_param("page_token", t),
                None => when.query_param_missing("page_token"),
            };
            let then = match next {
                // Kratos' own form: path-only, the request's query kept, `first` and `next` joined.
                Some(n) => then.header(
                    "link",
                    &format!(
                        "</admin/sessions?active=true&page_size=2&page_token={}>; rel=\"first\",</admin/sessions?active=true&page_size=2&page_token={n}>; rel=\"next\"",
                        uuid(0)
                    ),
                ),
                None => then,
            };
            then.ok(&vec![session(2 * i + 1), session(2 * i + 2)]);
        })
    };
    let m = [
        page(0, None, Some("t1")),
        page(1, Some("t1"), Some("t2")),
        page(2, Some("t2"), None),
    ];
    let items: Vec<_> = Client::with_api_key(&server.base_url(), "ory_pat_test")
        .list_sessions()
        .active(true)
        .page_size(2u64)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), (1..=6).map(uuid).collect::<Vec<_>>());
    assert!(m.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn list_identity_sessions_counts_pages_until_x_total_count() {
    let server = MockServer::start_async().await;
    // The last page is full: the total, not a short page, ends the listing.
    let served = pages::list_identity_sessions(
        &server,
        &[
            vec![session(1), session(2)],
            vec![session(3), session(4)],
            vec![session(5), session(6)],
        ],
    );
    let kratos = client(&server);
    let stream = kratos
        .list_identity_sessions()
        .id(uuid(0))
        .active(true)
        .per_page(2u64)
        .stream();
    let items: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(ids(&items), (1..=6).map(uuid).collect::<Vec<_>>());
    assert!(served.iter().all(|m| m.calls() == 1), "no fourth request");
}

#[tokio::test]
async fn an_empty_first_page_ends_the_listing_even_with_a_next_link() {
    let server = MockServer::start_async().await;
    // Kratos links a next page even for an empty collection.
    let m = server.list_identities(|_, then| {
        then.header(
            "link",
            "</admin/identities?page=1&per_page=250>; rel=\"next\"",
        )
        .ok(&vec![]);
    });
    let items: Vec<_> = client(&server)
        .list_identities()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(m.calls(), 1);
}

#[tokio::test]
async fn a_last_page_that_is_full_ends_without_another_request() {
    let server = MockServer::start_async().await;
    let served = pages::list_identities(
        &server,
        &[
            vec![identity(1), identity(2)],
            vec![identity(3), identity(4)],
        ],
    );
    let pages: Vec<_> = client(&server)
        .list_identities()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].len(), 2);
    assert_eq!(pages[0].status(), 200);
    assert!(
        pages[0].headers().contains_key("link"),
        "pages keep their headers"
    );
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn a_repeated_next_link_ends_the_stream_with_an_error_not_a_loop() {
    let server = MockServer::start_async().await;
    let first = server.list_identities(|when, then| {
        when.into_inner().query_param_missing("page_token");
        then.header("link", "<?page_token=a>; rel=\"next\"")
            .ok(&vec![identity(1)]);
    });
    let again = server.list_identities(|when, then| {
        when.into_inner().query_param("page_token", "a");
        then.header("link", "<?page_token=a>; rel=\"next\"")
            .ok(&vec![identity(2)]);
    });
    let results: Vec<_> = client(&server).list_identities().stream().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    let error = results[2].as_ref().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Paging(_)), "{error}");
    assert!(error.to_string().contains("second time"), "{error}");
    assert_eq!((first.calls(), again.calls()), (1, 1));
}

#[tokio::test]
async fn a_repeated_page_number_ends_the_stream_with_an_error() {
    let server = MockServer::start_async().await;
    // A server that ignores `page` answers the same page every time.
    let m = server.list_identity_sessions(|_, then| {
        then.header("x-total-count", "10")
            .ok(&vec![session(1), session(2)]);
    });
    let results: Vec<_> = client(&server)
        .list_identity_sessions()
        .id(uuid(0))
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 3);
    assert!(matches!(
        results[2].as_ref().unwrap_err().kind(),
        ErrorKind::Paging(_)
    ));
    assert_eq!(m.calls(), 2);
}

#[tokio::test]
async fn the_items_of_page_one_come_before_the_error_of_page_two() {
    let server = MockServer::start_async().await;
    server.list_identities(|when, then| {
        when.into_inner().query_param_missing("page_token");
        then.header("link", "<?page_token=b>; rel=\"next\"")
            .ok(&vec![identity(1), identity(2)]);
    });
    server.list_identities(|when, then| {
        when.into_inner().query_param("page_token", "b");
        then.server_error(
            503,
            &serde_json::from_value::<types::ErrorGeneric>(json!({"error": {"message": "down"}}))
                .unwrap(),
        );
    });
    let client = Client::with_runtime(
        &server.base_url(),
        Client::runtime_builder()
            .retry(userapi::kratos::RetryPolicy::disabled())
            .build(),
    );
    let results: Vec<_> = client.list_identities().stream().collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(
        ids(&[results[0].as_ref().unwrap(), results[1].as_ref().unwrap()]),
        [uuid(1), uuid(2)]
    );
    let error = results[2].as_ref().unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert!(matches!(error.kind(), ErrorKind::Service(_)));
}

#[tokio::test]
async fn a_stream_dropped_early_asks_for_no_further_page() {
    let server = MockServer::start_async().await;
    let served = pages::list_identities(
        &server,
        &[
            vec![identity(1), identity(2)],
            vec![identity(3)],
            vec![identity(4)],
        ],
    );
    let first: Vec<_> = client(&server)
        .list_identities()
        .stream()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&first), [uuid(1), uuid(2)]);
    let hits: Vec<usize> = served.iter().map(|m| m.calls()).collect();
    assert_eq!(
        hits,
        [1, 0, 0],
        "lazy: page 2 is not fetched for items of page 1"
    );
}
