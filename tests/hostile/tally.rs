//! A table of cases tried and passed, printed by each test, and the failures behind it.

use std::collections::BTreeMap;

#[derive(Default)]
pub struct Tally {
    rows: BTreeMap<String, (usize, usize)>,
    failures: Vec<String>,
}

impl Tally {
    /// Records one case: `failure` is `None` when it passed.
    pub fn record(&mut self, case: &str, failure: Option<String>) {
        let row = self.rows.entry(case.to_string()).or_default();
        row.0 += 1;
        match failure {
            None => row.1 += 1,
            Some(f) => self.failures.push(format!("{case}: {f}")),
        }
    }

    /// Prints the table and fails the test when any case failed.
    pub fn finish(self, title: &str) {
        let (tried, passed) = self
            .rows
            .values()
            .fold((0, 0), |(t, p), (rt, rp)| (t + rt, p + rp));
        println!("\n{title}\n{:<56} {:>6} {:>6}", "case", "tried", "passed");
        for (case, (t, p)) in &self.rows {
            println!("{case:<56} {t:>6} {p:>6}");
        }
        println!("{:<56} {tried:>6} {passed:>6}", "all");
        assert!(
            self.failures.is_empty(),
            "{} of {tried} cases failed:\n{}",
            self.failures.len(),
            self.failures
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(tried > 0, "no case was tried");
    }
}
