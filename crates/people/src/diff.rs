//! Who is active in one directory but missing, or not active, in another.
//!
//! Memory: `against` is read first, keeping only its normalised emails and one [`State`] each
//! (no records), so memory grows with the number of emails in `against` (O(n), some tens of
//! bytes per address plus the map's overhead) and not at all with `from`, which is read page by
//! page, each gap yielded as it is found.

use std::collections::HashMap;

use futures_util::stream::{self, BoxStream, Stream, StreamExt};

use crate::{Directory, Email, PeopleError, Person, State};

/// A person active in `from` for whom `against` has no active person with any of their
/// emails.
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

/// Normalised email → the most alive state of anyone in `against` with it.
type Index = HashMap<String, State>;

enum Phase<'a> {
    Start,
    Compare(Index, BoxStream<'a, Result<Person, PeopleError>>),
    End,
}

/// Every active person of `from` missing or not active in `against`, in `from`'s order.
///
/// Nothing is requested until the stream is polled. `against` is read in full first; an error
/// there is the stream's only item (a partial index would report people as missing who are
/// not). An error while reading `from` is yielded and the stream goes on with what follows.
/// People of `from` who are not active, or who have no email address, are not gaps.
pub async fn missing_or_inactive<'a>(
    from: &'a Directory,
    against: &'a Directory,
) -> impl Stream<Item = Result<Gap, PeopleError>> + Send + 'a {
    stream::unfold(Phase::Start, move |mut phase| async move {
        loop {
            phase = match phase {
                Phase::Start => match index(against).await {
                    Ok(index) => Phase::Compare(index, from.list().boxed()),
                    Err(e) => return Some((Err(e), Phase::End)),
                },
                Phase::Compare(index, mut people) => {
                    let person = match people.next().await? {
                        Ok(person) => person,
                        Err(e) => return Some((Err(e), Phase::Compare(index, people))),
                    };
                    if let Some(against) = gap(&index, &person) {
                        let gap = Gap { person, against };
                        return Some((Ok(gap), Phase::Compare(index, people)));
                    }
                    Phase::Compare(index, people)
                }
                Phase::End => return None,
            }
        }
    })
}

async fn index(against: &Directory) -> Result<Index, PeopleError> {
    let mut index = Index::new();
    let mut people = against.list().boxed();
    while let Some(person) = people.next().await {
        let person = person?;
        for email in person.emails.iter().filter_map(|e| Email::parse(e).ok()) {
            let state = index
                .entry(email.as_str().to_string())
                .or_insert(person.state);
            if rank(person.state) > rank(*state) {
                *state = person.state;
            }
        }
    }
    index.shrink_to_fit();
    Ok(index)
}

/// What `against` has for an active `person`, when it is a gap.
fn gap(index: &Index, person: &Person) -> Option<Against> {
    if person.state != State::Active {
        return None;
    }
    let mut emails = person
        .emails
        .iter()
        .filter_map(|e| Email::parse(e).ok())
        .peekable();
    emails.peek()?;
    let best = emails
        .filter_map(|e| index.get(e.as_str()).copied())
        .max_by_key(|s| rank(*s));
    match best {
        None => Some(Against::Absent),
        Some(State::Active) => None,
        Some(state) => Some(Against::Inactive(state)),
    }
}

/// How alive a state is, to keep the most alive of several records with one email.
fn rank(state: State) -> u8 {
    match state {
        State::Active => 3,
        State::Inactive => 2,
        State::Unknown => 1,
        State::Deleted => 0,
    }
}
