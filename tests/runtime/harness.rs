//! What the runtime tests share: a scripted loopback server (answers chosen per request, every
//! request recorded), a server that accepts and never answers, a port that refuses connections,
//! a recording sleeper, a tracing capture and the secret check.

use httpmock::{HttpMockRequest, HttpMockResponse, MockServer};
use serde_json::Value;
use std::fmt::Debug;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tracing::Dispatch;
use tracing::subscriber::DefaultGuard;
use tracing_subscriber::fmt::format::FmtSpan;
use userapi::runtime::{Sleep, SleepFuture};

// ---------------------------------------------------------------------------------------------
// Secrets used by the tests: none may ever show up in logs or Debug output.
// ---------------------------------------------------------------------------------------------

/// Kratos API key (sent as `Authorization: Bearer <key>`).
pub const API_KEY: &str = "ory_pat_Kx9secretKEY";
/// A static bearer token.
pub const BEARER: &str = "static-bearer-Zq7secret";
/// SendAuth basic password.
pub const BASIC_USER: &str = "api-user";
pub const BASIC_PASSWORD: &str = "basic-pw-Hh3secret";
/// `base64("api-user:basic-pw-Hh3secret")`: the password as it travels.
pub const BASIC_ENCODED: &str = "YXBpLXVzZXI6YmFzaWMtcHctSGgzc2VjcmV0";
/// OAuth client.
pub const CLIENT_ID: &str = "client-42";
pub const CLIENT_SECRET: &str = "cl1ent-Secret-Wp4";
/// `base64("client-42:cl1ent-Secret-Wp4")`: the client secret as it travels.
pub const CLIENT_BASIC: &str = "Y2xpZW50LTQyOmNsMWVudC1TZWNyZXQtV3A0";
/// Access tokens the token endpoint hands out.
pub const TOKEN_1: &str = "tok-1-Fv8secret";
pub const TOKEN_2: &str = "tok-2-Rb6secret";
/// Tokens of the custom token source.
pub const CUSTOM_TOKEN_PREFIX: &str = "custom-tok-Lm2secret-";

/// Every secret above, and the encoded forms that would give them away.
pub const ALL_SECRETS: &[&str] = &[
    API_KEY,
    BEARER,
    BASIC_PASSWORD,
    BASIC_ENCODED,
    CLIENT_SECRET,
    CLIENT_BASIC,
    TOKEN_1,
    TOKEN_2,
    CUSTOM_TOKEN_PREFIX,
];

/// Fails when the captured logs, or the Debug rendering of any of `shown`, contain a secret.
/// The logs must not be empty (a check of nothing proves nothing).
pub fn assert_no_secrets(logs: &Logs, shown: &[&dyn Debug]) {
    let text = logs.text();
    assert!(!text.is_empty(), "no logs were captured");
    for secret in ALL_SECRETS {
        assert!(
            !text.contains(secret),
            "the logs contain the secret {secret:?}:\n{text}"
        );
    }
    for value in shown {
        for rendering in [format!("{value:?}"), format!("{value:#?}")] {
            for secret in ALL_SECRETS {
                assert!(
                    !rendering.contains(secret),
                    "Debug output contains the secret {secret:?}: {rendering}"
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Scripted loopback server
// ---------------------------------------------------------------------------------------------

type Answer = dyn Fn(usize, &HttpMockRequest) -> HttpMockResponse + Send + Sync;

/// A loopback server with one catch-all mock: request `n` (0-based, in arrival order) is
/// answered by `answer(n, &request)`; every request is recorded.
pub struct Scripted {
    pub server: MockServer,
    seen: Arc<Mutex<Vec<HttpMockRequest>>>,
}

impl Scripted {
    pub async fn start(
        answer: impl Fn(usize, &HttpMockRequest) -> HttpMockResponse + Send + Sync + 'static,
    ) -> Self {
        Self::start_delayed(Duration::ZERO, answer).await
    }

    /// Like [`start`](Self::start), each answer sent after `delay`.
    pub async fn start_delayed(
        delay: Duration,
        answer: impl Fn(usize, &HttpMockRequest) -> HttpMockResponse + Send + Sync + 'static,
    ) -> Self {
        let server = MockServer::start_async().await;
        let seen: Arc<Mutex<Vec<HttpMockRequest>>> = Arc::default();
        let record = Arc::clone(&seen);
        let answer: Arc<Answer> = Arc::new(answer);
        server
            .mock_async(move |_when, then| {
                then.delay(delay).respond_with(move |req| {
                    let n = {
                        let mut seen = record.lock().unwrap();
                        seen.push(req.clone());
                        seen.len() - 1
                    };
                    answer(n, req)
                });
            })
            .await;
        Self { server, seen }
    }

    /// Answers the requests with `answers` in order, repeating the last one.
    pub async fn sequence(answers: Vec<HttpMockResponse>) -> Self {
        assert!(!answers.is_empty());
        Self::start(move |n, _| answers[n.min(answers.len() - 1)].clone()).await
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    /// How many requests reached the server.
    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<HttpMockRequest> {
        self.seen.lock().unwrap().clone()
    }

    /// The `Authorization` header of every request received, in order.
    pub fn authorizations(&self) -> Vec<Option<String>> {
        self.requests()
            .iter()
            .map(|r| header(r, "authorization"))
            .collect()
    }
}

/// A request header (case-insensitive name); the first value.
pub fn header(req: &HttpMockRequest, name: &str) -> Option<String> {
    req.headers_vec()
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

/// A JSON answer.
pub fn json(status: u16, body: Value) -> HttpMockResponse {
    json_with(status, &[], body)
}

/// A JSON answer with extra headers.
pub fn json_with(status: u16, headers: &[(&str, &str)], body: Value) -> HttpMockResponse {
    let mut b = HttpMockResponse::builder()
        .status(status)
        .header("content-type", "application/json");
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.to_string()).build()
}

/// A plain-text answer (not JSON), for statuses whose body the runtime never decodes.
pub fn text(status: u16, body: &str) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(status)
        .header("content-type", "text/plain")
        .body(body.to_string())
        .build()
}

/// An OAuth2 token answer.
pub fn token(access_token: &str, expires_in: u64) -> HttpMockResponse {
    json(
        200,
        serde_json::json!({
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": expires_in,
        }),
    )
}

// ---------------------------------------------------------------------------------------------
// Servers that misbehave at the TCP level
// ---------------------------------------------------------------------------------------------

/// A loopback server that accepts connections, keeps them open and never answers.
pub struct Silent {
    pub addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Silent {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&accepted);
        let task = tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                open.push(socket);
            }
        });
        Self {
            addr,
            accepted,
            task,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for Silent {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A token endpoint that answers every request with `access_token` after `delay`, counting
/// requests as they arrive (a request whose caller gave up is counted too).
pub struct SlowTokens {
    pub addr: SocketAddr,
    arrived: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl SlowTokens {
    pub async fn start(delay: Duration, access_token: &'static str) -> Self {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let arrived = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&arrived);
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let count = Arc::clone(&count);
                tokio::spawn(async move {
                    // One request per connection: the head (and the small form body with it).
                    let mut buf = vec![0u8; 8192];
                    let mut read = 0;
                    while !buf[..read].windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buf[read..]).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => read += n,
                        }
                    }
                    count.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(delay).await;
                    let body = format!(
                        r#"{{"access_token":"{access_token}","token_type":"Bearer","expires_in":3600}}"#
                    );
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(answer.as_bytes()).await;
                });
            }
        });
        Self {
            addr,
            arrived,
            task,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/oauth/token", self.addr)
    }

    /// Token requests that arrived so far.
    pub fn arrived(&self) -> usize {
        self.arrived.load(Ordering::SeqCst)
    }
}

impl Drop for SlowTokens {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A loopback URL nothing listens on (a port bound, then released).
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

// ---------------------------------------------------------------------------------------------
// Waits
// ---------------------------------------------------------------------------------------------

/// A sleeper that records each requested wait and returns at once.
#[derive(Debug, Clone, Default)]
pub struct RecordingSleep(Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    /// The waits asked for, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.lock().unwrap().push(duration);
        Box::pin(std::future::ready(()))
    }
}

// ---------------------------------------------------------------------------------------------
// Tracing capture
// ---------------------------------------------------------------------------------------------

/// Everything a test's tracing subscriber wrote, as plain text.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    /// A TRACE-level fmt subscriber writing into this buffer; span closes are logged too, so
    /// each `userapi.call` span shows once with its final fields.
    pub fn dispatch(&self) -> Dispatch {
        let buf = Arc::clone(&self.0);
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_span_events(FmtSpan::CLOSE)
            .with_writer(move || LogWriter(Arc::clone(&buf)))
            .finish();
        Dispatch::new(subscriber)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// The lines logged when a `userapi.call` span closed: one per call.
    pub fn call_spans(&self) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| {
                l.contains("userapi.call{")
                    && !l.contains("userapi.attempt{")
                    && l.contains(": close ")
            })
            .map(str::to_owned)
            .collect()
    }

    /// The lines logged when a `userapi.attempt` span closed: one per HTTP request.
    pub fn attempt_spans(&self) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| l.contains("userapi.attempt{") && l.contains(": close "))
            .map(str::to_owned)
            .collect()
    }

    /// The lines of the debug events announcing a retry.
    pub fn retries(&self) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| l.contains("DEBUG") && l.contains(" retrying "))
            .map(str::to_owned)
            .collect()
    }
}

/// Captures this thread's tracing output until the guard is dropped (current-thread tests).
pub fn capture() -> (Logs, DefaultGuard) {
    let logs = Logs::default();
    let guard = tracing::dispatcher::set_default(&logs.dispatch());
    (logs, guard)
}

/// The `field=value` value of a span line, e.g. `field(line, "userapi.attempts")`.
pub fn field<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=");
    line.split([' ', '{', '}'])
        .find_map(|part| part.strip_prefix(key.as_str()))
}
