//! Connect, per-attempt and total time limits.

use std::time::Duration;

/// Time limits for a call. A call is every attempt of one operation, retries included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Establishing a connection (set on the `reqwest::Client`). Default 10 s.
    pub connect: Duration,
    /// One attempt: sending the request and reading the whole answer. Default 30 s.
    pub attempt: Duration,
    /// Every attempt of a call and the waits between them. Default 90 s.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            attempt: Duration::from_secs(30),
            total: Duration::from_secs(90),
        }
    }
}

impl Timeouts {
    /// The same limits with another connect timeout.
    pub fn connect(self, connect: Duration) -> Self {
        Self { connect, ..self }
    }

    /// The same limits with another per-attempt timeout.
    pub fn attempt(self, attempt: Duration) -> Self {
        Self { attempt, ..self }
    }

    /// The same limits with another total timeout.
    pub fn total(self, total: Duration) -> Self {
        Self { total, ..self }
    }
}
