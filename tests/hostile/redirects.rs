//! Redirects: nothing (no credential, no body) ever reaches another origin, whoever built the
//! `reqwest::Client`; same-origin redirects are followed only when the method stays; the token
//! endpoint follows none.

use crate::server::{Received, Reply, Server};
use crate::tally::Tally;
use reqwest::header::HeaderName;
use userapi::kratos::{Client, types};
use userapi::runtime::{Credentials, ErrorKind, MAX_REDIRECTS, RedirectRefused, RetryPolicy};

const IDENTITY: &str =
    r#"{"id":"9f425a8d-7efc-4768-8f23-7647a74fdf13","schema_id":"d","schema_url":"u","traits":{}}"#;
/// Written into the body, to be looked for wherever a request arrives.
const BODY_SECRET: &str = "correct-horse-Pw9";
const SECRETS: [&str; 5] = [
    "k3y-Secret-x",
    "b3arer-Secret",
    "pa55-Secret",
    "cl1ent-Secret-Wp4",
    BODY_SECRET,
];
const REDIRECTS: [u16; 5] = [301, 302, 303, 307, 308];

fn redirect(status: u16, location: &str) -> Reply {
    Reply::Full {
        status,
        headers: vec![("location".into(), location.into())],
        body: Vec::new(),
    }
}

fn body() -> types::CreateIdentityBody {
    use userapi_tests::build;
    let config: types::IdentityWithCredentialsPasswordConfig = build(
        types::IdentityWithCredentialsPasswordConfig::builder().password(BODY_SECRET.to_string()),
    );
    let password: types::IdentityWithCredentialsPassword =
        build(types::IdentityWithCredentialsPassword::builder().config(config));
    let credentials: types::IdentityWithCredentials =
        build(types::IdentityWithCredentials::builder().password(password));
    let traits: serde_json::Map<String, serde_json::Value> =
        serde_json::from_value(serde_json::json!({ "email": "ada@example.com" }))
            .unwrap_or_default();
    build(
        types::CreateIdentityBody::builder()
            .credentials(credentials)
            .schema_id("default")
            .traits(traits),
    )
}

/// Every credential kind, each with what it sends.
async fn credential_kinds(tokens: &Server) -> Vec<(&'static str, Credentials)> {
    vec![
        (
            "custom header",
            Credentials::header(HeaderName::from_static("x-api-key"), "k3y-Secret-x"),
        ),
        ("bearer", Credentials::bearer("b3arer-Secret")),
        ("basic", Credentials::basic("ada", "pa55-Secret")),
        (
            "oauth token",
            Credentials::client_credentials(
                format!("{}/oauth/token", tokens.url()),
                "client-42",
                "cl1ent-Secret-Wp4",
            ),
        ),
    ]
}

fn token() -> Reply {
    Reply::json(
        200,
        r#"{"access_token": "tok-Fv8secret", "token_type": "bearer", "expires_in": 3600}"#,
    )
}

/// A secret, or the token the token endpoint handed out, anywhere in what `other` received.
fn leaked(requests: &[Received]) -> Option<String> {
    let all: Vec<String> = requests
        .iter()
        .map(|r| {
            let headers: Vec<String> = r
                .headers
                .iter()
                .map(|(k, v)| format!("{k}: {}", String::from_utf8_lossy(v)))
                .collect();
            format!(
                "{} {} {} {}",
                r.method,
                r.target,
                headers.join("\n"),
                String::from_utf8_lossy(&r.body)
            )
        })
        .collect();
    let all = all.join("\n");
    SECRETS
        .iter()
        .chain(["tok-Fv8secret", "YWRhOnBhNTUtU2VjcmV0"].iter())
        .find(|s| all.contains(*s))
        .map(|s| format!("`{s}` reached the other origin"))
}

/// What is wrong with `error` as the end of a call redirected to `location` for `why`.
fn check_refusal<E>(
    error: &userapi::runtime::Error<E>,
    status: u16,
    method: &str,
    location: &str,
    why: RedirectRefused,
) -> Option<String> {
    let shown = error.to_string();
    let right_kind = matches!(
        error.kind(),
        ErrorKind::Redirect { location: l, why: w } if l == location && *w == why
    );
    if !right_kind {
        return Some(format!("not Redirect({why:?}) to {location}: {error:?}"));
    }
    if error.status().map(|s| s.as_u16()) != Some(status) || error.method() != method {
        return Some(format!("status or method lost: {error:?}"));
    }
    if !shown.contains(location) || !shown.contains("not followed") {
        return Some(format!("the message does not name the Location: {shown}"));
    }
    None
}

#[tokio::test]
async fn no_redirect_reaches_another_origin() {
    let other = Server::always(Reply::json(201, IDENTITY)).await;
    let tokens = Server::always(token()).await;
    let mut t = Tally::default();
    for status in REDIRECTS {
        for (kind, credentials) in credential_kinds(&tokens).await {
            for with_body in [false, true] {
                let location = format!("{}/stolen?status={status}", other.url());
                let origin = Server::always(redirect(status, &location)).await;
                let client = Client::with_runtime(
                    &origin.url(),
                    Client::runtime_builder()
                        .credentials(credentials.clone())
                        .build(),
                );
                let (result, method) = if with_body {
                    let r = client.create_identity().body(body()).send().await;
                    (r.map(|_| ()), "POST")
                } else {
                    let r = client.get_identity().id("x").send().await;
                    (r.map(|_| ()), "GET")
                };
                let failure = match &result {
                    Ok(()) => Some("the call succeeded with the other origin's answer".into()),
                    Err(e) => {
                        check_refusal(e, status, method, &location, RedirectRefused::OtherOrigin)
                    }
                }
                .or_else(|| (origin.hits() != 1).then(|| format!("{} requests", origin.hits())));
                let case = format!(
                    "{status} to another origin, {kind}{}",
                    if with_body { ", with a body" } else { "" }
                );
                t.record(&case, failure);
            }
        }
    }
    let leak = leaked(&other.requests());
    t.record(
        "the other origin received nothing",
        leak.or_else(|| (other.hits() != 0).then(|| format!("{} requests", other.hits()))),
    );
    t.finish("redirects to another origin");
}

#[tokio::test]
async fn a_client_builder_of_your_own_gets_the_same_rule() {
    let other = Server::always(Reply::json(200, IDENTITY)).await;
    let location = format!("{}/stolen", other.url());
    let origin = Server::always(redirect(307, &location)).await;
    // reqwest's default policy follows ten redirects anywhere; the runtime replaces it.
    let builder = reqwest::Client::builder().redirect(reqwest::redirect::Policy::limited(10));
    let runtime = Client::runtime_builder()
        .credentials(Credentials::header(
            HeaderName::from_static("x-api-key"),
            "k3y-Secret-x",
        ))
        .build();
    let client = Client::with_http_client(&origin.url(), builder, runtime);
    let error = client
        .create_identity()
        .body(body())
        .send()
        .await
        .map(|_| ())
        .expect_err("the redirect is not followed");
    let failure = check_refusal(&error, 307, "POST", &location, RedirectRefused::OtherOrigin);
    assert_eq!(failure, None);
    assert_eq!(other.hits(), 0, "{:?}", leaked(&other.requests()));
}

/// A server whose `/start` redirects with `status` to `/next`, which answers `answer`.
async fn same_origin(status: u16, answer: Reply) -> Server {
    Server::start(move |r| {
        if r.path().ends_with("/start") {
            redirect(status, "next")
        } else {
            answer.clone()
        }
    })
    .await
}

#[tokio::test]
async fn same_origin_redirects_are_followed_when_the_method_stays() {
    let mut t = Tally::default();
    for status in REDIRECTS {
        let server = same_origin(status, Reply::json(200, IDENTITY)).await;
        let client = Client::with_api_key(&server.url(), "k3y-Secret-x");
        let result = client.get_identity().id("start").send().await;
        let seen = server.requests();
        let failure = match result {
            Err(e) => Some(format!("GET not followed: {e}")),
            Ok(_) if seen.len() != 2 => Some(format!("{} requests", seen.len())),
            // The second request is the same call, so it keeps its credentials.
            Ok(_)
                if seen[1].target != "/admin/identities/next"
                    || !seen[1].headers.contains_key("authorization") =>
            {
                Some(format!("followed wrongly: {:?}", seen[1]))
            }
            Ok(_) => None,
        };
        t.record(
            &format!("GET, {status} within the origin: followed"),
            failure,
        );
    }
    for status in [307, 308] {
        let server = Server::start(move |r| {
            if r.path() == "/admin/identities" {
                redirect(status, "/admin/identities/v2")
            } else {
                Reply::json(201, IDENTITY)
            }
        })
        .await;
        let client = Client::with_api_key(&server.url(), "k3y-Secret-x");
        let result = client.create_identity().body(body()).send().await;
        let seen = server.requests();
        let failure = match result {
            Err(e) => Some(format!("POST not followed: {e}")),
            Ok(_) if seen.len() != 2 => Some(format!("{} requests", seen.len())),
            Ok(_) if seen[1].method != "POST" || seen[1].body != seen[0].body => {
                Some(format!("the body or method changed: {:?}", seen[1]))
            }
            Ok(_) => None,
        };
        t.record(
            &format!("POST, {status} within the origin: followed with its body"),
            failure,
        );
    }
    for status in [301, 302, 303] {
        let server = Server::always(redirect(status, "/admin/identities/v2")).await;
        let client = Client::with_api_key(&server.url(), "k3y-Secret-x");
        let failure = match client.create_identity().body(body()).send().await {
            Ok(_) => Some("followed".into()),
            // The error says the method that was sent: nothing was turned into a GET.
            Err(e) => check_refusal(
                &e,
                status,
                "POST",
                "/admin/identities/v2",
                RedirectRefused::MethodWouldChange,
            ),
        }
        .or_else(|| (server.hits() != 1).then(|| format!("{} requests", server.hits())));
        t.record(
            &format!("POST, {status} within the origin: refused, not turned into a GET"),
            failure,
        );
    }
    t.finish("redirects within the origin");
}

#[tokio::test]
async fn a_redirect_loop_ends_after_the_limit() {
    let server = Server::always(redirect(302, "/admin/identities/loop")).await;
    let client = Client::with_runtime(
        &server.url(),
        Client::runtime_builder()
            .retry(RetryPolicy::disabled())
            .build(),
    );
    let error = client
        .get_identity()
        .id("loop")
        .send()
        .await
        .map(|_| ())
        .expect_err("a loop cannot succeed");
    let failure = check_refusal(
        &error,
        302,
        "GET",
        "/admin/identities/loop",
        RedirectRefused::TooMany,
    );
    assert_eq!(failure, None);
    assert_eq!(server.hits(), MAX_REDIRECTS as usize + 1);
}

#[tokio::test]
async fn the_token_endpoint_follows_no_redirect() {
    let mut t = Tally::default();
    let api = Server::always(Reply::json(200, IDENTITY)).await;
    let other = Server::always(token()).await;
    for status in REDIRECTS {
        for secret_in in [
            userapi::runtime::ClientSecretIn::BasicAuth,
            userapi::runtime::ClientSecretIn::RequestBody,
        ] {
            let location = format!("{}/oauth/token", other.url());
            let tokens = Server::always(redirect(status, &location)).await;
            let token_url = format!("{}/oauth/token", tokens.url());
            let source = userapi::runtime::ClientCredentials::new(
                token_url.clone(),
                "client-42",
                "cl1ent-Secret-Wp4",
            )
            .secret_in(secret_in);
            let client = Client::with_runtime(
                &api.url(),
                Client::runtime_builder()
                    .credentials(Credentials::tokens(source))
                    .build(),
            );
            let failure = match client.get_identity().id("x").send().await {
                Ok(_) => Some("a token came through the redirect".into()),
                Err(e) => {
                    let shown = e.to_string();
                    if !matches!(e.kind(), ErrorKind::Credentials(_)) {
                        Some(format!("not a credentials error: {e:?}"))
                    } else if e.url() != Some(token_url.as_str()) {
                        Some(format!(
                            "the error's URL is not the token endpoint's: {e:?}"
                        ))
                    } else if !shown.contains(&location) || !shown.contains("not followed") {
                        Some(format!("the message does not name the Location: {shown}"))
                    } else {
                        None
                    }
                }
            };
            t.record(
                &format!("token endpoint {status}, secret in {secret_in:?}"),
                failure,
            );
        }
    }
    t.record(
        "nothing reached the other origin or the API",
        leaked(&other.requests())
            .or_else(|| (other.hits() + api.hits() != 0).then(|| "requests arrived".into())),
    );
    t.finish("token endpoint redirects");
}
