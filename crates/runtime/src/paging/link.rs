//! `Link` header fields (RFC 8288 §3), read only as far as paging needs: the target of the link
//! whose relation types include `next`.
//!
//! ```text
//! Link: <target>; rel="next last"; title="a, b; <c>", <target2>; rel=prev
//! ```
//!
//! A field is a comma-separated list of link values; a parameter value is a token or a quoted
//! string, so `,`, `;`, `<` and `>` end nothing inside quotes (no crate on crates.io reads
//! that correctly and is kept up: `parse_link_header` strips every quote and splits on `,`,
//! `http-link` is unmaintained). Bytes are read as they came, so a non-ASCII title does not
//! make the field unreadable.

use reqwest::header::{HeaderMap, LINK};

/// The target of the first link with relation `next` in any `Link` field (a server may send
/// one field per link, or several links comma-joined in one). A link value that cannot be
/// read is skipped; it never hides a later one.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .find_map(|field| next_in_field(field.as_bytes()))
}

fn next_in_field(field: &[u8]) -> Option<String> {
    let mut p = Parser { s: field, at: 0 };
    loop {
        // Empty list elements are allowed (RFC 9110 §5.6.1).
        p.skip(|b| b == b',' || is_ows(b));
        if p.done() {
            return None;
        }
        match p.link_value() {
            Ok(LinkValue { target, next: true }) => return Some(target),
            Ok(_) => {}
            Err(Unreadable::Element) => p.skip_element()?,
            Err(Unreadable::Rest) => return None,
        }
    }
}

struct LinkValue {
    target: String,
    /// Whether the (first) `rel` parameter lists `next`.
    next: bool,
}

/// How much of the field a reading error spoils.
enum Unreadable {
    /// This link value: the next one starts after the next comma outside quotes.
    Element,
    /// The rest of the field (an unclosed `<` or `"`).
    Rest,
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

fn is_ows(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

impl Parser<'_> {
    fn done(&self) -> bool {
        self.at >= self.s.len()
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn skip(&mut self, while_: impl Fn(u8) -> bool) {
        while self.peek().is_some_and(&while_) {
            self.at += 1;
        }
    }

    /// `"<" URI-Reference ">" *( OWS ";" OWS link-param )`, up to the `,` or the end.
    fn link_value(&mut self) -> Result<LinkValue, Unreadable> {
        if self.peek() != Some(b'<') {
            return Err(Unreadable::Element);
        }
        self.at += 1;
        let start = self.at;
        // A URI reference has no `>`: the first one ends the target, whatever `;` or `,` it holds.
        let len = self.s[start..]
            .iter()
            .position(|&b| b == b'>')
            .ok_or(Unreadable::Rest)?;
        self.at = start + len + 1;
        let target = std::str::from_utf8(&self.s[start..start + len])
            .map_err(|_| Unreadable::Element)?
            .trim()
            .to_string();
        let mut rel: Option<bool> = None;
        loop {
            self.skip(is_ows);
            match self.peek() {
                None | Some(b',') => {
                    return Ok(LinkValue {
                        target,
                        next: rel == Some(true),
                    });
                }
                Some(b';') => self.at += 1,
                Some(_) => return Err(Unreadable::Element),
            }
            self.skip(is_ows);
            let (name, value) = self.param()?;
            // Only the first `rel` counts (RFC 8288 §3.3); a parameter without a value is allowed.
            if rel.is_none() && name.eq_ignore_ascii_case(b"rel") {
                rel = Some(value.is_some_and(|v| {
                    v.split(|b| b.is_ascii_whitespace())
                        .any(|r| r.eq_ignore_ascii_case(b"next"))
                }));
            }
        }
    }

    /// `token BWS [ "=" BWS ( token / quoted-string ) ]`; the value unquoted.
    fn param(&mut self) -> Result<(&[u8], Option<Vec<u8>>), Unreadable> {
        let start = self.at;
        self.skip(|b| !matches!(b, b'=' | b';' | b',' | b'"') && !is_ows(b));
        let name = &self.s[start..self.at];
        if name.is_empty() {
            return Err(Unreadable::Element);
        }
        self.skip(is_ows);
        if self.peek() != Some(b'=') {
            return Ok((name, None));
        }
        self.at += 1;
        self.skip(is_ows);
        if self.peek() == Some(b'"') {
            self.at += 1;
            return Ok((name, Some(self.quoted()?)));
        }
        let start = self.at;
        self.skip(|b| !matches!(b, b';' | b',') && !is_ows(b));
        Ok((name, Some(self.s[start..self.at].to_vec())))
    }

    /// The rest of a quoted string after its `"`, with `\x` read as `x` (RFC 9110 §5.6.4).
    fn quoted(&mut self) -> Result<Vec<u8>, Unreadable> {
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'"' => return Ok(out),
                b'\\' => {
                    out.push(self.peek().ok_or(Unreadable::Rest)?);
                    self.at += 1;
                }
                _ => out.push(b),
            }
        }
        Err(Unreadable::Rest)
    }

    /// Past the next `,` outside a quoted string; `None` when the field ends first with a quote
    /// left open.
    fn skip_element(&mut self) -> Option<()> {
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b',' => return Some(()),
                b'"' => {
                    self.quoted().ok()?;
                }
                _ => {}
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn next(fields: &[&[u8]]) -> Option<String> {
        let mut h = HeaderMap::new();
        for f in fields {
            h.append(LINK, HeaderValue::from_bytes(f).unwrap());
        }
        next_link(&h)
    }

    #[test]
    fn the_next_link_is_found_in_any_field_and_entry() {
        assert_eq!(
            next(&[
                br#"</admin/sessions?page_size=2&page_token=a>; rel="first",</admin/sessions?page_size=2&page_token=b>; rel="next""#
            ])
            .as_deref(),
            Some("/admin/sessions?page_size=2&page_token=b")
        );
        assert_eq!(
            next(&[
                br#"<http://h/x?page=0>; rel="first""#,
                br#"<http://h/x?page=1&a=1,2>; rel=next"#
            ])
            .as_deref(),
            Some("http://h/x?page=1&a=1,2")
        );
        assert_eq!(next(&[br#"<http://h/x?page=0>; rel="first""#]), None);
        assert_eq!(next(&[]), None);
    }

    #[test]
    fn quoted_parameter_values_may_hold_commas_semicolons_and_angle_brackets() {
        // Read by hand before, each of these took a piece of the title for a link or a `rel`.
        assert_eq!(
            next(&[br#"</a>; title="a, b; c"; rel="next""#]).as_deref(),
            Some("/a")
        );
        assert_eq!(
            next(&[br#"</a>; title="<x>"; rel="prev", </b>; rel="next""#]).as_deref(),
            Some("/b")
        );
        assert_eq!(
            next(&[br#"</a>; title="x, <http://evil/>; rel=next", </b>; rel="next""#]).as_deref(),
            Some("/b")
        );
        assert_eq!(
            next(&[br#"</a>; title="; rel=next"; rel="prev""#]),
            None,
            "a rel inside quotes is not a rel"
        );
        assert_eq!(
            next(&[br#"</a>; title="say \"next\", then \\"; rel="next""#]).as_deref(),
            Some("/a"),
            "escaped quotes and backslashes stay inside the string"
        );
    }

    #[test]
    fn relations_are_space_separated_case_insensitive_and_quoted_or_not() {
        assert_eq!(next(&[br#"</a>; rel="next last""#]).as_deref(), Some("/a"));
        assert_eq!(next(&[br#"</a>; rel="last  next""#]).as_deref(), Some("/a"));
        assert_eq!(next(&[br#"</a>; REL="Next""#]).as_deref(), Some("/a"));
        assert_eq!(next(&[b"</a> ; rel = next ; x"]).as_deref(), Some("/a"));
        assert_eq!(next(&[br#"</a>; rel="nextpage""#]), None);
        assert_eq!(next(&[br#"</a>; relation="next""#]), None);
        assert_eq!(
            next(&[br#"</a>; rel="prev"; rel="next""#]),
            None,
            "only the first rel counts"
        );
    }

    #[test]
    fn a_target_may_hold_semicolons_and_commas() {
        assert_eq!(
            next(&[br#"</x;v=1?ids=a,b&q=c;d>; rel="next""#]).as_deref(),
            Some("/x;v=1?ids=a,b&q=c;d")
        );
    }

    #[test]
    fn an_unreadable_entry_hides_no_later_link() {
        // No `>`: the rest of that field is unreadable, the next field still links.
        assert_eq!(
            next(&[br#"<http://h/x?page=1; rel="next""#, br#"</b>; rel="next""#]).as_deref(),
            Some("/b")
        );
        // Garbage after a target, or no target: that entry is skipped, the next one read.
        assert_eq!(
            next(&[br#"</a> junk; rel="next", </b>; rel="next""#]).as_deref(),
            Some("/b")
        );
        assert_eq!(
            next(&[br#"rel="next", ; =x, </b>; rel=next"#]).as_deref(),
            Some("/b")
        );
        // A quote left open spoils its field only.
        assert_eq!(
            next(&[br#"</a>; title="open, </c>; rel=next"#, b"</b>; rel=next"]).as_deref(),
            Some("/b")
        );
        // Bytes that are not ASCII (a title in UTF-8) do not make the field unreadable.
        assert_eq!(
            next(&["</a>; title=\"caf\u{e9}\"; rel=next".as_bytes()]).as_deref(),
            Some("/a")
        );
        // A target that is not UTF-8 is skipped.
        assert_eq!(
            next(&[b"</\xff>; rel=next, </b>; rel=next"]).as_deref(),
            Some("/b")
        );
    }
}
