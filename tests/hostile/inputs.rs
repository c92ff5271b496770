//! Caller input that tries to leave its place: path parameters that would climb or split the
//! path, header values that would split the header, base URLs that are not what they seem.
//! Each is checked against what the server received.

use crate::calls::{self, Call};
use crate::outcome::Outcome;
use crate::server::{Reply, Server};
use crate::tally::Tally;
use userapi::runtime::{Operation, RetryPolicy};

/// Values a path parameter must carry inside its one segment, exactly.
fn contained() -> Vec<String> {
    let mut v: Vec<String> = [
        "/",
        r"\",
        "a/../b",
        r"..\..\..\identities\OTHER\credentials\password",
        r"..\..\env-2\users\victim",
        "%2e%2e",
        "%2E%2E%2F",
        "%5C",
        "..%5C..",
        "?x=1",
        "#frag",
        "a;b=c",
        "\r\nX-Injected: 1",
        "\0",
        "zoë 東京",
        "...",
    ]
    .map(String::from)
    .to_vec();
    // Long (20 KB encoded), yet three of them stay under the 64 KiB the `http` crate allows a
    // URI.
    v.push("a/..\\".repeat(2_000));
    v
}

/// A 1 MB value: the `http` crate refuses URIs over 64 KiB, so the call must fail before
/// sending, without a panic.
fn too_long() -> String {
    "a".repeat(1 << 20)
}

/// Values that cannot stay one segment (the URL parser folds them whatever their encoding):
/// refused before sending.
const REFUSED: &[&str] = &["", ".", ".."];

/// The path parameters' segments of `template` in `path`, percent-decoded; `None` when the
/// path does not have the template's shape (another resource).
fn parameters(template: &str, base_path: &str, path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix(base_path)?;
    let got: Vec<&str> = rest.split('/').collect();
    let want: Vec<&str> = template.split('/').collect();
    if got.len() != want.len() {
        return None;
    }
    let mut values = Vec::new();
    for (g, w) in got.iter().zip(&want) {
        if w.starts_with('{') {
            values.push(percent_decode(g)?);
        } else if g != w {
            return None;
        }
    }
    Some(values)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn paths_of<C>(
    tally: &mut Tally,
    operations: &[Operation],
    calls: Vec<Call<C>>,
    base_path: &str,
    make: impl Fn(&str) -> C,
) {
    let server = Server::always(Reply::json(200, "{}")).await;
    let client = make(&format!("{}{base_path}", server.url()));
    for call in &calls {
        let op = operations
            .iter()
            .find(|o| o.id == call.op)
            .expect("an operation");
        if !op.path.contains('{') {
            continue;
        }
        for value in contained() {
            let before = server.hits();
            let outcome = (call.send)(&client, &value).await;
            let failure = match server.requests().get(before) {
                // A typed parameter (SendAuth's UUIDs) refuses the value before any URL exists.
                None if matches!(&outcome, Outcome::InvalidRequest(m) if m.contains("conversion to")) => {
                    None
                }
                None => Some(format!("nothing reached the server: {outcome:?}")),
                Some(r) => match parameters(op.path, base_path, r.path()) {
                    Some(values) if values.iter().all(|v| *v == value) => None,
                    Some(values) => Some(format!("the server read {values:?}")),
                    None => Some(format!(
                        "reached another path: {} {}",
                        r.method,
                        r.path().chars().take(200).collect::<String>()
                    )),
                },
            };
            let shown: String = value.escape_debug().take(40).collect();
            tally.record(
                "path parameter kept in its segment",
                failure.map(|f| format!("{} {shown}: {f}", call.op)),
            );
        }
        let before = server.hits();
        let outcome = (call.send)(&client, &too_long()).await;
        tally.record(
            "1 MB path parameter: refused, nothing sent",
            (outcome.is_ok() || server.hits() != before).then(|| {
                format!("{}: {outcome:?}", call.op)
                    .chars()
                    .take(300)
                    .collect()
            }),
        );
        for value in REFUSED {
            let before = server.hits();
            let outcome = (call.send)(&client, value).await;
            let failure = match (&outcome, server.hits() - before) {
                (Outcome::InvalidRequest(m), 0)
                    if (m.contains(call.op) && m.contains("must not be empty"))
                        || m.contains("conversion to") =>
                {
                    None
                }
                (o, sent) => Some(format!("{} {value:?}: {o:?}, {sent} sent", call.op)),
            };
            tally.record("empty or dot path parameter refused", failure);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn path_parameters_never_reach_another_resource() {
    use userapi::{circuit, kratos, pingone, purecloud, sendauth};
    let none = RetryPolicy::disabled();
    let mut t = Tally::default();
    paths_of(&mut t, pingone::OPERATIONS, calls::pingone(), "/v1", |u| {
        pingone::Client::with_bearer(u, "t").with_retry(none)
    })
    .await;
    paths_of(&mut t, kratos::OPERATIONS, calls::kratos(), "", |u| {
        kratos::Client::unauthenticated(u).with_retry(none)
    })
    .await;
    paths_of(&mut t, purecloud::OPERATIONS, calls::purecloud(), "", |u| {
        purecloud::Client::with_bearer(u, "t").with_retry(none)
    })
    .await;
    paths_of(&mut t, sendauth::OPERATIONS, calls::sendauth(), "", |u| {
        sendauth::Client::with_basic(u, "u", "p").with_retry(none)
    })
    .await;
    paths_of(
        &mut t,
        circuit::OPERATIONS,
        calls::circuit(),
        "/rest/v2",
        |u| circuit::Client::with_bearer(u, "t").with_retry(none),
    )
    .await;
    t.finish("hostile path parameters: every operation with a path parameter");
}

#[tokio::test]
async fn header_parameters_carry_visible_ascii_only() {
    use userapi::pingone::Client;
    let server = Server::always(Reply::json(200, "{}")).await;
    let client = Client::with_bearer(&format!("{}/v1", server.url()), "t");
    let mut t = Tally::default();
    for (value, what) in [
        ("abc\r\nX-Injected: 1", "line break or NUL"),
        ("abc\nX-Injected: 1", "line break or NUL"),
        ("abc\0", "line break or NUL"),
        ("abc\u{7f}", "control character"),
        ("abc\u{1b}[31m", "control character"),
        ("zoë", "non-ASCII character"),
    ] {
        let before = server.hits();
        let outcome = Outcome::of(
            "list_verify_transactions",
            client
                .list_verify_transactions()
                .environment_id("env")
                .user_id("user")
                .x_ping_external_session_id(value)
                .send()
                .await,
        );
        let failure = match (&outcome, server.hits() - before) {
            (Outcome::InvalidRequest(m), 0)
                if m.contains("list_verify_transactions")
                    && m.contains("X-Ping-External-Session-ID")
                    && m.contains(what) =>
            {
                None
            }
            (o, sent) => Some(format!("{value:?}: {o:?}, {sent} sent")),
        };
        t.record(
            "bad header value refused, naming header and operation",
            failure,
        );
    }
    let outcome = Outcome::of(
        "get_verify_transaction",
        client
            .get_verify_transaction()
            .environment_id("env")
            .user_id("user")
            .transaction_id("tx")
            .x_ping_external_transaction_id("trace 42\t~!")
            .send()
            .await,
    );
    let arrived = server
        .requests()
        .last()
        .and_then(|r| r.headers.get("x-ping-external-transaction-id").cloned());
    t.record(
        "good header value arrives unchanged",
        (outcome.is_ok() && arrived.as_deref() == Some(&b"trace 42\t~!"[..]))
            .then_some(())
            .map_or(Some(format!("{outcome:?}, arrived {arrived:?}")), |_| None),
    );
    t.finish("hostile header parameters");
}

#[tokio::test]
async fn odd_base_urls_are_refused_on_the_first_call_saying_why() {
    use userapi::kratos::Client;
    let server = Server::always(Reply::json(
        200,
        r#"{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"d","schema_url":"u","traits":{}}"#,
    )).await;
    let host = server.addr.to_string();
    let mut t = Tally::default();
    for (url, says) in [
        (host.clone(), "has no scheme"),
        (format!("localhost:{}", server.addr.port()), "has no scheme"),
        (
            format!("http://admin:pw-S3cret@{host}"),
            "user name or password",
        ),
        (format!("http://{host}/?tenant=1"), "has a query"),
        (format!("http://{host}/#top"), "has a fragment"),
        (format!("ftp://{host}"), "scheme `ftp`"),
        ("http://".to_string(), "has no host"),
        (String::new(), "has no scheme"),
        (format!("http://{host}/a b"), "space or control character"),
        (
            format!("http://{host}/\r\nX: y"),
            "space or control character",
        ),
    ] {
        let client = Client::unauthenticated(&url);
        let shown = format!("{client:?}");
        let outcome = Outcome::of("get_identity", client.get_identity().id("x").send().await);
        let failure = match &outcome {
            _ if shown.contains("pw-S3cret") => Some(format!("Debug shows the password: {shown}")),
            Outcome::InvalidRequest(m)
                if m.contains(says) && m.contains("get_identity") && !m.contains("pw-S3cret") =>
            {
                None
            }
            o => Some(format!("{url:?}: {o:?}")),
        };
        t.record("odd base URL refused before sending", failure);
    }
    t.record(
        "no request sent for any odd base URL",
        (server.hits() == 0)
            .then_some(())
            .map_or(Some(format!("{} sent", server.hits())), |_| None),
    );
    for url in [
        format!("http://{host}"),
        format!("http://{host}/"),
        format!("HTTP://{host}//"),
    ] {
        let outcome = Outcome::of(
            "get_identity",
            Client::unauthenticated(&url)
                .get_identity()
                .id("x")
                .send()
                .await,
        );
        t.record(
            "good base URL works",
            outcome
                .is_ok()
                .then_some(())
                .map_or(Some(format!("{url}: {outcome:?}")), |_| None),
        );
    }
    t.finish("odd base URLs");
}
