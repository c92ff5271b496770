//! Every operation of every provider through the `userapi` binary against a loopback server:
//! each flag set to a value the spec accepts, the request checked on the wire (method, path
//! encoded as the library encodes it, query, headers, JSON body), and stdout checked against
//! the answer the server sent after the typed round trip (what the library would hand back).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use serde_json::Value;
use support::{CREDENTIALS, Recorder, Reply, run};
use userapi_cli::catalog::{self, Location, Operation};

#[test]
fn every_operation_reaches_the_wire_and_prints_its_answer() {
    let dir = std::env::temp_dir().join(format!("userapi-cli-ops-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for provider in catalog::providers() {
        for op in provider.operations {
            count += 1;
            if let Err(why) = one(provider.name, op, &dir) {
                failures.push(format!("{} {}: {why}", provider.name, op.name));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "cli: {count} operations run through the binary, {} failed",
        failures.len()
    );
    assert_eq!(count, 83, "the five specs have 83 operations");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn one(provider: &str, op: &'static Operation, dir: &std::path::Path) -> Result<(), String> {
    let answer = op.answer.as_ref().ok_or("no canned answer")?;
    // A paged operation's first page, so that `--all` is not needed to see it.
    let body = op.pages.first().copied().unwrap_or(answer.body);
    let reply = if body.is_empty() {
        Reply::empty(answer.status)
    } else {
        Reply::json(answer.status, body)
    };
    let server = Recorder::start(move |_| reply.clone());
    let mut args: Vec<String> = vec!["--base-url".into(), server.url.clone(), "--compact".into()];
    args.extend(CREDENTIALS.iter().map(|s| s.to_string()));
    args.extend([provider.to_string(), op.name.to_string()]);
    for p in op.params {
        for value in p.example {
            args.extend([format!("--{}", p.flag), value.to_string()]);
        }
    }
    if let Some(b) = &op.body {
        let file = dir.join(format!("{provider}-{}.json", op.name));
        std::fs::write(&file, b.example).unwrap();
        args.extend(["--body".to_string(), file.display().to_string()]);
    }
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let got = run(&argv);
    if got.code != Some(0) {
        return Err(format!("exit {:?}: {}", got.code, got.stderr));
    }
    let requests = server.requests();
    let [request] = &requests[..] else {
        return Err(format!("{} requests, expected 1", requests.len()));
    };
    if request.method != op.method {
        return Err(format!("method {} (spec: {})", request.method, op.method));
    }
    let mut path = op.path.to_string();
    let mut query = Vec::new();
    for p in op.params {
        match p.location {
            Location::Path => {
                path = path.replace(
                    &format!("{{{}}}", p.wire),
                    &userapi_runtime::encode_path(p.example[0]).to_string(),
                );
            }
            Location::Query => query.extend(
                p.example
                    .iter()
                    .map(|v| (p.wire.to_string(), v.to_string())),
            ),
            Location::Header => {
                let sent = request.headers.get(&p.wire.to_ascii_lowercase());
                if sent.map(String::as_str) != Some(p.example[0]) {
                    return Err(format!(
                        "header {}: {sent:?}, expected {:?}",
                        p.wire, p.example[0]
                    ));
                }
            }
            other => {
                return Err(format!(
                    "a parameter in {other:?}: teach this test about it"
                ));
            }
        }
    }
    if request.path != path {
        return Err(format!("path {} (expected {path})", request.path));
    }
    let mut sent_query = request.query.clone();
    sent_query.sort();
    query.sort();
    if sent_query != query {
        return Err(format!("query {sent_query:?} (expected {query:?})"));
    }
    if let Some(b) = &op.body {
        let given: Value = serde_json::from_str(b.example).unwrap();
        let sent: Value = if b.media_type == "application/x-www-form-urlencoded" {
            // A form carries each field as text.
            let text = String::from_utf8_lossy(&request.body).into_owned();
            let form = text
                .split('&')
                .filter_map(|p| p.split_once('='))
                .map(|(k, v)| (support::decode(k), Value::String(support::decode(v))));
            let given_as_text = given.as_object().unwrap().iter().map(|(k, v)| {
                (
                    k.clone(),
                    Value::String(v.as_str().map_or_else(|| v.to_string(), str::to_string)),
                )
            });
            if Value::Object(form.collect()) != Value::Object(given_as_text.collect()) {
                return Err(format!("form body {text} (given {given})"));
            }
            given.clone()
        } else {
            serde_json::from_slice(&request.body).map_err(|e| format!("body not JSON: {e}"))?
        };
        if sent != given {
            return Err(format!("body {sent} (given {given})"));
        }
    } else if !request.body.is_empty() {
        return Err("a body on an operation without one".into());
    }
    for secret in ["test-token", "test-key", "test-password"] {
        if got.stdout.contains(secret) || got.stderr.contains(secret) {
            return Err(format!("the secret {secret} was printed"));
        }
    }
    if body.is_empty() {
        return if got.stdout.is_empty() {
            Ok(())
        } else {
            Err(format!("printed {} for an empty answer", got.stdout))
        };
    }
    let printed: Value = serde_json::from_str(&got.stdout)
        .map_err(|e| format!("stdout not JSON ({e}): {}", got.stdout))?;
    let sent: Value = serde_json::from_str(body).unwrap();
    if printed != sent {
        return Err(format!("printed {printed}\n  server sent {sent}"));
    }
    Ok(())
}

/// The same values through the library and through the binary make the same request: for a
/// query with arrays and numbers, a JSON body with a path parameter, and a form body.
#[test]
fn the_binary_sends_what_the_library_sends() {
    let identity = "00000000-0000-4000-8000-000000000007";
    let user = r#"{"version":3,"name":"Ada Lovelace","department":"Engines","addresses":[{"address":"+1 555 0100","mediaType":"PHONE","type":"WORK"}]}"#;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let library = Recorder::start(|_| Reply::json(200, "[]"));
    let url = library.url.clone();
    runtime.block_on(async {
        let kratos = userapi_kratos::Client::with_api_key(&url, "test-key");
        let _ = kratos
            .list_identities()
            .ids(vec![identity.to_string(), "a b&c".to_string()])
            .page_size(std::num::NonZeroU64::new(250).unwrap())
            .credentials_identifier("ada@example.com")
            .send()
            .await;
        let purecloud = userapi_purecloud::Client::with_bearer(&url, "test-token");
        let body: userapi_purecloud::types::User = serde_json::from_str(user).unwrap();
        let _ = purecloud
            .patch_user()
            .user_id("u/1 ?")
            .body(body)
            .send()
            .await;
        let circuit = userapi_circuit::Client::with_bearer(&url, "test-token");
        let presence: userapi_circuit::types::SetUserPresenceBody =
            serde_json::from_str(r#"{"state":"DND","dndUntil":"2024-05-06T07:08:09Z"}"#).unwrap();
        let _ = circuit.set_user_presence().body(presence).send().await;
    });
    let cli = Recorder::start(|_| Reply::json(200, "[]"));
    let dir = std::env::temp_dir().join(format!("userapi-cli-same-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (user_file, presence_file) = (dir.join("user.json"), dir.join("presence.json"));
    std::fs::write(&user_file, user).unwrap();
    std::fs::write(
        &presence_file,
        r#"{"state":"DND","dndUntil":"2024-05-06T07:08:09Z"}"#,
    )
    .unwrap();
    let base = ["--base-url", cli.url.as_str(), "--retries", "0"];
    let runs: [Vec<&str>; 3] = [
        vec![
            "--api-key",
            "test-key",
            "kratos",
            "list-identities",
            "--ids",
            identity,
            "--ids",
            "a b&c",
            "--page-size",
            "250",
            "--credentials-identifier",
            "ada@example.com",
        ],
        vec![
            "--token",
            "test-token",
            "purecloud",
            "patch-user",
            "--user-id",
            "u/1 ?",
            "--body",
            user_file.to_str().unwrap(),
        ],
        vec![
            "--token",
            "test-token",
            "circuit",
            "set-user-presence",
            "--body",
            presence_file.to_str().unwrap(),
        ],
    ];
    for args in runs {
        let argv: Vec<&str> = base.iter().copied().chain(args).collect();
        run(&argv);
    }
    let _ = std::fs::remove_dir_all(&dir);
    let (ours, theirs) = (cli.requests(), library.requests());
    assert_eq!(ours.len(), 3);
    assert_eq!(theirs.len(), 3);
    for (cli, lib) in ours.iter().zip(&theirs) {
        assert_eq!(
            (&cli.method, &cli.path, &cli.query),
            (&lib.method, &lib.path, &lib.query)
        );
        // Two servers: only their ports differ.
        let without_host = |h: &std::collections::BTreeMap<String, String>| {
            let mut h = h.clone();
            h.remove("host");
            h
        };
        assert_eq!(
            without_host(&cli.headers),
            without_host(&lib.headers),
            "{} {}",
            cli.method,
            cli.path
        );
        assert_eq!(cli.body, lib.body, "{} {}", cli.method, cli.path);
    }
    assert!(
        theirs[1].path.ends_with("/u%2F1%20%3F"),
        "{}",
        theirs[1].path
    );
    assert!(theirs[2].headers["content-type"].starts_with("application/x-www-form-urlencoded"));
}
