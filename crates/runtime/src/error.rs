//! The error of every call: what went wrong ([`ErrorKind`]) and where (provider, operation,
//! method, URL), with the answer when one arrived (status, headers, body, request id).

use crate::Operation;
use crate::auth::AuthError;
use crate::interceptor::BoxError;
use crate::invalid::Invalid;
use crate::paging::PagingError;
use crate::retry::{retry_after, retryable_status, server_asked};
use crate::text::{self, Clean, Shown};
use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

/// How many characters of a body `Display` shows; the whole body stays in [`Error::body`].
const SHOWN_BODY_CHARS: usize = 300;

/// The most characters `Display` writes, whatever the input: each piece of server text has a
/// bound of its own below (their sum stays under this), and the whole line is cut here too.
pub const MAX_DISPLAY_CHARS: usize = 1_000;

/// How many characters of the URL `Display` shows; the whole URL stays in [`Error::url`].
const SHOWN_URL_CHARS: usize = 200;

/// How many characters of a message (ours, with a value or cursor in it, or a token endpoint's)
/// or of a decoder's or transport's own text `Display` shows.
const SHOWN_MESSAGE_CHARS: usize = 300;

/// How many characters of a request id `Display` shows.
const SHOWN_REQUEST_ID_CHARS: usize = 64;

/// Error bodies larger than this are not parsed for a message or request id (a 20 MB page is
/// not worth parsing to print one line); their first bytes are shown as text.
const PARSED_BODY_BYTES: usize = 64 * 1024;

/// Headers that carry a provider's request id, most specific first.
const REQUEST_ID_HEADERS: [&str; 6] = [
    "x-request-id",
    "request-id",
    "inin-correlation-id",
    "correlation-id",
    "x-correlation-id",
    "x-amzn-requestid",
];

/// Fields of a JSON error body that carry a request id: Kratos `error.request`, PureCloud
/// `contextId`, PingOne `id`.
const REQUEST_ID_FIELDS: [&str; 4] = ["/error/request", "/contextId", "/requestId", "/id"];

/// Fields of a JSON error body that carry a message for people, most specific first.
const MESSAGE_FIELDS: [&str; 5] = [
    "/error/message",
    "/message",
    "/error_description",
    "/error/reason",
    "/error",
];

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind<E> {
    /// Refused before anything was sent: which input ([`Invalid::refused`]: a parameter, a
    /// header, the body, the base URL) and why.
    InvalidRequest(Invalid),
    /// No credentials could be had: the token endpoint failed, answered nonsense or was slower
    /// than the call's limit, or the credentials cannot be put in a header. The token source's
    /// error is also `source()`.
    Credentials(AuthError),
    /// An [`Interceptor`](crate::Interceptor) refused the call before an attempt was sent
    /// (nothing was sent for that attempt); its error is `source()`.
    Interceptor {
        /// The interceptor's [`name`](crate::Interceptor::name).
        name: String,
        /// What it said.
        source: BoxError,
    },
    /// The request or its answer did not get through: connection refused, timeout, TLS, a
    /// connection closed mid-body. The status is kept when it had arrived.
    Transport(reqwest::Error),
    /// A status the spec documents as an error, with its decoded body.
    Service(E),
    /// A status the spec does not declare for this operation.
    UnexpectedStatus,
    /// The body is not the JSON the spec promises for its status (not JSON at all, or JSON of
    /// another shape).
    InvalidBody(serde_json::Error),
    /// The answer was larger than the runtime's cap; the body kept is its first `limit` bytes.
    BodyTooLarge {
        /// The cap, in bytes.
        limit: u64,
    },
    /// The server answered with a redirect the runtime did not follow (see
    /// [`RedirectRefused`]): the status and headers are kept, nothing was sent to `location`.
    Redirect {
        /// The `Location` the server named, as it sent it.
        location: String,
        /// Why it was not followed.
        why: RedirectRefused,
    },
    /// A paged listing went wrong between pages: the server sent a page or cursor it had
    /// already sent (the stream ends instead of looping; [`PagingError::repeated`] says which),
    /// or a next-page link it could not follow. The context is that of the page whose answer
    /// was wrong.
    Paging(PagingError),
}

/// Why a redirect was not followed. Same-origin redirects are followed (at most
/// [`MAX_REDIRECTS`](crate::MAX_REDIRECTS) per call) when the method stays what it was: any
/// `307`/`308`, with the body sent again, and `301`/`302`/`303` to a `GET` or `HEAD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectRefused {
    /// Another scheme, host or port: credentials and bodies never leave the base URL's origin.
    OtherOrigin,
    /// More redirects in one call than [`MAX_REDIRECTS`](crate::MAX_REDIRECTS).
    TooMany,
    /// A `301`, `302` or `303` to a method other than `GET` or `HEAD`, which would turn the
    /// request into a `GET` without its body.
    MethodWouldChange,
    /// No `Location`, or one that is not a URL.
    BadLocation,
}

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RedirectRefused::OtherOrigin => "it leads to another origin",
            RedirectRefused::TooMany => "too many redirects",
            RedirectRefused::MethodWouldChange => "following it would change the method to GET",
            RedirectRefused::BadLocation => "its Location is not a URL",
        })
    }
}

/// The error of a call. `Display` is one short line naming the call and what went wrong;
/// [`kind`](Error::kind) says what, `source()` leads to the root cause.
pub struct Error<E> {
    kind: ErrorKind<E>,
    context: Box<Context>,
}

/// Where the error happened and what had arrived.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub(crate) provider: &'static str,
    pub(crate) operation: &'static str,
    pub(crate) method: &'static str,
    /// Whether the operation may be sent again (the operation table's: its method, or what the
    /// spec says), for `is_retryable`.
    pub(crate) idempotent: bool,
    pub(crate) url: Option<String>,
    pub(crate) status: Option<StatusCode>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    pub(crate) attempt_timeout: Option<Duration>,
}

impl Context {
    /// The context of a call of `op` to `provider`, before anything arrived.
    pub(crate) fn of(provider: &'static str, op: &'static Operation) -> Self {
        Self {
            provider,
            operation: op.id,
            method: op.method,
            idempotent: op.idempotent,
            ..Self::default()
        }
    }
}

impl<E> Error<E> {
    pub(crate) fn new(kind: ErrorKind<E>, context: Context) -> Self {
        Self {
            kind,
            context: Box::new(context),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind<E> {
        &self.kind
    }

    /// What went wrong, by value (to take a [`Service`](ErrorKind::Service) body).
    pub fn into_kind(self) -> ErrorKind<E> {
        self.kind
    }

    /// The documented error body, when the answer was a documented error status.
    pub fn service_error(&self) -> Option<&E> {
        match &self.kind {
            ErrorKind::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The provider key (`kratos`, `pingone`, ...).
    pub fn provider(&self) -> &'static str {
        self.context.provider
    }

    /// The operation, as its Rust method name (`get_identity`).
    pub fn operation(&self) -> &'static str {
        self.context.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        self.context.method
    }

    /// The URL the request went to (or would have gone to), without credentials; `None` when
    /// it could not be built.
    pub fn url(&self) -> Option<&str> {
        self.context.url.as_deref()
    }

    /// The status, when an answer arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.context.status
    }

    /// The answer's headers (empty when none arrived).
    pub fn headers(&self) -> &HeaderMap {
        &self.context.headers
    }

    /// The answer's body as it arrived (up to the cap), when one did.
    pub fn body(&self) -> Option<&Bytes> {
        self.context.body.as_ref()
    }

    /// The provider's id for this request, from a request-id header or the error body, for
    /// support tickets.
    pub fn request_id(&self) -> Option<String> {
        self.request_id_with(|| self.json_body())
    }

    /// The request id, reading the body (through `json`, called only if no header has it).
    fn request_id_with(&self, json: impl FnOnce() -> Option<serde_json::Value>) -> Option<String> {
        let headers = &self.context.headers;
        REQUEST_ID_HEADERS
            .iter()
            .find_map(|h| headers.get(*h)?.to_str().ok().map(str::to_string))
            .or_else(|| {
                let json = json()?;
                REQUEST_ID_FIELDS
                    .iter()
                    .find_map(|f| json.pointer(f)?.as_str().map(str::to_string))
            })
    }

    /// Whether the call ran out of time (an attempt or the whole call).
    pub fn is_timeout(&self) -> bool {
        matches!(&self.kind, ErrorKind::Transport(e) if e.is_timeout())
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        matches!(&self.kind, ErrorKind::Transport(e) if e.is_connect())
    }

    /// The status as a number, when an answer arrived.
    pub fn status_code(&self) -> Option<u16> {
        self.context.status.map(|s| s.as_u16())
    }

    /// Whether the server answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status_code() == Some(404)
    }

    /// Whether the default [`RetryPolicy`](crate::RetryPolicy) would try this call again: a
    /// connection that never opened; a timeout or a retryable status (408, 429, 500, 502, 503,
    /// 504) of an operation that may repeat (by its method, not `POST` or `PATCH`, unless the
    /// spec marks it `x-userapi-idempotent`); a 429, or a 503 with `Retry-After`, of any
    /// operation. A call that ended with one of these had used up its
    /// attempts, its time or the retry budget.
    pub fn is_retryable(&self) -> bool {
        let asked = self.context.status.is_some_and(|status| {
            server_asked(
                status,
                retry_after(&self.context.headers, std::time::SystemTime::now()),
            )
        });
        let may_repeat = asked || self.context.idempotent;
        match &self.kind {
            ErrorKind::Transport(e) if e.is_connect() => true,
            ErrorKind::Transport(e) if e.is_timeout() => may_repeat,
            ErrorKind::Service(_) | ErrorKind::UnexpectedStatus | ErrorKind::InvalidBody(_) => {
                may_repeat && self.context.status.is_some_and(retryable_status)
            }
            _ => false,
        }
    }

    /// The kind's name (`"Transport"`), for logs and spans.
    pub fn kind_name(&self) -> &'static str {
        kind_name(&self.kind)
    }

    fn json_body(&self) -> Option<serde_json::Value> {
        let body = self.context.body.as_ref()?;
        if self.context.status.is_none_or(|s| s.is_success()) || body.len() > PARSED_BODY_BYTES {
            return None;
        }
        serde_json::from_slice(body).ok()
    }

    /// The message a person reads: from the JSON error body (`json`, parsed by the caller), or
    /// the body's first characters.
    fn body_message(&self, json: Option<&serde_json::Value>) -> Option<String> {
        if let Some(json) = json {
            return MESSAGE_FIELDS
                .iter()
                .find_map(|f| json.pointer(f)?.as_str().map(str::to_string));
        }
        let body = self.context.body.as_ref()?;
        // Enough bytes for the characters shown, whatever their width.
        let text = String::from_utf8_lossy(&body[..body.len().min(SHOWN_BODY_CHARS * 4)]);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        (!text.is_empty()).then_some(text)
    }

    /// The same error with another body type (e.g. to put errors of several operations in one
    /// type).
    pub fn map_service<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        let kind = match self.kind {
            ErrorKind::InvalidRequest(m) => ErrorKind::InvalidRequest(m),
            ErrorKind::Credentials(m) => ErrorKind::Credentials(m),
            ErrorKind::Interceptor { name, source } => ErrorKind::Interceptor { name, source },
            ErrorKind::Transport(e) => ErrorKind::Transport(e),
            ErrorKind::Service(e) => ErrorKind::Service(f(e)),
            ErrorKind::UnexpectedStatus => ErrorKind::UnexpectedStatus,
            ErrorKind::InvalidBody(e) => ErrorKind::InvalidBody(e),
            ErrorKind::BodyTooLarge { limit } => ErrorKind::BodyTooLarge { limit },
            ErrorKind::Redirect { location, why } => ErrorKind::Redirect { location, why },
            ErrorKind::Paging(m) => ErrorKind::Paging(m),
        };
        Error {
            kind,
            context: self.context,
        }
    }
}

/// The innermost cause of an error chain.
pub(crate) fn root_cause<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> &'a (dyn std::error::Error + 'static) {
    let mut e = e;
    while let Some(inner) = e.source() {
        e = inner;
    }
    e
}

impl<E> fmt::Display for Error<E> {
    /// One line of at most [`MAX_DISPLAY_CHARS`] characters. Server text in it (URL, messages,
    /// request id, body excerpts, values a decoder quotes) is escaped: no control character is
    /// ever written raw. The whole data stays available through the accessors.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Only bounded here: each piece below is escaped as it is written.
        let mut line = Limit {
            out: f,
            left: MAX_DISPLAY_CHARS,
        };
        self.write_line(&mut line)
    }
}

impl<E> Error<E> {
    fn write_line(&self, f: &mut impl fmt::Write) -> fmt::Result {
        let c = &self.context;
        // Parsed once for both the message and the request id.
        let json = self.json_body();
        let shown = |f: &mut _, budget, value: &dyn fmt::Display| Clean::display(f, budget, value);
        write!(f, "{} {} {}", c.provider, c.operation, c.method)?;
        if let Some(url) = &c.url {
            f.write_char(' ')?;
            shown(f, SHOWN_URL_CHARS, url)?;
        }
        f.write_str(": ")?;
        if let Some(status) = c.status {
            write!(f, "{status}: ")?;
        }
        match &self.kind {
            ErrorKind::InvalidRequest(m) => {
                write!(f, "invalid request: ")?;
                shown(f, SHOWN_MESSAGE_CHARS, m)?
            }
            ErrorKind::Credentials(m) => {
                f.write_str("no credentials: ")?;
                shown(f, SHOWN_MESSAGE_CHARS, m)?
            }
            ErrorKind::Interceptor { name, source } => {
                f.write_str("refused by interceptor ")?;
                shown(f, SHOWN_URL_CHARS, name)?;
                f.write_str(": ")?;
                shown(f, SHOWN_MESSAGE_CHARS, source)?
            }
            ErrorKind::Transport(e) => {
                if e.is_timeout() {
                    match c.attempt_timeout {
                        Some(t) => write!(f, "timed out after {} ms", t.as_millis())?,
                        None => f.write_str("timed out")?,
                    }
                } else {
                    f.write_str(if e.is_connect() {
                        "could not connect: "
                    } else {
                        "transport error: "
                    })?;
                    shown(f, SHOWN_MESSAGE_CHARS, root_cause(e))?
                }
            }
            ErrorKind::Service(_) | ErrorKind::UnexpectedStatus => {
                match self.body_message(json.as_ref()) {
                    Some(m) => shown(f, SHOWN_BODY_CHARS, &m)?,
                    None if matches!(self.kind, ErrorKind::UnexpectedStatus) => {
                        f.write_str("a status the spec does not declare")?
                    }
                    None => f.write_str("no message")?,
                }
            }
            ErrorKind::InvalidBody(e) => {
                // serde quotes the offending value: a 20 MB string would be a 20 MB message.
                f.write_str("the body is not the JSON the spec promises (")?;
                shown(f, SHOWN_MESSAGE_CHARS, e)?;
                f.write_char(')')?;
                if let Some(m) = self.body_message(json.as_ref()) {
                    f.write_str(": ")?;
                    shown(f, SHOWN_BODY_CHARS, &m)?;
                }
            }
            ErrorKind::BodyTooLarge { limit } => {
                write!(f, "the answer is larger than the {limit} byte cap")?
            }
            ErrorKind::Redirect { location, why } => {
                f.write_str("redirect to ")?;
                shown(f, SHOWN_URL_CHARS, location)?;
                write!(f, " not followed: {why}")?
            }
            ErrorKind::Paging(m) => {
                f.write_str("paging: ")?;
                shown(f, SHOWN_MESSAGE_CHARS, m)?
            }
        }
        if let Some(id) = self.request_id_with(|| json) {
            f.write_str(" (request ")?;
            shown(f, SHOWN_REQUEST_ID_CHARS, &id)?;
            f.write_char(')')?;
        }
        Ok(())
    }
}

/// Writes at most `left` characters to `out`, the last of them [`text::CUT`] when the text was
/// longer; the rest is dropped.
struct Limit<'a, W: fmt::Write> {
    out: &'a mut W,
    left: usize,
}

impl<W: fmt::Write> fmt::Write for Limit<'_, W> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if self.left == 0 {
            return Ok(());
        }
        match s.char_indices().nth(self.left) {
            // Over the bound: the marker takes the last character's place.
            Some(_) => {
                let keep = s.char_indices().nth(self.left - 1).map_or(0, |(at, _)| at);
                self.left = 0;
                self.out.write_str(&s[..keep])?;
                self.out.write_char(text::CUT)
            }
            None => {
                self.left -= s.chars().count();
                self.out.write_str(s)
            }
        }
    }
}

impl<E> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.context;
        // The detail and the URL are server text too: escaped and bounded as in `Display`.
        let detail: &dyn fmt::Display = match &self.kind {
            ErrorKind::InvalidRequest(m) => m,
            ErrorKind::Credentials(m) => m,
            ErrorKind::Interceptor { source, .. } => source,
            ErrorKind::Transport(e) => e,
            ErrorKind::Service(_) => &"Service(..)",
            ErrorKind::UnexpectedStatus => &"UnexpectedStatus",
            ErrorKind::InvalidBody(e) => e,
            ErrorKind::BodyTooLarge { limit } => limit,
            ErrorKind::Redirect { location, .. } => location,
            ErrorKind::Paging(m) => m,
        };
        f.debug_struct("Error")
            .field("kind", &kind_name(&self.kind))
            .field("detail", &Shown(detail, SHOWN_MESSAGE_CHARS))
            .field("provider", &c.provider)
            .field("operation", &c.operation)
            .field("method", &c.method)
            .field("url", &c.url.as_ref().map(|u| Shown(u, SHOWN_URL_CHARS)))
            .field("status", &c.status)
            .field("body_len", &c.body.as_ref().map(Bytes::len))
            .field("message", &self.to_string())
            .finish()
    }
}

fn kind_name<E>(kind: &ErrorKind<E>) -> &'static str {
    match kind {
        ErrorKind::InvalidRequest(_) => "InvalidRequest",
        ErrorKind::Credentials(_) => "Credentials",
        ErrorKind::Interceptor { .. } => "Interceptor",
        ErrorKind::Transport(_) => "Transport",
        ErrorKind::Service(_) => "Service",
        ErrorKind::UnexpectedStatus => "UnexpectedStatus",
        ErrorKind::InvalidBody(_) => "InvalidBody",
        ErrorKind::BodyTooLarge { .. } => "BodyTooLarge",
        ErrorKind::Redirect { .. } => "Redirect",
        ErrorKind::Paging(_) => "Paging",
    }
}

impl<E> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::InvalidRequest(e) => Some(e),
            ErrorKind::Credentials(e) => Some(e),
            ErrorKind::Interceptor { source, .. } => Some(source.as_ref()),
            ErrorKind::Transport(e) => Some(e),
            ErrorKind::InvalidBody(e) => Some(e),
            ErrorKind::Paging(e) => Some(e),
            _ => None,
        }
    }
}
