//! The one place for what every userapi provider client needs.
//!
//! Generated clients carry a [`Runtime`] as their inner value, and each provider crate wires it
//! into progenitor's hooks with [`provider_client!`]. Before a request is sent the runtime
//! sets the credentials, `User-Agent` and any media type a spec rewrite changed, removes
//! progenitor's `api-version` header and refuses path parameters that would escape their
//! segment. After the answer arrives it turns a body that is not the JSON the spec promises into
//! [`progenitor_client::Error::UnexpectedResponse`], which keeps the status and the body.
//!
//! ```
//! use userapi_runtime::{Credentials, Runtime};
//! static OPS: &[userapi_runtime::Operation] = &[];
//! let runtime = Runtime::builder("example", OPS)
//!     .credentials(Credentials::bearer("t0ken"))
//!     .build();
//! assert!(format!("{runtime:?}").contains("***"));
//! ```

mod credentials;
mod hooks;
mod open_enum;
mod operation;
mod response;

pub use credentials::{Credentials, Secret};
pub use operation::Operation;
pub use response::BufferedBody;

use std::sync::Arc;

/// The `User-Agent` every client sends.
pub const USER_AGENT: &str = concat!("userapi/", env!("CARGO_PKG_VERSION"));

/// Per-client settings shared by every request; cheap to clone.
#[derive(Clone)]
pub struct Runtime {
    inner: Arc<Inner>,
}

struct Inner {
    provider: &'static str,
    operations: &'static [Operation],
    credentials: Credentials,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("provider", &self.inner.provider)
            .field("operations", &self.inner.operations.len())
            .field("credentials", &self.inner.credentials)
            .finish()
    }
}

impl Runtime {
    /// Starts a runtime for `provider` whose operations are described by `operations`.
    pub fn builder(provider: &'static str, operations: &'static [Operation]) -> RuntimeBuilder {
        RuntimeBuilder {
            provider,
            operations,
            credentials: Credentials::None,
        }
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
#[derive(Debug)]
pub struct RuntimeBuilder {
    provider: &'static str,
    operations: &'static [Operation],
    credentials: Credentials,
}

impl RuntimeBuilder {
    /// Sets the credentials sent with every request.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// Finishes the runtime.
    pub fn build(self) -> Runtime {
        Runtime {
            inner: Arc::new(Inner {
                provider: self.provider,
                operations: self.operations,
                credentials: self.credentials,
            }),
        }
    }
}

/// Builds the `reqwest::Client` the provider constructors use: no default timeout surprises,
/// one place to configure the HTTP stack.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Wires a generated `Client` to the runtime: `ClientHooks<Runtime>` (every request goes
/// through [`Runtime`]) and the constructors every provider shares. Call it once in each
/// provider crate with the generated client and operation table.
#[macro_export]
macro_rules! provider_client {
    ($client:ty, $provider:expr, $operations:expr) => {
        impl $client {
            /// A client for `base_url` that sends `credentials` with every request.
            ///
            /// A trailing `/` on `base_url` is ignored.
            pub fn with_credentials(base_url: &str, credentials: $crate::Credentials) -> Self {
                let runtime = $crate::Runtime::builder($provider, $operations)
                    .credentials(credentials)
                    .build();
                Self::with_runtime(base_url, $crate::http_client(), runtime)
            }

            /// A client with a `reqwest::Client` and [`Runtime`]($crate::Runtime) of your own.
            pub fn with_runtime(
                base_url: &str,
                http: ::reqwest::Client,
                runtime: $crate::Runtime,
            ) -> Self {
                Self::new_with_client(base_url.trim_end_matches('/'), http, runtime)
            }

            /// The runtime this client sends its requests through.
            pub fn runtime(&self) -> &$crate::Runtime {
                use ::progenitor_client::ClientInfo as _;
                self.inner()
            }
        }

        impl ::progenitor_client::ClientHooks<$crate::Runtime> for $client {
            async fn pre<E>(
                &self,
                request: &mut ::reqwest::Request,
                info: &::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), ::progenitor_client::Error<E>> {
                use ::progenitor_client::ClientInfo as _;
                self.inner()
                    .prepare(self.baseurl(), request, info.operation_id)
            }

            async fn exec(
                &self,
                request: ::reqwest::Request,
                info: &::progenitor_client::OperationInfo,
            ) -> ::reqwest::Result<::reqwest::Response> {
                use ::progenitor_client::ClientInfo as _;
                self.inner()
                    .execute(self.client(), request, info.operation_id)
                    .await
            }

            async fn post<E>(
                &self,
                result: &::reqwest::Result<::reqwest::Response>,
                info: &::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), ::progenitor_client::Error<E>> {
                use ::progenitor_client::ClientInfo as _;
                self.inner().check(result, info.operation_id)
            }
        }
    };
}

#[doc(hidden)]
pub mod __private {
    pub use serde;
}
