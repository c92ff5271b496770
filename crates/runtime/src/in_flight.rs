//! The future a call is, in one layer: the attempt loop's future, polled inside the call's span,
//! then the span's figures and the decode of the answer. One layer because each layer a future
//! passes through moves it whole, and the attempt loop's future is some KB.

use crate::answer::Answer;
use crate::error::{Error, ErrorKind};
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Instant;

/// An error before the operation's error type is known: the attempt loop is not generic, so it
/// is compiled once, not once per operation.
pub(crate) type Failure = Error<Infallible>;

pin_project_lite::pin_project! {
    /// The attempt loop (`attempts`, giving its result and how many attempts it made), the span
    /// entered around each of its polls, and `finish`, which turns its result into the call's.
    #[must_use = "a call does nothing until it is awaited"]
    pub(crate) struct InFlight<F, D> {
        #[pin]
        attempts: F,
        span: tracing::Span,
        started: Instant,
        finish: D,
    }
}

impl<F, D> InFlight<F, D> {
    pub(crate) fn new(attempts: F, span: tracing::Span, started: Instant, finish: D) -> Self {
        Self {
            attempts,
            span,
            started,
            finish,
        }
    }
}

impl<F, D, O> Future for InFlight<F, D>
where
    F: Future<Output = (Result<Answer, Failure>, u32)>,
    D: Fn(Result<Answer, Failure>) -> O,
{
    type Output = O;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<O> {
        let this = self.project();
        let (result, attempts) = {
            let _entered = this.span.enter();
            ready!(this.attempts.poll(cx))
        };
        // Without a subscriber that wants the span, nothing is recorded into it.
        if !this.span.is_disabled() {
            let span = &*this.span;
            span.record("userapi.attempts", attempts);
            span.record(
                "userapi.duration_ms",
                u64::try_from(this.started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            match &result {
                Ok(answer) => crate::telemetry::record_status(span, answer.status()),
                Err(e) => {
                    span.record("error.type", failure_kind(e));
                }
            }
        }
        Poll::Ready((this.finish)(result))
    }
}

/// How a call that got no answer to decode ended, for its span's `error.type`: the
/// transport's failure by name (never its URL or body), else the error's kind.
fn failure_kind(e: &Failure) -> &'static str {
    match e.kind() {
        ErrorKind::Transport(e) => crate::telemetry::transport_error_type(e),
        ErrorKind::InvalidRequest(_)
        | ErrorKind::Credentials(_)
        | ErrorKind::Interceptor { .. } => "refused",
        _ => e.kind_name(),
    }
}
