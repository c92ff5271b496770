//! Typed Rust client for the PureCloud (Genesys Cloud) users API, generated from
//! `specs/purecloud.yaml` with progenitor.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_purecloud::Error<userapi_purecloud::types::ErrorBody>> {
//! use userapi_purecloud::{Client, Region};
//!
//! let purecloud = Client::with_bearer(Region::MypurecloudIe.api_url(), "access-token");
//! let me = purecloud.get_me().send().await?;
//! println!("{:?} {:?}", me.name, me.email);
//! # Ok(()) }
//! ```
//!
//! Listings page for you: `get_users`, `get_user_queues`, `get_user_routing_skills` and the
//! search `search_users` have `.stream()` (every item, the next page asked for by `pageNumber`
//! until `pageCount`, with your filters) and `.pages()` (each page with its headers):
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_purecloud::Error<userapi_purecloud::types::ErrorBody>> {
//! use userapi_purecloud::{Client, Region, paging::TryStreamExt};
//!
//! let purecloud = Client::with_bearer(Region::MypurecloudIe.api_url(), "access-token");
//! let mut users = std::pin::pin!(purecloud.get_users().page_size(100).stream());
//! while let Some(user) = users.try_next().await? {
//!     println!("{:?}", user.name);
//! }
//! # Ok(()) }
//! ```
//!
//! Every operation may answer 400, 401, 403, 404, 415, 429, 500, 503 or 504 with
//! [`types::ErrorBody`] inside [`ErrorKind::Service`]. Array query parameters such as `expand`
//! repeat their key (`expand=a&expand=b`).
//!
//! The Ruby SDK names of the PureCloud docs are kept in the spec as `x-seed-name`.

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;
mod region;

pub use region::Region;
userapi_runtime::provider_crate!();

impl Client {
    /// A client for `region` that logs in with OAuth2 client credentials at the region's login
    /// host (`https://login.<region>/oauth/token`), caching the token and refreshing it before
    /// it expires and once after a 401.
    pub fn with_client_credentials(
        region: Region,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        let credentials =
            Credentials::client_credentials(region.token_url(), client_id, client_secret);
        Self::with_credentials(region.api_url(), credentials)
    }

    /// A client that sends `Authorization: Bearer <token>` (an OAuth access token).
    pub fn with_bearer(base_url: &str, token: impl Into<Secret>) -> Self {
        Self::with_credentials(base_url, Credentials::bearer(token))
    }
}
