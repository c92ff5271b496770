//! Connect, per-attempt and total time limits.

use std::time::{Duration, Instant};

/// Time limits for a call. A call is every attempt of one operation, retries included, and the
/// token fetch before them. Any value is accepted: `Duration::MAX` means no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Establishing a connection (set on the `reqwest::Client`). Default 10 s.
    pub connect: Duration,
    /// One attempt: sending the request and reading the whole answer. Default 30 s.
    pub attempt: Duration,
    /// The whole call: the token fetch, every attempt and the waits between them. Default 90 s.
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

/// The end of a call that starts at `start` and may last `limit`; `None` when that instant
/// cannot be represented (a limit of `Duration::MAX`), which means no deadline.
pub(crate) fn deadline(start: Instant, limit: Duration) -> Option<Instant> {
    start.checked_add(limit)
}

/// What is left until `deadline` (everything when there is none).
pub(crate) fn remaining(deadline: Option<Instant>) -> Duration {
    deadline.map_or(Duration::MAX, |d| {
        d.saturating_duration_since(Instant::now())
    })
}

/// Whether waiting `delay` from now would reach `deadline` (or cannot even be represented).
pub(crate) fn wait_passes(deadline: Option<Instant>, delay: Duration) -> bool {
    match Instant::now().checked_add(delay) {
        Some(wake) => deadline.is_some_and(|d| wake >= d),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_limits_saturate() {
        let now = Instant::now();
        assert_eq!(deadline(now, Duration::MAX), None);
        assert_eq!(remaining(None), Duration::MAX);
        assert!(wait_passes(None, Duration::MAX));
        assert!(!wait_passes(None, Duration::from_secs(1)));
        let soon = deadline(now, Duration::from_millis(1));
        assert!(wait_passes(soon, Duration::from_secs(u64::MAX)));
    }
}
