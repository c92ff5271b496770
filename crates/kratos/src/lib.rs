//! Typed Rust client for the [Ory Kratos](https://www.ory.sh/kratos/) identity admin API
//! (v0.13.1 and v1.0 to v1.3), generated from `specs/kratos.yaml` with progenitor.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_kratos::Error<userapi_kratos::types::ErrorGeneric>> {
//! use userapi_kratos::{Client, paging::TryStreamExt};
//!
//! // A private admin port usually needs no credentials; Ory Network wants an API key.
//! let kratos = Client::with_api_key("https://example.projects.oryapis.com", "ory_pat_...");
//! // Every identity, page after page: `.stream()` follows the `Link` header for you.
//! let mut identities = std::pin::pin!(kratos.list_identities().page_size(250).stream());
//! while let Some(identity) = identities.try_next().await? {
//!     println!("{} {:?}", identity.id, identity.state);
//! }
//! # Ok(()) }
//! ```
//!
//! Every operation is a builder: set parameters, then `.send().await`. The four listings also
//! have `.stream()` (every item, pages fetched lazily with your filters) and `.pages()` (each
//! page with its headers): `list_identities`, `list_identity_schemas` and `list_sessions` follow
//! `Link: <...>; rel="next"`; `list_identity_sessions` asks for `page` = 1, 2, ... until
//! `X-Total-Count`, because its `Link` is off by one on every Kratos version. Success gives a
//! [`ResponseValue`] (status, headers and the typed body). Every failure is an [`Error`] naming
//! the operation, method and URL, with the status, headers, body and request id when an answer
//! arrived; its [`kind`](Error::kind) is [`ErrorKind::Service`] with the decoded `errorGeneric`
//! for a documented error, [`ErrorKind::UnexpectedStatus`] or [`ErrorKind::InvalidBody`] for an
//! answer the spec does not describe.
//!
//! One client serves every version from v0.13.1 to v1.3. Where versions answer differently
//! both answers decode: [`Client::delete_identity_credentials`] returns `Some(identity)` for the
//! 200 of the v0.13.1 description and `None` for the 204 servers send, and
//! [`Client::extend_session`] `None` for the 204 of v1.3; `session.identity` is `None` unless
//! expanded. Parameters newer than a server are ignored by it silently: `specs/kratos.yaml`
//! names the version that introduced each one (`x-since`). Leave newer body fields unset for
//! older servers, since `create_identity` and `batch_patch_identities` reject unknown fields.
//!
//! List operations return one page; the next page is announced in the `Link` response header
//! (`response.headers().get("link")`).
//!
//! The SDK method names of the Kratos docs map to snake case: `ListIdentities` is
//! [`Client::list_identities`], `GetIdentity` is [`Client::get_identity`], and so on.
//!
//! With the `mock` feature, the `mock` module has typed [httpmock](https://docs.rs/httpmock) mocks of
//! every operation for your own tests.

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;

userapi_runtime::provider_crate!();

impl Client {
    /// A client for a Kratos admin endpoint that sends no credentials (a private admin port).
    pub fn unauthenticated(base_url: &str) -> Self {
        Self::with_credentials(base_url, Credentials::None)
    }

    /// A client that sends `Authorization: Bearer <api_key>`, as Ory Network expects.
    pub fn with_api_key(base_url: &str, api_key: impl Into<Secret>) -> Self {
        let key = api_key.into();
        let value = Secret::new(format!("Bearer {}", key.expose()));
        Self::with_credentials(
            base_url,
            Credentials::header(reqwest::header::AUTHORIZATION, value),
        )
    }
}
