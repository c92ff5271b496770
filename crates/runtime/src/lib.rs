//! The one place for what every userapi provider client needs.
//!
//! Generated clients carry a [`Runtime`] as their inner value, and each provider crate wires it
//! in with [`provider_client!`]. The generated code checks path parameters (none can leave its
//! segment) and header values through the runtime; before a request is sent the runtime sets the credentials, `User-Agent` and any media type a
//! spec rewrite changed (progenitor's `api-version` header is not generated). Every call ends
//! in [`Error`] when it fails, naming provider, operation, method and URL, and keeping the
//! status, headers, body and request id of an answer that arrived.
//!
//! ```
//! use userapi_runtime::{Credentials, Runtime};
//! static OPS: &[userapi_runtime::Operation] = &[];
//! let runtime = Runtime::builder("example", OPS)
//!     .credentials(Credentials::bearer("t0ken"))
//!     .build();
//! assert!(format!("{runtime:?}").contains("***"));
//! ```

#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod answer;
pub mod auth;
pub mod base_url;
mod call;
mod credentials;
mod encode;
pub mod env;
mod error;
mod in_flight;
mod interceptor;
mod invalid;
mod open_enum;
mod operation;
pub mod paging;
mod pipeline;
mod query;
mod redirect;
mod response;
mod retry;
mod sleep;
mod telemetry;
mod text;
mod timeouts;
pub mod tls;
mod traffic;

// For the crate's own modules; the generated code reaches them through `__private`.
use answer::Answer;
pub use auth::{AuthError, TokenSource};
#[cfg(feature = "oauth")]
#[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
pub use auth::{ClientCredentials, ClientSecretIn, MAX_TOKEN_RESPONSE_BYTES};
pub use call::{Call, Customize};
#[doc(hidden)]
pub use call::{CallOptions, Decode, Prepared, Rebuild};
pub use credentials::{Credentials, Secret};
pub use encode::encode_path;
use encode::header_value;
pub use env::EnvError;
pub use error::{Error, ErrorKind, MAX_DISPLAY_CHARS, RedirectRefused};
pub use interceptor::{BoxError, CallInfo, Interceptor};
pub use invalid::{Invalid, Refused};
pub use open_enum::UnknownValue;
pub use operation::Operation;
pub use paging::{Items, Pages, PagingError, Repeated};
pub use retry::{RetryBudget, RetryPolicy};
pub use sleep::{Sleep, SleepFuture, TokioSleep};
pub use timeouts::Timeouts;

use credentials::AuthHeader;
use std::sync::Arc;

/// The HTTP client a provider client sends through, or why it could not be built.
type HttpClient = Result<reqwest::Client, Invalid>;

/// The `User-Agent` every client sends.
pub const USER_AGENT: &str = concat!("userapi/", env!("CARGO_PKG_VERSION"));

/// The default cap on one response body: 32 MiB. The largest pages our providers send are a
/// Kratos listing of 1,000 identities or sessions and a PureCloud page of 500 fully expanded
/// users, each some 10 MiB at most; the cap leaves three times that.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;

/// The most redirects one call follows. Only same-origin redirects that keep the method are
/// followed ([`RedirectRefused`] lists the others); a well-behaved API needs one, a loop would
/// otherwise cost a request per hop until the time limit.
pub const MAX_REDIRECTS: u32 = 5;

/// Per-client settings shared by every request; cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    provider: &'static str,
    operations: &'static [Operation],
    credentials: Credentials,
    /// What `credentials` sends, resolved by `build`.
    auth: AuthHeader,
    retry: RetryPolicy,
    timeouts: Timeouts,
    max_response_bytes: u64,
    sleep: Arc<dyn Sleep>,
    /// Run on every attempt, in order.
    interceptors: Vec<Arc<dyn Interceptor>>,
    /// Why every call is refused: the client's base URL cannot be used, or its HTTP client
    /// could not be built.
    refusal: Option<Invalid>,
    /// The time limit the `reqwest::Client` applies to each request by itself, when the
    /// runtime built that client ([`Runtime::bind_own_client`]). An attempt whose limit is the
    /// same is sent without one of its own: a per-request timeout costs reqwest three
    /// allocations per request.
    client_timeout: Option<std::time::Duration>,
    /// The retry budget's tokens and the "not before" instant a 429 set, shared by every call
    /// (and by runtimes made from this one with `to_builder`, as the token cache is).
    traffic: Arc<traffic::Traffic>,
    /// The pacing of `rate_limit`, shared the same way.
    pace: Option<Arc<traffic::Pace>>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("provider", &self.inner.provider)
            .field("operations", &self.inner.operations.len())
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("timeouts", &self.inner.timeouts)
            .field("max_response_bytes", &self.inner.max_response_bytes)
            .field("interceptors", &self.inner.interceptors.len())
            .finish()
    }
}

impl Runtime {
    /// Starts a runtime for `provider` whose operations are described by `operations`.
    pub fn builder(provider: &'static str, operations: &'static [Operation]) -> RuntimeBuilder {
        RuntimeBuilder {
            inner: Inner {
                provider,
                operations,
                credentials: Credentials::None,
                auth: AuthHeader::None,
                retry: RetryPolicy::default(),
                timeouts: Timeouts::default(),
                max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                sleep: Arc::new(TokioSleep),
                interceptors: Vec::new(),
                refusal: None,
                client_timeout: None,
                traffic: Arc::default(),
                pace: None,
            },
        }
    }

    /// A builder starting from this runtime's settings (the token cache is shared).
    pub fn to_builder(&self) -> RuntimeBuilder {
        RuntimeBuilder {
            inner: (*self.inner).clone(),
        }
    }

    /// The retry policy.
    pub fn retry(&self) -> RetryPolicy {
        self.inner.retry
    }

    /// The time limits.
    pub fn timeouts(&self) -> Timeouts {
        self.inner.timeouts
    }

    /// The cap on one response body, in bytes.
    pub fn max_response_bytes(&self) -> u64 {
        self.inner.max_response_bytes
    }

    /// Checks a client's base URL ([`base_url::check`]) and returns it with a `reqwest::Client`
    /// built for this runtime ([`http_client`](Self::http_client)), whose own time limit the
    /// runtime then relies on instead of setting one per request. When the URL cannot be used,
    /// the runtime returned refuses every call, saying why. The provider constructors call it
    /// (through `__private`).
    fn bind_own_client(&self, base_url: &str) -> (String, HttpClient, Runtime) {
        self.bind_client_builder(base_url, tls::client_builder())
    }

    /// Like [`bind_own_client`](Self::bind_own_client), from a `reqwest::ClientBuilder` of the
    /// caller's (proxies, TLS roots, pool settings...): the runtime sets what its guarantees
    /// rest on over whatever the builder had, namely the redirect policy (none: the runtime
    /// follows redirects itself, within the base URL's origin), the connect and per-attempt
    /// time limits, and reqwest's own retries (off).
    fn bind_client_builder(
        &self,
        base_url: &str,
        builder: reqwest::ClientBuilder,
    ) -> (String, HttpClient, Runtime) {
        match self.configure(builder).build() {
            Ok(http) => {
                let (url, runtime) = self.bind(base_url, Some(self.inner.timeouts.attempt), None);
                (url, Ok(http), runtime)
            }
            // No stand-in: `reqwest::Client::new()` panics on the same failure, and would drop
            // the configured limits. Every call is refused with the cause.
            Err(e) => {
                let why = format!("the HTTP client could not be built: {e}");
                let invalid = Invalid::new(Refused::Request, why);
                let (url, runtime) = self.bind(base_url, None, Some(invalid.clone()));
                (url, Err(invalid), runtime)
            }
        }
    }

    fn bind(
        &self,
        base_url: &str,
        client_timeout: Option<std::time::Duration>,
        client_problem: Option<Invalid>,
    ) -> (String, Runtime) {
        let checked = base_url::check(base_url);
        let problem = checked
            .problem
            .map(|why| Invalid::new(Refused::BaseUrl, why))
            .or(client_problem);
        let unchanged = problem.is_none()
            && self.inner.refusal.is_none()
            && self.inner.client_timeout == client_timeout;
        let runtime = if unchanged {
            self.clone()
        } else {
            let mut inner = (*self.inner).clone();
            inner.refusal = problem;
            inner.client_timeout = client_timeout;
            Runtime {
                inner: Arc::new(inner),
            }
        };
        (checked.url, runtime)
    }

    /// A `reqwest::Client` with this runtime's connect timeout and per-attempt limit (an
    /// attempt with less time left, near the end of the call's total limit, gets its own), no
    /// redirects and no retries of reqwest's own; `Err` with reqwest's reason when it cannot be
    /// built (a TLS backend that fails to start).
    pub fn http_client(&self) -> reqwest::Result<reqwest::Client> {
        self.configure(tls::client_builder()).build()
    }

    /// What every `reqwest::Client` the runtime sends through must have.
    fn configure(&self, builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
        let timeouts = self.inner.timeouts;
        tls::install_provider();
        builder
            .connect_timeout(timeouts.connect)
            .timeout(timeouts.attempt)
            // reqwest's own policy follows up to 10 redirects anywhere, keeping custom headers
            // (an API key) and re-sending bodies on 307/308 to another origin: the runtime
            // follows them itself, by its own rule (`redirect.rs`).
            .redirect(reqwest::redirect::Policy::none())
            // The runtime retries by its own policy. reqwest's default one only replays HTTP/2
            // and HTTP/3 refusals (neither protocol is built in), yet copies every request in
            // case it might: with no retries allowed it copies nothing.
            .retry(reqwest::retry::never().max_retries_per_request(0))
    }

    /// The provider key (`kratos`, `pingone`, ...).
    pub fn provider(&self) -> &'static str {
        self.inner.provider
    }

    /// The credentials this runtime sends.
    pub fn credentials(&self) -> &Credentials {
        &self.inner.credentials
    }

    /// The table entry of an operation, by the id progenitor reports (its Rust name).
    pub fn operation(&self, id: &str) -> Option<&'static Operation> {
        self.inner
            .operations
            .binary_search_by(|op| op.id.cmp(id))
            .ok()
            .and_then(|i| self.inner.operations.get(i))
    }
}

/// Builds a [`Runtime`].
pub struct RuntimeBuilder {
    inner: Inner,
}

impl std::fmt::Debug for RuntimeBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RuntimeBuilder")
            .field("provider", &self.inner.provider)
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

impl RuntimeBuilder {
    /// Sets the credentials sent with every request.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.inner.credentials = credentials;
        self
    }

    /// Sets the retry policy ([`RetryPolicy::disabled`] turns retries off).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.inner.retry = retry;
        self
    }

    /// Sets the time limits.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.inner.timeouts = timeouts;
        self
    }

    /// Sets the cap on one response body ([`DEFAULT_MAX_RESPONSE_BYTES`] by default). An answer
    /// over it ends the call with [`ErrorKind::BodyTooLarge`]; at
    /// most this many bytes are held while reading.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.inner.max_response_bytes = limit;
        self
    }

    /// Adds an interceptor, run after those added before it on every attempt of every call
    /// (see [`Interceptor`]).
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.inner.interceptors.push(Arc::new(interceptor));
        self
    }

    /// Paces the attempts of every call of this runtime so that at most `n` start per `per`,
    /// evenly spaced (`per / n` apart): a call waits for its turn, it never fails for it.
    /// Retries and redirects are attempts too. `n` of 0 or a zero `per` turns pacing off.
    ///
    /// Independently of this, after a `429` with `Retry-After` every caller of the runtime
    /// waits it out before its next attempt.
    pub fn rate_limit(mut self, n: u32, per: std::time::Duration) -> Self {
        self.inner.pace = traffic::Pace::new(n, per).map(Arc::new);
        self
    }

    /// Sets how the runtime waits between attempts (tests record the waits instead).
    pub fn sleep(mut self, sleep: impl Sleep + 'static) -> Self {
        self.inner.sleep = Arc::new(sleep);
        self
    }

    /// Finishes the runtime.
    pub fn build(mut self) -> Runtime {
        self.inner.auth = self.inner.credentials.resolve();
        Runtime {
            inner: Arc::new(self.inner),
        }
    }
}

/// The public surface every provider crate shares, from its `generated` module: the client and
/// its builders, `types` (generated models plus open enums), `mock` (behind the crate's `mock`
/// feature), the operation table, the runtime's configuration types, and [`provider_client!`].
/// Call it once at the root of a provider crate, after `mod generated;`.
// `crate::generated` is meant: the provider crate that calls the macro, not this one.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! provider_crate {
    () => {
        pub use generated::client::{ByteStream, Client, ResponseValue, builder, prelude};
        pub use generated::operations::{OPERATIONS, PROVIDER};
        /// The stream traits `.stream()` and `.pages()` need (`TryStreamExt::try_next`, ...).
        pub use $crate::paging;
        pub use $crate::{
            BoxError, CallInfo, Credentials, Customize, Interceptor, RetryPolicy, Runtime, Secret,
            Timeouts, TokenSource,
        };
        $crate::__reexport_oauth!();
        pub use generated::client::ProviderError as Error;
        pub use $crate::{ErrorKind, Invalid, PagingError, Refused, Repeated};

        /// Request and response types, including open enums that keep unknown values.
        pub mod types {
            pub use crate::generated::client::types::*;
            #[allow(unused_imports)] // empty when the spec has no string enums
            pub use crate::generated::open_enums::*;
        }

        /// Typed [httpmock](https://docs.rs/httpmock) mocks for your own tests: one
        /// [`MockServerExt`](mock::MockServerExt) method per operation, named like the client's.
        ///
        /// Everything a test needs is re-exported here ([`MockServer`](mock::MockServer),
        /// [`Mock`](mock::Mock), [`When`](mock::When), [`Then`](mock::Then), the whole crate
        /// as [`httpmock`](mock::httpmock)), so no `httpmock` dev-dependency of your own is
        /// needed. Start a [`MockServer`](mock::MockServer), point a client at
        /// `server.base_url()`, and set one typed mock per expected call: the `when` side
        /// matches the operation's method, path and the parameters you name; the `then` side
        /// answers with a status and a typed body (`then.ok(&body)`). `mock.assert()` checks it
        /// was called once; `when.into_inner()` / `then.into_inner()` give httpmock's own
        /// builders for anything the typed ones do not cover.
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub mod mock {
            pub use crate::generated::mock::*;
            /// One mock per page of a paged operation: `mock::pages::list_users(&server, &[page1, page2])`.
            pub use crate::generated::paging::serve as pages;
            pub use ::httpmock::{self, Method, Mock, MockServer, Then, When};
        }

        $crate::provider_client!(Client, PROVIDER, OPERATIONS);
    };
}

/// Wires a generated `Client` to the runtime (every request goes
/// through [`Runtime`]) and the constructors every provider shares. Call it once in each
/// provider crate with the generated client and operation table.
#[macro_export]
macro_rules! provider_client {
    ($client:ty, $provider:expr, $operations:expr) => {
        impl $client {
            /// A client for `base_url` that sends `credentials`, with the default retry policy
            /// and time limits. A trailing `/` on `base_url` is ignored; a base URL that cannot
            /// be used (no `http(s)://`, a query, a fragment, a user name or password) makes
            /// every call fail with `ErrorKind::InvalidRequest` saying why, before anything is sent.
            pub fn with_credentials(base_url: &str, credentials: $crate::Credentials) -> Self {
                Self::with_runtime(
                    base_url,
                    Self::runtime_builder().credentials(credentials).build(),
                )
            }

            /// A runtime builder for this provider: set credentials, retries, timeouts, then
            /// pass it to [`with_runtime`](Self::with_runtime).
            pub fn runtime_builder() -> $crate::RuntimeBuilder {
                $crate::Runtime::builder($provider, $operations)
            }

            /// A client with a runtime of your own.
            pub fn with_runtime(base_url: &str, runtime: $crate::Runtime) -> Self {
                let (baseurl, client, inner) =
                    $crate::__private::bind_own_client(&runtime, base_url);
                Self {
                    baseurl,
                    client,
                    inner,
                }
            }

            /// A client whose `reqwest::Client` is built from a `reqwest::ClientBuilder` of your
            /// own (proxies, TLS roots, pool settings, ...). The runtime sets the redirect
            /// policy (it follows redirects itself, never to another origin), the connect and
            /// per-attempt time limits and reqwest's retries (off) over whatever the builder
            /// had, so its guarantees hold with any builder.
            pub fn with_http_client(
                base_url: &str,
                http: ::reqwest::ClientBuilder,
                runtime: $crate::Runtime,
            ) -> Self {
                let (baseurl, client, inner) =
                    $crate::__private::bind_client_builder(&runtime, base_url, http);
                Self {
                    baseurl,
                    client,
                    inner,
                }
            }

            /// The same client with another retry policy, e.g. for one call:
            /// `client.with_retry(RetryPolicy::disabled()).get_...()`.
            pub fn with_retry(&self, retry: $crate::RetryPolicy) -> Self {
                let inner = self.inner.to_builder().retry(retry).build();
                Self {
                    baseurl: self.baseurl.clone(),
                    client: self.client.clone(),
                    inner,
                }
            }

            /// The same client with other per-attempt and total time limits (the connect
            /// timeout belongs to the `reqwest::Client` and stays).
            pub fn with_timeouts(&self, timeouts: $crate::Timeouts) -> Self {
                let inner = self.inner.to_builder().timeouts(timeouts).build();
                Self {
                    baseurl: self.baseurl.clone(),
                    client: self.client.clone(),
                    inner,
                }
            }

            /// The runtime this client sends its requests through.
            pub fn runtime(&self) -> &$crate::Runtime {
                &self.inner
            }

            /// The base URL calls go to (checked; a trailing `/` removed).
            pub fn base_url(&self) -> &str {
                &self.baseurl
            }
        }
    };
}

/// Re-exports [`ClientCredentials`] into a provider crate when this crate's `oauth` feature is
/// on. A `cfg` written inside [`provider_crate!`] would test the provider's features, not ours.
#[cfg(feature = "oauth")]
#[doc(hidden)]
#[macro_export]
macro_rules! __reexport_oauth {
    () => {
        // No `doc(cfg)` here: it would name a feature of the provider crate, which has none.
        pub use $crate::ClientCredentials;
    };
}

#[cfg(not(feature = "oauth"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __reexport_oauth {
    () => {};
}

/// Not public API: what the generated code and this crate's macros call. Anything here may
/// change or go in any release, minor and patch included; do not use it.
#[doc(hidden)]
pub mod __private {
    pub use crate::answer::Answer;
    pub use crate::encode::{Segment, header_value, path_segment};
    pub use crate::open_enum::{deserialize_str, unknown_value};
    pub use crate::query::query;
    pub use serde;

    use crate::{HttpClient, Runtime};

    /// `Runtime::bind_own_client`, for `provider_client!`'s constructors.
    pub fn bind_own_client(runtime: &Runtime, base_url: &str) -> (String, HttpClient, Runtime) {
        runtime.bind_own_client(base_url)
    }

    /// `Runtime::bind_client_builder`, for `provider_client!`'s `with_http_client`.
    pub fn bind_client_builder(
        runtime: &Runtime,
        base_url: &str,
        builder: reqwest::ClientBuilder,
    ) -> (String, HttpClient, Runtime) {
        runtime.bind_client_builder(base_url, builder)
    }
}
