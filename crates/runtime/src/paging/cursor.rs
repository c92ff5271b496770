//! `Link: <url>; rel="next"` paging: the cursor parameters named in the spec are read from the
//! next link's query and set on the builder, so the caller's other parameters stay as set.

use super::link::next_link;
use super::repeats::Repeats;
use super::{Broken, PagingError, Step};
use reqwest::header::HeaderMap;

/// The bookkeeping of one link-paged stream.
#[doc(hidden)]
#[derive(Debug)]
pub struct LinkCursor {
    names: &'static [&'static str],
    /// The cursor that is a page number, if any (see [`LinkCursor::next`] on lagging links).
    page: Option<&'static str>,
    repeats: Repeats,
    /// The fingerprint of the page before, and how many pages were read.
    before: Option<u64>,
    read: u64,
    /// `name=value` of the cursor the latest page was asked for with (`None`: the caller's).
    current: Option<String>,
    /// The page number the latest page was asked for with.
    current_page: Option<u64>,
    lag: Lag,
}

/// Whether the links lag a page behind the pages (see [`LinkCursor::next`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lag {
    No,
    /// Found; the page after the last link is still to be asked for.
    Found,
    /// Found, and the page after the last link asked for.
    Done,
}

/// Where the next page is: the cursor values to set on the builder, and whether the page just
/// read is dropped.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Follow {
    values: Vec<(&'static str, String)>,
    skip: bool,
}

impl Follow {
    /// The cursor parameters to set, by name.
    pub fn values(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.values.iter().map(|(n, v)| (*n, v.as_str()))
    }

    /// The step to `builder`, the page just read yielded or dropped.
    pub fn step<B>(&self, builder: B) -> Step<B> {
        if self.skip {
            Step::Skip(builder)
        } else {
            Step::Then(builder)
        }
    }
}

impl LinkCursor {
    /// `names`: the query parameters read from the next link; `page`: the one among them that
    /// is a page number.
    pub fn new(names: &'static [&'static str], page: Option<&'static str>) -> Self {
        Self {
            names,
            page,
            repeats: Repeats::new(),
            before: None,
            read: 0,
            current: None,
            current_page: None,
            lag: Lag::No,
        }
    }

    /// Where the page after the one just read is (`headers`, `items` items with `fingerprint`),
    /// or `None` after the last page (no `next` link, or an empty page: Kratos links a next
    /// page even for an empty collection).
    ///
    /// A page with the same items as the page before is a repeat: the stream ends with an
    /// error in its place, except when it is the second page. Then the server's links count
    /// pages from 0 while its pages count from 1 (Kratos v0.13 `listIdentities`: no `page` and
    /// `page=1` are both the first page, its links say `page=1` for the second): the repeat is
    /// dropped and its next link followed, and since such links never reach the last page,
    /// the page after the last link is asked for once (when a cursor is a page number).
    pub fn next(
        &mut self,
        headers: &HeaderMap,
        items: usize,
        fingerprint: u64,
    ) -> Result<Option<Follow>, Broken> {
        self.read = self.read.saturating_add(1);
        if items == 0 {
            return Ok(None);
        }
        let skip = self.before.replace(fingerprint) == Some(fingerprint);
        if skip {
            if self.read != 2 || self.lag != Lag::No {
                let page = self.describe();
                return Err(Broken::Repeated(PagingError::page(
                    page.clone(),
                    format!("the page at {page} has the same items as the page before it"),
                )));
            }
            self.lag = Lag::Found;
        }
        let values = match next_link(headers) {
            Some(link) => self.read_link(&link)?,
            None => match (self.lag, self.page, self.current_page) {
                (Lag::Found, Some(name), Some(n)) => {
                    self.lag = Lag::Done;
                    vec![(name, Some(n.saturating_add(1).to_string()))]
                }
                _ => return Ok(None),
            },
        };
        if self.repeats.repeats(&values) {
            let cursor = describe(&values);
            let message = format!("the server linked {cursor} a second time");
            let message = PagingError::cursor(cursor, message);
            // A page already dropped as a repeat is not yielded for the sake of its link.
            return Err(if skip {
                Broken::Repeated(message)
            } else {
                Broken::Next(message)
            });
        }
        self.current = Some(describe(&values));
        self.current_page = self.page.and_then(|page| {
            values
                .iter()
                .find(|(n, _)| *n == page)
                .and_then(|(_, v)| v.as_deref()?.parse().ok())
        });
        Ok(Some(Follow {
            values: values
                .into_iter()
                .filter_map(|(name, v)| v.map(|v| (name, v)))
                .collect(),
            skip,
        }))
    }

    /// The cursor values of a next link, by name (`None`: not in the link).
    fn read_link(&self, link: &str) -> Result<Vec<(&'static str, Option<String>)>, Broken> {
        let url = reqwest::Url::parse("http://link.invalid/")
            .and_then(|base| base.join(link))
            .map_err(|e| {
                Broken::Next(PagingError::other(format!(
                    "the next-page link `{link}` is not a URL ({e})"
                )))
            })?;
        let values: Vec<_> = self
            .names
            .iter()
            .map(|name| {
                // The last occurrence: Kratos appends its page to the request's own query,
                // which may already hold the previous one.
                let value = url
                    .query_pairs()
                    .filter(|(k, _)| k == name)
                    .last()
                    .map(|(_, v)| v.into_owned());
                (*name, value)
            })
            .collect();
        if values.iter().all(|(_, v)| v.is_none()) {
            return Err(Broken::Next(PagingError::other(format!(
                "the next-page link `{link}` has none of {}",
                self.names.join(", ")
            ))));
        }
        Ok(values)
    }

    fn describe(&self) -> String {
        self.current
            .clone()
            .unwrap_or_else(|| "the first page asked for".to_string())
    }
}

/// `name=value&...` of the cursor values that are set, in full.
fn describe(values: &[(&'static str, Option<String>)]) -> String {
    values
        .iter()
        .filter_map(|(n, v)| Some(format!("{n}={}", v.as_deref()?)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, LINK};

    fn link(target: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Ok(v) = HeaderValue::from_str(&format!("<{target}>; rel=\"next\"")) {
            h.insert(LINK, v);
        }
        h
    }

    fn values(f: &Follow) -> Vec<(&'static str, String)> {
        f.values().map(|(n, v)| (n, v.to_string())).collect()
    }

    #[test]
    fn a_repeated_cursor_is_an_error_naming_it() {
        let mut c = LinkCursor::new(&["page_token", "page"], Some("page"));
        let h = link("/x?page_token=b&page_size=2");
        let first = c.next(&h, 2, 1).unwrap().unwrap();
        assert_eq!(values(&first), [("page_token", "b".to_string())]);
        assert_eq!(first.step(()), Step::Then(()));
        assert_eq!(
            c.next(&h, 2, 2),
            Err(Broken::Next(PagingError::cursor(
                "page_token=b",
                "the server linked page_token=b a second time".into()
            )))
        );
        assert_eq!(c.next(&h, 0, 3), Ok(None));
    }

    #[test]
    fn a_later_page_with_the_items_of_the_page_before_is_an_error_naming_its_cursor() {
        let mut c = LinkCursor::new(&["page_token"], None);
        assert!(c.next(&link("?page_token=a"), 2, 1).unwrap().is_some());
        assert!(c.next(&link("?page_token=b"), 2, 2).unwrap().is_some());
        assert_eq!(
            c.next(&link("?page_token=c"), 2, 2),
            Err(Broken::Repeated(PagingError::page(
                "page_token=b",
                "the page at page_token=b has the same items as the page before it".into()
            )))
        );
    }

    #[test]
    fn a_second_page_repeating_the_first_is_dropped_and_the_unlinked_last_page_asked_for() {
        // Kratos v0.13: no `page` and `page=1` are the same page; links count from 0.
        let mut c = LinkCursor::new(&["page_token", "page"], Some("page"));
        let to_1 = c
            .next(&link("/i?page=1&page_token=t1"), 2, 7)
            .unwrap()
            .unwrap();
        assert_eq!(to_1.step(()), Step::Then(()));
        let to_2 = c
            .next(&link("/i?page=2&page_token=t2"), 2, 7)
            .unwrap()
            .unwrap();
        assert_eq!(to_2.step(()), Step::Skip(()), "the repeat is dropped");
        assert_eq!(
            values(&to_2),
            [("page_token", "t2".into()), ("page", "2".into())]
        );
        // Page 2 has no next link, but page 3 exists.
        let to_3 = c.next(&HeaderMap::new(), 2, 8).unwrap().unwrap();
        assert_eq!(values(&to_3), [("page", "3".into())]);
        assert_eq!(to_3.step(()), Step::Then(()));
        // Asked for once only.
        assert_eq!(c.next(&HeaderMap::new(), 1, 9), Ok(None));
    }

    #[test]
    fn without_a_page_number_a_dropped_repeat_only_follows_its_link() {
        let mut c = LinkCursor::new(&["page_token"], None);
        assert!(c.next(&link("?page_token=a"), 1, 1).unwrap().is_some());
        let f = c.next(&link("?page_token=b"), 1, 1).unwrap().unwrap();
        assert_eq!(f.step(()), Step::Skip(()));
        assert_eq!(c.next(&HeaderMap::new(), 1, 2), Ok(None));
    }

    #[test]
    fn a_link_without_the_cursor_or_not_a_url_is_an_error() {
        let mut c = LinkCursor::new(&["page_token"], None);
        assert!(matches!(
            c.next(&link("/x?other=1"), 1, 1),
            Err(Broken::Next(m)) if m.message.contains("has none of page_token")
        ));
        let mut c = LinkCursor::new(&["page_token"], None);
        assert!(matches!(
            c.next(&link("http://[::1/x?page_token=1"), 1, 1),
            Err(Broken::Next(m)) if m.message.contains("is not a URL")
        ));
    }
}
