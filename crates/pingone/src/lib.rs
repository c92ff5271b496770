//! Typed Rust client for the PingOne identity verification API (verify transactions of a
//! user), generated from the spec shipped with this crate (`specs/pingone.yaml`) with
//! progenitor. 5 operations, each a builder method on [`Client`]: set parameters, then
//! `.send().await`.
//!
//! # Constructors and auth
//!
//! ```no_run
//! use userapi_pingone::{Client, Region};
//!
//! // A worker app: OAuth2 client credentials at https://auth.pingone.eu/<envID>/as/token,
//! // tokens cached and refreshed before they expire and once after a 401.
//! let pingone = Client::with_worker_app(
//!     Region::Europe,
//!     "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
//!     "client-id",
//!     "client-secret",
//! );
//! // Or a token you already have.
//! let pingone = Client::with_bearer(Region::Europe.api_url(), "worker-app-access-token");
//! ```
//!
//! Use these (or [`Client::with_credentials`], [`Client::with_runtime`] to set retries and time
//! limits, [`Client::with_http_client`] to bring a `reqwest::ClientBuilder`). These are the
//! only constructors: progenitor's own (`new`, `new_with_client`, which skipped the base URL
//! check and the runtime's client settings) are not generated.
//! An `https://` URL needs a TLS feature (`rustls`, the default); without one, every call is
//! refused before sending with a message naming the feature.
//!
//! # From the environment
//!
//! [`Client::from_env`] reads `USERAPI_PINGONE_*` variables (region, token or worker app credentials, retries, time limits), the
//! ones the `userapi` command line reads; a missing or unusable one is an [`EnvError`] naming it.
//! [`Client::from_env_with`] takes the lookup as a function (tests, settings of your own).
//!
//! ```no_run
//! // USERAPI_PINGONE_REGION=eu USERAPI_PINGONE_TOKEN=...
//! let client = userapi_pingone::Client::from_env()?;
//! # Ok::<(), userapi_pingone::EnvError>(())
//! ```
//!
//! # One call
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_pingone::Error> {
//! use userapi_pingone::{Client, Region};
//!
//! let pingone = Client::with_bearer(Region::Europe.api_url(), "worker-app-access-token");
//! let list = pingone
//!     .list_verify_transactions()
//!     .environment_id("abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6")
//!     .user_id("03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a")
//!     .send()
//!     .await?;
//! // The API does not describe its success bodies: you get the status and the JSON object.
//! println!("{} {:?}", list.status(), list.get("_embedded"));
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every failure is an [`Error`] naming the operation, method and URL, with the status,
//! headers, body and request id when an answer arrived; its [`kind`](Error::kind) says what
//! went wrong. Every error status (400, 401, 403, 404, 405, 409, 429, 500) decodes into
//! [`types::P1Error`]; [`Error::request_id`] is its `id`.
//!
//! ```no_run
//! use userapi_pingone::{Client, ErrorKind};
//!
//! # async fn demo(pingone: Client) {
//! let result = pingone
//!     .get_verify_transaction()
//!     .environment_id("abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6")
//!     .user_id("03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a")
//!     .transaction_id("tx-1")
//!     .send()
//!     .await;
//! if let Err(e) = result {
//!     match e.kind() {
//!         ErrorKind::Service(p1) => println!("{:?}: {:?} (id {:?})", e.status(), p1.message, p1.id),
//!         ErrorKind::Credentials(why) => println!("no token: {why}"),
//!         _ => println!("{e}"),
//!     }
//! }
//! # }
//! ```
//!
//! # Per-call settings, interceptors and error helpers
//!
//! `.customize()` on any operation builder gives one call settings of its own over the
//! client's (nothing of the client is copied): `.header(..)` (checked like a header
//! parameter), `.timeout(..)` for the whole call, `.attempt_timeout(..)`, `.retries(..)`, then
//! `.send()` (or `.stream()` / `.pages()` on a listing). An [`Interceptor`] runs on every
//! attempt of every call of a client, in the order added, retries and pages included; the
//! credentials are added after it, so it never sees them. A closure is one.
//!
//! ```no_run
//! use std::time::Duration;
//! use userapi_pingone::{BoxError, CallInfo, Client};
//! # use userapi_pingone::*;
//!
//! # async fn demo() {
//! let team = |request: &mut reqwest::Request, _: &CallInfo| -> Result<(), BoxError> {
//!     request.headers_mut().insert("x-team", "identity".parse()?);
//!     Ok(())
//! };
//! # let pingone = Client::with_bearer("https://api.pingone.eu/v1", "token");
//! let pingone = Client::with_runtime(pingone.base_url(), Client::runtime_builder().interceptor(team).build());
//! let answer = pingone.list_verify_transactions().environment_id("env").user_id("user")
//!     .customize()
//!     .header("x-request-tag", "nightly-sync")
//!     .timeout(Duration::from_secs(5))
//!     .retries(0)
//!     .send()
//!     .await;
//! match answer {
//!     Ok(transactions) => println!("{:?}", transactions.status()),
//!     Err(e) if e.is_not_found() => println!("not there"),
//!     Err(e) if e.is_retryable() => println!("worth another try later: {e}"),
//!     Err(e) => println!("status {:?}: {e}", e.status_code()),
//! }
//! # }
//! ```
//!
//! # Paging
//!
//! [`Client::list_verify_transactions`] returns one page per call; the JSON object carries the
//! count and, when there is more, a `_links.next.href` to follow.
//!
//! ```no_run
//! # async fn demo(pingone: userapi_pingone::Client) -> Result<(), userapi_pingone::Error> {
//! let page = pingone
//!     .list_verify_transactions()
//!     .environment_id("abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6")
//!     .user_id("03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a")
//!     .send()
//!     .await?;
//! let next = page.get("_links").and_then(|l| l.pointer("/next/href"));
//! println!("count {:?}, next {next:?}", page.get("count"));
//! # Ok(()) }
//! ```
//!
//! # Mocks
//!
//! With the `mock` feature, the `mock` module has a typed [httpmock](https://docs.rs/httpmock) mock for
//! every operation, and re-exports what a test needs from httpmock (add `userapi-pingone` with
//! `features = ["mock"]` to your dev-dependencies; nothing else).
//!
#![cfg_attr(feature = "mock", doc = "```no_run")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
//! use userapi_pingone::{Client, mock::{MockServer, MockServerExt}};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start_async().await;
//! let listing = serde_json::from_value(serde_json::json!({ "count": 0 }))?;
//! let mock = server.list_verify_transactions(|when, then| {
//!     when.environment_id("env-1").user_id("user-1");
//!     then.ok(&listing);
//! });
//! let pingone = Client::with_bearer(&server.base_url(), "test-token");
//! let got = pingone.list_verify_transactions().environment_id("env-1").user_id("user-1").send().await?;
//! assert_eq!(got.get("count"), Some(&serde_json::json!(0)));
//! mock.assert();
//! # Ok(()) }
//! ```
//!
//! The Go SDK names of the PingOne docs are kept in the spec as `x-seed-name`; for example
//! `EnvironmentsEnvironmentIDUsersUserIDVerifyTransactionsGet` is
//! [`Client::list_verify_transactions`].

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;
mod region;

pub use region::Region;
userapi_runtime::provider_crate!();

impl Client {
    /// A client for `region` that gets tokens for a worker app of `environment_id` with OAuth2
    /// client credentials (`https://auth.pingone.<region>/<environmentID>/as/token`), cached and
    /// refreshed before they expire and once after a 401.
    pub fn with_worker_app(
        region: Region,
        environment_id: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        let credentials = Credentials::client_credentials(
            region.token_url(environment_id),
            client_id,
            client_secret,
        );
        Self::with_credentials(region.api_url(), credentials)
    }

    /// A client that sends `Authorization: Bearer <token>` (a worker app's access token).
    pub fn with_bearer(base_url: &str, token: impl Into<Secret>) -> Self {
        Self::with_credentials(base_url, Credentials::bearer(token))
    }
}

/// Why a call could not be configured from the environment: the variable, and what is wrong.
pub use userapi_runtime::EnvError;

impl Client {
    /// A client configured from the process environment; see [`from_env_with`](Self::from_env_with).
    pub fn from_env() -> Result<Self, EnvError> {
        Self::from_env_with(userapi_runtime::env::process_env)
    }

    /// A client configured from `USERAPI_PINGONE_*` variables read through `lookup` (a
    /// variable's name in, its value out; empty counts as unset):
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `USERAPI_PINGONE_REGION` | `com` (default), `eu`, `asia`, `ca` |
    /// | `USERAPI_PINGONE_BASE_URL` | the API's URL, if not the region's |
    /// | `USERAPI_PINGONE_TOKEN` | an access token, sent as a bearer token |
    /// | `USERAPI_PINGONE_CLIENT_ID`, `_CLIENT_SECRET`, `_ENVIRONMENT_ID` | or a worker app's client credentials |
    /// | `USERAPI_PINGONE_TOKEN_URL` | the token endpoint, if not the region's for the environment |
    ///
    /// and the retries and time limits every provider reads ([`userapi_runtime::env`]). A
    /// missing or unusable variable is an [`EnvError`] naming it.
    ///
    /// ```no_run
    /// // USERAPI_PINGONE_REGION=eu USERAPI_PINGONE_ENVIRONMENT_ID=... USERAPI_PINGONE_CLIENT_ID=...
    /// // USERAPI_PINGONE_CLIENT_SECRET=... USERAPI_PINGONE_TIMEOUT=30s
    /// let pingone = userapi_pingone::Client::from_env()?;
    /// # Ok::<(), userapi_pingone::EnvError>(())
    /// ```
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, EnvError> {
        let env = userapi_runtime::env::Env::new(PROVIDER, lookup);
        let region = env
            .parse("REGION", "not a PingOne region (com, eu, asia, ca)", |r| {
                r.parse::<Region>()
            })?
            .unwrap_or(Region::NorthAmerica);
        let base_url = env.base_url_or(region.api_url())?;
        let credentials = match env.secret("TOKEN") {
            Some(token) => Credentials::bearer(token),
            None => worker_app(&env, region)?,
        };
        let runtime = env.runtime(Self::runtime_builder())?;
        Ok(Self::with_runtime(
            &base_url,
            runtime.credentials(credentials).build(),
        ))
    }
}

/// A worker app's client credentials from `CLIENT_ID`, `CLIENT_SECRET` and `TOKEN_URL` or
/// `ENVIRONMENT_ID` (the region's token endpoint for that environment).
fn worker_app<L: Fn(&str) -> Option<String>>(
    env: &userapi_runtime::env::Env<L>,
    region: Region,
) -> Result<Credentials, EnvError> {
    // The environment id becomes a path segment of the token URL.
    let environment = env.parse(
        "ENVIRONMENT_ID",
        "not a PingOne environment id (letters, digits and `-`)",
        |id| {
            let fits = id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            if fits { Ok(id.to_string()) } else { Err(()) }
        },
    )?;
    let token_url = match env.url("TOKEN_URL")? {
        Some(url) => Some(url),
        None => environment.map(|id| region.token_url(&id)),
    };
    match (env.get("CLIENT_ID"), env.secret("CLIENT_SECRET"), token_url) {
        (Some(id), Some(secret), Some(url)) => Ok(Credentials::client_credentials(url, id, secret)),
        _ => Err(env.incomplete(
            "pingone needs an access token or a worker app's client credentials",
            &[
                &["TOKEN"],
                &["CLIENT_ID", "CLIENT_SECRET", "ENVIRONMENT_ID"],
            ],
        )),
    }
}
