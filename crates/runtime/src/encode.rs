//! What caller input may put into a URL path or a header, decided before anything is sent.
//!
//! The generated code calls [`path_segment`] and [`header_value`] instead of progenitor's own
//! (the xtask swaps them in): progenitor leaves `\` unencoded, which the URL parser turns into
//! `/` so that `..\..\other` reaches another resource, lets `..` through, and refuses a bad
//! header value with a message that names neither the header nor the operation.

use crate::invalid::{Invalid, Refused};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;

/// Everything but RFC 3986 `unreserved` is encoded: a path parameter fills exactly one segment
/// whatever it holds (`/ \ ? # % ;` and every non-ASCII byte included).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path parameter into one segment. `""`, `.` and `..` pass through unchanged
/// (the URL parser would fold them whatever their encoding): [`path_segment`] refuses them.
/// The encoding is written where it is formatted, no string of its own; `.to_string()` gives
/// one.
pub fn encode_path(value: &str) -> impl std::fmt::Display + '_ {
    utf8_percent_encode(value, SEGMENT)
}

/// A path parameter as one segment of the URL, or why it cannot be one: `""`, `.` and `..`
/// would change the request path (the URL parser folds dot segments whatever their encoding).
/// The error names the parameter (its Rust name); the call's error adds provider and
/// operation.
pub fn path_segment<'a>(name: &'static str, value: &'a str) -> Result<Segment<'a>, Invalid> {
    if matches!(value, "" | "." | "..") {
        return Err(Invalid::new(
            Refused::Parameter(name),
            "a path parameter must not be empty, \".\" or \"..\" (it would change the request path)",
        ));
    }
    Ok(Segment(value))
}

/// A path parameter checked by [`path_segment`], percent-encoded where it is formatted.
#[derive(Debug, Clone, Copy)]
pub struct Segment<'a>(&'a str);

impl std::fmt::Display for Segment<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Most values (ids, UUIDs) need no encoding: one write instead of one per run of bytes.
        if all_unreserved(self.0) {
            f.write_str(self.0)
        } else {
            std::fmt::Display::fmt(&encode_path(self.0), f)
        }
    }
}

/// Whether every byte of `s` is [unreserved](is_unreserved). Folded without an early exit, so
/// the compiler checks many bytes per instruction: this runs over every path parameter.
fn all_unreserved(s: &str) -> bool {
    s.bytes().fold(true, |all, b| all & is_unreserved(b))
}

/// RFC 3986 `unreserved`: the bytes [`SEGMENT`] leaves as they are. Comparisons without
/// branches (`|`, not `||`), so that [`all_unreserved`] vectorises.
fn is_unreserved(b: u8) -> bool {
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    letter | digit | (b == b'-') | (b == b'.') | (b == b'_') | (b == b'~')
}

/// A header parameter's value, checked: visible ASCII, spaces and tabs only. CR, LF and NUL
/// would split or end the header; other bytes would go out as raw UTF-8, which servers read in
/// different ways. The error names the header; the call's error adds provider and operation.
pub fn header_value(header: &str, value: &str) -> Result<HeaderValue, Invalid> {
    let refuse = |what: &str, at: usize| {
        Err(Invalid::new(
            Refused::Header(header.to_string()),
            format!("{what} at byte {at}; header values carry visible ASCII, spaces and tabs only"),
        ))
    };
    for (at, byte) in value.bytes().enumerate() {
        match byte {
            b'\r' | b'\n' | 0 => return refuse("line break or NUL", at),
            b'\t' | b' '..=b'~' => {}
            0x80.. => return refuse("non-ASCII character", at),
            _ => return refuse("control character", at),
        }
    }
    HeaderValue::from_str(value).or_else(|_| refuse("unusable value", 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_character_stays_inside_its_segment() {
        assert_eq!(encode_path(r"..\..\x").to_string(), "..%5C..%5Cx");
        assert_eq!(
            encode_path("a/b?c#d%e f;g").to_string(),
            "a%2Fb%3Fc%23d%25e%20f%3Bg"
        );
        assert_eq!(encode_path("%2e%2e").to_string(), "%252e%252e");
        assert_eq!(encode_path("ü").to_string(), "%C3%BC");
        assert_eq!(encode_path("abc-._~XYZ09").to_string(), "abc-._~XYZ09");
        assert_eq!(encode_path("..").to_string(), "..");
    }

    #[test]
    fn the_unreserved_bytes_are_the_ones_left_unencoded() {
        for b in 0..=255u8 {
            let alone = [b];
            let Ok(text) = std::str::from_utf8(&alone) else {
                assert!(!is_unreserved(b), "{b}");
                continue;
            };
            assert_eq!(
                is_unreserved(b),
                encode_path(text).to_string() == text,
                "{b}"
            );
        }
    }

    #[test]
    fn path_segments_refuse_what_would_change_the_path_and_encode_the_rest() {
        for value in ["", ".", ".."] {
            let err = path_segment("id", value).unwrap_err();
            assert_eq!(err.refused, Refused::Parameter("id"));
            assert!(
                err.why.starts_with("a path parameter must not be empty"),
                "{err}"
            );
        }
        for value in [
            "...",
            "a.b",
            "%2e%2e",
            r"..\..\x",
            "a/b?c#d",
            "ü",
            "9f42-AZ_~",
        ] {
            let segment = path_segment("id", value).unwrap();
            assert_eq!(
                segment.to_string(),
                encode_path(value).to_string(),
                "{value}"
            );
        }
    }

    #[test]
    fn header_values_refuse_what_a_header_cannot_carry() {
        let ok = header_value("X-A", "abc DEF\t~!").unwrap();
        assert_eq!(ok.to_str().unwrap(), "abc DEF\t~!");
        for (value, what) in [
            ("a\r\nInjected: 1", "line break or NUL at byte 1"),
            ("a\0", "line break or NUL at byte 1"),
            ("ab\u{7f}", "control character at byte 2"),
            ("é", "non-ASCII character at byte 0"),
        ] {
            let err = header_value("X-A", value).unwrap_err();
            assert_eq!(err.refused, Refused::Header("X-A".into()));
            assert!(err.why.starts_with(what), "{err}");
        }
    }
}
