//! What a call ended with, reduced to what the hostile tests judge.
//! (Every provider re-exports the same progenitor `Error` and `ResponseValue`.)

use userapi::runtime::BodyTooLarge;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A success with this status.
    Ok(u16),
    /// A documented error status, its body decoded.
    ErrorResponse(u16),
    /// An answer the runtime refused (a body that is not the JSON promised, an undeclared
    /// status, a body over the cap).
    Unexpected {
        status: u16,
        too_large: bool,
    },
    /// Valid JSON of the wrong shape.
    InvalidPayload(String),
    /// The answer never completed.
    Transport {
        timeout: bool,
        detail: String,
    },
    /// Refused before sending.
    InvalidRequest(String),
    /// The runtime ended the call itself (no credentials).
    Custom(String),
    Other(String),
}

impl Outcome {
    pub fn of<T, E: std::fmt::Debug>(
        r: Result<userapi::kratos::ResponseValue<T>, userapi::kratos::Error<E>>,
    ) -> Self {
        use userapi::kratos::Error;
        match r {
            Ok(v) => Outcome::Ok(v.status().as_u16()),
            Err(Error::ErrorResponse(v)) => Outcome::ErrorResponse(v.status().as_u16()),
            Err(Error::UnexpectedResponse(r)) => Outcome::Unexpected {
                status: r.status().as_u16(),
                too_large: r.extensions().get::<BodyTooLarge>().is_some(),
            },
            Err(Error::InvalidResponsePayload(_, e)) => Outcome::InvalidPayload(e.to_string()),
            Err(Error::CommunicationError(e)) | Err(Error::ResponseBodyError(e)) => {
                Outcome::Transport {
                    timeout: e.is_timeout(),
                    detail: format!("{e:?}"),
                }
            }
            Err(Error::InvalidRequest(m)) => Outcome::InvalidRequest(m),
            Err(Error::Custom(m)) => Outcome::Custom(m),
            Err(other) => Outcome::Other(format!("{other:?}")),
        }
    }

    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }
}
