//! One dependency for the userapi provider clients: each provider is a cargo feature and a
//! module (`userapi::kratos`), re-exporting its crate unchanged.
//!
//! ```toml
//! [dependencies]
//! userapi = { version = "0.1", default-features = false, features = ["rustls", "kratos"] }
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
//! TLS: `rustls` (default) or `native-tls`. Without either, only `http://` URLs work.

pub use userapi_runtime as runtime;
pub use userapi_runtime::{Credentials, Secret};

/// PingOne identity verification: see [`userapi_pingone`].
#[cfg(feature = "pingone")]
pub use userapi_pingone as pingone;

/// Ory Kratos identity admin: see [`userapi_kratos`].
#[cfg(feature = "kratos")]
pub use userapi_kratos as kratos;

/// PureCloud (Genesys Cloud) users: see [`userapi_purecloud`].
#[cfg(feature = "purecloud")]
pub use userapi_purecloud as purecloud;

/// SendAuth users: see [`userapi_sendauth`].
#[cfg(feature = "sendauth")]
pub use userapi_sendauth as sendauth;

/// Circuit users: see [`userapi_circuit`].
#[cfg(feature = "circuit")]
pub use userapi_circuit as circuit;
