//! OAuth2 client credentials: the token request on the wire, the token cache and its refresh,
//! one refresh for many concurrent callers, one re-authentication after a 401, token endpoint
//! errors without the secret, and a token source of one's own.

use crate::harness::*;
use httpmock::HttpMockResponse;
use serde_json::json;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tracing::instrument::WithSubscriber as _;
use userapi::purecloud::{Client, ErrorKind};
use userapi::runtime::auth::{InvalidateFuture, TokenFuture};
use userapi::runtime::{ClientCredentials, Credentials, Secret, TokenSource};

const TOKEN_PATH: &str = "/oauth/token";

fn credentials(tokens: &Scripted) -> Credentials {
    Credentials::client_credentials(tokens.url(TOKEN_PATH), CLIENT_ID, CLIENT_SECRET)
}

fn bearer(token: &str) -> Option<String> {
    Some(format!("Bearer {token}"))
}

/// PureCloud's `ErrorBody` for a 401.
fn unauthorized() -> HttpMockResponse {
    json(
        401,
        json!({
            "status": 401,
            "code": "bad.credentials",
            "message": "Invalid login credentials."
        }),
    )
}

fn me() -> HttpMockResponse {
    json(
        200,
        json!({ "id": "6a2c8f4e-1b3d-4c5e-9f7a-8b9c0d1e2f3a", "name": "Ada", "version": 3 }),
    )
}

#[tokio::test]
async fn the_token_request_is_a_form_post_with_the_client_in_http_basic() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 3600)]).await;
    let api = Scripted::sequence(vec![json(200, json!({ "displayName": "Ada" }))]).await;
    // Circuit's own constructor takes the token URL, so it can point at loopback.
    let circuit = userapi::circuit::Client::with_client_credentials(
        &api.base_url(),
        &tokens.url(TOKEN_PATH),
        CLIENT_ID,
        CLIENT_SECRET,
    );

    let profile = circuit.get_profile().send().await.unwrap();

    assert_eq!(profile.display_name.as_deref(), Some("Ada"));
    let sent = tokens.requests();
    assert_eq!(sent.len(), 1);
    let req = &sent[0];
    assert_eq!(req.method_str(), "POST");
    assert_eq!(req.uri().path(), TOKEN_PATH);
    assert_eq!(
        header(req, "authorization"),
        Some(format!("Basic {CLIENT_BASIC}"))
    );
    assert_eq!(
        header(req, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(req.body_ref()),
        "grant_type=client_credentials"
    );
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1)]);
    assert_no_secrets(
        &logs,
        &[&circuit, circuit.runtime(), circuit.runtime().credentials()],
    );
}

#[tokio::test]
async fn a_valid_token_is_fetched_once_for_two_calls() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 3600), token(TOKEN_2, 3600)]).await;
    let api = Scripted::sequence(vec![me()]).await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    client.get_me().send().await.unwrap();
    client.get_me().send().await.unwrap();

    assert_eq!(tokens.hits(), 1);
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1), bearer(TOKEN_1)]);
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

/// Two calls with a token endpoint handing out `expires_in`-second tokens.
async fn two_calls_with_lifetime(expires_in: u64, credentials_for: fn(&Scripted) -> Credentials) {
    let (logs, _guard) = capture();
    let tokens =
        Scripted::sequence(vec![token(TOKEN_1, expires_in), token(TOKEN_2, expires_in)]).await;
    let api = Scripted::sequence(vec![me()]).await;
    let client = Client::with_credentials(&api.base_url(), credentials_for(&tokens));

    client.get_me().send().await.unwrap();
    client.get_me().send().await.unwrap();

    assert_eq!(tokens.hits(), 2, "expires_in {expires_in}");
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1), bearer(TOKEN_2)]);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn an_expired_token_is_refreshed_before_the_next_call() {
    two_calls_with_lifetime(0, credentials).await;
}

#[tokio::test]
async fn a_short_lived_token_is_reused_while_fresh() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 40), token(TOKEN_2, 40)]).await;
    let api = Scripted::sequence(vec![me()]).await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    // A 40 s token is shorter than the 60 s refresh margin, which is capped at a quarter of its
    // life: it serves calls for 30 s, far more than two loopback calls take on a loaded machine.
    client.get_me().send().await.unwrap();
    client.get_me().send().await.unwrap();

    assert_eq!(tokens.hits(), 1, "a fresh short-lived token is reused");
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1), bearer(TOKEN_1)]);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_short_lived_token_is_refreshed_in_its_last_quarter() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 4), token(TOKEN_2, 4)]).await;
    let api = Scripted::sequence(vec![me()]).await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    // A 4 s token is due for refresh after 3 s. The token source reads the real clock, so real
    // time must pass (tokio's paused clock does not move it): a load that delays the next call
    // only takes it further past 3 s, which cannot fail the test.
    client.get_me().send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(3_200)).await;
    client.get_me().send().await.unwrap();

    assert_eq!(tokens.hits(), 2);
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1), bearer(TOKEN_2)]);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_token_outside_a_smaller_margin_is_kept() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 30), token(TOKEN_2, 30)]).await;
    let api = Scripted::sequence(vec![me()]).await;
    let source = ClientCredentials::new(tokens.url(TOKEN_PATH), CLIENT_ID, CLIENT_SECRET)
        .refresh_margin(Duration::from_secs(5));
    let client = Client::with_credentials(&api.base_url(), Credentials::tokens(source));

    client.get_me().send().await.unwrap();
    client.get_me().send().await.unwrap();

    assert_eq!(tokens.hits(), 1);
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1), bearer(TOKEN_1)]);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_calls_on_a_cold_cache_share_one_token_request() {
    let logs = Logs::default();
    let dispatch = logs.dispatch();
    // A slow token endpoint, so that every caller arrives while the first fetch is in flight.
    let tokens = Scripted::start_delayed(Duration::from_millis(300), |n, _| {
        token(if n == 0 { TOKEN_1 } else { TOKEN_2 }, 3600)
    })
    .await;
    let api = Scripted::sequence(vec![me()]).await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let client = client.clone();
        calls.spawn(
            async move { client.get_me().send().await.map(|r| r.status().as_u16()) }
                .with_subscriber(dispatch.clone()),
        );
    }
    let statuses: Vec<u16> = calls
        .join_all()
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();

    assert_eq!(statuses, vec![200; 50]);
    assert_eq!(tokens.hits(), 1);
    assert_eq!(api.hits(), 50);
    assert!(api.authorizations().iter().all(|a| *a == bearer(TOKEN_1)));
    assert_eq!(logs.call_spans().len(), 50);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_401_gets_one_reauthentication_and_one_replay_with_the_new_token() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 3600), token(TOKEN_2, 3600)]).await;
    let api = Scripted::start(|_, req| {
        if header(req, "authorization") == bearer(TOKEN_1) {
            unauthorized()
        } else {
            me()
        }
    })
    .await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    let user = client.get_me().send().await.unwrap();

    assert_eq!(user.status(), 200);
    assert_eq!(user.name.as_deref(), Some("Ada"));
    assert_eq!(tokens.hits(), 2);
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1), bearer(TOKEN_2)]);
    let spans = logs.call_spans();
    assert_eq!(spans.len(), 1);
    assert_eq!(
        field(&spans[0], "userapi.attempts"),
        Some("2"),
        "{}",
        spans[0]
    );
    assert!(logs.text().contains("replaying once with a fresh token"));

    // The fresh token was cached: the next call needs no token request.
    client.get_me().send().await.unwrap();
    assert_eq!(tokens.hits(), 2);
    assert_eq!(api.authorizations()[2], bearer(TOKEN_2));
    assert_no_secrets(&logs, &[&client, client.runtime()]);
}

#[tokio::test]
async fn a_second_401_is_returned_as_the_typed_error() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![token(TOKEN_1, 3600), token(TOKEN_2, 3600)]).await;
    let api = Scripted::sequence(vec![unauthorized()]).await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    let result = client.get_me().send().await;

    let error = result.expect_err("an error");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    match error.kind() {
        ErrorKind::Service(e) => assert_eq!(e.code.as_deref(), Some("bad.credentials")),
        other => panic!("expected the typed 401, got {other:?}"),
    }
    assert_eq!(api.hits(), 2);
    assert_eq!(tokens.hits(), 2);
    assert_eq!(api.authorizations(), vec![bearer(TOKEN_1), bearer(TOKEN_2)]);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_rejected_client_fails_the_call_naming_the_oauth_error_but_not_the_secret() {
    let (logs, _guard) = capture();
    let tokens = Scripted::sequence(vec![json(
        401,
        json!({ "error": "invalid_client", "error_description": "bad secret" }),
    )])
    .await;
    let api = Scripted::sequence(vec![me()]).await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    let error = client.get_me().send().await.unwrap_err();

    let message = match error.kind() {
        ErrorKind::Credentials(e) => e.message.clone(),
        other => panic!("expected ErrorKind::Credentials, got {other:?}"),
    };
    assert!(message.contains("invalid_client"), "{message}");
    assert!(message.contains("bad secret"), "{message}");
    for shown in [message, error.to_string(), format!("{error:?}")] {
        assert!(!shown.contains(CLIENT_SECRET), "{shown}");
        assert!(!shown.contains(CLIENT_BASIC), "{shown}");
    }
    assert_eq!(tokens.hits(), 1);
    assert_eq!(api.hits(), 0, "a request went out without a token");
    assert_no_secrets(&logs, &[&client, &error]);
}

/// A token source of our own: hands out numbered tokens, remembers what was invalidated.
#[derive(Default)]
struct Numbered {
    issued: AtomicUsize,
    current: Mutex<Option<String>>,
    invalidated: Mutex<Vec<String>>,
}

impl std::fmt::Debug for Numbered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Numbered")
            .field("issued", &self.issued)
            .finish_non_exhaustive()
    }
}

impl TokenSource for Numbered {
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            let mut current = self.current.lock().unwrap();
            let token = current.get_or_insert_with(|| {
                let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
                format!("{CUSTOM_TOKEN_PREFIX}{n}")
            });
            Ok(Secret::new(token.clone()))
        })
    }

    fn invalidate<'a>(&'a self, rejected: &'a Secret) -> InvalidateFuture<'a> {
        Box::pin(async move {
            self.invalidated
                .lock()
                .unwrap()
                .push(rejected.expose().to_string());
            let mut current = self.current.lock().unwrap();
            if current.as_deref() == Some(rejected.expose()) {
                *current = None;
            }
        })
    }
}

#[tokio::test]
async fn a_token_source_of_ones_own_is_asked_and_told_about_a_401() {
    let (logs, _guard) = capture();
    let first = format!("{CUSTOM_TOKEN_PREFIX}1");
    let second = format!("{CUSTOM_TOKEN_PREFIX}2");
    let rejected = bearer(&first);
    let api = Scripted::start(move |_, req| {
        if header(req, "authorization") == rejected {
            unauthorized()
        } else {
            me()
        }
    })
    .await;
    let source = std::sync::Arc::new(Numbered::default());
    let client = Client::with_credentials(&api.base_url(), Credentials::Tokens(source.clone()));

    let user = client.get_me().send().await.unwrap();
    client.get_me().send().await.unwrap();

    assert_eq!(user.status(), 200);
    assert_eq!(
        api.authorizations(),
        vec![bearer(&first), bearer(&second), bearer(&second)]
    );
    assert_eq!(source.issued.load(Ordering::SeqCst), 2);
    assert_eq!(*source.invalidated.lock().unwrap(), vec![first]);
    assert_no_secrets(&logs, &[&client, &source, client.runtime().credentials()]);

    // The same through the public `Credentials::tokens` constructor.
    let api = Scripted::sequence(vec![me()]).await;
    let client =
        Client::with_credentials(&api.base_url(), Credentials::tokens(Numbered::default()));
    client.get_me().send().await.unwrap();
    assert_eq!(
        api.authorizations(),
        vec![bearer(&format!("{CUSTOM_TOKEN_PREFIX}1"))]
    );
    assert_no_secrets(&logs, &[&client]);
}

#[test]
fn debug_output_of_every_kind_of_credentials_hides_the_secret() {
    let client_credentials =
        ClientCredentials::new("http://127.0.0.1:9/oauth/token", CLIENT_ID, CLIENT_SECRET)
            .scopes(["users:read"]);
    let all = [
        Credentials::None,
        Credentials::bearer(BEARER),
        Credentials::header(reqwest::header::AUTHORIZATION, format!("Bearer {API_KEY}")),
        Credentials::basic(BASIC_USER, BASIC_PASSWORD),
        Credentials::client_credentials("http://127.0.0.1:9/oauth/token", CLIENT_ID, CLIENT_SECRET),
        Credentials::tokens(ClientCredentials::new(
            "http://127.0.0.1:9/oauth/token",
            CLIENT_ID,
            CLIENT_SECRET,
        )),
        Credentials::tokens(Numbered::default()),
    ];
    let logs = Logs::default();
    // Something logged, so that the check of the (empty) logs is not vacuous.
    tracing::dispatcher::with_default(&logs.dispatch(), || tracing::info!("debug check"));
    let clients: Vec<Client> = all
        .iter()
        .map(|c| Client::with_credentials("http://127.0.0.1:9", c.clone()))
        .collect();
    let runtimes: Vec<_> = clients.iter().map(|c| c.runtime().clone()).collect();
    let builder =
        Client::runtime_builder().credentials(Credentials::basic(BASIC_USER, BASIC_PASSWORD));
    assert_no_secrets(
        &logs,
        &[&client_credentials, &all, &clients, &runtimes, &builder],
    );
    // Secrets show as `***`; the non-secret parts stay readable.
    let shown = format!("{all:?}");
    assert!(shown.contains("***"), "{shown}");
    assert!(shown.contains(BASIC_USER), "{shown}");
    assert!(shown.contains(CLIENT_ID), "{shown}");
}

// One thread, so that every call sends tok-1 before the re-authentication can end, however slow
// the machine: all ten wait on the first fetch, and all are woken by it in one scheduler pass,
// while the first 401 still has to come back and the second fetch take its 100 ms. (On worker
// threads, a call descheduled that long would send tok-2 straight away.)
#[tokio::test(flavor = "current_thread")]
async fn concurrent_401s_share_one_reauthentication() {
    let logs = Logs::default();
    let dispatch = logs.dispatch();
    let tokens = Scripted::start_delayed(Duration::from_millis(100), |n, _| {
        token(if n == 0 { TOKEN_1 } else { TOKEN_2 }, 3600)
    })
    .await;
    let api = Scripted::start(|_, req| {
        if header(req, "authorization") == bearer(TOKEN_1) {
            unauthorized()
        } else {
            me()
        }
    })
    .await;
    let client = Client::with_credentials(&api.base_url(), credentials(&tokens));

    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let client = client.clone();
        calls.spawn(
            async move { client.get_me().send().await.map(|r| r.status().as_u16()) }
                .with_subscriber(dispatch.clone()),
        );
    }
    let statuses: Vec<u16> = calls
        .join_all()
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();

    assert_eq!(statuses, vec![200; 10]);
    // tok-1 for everyone, rejected; then one fresh token shared by every replay.
    assert_eq!(tokens.hits(), 2);
    let auths = api.authorizations();
    assert_eq!(auths.len(), 20);
    assert_eq!(auths.iter().filter(|a| **a == bearer(TOKEN_1)).count(), 10);
    assert_eq!(auths.iter().filter(|a| **a == bearer(TOKEN_2)).count(), 10);
    assert_no_secrets(&logs, &[&client]);
}

#[tokio::test]
async fn a_caller_that_gives_up_leaves_the_token_fetch_running_for_the_others() {
    // Real time must pass here: the token endpoint answers after 2 s, and the first caller's
    // 500 ms limit ends while that fetch is in flight. The margins are seconds wide.
    let tokens = SlowTokens::start(Duration::from_secs(2), TOKEN_1).await;
    let api = Scripted::sequence(vec![me()]).await;
    let credentials = Credentials::client_credentials(tokens.url(), CLIENT_ID, CLIENT_SECRET);
    let client = Client::with_credentials(&api.base_url(), credentials);

    let first = {
        let client = client.clone();
        tokio::spawn(async move {
            client
                .get_me()
                .customize()
                .timeout(Duration::from_millis(500))
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    };
    // The first caller starts the fetch before the others ask.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut others = tokio::task::JoinSet::new();
    for _ in 0..9 {
        let client = client.clone();
        others.spawn(async move { client.get_me().send().await.map(|r| r.status().as_u16()) });
    }

    let first = first.await.unwrap();
    let others: Vec<u16> = others
        .join_all()
        .await
        .into_iter()
        .map(|r| r.unwrap())
        .collect();
    match first.map_err(|e| e.into_kind()) {
        Err(ErrorKind::Credentials(e)) => assert!(e.message.contains("no token within"), "{e}"),
        other => panic!("the first caller should have given up: {other:?}"),
    }
    assert_eq!(others, vec![200; 9]);
    assert_eq!(
        tokens.arrived(),
        1,
        "one token request, finished for the others"
    );
    assert_eq!(api.hits(), 9);
    assert!(api.authorizations().iter().all(|a| *a == bearer(TOKEN_1)));
}
