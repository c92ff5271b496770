//! Server text on its way into our own strings: bounded and without control characters.

/// At most `max` characters of `s`, control characters replaced by `\u{..}` escapes, `…` at
/// the end when cut.
pub(crate) fn clean(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n >= max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}
