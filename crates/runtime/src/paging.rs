//! Paged listings as streams. The generated `.pages()` and `.stream()` of every paged operation
//! call [`pages`] and [`items`] with a style's bookkeeping ([`LinkCursor`], [`PageNumbers`],
//! [`PageTotal`]); each page is a normal `send()` of a clone of the caller's builder with only
//! the page parameter changed, so filters, auth, retries and timeouts apply to every page.
//!
//! Pages are fetched lazily: the next request goes out only when the consumer asks for an item
//! past the current page, and dropping the stream drops the request in flight.

use crate::error::{Context, Error, ErrorKind};
use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use std::collections::HashSet;
use std::future::Future;
use std::hash::{DefaultHasher, Hash, Hasher};

pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};

/// Which call a paging error belongs to.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Op {
    pub provider: &'static str,
    pub operation: &'static str,
    pub method: &'static str,
}

/// Why paging cannot go on.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Broken {
    /// The page just read repeats one already read: it is dropped, the error takes its place.
    Repeated(String),
    /// The page is fine, but the way to the next one is not (a cursor already followed, a link
    /// that cannot be read): the page is yielded, then the error.
    Next(String),
}

enum State<B, E> {
    Fetch(B),
    Fail(Error<E>),
    Done,
}

/// Every page from `first` on: `send` fetches one, `next` says from the answer which builder
/// fetches the following page (`Ok(None)`: this was the last; `Err`: the server's paging is
/// broken, the stream yields a [`ErrorKind::Paging`] error and ends, see [`Broken`]). The page
/// is yielded before the next one is asked for.
#[doc(hidden)]
pub fn pages<'a, B, P, E, Fut>(
    op: Op,
    first: B,
    send: impl Fn(B) -> Fut + Send + 'a,
    next: impl FnMut(&B, &ResponseValue<P>) -> Result<Option<B>, Broken> + Send + 'a,
) -> impl Stream<Item = Result<ResponseValue<P>, Error<E>>> + Send + 'a
where
    B: Clone + Send + 'a,
    P: Send + 'a,
    E: Send + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error<E>>> + Send + 'a,
{
    let pager = Pager {
        state: State::Fetch(first),
        send,
        next,
    };
    // The bookkeeping travels in the unfold state, so each step's future owns it.
    futures_util::stream::unfold(pager, move |mut p| async move {
        match std::mem::replace(&mut p.state, State::Done) {
            State::Done => None,
            State::Fail(e) => Some((Err(e), p)),
            State::Fetch(builder) => match (p.send)(builder.clone()).await {
                Ok(page) => match (p.next)(&builder, &page) {
                    Ok(Some(b)) => {
                        p.state = State::Fetch(b);
                        Some((Ok(page), p))
                    }
                    Ok(None) => Some((Ok(page), p)),
                    Err(Broken::Next(m)) => {
                        p.state = State::Fail(paging_error(op, &page, m));
                        Some((Ok(page), p))
                    }
                    Err(Broken::Repeated(m)) => Some((Err(paging_error(op, &page, m)), p)),
                },
                Err(e) => Some((Err(e), p)),
            },
        }
    })
}

struct Pager<B, E, S, N> {
    state: State<B, E>,
    send: S,
    next: N,
}

fn paging_error<P, E>(op: Op, page: &ResponseValue<P>, message: String) -> Error<E> {
    let context = Context {
        provider: op.provider,
        operation: op.operation,
        method: op.method,
        status: Some(page.status()),
        headers: page.headers().clone(),
        ..Context::default()
    };
    Error::new(ErrorKind::Paging(message), context)
}

/// The items of every page, in order: the items of a page come before the error of the next.
#[doc(hidden)]
pub fn items<'a, P, I, E>(
    pages: impl Stream<Item = Result<ResponseValue<P>, Error<E>>> + Send + 'a,
    into_items: fn(P) -> Vec<I>,
) -> impl Stream<Item = Result<I, Error<E>>> + Send + 'a
where
    P: Send + 'a,
    I: Send + 'a,
    E: Send + 'a,
{
    pages
        .map(move |page| {
            futures_util::stream::iter(match page {
                Ok(page) => Items::Page(into_items(page.into_inner()).into_iter()),
                Err(e) => Items::Error(Some(e)),
            })
        })
        .flatten()
}

enum Items<I, E> {
    Page(std::vec::IntoIter<I>),
    Error(Option<Error<E>>),
}

impl<I, E> Iterator for Items<I, E> {
    type Item = Result<I, Error<E>>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Items::Page(items) => items.next().map(Ok),
            Items::Error(e) => e.take().map(Err),
        }
    }
}

/// A count or page number as the answer has it (typify makes optional fields `Option`s).
#[doc(hidden)]
pub trait Count {
    /// The value, when present and not negative.
    fn count(&self) -> Option<u64>;
}

macro_rules! count {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn count(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
        }
        impl Count for Option<$t> {
            fn count(&self) -> Option<u64> {
                self.and_then(|v| u64::try_from(v).ok())
            }
        }
    )*};
}
count!(i32, i64, u32, u64);

/// A count sent as a header (`X-Total-Count`).
#[doc(hidden)]
pub fn header_count(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// A page number or cursor read from a link, for an integer parameter.
#[doc(hidden)]
pub fn int(name: &str, value: &str) -> Result<u64, Broken> {
    value.parse().map_err(|_| {
        Broken::Next(format!(
            "the next-page link has `{name}={value}`, not a page number"
        ))
    })
}

/// Identifies a page by its first and last item, to notice a server that answers the same page
/// for every page number (cheap: two items serialised per page).
#[doc(hidden)]
pub fn fingerprint<T: serde::Serialize>(items: &[T]) -> u64 {
    let mut h = DefaultHasher::new();
    items.len().hash(&mut h);
    for item in [items.first(), items.last()].into_iter().flatten() {
        serde_json::to_vec(item).unwrap_or_default().hash(&mut h);
    }
    h.finish()
}

/// `Link: <url>; rel="next"` paging: the cursor parameters named in the spec are read from the
/// next link's query and set on the builder, so the caller's other parameters stay as set.
#[doc(hidden)]
#[derive(Debug)]
pub struct LinkCursor {
    names: &'static [&'static str],
    seen: HashSet<Vec<Option<String>>>,
}

impl LinkCursor {
    pub fn new(names: &'static [&'static str]) -> Self {
        Self {
            names,
            seen: HashSet::new(),
        }
    }

    /// The cursor values of the next page, or `None` after the last page (no `next` link, or an
    /// empty page: Kratos links a next page even for an empty collection).
    pub fn next(
        &mut self,
        headers: &HeaderMap,
        items: usize,
    ) -> Result<Option<Vec<(&'static str, String)>>, Broken> {
        if items == 0 {
            return Ok(None);
        }
        let Some(link) = next_link(headers) else {
            return Ok(None);
        };
        let url = reqwest::Url::parse("http://link.invalid/")
            .and_then(|base| base.join(&link))
            .map_err(|e| Broken::Next(format!("the next-page link `{link}` is not a URL ({e})")))?;
        let values: Vec<Option<String>> = self
            .names
            .iter()
            .map(|name| {
                // The last occurrence: Kratos appends its page to the request's own query,
                // which may already hold the previous one.
                url.query_pairs()
                    .filter(|(k, _)| k == name)
                    .last()
                    .map(|(_, v)| v.into_owned())
            })
            .collect();
        if values.iter().all(Option::is_none) {
            return Err(Broken::Next(format!(
                "the next-page link `{link}` has none of {}",
                self.names.join(", ")
            )));
        }
        if !self.seen.insert(values.clone()) {
            return Err(Broken::Next(format!(
                "the server sent the next-page link `{link}` a second time"
            )));
        }
        Ok(Some(
            self.names
                .iter()
                .zip(values)
                .filter_map(|(name, v)| v.map(|v| (*name, v)))
                .collect(),
        ))
    }
}

/// The target of the `rel="next"` entry of every `Link` header field (a server may send one
/// field per link, or several links comma-joined in one).
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(reqwest::header::LINK) {
        let Ok(text) = value.to_str() else { continue };
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            // An entry without its `>` is unreadable; the header's other fields may still link.
            let Some(close) = after.find('>') else { break };
            let target = &after[..close];
            let params_end = after[close + 1..]
                .find('<')
                .map_or(after.len(), |i| close + 1 + i);
            let params = &after[close + 1..params_end];
            if is_next(params) {
                return Some(target.to_string());
            }
            rest = &after[params_end..];
        }
    }
    None
}

/// Whether link parameters (`; rel="next last"`) include the relation `next`.
fn is_next(params: &str) -> bool {
    params.split(';').any(|p| {
        let Some((key, value)) = p.split_once('=') else {
            return false;
        };
        key.trim().eq_ignore_ascii_case("rel")
            && value
                .trim()
                .trim_end_matches(',')
                .trim()
                .trim_matches('"')
                .split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("next"))
    })
}

/// Page number + page count paging (PureCloud): the answer says which page it is and how many
/// there are; the next page is asked for by number.
#[doc(hidden)]
#[derive(Debug)]
pub struct PageNumbers {
    first: u64,
    requested: Option<u64>,
    seen: HashSet<u64>,
}

impl PageNumbers {
    /// `first`: the number of the first page, assumed for an answer that does not say.
    pub fn new(first: u64) -> Self {
        Self {
            first,
            requested: None,
            seen: HashSet::new(),
        }
    }

    /// The number of the page after the one just read, or `None` when it was the last.
    pub fn after(
        &mut self,
        items: usize,
        number: Option<u64>,
        count: Option<u64>,
    ) -> Result<Option<u64>, Broken> {
        let current = number.or(self.requested).unwrap_or(self.first);
        if let (Some(asked), Some(got)) = (self.requested, number)
            && asked != got
        {
            return Err(Broken::Repeated(format!(
                "asked for page {asked}, the server answered page {got}"
            )));
        }
        if !self.seen.insert(current) {
            return Err(Broken::Repeated(format!(
                "the server sent page {current} a second time"
            )));
        }
        if items == 0 || count.is_some_and(|c| current >= c) {
            return Ok(None);
        }
        let next = current.saturating_add(1);
        self.requested = Some(next);
        Ok(Some(next))
    }
}

/// Page number + total paging (SendAuth `page`/`total`, Kratos `page` + `X-Total-Count`): pages
/// are asked for by number from the first; the listing ends when the items read reach the
/// total, or on an empty page.
#[doc(hidden)]
#[derive(Debug)]
pub struct PageTotal {
    next: u64,
    read: u64,
    last: Option<u64>,
}

impl PageTotal {
    pub fn new(first: u64) -> Self {
        Self {
            next: first,
            read: 0,
            last: None,
        }
    }

    /// The number of the page to ask for first.
    pub fn first(&self) -> u64 {
        self.next
    }

    /// The number of the next page, or `None` when the page just read was the last.
    pub fn after(
        &mut self,
        items: usize,
        total: Option<u64>,
        fingerprint: u64,
    ) -> Result<Option<u64>, Broken> {
        let current = self.next;
        if items == 0 {
            return Ok(None);
        }
        if self.last == Some(fingerprint) {
            return Err(Broken::Repeated(format!(
                "page {current} has the same items as page {}: the server repeats a page",
                current.saturating_sub(1)
            )));
        }
        self.last = Some(fingerprint);
        self.read = self.read.saturating_add(items as u64);
        if total.is_some_and(|t| self.read >= t) {
            return Ok(None);
        }
        self.next = current.saturating_add(1);
        Ok(Some(self.next))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderValue, LINK};

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(
                LINK,
                HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")),
            );
        }
        h
    }

    #[test]
    fn the_next_link_is_found_in_any_field_and_entry() {
        let one = headers(&[
            r#"</admin/sessions?page_size=2&page_token=a>; rel="first",</admin/sessions?page_size=2&page_token=b>; rel="next""#,
        ]);
        assert_eq!(
            next_link(&one).as_deref(),
            Some("/admin/sessions?page_size=2&page_token=b")
        );
        let two = headers(&[
            r#"<http://h/x?page=0>; rel="first""#,
            r#"<http://h/x?page=1&a=1,2>; rel=next"#,
        ]);
        assert_eq!(next_link(&two).as_deref(), Some("http://h/x?page=1&a=1,2"));
        assert_eq!(
            next_link(&headers(&[r#"<http://h/x?page=0>; rel="first""#])),
            None
        );
    }

    #[test]
    fn a_repeated_cursor_is_an_error() {
        let mut c = LinkCursor::new(&["page_token", "page"]);
        let h = headers(&[r#"</x?page_token=b&page_size=2>; rel="next""#]);
        assert_eq!(
            c.next(&h, 2),
            Ok(Some(vec![("page_token", "b".to_string())]))
        );
        assert!(c.next(&h, 2).is_err());
        assert_eq!(c.next(&h, 0), Ok(None));
    }

    #[test]
    fn page_numbers_stop_at_the_count_and_refuse_a_repeat() {
        let mut p = PageNumbers::new(1);
        assert_eq!(p.after(2, Some(1), Some(3)), Ok(Some(2)));
        assert_eq!(p.after(2, Some(2), Some(3)), Ok(Some(3)));
        assert_eq!(p.after(2, Some(3), Some(3)), Ok(None));
        let mut p = PageNumbers::new(1);
        assert_eq!(p.after(2, Some(1), Some(3)), Ok(Some(2)));
        assert!(p.after(2, Some(1), Some(3)).is_err());
    }

    #[test]
    fn page_total_stops_at_the_total_and_refuses_a_repeat() {
        let mut p = PageTotal::new(1);
        assert_eq!(p.after(2, Some(4), fingerprint(&[1, 2])), Ok(Some(2)));
        assert_eq!(p.after(2, Some(4), fingerprint(&[3, 4])), Ok(None));
        let mut p = PageTotal::new(1);
        assert_eq!(p.after(2, None, fingerprint(&[1, 2])), Ok(Some(2)));
        assert!(p.after(2, None, fingerprint(&[1, 2])).is_err());
    }
}
