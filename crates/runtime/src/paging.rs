//! Paged listings as streams. The generated `.pages()` and `.stream()` of every paged operation
//! ([`Paged`]) give [`Pages`] and [`Items`], made by [`pages`] with a style's bookkeeping
//! ([`LinkCursor`], [`PageNumbers`], [`PageTotal`]); each page is a normal send of a clone of
//! the caller's builder with only the page parameter changed, so filters, auth, retries,
//! timeouts, interceptors and per-call settings apply to every page.
//!
//! Pages are fetched lazily: the next request goes out only when the consumer asks for an item
//! past the current page, and dropping the stream drops the request in flight. Whatever a
//! server sends, a stream ends: a page, cursor or page number that repeats ends it with
//! [`ErrorKind::Paging`], and the bookkeeping that notices takes the same memory after any
//! number of pages.

mod cursor;
mod link;
mod repeats;

pub use cursor::{Follow, LinkCursor};
pub use link::next_link;

use crate::Operation;
use crate::call::{Call, CallOptions};
use crate::error::{Context as ErrorContext, Error, ErrorKind};
use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

pub use futures_util::stream::{Stream, StreamExt, TryStreamExt};

/// What went wrong between pages ([`ErrorKind::Paging`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PagingError {
    /// The page or cursor the server sent a second time, when that is what went wrong (not
    /// for a next-page link that cannot be followed).
    pub repeated: Option<Repeated>,
    /// What went wrong, for people.
    pub message: String,
}

/// What a server sent a second time.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Repeated {
    /// A page: its number, or the cursor values it was fetched with (`page_token=b`).
    Page(String),
    /// A cursor: the values of a next-page link already followed (`page_token=b`).
    Cursor(String),
}

impl PagingError {
    /// The page `page` repeats one already read.
    pub(crate) fn page(page: impl Into<String>, message: String) -> Self {
        Self {
            repeated: Some(Repeated::Page(page.into())),
            message,
        }
    }

    /// The cursor `cursor` was linked a second time.
    pub(crate) fn cursor(cursor: impl Into<String>, message: String) -> Self {
        Self {
            repeated: Some(Repeated::Cursor(cursor.into())),
            message,
        }
    }

    /// Paging cannot go on, for another reason than a repeat.
    pub(crate) fn other(message: String) -> Self {
        Self {
            repeated: None,
            message,
        }
    }
}

impl std::fmt::Display for PagingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PagingError {}

/// Why paging cannot go on.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Broken {
    /// The page just read repeats one already read: it is dropped, the error takes its place.
    Repeated(PagingError),
    /// The page is fine, but the way to the next one is not (a cursor already followed, a link
    /// that cannot be read): the page is yielded, then the error.
    Next(PagingError),
}

/// What follows the page just read.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step<B> {
    /// It was the last page.
    End,
    /// The page is yielded, then the next is fetched with this builder.
    Then(B),
    /// The page repeats the one before in a way paging can step over (see
    /// [`LinkCursor::next`]): it is dropped, and the next is fetched with this builder.
    Skip(B),
}

impl<B> From<Option<B>> for Step<B> {
    fn from(next: Option<B>) -> Self {
        next.map_or(Step::End, Step::Then)
    }
}

/// A paged operation's builder: the generated code implements it, and `.pages()` and
/// `.stream()` (on the builder or on its [`Customize`](crate::Customize)) use it.
pub trait Paged<'a>: Call<'a, Value: Send + 'a, Error: Send + 'a> + Clone + Send + 'a {
    /// One item of a page.
    type Item: Send + 'a;

    /// The items of a page.
    fn items(page: Self::Value) -> Vec<Self::Item>;

    /// Every page, each sent with `options` over the client's settings.
    #[doc(hidden)]
    fn pages_with(self, options: Option<CallOptions>) -> Pages<'a, Self::Value, Self::Error>;
}

/// Every page of a listing, with its status and headers: a [`Stream`] you can hold and poll
/// without pinning (`while let Some(page) = pages.try_next().await? { .. }`).
#[must_use = "streams do nothing unless polled"]
pub struct Pages<'a, P, E> {
    inner: BoxedStream<'a, ResponseValue<P>, E>,
}

/// A stream of `T` or the call's error, boxed: one allocation per stream makes the named
/// stream types `Unpin`.
type BoxedStream<'a, T, E> = Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send + 'a>>;

impl<P, E> std::fmt::Debug for Pages<'_, P, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

impl<P, E> Stream for Pages<'_, P, E> {
    type Item = Result<ResponseValue<P>, Error<E>>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// Every item of every page of a listing, in order: a [`Stream`] you can hold and poll without
/// pinning (`while let Some(item) = items.try_next().await? { .. }`).
#[must_use = "streams do nothing unless polled"]
pub struct Items<'a, I, E> {
    inner: BoxedStream<'a, I, E>,
}

impl<I, E> std::fmt::Debug for Items<'_, I, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}

impl<I, E> Stream for Items<'_, I, E> {
    type Item = Result<I, Error<E>>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<'a, I: Send + 'a, E: Send + 'a> Items<'a, I, E> {
    /// The items of `pages`, in order: the items of a page come before the error of the next.
    pub fn new<P: Send + 'a>(pages: Pages<'a, P, E>, into_items: fn(P) -> Vec<I>) -> Self {
        let items = pages
            .map(move |page| {
                futures_util::stream::iter(match page {
                    Ok(page) => PageItems::Page(into_items(page.into_inner()).into_iter()),
                    Err(e) => PageItems::Error(Some(e)),
                })
            })
            .flatten();
        Self {
            inner: Box::pin(items),
        }
    }
}

enum State<B, E> {
    Fetch(B),
    Fail(Error<E>),
    Done,
}

/// Every page from `first` on, each sent with `options`: `next` says from the answer what
/// follows (see [`Step`]; `Err`: the server's paging is broken, the stream yields a
/// [`ErrorKind::Paging`] error and ends, see [`Broken`]). The page is yielded before the next
/// one is asked for.
#[doc(hidden)]
pub fn pages<'a, B>(
    first: B,
    options: Option<CallOptions>,
    next: impl FnMut(&B, &ResponseValue<B::Value>) -> Result<Step<B>, Broken> + Send + 'a,
) -> Pages<'a, B::Value, B::Error>
where
    B: Call<'a> + Clone + Send + 'a,
    B::Value: Send + 'a,
    B::Error: Send + 'a,
{
    let pager = Pager {
        state: State::Fetch(first),
        options,
        next,
    };
    // The bookkeeping travels in the unfold state, so each step's future owns it.
    let stream = futures_util::stream::unfold(pager, move |mut p| async move {
        loop {
            let builder = match std::mem::replace(&mut p.state, State::Done) {
                State::Done => return None,
                State::Fail(e) => return Some((Err(e), p)),
                State::Fetch(builder) => builder,
            };
            let prepared = builder.clone().prepare();
            let runtime = prepared.runtime;
            let fetched = runtime.send_page(prepared, p.options.clone()).await;
            let (page, url) = match fetched {
                Ok(fetched) => fetched,
                Err(e) => return Some((Err(e), p)),
            };
            let error = |m| paging_error(runtime.provider(), B::OPERATION, &page, url, m);
            match (p.next)(&builder, &page) {
                Ok(Step::End) => return Some((Ok(page), p)),
                Ok(Step::Then(b)) => {
                    p.state = State::Fetch(b);
                    return Some((Ok(page), p));
                }
                Ok(Step::Skip(b)) => p.state = State::Fetch(b),
                Err(Broken::Next(m)) => {
                    p.state = State::Fail(error(m));
                    return Some((Ok(page), p));
                }
                Err(Broken::Repeated(m)) => return Some((Err(error(m)), p)),
            }
        }
    });
    Pages {
        inner: Box::pin(stream),
    }
}

struct Pager<B, E, N> {
    state: State<B, E>,
    options: Option<CallOptions>,
    next: N,
}

/// The error of `page`, fetched from `url`: the page whose answer was wrong.
fn paging_error<P, E>(
    provider: &'static str,
    op: &'static Operation,
    page: &ResponseValue<P>,
    url: String,
    problem: PagingError,
) -> Error<E> {
    let context = ErrorContext {
        url: Some(url),
        status: Some(page.status()),
        headers: page.headers().clone(),
        ..ErrorContext::of(provider, op)
    };
    Error::new(ErrorKind::Paging(problem), context)
}

enum PageItems<I, E> {
    Page(std::vec::IntoIter<I>),
    Error(Option<Error<E>>),
}

impl<I, E> Iterator for PageItems<I, E> {
    type Item = Result<I, Error<E>>;
    fn next(&mut self) -> Option<Self::Item> {
        match self {
            PageItems::Page(items) => items.next().map(Ok),
            PageItems::Error(e) => e.take().map(Err),
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
        Broken::Next(PagingError::other(format!(
            "the next-page link has `{name}={value}`, not a page number"
        )))
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

/// Page number + page count paging (PureCloud): the answer says which page it is and how many
/// there are; the next page is asked for by number.
///
/// Page numbers only go up (each answer must be the page asked for), so a repeat is a page
/// whose items are those of the page before: a server that ignores the page asked for, or
/// names no page and no count, ends the stream with an error on the second page.
#[doc(hidden)]
#[derive(Debug)]
pub struct PageNumbers {
    first: u64,
    requested: Option<u64>,
    /// The number and fingerprint of the page before.
    before: Option<(u64, u64)>,
}

impl PageNumbers {
    /// `first`: the number of the first page, assumed for an answer that does not say.
    pub fn new(first: u64) -> Self {
        Self {
            first,
            requested: None,
            before: None,
        }
    }

    /// The number of the page after the one just read (`items` items with `fingerprint`, its
    /// `number` and the page `count` as the answer has them), or `None` when it was the last.
    pub fn after(
        &mut self,
        items: usize,
        number: Option<u64>,
        count: Option<u64>,
        fingerprint: u64,
    ) -> Result<Option<u64>, Broken> {
        let current = number.or(self.requested).unwrap_or(self.first);
        if let (Some(asked), Some(got)) = (self.requested, number)
            && asked != got
        {
            return Err(Broken::Repeated(PagingError::page(
                got.to_string(),
                format!("asked for page {asked}, the server answered page {got}"),
            )));
        }
        if items == 0 {
            return Ok(None);
        }
        if let Some((before, seen)) = self.before
            && seen == fingerprint
        {
            return Err(Broken::Repeated(PagingError::page(
                current.to_string(),
                format!(
                    "page {current} has the same items as page {before}: the server does not move to the page asked for"
                ),
            )));
        }
        self.before = Some((current, fingerprint));
        if count.is_some_and(|c| current >= c) {
            return Ok(None);
        }
        let Some(next) = current.checked_add(1) else {
            return Ok(None);
        };
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
            return Err(Broken::Repeated(PagingError::page(
                current.to_string(),
                format!(
                    "page {current} has the same items as page {}: the server repeats a page",
                    current.saturating_sub(1)
                ),
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

    #[test]
    fn page_numbers_stop_at_the_count_and_refuse_a_page_not_asked_for() {
        let mut p = PageNumbers::new(1);
        assert_eq!(p.after(2, Some(1), Some(3), 1), Ok(Some(2)));
        assert_eq!(p.after(2, Some(2), Some(3), 2), Ok(Some(3)));
        assert_eq!(p.after(2, Some(3), Some(3), 3), Ok(None));
        let mut p = PageNumbers::new(1);
        assert_eq!(p.after(2, Some(1), Some(3), 1), Ok(Some(2)));
        assert_eq!(
            p.after(2, Some(1), Some(3), 1),
            Err(Broken::Repeated(PagingError::page(
                "1",
                "asked for page 2, the server answered page 1".into()
            )))
        );
    }

    #[test]
    fn page_numbers_refuse_the_same_items_when_the_answer_names_no_page() {
        // PureCloud without `pageNumber` and `pageCount` (or with -1): only the items tell.
        let mut p = PageNumbers::new(1);
        assert_eq!(p.after(2, None, None, 5), Ok(Some(2)));
        assert_eq!(p.after(2, None, None, 6), Ok(Some(3)));
        assert_eq!(
            p.after(2, None, None, 6),
            Err(Broken::Repeated(PagingError::page(
                "3",
                "page 3 has the same items as page 2: the server does not move to the page asked for"
                    .into()
            )))
        );
    }

    #[test]
    fn page_numbers_end_after_the_last_number() {
        let mut p = PageNumbers::new(u64::MAX);
        assert_eq!(p.after(1, None, None, 1), Ok(None));
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

    #[test]
    fn a_step_from_an_option() {
        assert_eq!(Step::from(Some(1)), Step::Then(1));
        assert_eq!(Step::<u8>::from(None), Step::End);
    }
}
