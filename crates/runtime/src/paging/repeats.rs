//! Notices a cursor that comes round again, in constant memory: the guard of a stream is the
//! same few hundred bytes after 3 pages or 3 million, whatever the size of the cursors (keeping
//! every cursor seen held 117 MiB after 3,000 pages of 16 KB cursors).
//!
//! Each cursor is kept as a 64-bit SipHash with keys drawn for this stream, so a server cannot
//! choose cursors that collide (which would end a good listing early), and two different
//! cursors are taken for one with a chance of about one in 2^64 per pair compared.
//!
//! - The last [`RECENT`] cursors are compared exactly: a cycle of up to that many pages (the
//!   usual failure is a server sending the same cursor again) is caught at its first repeat.
//! - A longer cycle is caught by Brent's method: one cursor is kept as a checkpoint, and moved
//!   on after 1, 2, 4, 8, ... pages. Once a checkpoint lies inside the cycle and its window is
//!   at least the cycle's length, the cycle comes back to it, so every cycle is caught: after
//!   at most about twice the pages read before it began, plus its own length.

use std::hash::{BuildHasher, Hash, RandomState};

/// How many of the latest cursors are compared exactly.
const RECENT: usize = 16;

#[derive(Debug)]
pub(crate) struct Repeats {
    keys: RandomState,
    recent: [u64; RECENT],
    /// Cursors recorded so far.
    count: u64,
    checkpoint: Option<u64>,
    /// Cursors recorded since the checkpoint moved, and how many it waits for before it moves.
    since: u64,
    window: u64,
}

impl Repeats {
    pub(crate) fn new() -> Self {
        Self {
            keys: RandomState::new(),
            recent: [0; RECENT],
            count: 0,
            checkpoint: None,
            since: 0,
            window: 1,
        }
    }

    /// Whether `cursor` was seen before; a new one is recorded.
    pub(crate) fn repeats(&mut self, cursor: &impl Hash) -> bool {
        let h = self.keys.hash_one(cursor);
        let filled = usize::try_from(self.count).map_or(RECENT, |n| n.min(RECENT));
        if self.recent[..filled].contains(&h) || self.checkpoint == Some(h) {
            return true;
        }
        // The slot of the oldest cursor (`count % RECENT`, computed without a cast).
        let slot = (self.count % RECENT as u64) as usize;
        self.recent[slot] = h;
        self.count = self.count.saturating_add(1);
        self.since += 1;
        if self.since >= self.window {
            self.checkpoint = Some(h);
            self.since = 0;
            self.window = self.window.saturating_mul(2);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index at which a sequence of `prefix` distinct cursors followed by a cycle of
    /// `cycle` cursors is first found repeating.
    fn caught_at(prefix: u64, cycle: u64) -> Option<u64> {
        let mut r = Repeats::new();
        (0..prefix + 10 * (prefix + cycle) + 100).find(|&i| {
            let cursor = if i < prefix {
                i
            } else {
                prefix + (i - prefix) % cycle
            };
            r.repeats(&cursor.to_string())
        })
    }

    #[test]
    fn a_short_cycle_is_caught_at_its_first_repeat() {
        for (prefix, cycle) in [(0, 1), (5, 1), (1, 2), (100, 3), (1000, RECENT as u64)] {
            assert_eq!(
                caught_at(prefix, cycle),
                Some(prefix + cycle),
                "{prefix}+{cycle}"
            );
        }
    }

    #[test]
    fn a_long_cycle_is_caught_within_its_bound() {
        for (prefix, cycle) in [(0, 17), (1, 100), (1025, 100), (3000, 2999), (10, 5000)] {
            let at = caught_at(prefix, cycle).expect("caught");
            assert!(at >= prefix + cycle, "{prefix}+{cycle}: at {at}");
            assert!(
                at <= 2 * (prefix + cycle) + cycle,
                "{prefix}+{cycle}: at {at}"
            );
        }
    }

    #[test]
    fn distinct_cursors_are_never_taken_for_repeats() {
        let mut r = Repeats::new();
        assert!((0..200_000u64).all(|i| !r.repeats(&i)));
    }
}
