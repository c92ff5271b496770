//! Email addresses as the library compares them.

use std::fmt;

use crate::PeopleError;

/// The longest address accepted (RFC 5321's path limit less the angle brackets).
const MAX_LEN: usize = 254;

/// A normalised email address: surrounding whitespace trimmed, lower-cased (the whole address:
/// providers differ on the local part's case, people do not mean two persons by it).
///
/// A `+tag` is kept as written: `ada+x@example.com` and `ada@example.com` are different
/// addresses, since several providers let both exist as separate accounts, and offboarding
/// the untagged one must not reach a tagged one by surprise. [`Email::without_tag`] gives the
/// untagged form for callers who want to look that up as well.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Trims, lower-cases and checks the shape: one `@`, text on both sides, no whitespace or
    /// control characters inside, at most 254 characters.
    pub fn parse(text: &str) -> Result<Email, PeopleError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(PeopleError::InvalidEmail("empty"));
        }
        if text.chars().count() > MAX_LEN {
            return Err(PeopleError::InvalidEmail("longer than 254 characters"));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(PeopleError::InvalidEmail(
                "whitespace or a control character inside",
            ));
        }
        let Some((local, domain)) = text.split_once('@') else {
            return Err(PeopleError::InvalidEmail("no @"));
        };
        if local.is_empty() || domain.is_empty() {
            return Err(PeopleError::InvalidEmail("nothing before or after the @"));
        }
        if domain.contains('@') {
            return Err(PeopleError::InvalidEmail("more than one @"));
        }
        Ok(Email(text.to_lowercase()))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same address with a `+tag` of the local part removed (`ada+x@example.com` →
    /// `ada@example.com`), or `None` when it has none. Never applied by the library itself.
    pub fn without_tag(&self) -> Option<Email> {
        let (local, domain) = self.0.split_once('@')?;
        let (base, _tag) = local.split_once('+')?;
        (!base.is_empty()).then(|| Email(format!("{base}@{domain}")))
    }

    /// Whether `text` (an address as a provider sent it) is this address once normalised.
    pub fn matches(&self, text: &str) -> bool {
        Email::parse(text).is_ok_and(|e| e == *self)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email({:?})", self.0)
    }
}

impl std::str::FromStr for Email {
    type Err = PeopleError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Email::parse(s)
    }
}
