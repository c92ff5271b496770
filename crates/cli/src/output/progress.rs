//! The `--all` progress line on stderr: items, pages and rate, redrawn in place and cleared at
//! the end. Hidden unless stderr is a terminal (and not `--quiet`), so logs and pipes see none.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// The line, or nothing when it is hidden.
pub struct Progress {
    bar: Option<ProgressBar>,
    pages: u64,
}

impl Progress {
    /// A line on stderr when `shown`.
    pub fn new(shown: bool) -> Self {
        let bar = shown.then(|| {
            // `stderr()` draws at most 20 times a second, so a fast listing costs little.
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{spinner} {pos} items, {msg}, {rate}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner())
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0} items/s", state.per_sec());
                    },
                );
            bar.set_style(style);
            bar.set_message("0 pages");
            // Drawn before the first page: a slow first answer shows the line at once.
            bar.tick();
            bar
        });
        Self { bar, pages: 0 }
    }

    /// A page arrived with `items` items.
    pub fn page(&mut self, items: usize) {
        self.pages += 1;
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "{} page{}",
                self.pages,
                if self.pages == 1 { "" } else { "s" }
            ));
            bar.inc(items as u64);
        }
    }

    /// Runs `print` with the line taken away, so stdout on the same terminal is not mixed
    /// into it.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Removes the line.
    pub fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    // A failure or a closed pipe returns early: the line still goes.
    fn drop(&mut self) {
        self.clear();
    }
}
