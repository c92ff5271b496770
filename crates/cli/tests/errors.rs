//! What goes wrong, through the binary: usage errors, API errors, transport failures and
//! unusable answers each get one line on stderr naming the operation (and the status when an
//! answer came) and their own exit code; secrets never show; hostile values are encoded as the
//! library encodes them; `--all` pages through a real (loopback) server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::time::Duration;
use support::{Recorder, Reply, run, run_with, userapi};
use userapi_cli::code;

fn kratos(server: &Recorder, args: &[&str]) -> support::Run {
    let mut all = vec![
        "--base-url",
        server.url.as_str(),
        "--retries",
        "0",
        "kratos",
    ];
    all.extend_from_slice(args);
    run(&all)
}

fn one_line(stderr: &str) -> &str {
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line on stderr: {stderr}");
    lines[0]
}

#[test]
fn usage_errors_exit_2_and_say_what_is_wrong() {
    let cases: [(&[&str], &str); 9] = [
        (&["nope", "x"], "nope"),
        (&["kratos", "get-identiti", "--id", "x"], "get-identity"),
        (
            &["--base-url", "http://127.0.0.1:9", "kratos", "get-identity"],
            "--id",
        ),
        (
            &[
                "--base-url",
                "http://127.0.0.1:9",
                "kratos",
                "list-identities",
                "--page-size",
                "0",
            ],
            "--page-size",
        ),
        (
            &[
                "--base-url",
                "http://127.0.0.1:9",
                "kratos",
                "list-identities",
                "--per-page",
                "many",
            ],
            "invalid value 'many' for --per-page",
        ),
        (
            &["kratos", "get-identity", "--id", "x"],
            "USERAPI_KRATOS_BASE_URL",
        ),
        (
            &["sendauth", "list-users"],
            "--user (USERAPI_SENDAUTH_USER) and --password (USERAPI_SENDAUTH_PASSWORD)",
        ),
        (
            &[
                "--base-url",
                "http://127.0.0.1:9",
                "--timeout",
                "soon",
                "kratos",
                "get-identity",
                "--id",
                "x",
            ],
            "--timeout",
        ),
        // The provider crate's own check, with the flag named beside the variable.
        (
            &[
                "--region",
                "mars",
                "--token",
                "t",
                "pingone",
                "list-verify-transactions",
                "--environment-id",
                "e",
                "--user-id",
                "u",
            ],
            "--region (USERAPI_PINGONE_REGION): not a PingOne region",
        ),
    ];
    for (args, says) in cases {
        let got = run(args);
        assert_eq!(
            got.code,
            Some(i32::from(code::USAGE)),
            "{args:?}: {}",
            got.stderr
        );
        assert!(got.stderr.contains(says), "{args:?}: {}", got.stderr);
        assert!(got.stdout.is_empty(), "{args:?}: {}", got.stdout);
    }
}

#[test]
fn a_bad_body_exits_2_naming_the_file_and_the_field() {
    let dir = std::env::temp_dir().join(format!("userapi-cli-body-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("identity.json");
    std::fs::write(
        &file,
        r#"{"schema_id": "default", "traits": {}, "state": 7}"#,
    )
    .unwrap();
    let server = Recorder::start(|_| Reply::json(201, "{}"));
    let path = file.display().to_string();
    let got = kratos(&server, &["create-identity", "--body", &path]);
    assert_eq!(got.code, Some(i32::from(code::USAGE)), "{}", got.stderr);
    let line = one_line(&got.stderr);
    assert!(line.contains(&path) && line.contains("`state`"), "{line}");
    let missing = kratos(
        &server,
        &["create-identity", "--body", "/nonexistent/identity.json"],
    );
    assert_eq!(missing.code, Some(i32::from(code::USAGE)));
    assert!(
        missing.stderr.contains("/nonexistent/identity.json"),
        "{}",
        missing.stderr
    );
    assert!(
        server.requests().is_empty(),
        "nothing is sent for a bad body"
    );
    // Standard input.
    let mut cmd = userapi();
    cmd.args([
        "--base-url",
        &server.url,
        "--compact",
        "kratos",
        "create-identity",
        "--body",
        "-",
    ]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"schema_id": "default", "traits": {"email": "a@example.com"}}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "201 with `{{}}` is not an identity: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sent: serde_json::Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    assert_eq!(sent["traits"]["email"], "a@example.com");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn api_errors_exit_3_or_4_with_operation_status_and_request_id() {
    let server = Recorder::start(|r| {
        if r.path.ends_with("/gone") {
            Reply::json(
                404,
                r#"{"error":{"code":404,"status":"Not Found","message":"Unable to locate the resource","request":"7c1f-42"}}"#,
            )
        } else {
            Reply::json(
                503,
                r#"{"error":{"code":503,"message":"down for maintenance"}}"#,
            )
        }
    });
    let got = kratos(&server, &["get-identity", "--id", "gone"]);
    assert_eq!(
        got.code,
        Some(i32::from(code::CLIENT_ERROR)),
        "{}",
        got.stderr
    );
    let line = one_line(&got.stderr);
    let url = format!("{}/admin/identities/gone", server.url);
    for part in [
        "kratos get_identity GET",
        url.as_str(),
        "404",
        "Unable to locate the resource",
        "7c1f-42",
    ] {
        assert!(line.contains(part), "{part} in {line}");
    }
    assert!(got.stdout.is_empty());
    let got = kratos(&server, &["get-identity", "--id", "busy"]);
    assert_eq!(
        got.code,
        Some(i32::from(code::SERVER_ERROR)),
        "{}",
        got.stderr
    );
    assert!(one_line(&got.stderr).contains("503"), "{}", got.stderr);
    assert_eq!(server.requests().len(), 2, "--retries 0: one attempt each");
}

#[test]
fn flags_come_before_the_environment_and_every_oauth_provider_takes_a_token_url() {
    let server = Recorder::start(|r| match r.path.as_str() {
        "/oauth/token" => Reply::json(
            200,
            r#"{"access_token":"tok-from-flag-url","token_type":"bearer","expires_in":3600}"#,
        ),
        _ => Reply::json(200, r#"{"id":"u1","name":"Ada","version":1}"#),
    });
    let token_url = format!("{}/oauth/token", server.url);
    let got = run_with(
        userapi()
            // The environment's base URL and token URL lead nowhere: the flags win.
            .env("USERAPI_PURECLOUD_BASE_URL", "http://127.0.0.1:9")
            .env(
                "USERAPI_PURECLOUD_TOKEN_URL",
                "http://127.0.0.1:9/oauth/token",
            )
            .env("USERAPI_PURECLOUD_CLIENT_ID", "id-1")
            .env("USERAPI_PURECLOUD_CLIENT_SECRET", "s3cret-from-env")
            .args([
                "--base-url",
                &server.url,
                "--oauth-token-url",
                &token_url,
                "--retries",
                "0",
                "purecloud",
                "get-me",
            ]),
    );
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let sent = server.requests();
    let paths: Vec<&str> = sent.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(paths, ["/oauth/token", "/api/v2/users/me"]);
    assert_eq!(sent[1].headers["authorization"], "Bearer tok-from-flag-url");
}

#[test]
fn retries_come_from_the_flag() {
    let server = Recorder::start(|_| Reply::json(503, "{}").header("retry-after", "0"));
    let got = run(&[
        "--base-url",
        &server.url,
        "--retries",
        "2",
        "kratos",
        "get-identity",
        "--id",
        "x",
    ]);
    assert_eq!(
        got.code,
        Some(i32::from(code::SERVER_ERROR)),
        "{}",
        got.stderr
    );
    assert_eq!(server.requests().len(), 3, "one attempt and two retries");
}

#[test]
fn no_answer_exits_5() {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let got = run(&[
        "--base-url",
        &url,
        "--retries",
        "0",
        "kratos",
        "get-identity",
        "--id",
        "x",
    ]);
    assert_eq!(got.code, Some(i32::from(code::TRANSPORT)), "{}", got.stderr);
    assert!(
        one_line(&got.stderr).contains("kratos get_identity GET"),
        "{}",
        got.stderr
    );

    // An answer that would come long after the 300 ms limit, however loaded the machine: a
    // call that ends with a timeout was ended by the limit (the server's thread is detached).
    let slow = Recorder::start(|_| {
        let mut r = Reply::json(200, "{}");
        r.delay = Duration::from_secs(60);
        r
    });
    let got = run(&[
        "--base-url",
        &slow.url,
        "--timeout",
        "300ms",
        "kratos",
        "get-identity",
        "--id",
        "x",
    ]);
    assert_eq!(got.code, Some(i32::from(code::TRANSPORT)), "{}", got.stderr);
    assert!(
        one_line(&got.stderr).contains("kratos get_identity"),
        "{}",
        got.stderr
    );
    // The limit the last attempt had: what was left of the 300 ms (load can only shrink it),
    // not the 30 s an attempt gets by default.
    let limit_ms: Option<u64> = one_line(&got.stderr)
        .split("timed out after ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|ms| ms.trim().parse().ok());
    assert!(
        limit_ms.is_some_and(|ms| ms <= 300),
        "the 300 ms limit ended the call: {}",
        got.stderr
    );
}

#[test]
fn unusable_answers_exit_6_keeping_the_status() {
    let server = Recorder::start(|_| {
        let mut r = Reply::json(200, "<html>maintenance</html>");
        r.headers = vec![("content-type".into(), "text/html".into())];
        r
    });
    let got = kratos(&server, &["get-identity", "--id", "x"]);
    assert_eq!(
        got.code,
        Some(i32::from(code::BAD_ANSWER)),
        "{}",
        got.stderr
    );
    let line = one_line(&got.stderr);
    assert!(
        line.contains("kratos get_identity") && line.contains("200"),
        "{line}"
    );

    let huge = Recorder::start(|_| Reply::json(200, &format!("[{}]", vec!["{}"; 2000].join(","))));
    let got = run(&[
        "--base-url",
        &huge.url,
        "--max-response-bytes",
        "1000",
        "kratos",
        "list-identities",
    ]);
    assert_eq!(
        got.code,
        Some(i32::from(code::BAD_ANSWER)),
        "{}",
        got.stderr
    );
}

#[test]
fn secrets_are_never_printed() {
    let server = Recorder::start(|_| Reply::json(401, r#"{"message":"bad token"}"#));
    let secret = "s3cr3t-token-value";
    let got = run(&[
        "--base-url",
        &server.url,
        "--token",
        secret,
        "--retries",
        "0",
        "purecloud",
        "get-me",
    ]);
    assert_eq!(
        got.code,
        Some(i32::from(code::CLIENT_ERROR)),
        "{}",
        got.stderr
    );
    assert!(
        !got.stderr.contains(secret) && !got.stdout.contains(secret),
        "{}",
        got.stderr
    );
    assert_eq!(
        server.requests()[0].headers["authorization"],
        format!("Bearer {secret}")
    );
    // From the environment, with --verbose tracing on.
    let got = run_with(
        userapi()
            .env("USERAPI_SENDAUTH_USER", "ops")
            .env("USERAPI_SENDAUTH_PASSWORD", secret)
            .args([
                "--base-url",
                &server.url,
                "--verbose",
                "--retries",
                "0",
                "sendauth",
                "get-user",
                "--user-id",
                "00000000-0000-4000-8000-000000000001",
            ]),
    );
    assert_eq!(
        got.code,
        Some(i32::from(code::CLIENT_ERROR)),
        "{}",
        got.stderr
    );
    assert!(
        !got.stderr.contains(secret) && !got.stdout.contains(secret),
        "{}",
        got.stderr
    );
    assert!(server.requests()[1].headers["authorization"].starts_with("Basic "));
    let help = run_with(userapi().env("USERAPI_PINGONE_TOKEN", secret).args([
        "pingone",
        "list-verify-transactions",
        "--help",
    ]));
    assert_eq!(help.code, Some(0));
    assert!(!help.stdout.contains(secret));
}

#[test]
fn hostile_values_are_encoded_as_the_library_encodes_them() {
    let server = Recorder::start(|_| Reply::json(404, "{}"));
    let id = "a/../b c?x=1#f%2e\\";
    let got = kratos(&server, &["get-identity", "--id", id]);
    assert_eq!(
        got.code,
        Some(i32::from(code::CLIENT_ERROR)),
        "{}",
        got.stderr
    );
    assert_eq!(
        server.requests()[0].path,
        format!("/admin/identities/{}", userapi_runtime::encode_path(id))
    );
    assert_eq!(
        server.requests()[0].path,
        "/admin/identities/a%2F..%2Fb%20c%3Fx%3D1%23f%252e%5C"
    );
    // A header value with a line break is refused before anything is sent.
    let got = run(&[
        "--base-url",
        &server.url,
        "--token",
        "t",
        "pingone",
        "list-verify-transactions",
        "--environment-id",
        "e",
        "--user-id",
        "u",
        "--x-ping-external-session-id",
        "a\r\nX-Evil: 1",
    ]);
    assert_eq!(got.code, Some(i32::from(code::USAGE)), "{}", got.stderr);
    assert!(
        got.stderr.contains("X-Ping-External-Session-ID"),
        "{}",
        got.stderr
    );
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn all_follows_three_pages_of_a_real_server_and_stops_at_an_error() {
    // Kratos pages with `Link` headers; page 3 is the last.
    let server = Recorder::start(|r| {
        let token = r
            .query
            .iter()
            .find(|(k, _)| k == "page_token")
            .map(|(_, v)| v.as_str());
        let (page, next) = match token {
            None => (1, Some("p2")),
            Some("p2") => (2, Some("p3")),
            Some("p3") => (3, None),
            Some(_) => return Reply::json(400, "{}"),
        };
        let body = format!(
            r#"[{{"id":"00000000-0000-4000-8000-00000000{page}00a","schema_id":"s","schema_url":"u","traits":{{}}}},{{"id":"00000000-0000-4000-8000-00000000{page}00b","schema_id":"s","schema_url":"u","traits":{{}}}}]"#
        );
        let reply = Reply::json(200, &body);
        match next {
            Some(t) => reply.header(
                "link",
                &format!("</admin/identities?page_size=2&page_token={t}>; rel=\"next\""),
            ),
            None => reply,
        }
    });
    let got = kratos(
        &server,
        &["list-identities", "--page-size", "2", "--all", "--jsonl"],
    );
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let ids: Vec<String> = got
        .stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let short: Vec<&str> = ids.iter().map(|id| &id[id.len() - 4..]).collect();
    assert_eq!(short, ["100a", "100b", "200a", "200b", "300a", "300b"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(
        requests
            .iter()
            .all(|r| r.query.contains(&("page_size".into(), "2".into()))),
        "the filter on every page"
    );

    // An error on page 2: page 1's items are printed (a closed JSON array), then the error.
    let failing = Recorder::start(|r| {
        if r.query.iter().any(|(k, _)| k == "page_token") {
            Reply::json(500, r#"{"error":{"code":500,"message":"boom"}}"#)
        } else {
            Reply::json(200, r#"[{"id":"00000000-0000-4000-8000-000000000001","schema_id":"s","schema_url":"u","traits":{}}]"#)
                .header("link", "</admin/identities?page_token=x>; rel=\"next\"")
        }
    });
    let got = kratos(&failing, &["list-identities", "--all", "--compact"]);
    assert_eq!(
        got.code,
        Some(i32::from(code::SERVER_ERROR)),
        "{}",
        got.stderr
    );
    assert_eq!(got.json()[0]["id"], "00000000-0000-4000-8000-000000000001");
    assert!(
        one_line(&got.stderr).contains("kratos list_identities GET"),
        "{}",
        got.stderr
    );
}

#[test]
fn jsonl_prints_one_item_per_line_without_all() {
    let server = Recorder::start(|_| {
        Reply::json(
            200,
            r#"[{"id":"00000000-0000-4000-8000-00000000000a","schema_id":"s","schema_url":"u","traits":{}},{"id":"00000000-0000-4000-8000-00000000000b","schema_id":"s","schema_url":"u","traits":{}}]"#,
        )
    });
    let got = kratos(&server, &["list-identities", "--jsonl"]);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert_eq!(got.stdout.lines().count(), 2, "{}", got.stdout);
}

#[test]
fn help_shows_the_spec_and_completions_cover_every_command() {
    let help = run(&["kratos", "get-identity", "--help"]);
    assert_eq!(help.code, Some(0));
    for part in [
        "GET /admin/identities/{id}",
        "--id",
        "--include-credential",
        "Example: userapi kratos get-identity --id",
    ] {
        assert!(help.stdout.contains(part), "{part} in {}", help.stdout);
    }
    let top = run(&["--help"]);
    assert!(
        top.stdout.contains("Exit codes") && top.stdout.contains("kratos"),
        "{}",
        top.stdout
    );
    let bash = run(&["completions", "bash"]);
    assert_eq!(bash.code, Some(0), "{}", bash.stderr);
    for op in [
        "list-identities",
        "get-users",
        "set-user-presence",
        "--all",
        "--oauth-client-id",
    ] {
        assert!(bash.stdout.contains(op), "{op} in the bash completions");
    }
    let zsh = run(&["completions", "zsh"]);
    assert!(zsh.stdout.contains("#compdef userapi"));
    assert_eq!(
        run(&["completions", "tcsh"]).code,
        Some(i32::from(code::USAGE))
    );
}
