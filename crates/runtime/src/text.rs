//! Server text on its way into a message: escaped, so that no control character reaches a log
//! raw (a CR/LF in a request id would forge a log line, an ESC would drive a terminal), and
//! bounded, so that a 20 MB string makes a short line.

use std::fmt::{self, Write as _};

/// What marks a cut.
pub(crate) const CUT: char = '…';

/// Whether `c` is shown as an escape: control characters (C0, DEL, C1), and the format
/// characters that reorder or hide text (bidi overrides and isolates, zero-width joiners, BOM),
/// which would make a log line read other than it is.
fn escaped(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// How `c` is written: itself, or `\n`, `\r`, `\t`, `\0`, `\\` (so that an escape written by
/// us cannot be confused with one the server sent), or `\u{..}`; and how many characters that
/// takes.
fn token(c: char) -> (Token, usize) {
    match c {
        '\n' => (Token::Short('n'), 2),
        '\r' => (Token::Short('r'), 2),
        '\t' => (Token::Short('t'), 2),
        '\0' => (Token::Short('0'), 2),
        '\\' => (Token::Short('\\'), 2),
        // `\u{` + hex digits + `}`.
        c if escaped(c) => {
            let digits = (32 - u32::from(c).leading_zeros()).div_ceil(4).max(1) as usize;
            (Token::Unicode(c), digits + 4)
        }
        c => (Token::Plain(c), 1),
    }
}

enum Token {
    Plain(char),
    Short(char),
    Unicode(char),
}

fn write_token(out: &mut impl fmt::Write, token: Token) -> fmt::Result {
    match token {
        Token::Plain(c) => out.write_char(c),
        Token::Short(c) => {
            out.write_char('\\')?;
            out.write_char(c)
        }
        Token::Unicode(c) => write!(out, "\\u{{{:x}}}", u32::from(c)),
    }
}

/// A writer that escapes what it is given and keeps at most `budget` characters of it (escapes
/// count at their written length), then writes [`CUT`] once and drops the rest. Everything past
/// the budget is dropped as it comes, so formatting a huge value costs time but no memory.
pub(crate) struct Clean<'a, W: fmt::Write> {
    out: &'a mut W,
    budget: usize,
    cut: bool,
    /// An error of `out` itself, to hand back (ours are never errors).
    failed: bool,
}

impl<'a, W: fmt::Write> Clean<'a, W> {
    pub(crate) fn new(out: &'a mut W, budget: usize) -> Self {
        Self {
            out,
            budget,
            cut: false,
            failed: false,
        }
    }

    /// Formats `value` into `out`, escaped and bounded; an error only when `out` failed.
    pub(crate) fn display(out: &'a mut W, budget: usize, value: &dyn fmt::Display) -> fmt::Result {
        let mut clean = Self::new(out, budget);
        // A `Display` that fails on its own is shown as far as it got.
        let _ = write!(clean, "{value}");
        clean.finish()
    }

    /// `Ok` unless the underlying writer failed.
    pub(crate) fn finish(self) -> fmt::Result {
        if self.failed { Err(fmt::Error) } else { Ok(()) }
    }
}

impl<W: fmt::Write> fmt::Write for Clean<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.cut {
            return Ok(());
        }
        // The usual case: nothing to escape and room for all of it.
        if s.len() <= self.budget && !s.chars().any(|c| c == '\\' || escaped(c)) {
            self.budget -= s.chars().count();
            return self.pass(|out| out.write_str(s));
        }
        for c in s.chars() {
            let (token, width) = token(c);
            if width > self.budget {
                self.cut = true;
                return self.pass(|out| out.write_char(CUT));
            }
            self.budget -= width;
            self.pass(|out| write_token(out, token))?;
        }
        Ok(())
    }
}

impl<W: fmt::Write> Clean<'_, W> {
    fn pass(&mut self, f: impl FnOnce(&mut W) -> fmt::Result) -> fmt::Result {
        f(self.out).inspect_err(|_| self.failed = true)
    }
}

/// `s` escaped and cut to at most `max` characters (plus the marker), as a `String`: for text
/// kept in a message built ahead of its display (a token endpoint's `error_description`).
#[cfg(any(feature = "oauth", test))]
pub(crate) fn clean(s: &str, max: usize) -> String {
    let mut out = String::new();
    let _ = Clean::display(&mut out, max, &s);
    out
}

/// Shows `value` escaped and bounded: as it is through `Display`, quoted through `Debug`.
pub(crate) struct Shown<'a>(pub(crate) &'a dyn fmt::Display, pub(crate) usize);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Clean::display(f, self.1, self.0)
    }
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        Clean::display(f, self.1, self.0)?;
        f.write_char('"')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_format_characters_are_escaped() {
        assert_eq!(
            clean("req\r\nX-Forged: 1\u{1b}[31m\0\u{7f}\u{85}\u{202e}", 200),
            "req\\r\\nX-Forged: 1\\u{1b}[31m\\0\\u{7f}\\u{85}\\u{202e}"
        );
        // A backslash the server sent cannot pass for one of our escapes.
        assert_eq!(clean("a\\nb", 200), "a\\\\nb");
        assert_eq!(clean("naïve ✓ 日本", 200), "naïve ✓ 日本");
    }

    #[test]
    fn long_text_is_cut_with_a_marker() {
        let huge = "x".repeat(20_000_000);
        let shown = clean(&huge, 100);
        assert_eq!(shown.chars().count(), 101);
        assert!(shown.ends_with(CUT));
        // An escape is never split by the cut.
        let shown = clean(&"\n".repeat(10), 5);
        assert_eq!(shown, "\\n\\n…");
    }

    #[test]
    fn budgets_apply_across_writes() {
        let mut out = String::new();
        let mut clean = Clean::new(&mut out, 6);
        let _ = clean.write_str("abc");
        let _ = clean.write_str("defgh");
        let _ = clean.write_str("ijk");
        assert!(clean.finish().is_ok());
        assert_eq!(out, "abcdef…");
    }
}
