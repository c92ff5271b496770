//! Credentials and the secret strings inside them, which never show in Debug output.

use crate::auth::TokenSource;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use std::fmt;
use std::sync::Arc;

/// A secret string: its Debug and Display print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self::new(s)
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Self(s)
    }
}

/// How requests authenticate.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum Credentials {
    /// No authentication header (e.g. a private Kratos admin port).
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// An API key sent in a header of its own, as `value` exactly.
    Header {
        /// The header name.
        name: HeaderName,
        /// The full header value (including any prefix such as `Bearer `).
        value: Secret,
    },
    /// HTTP basic authentication.
    Basic {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
    /// `Authorization: Bearer <token>` with tokens from a [`TokenSource`] (OAuth2 client
    /// credentials, or your own), refreshed as they expire and once after a 401.
    Tokens(Arc<dyn TokenSource>),
}

impl Credentials {
    /// A static bearer token.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Self::Bearer(token.into())
    }

    /// HTTP basic credentials.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Self::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// An API key sent as the full value of `header`.
    pub fn header(header: HeaderName, value: impl Into<Secret>) -> Self {
        Self::Header {
            name: header,
            value: value.into(),
        }
    }

    /// OAuth2 client credentials against `token_url` (secret sent in HTTP basic).
    #[cfg(feature = "oauth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
    pub fn client_credentials(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        Self::Tokens(Arc::new(crate::ClientCredentials::new(
            token_url,
            client_id,
            client_secret,
        )))
    }

    /// Tokens from a source of your own.
    pub fn tokens(source: impl TokenSource + 'static) -> Self {
        Self::Tokens(Arc::new(source))
    }

    /// What to send, worked out once when the runtime is built: a static header is formatted
    /// and checked here, not on every call.
    pub(crate) fn resolve(&self) -> AuthHeader {
        let (name, raw) = match self {
            Credentials::None => return AuthHeader::None,
            Credentials::Tokens(source) => return AuthHeader::Tokens(Arc::clone(source)),
            Credentials::Bearer(t) => (AUTHORIZATION, format!("Bearer {}", t.expose())),
            Credentials::Header { name, value } => (name.clone(), value.expose().to_string()),
            Credentials::Basic { username, password } => {
                use base64::Engine as _;
                let pair = format!("{username}:{}", password.expose());
                (
                    AUTHORIZATION,
                    format!(
                        "Basic {}",
                        base64::engine::general_purpose::STANDARD.encode(pair)
                    ),
                )
            }
        };
        match sensitive(&raw) {
            Some(value) => AuthHeader::Static(name, value),
            None => AuthHeader::Invalid(format!(
                "the credentials for `{name}` contain characters a header cannot carry"
            )),
        }
    }
}

/// The credentials header, resolved from [`Credentials`].
#[derive(Clone, Debug)]
pub(crate) enum AuthHeader {
    None,
    Static(HeaderName, HeaderValue),
    /// Credentials that cannot be sent; every call that needs them fails with this message.
    Invalid(String),
    Tokens(Arc<dyn TokenSource>),
}

/// `Authorization: Bearer <token>`, marked sensitive.
pub(crate) fn bearer(token: &Secret) -> Result<HeaderValue, String> {
    sensitive(&format!("Bearer {}", token.expose()))
        .ok_or_else(|| "the token source gave a token a header cannot carry".to_string())
}

/// A header value marked sensitive, so that HTTP-level logging hides it.
fn sensitive(raw: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::from_str(raw).ok()?;
    value.set_sensitive(true);
    Some(value)
}
