//! One call as data: what the generated code hands the runtime ([`Prepared`]: the operation's
//! table entry, the request it built, and how to decode the answer), and the per-call settings
//! of [`Customize`].

use crate::error::Error;
use crate::invalid::{Invalid, Refused};
use crate::paging::{Items, Paged, Pages};
use crate::{Answer, Operation, Runtime};
use progenitor_client::ResponseValue;
use reqwest::header::{HeaderName, HeaderValue};
use std::future::Future;
use std::time::Duration;

/// Decodes a final answer into the operation's success value or its error.
pub type Decode<T, E> = fn(Answer) -> Result<ResponseValue<T>, Error<E>>;

/// An operation builder with its parameters set: every generated builder implements it, and
/// [`Customize`] sends through it.
pub trait Call<'a>: Sized {
    /// The success body (`ResponseValue<Value>` is what `send` returns).
    type Value;
    /// The documented error body ([`ErrorKind::Service`](crate::ErrorKind::Service)).
    type Error;
    /// The operation's table entry.
    const OPERATION: &'static Operation;

    /// The request and everything the runtime needs to send it.
    #[doc(hidden)]
    fn prepare(self) -> Prepared<'a, Self::Value, Self::Error>;
}

/// Builds the call's request, from the builder it holds: once for the first attempt, and again
/// for each retry or redirect (so the first request needs no copy kept for them).
pub type Rebuild<'a> = Box<dyn Fn() -> Result<reqwest::Request, Invalid> + Send + Sync + 'a>;

/// A call ready to go: the client's runtime and HTTP client, the operation, the request as the
/// builder made it (or what it refused) and how to make it again, and the decode of the answer.
/// The generated code makes it; the runtime sends it ([`Prepared::send`]).
#[doc(hidden)]
#[must_use = "a prepared call does nothing until it is sent"]
pub struct Prepared<'a, T, E> {
    pub(crate) runtime: &'a Runtime,
    /// `None` when the client's `reqwest::Client` could not be built (`request` says why).
    pub(crate) http: Option<&'a reqwest::Client>,
    pub(crate) operation: &'static Operation,
    pub(crate) request: Result<reqwest::Request, Invalid>,
    pub(crate) rebuild: Rebuild<'a>,
    pub(crate) decode: Decode<T, E>,
}

impl<'a, T, E> Prepared<'a, T, E> {
    /// The call of `operation` whose request `rebuild` builds (it is built once here).
    #[doc(hidden)]
    pub fn new(
        runtime: &'a Runtime,
        http: Option<&'a reqwest::Client>,
        operation: &'static Operation,
        rebuild: Rebuild<'a>,
        decode: Decode<T, E>,
    ) -> Self {
        Self {
            runtime,
            http,
            operation,
            request: rebuild(),
            rebuild,
            decode,
        }
    }
}

/// Per-call settings over the client's ([`Customize`]); none by default. Opaque: the generated
/// paging code hands it on.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) total: Option<Duration>,
    pub(crate) attempt: Option<Duration>,
    pub(crate) retries: Option<u32>,
    /// A header refused by [`Customize::header`], reported when the call is sent.
    pub(crate) invalid: Option<Invalid>,
}

impl<'a, T: 'a, E: 'a> Prepared<'a, T, E> {
    /// Sends the call with the client's settings (the generated `send`).
    pub fn send(self) -> impl Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a {
        self.runtime.send(self, None)
    }
}

/// One call with settings of its own, over the client's: `.customize()` on any operation
/// builder, after its parameters are set, then `.send()` (or `.stream()` / `.pages()` for a
/// paged operation). Nothing of the client is copied.
///
/// ```no_run
/// # async fn example<'a, C: userapi_runtime::Call<'a> + 'a>(call: C)
/// # -> Result<(), userapi_runtime::Error<C::Error>> {
/// use std::time::Duration;
/// # let builder = userapi_runtime::Customize::new(call);
/// // let builder = client.get_identity().id("42").customize();
/// let answer = builder
///     .header("x-tenant", "blue")
///     .timeout(Duration::from_secs(5))
///     .retries(0)
///     .send()
///     .await?;
/// # let _ = answer;
/// # Ok(())
/// # }
/// ```
#[must_use = "a customized call does nothing until it is sent"]
pub struct Customize<B> {
    builder: B,
    options: CallOptions,
}

impl<B: std::fmt::Debug> std::fmt::Debug for Customize<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Customize")
            .field("builder", &self.builder)
            .field("options", &self.options)
            .finish()
    }
}

impl<B> Customize<B> {
    /// The builder with no settings of its own yet (the generated `customize()`).
    pub fn new(builder: B) -> Self {
        Self {
            builder,
            options: CallOptions::default(),
        }
    }

    /// Adds a header to this call (after the client's, replacing one of the same name), checked
    /// as header parameters are: a name that is not a header name, or a value with anything but
    /// visible ASCII, spaces and tabs, ends the call with
    /// [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest) before it is sent. The
    /// credentials header is set by the runtime, not here.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        let checked = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| {
                Invalid::new(
                    Refused::Header(name.to_string()),
                    "not a header name (letters, digits and !#$%&'*+-.^_`|~ only)",
                )
            })
            .and_then(|n| Ok((n, crate::header_value(name, value)?)));
        match checked {
            Ok(header) => self.options.headers.push(header),
            Err(e) => {
                self.options.invalid.get_or_insert(e);
            }
        }
        self
    }

    /// The whole call's time limit (every attempt, wait and the token fetch), in place of the
    /// client's [`Timeouts::total`](crate::Timeouts).
    pub fn timeout(mut self, total: Duration) -> Self {
        self.options.total = Some(total);
        self
    }

    /// Each attempt's time limit, in place of the client's
    /// [`Timeouts::attempt`](crate::Timeouts).
    pub fn attempt_timeout(mut self, attempt: Duration) -> Self {
        self.options.attempt = Some(attempt);
        self
    }

    /// How many times this call may be retried (`0`: one attempt), in place of the client's
    /// [`RetryPolicy::max_attempts`](crate::RetryPolicy) minus one. What is retried stays the
    /// policy's.
    pub fn retries(mut self, retries: u32) -> Self {
        self.options.retries = Some(retries);
        self
    }

    /// Sends the call.
    pub fn send<'a>(
        self,
    ) -> impl Future<Output = Result<ResponseValue<B::Value>, Error<B::Error>>> + Send + 'a
    where
        B: Call<'a> + 'a,
    {
        let prepared = self.builder.prepare();
        prepared.runtime.send(prepared, Some(self.options))
    }

    /// Every page of a paged listing, each sent with these settings.
    pub fn pages<'a>(self) -> Pages<'a, B::Value, B::Error>
    where
        B: Paged<'a>,
    {
        self.builder.pages_with(Some(self.options))
    }

    /// Every item of a paged listing, each page sent with these settings.
    pub fn stream<'a>(self) -> Items<'a, B::Item, B::Error>
    where
        B: Paged<'a>,
    {
        Items::new(self.pages(), B::items)
    }
}
