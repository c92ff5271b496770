//! Typed Rust client for the SendAuth users API, generated from `specs/sendauth.yaml` with
//! progenitor.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_sendauth::Error<()>> {
//! use userapi_sendauth::Client;
//!
//! let sendauth = Client::with_basic(userapi_sendauth::BASE_URL, "api-user", "api-password");
//! let users = sendauth.list_users().page(1).per_page(25).send().await?;
//! println!("{} of {:?}", users.rows.len(), users.total);
//! # Ok(()) }
//! ```
//!
//! Error answers (403, 404, 406, 422, 500) have no documented body: you get
//! an [`Error`] of kind [`ErrorKind::Service`] with the status and headers.
//!
//! The Python SDK names of the SendAuth docs are the method names here (`list_users`, ...).

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
