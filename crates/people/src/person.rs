//! The provider-neutral person.

use crate::Provider;

/// Whether a person can sign in, as far as the provider says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum State {
    /// Can sign in.
    Active,
    /// Exists but cannot sign in (Kratos `inactive`, PureCloud `inactive`, SendAuth soft-deleted).
    Inactive,
    /// Deleted but still listed (PureCloud `deleted`, Circuit `DELETED`).
    Deleted,
    /// The provider sent no state, or one this library does not know.
    Unknown,
}

impl State {
    /// Lower-case name (`active`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Active => "active",
            State::Inactive => "inactive",
            State::Deleted => "deleted",
            State::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One person (identity, user account) at one provider.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Person {
    /// Where the record lives.
    pub provider: Provider,
    /// The provider's id for it.
    pub id: String,
    /// Every email address the record carries, as the provider sent them (not normalised).
    pub emails: Vec<String>,
    /// A name to show, when the provider has one.
    pub display_name: Option<String>,
    /// Whether the person can sign in.
    pub state: State,
    /// When the record was created (RFC 3339), where the provider says.
    pub created: Option<String>,
    /// When the record was last changed (RFC 3339), where the provider says.
    pub updated: Option<String>,
    /// The provider's own record, typed.
    pub record: Record,
}

/// The provider's own record of a person.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Record {
    /// A Kratos identity.
    #[cfg(feature = "kratos")]
    Kratos(Box<userapi_kratos::types::Identity>),
    /// A PureCloud user.
    #[cfg(feature = "purecloud")]
    PureCloud(Box<userapi_purecloud::types::User>),
    /// A SendAuth user.
    #[cfg(feature = "sendauth")]
    SendAuth(Box<userapi_sendauth::types::User>),
    /// A Circuit user.
    #[cfg(feature = "circuit")]
    Circuit(Box<userapi_circuit::types::User>),
}

/// Emails of `texts` deduplicated in order, empty ones dropped (what providers send twice, e.g.
/// a Kratos address both verifiable and a credential identifier, is one address).
pub(crate) fn dedup_emails(texts: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in texts {
        let t = t.trim();
        if t.is_empty() || out.iter().any(|o| o.trim().eq_ignore_ascii_case(t)) {
            continue;
        }
        out.push(t.to_string());
    }
    out
}
