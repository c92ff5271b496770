//! Why a command failed, as one line on stderr and an exit code a script can tell apart.

use std::fmt;
use std::process::ExitCode;
use userapi_runtime::{Error, ErrorKind};

/// Exit codes, stable: scripts branch on them.
pub mod code {
    /// The command did what it was asked.
    pub const OK: u8 = 0;
    /// The command line itself failed (writing the output, starting the mock server).
    pub const INTERNAL: u8 = 1;
    /// A usage error: unknown command or flag, a bad value, an unreadable or invalid `--body`,
    /// missing credentials or base URL, a value the runtime refuses to send, a `--query` that
    /// does not compile or fails on the answer.
    pub const USAGE: u8 = 2;
    /// The API answered with a 4xx status.
    pub const CLIENT_ERROR: u8 = 3;
    /// The API answered with a 5xx status (after the retries).
    pub const SERVER_ERROR: u8 = 4;
    /// No answer: connection refused, timeout, TLS failure, connection closed.
    pub const TRANSPORT: u8 = 5;
    /// An answer that could not be used: not the documented JSON, too large, an undocumented
    /// status, a page repeated while paging.
    pub const BAD_ANSWER: u8 = 6;
    /// `userapi people`: a provider or a step failed; the rows of the others were printed
    /// and their steps run (the rows and the summary say which failed).
    pub const PARTIAL: u8 = 7;
}

/// A failed command: its message (one line) and exit code.
#[derive(Debug)]
pub struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    /// A usage error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: code::USAGE,
        }
    }

    /// A failure of the command line itself (exit code 1).
    pub fn internal(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: code::INTERNAL,
        }
    }

    /// Part of the work failed (exit code 7): the rows printed say what.
    pub fn partial(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: code::PARTIAL,
        }
    }

    /// Stop without a message or an error status (stdout was closed by its reader).
    pub fn quiet() -> Self {
        Self {
            message: String::new(),
            code: code::OK,
        }
    }

    pub fn unknown_operation(operation: &str) -> Self {
        Self::usage(format!("unknown operation `{operation}`"))
    }

    pub fn unknown_provider(provider: &str) -> Self {
        Self::usage(format!("unknown provider `{provider}`"))
    }

    /// A call's error: the runtime's one-line `Display` (provider, operation, method, URL,
    /// status, the provider's message and request id) and the code its kind calls for.
    pub fn call<E>(error: &Error<E>) -> Self {
        let status = error.status().map(|s| s.as_u16());
        // The status decides when one arrived: a 404 is a 404 even if its body is not the
        // documented error JSON.
        let code = match (error.kind(), status) {
            _ if error.is_connect() || error.is_timeout() => code::TRANSPORT,
            (ErrorKind::InvalidRequest(_), _) => code::USAGE,
            (_, Some(s)) if (400..500).contains(&s) => code::CLIENT_ERROR,
            (_, Some(s)) if s >= 500 => code::SERVER_ERROR,
            (ErrorKind::Transport(_), _) => code::TRANSPORT,
            (ErrorKind::Credentials(_), None) => code::CLIENT_ERROR,
            _ => code::BAD_ANSWER,
        };
        Self {
            message: error.to_string(),
            code,
        }
    }

    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One line whatever the cause: a multi-line message would break log parsers.
        let one_line: String = self
            .message
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        f.write_str(&one_line)
    }
}
