//! Who is in one directory but missing, or not active, in another.

use futures_util::stream::Stream;

use crate::{Directory, PeopleError, Person, State};

/// A person active in `from` whose emails `against` has no active person for.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Gap {
    /// The person, as `from` has them.
    pub person: Person,
    /// What `against` has.
    pub against: Against,
}

/// What the other directory has for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Against {
    /// No one with any of the person's emails.
    Absent,
    /// Someone with one of them, in this state (never `Active`).
    Inactive(State),
}

/// Every active person of `from` missing or not active in `against`, as a stream.
pub async fn missing_or_inactive<'a>(
    from: &'a Directory,
    against: &'a Directory,
) -> impl Stream<Item = Result<Gap, PeopleError>> + Send + 'a {
    let _ = (from, against);
    futures_util::stream::iter([Err(PeopleError::Unsupported {
        provider: from.provider(),
        what: "diff",
    })])
}
