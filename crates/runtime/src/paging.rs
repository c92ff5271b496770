//! Paged listings as streams. The generated `.pages()` and `.stream()` of every paged operation
//! call [`pages`] and [`items`] with a style's bookkeeping ([`LinkCursor`], [`PageNumbers`],
//! [`PageTotal`]); each page is a normal `send()` of a clone of the caller's builder with only
//! the page parameter changed, so filters, auth, retries and timeouts apply to every page.
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

use crate::error::{Context, Error, ErrorKind};
use progenitor_client::ResponseValue;
use reqwest::header::HeaderMap;
use std::cell::RefCell;
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

enum State<B, E> {
    Fetch(B),
    Fail(Error<E>),
    Done,
}

tokio::task_local! {
    /// The URL of the latest answer decoded while a page is fetched (see [`note_url`]).
    static PAGE_URL: RefCell<Option<String>>;
}

/// Keeps the URL of an answer being decoded, when it is a page of a stream: a paging error
/// names the page whose answer was wrong, and progenitor's `ResponseValue` has no URL. Called
/// by the runtime's decode; costs one task-local lookup outside a stream.
pub(crate) fn note_url(url: &reqwest::Url) {
    let _ = PAGE_URL.try_with(|page| {
        if let Ok(mut page) = page.try_borrow_mut() {
            *page = Some(url.to_string());
        }
    });
}

/// Every page from `first` on: `send` fetches one, `next` says from the answer what follows
/// (see [`Step`]; `Err`: the server's paging is broken, the stream yields a
/// [`ErrorKind::Paging`] error and ends, see [`Broken`]). The page is yielded before the next
/// one is asked for.
#[doc(hidden)]
pub fn pages<'a, B, P, E, Fut>(
    op: Op,
    first: B,
    send: impl Fn(B) -> Fut + Send + 'a,
    next: impl FnMut(&B, &ResponseValue<P>) -> Result<Step<B>, Broken> + Send + 'a,
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
        loop {
            let builder = match std::mem::replace(&mut p.state, State::Done) {
                State::Done => return None,
                State::Fail(e) => return Some((Err(e), p)),
                State::Fetch(builder) => builder,
            };
            let fetch = PAGE_URL.scope(RefCell::new(None), (p.send)(builder.clone()));
            let mut fetch = std::pin::pin!(fetch);
            let page = match fetch.as_mut().await {
                Ok(page) => page,
                Err(e) => return Some((Err(e), p)),
            };
            let url = fetch.as_mut().take_value().and_then(RefCell::into_inner);
            let error = |m| paging_error(op, &page, url, m);
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
    })
}

struct Pager<B, E, S, N> {
    state: State<B, E>,
    send: S,
    next: N,
}

/// The error of `page`, fetched from `url`: the page whose answer was wrong.
fn paging_error<P, E>(
    op: Op,
    page: &ResponseValue<P>,
    url: Option<String>,
    message: String,
) -> Error<E> {
    let context = Context {
        provider: op.provider,
        operation: op.operation,
        method: op.method,
        url,
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
            return Err(Broken::Repeated(format!(
                "asked for page {asked}, the server answered page {got}"
            )));
        }
        if items == 0 {
            return Ok(None);
        }
        if let Some((before, seen)) = self.before
            && seen == fingerprint
        {
            return Err(Broken::Repeated(format!(
                "page {current} has the same items as page {before}: the server does not move to the page asked for"
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
            Err(Broken::Repeated(
                "asked for page 2, the server answered page 1".into()
            ))
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
            Err(Broken::Repeated(
                "page 3 has the same items as page 2: the server does not move to the page asked for"
                    .into()
            ))
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
