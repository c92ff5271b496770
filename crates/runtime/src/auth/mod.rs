//! Tokens that expire: the [`TokenSource`] trait and, with the `oauth` feature, the OAuth2
//! client-credentials source.

#[cfg(feature = "oauth")]
mod client_credentials;

#[cfg(feature = "oauth")]
#[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
pub use client_credentials::{ClientCredentials, ClientSecretIn, MAX_TOKEN_RESPONSE_BYTES};

use crate::Secret;
use std::future::Future;
use std::pin::Pin;

/// A boxed future returned by [`TokenSource::token`].
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<Secret, AuthError>> + Send + 'a>>;

/// A boxed future returned by [`TokenSource::invalidate`].
pub type InvalidateFuture<'a> = Pin<Box<dyn Future<Output = ()> + Send + 'a>>;

/// Where bearer tokens come from. Implement it to plug in your own (a secrets manager, a
/// token exchange); the runtime asks before every attempt and calls
/// [`invalidate`](TokenSource::invalidate) when the server rejects a token with 401.
pub trait TokenSource: Send + Sync + std::fmt::Debug {
    /// A token to send now. Implementations cache and refresh; concurrent callers should share
    /// one refresh.
    fn token(&self) -> TokenFuture<'_>;

    /// The server answered 401 to `rejected`: the next [`token`](TokenSource::token) must not
    /// return it again.
    fn invalidate<'a>(&'a self, rejected: &'a Secret) -> InvalidateFuture<'a>;

    /// The URL tokens come from, if there is one: a call that got no token names it in its
    /// error ([`Error::url`](crate::Error::url)) instead of the API's.
    fn endpoint(&self) -> Option<&str> {
        None
    }
}

/// Getting a token failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuthError {
    /// What failed, safe to show: no secret is ever part of it.
    pub message: String,
}

impl AuthError {
    /// A failure described by `message`, which must not contain a secret.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AuthError {}
