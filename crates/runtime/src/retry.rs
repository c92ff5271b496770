//! When to try again and how long to wait: exponential backoff with full jitter, `Retry-After`
//! honoured up to a ceiling; a retry the server asked for (429, 503 with `Retry-After`) for any
//! operation, any other only where a repeat cannot do harm.

use crate::traffic::RetryCause;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// How calls are retried. On by default; [`RetryPolicy::disabled`] turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts per call, the first included (1 = no retries). Default 3.
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles each time. Default 200 ms.
    pub initial_backoff: Duration,
    /// The largest backoff. Default 10 s.
    pub max_backoff: Duration,
    /// The longest `Retry-After` the client waits for; a server asking for more gets its answer
    /// returned to the caller instead. Default 60 s.
    pub retry_after_ceiling: Duration,
    /// Retry operations that are not idempotent (see [`Operation::idempotent`](crate::Operation))
    /// after the request may have reached the server (off by default; they are always retried
    /// when the connection failed, or when the server asked with 429 or 503 + `Retry-After`).
    pub retry_non_idempotent: bool,
    /// The retry budget every call of a runtime shares (`None`: retries limited by
    /// `max_attempts` alone). Default [`RetryBudget::default`].
    pub budget: Option<RetryBudget>,
}

/// A token bucket that bounds retries across all calls of a runtime, so that an outage does not
/// multiply the load on a failing server (aws-sdk's "standard" retry mode, with its numbers).
///
/// The bucket starts full with `capacity` tokens. A retry takes `retry_cost` tokens, a retry
/// after an attempt that timed out `timeout_cost`; a retry the server asked for with
/// `Retry-After` (a 429, or a 503, within the ceiling) takes none, since the server paces it
/// and every caller waits it out. When too few tokens are left the call ends with what it has.
/// Every answer that is not a retryable status gives `success_refill` tokens back, up to
/// `capacity`, whether or not retries preceded it.
///
/// With the defaults and no success in between, `N` calls send at most `N + 100` attempts
/// (500 / 5 retries), or `N + 50` when every retry follows a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryBudget {
    /// Tokens when full. Default 500.
    pub capacity: u32,
    /// Tokens a retry takes. Default 5.
    pub retry_cost: u32,
    /// Tokens a retry after a timed-out attempt takes. Default 10.
    pub timeout_cost: u32,
    /// Tokens an answer that is not a retryable status gives back. Default 1.
    pub success_refill: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self {
            capacity: 500,
            retry_cost: 5,
            timeout_cost: 10,
            success_refill: 1,
        }
    }
}

impl RetryBudget {
    /// The same budget with another capacity.
    pub fn capacity(self, capacity: u32) -> Self {
        Self { capacity, ..self }
    }

    /// The same budget with other costs: a retry, a retry after a timeout.
    pub fn costs(self, retry: u32, after_timeout: u32) -> Self {
        Self {
            retry_cost: retry,
            timeout_cost: after_timeout,
            ..self
        }
    }

    /// The same budget with another refill per success.
    pub fn success_refill(self, tokens: u32) -> Self {
        Self {
            success_refill: tokens,
            ..self
        }
    }

    /// The tokens a retry for `cause` takes.
    pub(crate) fn cost(&self, cause: RetryCause) -> u32 {
        match cause {
            RetryCause::Told => 0,
            RetryCause::Failure => self.retry_cost,
            RetryCause::Timeout => self.timeout_cost,
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            retry_after_ceiling: Duration::from_secs(60),
            retry_non_idempotent: false,
            budget: Some(RetryBudget::default()),
        }
    }
}

impl RetryPolicy {
    /// One attempt per call.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The same policy with another number of attempts (at least 1).
    pub fn max_attempts(self, max_attempts: u32) -> Self {
        Self {
            max_attempts: max_attempts.max(1),
            ..self
        }
    }

    /// The same policy with other backoff bounds.
    pub fn backoff(self, initial: Duration, max: Duration) -> Self {
        Self {
            initial_backoff: initial,
            max_backoff: max,
            ..self
        }
    }

    /// The same policy with another `Retry-After` ceiling.
    pub fn retry_after_ceiling(self, ceiling: Duration) -> Self {
        Self {
            retry_after_ceiling: ceiling,
            ..self
        }
    }

    /// The same policy, retrying operations that are not idempotent too.
    pub fn retry_non_idempotent(self, yes: bool) -> Self {
        Self {
            retry_non_idempotent: yes,
            ..self
        }
    }

    /// The same policy with another retry budget; `None` turns the budget off.
    pub fn retry_budget(self, budget: Option<RetryBudget>) -> Self {
        Self { budget, ..self }
    }

    /// Full jitter: a random wait between zero and the capped exponential backoff for the
    /// `retry`-th retry (1-based).
    pub fn backoff_for(&self, retry: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        let cap = exp.min(self.max_backoff);
        let cap_ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(fastrand::u64(0..=cap_ms))
    }
}

/// Statuses worth another attempt.
pub fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// Whether the server asked to be tried again: a `429`, or a `503` with a `Retry-After` it
/// could read (`retry_after`). Such an answer says the request was not carried out, so any
/// operation may be repeated.
pub fn server_asked(status: StatusCode, retry_after: Option<Duration>) -> bool {
    match status.as_u16() {
        429 => true,
        503 => retry_after.is_some(),
        _ => false,
    }
}

/// The server's `Retry-After`, as seconds or an HTTP date, measured from `now`.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // More seconds than a u64 holds is still "later than any ceiling".
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(42));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&later).unwrap_or(HeaderValue::from_static("")),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(42)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(5));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&past).unwrap_or(HeaderValue::from_static("")),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h, now), None);
        h.insert(RETRY_AFTER, HeaderValue::from_static("-1"));
        assert_eq!(retry_after(&h, now), None);
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("18446744073709551615"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::from_secs(u64::MAX)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("99999999999999999999999"),
        );
        assert_eq!(retry_after(&h, now), Some(Duration::MAX));
    }

    #[test]
    fn backoff_is_jittered_below_a_capped_exponential() {
        let p =
            RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_millis(500));
        for retry in 1..10 {
            let cap = Duration::from_millis((100u64 << (retry - 1)).min(500));
            for _ in 0..50 {
                assert!(p.backoff_for(retry) <= cap);
            }
        }
    }

    #[test]
    fn the_server_asks_with_429_or_503_and_retry_after() {
        let later = Some(Duration::from_secs(1));
        assert!(server_asked(StatusCode::TOO_MANY_REQUESTS, None));
        assert!(server_asked(StatusCode::SERVICE_UNAVAILABLE, later));
        assert!(!server_asked(StatusCode::SERVICE_UNAVAILABLE, None));
        assert!(!server_asked(StatusCode::BAD_GATEWAY, later));
    }
}
