//! `Client::from_env_with` of every provider: a complete environment builds a client whose
//! calls reach a loopback server with that provider's credentials (the OAuth ones after a token
//! from a loopback token endpoint) and the retries and limits the variables set; a missing or
//! unusable variable is an `EnvError` naming it, never showing a secret.

use crate::harness::*;
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;
use userapi::runtime::{Credentials, EnvError};

const TOKEN_PATH: &str = "/oauth/token";

/// A lookup over `pairs` (the process environment is never touched).
fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name: &str| map.get(name).cloned()
}

/// `pairs` with `key` replaced by `value` (or removed when `value` is `None`).
fn with<'a>(
    pairs: &[(&'a str, &'a str)],
    key: &'a str,
    value: Option<&'a str>,
) -> Vec<(&'a str, &'a str)> {
    let mut out: Vec<_> = pairs.iter().copied().filter(|(k, _)| *k != key).collect();
    if let Some(v) = value {
        out.push((key, v));
    }
    out
}

/// A lookup over `pairs` and the [`settings`] of `provider`.
fn vars_with_settings(
    provider: &str,
    pairs: &[(&str, &str)],
) -> impl Fn(&str) -> Option<String> + use<> {
    let common = settings(provider);
    let mut all: Vec<(&str, &str)> = pairs.to_vec();
    all.extend(common.iter().map(|(k, v)| (k.as_str(), *v)));
    vars(&all)
}

/// The settings every provider reads, here one attempt, a 7 s total limit and a 4 KiB cap.
fn settings(provider: &str) -> Vec<(String, &'static str)> {
    let p = provider.to_ascii_uppercase();
    vec![
        (format!("USERAPI_{p}_RETRIES"), "0"),
        (format!("USERAPI_{p}_TIMEOUT"), "7s"),
        (format!("USERAPI_{p}_MAX_RESPONSE_BYTES"), "4096"),
    ]
}

fn assert_settings(runtime: &userapi::runtime::Runtime) {
    assert_eq!(runtime.retry().max_attempts, 1);
    assert_eq!(runtime.timeouts().total, Duration::from_secs(7));
    assert_eq!(runtime.max_response_bytes(), 4096);
}

/// An error naming `variable`, showing none of the secrets.
fn assert_names(error: &EnvError, variable: &str) {
    assert_eq!(error.variable, variable, "{error}");
    let shown = format!("{error} {error:?}");
    assert!(shown.contains(variable), "{shown}");
    for secret in ALL_SECRETS {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

/// An OAuth client's call: one token request at `path`, then the API called with that token,
/// under the [`settings`].
fn assert_bearer_call_after_one_token(
    tokens: &Scripted,
    path: &str,
    api: &Scripted,
    runtime: &userapi::runtime::Runtime,
) {
    assert_one_token_request(tokens, path);
    assert_eq!(
        api.authorizations(),
        vec![Some(format!("Bearer {TOKEN_1}"))]
    );
    assert_settings(runtime);
}

/// The token endpoint got one client-credentials request from our client.
fn assert_one_token_request(tokens: &Scripted, path: &str) {
    let sent = tokens.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].uri().path(), path);
    assert_eq!(
        header(&sent[0], "authorization"),
        Some(format!("Basic {CLIENT_BASIC}"))
    );
}

#[tokio::test]
async fn pingone_worker_app_from_the_environment() {
    use userapi::pingone::Client;
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 3600)]).await;
    let api = Scripted::sequence(vec![json(200, json!({ "count": 0 }))]).await;
    let (base, token_url) = (api.base_url(), tokens.url("/env-1/as/token"));
    let env = [
        ("USERAPI_PINGONE_BASE_URL", base.as_str()),
        ("USERAPI_PINGONE_TOKEN_URL", token_url.as_str()),
        ("USERAPI_PINGONE_CLIENT_ID", CLIENT_ID),
        ("USERAPI_PINGONE_CLIENT_SECRET", CLIENT_SECRET),
    ];

    let client = Client::from_env_with(vars_with_settings("pingone", &env)).unwrap();
    let list = client
        .list_verify_transactions()
        .environment_id("env-1")
        .user_id("user-1")
        .send()
        .await
        .unwrap();

    assert_eq!(list.get("count"), Some(&json!(0)));
    assert_bearer_call_after_one_token(&tokens, "/env-1/as/token", &api, client.runtime());
}

#[test]
fn pingone_region_and_environment_make_the_urls() {
    use userapi::pingone::Client;
    let env = [
        ("USERAPI_PINGONE_REGION", "eu"),
        (
            "USERAPI_PINGONE_ENVIRONMENT_ID",
            "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
        ),
        ("USERAPI_PINGONE_CLIENT_ID", CLIENT_ID),
        ("USERAPI_PINGONE_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let client = Client::from_env_with(vars(&env)).unwrap();
    assert_eq!(client.base_url(), "https://api.pingone.eu/v1");
    let Credentials::Tokens(source) = client.runtime().credentials() else {
        panic!("client credentials expected: {:?}", client.runtime());
    };
    assert_eq!(
        source.endpoint(),
        Some("https://auth.pingone.eu/abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6/as/token")
    );
    // A token wins over client credentials, as in the CLI.
    let bearer = Client::from_env_with(vars(&with(&env, "USERAPI_PINGONE_TOKEN", Some(BEARER))));
    assert!(matches!(
        bearer.unwrap().runtime().credentials(),
        Credentials::Bearer(_)
    ));
}

#[test]
fn pingone_missing_and_bad_variables_are_named() {
    use userapi::pingone::Client;
    let env = [
        ("USERAPI_PINGONE_ENVIRONMENT_ID", "env-1"),
        ("USERAPI_PINGONE_CLIENT_ID", CLIENT_ID),
        ("USERAPI_PINGONE_CLIENT_SECRET", CLIENT_SECRET),
    ];
    assert!(Client::from_env_with(vars(&env)).is_ok());
    let missing = |key| Client::from_env_with(vars(&with(&env, key, None))).unwrap_err();
    let bad = |key, value| Client::from_env_with(vars(&with(&env, key, Some(value)))).unwrap_err();
    assert_names(
        &Client::from_env_with(vars(&[])).unwrap_err(),
        "USERAPI_PINGONE_TOKEN",
    );
    assert_names(
        &missing("USERAPI_PINGONE_ENVIRONMENT_ID"),
        "USERAPI_PINGONE_ENVIRONMENT_ID",
    );
    assert_names(
        &missing("USERAPI_PINGONE_CLIENT_SECRET"),
        "USERAPI_PINGONE_CLIENT_SECRET",
    );
    for (key, value) in [
        ("USERAPI_PINGONE_REGION", "mars"),
        ("USERAPI_PINGONE_ENVIRONMENT_ID", "env/../x"),
        ("USERAPI_PINGONE_BASE_URL", "api.pingone.eu"),
        ("USERAPI_PINGONE_TOKEN_URL", "ftp://auth.example"),
        ("USERAPI_PINGONE_RETRIES", "abc"),
        ("USERAPI_PINGONE_TIMEOUT", "-1"),
        ("USERAPI_PINGONE_CONNECT_TIMEOUT", "soon"),
    ] {
        let error = bad(key, value);
        assert!(!error.missing, "{error}");
        assert_names(&error, key);
    }
}

#[tokio::test]
async fn kratos_api_key_from_the_environment() {
    use userapi::kratos::Client;
    let api = Scripted::sequence(vec![json(200, json!([]))]).await;
    let base = api.base_url();
    let env = [
        ("USERAPI_KRATOS_BASE_URL", base.as_str()),
        ("USERAPI_KRATOS_API_KEY", API_KEY),
    ];

    let client = Client::from_env_with(vars_with_settings("kratos", &env)).unwrap();
    assert!(client.list_identities().send().await.unwrap().is_empty());

    assert_eq!(
        api.authorizations(),
        vec![Some(format!("Bearer {API_KEY}"))]
    );
    assert_settings(client.runtime());
    // Without a key, no credentials (a private admin port).
    let open = Client::from_env_with(vars(&with(&env, "USERAPI_KRATOS_API_KEY", None)));
    assert!(matches!(
        open.unwrap().runtime().credentials(),
        Credentials::None
    ));
}

#[test]
fn kratos_missing_and_bad_variables_are_named() {
    use userapi::kratos::Client;
    let env = [
        ("USERAPI_KRATOS_BASE_URL", "http://127.0.0.1:4434"),
        ("USERAPI_KRATOS_API_KEY", API_KEY),
    ];
    let missing = Client::from_env_with(vars(&with(&env, "USERAPI_KRATOS_BASE_URL", None)));
    let missing = missing.unwrap_err();
    assert!(missing.missing);
    assert_names(&missing, "USERAPI_KRATOS_BASE_URL");
    for (key, value) in [
        ("USERAPI_KRATOS_BASE_URL", "http://127.0.0.1:4434/?x=1"),
        ("USERAPI_KRATOS_RETRIES", "-2"),
        ("USERAPI_KRATOS_ATTEMPT_TIMEOUT", "0s"),
        ("USERAPI_KRATOS_MAX_RESPONSE_BYTES", "32MiB"),
    ] {
        let error = Client::from_env_with(vars(&with(&env, key, Some(value)))).unwrap_err();
        assert_names(&error, key);
    }
}

#[tokio::test]
async fn purecloud_client_credentials_from_the_environment() {
    use userapi::purecloud::Client;
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 3600)]).await;
    let api = Scripted::sequence(vec![json(200, json!({ "name": "Ada", "version": 1 }))]).await;
    let (base, token_url) = (api.base_url(), tokens.url(TOKEN_PATH));
    let env = [
        ("USERAPI_PURECLOUD_BASE_URL", base.as_str()),
        ("USERAPI_PURECLOUD_TOKEN_URL", token_url.as_str()),
        ("USERAPI_PURECLOUD_CLIENT_ID", CLIENT_ID),
        ("USERAPI_PURECLOUD_CLIENT_SECRET", CLIENT_SECRET),
    ];

    let client = Client::from_env_with(vars_with_settings("purecloud", &env)).unwrap();
    let me = client.get_me().send().await.unwrap();

    assert_eq!(me.name.as_deref(), Some("Ada"));
    assert_bearer_call_after_one_token(&tokens, TOKEN_PATH, &api, client.runtime());
}

#[test]
fn purecloud_region_makes_the_urls_and_bad_variables_are_named() {
    use userapi::purecloud::Client;
    let env = [
        ("USERAPI_PURECLOUD_REGION", "mypurecloud.de"),
        ("USERAPI_PURECLOUD_CLIENT_ID", CLIENT_ID),
        ("USERAPI_PURECLOUD_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let client = Client::from_env_with(vars(&env)).unwrap();
    assert_eq!(client.base_url(), "https://api.mypurecloud.de");
    let Credentials::Tokens(source) = client.runtime().credentials() else {
        panic!("client credentials expected");
    };
    assert_eq!(
        source.endpoint(),
        Some("https://login.mypurecloud.de/oauth/token")
    );
    let missing = Client::from_env_with(vars(&with(&env, "USERAPI_PURECLOUD_CLIENT_ID", None)));
    assert_names(&missing.unwrap_err(), "USERAPI_PURECLOUD_CLIENT_ID");
    for (key, value) in [
        ("USERAPI_PURECLOUD_REGION", "mypurecloud.mars"),
        (
            "USERAPI_PURECLOUD_TOKEN_URL",
            "login.mypurecloud.de/oauth/token",
        ),
        ("USERAPI_PURECLOUD_TIMEOUT", "-1"),
    ] {
        let error = Client::from_env_with(vars(&with(&env, key, Some(value)))).unwrap_err();
        assert_names(&error, key);
    }
}

#[tokio::test]
async fn sendauth_basic_from_the_environment() {
    use userapi::sendauth::Client;
    let api = Scripted::sequence(vec![json(200, json!({ "rows": [], "total": 0 }))]).await;
    let base = api.base_url();
    let env = [
        ("USERAPI_SENDAUTH_BASE_URL", base.as_str()),
        ("USERAPI_SENDAUTH_USER", BASIC_USER),
        ("USERAPI_SENDAUTH_PASSWORD", BASIC_PASSWORD),
    ];

    let client = Client::from_env_with(vars_with_settings("sendauth", &env)).unwrap();
    client.list_users().send().await.unwrap();

    assert_eq!(
        api.authorizations(),
        vec![Some(format!("Basic {BASIC_ENCODED}"))]
    );
    assert_settings(client.runtime());
}

#[test]
fn sendauth_missing_and_bad_variables_are_named() {
    use userapi::sendauth::{BASE_URL, Client};
    let env = [
        ("USERAPI_SENDAUTH_USER", BASIC_USER),
        ("USERAPI_SENDAUTH_PASSWORD", BASIC_PASSWORD),
    ];
    assert_eq!(
        Client::from_env_with(vars(&env)).unwrap().base_url(),
        BASE_URL
    );
    for key in ["USERAPI_SENDAUTH_USER", "USERAPI_SENDAUTH_PASSWORD"] {
        let error = Client::from_env_with(vars(&with(&env, key, None))).unwrap_err();
        assert_names(&error, key);
    }
    // An empty value counts as unset.
    let empty = Client::from_env_with(vars(&with(&env, "USERAPI_SENDAUTH_PASSWORD", Some(""))));
    assert_names(&empty.unwrap_err(), "USERAPI_SENDAUTH_PASSWORD");
    let error = Client::from_env_with(vars(&with(&env, "USERAPI_SENDAUTH_RETRIES", Some("three"))))
        .unwrap_err();
    assert_names(&error, "USERAPI_SENDAUTH_RETRIES");
}

#[tokio::test]
async fn circuit_client_credentials_from_the_environment() {
    use userapi::circuit::Client;
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 3600)]).await;
    let api = Scripted::sequence(vec![json(200, json!({ "displayName": "Ada" }))]).await;
    let (base, token_url) = (api.base_url(), tokens.url(TOKEN_PATH));
    let env = [
        ("USERAPI_CIRCUIT_BASE_URL", base.as_str()),
        ("USERAPI_CIRCUIT_TOKEN_URL", token_url.as_str()),
        ("USERAPI_CIRCUIT_CLIENT_ID", CLIENT_ID),
        ("USERAPI_CIRCUIT_CLIENT_SECRET", CLIENT_SECRET),
    ];

    let client = Client::from_env_with(vars_with_settings("circuit", &env)).unwrap();
    let profile = client.get_profile().send().await.unwrap();

    assert_eq!(profile.display_name.as_deref(), Some("Ada"));
    assert_bearer_call_after_one_token(&tokens, TOKEN_PATH, &api, client.runtime());
}

#[test]
fn circuit_region_makes_the_urls_and_bad_variables_are_named() {
    use userapi::circuit::{Client, PRODUCTION_TOKEN_URL, PRODUCTION_URL, SANDBOX_URL};
    let env = [
        ("USERAPI_CIRCUIT_REGION", "production"),
        ("USERAPI_CIRCUIT_CLIENT_ID", CLIENT_ID),
        ("USERAPI_CIRCUIT_CLIENT_SECRET", CLIENT_SECRET),
    ];
    let client = Client::from_env_with(vars(&env)).unwrap();
    assert_eq!(client.base_url(), PRODUCTION_URL);
    let Credentials::Tokens(source) = client.runtime().credentials() else {
        panic!("client credentials expected");
    };
    assert_eq!(source.endpoint(), Some(PRODUCTION_TOKEN_URL));
    let sandbox = Client::from_env_with(vars(&with(&env, "USERAPI_CIRCUIT_REGION", None)));
    assert_eq!(sandbox.unwrap().base_url(), SANDBOX_URL);
    let none = Client::from_env_with(vars(&[])).unwrap_err();
    assert_names(&none, "USERAPI_CIRCUIT_TOKEN");
    for (key, value) in [
        ("USERAPI_CIRCUIT_REGION", "moon"),
        (
            "USERAPI_CIRCUIT_BASE_URL",
            "https://user:pw@eu.yourcircuit.com",
        ),
        ("USERAPI_CIRCUIT_RETRIES", "1.5"),
    ] {
        let error = Client::from_env_with(vars(&with(&env, key, Some(value)))).unwrap_err();
        assert_names(&error, key);
        assert!(!error.to_string().contains(":pw@"), "{error}");
    }
}
