//! What a call refused before sending anything, as data: which input and why.

use std::fmt;

/// The input a call refused ([`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refused {
    /// A parameter of the operation, by its Rust name (`id`, `page_size`).
    Parameter(&'static str),
    /// A header: a header parameter of the operation or one set with `.customize().header()`.
    Header(String),
    /// The request body.
    Body,
    /// The client's base URL.
    BaseUrl,
    /// The request as a whole (reqwest could not build it).
    Request,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Parameter(name) => write!(f, "parameter {name}"),
            Refused::Header(name) => write!(f, "header {name}"),
            Refused::Body => f.write_str("the body"),
            Refused::BaseUrl => f.write_str("the base URL"),
            Refused::Request => f.write_str("the request"),
        }
    }
}

/// A refused input and why; [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest)
/// carries it. The generated code and the runtime's checks make these.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Invalid {
    /// What was refused.
    pub refused: Refused,
    /// Why, for people (a caller's value may be quoted in it; `Display` escapes and cuts it).
    pub why: String,
}

impl Invalid {
    /// `refused` could not be used, because `why`.
    pub fn new(refused: Refused, why: impl Into<String>) -> Self {
        Self {
            refused,
            why: why.into(),
        }
    }

    /// The parameter `name` could not be used (`why`: the builder's message, owned or
    /// borrowed from the builder).
    #[doc(hidden)]
    pub fn parameter<S: AsRef<str>>(name: &'static str) -> impl FnOnce(S) -> Self {
        move |why| Self::new(Refused::Parameter(name), why.as_ref())
    }

    /// The body could not be used.
    #[doc(hidden)]
    pub fn body<S: AsRef<str>>(why: S) -> Self {
        Self::new(Refused::Body, why.as_ref())
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.refused, self.why)
    }
}

impl std::error::Error for Invalid {}

/// reqwest refuses to build a request (a URL it cannot parse); `?` in the generated request
/// builders.
impl From<reqwest::Error> for Invalid {
    fn from(e: reqwest::Error) -> Self {
        Self::new(Refused::Request, crate::error::root_cause(&e).to_string())
    }
}

/// progenitor's form encoding refused the body; `?` in the generated request builders.
impl From<progenitor_client::Error<()>> for Invalid {
    fn from(e: progenitor_client::Error<()>) -> Self {
        let why = match e {
            progenitor_client::Error::InvalidRequest(why) => why,
            other => other.to_string(),
        };
        Self::new(Refused::Body, why)
    }
}
