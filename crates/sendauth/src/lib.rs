//! Typed Rust client for the SendAuth users API, generated from `specs/sendauth.yaml` with
//! progenitor.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_sendauth::Error<()>> {
//! use userapi_sendauth::{Client, paging::TryStreamExt};
//!
//! let sendauth = Client::with_basic(userapi_sendauth::BASE_URL, "api-user", "api-password");
//! // Every user matching `q`, page after page (`page` = 1, 2, ... until `total`).
//! let mut users = std::pin::pin!(sendauth.list_users().q("ada").per_page(100).stream());
//! while let Some(user) = users.try_next().await? {
//!     println!("{:?} {:?}", user.first_name, user.last_name);
//! }
//! // One page, as the API sends it:
//! let page = sendauth.list_users().page(1).per_page(25).send().await?;
//! println!("{} of {:?}", page.rows.len(), page.total);
//! # Ok(()) }
//! ```
//!
//! `list_users`, `list_deleted_users`, `get_user_transactions` and `get_user_audits` have
//! `.stream()` and `.pages()`; the stream sets `page` itself and keeps every other parameter.
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
