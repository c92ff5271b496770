//! Test support: a loopback httpmock server that records the request as sent, and a stable
#![allow(dead_code)] // shared by several test binaries; each uses part of it
//! text rendering of it for insta snapshots.

use httpmock::{HttpMockRequest, MockServer};
use std::sync::{Arc, Mutex};

/// Headers whose value changes from run to run (the port) are left out of snapshots.
const VOLATILE_HEADERS: [&str; 1] = ["host"];

/// A mock server with one catch-all route answering `status` with `body`, recording requests.
pub struct Wire {
    pub server: MockServer,
    seen: Arc<Mutex<Vec<HttpMockRequest>>>,
}

impl Wire {
    /// Answers every request with `status` and a JSON `body` (or no body).
    pub async fn answer(status: u16, body: Option<serde_json::Value>) -> Self {
        let text = body.map(|b| b.to_string());
        Self::answer_raw(status, text.as_deref(), "application/json").await
    }

    /// Answers every request with `status` and `body` as given, of media type `content_type`.
    pub async fn answer_raw(status: u16, body: Option<&str>, content_type: &str) -> Self {
        let server = MockServer::start_async().await;
        let seen: Arc<Mutex<Vec<HttpMockRequest>>> = Arc::default();
        let record = Arc::clone(&seen);
        let body = body.map(str::to_owned);
        let content_type = content_type.to_owned();
        server
            .mock_async(move |when, then| {
                when.is_true(move |req| {
                    record.lock().unwrap().push(req.clone());
                    true
                });
                let then = then.status(status);
                if let Some(body) = body {
                    then.header("content-type", content_type).body(body);
                }
            })
            .await;
        Self { server, seen }
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// How many requests reached the server.
    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// The last request, rendered for a snapshot.
    pub fn last_request(&self) -> String {
        let seen = self.seen.lock().unwrap();
        let req = seen.last().expect("no request reached the mock server");
        render(req)
    }
}

/// Asserts the request reached the server with no body and no `Content-Type`: an optional
/// request body left unset is not sent (the answer, an undeclared 299, is not the point).
pub fn assert_sent_without_body<T: std::fmt::Debug, E: std::fmt::Debug>(
    wire: &Wire,
    result: Result<T, E>,
    what: &str,
) {
    let err = format!("{:?}", result.expect_err("299 is undeclared"));
    assert!(
        err.contains("299"),
        "{what}: the undeclared status is reported: {err}"
    );
    assert_eq!(wire.hits(), 1, "{what}: the request was not sent");
    let request = wire.last_request();
    assert!(!request.contains("content-type"), "{what}: {request}");
    assert!(
        request.ends_with("\n") && !request.contains("\n\n"),
        "{what}: a body was sent: {request}"
    );
}

/// Method, path and query, sorted headers (less volatile ones), then the body (JSON pretty
/// printed with sorted keys).
pub fn render(req: &HttpMockRequest) -> String {
    let mut out = format!(
        "{} {}\n",
        req.method_str(),
        req.uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    );
    let mut headers: Vec<(String, String)> = req
        .headers_vec()
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .filter(|(k, _)| !VOLATILE_HEADERS.contains(&k.as_str()))
        .collect();
    headers.sort();
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\n"));
    }
    let body = req.body_ref();
    if !body.is_empty() {
        out.push('\n');
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(json) => out.push_str(&serde_json::to_string_pretty(&json).unwrap()),
            Err(_) => out.push_str(&String::from_utf8_lossy(body)),
        }
        out.push('\n');
    }
    out
}

/// Checks what every error of a call that reached a loopback server carries: its operation, a
/// method, the URL it went to, the status that arrived; and that `Display` names them on one
/// line.
pub fn assert_answered<E>(error: &userapi::runtime::Error<E>, status: u16) {
    let operation = error.operation();
    assert!(
        !operation.is_empty() && !error.provider().is_empty() && !error.method().is_empty(),
        "{error}"
    );
    let url = error.url().unwrap_or_default();
    assert!(url.starts_with("http://127.0.0.1:"), "no URL in {error:?}");
    assert_eq!(
        error.status().map(|s| s.as_u16()),
        Some(status),
        "{error:?}"
    );
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "{shown}");
    assert!(
        shown.starts_with(&format!(
            "{} {operation} {} {url}: {status}",
            error.provider(),
            error.method()
        )),
        "{shown}"
    );
}

/// The body of an error as text (it must have one).
pub fn body_text<E>(error: &userapi::runtime::Error<E>) -> String {
    String::from_utf8_lossy(error.body().expect("the body is kept")).into_owned()
}

/// Checks that `error` is an answer the spec does not describe (an undeclared status, or a body
/// that is not the promised JSON) that kept `status` and its context, and returns its body text.
pub fn undescribed_body<E>(error: &userapi::runtime::Error<E>, status: u16) -> String {
    assert!(
        matches!(
            error.kind(),
            userapi::runtime::ErrorKind::UnexpectedStatus
                | userapi::runtime::ErrorKind::InvalidBody(_)
        ),
        "{error:?}"
    );
    assert_answered(error, status);
    body_text(error)
}
