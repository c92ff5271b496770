//! Typed Rust client for the Circuit (Unify) users API, generated from `specs/circuit.yaml`
//! with progenitor.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_circuit::Error<()>> {
//! use userapi_circuit::{Client, SANDBOX_URL};
//!
//! let circuit = Client::with_bearer(SANDBOX_URL, "oauth-access-token");
//! let me = circuit.get_profile().send().await?;
//! println!("{:?}", me.display_name);
//! # Ok(()) }
//! ```
//!
//! Operations that offer JSON or XML (or `*/*`) ask for and decode JSON. `PUT /users/presence`
//! sends a form body. Error answers have no documented body: you get an [`Error`]
//! whose [`kind`](Error::kind) is [`ErrorKind::Service`] with the status and headers.
//!
//! The Python SDK names of the Circuit docs are the method names here (`get_profile`, ...).

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
