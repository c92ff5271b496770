//! Typed Rust client for the PingOne identity verification API (verify transactions of a
//! user), generated from `specs/pingone.yaml` with progenitor.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_pingone::Error<userapi_pingone::types::P1Error>> {
//! use userapi_pingone::{Client, Region};
//!
//! let pingone = Client::with_bearer(Region::Europe.api_url(), "worker-app-access-token");
//! let list = pingone
//!     .list_verify_transactions()
//!     .environment_id("abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6")
//!     .user_id("03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a")
//!     .send()
//!     .await?;
//! // The API does not describe its success bodies: you get the status and the JSON object.
//! println!("{} {:?}", list.status(), list.get("_embedded"));
//! # Ok(()) }
//! ```
//!
//! Every error status (400, 401, 403, 404, 405, 409, 429, 500) decodes into
//! [`types::P1Error`] inside [`ErrorKind::Service`]; [`Error::request_id`] is its `id`. The optional
//! `X-Ping-External-Transaction-ID` / `X-Ping-External-Session-ID` headers are builder setters on
//! every operation (at most 100 characters each).
//!
//! The Go SDK names of the PingOne docs are kept in the spec as `x-seed-name`; for example
//! `EnvironmentsEnvironmentIDUsersUserIDVerifyTransactionsGet` is
//! [`Client::list_verify_transactions`].

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;
mod region;

pub use region::Region;
userapi_runtime::provider_crate!();

impl Client {
    /// A client for `region` that gets tokens for a worker app of `environment_id` with OAuth2
    /// client credentials (`https://auth.pingone.<region>/<environmentID>/as/token`), cached and
    /// refreshed before they expire and once after a 401.
    pub fn with_worker_app(
        region: Region,
        environment_id: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        let credentials = Credentials::client_credentials(
            region.token_url(environment_id),
            client_id,
            client_secret,
        );
        Self::with_credentials(region.api_url(), credentials)
    }

    /// A client that sends `Authorization: Bearer <token>` (a worker app's access token).
    pub fn with_bearer(base_url: &str, token: impl Into<Secret>) -> Self {
        Self::with_credentials(base_url, Credentials::bearer(token))
    }
}
