//! Typed Rust client for the PureCloud (Genesys Cloud) users API, generated from the spec
//! shipped with this crate (`specs/purecloud.yaml`) with progenitor. 36 operations, each a
//! builder method on [`Client`]: set parameters, then `.send().await`.
//!
//! # Constructors and auth
//!
//! ```no_run
//! use userapi_purecloud::{Client, Region};
//!
//! // OAuth2 client credentials at https://login.mypurecloud.de/oauth/token, tokens cached and
//! // refreshed before they expire and once after a 401.
//! let purecloud = Client::with_client_credentials(Region::MypurecloudDe, "client-id", "secret");
//! // Or a token you already have.
//! let purecloud = Client::with_bearer(Region::MypurecloudIe.api_url(), "access-token");
//! ```
//!
//! Use these (or [`Client::with_credentials`], [`Client::with_runtime`] to set retries and time
//! limits, [`Client::with_http_client`] to bring a `reqwest::ClientBuilder`). These are the
//! only constructors: progenitor's own (`new`, `new_with_client`, which skipped the base URL
//! check and the runtime's client settings) are not generated.
//! An `https://` URL needs a TLS feature (`rustls`, the default); without one, every call is
//! refused before sending with a message naming the feature.
//!
//! # Rate limits
//!
//! PureCloud limits calls per OAuth client, 300 requests a minute by default (lower on some
//! resources, with organisation-wide caps above), and answers `429` with `Retry-After` beyond.
//! A 429 is retried for every operation, and every caller of the client waits its
//! `Retry-After` out; for bulk jobs, also pace the client so that it is not refused at all:
//!
//! ```no_run
//! use std::time::Duration;
//! use userapi_purecloud::{Client, Credentials, Region};
//!
//! let token_url = Region::MypurecloudDe.token_url();
//! let runtime = Client::runtime_builder()
//!     .credentials(Credentials::client_credentials(token_url, "client-id", "secret"))
//!     // One OAuth client's default limit; share this client among the tasks that use it.
//!     .rate_limit(300, Duration::from_secs(60))
//!     .build();
//! let purecloud = Client::with_runtime(Region::MypurecloudDe.api_url(), runtime);
//! ```
//!
//! # From the environment
//!
//! [`Client::from_env`] reads `USERAPI_PURECLOUD_*` variables (region, token or client credentials, retries, time limits), the
//! ones the `userapi` command line reads; a missing or unusable one is an [`EnvError`] naming it.
//! [`Client::from_env_with`] takes the lookup as a function (tests, settings of your own).
//!
//! ```no_run
//! // USERAPI_PURECLOUD_REGION=mypurecloud.de USERAPI_PURECLOUD_CLIENT_ID=... USERAPI_PURECLOUD_CLIENT_SECRET=...
//! let client = userapi_purecloud::Client::from_env()?;
//! # Ok::<(), userapi_purecloud::EnvError>(())
//! ```
//!
//! # One call
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_purecloud::Error> {
//! use userapi_purecloud::{Client, Region};
//!
//! let purecloud = Client::with_bearer(Region::MypurecloudIe.api_url(), "access-token");
//! let me = purecloud.get_me().send().await?;
//! println!("{} {:?} {:?}", me.status(), me.name, me.email);
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every failure is an [`Error`] naming the operation, method and URL, with the status,
//! headers, body and request id when an answer arrived; its [`kind`](Error::kind) says what
//! went wrong. Every operation may answer 400, 401, 403, 404, 415, 429, 500, 503 or 504 with
//! [`types::ErrorBody`].
//!
//! ```no_run
//! use userapi_purecloud::{Client, ErrorKind};
//!
//! # async fn demo(purecloud: Client) {
//! if let Err(e) = purecloud.get_user().user_id("u-1").send().await {
//!     match e.kind() {
//!         ErrorKind::Service(body) => println!("{:?}: {:?}", e.status(), body.message),
//!         ErrorKind::Credentials(why) => println!("could not log in: {why}"),
//!         _ => println!("{e} (request id {:?})", e.request_id()),
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
//! use userapi_purecloud::{BoxError, CallInfo, Client};
//! # use userapi_purecloud::*;
//!
//! # async fn demo() {
//! let team = |request: &mut reqwest::Request, _: &CallInfo| -> Result<(), BoxError> {
//!     request.headers_mut().insert("x-team", "identity".parse()?);
//!     Ok(())
//! };
//! # let purecloud = Client::with_bearer(Region::MypurecloudDe.api_url(), "token");
//! let purecloud = Client::with_runtime(purecloud.base_url(), Client::runtime_builder().interceptor(team).build());
//! let answer = purecloud.get_me()
//!     .customize()
//!     .header("x-request-tag", "nightly-sync")
//!     .timeout(Duration::from_secs(5))
//!     .retries(0)
//!     .send()
//!     .await;
//! match answer {
//!     Ok(me) => println!("{:?}", me.status()),
//!     Err(e) if e.is_not_found() => println!("not there"),
//!     Err(e) if e.is_retryable() => println!("worth another try later: {e}"),
//!     Err(e) => println!("status {:?}: {e}", e.status_code()),
//! }
//! # }
//! ```
//!
//! # Paging
//!
//! `get_users`, `get_user_queues`, `get_user_routing_skills` and the search `search_users`
//! have `.stream()` (every item; the next page asked for by `pageNumber` until `pageCount`, in
//! the body for the search, with your filters) and `.pages()` (each page with its headers).
//! A server that answers another page than the one asked for ends the stream with
//! [`ErrorKind::Paging`].
//!
//! ```no_run
//! # async fn demo(purecloud: userapi_purecloud::Client) -> Result<(), userapi_purecloud::Error> {
//! use userapi_purecloud::paging::TryStreamExt;
//!
//! let mut users = purecloud.get_users().page_size(100).stream();
//! while let Some(user) = users.try_next().await? {
//!     println!("{:?}", user.name);
//! }
//! // One page, as the API sends it (`page_size` up to 500, `page_number` from 1):
//! let page = purecloud.get_users().page_size(100).page_number(2).send().await?;
//! println!("{} users, page {:?} of {:?}", page.entities.len(), page.page_number, page.page_count);
//! # Ok(()) }
//! ```
//!
//! # Mocks
//!
//! With the `mock` feature, the `mock` module has a typed [httpmock](https://docs.rs/httpmock) mock for
//! every operation, and re-exports what a test needs from httpmock (add `userapi-purecloud` with
//! `features = ["mock"]` to your dev-dependencies; nothing else).
//!
#![cfg_attr(feature = "mock", doc = "```no_run")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
//! use userapi_purecloud::{Client, mock::{MockServer, MockServerExt}, types};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start_async().await;
//! let user: types::User = serde_json::from_value(serde_json::json!({
//!     "id": "u-1", "name": "Grace Hopper", "version": 3
//! }))?;
//! let mock = server.get_user(|when, then| {
//!     when.user_id("u-1");
//!     then.ok(&user);
//! });
//! let purecloud = Client::with_bearer(&server.base_url(), "test-token");
//! let got = purecloud.get_user().user_id("u-1").send().await?;
//! assert_eq!(got.name.as_deref(), Some("Grace Hopper"));
//! mock.assert();
//! # Ok(()) }
//! ```
//!
//! Array query parameters such as `expand` repeat their key (`expand=a&expand=b`). The Ruby SDK
//! names of the PureCloud docs are kept in the spec as `x-seed-name`.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;
mod region;

pub use region::Region;
userapi_runtime::provider_crate!();

impl Client {
    /// A client for `region` that logs in with OAuth2 client credentials at the region's login
    /// host (`https://login.<region>/oauth/token`), caching the token and refreshing it before
    /// it expires and once after a 401.
    pub fn with_client_credentials(
        region: Region,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        let credentials =
            Credentials::client_credentials(region.token_url(), client_id, client_secret);
        Self::with_credentials(region.api_url(), credentials)
    }

    /// A client that sends `Authorization: Bearer <token>` (an OAuth access token).
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

    /// A client configured from `USERAPI_PURECLOUD_*` variables read through `lookup` (a
    /// variable's name in, its value out; empty counts as unset):
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `USERAPI_PURECLOUD_REGION` | the region's domain: `mypurecloud.com` (default), `mypurecloud.de`, `usw2.pure.cloud`, ... |
    /// | `USERAPI_PURECLOUD_BASE_URL` | the API's URL, if not the region's |
    /// | `USERAPI_PURECLOUD_TOKEN` | an access token, sent as a bearer token |
    /// | `USERAPI_PURECLOUD_CLIENT_ID`, `_CLIENT_SECRET` | or OAuth2 client credentials |
    /// | `USERAPI_PURECLOUD_TOKEN_URL` | the token endpoint, if not the region's |
    ///
    /// and the retries and time limits every provider reads ([`userapi_runtime::env`]). A
    /// missing or unusable variable is an [`EnvError`] naming it.
    ///
    /// ```no_run
    /// // USERAPI_PURECLOUD_REGION=mypurecloud.de USERAPI_PURECLOUD_CLIENT_ID=...
    /// // USERAPI_PURECLOUD_CLIENT_SECRET=... USERAPI_PURECLOUD_RETRIES=5
    /// let purecloud = userapi_purecloud::Client::from_env()?;
    /// # Ok::<(), userapi_purecloud::EnvError>(())
    /// ```
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, EnvError> {
        let env = userapi_runtime::env::Env::new(PROVIDER, lookup);
        let region = env
            .parse(
                "REGION",
                "not a PureCloud region: use its domain, such as mypurecloud.com",
                |r| r.parse::<Region>(),
            )?
            .unwrap_or(Region::MypurecloudCom);
        let base_url = env.base_url_or(region.api_url())?;
        let credentials = env.bearer_or_client_credentials(
            region.token_url(),
            "purecloud needs an access token or client credentials",
        )?;
        let runtime = env.runtime(Self::runtime_builder())?;
        Ok(Self::with_runtime(
            &base_url,
            runtime.credentials(credentials).build(),
        ))
    }
}
