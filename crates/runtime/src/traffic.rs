//! What all calls of one runtime share to keep their traffic within what the server takes: the
//! retry budget's tokens, the instant a `429`'s `Retry-After` asked every caller to wait for,
//! and the pacing of attempts ([`RuntimeBuilder::rate_limit`](crate::RuntimeBuilder)).
//!
//! Each is one atomic. A call that needs none of them reads two (the budget's spent tokens
//! after its answer, the "not before" instant before its attempt) and never the clock.

use crate::retry::RetryBudget;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// Why a retry is wanted, which sets what it costs from the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryCause {
    /// The server's `Retry-After` sets the wait: free, since the server paces it and every
    /// caller of the runtime waits it out too.
    Told,
    /// A retryable status without `Retry-After`, or a connection that failed.
    Failure,
    /// An attempt that timed out: it held the server longest, so it costs double.
    Timeout,
}

/// The budget's tokens and the shared "not before" instant of one runtime.
#[derive(Debug)]
pub(crate) struct Traffic {
    origin: Instant,
    /// Tokens taken from the budget and not yet given back (0 = full).
    spent: AtomicU32,
    /// Nanoseconds after `origin` before which no attempt starts; 0 = none.
    not_before: AtomicU64,
}

impl Default for Traffic {
    fn default() -> Self {
        Self {
            origin: Instant::now(),
            spent: AtomicU32::new(0),
            not_before: AtomicU64::new(0),
        }
    }
}

impl Traffic {
    /// Takes the cost of a retry from `budget`; `false` when too few tokens are left (the
    /// call then ends with the answer or error it has). No budget: always `true`.
    pub(crate) fn spend(&self, budget: Option<RetryBudget>, cause: RetryCause) -> bool {
        let Some(budget) = budget else { return true };
        let cost = budget.cost(cause);
        if cost == 0 {
            return true;
        }
        self.spent
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |spent| {
                spent
                    .checked_add(cost)
                    .filter(|&after| after <= budget.capacity)
            })
            .is_ok()
    }

    /// Gives back the tokens of one success. A full budget costs one atomic read.
    pub(crate) fn refill(&self, budget: Option<RetryBudget>) {
        let Some(budget) = budget else { return };
        if self.spent.load(Ordering::Relaxed) == 0 {
            return;
        }
        let _ = self
            .spent
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |spent| {
                (spent > 0).then(|| spent.saturating_sub(budget.success_refill))
            });
    }

    /// Every attempt of the runtime waits until `wait` from now has passed. Returns that
    /// instant, which the caller waits for itself (see [`held_for`](Self::held_for)).
    pub(crate) fn hold_everyone(&self, wait: Duration) -> Held {
        let until = self
            .nanos(Instant::now())
            .saturating_add(nanos(wait))
            .max(1);
        self.not_before.fetch_max(until, Ordering::Relaxed);
        Held(until)
    }

    /// How long an attempt must wait for the shared "not before" instant; `None` when there is
    /// none (the clock is read only when there is one). A call that has just waited until
    /// `waited` (its own 429's hold) waits only for what a later hold added: that much,
    /// whether or not its sleep let real time pass.
    pub(crate) fn held_for(&self, waited: Option<Held>) -> Option<Duration> {
        let until = self.not_before.load(Ordering::Relaxed);
        if until == 0 {
            return None;
        }
        let now = self.nanos(Instant::now());
        if now >= until {
            // Passed: cleared, so later attempts read no clock (unless another 429 set it).
            let _ =
                self.not_before
                    .compare_exchange(until, 0, Ordering::Relaxed, Ordering::Relaxed);
            return None;
        }
        let from = waited.map_or(now, |Held(w)| w.max(now));
        (until > from).then(|| Duration::from_nanos(until - from))
    }

    fn nanos(&self, at: Instant) -> u64 {
        nanos(at.saturating_duration_since(self.origin))
    }
}

/// The end of a hold one call set, in its runtime's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Held(u64);

/// The pacing of `rate_limit(n, per)`: attempt starts spaced `per / n` apart, each caller
/// reserving the next free start. Spaced evenly (no burst), any window of length `per` holds
/// at most `n` starts, as a server counting in a sliding or a fixed window wants; the spacing
/// is 1% wider so that the window keeps `per / 100` to spare for the time between a start here
/// and its arrival there, which varies (at exactly `per / n`, a request that travels faster
/// than the one `n` before it is one too many in the server's window).
#[derive(Debug)]
pub(crate) struct Pace {
    origin: Instant,
    interval: u64,
    /// Nanoseconds after `origin` of the next free start.
    next: AtomicU64,
}

impl Pace {
    /// `None` when `n` is 0 or `per` is zero: nothing to pace.
    pub(crate) fn new(n: u32, per: Duration) -> Option<Self> {
        if n == 0 || per.is_zero() {
            return None;
        }
        Some(Self {
            origin: Instant::now(),
            interval: (nanos(per) / u64::from(n)).saturating_mul(101) / 100 + 1,
            next: AtomicU64::new(0),
        })
    }

    /// Reserves a start no earlier than `after` from now; returns how long to wait for it.
    pub(crate) fn reserve(&self, after: Duration) -> Duration {
        let now = nanos(Instant::now().saturating_duration_since(self.origin));
        let earliest = now.saturating_add(nanos(after));
        let mut start = earliest;
        let _ = self
            .next
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |next| {
                start = next.max(earliest);
                Some(start.saturating_add(self.interval))
            });
        Duration::from_nanos(start - now)
    }
}

fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_spends_down_to_its_capacity_and_refills_by_successes() {
        let budget = Some(RetryBudget::default());
        let traffic = Traffic::default();
        let granted = (0..200)
            .filter(|_| traffic.spend(budget, RetryCause::Failure))
            .count();
        assert_eq!(granted, 100);
        assert!(traffic.spend(budget, RetryCause::Told));
        for _ in 0..10 {
            traffic.refill(budget);
        }
        assert!(traffic.spend(budget, RetryCause::Timeout));
        assert!(!traffic.spend(budget, RetryCause::Failure));
        assert!(traffic.spend(None, RetryCause::Failure));
    }

    #[tokio::test(start_paused = true)]
    async fn starts_are_spaced_evenly_and_after_the_shared_hold() {
        let pace = Pace::new(4, Duration::from_secs(1)).unwrap();
        let waits: Vec<_> = (0..5).map(|_| pace.reserve(Duration::ZERO)).collect();
        let ms = |n| Duration::from_millis(n);
        // 250 ms apart, 1% wider.
        let step = Duration::from_nanos(252_500_001);
        assert_eq!(waits, vec![ms(0), step, step * 2, step * 3, step * 4]);
        let traffic = Traffic::default();
        assert_eq!(traffic.held_for(None), None);
        let later = traffic.hold_everyone(Duration::from_secs(2));
        let sooner = traffic.hold_everyone(Duration::from_secs(1));
        assert_eq!(traffic.held_for(None), Some(Duration::from_secs(2)));
        assert_eq!(traffic.held_for(Some(later)), None);
        assert_eq!(traffic.held_for(Some(sooner)), Some(Duration::from_secs(1)));
        tokio::time::advance(Duration::from_secs(2)).await;
        assert_eq!(traffic.held_for(None), None);
        assert_eq!(traffic.not_before.load(Ordering::Relaxed), 0);
    }
}
