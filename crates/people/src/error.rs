//! The one error type of the library.

use std::fmt;

use crate::Provider;
use crate::text::clean;

/// What went wrong. `Display` is one line of bounded length with server text escaped; neither
/// it nor `Debug` ever holds a credential (the runtime's errors carry none, and this type
/// keeps no request).
#[derive(Debug)]
#[non_exhaustive]
pub enum PeopleError {
    /// The provider's API cannot do this (see [`Capabilities`](crate::Capabilities)), or its
    /// crate feature is off.
    Unsupported {
        /// The provider.
        provider: Provider,
        /// What was asked (`"list"`, `"deactivate"`, ...).
        what: &'static str,
    },
    /// The text is not an email address; says why.
    InvalidEmail(&'static str),
    /// Not one of the provider names.
    UnknownProvider,
    /// A call to the provider failed: refused before sending, no answer, or an error answer.
    Call {
        /// The provider called.
        provider: Provider,
        /// The runtime's error (its service body type erased: the message and status stay).
        source: Box<userapi_runtime::Error<()>>,
    },
    /// A step was given to the directory of another provider.
    WrongProvider {
        /// The step's provider.
        step: Provider,
        /// The directory's.
        directory: Provider,
    },
    /// The provider accepted a step but its answer shows the change was not made (e.g. a
    /// deactivation answered with a record that is still active).
    NotApplied {
        /// The provider.
        provider: Provider,
        /// What was not applied (fixed text, no server text).
        what: &'static str,
    },
    /// A step's target or a provider's record cannot be used: says what.
    Invalid {
        /// The provider.
        provider: Provider,
        /// What is wrong (fixed text, no server text).
        what: &'static str,
    },
}

impl PeopleError {
    /// The provider concerned, when there is one.
    pub fn provider(&self) -> Option<Provider> {
        match self {
            PeopleError::Unsupported { provider, .. }
            | PeopleError::Call { provider, .. }
            | PeopleError::NotApplied { provider, .. }
            | PeopleError::Invalid { provider, .. } => Some(*provider),
            PeopleError::WrongProvider { directory, .. } => Some(*directory),
            PeopleError::InvalidEmail(_) | PeopleError::UnknownProvider => None,
        }
    }

    /// The HTTP status of a failed call, when an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            PeopleError::Call { source, .. } => source.status_code(),
            _ => None,
        }
    }

    pub(crate) fn call<E>(provider: Provider, e: userapi_runtime::Error<E>) -> PeopleError {
        PeopleError::Call {
            provider,
            source: Box::new(e.map_service(|_| ())),
        }
    }
}

impl fmt::Display for PeopleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeopleError::Unsupported { provider, what } => {
                write!(f, "{provider}: {what} is not supported")?;
                if let Some(why) = crate::capabilities::why_not(*provider, what) {
                    write!(f, " ({why})")?;
                }
                Ok(())
            }
            PeopleError::InvalidEmail(why) => write!(f, "not an email address: {why}"),
            PeopleError::UnknownProvider => f.write_str(
                "unknown provider (one of kratos, purecloud, sendauth, circuit, pingone)",
            ),
            // The runtime's line is already bounded and escaped; bounded again for safety.
            PeopleError::Call { provider, source } => {
                write!(f, "{provider}: {}", clean(&source.to_string(), 600))
            }
            PeopleError::WrongProvider { step, directory } => {
                write!(
                    f,
                    "a {step} step cannot run against the {directory} directory"
                )
            }
            PeopleError::NotApplied { provider, what } => {
                write!(f, "{provider}: not applied: {what}")
            }
            PeopleError::Invalid { provider, what } => write!(f, "{provider}: {what}"),
        }
    }
}

impl std::error::Error for PeopleError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PeopleError::Call { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}
