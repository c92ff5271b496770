//! The five providers and what each can do for people.

use std::fmt;
use std::str::FromStr;

use crate::PeopleError;

/// An identity provider this workspace has a client for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Provider {
    /// Ory Kratos (identity admin API).
    Kratos,
    /// PureCloud / Genesys Cloud (users API).
    PureCloud,
    /// SendAuth (users API).
    SendAuth,
    /// Circuit (users API).
    Circuit,
    /// PingOne (identity verification API only: no people directory, see the crate docs).
    PingOne,
}

impl Provider {
    /// Every provider, in this order.
    pub const ALL: [Provider; 5] = [
        Provider::Kratos,
        Provider::PureCloud,
        Provider::SendAuth,
        Provider::Circuit,
        Provider::PingOne,
    ];

    /// The provider's short lower-case name, as in `userapi <provider>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Kratos => "kratos",
            Provider::PureCloud => "purecloud",
            Provider::SendAuth => "sendauth",
            Provider::Circuit => "circuit",
            Provider::PingOne => "pingone",
        }
    }

    /// What this provider's API lets the library do with people (the crate docs' table).
    pub fn capabilities(self) -> Capabilities {
        crate::capabilities::of(self)
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Provider {
    type Err = PeopleError;

    /// Case-insensitive, surrounding whitespace ignored.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or(PeopleError::UnknownProvider)
    }
}

/// Whether a provider supports one thing, and through which operation or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Support {
    /// Supported through this generated builder (the operation's Rust name, e.g. `patch_identity`).
    Yes {
        /// The generated client method / builder used.
        operation: &'static str,
    },
    /// Not supported.
    No {
        /// Why: the API has no such operation, or the one it has does something else.
        why: &'static str,
    },
}

impl Support {
    /// Whether this is [`Support::Yes`].
    pub fn is_yes(&self) -> bool {
        matches!(self, Support::Yes { .. })
    }
}

/// What a provider can do with people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Capabilities {
    /// Find the people with an email address.
    pub find_by_email: Support,
    /// List everyone, page by page.
    pub list: Support,
    /// Stop a person from signing in, reversibly.
    pub deactivate: Support,
    /// End a person's sessions.
    pub revoke_sessions: Support,
    /// Delete a person for good.
    pub delete: Support,
    /// Remove a person's passkeys / WebAuthn credentials.
    pub remove_passkeys: Support,
}
