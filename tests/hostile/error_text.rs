//! Server text in errors: whatever a server sends (control characters that would forge a log
//! line or drive a terminal, 20 MB strings, 1 MB URLs), an error's `Display` is one line of at
//! most `MAX_DISPLAY_CHARS` characters with every control character escaped, and `Debug` is
//! bounded too; the whole data stays available through the accessors.

use crate::server::{Reply, Server};
use crate::tally::Tally;
use futures::TryStreamExt as _;
use std::time::Duration;
use userapi::kratos::{Client, types};
use userapi::runtime::{Credentials, ErrorKind, MAX_DISPLAY_CHARS, RetryPolicy, Timeouts};

/// Every character a log line must never carry raw.
const HOSTILE: &str = "req\r\nX-Forged: 1\u{1b}[2J\0\u{7f}\u{202e}";

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// What is wrong with how `error` shows itself; `None` when nothing.
fn check_shown<E>(error: &userapi::runtime::Error<E>) -> Option<String> {
    let shown = error.to_string();
    let debug = format!("{error:?}");
    let chars = shown.chars().count();
    if chars > MAX_DISPLAY_CHARS {
        return Some(format!("Display has {chars} characters"));
    }
    if let Some(c) = shown.chars().find(|c| c.is_control()) {
        return Some(format!("Display carries {c:?} raw: {shown:?}"));
    }
    if let Some(c) = debug.chars().find(|c| c.is_control()) {
        return Some(format!("Debug carries {c:?} raw"));
    }
    // Debug holds the Display line and a few bounded fields.
    if debug.chars().count() > 4 * MAX_DISPLAY_CHARS {
        return Some(format!("Debug has {} characters", debug.chars().count()));
    }
    None
}

/// The error of `result`, checked; `Err` describes what is wrong.
fn error_of<T, E>(
    result: Result<T, userapi::runtime::Error<E>>,
) -> Result<userapi::runtime::Error<E>, String> {
    let error = result.map(|_| ()).err().ok_or("the call succeeded")?;
    match check_shown(&error) {
        Some(problem) => Err(problem),
        None => Ok(error),
    }
}

fn client(server: &Server) -> Client {
    Client::with_runtime(
        &server.url(),
        Client::runtime_builder()
            .retry(RetryPolicy::disabled())
            .build(),
    )
}

/// A client that gets its tokens from `token_url`.
fn oauth_client(api: &Server, token_url: &str) -> Client {
    Client::with_runtime(
        &api.url(),
        Client::runtime_builder()
            .credentials(Credentials::client_credentials(
                token_url,
                "client-42",
                "cl1ent-Secret-Wp4",
            ))
            .build(),
    )
}

/// The credentials error a `get_identity` call through `client` ends with.
async fn credentials_error(client: &Client) -> userapi::runtime::Error<types::ErrorGeneric> {
    let result = client.get_identity().id("x").send().await;
    let e = result.map(|_| ()).expect_err("no credentials can be had");
    assert!(matches!(e.kind(), ErrorKind::Credentials(_)), "{e:?}");
    e
}

/// A Kratos `errorGeneric` body with `message` and `request` as given.
fn kratos_error(message: &str, request: &str) -> Reply {
    Reply::json(
        500,
        format!(
            r#"{{"error": {{"code": 500, "status": "Internal Server Error", "message": {}, "request": {}}}}}"#,
            json_string(message),
            json_string(request)
        ),
    )
}

#[tokio::test]
async fn server_text_is_escaped_and_bounded_in_every_field() {
    let mut t = Tally::default();
    let huge = "m".repeat(20_000_000);

    // The message and request id of a JSON error body: escaped, the request id kept whole.
    for (case, message, request) in [
        ("control characters in message", HOSTILE, "req-1"),
        ("control characters in request id", "boom", HOSTILE),
        ("20 MB message", huge.as_str(), "req-1"),
        ("20 MB request id", "boom", huge.as_str()),
    ] {
        let server = Server::always(kratos_error(message, request)).await;
        let failure = match error_of(client(&server).get_identity().id("x").send().await) {
            Err(problem) => Some(problem),
            // Bodies over 64 KiB are not parsed for a request id at all.
            Ok(e)
                if message.len() + request.len() < 64 * 1024
                    && e.request_id().as_deref() != Some(request) =>
            {
                Some("request_id() is not the server's, whole".into())
            }
            Ok(e) if request == HOSTILE && !e.to_string().contains("req\\r\\nX-Forged: 1") => {
                Some(format!("the request id is not shown escaped: {e}"))
            }
            Ok(_) => None,
        };
        t.record(case, failure);
    }

    // A request id header, a plain-text body.
    let long_id = "r".repeat(100_000);
    let server = Server::always(Reply::Full {
        status: 503,
        headers: vec![("x-request-id".into(), long_id.clone())],
        body: format!("upstream{HOSTILE}failed {}", "x".repeat(100_000)).into_bytes(),
    })
    .await;
    let failure = match error_of(client(&server).get_identity().id("x").send().await) {
        Err(problem) => Some(problem),
        Ok(e) if e.request_id().as_deref() != Some(long_id.as_str()) => {
            Some("request_id() is not whole".into())
        }
        Ok(_) => None,
    };
    t.record("100 KB request id header, hostile text body", failure);

    // A body that is not the promised JSON, with a value serde quotes in its message.
    for (case, value) in [
        ("20 MB string quoted by the decoder", huge.clone()),
        (
            "control characters quoted by the decoder",
            HOSTILE.to_string(),
        ),
    ] {
        let body = format!(
            r#"{{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"d","schema_url":"u","traits":{{}},"recovery_addresses":{}}}"#,
            json_string(&value)
        );
        let len = body.len();
        let server = Server::always(Reply::json(200, body)).await;
        let failure = match error_of(client(&server).get_identity().id("x").send().await) {
            Err(problem) => Some(problem),
            Ok(e) if !matches!(e.kind(), ErrorKind::InvalidBody(_)) => {
                Some(format!("not InvalidBody: {e}"))
            }
            Ok(e) if e.body().map(|b| b.len()) != Some(len) => Some("body() is not whole".into()),
            Ok(_) => None,
        };
        t.record(case, failure);
    }

    // A 1 MB query value and a 100 KB path value: the URL is cut in the message, whole in url().
    let server = Server::always(kratos_error("boom", "req-1")).await;
    let value = format!("{HOSTILE}{}", "q".repeat(1 << 20));
    let result = client(&server)
        .list_identities()
        .credentials_identifier(value.as_str())
        .send()
        .await;
    let failure = match error_of(result) {
        Err(problem) => Some(problem),
        Ok(e) if e.url().is_none_or(|u| u.len() < 1 << 20) => Some("url() is not whole".into()),
        Ok(_) => None,
    };
    t.record("1 MB query value", failure);
    let failure = error_of(
        client(&server)
            .get_identity()
            .id("p".repeat(100_000))
            .send()
            .await,
    )
    .err();
    t.record("100 KB path value", failure);

    // A repeated `Link` cursor of 60 KB (an URI may not reach 64 KiB): the paging error names
    // it, bounded.
    let link = format!(
        "</admin/identities?page_size=1&page_token={}>; rel=\"next\"",
        "c".repeat(60_000)
    );
    let server = Server::always(Reply::Full {
        status: 200,
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("link".into(), link),
        ],
        body: format!(
            "[{}]",
            r#"{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"d","schema_url":"u","traits":{}}"#
        )
        .into_bytes(),
    })
    .await;
    let items: Result<Vec<_>, _> = client(&server)
        .list_identities()
        .stream()
        .try_collect()
        .await;
    let failure = match error_of(items) {
        Err(problem) => Some(problem),
        Ok(e) if !matches!(e.kind(), ErrorKind::Paging(_)) => Some(format!("not Paging: {e}")),
        Ok(_) => None,
    };
    t.record("60 KB repeated Link cursor", failure);

    // A token endpoint's `error_description`, hostile and long.
    for (case, description) in [
        (
            "control characters in error_description",
            HOSTILE.to_string(),
        ),
        ("100 KB error_description", "d".repeat(100_000)),
    ] {
        let tokens = Server::always(Reply::json(
            400,
            format!(
                r#"{{"error": "invalid_client{}", "error_description": {}}}"#,
                "\\r\\n",
                json_string(&description)
            ),
        ))
        .await;
        let api = Server::always(Reply::json(200, "{}")).await;
        let client = oauth_client(&api, &format!("{}/oauth/token", tokens.url()));
        let failure = match error_of(client.get_identity().id("x").send().await) {
            Err(problem) => Some(problem),
            Ok(e) if !matches!(e.kind(), ErrorKind::Credentials(_)) => {
                Some(format!("not Credentials: {e}"))
            }
            Ok(e) => match e.kind() {
                // The message kept in the kind is as bounded as the line.
                ErrorKind::Credentials(m) if m.message.chars().count() > MAX_DISPLAY_CHARS => {
                    Some(format!(
                        "the kept message has {} characters",
                        m.message.chars().count()
                    ))
                }
                ErrorKind::Credentials(m) if m.message.chars().any(char::is_control) => {
                    Some("the kept message carries control characters".into())
                }
                _ => None,
            },
        };
        t.record(case, failure);
    }
    t.finish("server text in errors");
}

#[tokio::test]
async fn a_body_that_fails_after_the_headers_keeps_status_and_headers() {
    let mut t = Tally::default();
    let closed = Server::always(Reply::CloseMidBody {
        status: 200,
        declared: 1_000,
        sent: br#"{"id": "9f42"#.to_vec(),
    })
    .await;
    let trickled = Server::always(Reply::Trickle {
        status: 200,
        len: 10_000,
        every: Duration::from_millis(50),
    })
    .await;
    for (case, server) in [
        ("closed mid-body", &closed),
        ("trickled past the attempt limit", &trickled),
    ] {
        let client = Client::with_runtime(
            &server.url(),
            Client::runtime_builder()
                .retry(RetryPolicy::disabled())
                .timeouts(
                    Timeouts::default()
                        .attempt(Duration::from_millis(500))
                        .total(Duration::from_secs(60)),
                )
                .build(),
        );
        let result = client.get_identity().id("x").send().await;
        let failure = match result {
            Ok(_) => Some("succeeded".into()),
            Err(e) => {
                let transport = matches!(e.kind(), ErrorKind::Transport(_));
                let status = e.status().map(|s| s.as_u16());
                let typed = e.headers().get("content-type").is_some();
                let url = e.url().is_some_and(|u| u.ends_with("/admin/identities/x"));
                (!(transport && status == Some(200) && typed && url))
                    .then(|| format!("transport {transport}, status {status:?}, headers {typed}, url {url}: {e:?}"))
            }
        };
        t.record(case, failure);
    }
    t.finish("status and headers kept when the body fails");
}

#[tokio::test]
async fn a_call_without_credentials_names_the_token_endpoint() {
    let tokens = Server::always(Reply::typed(500, "text/plain", "boom")).await;
    let api = Server::always(Reply::json(200, "{}")).await;
    let token_url = format!("{}/oauth/token", tokens.url());
    let e = credentials_error(&oauth_client(&api, &token_url)).await;
    assert_eq!(e.url(), Some(token_url.as_str()));
    assert_eq!(api.hits(), 0);

    // Credentials that cannot be a header: the request's own URL.
    let client = Client::with_credentials(&api.url(), Credentials::bearer("bad\ntoken"));
    let e = credentials_error(&client).await;
    assert_eq!(
        e.url(),
        Some(format!("{}/admin/identities/x", api.url()).as_str())
    );
}
