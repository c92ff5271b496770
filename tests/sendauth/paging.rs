//! `.stream()` and `.pages()` of the SendAuth listings: `page` = 1, 2, … until the items read
//! reach the body's `total`.

use crate::wire::{PASSWORD, USER};
use futures::{StreamExt, TryStreamExt};
use httpmock::MockServer;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use userapi::sendauth::mock::{MockServerExt, pages};
use userapi::sendauth::{Client, ErrorKind};

const USER_ID: &str = "3f1c2a9e-5b7d-4c8e-9a10-2b3c4d5e6f70";

fn client(server: &MockServer) -> Client {
    Client::with_basic(&server.base_url(), USER, PASSWORD)
}

fn page<T: DeserializeOwned>(rows: Vec<Value>, total: u64) -> T {
    serde_json::from_value(json!({ "rows": rows, "total": total })).unwrap()
}

fn uuid(n: usize) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn user(n: usize) -> Value {
    json!({ "id": uuid(n), "firstName": "Ada", "lastName": format!("L{n}") })
}

fn field<T: serde::Serialize>(items: &[T], key: &str) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            serde_json::to_value(i).unwrap()[key]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn expected(prefix: &str, n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("{prefix}-{i}")).collect()
}

fn uuids(n: usize) -> Vec<String> {
    (1..=n).map(uuid).collect()
}

/// Three pages of `make(1..=5)`: 2 + 2 + 1 items, total 5.
fn three<T: DeserializeOwned>(make: impl Fn(usize) -> Value) -> Vec<T> {
    vec![
        page(vec![make(1), make(2)], 5),
        page(vec![make(3), make(4)], 5),
        page(vec![make(5)], 5),
    ]
}

#[tokio::test]
async fn list_users_streams_three_pages_and_keeps_its_filters() {
    let server = MockServer::start_async().await;
    let served: Vec<_> = three::<Value>(user)
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            server.list_users(|when, then| {
                when.into_inner()
                    .query_param("page", (i + 1).to_string())
                    .query_param("q", "ada")
                    .query_param("perPage", "2");
                then.into_inner().status(200).json_body(body);
            })
        })
        .collect();
    let items: Vec<_> = client(&server)
        .list_users()
        .q("ada")
        .per_page(2u64)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(field(&items, "id"), uuids(5));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn list_deleted_users_streams_three_pages() {
    let server = MockServer::start_async().await;
    let served = pages::list_deleted_users(&server, &three(user));
    let items: Vec<_> = client(&server)
        .list_deleted_users()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(field(&items, "id"), uuids(5));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn get_user_transactions_streams_three_pages() {
    let server = MockServer::start_async().await;
    let served = pages::get_user_transactions(&server, &three(|n| json!({ "id": uuid(n) })));
    let items: Vec<_> = client(&server)
        .get_user_transactions()
        .user_id(USER_ID)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(field(&items, "id"), uuids(5));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn get_user_audits_streams_three_pages() {
    let server = MockServer::start_async().await;
    let served =
        pages::get_user_audits(&server, &three(|n| json!({ "name": format!("audit-{n}") })));
    let items: Vec<_> = client(&server)
        .get_user_audits()
        .user_id(USER_ID)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(field(&items, "name"), expected("audit", 5));
    assert!(served.iter().all(|m| m.calls() == 1));
}

#[tokio::test]
async fn an_empty_first_page_ends_the_listing() {
    let server = MockServer::start_async().await;
    let served = pages::list_users(&server, &[page(vec![], 0)]);
    let items: Vec<_> = client(&server)
        .list_users()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(items.is_empty());
    assert_eq!(served[0].calls(), 1);
}

#[tokio::test]
async fn a_full_last_page_ends_at_the_total() {
    let server = MockServer::start_async().await;
    let served = pages::list_users(
        &server,
        &[
            page(vec![user(1), user(2)], 4),
            page(vec![user(3), user(4)], 4),
        ],
    );
    let pages: Vec<_> = client(&server)
        .list_users()
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].rows.len(), 2);
    assert!(served.iter().all(|m| m.calls() == 1), "no third request");
}

#[tokio::test]
async fn a_server_that_ignores_page_ends_the_stream_with_an_error() {
    let server = MockServer::start_async().await;
    let m = server.list_users(|_, then| {
        then.into_inner()
            .status(200)
            .json_body(json!({ "rows": [user(1), user(2)], "total": 10 }));
    });
    let results: Vec<_> = client(&server).list_users().stream().collect().await;
    assert_eq!(results.len(), 3);
    let error = results[2].as_ref().unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Paging(_)), "{error}");
    assert_eq!(m.calls(), 2);
}

#[tokio::test]
async fn the_items_of_page_one_come_before_the_error_of_page_two() {
    let server = MockServer::start_async().await;
    server.list_users(|when, then| {
        when.into_inner().query_param("page", "1");
        then.ok(&page(vec![user(1), user(2)], 4));
    });
    server.list_users(|when, then| {
        when.into_inner().query_param("page", "2");
        then.into_inner().status(200).body("{not json");
    });
    let results: Vec<_> = client(&server).list_users().stream().collect().await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(matches!(
        results[2].as_ref().unwrap_err().kind(),
        ErrorKind::InvalidBody(_)
    ));
}

#[tokio::test]
async fn a_stream_dropped_early_asks_for_no_further_page() {
    let server = MockServer::start_async().await;
    let served = pages::list_users(&server, &three(user));
    let sendauth = client(&server);
    let mut stream = Box::pin(sendauth.list_users().stream());
    assert!(stream.next().await.unwrap().is_ok());
    drop(stream);
    assert_eq!(
        served.iter().map(|m| m.calls()).collect::<Vec<_>>(),
        [1, 0, 0]
    );
}
