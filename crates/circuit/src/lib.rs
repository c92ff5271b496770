//! Typed Rust client for the Circuit (Unify) users API, generated from the spec shipped with
//! this crate (`specs/circuit.yaml`) with progenitor. 10 operations, each a builder method on
//! [`Client`]: set parameters, then `.send().await`.
//!
//! # Constructors and auth
//!
//! ```no_run
//! use userapi_circuit::{Client, SANDBOX_TOKEN_URL, SANDBOX_URL};
//!
//! // OAuth2 client credentials, tokens cached and refreshed before they expire and once
//! // after a 401.
//! let circuit = Client::with_client_credentials(SANDBOX_URL, SANDBOX_TOKEN_URL, "id", "secret");
//! // Or a token you already have.
//! let circuit = Client::with_bearer(SANDBOX_URL, "oauth-access-token");
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
//! [`Client::from_env`] reads `USERAPI_CIRCUIT_*` variables (region, token or client credentials, retries, time limits), the
//! ones the `userapi` command line reads; a missing or unusable one is an [`EnvError`] naming it.
//! [`Client::from_env_with`] takes the lookup as a function (tests, settings of your own).
//!
//! ```no_run
//! // USERAPI_CIRCUIT_REGION=sandbox USERAPI_CIRCUIT_CLIENT_ID=... USERAPI_CIRCUIT_CLIENT_SECRET=...
//! let client = userapi_circuit::Client::from_env()?;
//! # Ok::<(), userapi_circuit::EnvError>(())
//! ```
//!
//! # One call
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_circuit::Error> {
//! use userapi_circuit::{Client, SANDBOX_URL};
//!
//! let circuit = Client::with_bearer(SANDBOX_URL, "oauth-access-token");
//! let me = circuit.get_profile().send().await?;
//! println!("{} {:?}", me.status(), me.display_name);
//! # Ok(()) }
//! ```
//!
//! Operations that offer JSON or XML (or `*/*`) ask for and decode JSON. `PUT /users/presence`
//! sends a form body.
//!
//! # Errors
//!
//! Every failure is an [`Error`] naming the operation, method and URL, with the status,
//! headers, body and request id when an answer arrived; its [`kind`](Error::kind) says what
//! went wrong. Error answers have no documented body: a documented one is
//! [`ErrorKind::Service`] with `()`, and the status, headers and raw body on the error.
//!
//! ```no_run
//! use userapi_circuit::{Client, ErrorKind};
//!
//! # async fn demo(circuit: Client) {
//! if let Err(e) = circuit.get_profile().send().await {
//!     match e.kind() {
//!         ErrorKind::Service(()) => println!("{:?}: {:?}", e.status(), e.body()),
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
//! use userapi_circuit::{BoxError, CallInfo, Client};
//! # use userapi_circuit::*;
//!
//! # async fn demo() {
//! let team = |request: &mut reqwest::Request, _: &CallInfo| -> Result<(), BoxError> {
//!     request.headers_mut().insert("x-team", "identity".parse()?);
//!     Ok(())
//! };
//! # let circuit = Client::with_bearer(userapi_circuit::SANDBOX_URL, "token");
//! let circuit = Client::with_runtime(circuit.base_url(), Client::runtime_builder().interceptor(team).build());
//! let answer = circuit.get_profile()
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
//! Circuit's user operations do not page: a search or list answers in one response.
//!
//! ```no_run
//! # async fn demo(circuit: userapi_circuit::Client) -> Result<(), userapi_circuit::Error> {
//! let users = circuit.search_users_list().name(vec!["Barbara".to_string()]).send().await?;
//! println!("{} users", users.len());
//! # Ok(()) }
//! ```
//!
//! # Mocks
//!
//! With the `mock` feature, the `mock` module has a typed [httpmock](https://docs.rs/httpmock) mock for
//! every operation, and re-exports what a test needs from httpmock (add `userapi-circuit` with
//! `features = ["mock"]` to your dev-dependencies; nothing else).
//!
#![cfg_attr(feature = "mock", doc = "```no_run")]
#![cfg_attr(not(feature = "mock"), doc = "```ignore")]
//! use userapi_circuit::{Client, mock::{MockServer, MockServerExt}, types};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start_async().await;
//! let me: types::User = serde_json::from_value(serde_json::json!({
//!     "userId": "c-1", "displayName": "Barbara Liskov"
//! }))?;
//! let mock = server.get_profile(|_when, then| {
//!     then.ok(&me);
//! });
//! let circuit = Client::with_bearer(&server.base_url(), "test-token");
//! let got = circuit.get_profile().send().await?;
//! assert_eq!(got.display_name.as_deref(), Some("Barbara Liskov"));
//! mock.assert();
//! # Ok(()) }
//! ```
//!
//! The Python SDK names of the Circuit docs are the method names here (`get_profile`, ...).

#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;

userapi_runtime::provider_crate!();

/// Circuit's sandbox REST base URL.
pub const SANDBOX_URL: &str = "https://circuitsandbox.net/rest/v2";
/// Circuit's production REST base URL (EU).
pub const PRODUCTION_URL: &str = "https://eu.yourcircuit.com/rest/v2";
/// The sandbox's OAuth2 token endpoint.
pub const SANDBOX_TOKEN_URL: &str = "https://circuitsandbox.net/oauth/token";
/// The production (EU) OAuth2 token endpoint.
pub const PRODUCTION_TOKEN_URL: &str = "https://eu.yourcircuit.com/oauth/token";

impl Client {
    /// A client that gets tokens with OAuth2 client credentials from `token_url` (for example
    /// [`SANDBOX_TOKEN_URL`]), cached and refreshed before they expire and once after a 401.
    pub fn with_client_credentials(
        base_url: &str,
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        Self::with_credentials(
            base_url,
            Credentials::client_credentials(token_url, client_id, client_secret),
        )
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

    /// A client configured from `USERAPI_CIRCUIT_*` variables read through `lookup` (a
    /// variable's name in, its value out; empty counts as unset):
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `USERAPI_CIRCUIT_REGION` | `sandbox` (default: [`SANDBOX_URL`]) or `production` ([`PRODUCTION_URL`]) |
    /// | `USERAPI_CIRCUIT_BASE_URL` | the API's URL, if not the region's |
    /// | `USERAPI_CIRCUIT_TOKEN` | an access token, sent as a bearer token |
    /// | `USERAPI_CIRCUIT_CLIENT_ID`, `_CLIENT_SECRET` | or OAuth2 client credentials |
    /// | `USERAPI_CIRCUIT_TOKEN_URL` | the token endpoint, if not the region's |
    ///
    /// and the retries and time limits every provider reads ([`userapi_runtime::env`]). A
    /// missing or unusable variable is an [`EnvError`] naming it.
    ///
    /// ```no_run
    /// // USERAPI_CIRCUIT_REGION=production USERAPI_CIRCUIT_CLIENT_ID=... USERAPI_CIRCUIT_CLIENT_SECRET=...
    /// let circuit = userapi_circuit::Client::from_env()?;
    /// # Ok::<(), userapi_circuit::EnvError>(())
    /// ```
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, EnvError> {
        let env = userapi_runtime::env::Env::new(PROVIDER, lookup);
        let production = env
            .parse(
                "REGION",
                "not a Circuit region (sandbox, production)",
                |r| match r {
                    "sandbox" => Ok(false),
                    "production" => Ok(true),
                    _ => Err(()),
                },
            )?
            .unwrap_or(false);
        let (api, tokens) = if production {
            (PRODUCTION_URL, PRODUCTION_TOKEN_URL)
        } else {
            (SANDBOX_URL, SANDBOX_TOKEN_URL)
        };
        let base_url = env.base_url_or(api)?;
        let credentials = env.bearer_or_client_credentials(
            tokens,
            "circuit needs an access token or client credentials",
        )?;
        let runtime = env.runtime(Self::runtime_builder())?;
        Ok(Self::with_runtime(
            &base_url,
            runtime.credentials(credentials).build(),
        ))
    }
}

/// Integer access to the two presence numbers the API types as `number`. They decode as `f64`
/// so that an answer with a fraction (`"timeZoneOffset": 19800.5`) does not fail the whole
/// presence list; these give the whole numbers most callers want.
impl types::Presence {
    /// The time zone offset rounded to the nearest whole number; `None` when absent or when it
    /// is not a finite number that fits an `i32`.
    pub fn time_zone_offset_i32(&self) -> Option<i32> {
        self.time_zone_offset
            .and_then(round_to_i64)
            .and_then(|v| i32::try_from(v).ok())
    }

    /// The end of do-not-disturb as a whole-number timestamp (rounded); `None` when absent or
    /// when it is not a finite number that fits an `i64`.
    pub fn dnd_until_i64(&self) -> Option<i64> {
        self.dnd_until.and_then(round_to_i64)
    }
}

/// `value` rounded, when it is finite and within `i64`.
fn round_to_i64(value: f64) -> Option<i64> {
    let rounded = value.round();
    // i64::MAX as f64 rounds up to 2^63, which no longer fits: the upper bound is exclusive.
    let fits = rounded.is_finite() && rounded >= i64::MIN as f64 && rounded < i64::MAX as f64;
    // The cast is exact here: `rounded` is a whole number within range.
    #[allow(clippy::cast_possible_truncation)]
    fits.then_some(rounded as i64)
}
