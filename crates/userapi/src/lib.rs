//! Typed async Rust clients for five user and identity APIs, generated with
//! [progenitor](https://github.com/oxidecomputer/progenitor) from OpenAPI specs, over one shared
//! runtime (auth, retries, timeouts, errors). Each provider is a cargo feature and a module
//! re-exporting its crate unchanged; depend on this crate with the features you need, or on a
//! provider crate alone.
//!
//! | provider | feature and module | crate | operations | auth |
//! |---|---|---|---|---|
//! | PingOne identity verification | `pingone` | [`userapi-pingone`](https://docs.rs/userapi-pingone) | 5 | OAuth2 client credentials (worker app) or bearer |
//! | Ory Kratos identity admin (v0.13.1, v1.0 to v1.3) | `kratos` | [`userapi-kratos`](https://docs.rs/userapi-kratos) | 18 | none, or API key |
//! | PureCloud (Genesys Cloud) users | `purecloud` | [`userapi-purecloud`](https://docs.rs/userapi-purecloud) | 36 | OAuth2 client credentials or bearer |
//! | SendAuth users | `sendauth` | [`userapi-sendauth`](https://docs.rs/userapi-sendauth) | 14 | HTTP basic |
//! | Circuit users | `circuit` | [`userapi-circuit`](https://docs.rs/userapi-circuit) | 10 | OAuth2 client credentials or bearer |
//!
//! Each provider's page opens with its constructors, auth, one call, errors, paging and mocks.
//!
//! Other features:
//!
//! | feature | what it adds |
//! |---|---|
//! | `rustls` (default) | TLS through rustls with the aws-lc-rs crypto provider (reqwest's own default) |
//! | `rustls-ring` | TLS through rustls with the ring crypto provider, installed as the process default if none is: fewer and smaller C parts to build than aws-lc-rs |
//! | `native-tls` | TLS through the platform's library (OpenSSL on Linux) |
//! | `mock` | typed [httpmock](https://docs.rs/httpmock) mocks in every enabled provider (`userapi::<provider>::mock`), with httpmock re-exported |
//! | `oauth` | OAuth2 client credentials in the [`runtime`] for a provider that does not turn it on itself |
//! | `people` | people across Kratos, PureCloud, SendAuth and Circuit as `userapi::people` ([`userapi-people`](https://docs.rs/userapi-people)): find by email, list, offboard with a plan, diff two directories |
//!
//! Without a TLS feature only `http://` URLs work: an `https://` one is refused before anything
//! is sent, with an error naming the feature to enable. OAuth (the `oauth2` crate) is compiled
//! only when PingOne, PureCloud, Circuit or the `oauth` feature is on.
//!
//! ```toml
//! [dependencies]
//! userapi = { version = "0.1", default-features = false, features = ["rustls", "kratos"] }
//!
//! [dev-dependencies]
//! userapi = { version = "0.1", default-features = false, features = ["rustls", "kratos", "mock"] }
//! ```
//!
//! ```no_run
//! # #[cfg(feature = "kratos")]
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let kratos = userapi::kratos::Client::unauthenticated("http://127.0.0.1:4434");
//! let identity = kratos.get_identity().id("9f425a8d-7efc-4768-8f23-7647a74fdf13").send().await?;
//! println!("{:?}", identity.state);
//! # Ok(()) }
//! ```
//!
//! Every call returns [`runtime::Error`], whose [`kind`](runtime::Error::kind) tells a
//! documented error (with its decoded body) from an unexpected status, an unreadable body, a
//! transport failure, missing credentials or a request refused before sending. Retries (3
//! attempts, jittered backoff, `Retry-After`) and time limits (30 s per attempt, 90 s in all)
//! are on by default; see [`runtime::RetryPolicy`] and [`runtime::Timeouts`].
//!
//! The example `cargo run -p userapi --example tour` (in `crates/userapi/examples/tour.rs` of
//! the repository) calls all five providers against an embedded mock server.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub use userapi_runtime as runtime;
pub use userapi_runtime::{Credentials, Secret};

/// PingOne identity verification: see [`userapi_pingone`].
#[cfg(feature = "pingone")]
#[cfg_attr(docsrs, doc(cfg(feature = "pingone")))]
pub use userapi_pingone as pingone;

/// Ory Kratos identity admin: see [`userapi_kratos`].
#[cfg(feature = "kratos")]
#[cfg_attr(docsrs, doc(cfg(feature = "kratos")))]
pub use userapi_kratos as kratos;

/// PureCloud (Genesys Cloud) users: see [`userapi_purecloud`].
#[cfg(feature = "purecloud")]
#[cfg_attr(docsrs, doc(cfg(feature = "purecloud")))]
pub use userapi_purecloud as purecloud;

/// SendAuth users: see [`userapi_sendauth`].
#[cfg(feature = "sendauth")]
#[cfg_attr(docsrs, doc(cfg(feature = "sendauth")))]
pub use userapi_sendauth as sendauth;

/// Circuit users: see [`userapi_circuit`].
#[cfg(feature = "circuit")]
#[cfg_attr(docsrs, doc(cfg(feature = "circuit")))]
pub use userapi_circuit as circuit;

/// People across providers: find by email, list, offboard with a plan, diff two directories.
#[cfg(feature = "people")]
#[cfg_attr(docsrs, doc(cfg(feature = "people")))]
pub use userapi_people as people;
