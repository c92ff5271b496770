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
            types::IdentitySchemas::from(vec![schema(1)]),
            types::IdentitySchemas::from(vec![schema(2)]),
            types::IdentitySchemas::from(vec![schema(3)]),
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

#[tokio::test]
async fn a_paging_error_names_the_page_url_and_the_cursor_that_repeated() {
    let server = MockServer::start_async().await;
    server.list_sessions(|when, then| {
        when.into_inner().query_param_missing("page_token");
        then.header("link", "</admin/sessions?page_token=a>; rel=\"next\"")
            .ok(&vec![session(1)]);
    });
    server.list_sessions(|when, then| {
        when.into_inner().query_param("page_token", "a");
        then.header("link", "</admin/sessions?page_token=a>; rel=\"next\"")
            .ok(&vec![session(2)]);
    });
    let results: Vec<_> = client(&server).list_sessions().stream().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    let error = results[2].as_ref().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Paging(_)), "{error}");
    assert!(
        error
            .to_string()
            .contains("the server linked page_token=a a second time"),
        "{error}"
    );
    assert_eq!(
        error.url(),
        Some(format!("{}/admin/sessions?page_token=a", server.base_url()).as_str()),
        "the URL of the page that linked `a` again"
    );
}

/// Kratos v0.13 `listIdentities` as the server pages (kratos-v1.md §4): `page` parsed to P (none
/// = 0), storage pages counted from 1 with page 0 = page 1, `Link` built from P with `page`,
/// `page_size`, `page_token` and `per_page`, absolute and without `/admin`, and `X-Total-Count`.
/// So `next` from the first page asks for page one again, and no link reaches the last page.
fn v0_13_list_identities(
    server: &MockServer,
    size: usize,
    total: usize,
) -> Vec<httpmock::Mock<'_>> {
    let pages = total.div_ceil(size);
    let link = |p: usize, rel: &str| {
        let token = format!("{{\"offset\":\"{}\",\"v\":2}}", p * size);
        format!(
            "<{}/identities?page={p}&page_size={size}&page_token={}&per_page={size}>; rel=\"{rel}\"",
            server.base_url(),
            base64url(token.as_bytes())
        )
    };
    (0..=pages + 1)
        .map(|p| {
            let stored = p.max(1);
            let items: Vec<_> = ((stored - 1) * size + 1..=(stored * size).min(total))
                .map(identity)
                .collect();
            let last = pages - 1;
            let mut links = Vec::new();
            if p > 0 {
                links.push(link(0, "first"));
            }
            if p < last || p * size >= total {
                links.push(link(p + 1, "next"));
            }
            if p > 0 {
                links.push(link(p - 1, "prev"));
            }
            if p < last {
                links.push(link(last, "last"));
            }
            server.list_identities(|when, then| {
                let when = when.into_inner().query_param("per_page", size.to_string());
                if p == 0 {
                    when.query_param_missing("page");
                } else {
                    when.query_param("page", p.to_string());
                }
                then.header("link", &links.join(","))
                    .header("x-total-count", &total.to_string())
                    .ok(&items);
            })
        })
        .collect()
}

/// Base64url without padding (Kratos' page tokens).
fn base64url(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    bytes
        .chunks(3)
        .flat_map(|c| {
            let n = c.iter().fold(0u32, |n, b| n << 8 | u32::from(*b)) << (8 * (3 - c.len()));
            (0..=c.len()).map(move |i| ABC[(n >> (18 - 6 * i) & 63) as usize] as char)
        })
        .collect()
}

#[test]
fn base64url_is_kratos_page_token_form() {
    assert_eq!(
        base64url(br#"{"offset":"2","v":2}"#),
        "eyJvZmZzZXQiOiIyIiwidiI6Mn0"
    );
}

#[tokio::test]
async fn list_identities_on_v0_13_yields_every_identity_once() {
    let server = MockServer::start_async().await;
    // Pages [1, 2], [3, 4], [5]; `page=1` is [1, 2] again, and no link leads to `page=3`.
    let served = v0_13_list_identities(&server, 2, 5);
    let items: Vec<_> = client(&server)
        .list_identities()
        .per_page(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), (1..=5).map(uuid).collect::<Vec<_>>());
    let calls: Vec<usize> = served.iter().map(|m| m.calls()).collect();
    // `page=1` is the one request v0.13 costs: its answer is the first page again, and only it
    // tells v0.13 (page 1 = page 0) from v1.0 (page 1 = the second page), whose links are the
    // same. `page=3` is the page no link names; `page=4`, linked from it, is empty.
    assert_eq!(calls, [1, 1, 1, 1, 1]);
}

#[tokio::test]
async fn list_identities_on_v1_0_follows_its_page_links_without_a_request_more() {
    // v1.0: the same links, but `page=1` is the second page.
    let server = MockServer::start_async().await;
    let link = |p: usize| {
        format!(
            "<{}/identities?page={p}&page_size=2&page_token=t{p}&per_page=2>; rel=\"next\"",
            server.base_url()
        )
    };
    let served: Vec<_> = (0..3)
        .map(|p| {
            server.list_identities(|when, then| {
                let when = when.into_inner();
                if p == 0 {
                    when.query_param_missing("page");
                } else {
                    when.query_param("page", p.to_string());
                }
                let then = if p < 2 {
                    then.header("link", &link(p + 1))
                } else {
                    then
                };
                then.ok(&vec![identity(2 * p + 1), identity(2 * p + 2)]);
            })
        })
        .collect();
    let items: Vec<_> = client(&server)
        .list_identities()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), (1..=6).map(uuid).collect::<Vec<_>>());
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn a_second_page_that_repeats_the_first_with_the_same_link_is_not_yielded() {
    // Page 0 and page 1 answered alike, `Link` included: the repeat guard ends the stream, and
    // the first page's items come once.
    let server = MockServer::start_async().await;
    let m = server.list_identities(|_, then| {
        then.header("link", "</identities?page=1&per_page=2>; rel=\"next\"")
            .ok(&vec![identity(1), identity(2)]);
    });
    let results: Vec<_> = client(&server).list_identities().stream().collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!(
        ids(&[results[0].as_ref().unwrap(), results[1].as_ref().unwrap()]),
        [uuid(1), uuid(2)]
    );
    let error = results[2].as_ref().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Paging(_)), "{error}");
    assert!(
        error.to_string().contains("page=1 a second time"),
        "{error}"
    );
    assert_eq!(m.calls(), 2);
}
