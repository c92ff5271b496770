//! Typed Rust client for the [Ory Kratos](https://www.ory.sh/kratos/) identity admin API
//! (v0.13.1 and v1.0 to v1.3), generated from the spec shipped with this crate
//! (`specs/kratos.yaml`) with progenitor. 18 operations, each a builder method on [`Client`]:
//! set parameters, then `.send().await`.
//!
//! # Constructors and auth
//!
//! ```no_run
//! use userapi_kratos::Client;
//!
//! // A private admin port usually needs no credentials.
//! let local = Client::unauthenticated("http://127.0.0.1:4434");
//! // Ory Network wants an API key, sent as `Authorization: Bearer <key>`.
//! let network = Client::with_api_key("https://example.projects.oryapis.com", "ory_pat_...");
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
//! [`Client::from_env`] reads `USERAPI_KRATOS_*` variables (base URL, API key, retries, time limits), the
//! ones the `userapi` command line reads; a missing or unusable one is an [`EnvError`] naming it.
//! [`Client::from_env_with`] takes the lookup as a function (tests, settings of your own).
//!
//! ```no_run
//! // USERAPI_KRATOS_BASE_URL=http://127.0.0.1:4434 USERAPI_KRATOS_API_KEY=...
//! let client = userapi_kratos::Client::from_env()?;
//! # Ok::<(), userapi_kratos::EnvError>(())
//! ```
//!
//! # One call
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_kratos::Error> {
//! let kratos = userapi_kratos::Client::unauthenticated("http://127.0.0.1:4434");
//! let identity = kratos.get_identity().id("9f425a8d-7efc-4768-8f23-7647a74fdf13").send().await?;
//! println!("{} {:?} {}", identity.status(), identity.state, identity.schema_id);
//! # Ok(()) }
//! ```
//!
//! Success gives a [`ResponseValue`]: the typed body (through `Deref`, or
//! [`into_inner`](ResponseValue::into_inner)), the status and the headers.
//!
//! # Errors
//!
//! Every failure is an [`Error`] naming the operation, method and URL, with the status,
//! headers, body and request id when an answer arrived; its [`kind`](Error::kind) says what
//! went wrong.
//!
//! ```no_run
//! use userapi_kratos::{Client, ErrorKind};
//!
//! # async fn demo(kratos: Client) {
//! match kratos.get_identity().id("no-such-id").send().await {
//!     Ok(identity) => println!("found {}", identity.id),
//!     // A documented error status, with Kratos' `errorGeneric` body decoded.
//!     Err(e) if e.status().map(|s| s.as_u16()) == Some(404) => println!("no such identity"),
//!     Err(e) => match e.kind() {
//!         ErrorKind::Service(body) => println!("Kratos says: {}", body.error.message),
//!         ErrorKind::Transport(_) => println!("network trouble (already retried): {e}"),
//!         _ => println!("{e} (request id {:?})", e.request_id()),
//!     },
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
//! use userapi_kratos::{BoxError, CallInfo, Client};
//! # use userapi_kratos::*;
//!
//! # async fn demo() {
//! let team = |request: &mut reqwest::Request, _: &CallInfo| -> Result<(), BoxError> {
//!     request.headers_mut().insert("x-team", "identity".parse()?);
//!     Ok(())
//! };
//! # let kratos = Client::unauthenticated("http://127.0.0.1:4434");
//! let kratos = Client::with_runtime(kratos.base_url(), Client::runtime_builder().interceptor(team).build());
//! let answer = kratos.get_identity().id("9f425a8d-7efc-4768-8f23-7647a74fdf13")
//!     .customize()
//!     .header("x-request-tag", "nightly-sync")
//!     .timeout(Duration::from_secs(5))
//!     .retries(0)
//!     .send()
//!     .await;
//! match answer {
//!     Ok(identity) => println!("{:?}", identity.id),
//!     Err(e) if e.is_not_found() => println!("not there"),
//!     Err(e) if e.is_retryable() => println!("worth another try later: {e}"),
//!     Err(e) => println!("status {:?}: {e}", e.status_code()),
//! }
//! # }
//! ```
//!
//! # Paging
//!
//! The four listings have `.stream()` (every item; pages fetched lazily with your filters,
//! auth, retries and timeouts) and `.pages()` (each page with its status and headers).
//! `list_identities`, `list_identity_schemas` and `list_sessions` follow the `Link:
//! <...>; rel="next"` header (Kratos v1.x `page_token`, v0.13.1 `page`); `list_identity_sessions`
//! asks for `page` = 1, 2, ... until `X-Total-Count`, because its `Link` is off by one on every
//! Kratos version. A server that sends a page or cursor twice ends the stream with
//! [`ErrorKind::Paging`] instead of looping.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_kratos::Error> {
//! use userapi_kratos::paging::TryStreamExt;
//!
//! let kratos = userapi_kratos::Client::unauthenticated("http://127.0.0.1:4434");
//! let mut identities = kratos.list_identities().page_size(250).stream();
//! while let Some(identity) = identities.try_next().await? {
//!     println!("{} {:?}", identity.id, identity.state);
//! }
//! // One page, as the API sends it: `<...?page_size=250&page_token=...>; rel="next"` when
//! // there is more.
//! let page = kratos.list_identities().page_size(250).send().await?;
//! let next = page.headers().get("link").and_then(|v| v.to_str().ok());
//! println!("{} identities, next: {next:?}", page.len());
//! # Ok(()) }
//! ```
//!
//! # Mocks
//!
//! With the `mock` feature, the `mock` module has a typed [httpmock](https://docs.rs/httpmock) mock for
//! every operation, and re-exports what a test needs from httpmock (add `userapi-kratos` with
//! `features = ["mock"]` to your dev-dependencies; nothing else).
//!
#![cfg_attr(feature = "mock", doc = "```no_run")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
//! use userapi_kratos::{Client, mock::{MockServer, MockServerExt}, types};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start_async().await;
//! let ada: types::Identity = serde_json::from_value(serde_json::json!({
//!     "id": "9f425a8d-7efc-4768-8f23-7647a74fdf13", "schema_id": "default",
//!     "schema_url": "http://localhost/schemas/default", "traits": { "email": "ada@example.com" }
//! }))?;
//! let mock = server.get_identity(|when, then| {
//!     when.id("9f425a8d-7efc-4768-8f23-7647a74fdf13");
//!     then.ok(&ada);
//! });
//! let kratos = Client::unauthenticated(&server.base_url());
//! let got = kratos.get_identity().id("9f425a8d-7efc-4768-8f23-7647a74fdf13").send().await?;
//! assert_eq!(got.schema_id, "default");
//! mock.assert();
//! # Ok(()) }
//! ```
//!
//! # Versions
//!
//! One client serves every version from v0.13.1 to v1.3. Where versions answer differently
//! both answers decode: [`Client::delete_identity_credentials`] returns `Some(identity)` for the
//! 200 of the v0.13.1 description and `None` for the 204 servers send, and
//! [`Client::extend_session`] `None` for the 204 of v1.3; `session.identity` is `None` unless
//! expanded. Parameters newer than a server are ignored by it silently: `specs/kratos.yaml`
//! names the version that introduced each one (`x-since`). Leave newer body fields unset for
//! older servers, since `create_identity` and `batch_patch_identities` reject unknown fields.
//!
//! The SDK method names of the Kratos docs map to snake case: `ListIdentities` is
//! [`Client::list_identities`], `GetIdentity` is [`Client::get_identity`], and so on.

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;

userapi_runtime::provider_crate!();

impl Client {
    /// A client for a Kratos admin endpoint that sends no credentials (a private admin port).
    pub fn unauthenticated(base_url: &str) -> Self {
        Self::with_credentials(base_url, Credentials::None)
    }

    /// A client that sends `Authorization: Bearer <api_key>`, as Ory Network expects.
    pub fn with_api_key(base_url: &str, api_key: impl Into<Secret>) -> Self {
        Self::with_credentials(base_url, api_key_credentials(api_key))
    }
}

/// Why a call could not be configured from the environment: the variable, and what is wrong.
pub use userapi_runtime::EnvError;

impl Client {
    /// A client configured from the process environment; see [`from_env_with`](Self::from_env_with).
    pub fn from_env() -> Result<Self, EnvError> {
        Self::from_env_with(userapi_runtime::env::process_env)
    }

    /// A client configured from `USERAPI_KRATOS_*` variables read through `lookup` (a
    /// variable's name in, its value out; empty counts as unset):
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `USERAPI_KRATOS_BASE_URL` | the admin API's URL (required) |
    /// | `USERAPI_KRATOS_API_KEY` | an API key, sent as a bearer token (none: no credentials) |
    ///
    /// and the retries and time limits every provider reads ([`userapi_runtime::env`]). A
    /// missing or unusable variable is an [`EnvError`] naming it.
    ///
    /// ```no_run
    /// // USERAPI_KRATOS_BASE_URL=http://127.0.0.1:4434 USERAPI_KRATOS_RETRIES=0
    /// let kratos = userapi_kratos::Client::from_env()?;
    /// # Ok::<(), userapi_kratos::EnvError>(())
    /// ```
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, EnvError> {
        let env = userapi_runtime::env::Env::new(PROVIDER, lookup);
        let base_url = env.base_url("kratos needs the admin API's URL")?;
        let credentials = env
            .secret("API_KEY")
            .map_or(Credentials::None, api_key_credentials);
        let runtime = env.runtime(Self::runtime_builder())?;
        Ok(Self::with_runtime(
            &base_url,
            runtime.credentials(credentials).build(),
        ))
    }
}

/// The credentials of [`Client::with_api_key`] (`Authorization: Bearer <api_key>`), for a
/// client built from a [`Runtime`] of your own (`Client::runtime_builder().credentials(..)`).
pub fn api_key_credentials(api_key: impl Into<Secret>) -> Credentials {
    let key = api_key.into();
    let value = Secret::new(format!("Bearer {}", key.expose()));
    Credentials::header(reqwest::header::AUTHORIZATION, value)
}
