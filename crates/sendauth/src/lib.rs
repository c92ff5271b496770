//! Typed Rust client for the SendAuth users API, generated from the spec shipped with this
//! crate (`specs/sendauth.yaml`) with progenitor. 14 operations, each a builder method on
//! [`Client`]: set parameters, then `.send().await`.
//!
//! # Constructors and auth
//!
//! ```no_run
//! use userapi_sendauth::{BASE_URL, Client};
//!
//! // HTTP basic, as SendAuth expects.
//! let sendauth = Client::with_basic(BASE_URL, "api-user", "api-password");
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
//! [`Client::from_env`] reads `USERAPI_SENDAUTH_*` variables (HTTP basic credentials, base URL, retries, time limits), the
//! ones the `userapi` command line reads; a missing or unusable one is an [`EnvError`] naming it.
//! [`Client::from_env_with`] takes the lookup as a function (tests, settings of your own).
//!
//! ```no_run
//! // USERAPI_SENDAUTH_USER=ops USERAPI_SENDAUTH_PASSWORD=...
//! let client = userapi_sendauth::Client::from_env()?;
//! # Ok::<(), userapi_sendauth::EnvError>(())
//! ```
//!
//! # One call
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use userapi_sendauth::{BASE_URL, Client};
//!
//! let sendauth = Client::with_basic(BASE_URL, "api-user", "api-password");
//! let id: uuid::Uuid = "5b8f0ad2-6a3c-4b8e-9d0b-2f1c3e4d5a6b".parse()?;
//! let user = sendauth.get_user().user_id(id).send().await?;
//! println!("{} {}", *user.first_name, *user.last_name);
//! # Ok(()) }
//! ```
//!
//! # Errors
//!
//! Every failure is an [`Error`] naming the operation, method and URL, with the status,
//! headers, body and request id when an answer arrived; its [`kind`](Error::kind) says what
//! went wrong. Error answers (403, 404, 406, 422, 500) have no documented body: a documented
//! one is [`ErrorKind::Service`] with `()`, and the status, headers and raw body on the error.
//!
//! ```no_run
//! use userapi_sendauth::{Client, ErrorKind};
//!
//! # async fn demo(sendauth: Client, id: uuid::Uuid) {
//! if let Err(e) = sendauth.get_user().user_id(id).send().await {
//!     match e.kind() {
//!         ErrorKind::Service(()) => println!("{:?}: {:?}", e.status(), e.body()),
//!         ErrorKind::Transport(_) => println!("network trouble (already retried): {e}"),
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
//! use userapi_sendauth::{BoxError, CallInfo, Client};
//! # use userapi_sendauth::*;
//!
//! # async fn demo() {
//! let team = |request: &mut reqwest::Request, _: &CallInfo| -> Result<(), BoxError> {
//!     request.headers_mut().insert("x-team", "identity".parse()?);
//!     Ok(())
//! };
//! # let sendauth = Client::with_basic(userapi_sendauth::BASE_URL, "user", "password");
//! let sendauth = Client::with_runtime(sendauth.base_url(), Client::runtime_builder().interceptor(team).build());
//! let answer = sendauth.get_user().user_id(uuid::Uuid::nil())
//!     .customize()
//!     .header("x-request-tag", "nightly-sync")
//!     .timeout(Duration::from_secs(5))
//!     .retries(0)
//!     .send()
//!     .await;
//! match answer {
//!     Ok(user) => println!("{:?}", user.status()),
//!     Err(e) if e.is_not_found() => println!("not there"),
//!     Err(e) if e.is_retryable() => println!("worth another try later: {e}"),
//!     Err(e) => println!("status {:?}: {e}", e.status_code()),
//! }
//! # }
//! ```
//!
//! # Paging
//!
//! [`Client::list_users`], `list_deleted_users`, `get_user_transactions` and `get_user_audits`
//! have `.stream()` (every item; `page` = 1, 2, ... until `total`, every other parameter kept)
//! and `.pages()` (each page with its headers).
//!
//! ```no_run
//! # async fn demo(sendauth: userapi_sendauth::Client) -> Result<(), userapi_sendauth::Error> {
//! use userapi_sendauth::paging::TryStreamExt;
//!
//! let mut users = sendauth.list_users().q("ada").per_page(100).stream();
//! while let Some(user) = users.try_next().await? {
//!     println!("{:?} {:?}", user.first_name, user.last_name);
//! }
//! // One page, as the API sends it:
//! let page = sendauth.list_users().page(1).per_page(25).send().await?;
//! println!("{} of {:?}", page.rows.len(), page.total);
//! # Ok(()) }
//! ```
//!
//! # Mocks
//!
//! With the `mock` feature, the `mock` module has a typed [httpmock](https://docs.rs/httpmock) mock for
//! every operation, and re-exports what a test needs from httpmock (add `userapi-sendauth` with
//! `features = ["mock"]` to your dev-dependencies; nothing else).
//!
#![cfg_attr(feature = "mock", doc = "```no_run")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
//! use userapi_sendauth::{Client, mock::{MockServer, MockServerExt}, types};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start_async().await;
//! let page: types::PaginatedUsers = serde_json::from_value(serde_json::json!({
//!     "rows": [{ "id": "5b8f0ad2-6a3c-4b8e-9d0b-2f1c3e4d5a6b", "firstName": "Alan",
//!                "lastName": "Turing", "role": "admin" }],
//!     "total": 1
//! }))?;
//! let mock = server.list_users(|_when, then| {
//!     then.ok(&page);
//! });
//! let sendauth = Client::with_basic(&server.base_url(), "test-user", "test-password");
//! let got = sendauth.list_users().send().await?;
//! assert_eq!(got.rows.len(), 1);
//! mock.assert();
//! # Ok(()) }
//! ```
//!
//! The Python SDK names of the SendAuth docs are the method names here (`list_users`, ...).

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;

userapi_runtime::provider_crate!();

/// SendAuth's API host.
pub const BASE_URL: &str = "https://app.sendauth.com";

impl Client {
    /// A client that authenticates with HTTP basic.
    pub fn with_basic(
        base_url: &str,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        Self::with_credentials(base_url, Credentials::basic(username, password))
    }
}

/// Why a call could not be configured from the environment: the variable, and what is wrong.
pub use userapi_runtime::EnvError;

impl Client {
    /// A client configured from the process environment; see [`from_env_with`](Self::from_env_with).
    pub fn from_env() -> Result<Self, EnvError> {
        Self::from_env_with(userapi_runtime::env::process_env)
    }

    /// A client configured from `USERAPI_SENDAUTH_*` variables read through `lookup` (a
    /// variable's name in, its value out; empty counts as unset):
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `USERAPI_SENDAUTH_USER`, `USERAPI_SENDAUTH_PASSWORD` | HTTP basic credentials (required) |
    /// | `USERAPI_SENDAUTH_BASE_URL` | the API's URL, if not [`BASE_URL`] |
    ///
    /// and the retries and time limits every provider reads ([`userapi_runtime::env`]). A
    /// missing or unusable variable is an [`EnvError`] naming it.
    ///
    /// ```no_run
    /// // USERAPI_SENDAUTH_USER=ops USERAPI_SENDAUTH_PASSWORD=... USERAPI_SENDAUTH_TIMEOUT=20s
    /// let sendauth = userapi_sendauth::Client::from_env()?;
    /// # Ok::<(), userapi_sendauth::EnvError>(())
    /// ```
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, EnvError> {
        let env = userapi_runtime::env::Env::new(PROVIDER, lookup);
        let base_url = env.base_url_or(BASE_URL)?;
        let credentials = match (env.get("USER"), env.secret("PASSWORD")) {
            (Some(user), Some(password)) => Credentials::basic(user, password),
            _ => {
                return Err(env.incomplete(
                    "sendauth needs HTTP basic credentials",
                    &[&["USER", "PASSWORD"]],
                ));
            }
        };
        let runtime = env.runtime(Self::runtime_builder())?;
        Ok(Self::with_runtime(
            &base_url,
            runtime.credentials(credentials).build(),
        ))
    }
}
