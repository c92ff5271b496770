//! What a call ended with, reduced to what the hostile tests judge.
//! (Every provider re-exports the same `Error` and `ResponseValue`.)

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A success with this status.
    Ok(u16),
    /// A documented error status, its body decoded.
    ErrorResponse(u16),
    /// An undeclared status, or a body over the cap.
    Unexpected {
        status: u16,
        too_large: bool,
    },
    /// A body that is not the JSON promised for its status (not JSON, or the wrong shape).
    InvalidBody(u16),
    /// The answer never completed.
    Transport {
        timeout: bool,
        detail: String,
    },
    /// Refused before sending.
    InvalidRequest(String),
    /// The runtime ended the call itself (no credentials).
    Credentials(String),
    /// An error that does not say which call failed: a defect in itself.
    Anonymous(String),
    Other(String),
}

impl Outcome {
    /// The outcome of a call of `operation`; an error that does not name `operation`, or that
    /// reached the server without naming its URL, is [`Outcome::Anonymous`].
    pub fn of<T, E>(
        operation: &str,
        r: Result<userapi::kratos::ResponseValue<T>, userapi::runtime::Error<E>>,
    ) -> Self {
        use userapi::runtime::ErrorKind;
        let e = match r {
            Ok(v) => return Outcome::Ok(v.status().as_u16()),
            Err(e) => e,
        };
        if e.operation() != operation || (e.status().is_some() && e.url().is_none()) {
            return Outcome::Anonymous(format!("{e:?}"));
        }
        let status = e.status().map_or(0, |s| s.as_u16());
        // The whole line: it names provider, operation and what was refused.
        let line = e.to_string();
        match e.into_kind() {
            ErrorKind::Service(_) => Outcome::ErrorResponse(status),
            ErrorKind::UnexpectedStatus => Outcome::Unexpected {
                status,
                too_large: false,
            },
            ErrorKind::BodyTooLarge { .. } => Outcome::Unexpected {
                status,
                too_large: true,
            },
            ErrorKind::InvalidBody(_) => Outcome::InvalidBody(status),
            ErrorKind::Transport(e) => Outcome::Transport {
                timeout: e.is_timeout(),
                detail: format!("{e:?}"),
            },
            ErrorKind::InvalidRequest(_) => Outcome::InvalidRequest(line),
            ErrorKind::Credentials(_) => Outcome::Credentials(line),
            _ => Outcome::Other("an error kind added since this test was written".into()),
        }
    }

    pub fn is_ok(&self) -> bool {
        matches!(self, Outcome::Ok(_))
    }
}
