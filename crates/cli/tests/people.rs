//! `userapi people` against four loopback servers at once (Kratos, PureCloud, SendAuth,
//! Circuit) serving the `--mock` fixtures, given to the binary as base URLs and fake
//! credentials in the environment: find with a provider down, an offboard failing midway and
//! its rerun (audit log checked line by line), a dry run, the confirmation, secrets, and a
//! `--mock` run of each command (snapshots of the plan and the tables).
#![cfg(feature = "mock")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use httpmock::{Method, Mock};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;
use support::{Run, run_with, userapi};
use userapi_cli::people_mock::{self as fixtures, Fixtures, Servers, ids};

/// The fake credentials, each distinct so a leak names its source.
const KRATOS_KEY: &str = "kratos-secret-key-0001";
const PURECLOUD_TOKEN: &str = "purecloud-secret-token-0002";
const SENDAUTH_PASSWORD: &str = "sendauth-secret-password-0003";
const CIRCUIT_TOKEN: &str = "circuit-secret-token-0004";
/// `sendauth-user:sendauth-secret-password-0003` as basic auth sends it.
const SENDAUTH_BASIC: &str = "c2VuZGF1dGgtdXNlcjpzZW5kYXV0aC1zZWNyZXQtcGFzc3dvcmQtMDAwMw==";

/// The binary with every provider's base URL and credentials in its environment, no retries
/// (a failure is final at once), tables 200 columns wide, and `args`.
fn people(servers: &Servers, args: &[&str]) -> Command {
    let mut cmd = userapi();
    cmd.env("USERAPI_KRATOS_BASE_URL", servers.kratos.base_url())
        .env("USERAPI_KRATOS_API_KEY", KRATOS_KEY)
        .env("USERAPI_PURECLOUD_BASE_URL", servers.purecloud.base_url())
        .env("USERAPI_PURECLOUD_TOKEN", PURECLOUD_TOKEN)
        .env("USERAPI_SENDAUTH_BASE_URL", servers.sendauth.base_url())
        .env("USERAPI_SENDAUTH_USER", "sendauth-user")
        .env("USERAPI_SENDAUTH_PASSWORD", SENDAUTH_PASSWORD)
        .env("USERAPI_CIRCUIT_BASE_URL", servers.circuit.base_url())
        .env("USERAPI_CIRCUIT_TOKEN", CIRCUIT_TOKEN)
        .env("COLUMNS", "200");
    for p in ["KRATOS", "PURECLOUD", "SENDAUTH", "CIRCUIT"] {
        cmd.env(format!("USERAPI_{p}_RETRIES"), "0");
    }
    cmd.arg("people").args(args);
    cmd
}

/// A route on each server answering whatever no fixture route matched (registered last, so
/// it only sees those): its hits are requests the library was not expected to send.
fn unexpected(servers: &Servers) -> Vec<Mock<'_>> {
    [
        &servers.kratos,
        &servers.purecloud,
        &servers.sendauth,
        &servers.circuit,
    ]
    .into_iter()
    .map(|s| {
        s.mock(|_, then| {
            then.status(599);
        })
    })
    .collect()
}

fn assert_none_unexpected(mocks: &[Mock<'_>]) {
    for m in mocks {
        assert_eq!(m.calls(), 0, "a request no fixture route answers");
    }
}

/// Asserts no credential is in `text`.
fn assert_no_secret(text: &str) {
    for secret in [
        KRATOS_KEY,
        PURECLOUD_TOKEN,
        SENDAUTH_PASSWORD,
        SENDAUTH_BASIC,
        CIRCUIT_TOKEN,
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

fn assert_no_secret_in(run: &Run) {
    assert_no_secret(&run.stdout);
    assert_no_secret(&run.stderr);
}

/// A fresh path for an audit log, in a directory that does not exist yet.
fn audit_path(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("userapi-people-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("audit.jsonl")
}

fn audit_lines(path: &PathBuf) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A loopback address nothing listens on.
fn closed_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}

#[test]
fn find_asks_every_provider_and_names_the_one_down() {
    let servers = Servers::start();
    let routes = fixtures::register(&servers, &Fixtures::shared());
    let stray = unexpected(&servers);
    let closed = closed_url();
    let mut cmd = people(&servers, &["find", " Ada@Example.com ", "-o", "json"]);
    cmd.env("USERAPI_SENDAUTH_BASE_URL", &closed);
    let got = run_with(&mut cmd);
    assert_eq!(got.code, Some(7), "{}", got.stderr);
    let rows = got.json();
    let rows = rows.as_array().unwrap();
    let row = |provider: &str| {
        rows.iter()
            .find(|r| r["provider"] == provider)
            .unwrap_or_else(|| panic!("no {provider} row: {rows:?}"))
    };
    assert_eq!(rows.len(), 4, "{rows:?}");
    for (provider, id) in [
        ("kratos", ids::KRATOS_ADA),
        ("purecloud", ids::PURECLOUD_ADA),
        ("circuit", ids::CIRCUIT_ADA),
    ] {
        let r = row(provider);
        assert_eq!(r["id"], id);
        assert_eq!(r["email"], "ada@example.com");
        assert_eq!(r["name"], "Ada Lovelace");
        assert_eq!(r["state"], "active");
    }
    let down = row("sendauth");
    assert!(down.get("id").is_none(), "{down}");
    let error = down["error"].as_str().unwrap();
    assert!(error.starts_with("sendauth: "), "{error}");
    assert!(
        got.stderr.contains("sendauth failed"),
        "the summary names it: {}",
        got.stderr
    );
    // A table has the error column when a provider failed.
    let mut cmd = people(&servers, &["find", "ada@example.com", "-o", "table"]);
    cmd.env("USERAPI_SENDAUTH_BASE_URL", &closed);
    let table = run_with(&mut cmd);
    let header: Vec<&str> = table
        .stdout
        .lines()
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(
        header,
        ["provider", "id", "email", "name", "state", "error"]
    );
    // The others were asked anyway, once per run.
    assert_eq!(routes[0].hits("list_identities"), 2);
    assert_eq!(routes[1].hits("search_users"), 2);
    assert_eq!(routes[3].hits("get_user_by_email_address"), 2);
    assert_none_unexpected(&stray);
    assert_no_secret_in(&got);
    assert_no_secret_in(&table);
}

#[test]
fn find_prints_a_table_of_the_accounts() {
    let servers = Servers::start();
    fixtures::register(&servers, &Fixtures::shared());
    let got = run_with(&mut people(
        &servers,
        &["find", "grace@example.com", "-o", "table"],
    ));
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    insta::assert_snapshot!("find_table", got.stdout);
    // `--providers` narrows: Kratos alone is asked.
    let got = run_with(&mut people(
        &servers,
        &[
            "find",
            "grace@example.com",
            "--providers",
            "kratos",
            "-o",
            "jsonl",
        ],
    ));
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert_eq!(got.stdout.lines().count(), 1, "{}", got.stdout);
    assert_no_secret_in(&got);
}

#[test]
fn a_dry_run_sends_nothing_but_lookups() {
    let servers = Servers::start();
    let routes = fixtures::register(&servers, &Fixtures::shared());
    let stray = unexpected(&servers);
    let audit = audit_path("dry-run");
    let mut cmd = people(
        &servers,
        &[
            "offboard",
            "ada@example.com",
            "--dry-run",
            "--delete",
            "-o",
            "table",
        ],
    );
    cmd.env("USERAPI_AUDIT_LOG", &audit);
    let got = run_with(&mut cmd);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    insta::assert_snapshot!("plan_table", got.stdout);
    for r in &routes {
        assert_eq!(r.writes(), [], "no write in a dry run");
    }
    assert_none_unexpected(&stray);
    // The lookups the plan needs were made.
    assert_eq!(routes[0].hits("list_identities"), 1);
    assert_eq!(routes[0].hits("list_identity_sessions"), 1);
    assert_eq!(routes[1].hits("search_users"), 1);
    assert_eq!(routes[2].hits("list_users"), 1);
    assert_eq!(routes[2].hits("list_deleted_users"), 1);
    assert_eq!(routes[3].hits("get_user_by_email_address"), 1);
    assert!(!audit.exists(), "a dry run writes no audit log");
    assert_no_secret_in(&got);
}

#[test]
fn without_a_terminal_or_yes_nothing_is_run() {
    let servers = Servers::start();
    let routes = fixtures::register(&servers, &Fixtures::shared());
    let audit = audit_path("refused");
    let mut cmd = people(&servers, &["offboard", "ada@example.com"]);
    cmd.env("USERAPI_AUDIT_LOG", &audit);
    let got = run_with(&mut cmd);
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert!(
        got.stderr.contains("stdin is not a terminal") && got.stderr.contains("--yes"),
        "{}",
        got.stderr
    );
    // The plan was shown, nothing was run or logged.
    assert!(got.stderr.contains("patch_identity"), "{}", got.stderr);
    assert!(got.stdout.is_empty(), "{}", got.stdout);
    for r in &routes {
        assert_eq!(r.writes(), []);
    }
    assert!(!audit.exists());
}

/// One audit line as the test expects it.
fn line(provider: &str, operation: &str, target: &str, request_id: Value, outcome: &str) -> Value {
    json!({"provider": provider, "operation": operation, "target_id": target,
           "request_id": request_id, "outcome": outcome})
}

/// Checks `lines` against `want` field by field, each time RFC 3339 UTC and none before the
/// one above it; `failed` outcomes by their start.
fn assert_audit(lines: &[Value], want: &[Value]) {
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    let mut last = None;
    for (n, (got, want)) in lines.iter().zip(want).enumerate() {
        let fields: Vec<&String> = got.as_object().unwrap().keys().collect();
        assert_eq!(
            fields,
            [
                "operation",
                "outcome",
                "provider",
                "request_id",
                "target_id",
                "time"
            ],
            "line {n}: {got}"
        );
        for key in ["provider", "operation", "target_id", "request_id"] {
            assert_eq!(got[key], want[key], "line {n} {key}: {got}");
        }
        let outcome = got["outcome"].as_str().unwrap();
        let expected = want["outcome"].as_str().unwrap();
        if let Some(start) = expected.strip_suffix('*') {
            assert!(outcome.starts_with(start), "line {n}: {outcome}");
        } else {
            assert_eq!(outcome, expected, "line {n}");
        }
        let time = got["time"].as_str().unwrap();
        assert!(time.ends_with('Z'), "UTC: {time}");
        let time = chrono::DateTime::parse_from_rfc3339(time).unwrap();
        assert!(last.is_none_or(|l| l <= time), "line {n} out of order");
        last = Some(time);
    }
}

#[test]
fn an_offboard_failing_midway_is_finished_by_a_rerun() {
    let servers = Servers::start();
    let audit = audit_path("rerun");
    // PureCloud, the second provider, fails its second step (the delete).
    let failing = servers.purecloud.mock(|when, then| {
        when.method(Method::DELETE)
            .path(format!("/api/v2/users/{}", ids::PURECLOUD_ADA));
        then.status(503)
            .header("content-type", "application/json")
            .header("inin-correlation-id", "corr-503")
            .json_body(
                json!({"message": "try later", "code": "service.unavailable", "status": 503}),
            );
    });
    let routes = fixtures::register(&servers, &Fixtures::shared());
    let stray = unexpected(&servers);
    // Traced (`-v`): no secret in the trace either.
    let args = [
        "-v",
        "offboard",
        "ada@example.com",
        "--yes",
        "--delete",
        "-o",
        "json",
    ];
    let mut cmd = people(&servers, &args);
    cmd.env("USERAPI_AUDIT_LOG", &audit);
    let first = run_with(&mut cmd);
    assert_eq!(first.code, Some(7), "{}", first.stderr);
    assert!(first.stderr.contains("1 failed"), "{}", first.stderr);
    // Each step on stderr as it ran.
    assert!(
        first.stderr.contains(&format!(
            "userapi: purecloud: delete {} (delete_user): failed: purecloud: ",
            ids::PURECLOUD_ADA
        )),
        "{}",
        first.stderr
    );
    assert_eq!(failing.calls(), 1);
    let writes: Vec<Vec<(&str, usize)>> = routes.iter().map(|r| r.writes()).collect();
    assert_eq!(
        writes,
        [
            vec![
                ("patch_identity", 1),
                ("delete_identity_sessions", 1),
                ("delete_identity_credentials", 1),
                ("delete_identity", 1),
            ],
            // Its delete went to the failing route above.
            vec![("patch_user", 1)],
            // Past the failing provider: SendAuth still ran.
            vec![
                ("remove_user_passkey", 1),
                ("delete_user", 1),
                ("destroy_user", 1),
            ],
            vec![],
        ]
    );
    assert_none_unexpected(&stray);
    let rows = first.json();
    let failed: Vec<&Value> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["outcome"].as_str().unwrap().starts_with("failed"))
        .collect();
    assert_eq!(failed.len(), 1, "{rows}");
    assert_eq!(failed[0]["operation"], "delete_user");
    assert_eq!(failed[0]["provider"], "purecloud");

    let (k, p, s) = (ids::KRATOS_ADA, ids::PURECLOUD_ADA, ids::SENDAUTH_ADA);
    let mut want = vec![
        line(
            "kratos",
            "patch_identity",
            k,
            json!("patch_identity-9f1c2b1e"),
            "done",
        ),
        line(
            "kratos",
            "delete_identity_sessions",
            k,
            json!("delete_identity_sessions-9f1c2b1e"),
            "done",
        ),
        line(
            "kratos",
            "delete_identity_credentials",
            k,
            json!("delete_identity_credentials-9f1c2b1e"),
            "done",
        ),
        line(
            "kratos",
            "delete_identity",
            k,
            json!("delete_identity-9f1c2b1e"),
            "done",
        ),
        line(
            "purecloud",
            "patch_user",
            p,
            json!("patch_user-5e0b8a52"),
            "done",
        ),
        line(
            "purecloud",
            "delete_user",
            p,
            json!("corr-503"),
            "failed: purecloud: *",
        ),
        line(
            "sendauth",
            "remove_user_passkey",
            s,
            json!("remove_user_passkey-3d6f0c1a"),
            "done",
        ),
        line(
            "sendauth",
            "delete_user",
            s,
            json!("delete_user-3d6f0c1a"),
            "done",
        ),
        line(
            "sendauth",
            "destroy_user",
            s,
            json!("destroy_user-3d6f0c1a"),
            "done",
        ),
    ];
    assert_audit(&audit_lines(&audit), &want);

    // The servers as the first run left them: Ada gone from Kratos and SendAuth, inactive in
    // PureCloud (one version on); the delete answers now.
    servers.reset();
    let mut after = Fixtures::shared();
    after.kratos.retain(|i| i["id"] != ids::KRATOS_ADA);
    after.kratos_sessions.clear();
    after.sendauth.retain(|u| u["id"] != ids::SENDAUTH_ADA);
    for user in &mut after.purecloud {
        if user["id"] == ids::PURECLOUD_ADA {
            user["state"] = json!("inactive");
            user["version"] = json!(4);
        }
    }
    let routes = fixtures::register(&servers, &after);
    let stray = unexpected(&servers);
    let second = run_with(&mut cmd);
    assert_eq!(second.code, Some(0), "{}", second.stderr);
    let writes: Vec<Vec<(&str, usize)>> = routes.iter().map(|r| r.writes()).collect();
    assert_eq!(writes, [vec![], vec![("delete_user", 1)], vec![], vec![]]);
    assert_none_unexpected(&stray);
    want.extend([
        line("purecloud", "patch_user", p, Value::Null, "already done"),
        line(
            "purecloud",
            "delete_user",
            p,
            json!("delete_user-5e0b8a52"),
            "done",
        ),
    ]);
    let lines = audit_lines(&audit);
    assert_audit(&lines, &want);
    let text = std::fs::read_to_string(&audit).unwrap();
    assert_no_secret(&text);
    assert_no_secret_in(&first);
    assert_no_secret_in(&second);
}

#[test]
fn usage_errors_come_before_any_call() {
    let servers = Servers::start();
    let stray = unexpected(&servers);
    let got = run_with(&mut people(
        &servers,
        &[
            "--base-url",
            "http://127.0.0.1:1",
            "find",
            "ada@example.com",
        ],
    ));
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert!(got.stderr.contains("--providers"), "{}", got.stderr);
    let got = run_with(&mut people(
        &servers,
        &["find", "ada@example.com", "--providers", "pingone"],
    ));
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert!(got.stderr.contains("no people directory"), "{}", got.stderr);
    // Circuit cannot list: a diff with it is refused before any call.
    let got = run_with(&mut people(
        &servers,
        &["diff", "--from", "kratos", "--against", "circuit"],
    ));
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert!(got.stderr.contains("circuit cannot list"), "{}", got.stderr);
    // Nothing configured: a usage error naming what to set.
    let got = support::run(&["people", "find", "ada@example.com"]);
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert!(got.stderr.contains("--mock"), "{}", got.stderr);
    assert_none_unexpected(&stray);
}

/// `userapi --mock people ...` with `args`, the audit log at `audit`.
fn mock(args: &[&str], audit: &PathBuf) -> Run {
    let mut cmd = userapi();
    cmd.env("COLUMNS", "200")
        .env("USERAPI_AUDIT_LOG", audit)
        .args(["--mock", "people"])
        .args(args);
    run_with(&mut cmd)
}

#[test]
fn every_command_works_under_mock() {
    let audit = audit_path("mock");
    let find = mock(&["find", "ada@example.com", "-o", "table"], &audit);
    assert_eq!(find.code, Some(0), "{}", find.stderr);
    insta::assert_snapshot!("mock_find", find.stdout);
    let plan = mock(
        &["offboard", "ada@example.com", "--dry-run", "-o", "table"],
        &audit,
    );
    assert_eq!(plan.code, Some(0), "{}", plan.stderr);
    insta::assert_snapshot!("mock_plan", plan.stdout);
    assert!(!audit.exists());
    let run = mock(
        &["offboard", "ada@example.com", "--yes", "-o", "table"],
        &audit,
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    insta::assert_snapshot!("mock_offboard", run.stdout);
    // The plan came first on stderr, the summary last.
    assert!(run.stderr.starts_with("provider"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("6 done, 0 failed, 0 left for the next run"),
        "{}",
        run.stderr
    );
    assert_eq!(audit_lines(&audit).len(), 6);
    // Nobody to offboard: nothing asked, run or logged.
    std::fs::remove_file(&audit).unwrap();
    let nobody = mock(&["offboard", "nobody@example.com"], &audit);
    assert_eq!(nobody.code, Some(0), "{}", nobody.stderr);
    assert!(nobody.stderr.contains("nothing to do"), "{}", nobody.stderr);
    assert!(!audit.exists());
    let diff = mock(
        &[
            "diff",
            "--from",
            "kratos",
            "--against",
            "purecloud",
            "-o",
            "table",
        ],
        &audit,
    );
    assert_eq!(diff.code, Some(0), "{}", diff.stderr);
    insta::assert_snapshot!("mock_diff", diff.stdout);
}

/// `userapi --mock people offboard ada@example.com` in a pseudo-terminal, `typed` on its
/// stdin: the exit code, what the terminal showed, and the audit log's lines.
#[cfg(unix)]
fn offboard_in_terminal(typed: &str, name: &str) -> (u32, String, usize) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::{Read, Write};
    let audit = audit_path(name);
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_userapi"));
    cmd.args(["--mock", "people", "offboard", "ada@example.com"]);
    cmd.env_clear();
    cmd.env("TERM", "xterm");
    cmd.env("USERAPI_CONFIG", support::NO_PROFILE_FILE);
    cmd.env("USERAPI_AUDIT_LOG", &audit);
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    // Typed ahead: the terminal keeps the line until the prompt reads it.
    let mut writer = pty.master.take_writer().unwrap();
    writer.write_all(typed.as_bytes()).unwrap();
    writer.flush().unwrap();
    let (send, seen) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut shown = Vec::new();
        let _ = reader.read_to_end(&mut shown);
        let _ = send.send(shown);
    });
    // Real time only as a guard against a hang (a prompt never answered): the run takes well
    // under a second; a minute is for a loaded machine.
    let shown = match seen.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(shown) => shown,
        Err(_) => {
            let _ = child.kill();
            panic!("the offboard did not end");
        }
    };
    let code = child.wait().unwrap().exit_code();
    let lines = std::fs::read_to_string(&audit).map_or(0, |t| t.lines().count());
    (code, String::from_utf8_lossy(&shown).into_owned(), lines)
}

#[cfg(unix)]
#[test]
fn on_a_terminal_the_plan_runs_only_when_confirmed() {
    let (code, shown, lines) = offboard_in_terminal("no\n", "declined");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("Run these 6 steps?"), "{shown}");
    assert!(shown.contains("not confirmed: nothing was run"), "{shown}");
    assert_eq!(lines, 0, "nothing run, nothing logged");
    let (code, shown, lines) = offboard_in_terminal("y\n", "confirmed");
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("6 done, 0 failed"), "{shown}");
    assert_eq!(lines, 6);
}

#[test]
fn a_provider_down_while_planning_does_not_stop_the_others() {
    let servers = Servers::start();
    let routes = fixtures::register(&servers, &Fixtures::shared());
    let audit = audit_path("planning-down");
    let mut cmd = people(
        &servers,
        &["offboard", "ada@example.com", "--yes", "-o", "json"],
    );
    cmd.env("USERAPI_AUDIT_LOG", &audit)
        .env("USERAPI_KRATOS_BASE_URL", closed_url());
    let got = run_with(&mut cmd);
    assert_eq!(got.code, Some(7), "{}", got.stderr);
    assert!(
        got.stderr.contains("the lookup of 1 provider(s) failed"),
        "{}",
        got.stderr
    );
    // The plan on stderr names Kratos's failure; the others' steps ran.
    assert!(got.stderr.contains("failed: kratos: "), "{}", got.stderr);
    let writes: Vec<Vec<(&str, usize)>> = routes.iter().map(|r| r.writes()).collect();
    assert_eq!(
        writes,
        [
            vec![],
            vec![("patch_user", 1)],
            vec![("remove_user_passkey", 1), ("delete_user", 1)],
            vec![],
        ]
    );
    assert_eq!(audit_lines(&audit).len(), 3);
    assert_no_secret_in(&got);
}

#[test]
fn a_profile_configures_a_provider_for_people() {
    let servers = Servers::start();
    let routes = fixtures::register(&servers, &Fixtures::shared());
    let dir = std::env::temp_dir().join(format!("userapi-people-profile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(
        &file,
        format!(
            "[profiles.default.kratos]\nbase_url = \"{}\"\n",
            servers.kratos.base_url()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Only the profile: Kratos is the one provider configured.
    let mut cmd = userapi();
    cmd.env("USERAPI_CONFIG", &file)
        .args(["people", "find", "ada@example.com", "-o", "jsonl"]);
    let got = run_with(&mut cmd);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let rows: Vec<Value> = got
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 1, "{}", got.stdout);
    assert_eq!(rows[0]["provider"], "kratos");
    assert_eq!(rows[0]["id"], ids::KRATOS_ADA);
    assert_eq!(routes[0].hits("list_identities"), 1);
    assert_eq!(routes[1].hits("search_users"), 0);
    let _ = std::fs::remove_dir_all(&dir);
}
