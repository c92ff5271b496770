//! Profiles: settings and credential sources from the profile file under flags and
//! environment; a failing credential command named with its profile, never its output; no
//! secret in `config show`, errors or `--verbose` traces; a file others can read warned about.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod support;

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use support::{Recorder, Reply, Run, run_with, userapi};

/// A secret no test passes anywhere but through a credential command's output.
const SECRET: &str = "pr0file-s3cr3t-91f2";

/// A directory of this test's own, holding `config.toml` with `text`, mode 600.
fn profile_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("userapi-profiles-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, text).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    file
}

/// `userapi ARGS` with the profile file `file` and the environment `env`.
fn userapi_with(file: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = userapi();
    cmd.env("USERAPI_CONFIG", file)
        .envs(env.iter().copied())
        .args(args);
    run_with(&mut cmd)
}

/// A command printing `SECRET` without naming it: its output is in no argument or file.
fn secret_command() -> String {
    let half = SECRET.len() / 2;
    format!(
        "{{ command = [\"printf\", \"%s%s\", \"{}\", \"{}\"] }}",
        &SECRET[..half],
        &SECRET[half..]
    )
}

/// A server answering every request with the canned identity of `get-identity`.
fn ok_server() -> Recorder {
    let identity = userapi_cli::catalog::provider("kratos")
        .and_then(|p| p.operation("get-identity"))
        .and_then(|op| op.answer.as_ref())
        .map(|a| a.body)
        .unwrap();
    Recorder::start(move |_| Reply::json(200, identity))
}

/// `kratos get-identity`, which sends the API key.
const GET: [&str; 4] = ["kratos", "get-identity", "--id", "i1"];

#[test]
fn flags_override_the_environment_which_overrides_the_profile() {
    let (by_profile, by_env, by_flag) = (ok_server(), ok_server(), ok_server());
    let file = profile_file(
        "precedence",
        &format!(
            "[profiles.staging.kratos]\nbase_url = \"{}\"\napi_key = {{ env = \"STAGING_KEY\" }}\n",
            by_profile.url
        ),
    );
    let call = [&["--profile", "staging"][..], &GET].concat();
    let key = ("STAGING_KEY", "from-profile");
    let env = ("USERAPI_KRATOS_BASE_URL", by_env.url.as_str());
    let flag = ["--base-url", by_flag.url.as_str()];

    let got = userapi_with(&file, &[key], &call);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let got = userapi_with(&file, &[key, env], &call);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let got = userapi_with(&file, &[key, env], &[&flag[..], &call[..]].concat());
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let counts = [&by_profile, &by_env, &by_flag].map(|s| s.requests().len());
    assert_eq!(counts, [1, 1, 1], "profile, then environment, then flag");
    assert_eq!(
        by_profile.requests()[0]
            .headers
            .get("authorization")
            .map(String::as_str),
        Some("Bearer from-profile"),
        "the profile's credential source read"
    );

    // The environment's key over the profile's, and USERAPI_PROFILE names the profile.
    let got = userapi_with(
        &file,
        &[
            key,
            ("USERAPI_PROFILE", "staging"),
            ("USERAPI_KRATOS_API_KEY", "from-env"),
        ],
        &call[2..],
    );
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let last = by_profile.requests().pop().unwrap();
    assert_eq!(
        last.headers.get("authorization").map(String::as_str),
        Some("Bearer from-env")
    );
}

#[test]
fn a_default_profile_applies_and_a_missing_one_is_an_error() {
    let server = ok_server();
    let file = profile_file(
        "default",
        &format!("[profiles.default.kratos]\nbase_url = \"{}\"\n", server.url),
    );
    let got = userapi_with(&file, &[], &GET);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert_eq!(server.requests().len(), 1);

    let got = userapi_with(&file, &[], &[&["--profile", "prod"][..], &GET].concat());
    assert_eq!(got.code, Some(2));
    assert!(
        got.stderr.contains("no profile `prod` in"),
        "{}",
        got.stderr
    );
    let got = userapi_with(
        &file,
        &[],
        &["--profile", "default", "circuit", "get-profile"],
    );
    assert_eq!(got.code, Some(2));
    assert!(
        got.stderr
            .contains("profile `default` has no [profiles.default.circuit] section"),
        "{}",
        got.stderr
    );
}

#[test]
fn a_failing_credential_command_is_named_with_its_profile_never_its_output() {
    let server = ok_server();
    let file = profile_file(
        "failing",
        &format!(
            "[profiles.ops.kratos]\nbase_url = \"{}\"\n\
             api_key = {{ command = \"printf '%s-%s' leaked s3cr3t; exit 7\" }}\n",
            server.url
        ),
    );
    let got = userapi_with(&file, &[], &[&["--profile", "ops"][..], &GET].concat());
    assert_eq!(got.code, Some(2), "{}", got.stderr);
    assert_eq!(
        got.stderr.trim(),
        "userapi: profile `ops` (kratos): `api_key`: the credential command \
         `printf '%s-%s' leaked s3cr3t; exit 7` failed (exit status: 7)"
    );
    assert!(!got.stdout.contains("leaked-s3cr3t"));
    assert!(server.requests().is_empty(), "nothing sent");

    // A flag's key instead: the command does not run at all.
    let got = userapi_with(
        &file,
        &[],
        &[&["--profile", "ops", "--api-key", "k"][..], &GET].concat(),
    );
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    // And `--mock` needs no credentials: the command does not run either.
    let got = userapi_with(
        &file,
        &[],
        &[&["--profile", "ops", "--mock"][..], &GET].concat(),
    );
    assert_eq!(got.code, Some(0), "{}", got.stderr);
}

#[test]
fn a_secret_is_never_in_config_show_errors_or_verbose_traces() {
    let failing = Recorder::start(|_| Reply::json(401, r#"{"error":{"code":401,"message":"no"}}"#));
    let file = profile_file(
        "secret",
        &format!(
            "[profiles.staging.kratos]\nbase_url = \"{}\"\napi_key = {}\nretries = 0\n",
            failing.url,
            secret_command()
        ),
    );
    let shown = userapi_with(&file, &[], &["config", "show"]);
    assert_eq!(shown.code, Some(0), "{}", shown.stderr);
    assert!(
        shown.stdout.contains("[profiles.staging.kratos]"),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains("api_key = { command = [\"printf\""),
        "{}",
        shown.stdout
    );

    let got = userapi_with(
        &file,
        &[],
        &[&["--profile", "staging", "--verbose"][..], &GET].concat(),
    );
    assert_eq!(got.code, Some(3), "{}", got.stderr);
    assert!(got.stderr.contains("DEBUG"), "traced: {}", got.stderr);
    assert_eq!(
        failing.requests()[0]
            .headers
            .get("authorization")
            .map(String::as_str),
        Some(format!("Bearer {SECRET}").as_str()),
        "the command's output is the credential sent"
    );
    for text in [&shown.stdout, &shown.stderr, &got.stdout, &got.stderr] {
        assert!(!text.contains(SECRET), "the secret shown: {text}");
    }
}

#[test]
fn a_profile_file_others_can_read_is_warned_about() {
    let file = profile_file("mode", "[profiles.default.kratos]\nretries = 1\n");
    let warning = "can be read or changed by other users (mode 644)";
    let quiet = userapi_with(&file, &[], &[&["--mock"][..], &GET].concat());
    assert_eq!(quiet.code, Some(0), "{}", quiet.stderr);
    assert!(!quiet.stderr.contains("warning"), "{}", quiet.stderr);

    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let got = userapi_with(&file, &[], &[&["--mock"][..], &GET].concat());
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert!(got.stderr.contains(warning), "{}", got.stderr);
    let shown = userapi_with(&file, &[], &["config", "show"]);
    assert!(shown.stderr.contains(warning), "{}", shown.stderr);
}

#[test]
fn a_secret_written_in_the_file_is_refused_unquoted() {
    let file = profile_file(
        "plain",
        &format!("[profiles.default.kratos]\napi_key = \"{SECRET}\"\n"),
    );
    for args in [&["config", "show"][..], &GET[..]] {
        let got = userapi_with(&file, &[], args);
        assert_eq!(got.code, Some(2), "{}", got.stderr);
        assert!(
            got.stderr
                .contains("`api_key`: a secret is never written in a profile"),
            "{}",
            got.stderr
        );
        assert!(!got.stderr.contains(SECRET) && !got.stdout.contains(SECRET));
    }
}
