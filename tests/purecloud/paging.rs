//! `.stream()` and `.pages()` of the PureCloud listings: page number + page count in the query
//! (`get_users`, `get_user_queues`, `get_user_routing_skills`) and in the body of the search.

use crate::common::{TOKEN, USER_ID, user_json, user_queue_json};
use futures::{StreamExt, TryStreamExt};
use httpmock::MockServer;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use userapi::purecloud::mock::{MockServerExt, pages};
use userapi::purecloud::{Client, ErrorKind, types};

fn client(server: &MockServer) -> Client {
    Client::with_bearer(&server.base_url(), TOKEN)
}

/// Page `number` of `count`, with `entities` (or `results` for the search).
fn page<T: DeserializeOwned>(key: &str, items: Vec<Value>, number: u32, count: u32) -> T {
    let mut v = json!({ "pageSize": 2, "pageNumber": number, "pageCount": count, "total": 6, "types": ["users"] });
    v[key] = Value::Array(items);
    serde_json::from_value(v).unwrap()
}

fn user(n: usize) -> Value {
    user_json(
        &format!("user-{n}"),
        &format!("User {n}"),
        &format!("u{n}@example.com"),
    )
}

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

/// Asserts that `error` is a paging error whose message contains `says`.
fn assert_paging_error<E>(error: &userapi::runtime::Error<E>, says: &str) {
    assert!(matches!(error.kind(), ErrorKind::Paging(_)), "{error}");
    assert!(error.to_string().contains(says), "{error}");
}

fn expected(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}-{i}")).collect()
}

#[tokio::test]
async fn get_users_streams_three_pages_and_keeps_its_filters() {
    let server = MockServer::start_async().await;
    let users = |a, b| vec![user(a), user(b)];
    let served: Vec<_> = [
        (None, users(1, 2)),
        (Some("2"), users(3, 4)),
        (Some("3"), users(5, 6)),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (number, items))| {
        server.get_users(|when, then| {
            // Only matches while the caller's filters are on the request.
            let when = when
                .into_inner()
                .query_param("sortOrder", "descending")
                .query_param("pageSize", "2");
            match number {
                Some(n) => when.query_param("pageNumber", n),
                None => when.query_param_missing("pageNumber"),
            };
            then.ok(&page("entities", items, i as u32 + 1, 3));
        })
    })
    .collect();
    let items: Vec<_> = client(&server)
        .get_users()
        .sort_order("descending")
        .page_size(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), expected("user", 6));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn get_user_queues_streams_three_pages() {
    let server = MockServer::start_async().await;
    let q = |n: usize| user_queue_json(&format!("queue-{n}"), "Q", true);
    let served = pages::get_user_queues(
        &server,
        &[
            page("entities", vec![q(1), q(2)], 1, 3),
            page("entities", vec![q(3), q(4)], 2, 3),
            page("entities", vec![q(5)], 3, 3),
        ],
    );
    let items: Vec<_> = client(&server)
        .get_user_queues()
        .user_id(USER_ID)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), expected("queue", 5));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn get_user_routing_skills_streams_three_pages() {
    let server = MockServer::start_async().await;
    let s = |n: usize| json!({ "id": format!("skill-{n}"), "name": "S", "proficiency": 3.0 });
    let served = pages::get_user_routing_skills(
        &server,
        &[
            page("entities", vec![s(1)], 1, 3),
            page("entities", vec![s(2)], 2, 3),
            page("entities", vec![s(3)], 3, 3),
        ],
    );
    let items: Vec<_> = client(&server)
        .get_user_routing_skills()
        .user_id(USER_ID)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), expected("skill", 3));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn search_users_pages_through_the_body_and_keeps_the_query() {
    let server = MockServer::start_async().await;
    let served: Vec<_> = (1..=3)
        .map(|n: u32| {
            server.search_users(|when, then| {
                when.into_inner().json_body_includes(
                    json!({ "pageNumber": n, "pageSize": 2, "query": [{ "type": "EXACT", "value": "ada" }] })
                        .to_string(),
                );
                let a = n as usize * 2 - 1;
                then.ok(&page("results", vec![user(a), user(a + 1)], n, 3));
            })
        })
        .collect();
    let items: Vec<_> = client(&server)
        .search_users()
        .body_map(|b| {
            b.page_size(Some(2)).query(
                serde_json::from_value::<Vec<types::UserSearchCriteria>>(
                    json!([{ "type": "EXACT", "value": "ada" }]),
                )
                .unwrap(),
            )
        })
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&items), expected("user", 6));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn an_empty_first_page_ends_the_listing() {
    let server = MockServer::start_async().await;
    let m = server.get_users(|_, then| {
        then.ok(&page("entities", vec![], 1, 0));
    });
    let items: Vec<_> = client(&server)
        .get_users()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(m.calls(), 1);
}

#[tokio::test]
async fn a_full_last_page_ends_at_the_page_count() {
    let server = MockServer::start_async().await;
    let served = pages::get_users(
        &server,
        &[
            page("entities", vec![user(1), user(2)], 1, 2),
            page("entities", vec![user(3), user(4)], 2, 2),
        ],
    );
    let pages: Vec<_> = client(&server)
        .get_users()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].entities.len(), 2);
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn a_server_that_answers_page_one_again_ends_the_stream_with_an_error() {
    let server = MockServer::start_async().await;
    let m = server.get_users(|_, then| {
        then.ok(&page("entities", vec![user(1), user(2)], 1, 3));
    });
    let results: Vec<_> = client(&server).get_users().stream().collect().await;
    assert_eq!(
        results.len(),
        3,
        "page 1's items, then the error instead of page 1 again"
    );
    let error = results[2].as_ref().unwrap_err();
    assert_paging_error(error, "asked for page 2");
    assert_eq!(m.calls(), 2);
}

#[tokio::test]
async fn the_items_of_page_one_come_before_the_error_of_page_two() {
    let server = MockServer::start_async().await;
    server.search_users(|when, then| {
        when.into_inner()
            .json_body_includes(json!({ "pageNumber": 1 }).to_string());
        then.ok(&page("results", vec![user(1), user(2)], 1, 3));
    });
    server.search_users(|when, then| {
        when.into_inner()
            .json_body_includes(json!({ "pageNumber": 2 }).to_string());
        then.into_inner()
            .status(400)
            .header("content-type", "application/json")
            .body(json!({"message": "bad page", "code": "bad.request", "status": 400}).to_string());
    });
    let results: Vec<_> = client(&server).search_users().stream().collect().await;
    assert_eq!(results.len(), 3);
    assert_eq!(
        ids(&[results[0].as_ref().unwrap(), results[1].as_ref().unwrap()]),
        expected("user", 2)
    );
    assert_eq!(
        results[2]
            .as_ref()
            .unwrap_err()
            .status()
            .map(|s| s.as_u16()),
        Some(400)
    );
}

#[tokio::test]
async fn a_stream_dropped_early_asks_for_no_further_page() {
    let server = MockServer::start_async().await;
    let served = pages::get_users(
        &server,
        &[
            page("entities", vec![user(1), user(2)], 1, 3),
            page("entities", vec![user(3)], 2, 3),
            page("entities", vec![user(4)], 3, 3),
        ],
    );
    let purecloud = client(&server);
    let mut stream = Box::pin(purecloud.get_users().stream());
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    let calls: Vec<usize> = served.iter().map(|m| m.calls()).collect();
    assert_eq!(calls, [1, 0, 0]);
}

#[tokio::test]
async fn a_search_with_no_results_asks_once() {
    let server = MockServer::start_async().await;
    let served = pages::search_users(&server, &[page("results", vec![], 1, 0)]);
    let items: Vec<_> = client(&server)
        .search_users()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(served[0].calls(), 1);
}

#[tokio::test]
async fn a_search_that_answers_page_one_again_ends_with_an_error() {
    let server = MockServer::start_async().await;
    let m = server.search_users(|_, then| {
        then.ok(&page("results", vec![user(1)], 1, 5));
    });
    let results: Vec<_> = client(&server).search_users().stream().collect().await;
    assert_eq!(results.len(), 2);
    assert!(matches!(
        results[1].as_ref().unwrap_err().kind(),
        ErrorKind::Paging(_)
    ));
    assert_eq!(m.calls(), 2);
}

/// A page that says neither which page it is nor how many there are (or says -1).
fn unnumbered<T: DeserializeOwned>(key: &str, items: Vec<Value>, number: Option<i32>) -> T {
    let mut v = json!({ "pageSize": 2, "total": 6 });
    v[key] = Value::Array(items);
    if let Some(n) = number {
        v["pageNumber"] = json!(n);
    }
    serde_json::from_value(v).unwrap()
}

#[tokio::test]
async fn get_users_answered_the_same_unnumbered_page_forever_ends_with_a_paging_error() {
    for number in [None, Some(-1)] {
        let server = MockServer::start_async().await;
        let m = server.get_users(|_, then| {
            then.ok(&unnumbered("entities", vec![user(1), user(2)], number));
        });
        // At most 10: a stream that loops shows as 10 items without an error.
        let results: Vec<_> = client(&server)
            .get_users()
            .stream()
            .take(10)
            .collect()
            .await;
        assert_eq!(
            results.len(),
            3,
            "{number:?}: page 1's items, then the error"
        );
        assert_eq!(
            ids(&[results[0].as_ref().unwrap(), results[1].as_ref().unwrap()]),
            expected("user", 2)
        );
        let error = results[2].as_ref().unwrap_err();
        assert_paging_error(error, "page 2 has the same items as page 1");
        // The page whose answer was wrong: the second.
        let url = error.url().expect("the page's URL");
        assert!(url.ends_with("/api/v2/users?pageNumber=2"), "{url}");
        assert_eq!(m.calls(), 2, "{number:?}");
    }
}

#[tokio::test]
async fn search_users_answered_the_same_unnumbered_page_forever_ends_with_a_paging_error() {
    let server = MockServer::start_async().await;
    // The search's page number and count are required: -1 says as little as leaving them out.
    let m = server.search_users(|_, then| {
        let page: types::UsersSearchResponse = serde_json::from_value(json!({
            "pageSize": 1, "pageNumber": -1, "pageCount": -1, "total": 9, "types": ["users"],
            "results": [user(1)]
        }))
        .unwrap();
        then.ok(&page);
    });
    let results: Vec<_> = client(&server)
        .search_users()
        .stream()
        .take(10)
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(ids(&[results[0].as_ref().unwrap()]), expected("user", 1));
    let error = results[1].as_ref().unwrap_err();
    assert_paging_error(error, "page 2 has the same items as page 1");
    assert!(
        error
            .url()
            .is_some_and(|u| u.ends_with("/api/v2/users/search")),
        "{error:?}"
    );
    assert_eq!(m.calls(), 2);
}

#[tokio::test]
async fn a_page_number_error_names_the_page_asked_for_and_its_url() {
    let server = MockServer::start_async().await;
    server.get_users(|when, then| {
        when.into_inner().query_param_missing("pageNumber");
        then.ok(&page("entities", vec![user(1)], 1, 5));
    });
    server.get_users(|when, then| {
        when.into_inner().query_param("pageNumber", "2");
        then.ok(&page("entities", vec![user(2)], 7, 5));
    });
    let results: Vec<_> = client(&server)
        .get_users()
        .page_size(1)
        .stream()
        .collect()
        .await;
    let error = results[1].as_ref().unwrap_err();
    assert!(
        error
            .to_string()
            .contains("asked for page 2, the server answered page 7"),
        "{error}"
    );
    assert_eq!(
        error.url(),
        Some(format!("{}/api/v2/users?pageNumber=2&pageSize=1", server.base_url()).as_str())
    );
}
