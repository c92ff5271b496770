//! What the runtime does before, during and after each request.

use crate::credentials::{AuthHeader, bearer};
use crate::redirect::{self, Redirect};
use crate::response::{self, BodyTooLarge, Read};
use crate::retry::{idempotent, retry_after, retryable_status};
use crate::text::Shown;
use crate::timeouts::{deadline, remaining, wait_passes};
use crate::{Operation, Runtime, Secret, USER_AGENT, call};
use progenitor_client::Error;
use reqwest::header::{
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue, USER_AGENT as USER_AGENT_HEADER,
};
use std::time::{Duration, Instant, SystemTime};
use tracing::Instrument as _;

/// What to do after an attempt.
enum Next {
    Done,
    Reauthenticate,
    Retry { delay: Duration, cause: String },
}

/// A call the runtime ended itself inside `exec`, whose signature only lets it return a
/// response: `check` turns this (kept in the response's extensions) into the error.
#[derive(Clone, Debug)]
struct Refused(String);

impl Runtime {
    /// Before sending: base URL, headers. Credentials are added in
    /// [`execute`](Self::execute), inside the call's time limit.
    // The error type is progenitor's, fixed by its `ClientHooks` signature.
    #[allow(clippy::result_large_err)]
    pub fn prepare<E>(
        &self,
        request: &mut reqwest::Request,
        operation_id: &str,
    ) -> Result<(), Error<E>> {
        if let Some(problem) = &self.inner.base_url_problem {
            return Err(Error::InvalidRequest(format!(
                "{} {operation_id}: {problem}",
                self.inner.provider
            )));
        }
        let op = self.operation_of(operation_id);
        // A body-less POST/PUT/PATCH goes out without `Content-Length`, which some proxies answer
        // with 411; say the length explicitly.
        let needs_length = request.body().is_none()
            && matches!(request.method().as_str(), "POST" | "PUT" | "PATCH");
        let headers = request.headers_mut();
        if needs_length {
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        headers.insert(USER_AGENT_HEADER, HeaderValue::from_static(USER_AGENT));
        if let Some(media) = op.and_then(|o| o.content_type) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(media));
        }
        Ok(())
    }

    /// The table entry of the operation being called: the one the generated `send` handed to
    /// [`call`](crate::call), or found by name when progenitor's builders run without it.
    fn operation_of(&self, operation_id: &str) -> Option<&'static Operation> {
        call::operation().or_else(|| self.operation(operation_id))
    }

    /// Adds the credentials, sends the request, retrying as the policy allows, and reads the
    /// body (up to the cap) so that it can be checked and kept. The total limit covers all of
    /// it, the token fetch included. One tracing span per call; one debug event per retry.
    pub fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        operation_id: &'a str,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + 'a {
        let span = tracing::info_span!(
            "userapi.call",
            provider = self.inner.provider,
            operation = operation_id,
            method = %request.method(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        // Without a subscriber that wants the span, nothing is recorded into it.
        let traced = !span.is_disabled();
        self.run(client, request, operation_id, traced)
            .instrument(span)
    }

    /// The call [`execute`](Self::execute) traces: credentials, attempts, and, when `traced`,
    /// what the span records.
    // This and `attempts` return `async move` blocks rather than being `async fn`s: an
    // `async fn` keeps its arguments twice in its future (as captured and as locals), and
    // every layer a call passes through copies the future whole.
    #[allow(clippy::manual_async_fn)]
    fn run<'a>(
        &'a self,
        client: &'a reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &'a str,
        traced: bool,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + 'a {
        async move {
            let started = Instant::now();
            let deadline = deadline(started, self.inner.timeouts.total);
            let op = self.operation_of(operation_id);
            let authorized = match &self.inner.auth {
                // Boxed, as the other rare paths: a future holds room for its largest await, and
                // each layer a call passes through copies it whole.
                AuthHeader::Tokens(_) if op.is_none_or(|o| o.authenticated) => {
                    Box::pin(self.authorize_with_token(&mut request, operation_id, deadline)).await
                }
                _ => self.authorize(&mut request, op, operation_id),
            };
            let (result, attempts) = match authorized {
                Ok(()) => self.attempts(client, request, operation_id, deadline).await,
                Err(message) => {
                    // The token endpoint's URL where a token was wanted, else the request's.
                    let url = match &self.inner.auth {
                        AuthHeader::Tokens(source) => source.endpoint().map(str::to_string),
                        _ => None,
                    }
                    .unwrap_or_else(|| request.url().to_string());
                    call::record(|c| c.url = Some(url));
                    (Ok(refusal(message)), 0)
                }
            };
            let result = result.map(|r| empty_as_null(r, op));
            if !traced {
                return result;
            }
            let span = tracing::Span::current();
            span.record("attempts", attempts);
            span.record(
                "duration_ms",
                u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            match &result {
                Ok(r) if r.extensions().get::<Refused>().is_some() => {
                    span.record("status", "refused")
                }
                Ok(r) => span.record("status", r.status().as_u16()),
                Err(e) => span.record("status", failure_kind(e)),
            };
            // No event here: the span's close carries status, attempts and duration, and an
            // event per call would cost every call whenever an INFO subscriber is installed.
            result
        }
    }

    /// Puts static credentials on the request (none for an operation that takes none). Token
    /// sources go through [`authorize_with_token`](Self::authorize_with_token).
    fn authorize(
        &self,
        request: &mut reqwest::Request,
        op: Option<&Operation>,
        operation_id: &str,
    ) -> Result<(), String> {
        if op.is_some_and(|o| !o.authenticated) {
            return Ok(());
        }
        match &self.inner.auth {
            AuthHeader::Static(name, value) => {
                request.headers_mut().insert(name.clone(), value.clone());
            }
            AuthHeader::Invalid(message) => return Err(self.no_credentials(operation_id, message)),
            AuthHeader::None | AuthHeader::Tokens(_) => {}
        }
        Ok(())
    }

    /// Puts a bearer token from the token source on the request, fetched before `deadline`.
    async fn authorize_with_token(
        &self,
        request: &mut reqwest::Request,
        operation_id: &str,
        deadline: Option<Instant>,
    ) -> Result<(), String> {
        let value = self
            .token_before(deadline)
            .await
            .map_err(|m| self.no_credentials(operation_id, &m))?;
        request.headers_mut().insert(AUTHORIZATION, value);
        Ok(())
    }

    fn no_credentials(&self, operation_id: &str, why: &str) -> String {
        format!(
            "{} {operation_id}: no credentials: {why}",
            self.inner.provider
        )
    }

    /// A fresh bearer header from the token source, given up on at `deadline`.
    async fn token_before(&self, deadline: Option<Instant>) -> Result<HeaderValue, String> {
        let AuthHeader::Tokens(source) = &self.inner.auth else {
            return Err("no token source".into());
        };
        let limit = remaining(deadline);
        match tokio::time::timeout(limit, source.token()).await {
            Ok(Ok(token)) => bearer(&token),
            Ok(Err(e)) => Err(e.message),
            Err(_) => Err(format!(
                "no token within the call's {} ms limit",
                limit.as_millis()
            )),
        }
    }

    #[allow(clippy::manual_async_fn)] // see `run`
    fn attempts<'a>(
        &'a self,
        client: &'a reqwest::Client,
        mut request: reqwest::Request,
        operation_id: &'a str,
        deadline: Option<Instant>,
    ) -> impl Future<Output = (reqwest::Result<reqwest::Response>, u32)> + 'a {
        async move {
            let refreshable = matches!(self.inner.auth, AuthHeader::Tokens(_));
            let mut attempt = 1u32;
            let mut redirects = 0u32;
            let mut reauthenticated = false;
            loop {
                // Before the first send all of the total limit is left unless a token was
                // fetched (no clock read on the usual path).
                let left = if attempt == 1 && redirects == 0 && !refreshable {
                    self.inner.timeouts.total
                } else {
                    remaining(deadline)
                };
                let limit = self.inner.timeouts.attempt.min(left);
                // Each send is a copy, so that the request can go again after a retryable
                // answer or a redirect. A streaming body cannot be copied: such a request is
                // sent once, and neither retried nor redirected.
                let Some(copy) = copy_request(&request) else {
                    let (method, url) = (request.method().clone(), request.url().clone());
                    let outcome = self.attempt(client, request, limit, operation_id).await;
                    record_failure(&outcome, limit);
                    // Never `Follow` for a request that cannot be repeated.
                    if let Ok(answer) = &outcome
                        && let Redirect::Refuse { location, why } =
                            redirect::decide(&method, &url, answer, redirects, false)
                    {
                        call::record(|c| c.redirect = Some((location, why)));
                    }
                    return (outcome, attempt);
                };
                let outcome = self.attempt(client, copy, limit, operation_id).await;
                record_failure(&outcome, limit);
                if let Ok(answer) = &outcome {
                    match redirect::decide(request.method(), request.url(), answer, redirects, true)
                    {
                        Redirect::None => {}
                        Redirect::Follow(to) => {
                            redirects += 1;
                            tracing::debug!(redirects, to = %Shown(&to, 200), "following a redirect");
                            *request.url_mut() = to;
                            continue;
                        }
                        Redirect::Refuse { location, why } => {
                            call::record(|c| c.redirect = Some((location, why)));
                            return (outcome, attempt);
                        }
                    }
                }
                match self.next(&request, &outcome, attempt, reauthenticated) {
                    Next::Done => return (outcome, attempt),
                    Next::Reauthenticate => {
                        reauthenticated = true;
                        if !Box::pin(self.reauthenticate(&mut request, deadline)).await {
                            return (outcome, attempt);
                        }
                        set_aside(outcome);
                        tracing::debug!(attempt, "401: replaying once with a fresh token");
                    }
                    Next::Retry { delay, cause } => {
                        if attempt >= self.inner.retry.max_attempts || wait_passes(deadline, delay)
                        {
                            return (outcome, attempt);
                        }
                        set_aside(outcome);
                        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                        tracing::debug!(attempt, delay_ms, cause = %cause, "retrying");
                        self.inner.sleep.sleep(delay).await;
                    }
                }
                attempt += 1;
            }
        }
    }

    /// One attempt of `request` within `limit`.
    fn attempt<'a>(
        &'a self,
        client: &'a reqwest::Client,
        mut request: reqwest::Request,
        limit: Duration,
        operation_id: &'a str,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + 'a {
        self.limit_attempt(&mut request, limit);
        self.send(client, request, operation_id)
    }

    /// Gives an attempt its time limit, unless the `reqwest::Client` applies that very limit
    /// by itself.
    fn limit_attempt(&self, request: &mut reqwest::Request, limit: Duration) {
        if self.inner.client_timeout != Some(limit) {
            *request.timeout_mut() = Some(limit);
        }
    }

    /// One attempt: send, then read the body up to the cap. The body goes to the call's
    /// context, where the generated decode takes it ([`crate::from_response`]); the response
    /// is handed on as it came, its body read. An answer over the cap is handed on as a copy
    /// carrying [`BodyTooLarge`] and the bytes read.
    fn send<'a>(
        &'a self,
        client: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &'a str,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + 'a {
        // Handed to reqwest before the future starts, so the future does not hold the request.
        let pending = client.execute(request);
        async move {
            let mut response = pending.await?;
            let read = match response::buffer(&mut response, self.inner.max_response_bytes).await {
                Ok(read) => read,
                Err(e) => {
                    // The status line and headers had arrived before the body failed: the
                    // error keeps them (and this answer's URL).
                    let url = response.url().to_string();
                    let status = response.status();
                    let headers = std::mem::take(response.headers_mut());
                    call::record(|c| {
                        c.url = Some(url);
                        c.status = Some(status);
                        c.headers = headers;
                    });
                    return Err(e);
                }
            };
            match read {
                Read::Whole(body) => {
                    call::set_body(body);
                    Ok(response)
                }
                Read::TooLarge { body, declared } => {
                    let mut copy = response::rebuild(
                        response.url().clone(),
                        response.status(),
                        response.version(),
                        std::mem::take(response.headers_mut()),
                        body,
                    );
                    copy.extensions_mut().insert(BodyTooLarge {
                        provider: self.inner.provider,
                        operation: operation_id.to_string(),
                        limit: self.inner.max_response_bytes,
                        declared,
                    });
                    Ok(copy)
                }
            }
        }
    }

    fn next(
        &self,
        request: &reqwest::Request,
        outcome: &reqwest::Result<reqwest::Response>,
        attempt: u32,
        reauthenticated: bool,
    ) -> Next {
        let policy = self.inner.retry;
        let may_repeat = idempotent(request.method()) || policy.retry_non_idempotent;
        match outcome {
            // A body over the cap would be over it again.
            Ok(r) if r.extensions().get::<BodyTooLarge>().is_some() => Next::Done,
            Ok(r) if r.status() == reqwest::StatusCode::UNAUTHORIZED => {
                let refreshable = matches!(self.inner.auth, AuthHeader::Tokens(_));
                if refreshable && !reauthenticated {
                    Next::Reauthenticate
                } else {
                    Next::Done
                }
            }
            Ok(r) if retryable_status(r.status()) && may_repeat => {
                let status = r.status().as_u16();
                match retry_after(r.headers(), SystemTime::now()) {
                    Some(wait) if wait > policy.retry_after_ceiling => {
                        tracing::debug!(
                            status,
                            retry_after_s = wait.as_secs(),
                            "Retry-After above the ceiling: not retrying"
                        );
                        Next::Done
                    }
                    Some(wait) => Next::Retry {
                        delay: wait,
                        cause: format!("status {status} (Retry-After)"),
                    },
                    None => Next::Retry {
                        delay: policy.backoff_for(attempt),
                        cause: format!("status {status}"),
                    },
                }
            }
            Ok(_) => Next::Done,
            // The connection never opened: the request did not reach the server, any method
            // may be sent again.
            Err(e) if e.is_connect() => Next::Retry {
                delay: policy.backoff_for(attempt),
                cause: "connect error".into(),
            },
            Err(e) if e.is_timeout() && may_repeat => Next::Retry {
                delay: policy.backoff_for(attempt),
                cause: "timeout".into(),
            },
            Err(_) => Next::Done,
        }
    }

    /// Drops the rejected token and puts a fresh one on the request; `false` when none came
    /// before `deadline`.
    async fn reauthenticate(
        &self,
        request: &mut reqwest::Request,
        deadline: Option<Instant>,
    ) -> bool {
        let AuthHeader::Tokens(source) = &self.inner.auth else {
            return false;
        };
        let rejected = request
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(Secret::new);
        if let Some(rejected) = &rejected {
            source.invalidate(rejected).await;
        }
        match self.token_before(deadline).await {
            Ok(value) => {
                request.headers_mut().insert(AUTHORIZATION, value);
                true
            }
            Err(message) => {
                tracing::warn!(error = %message, "re-authentication after a 401 failed");
                false
            }
        }
    }

    /// After the answer: a call the runtime refused becomes `Error::Custom` (our
    /// [`ErrorKind::Credentials`](crate::ErrorKind::Credentials)); a body over the cap becomes
    /// `Error::UnexpectedResponse` carrying [`BodyTooLarge`]. A body that is not the JSON the
    /// spec promises is found by the generated decode, and keeps its status through the call's
    /// recorded context.
    #[allow(clippy::result_large_err)]
    pub fn check<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        _operation_id: &str,
    ) -> Result<(), Error<E>> {
        let Ok(resp) = result else {
            return Ok(());
        };
        if let Some(Refused(message)) = resp.extensions().get::<Refused>() {
            return Err(Error::Custom(message.clone()));
        }
        if resp.extensions().get::<BodyTooLarge>().is_some() {
            return match response::copy(resp) {
                Some(copy) => Err(Error::UnexpectedResponse(copy)),
                None => Ok(()),
            };
        }
        Ok(())
    }
}

/// A copy of `request` to send while the original is kept for a retry or a redirect; `None`
/// for a streaming body. A body-less request without a timeout of its own is copied field by field:
/// reqwest's `try_clone` builds (and throws away) a map for the copy's timeout, three
/// allocations on every call.
fn copy_request(request: &reqwest::Request) -> Option<reqwest::Request> {
    if request.body().is_some() || request.timeout().is_some() {
        return request.try_clone();
    }
    let mut copy = reqwest::Request::new(request.method().clone(), request.url().clone());
    *copy.headers_mut() = request.headers().clone();
    *copy.version_mut() = request.version();
    Some(copy)
}

/// An attempt that did not get through: its time limit is kept for the call's error, should it
/// be the last (`timed out after N ms`). An answer needs nothing recorded: the body is in the
/// call's context and the rest reaches the error through progenitor's (or
/// [`crate::from_response`] records it).
fn record_failure(outcome: &reqwest::Result<reqwest::Response>, limit: Duration) {
    if outcome.is_err() {
        call::record(|c| c.attempt_timeout = Some(limit));
    }
}

/// An answer about to be replaced by another attempt: its URL, status and headers are kept
/// for the call's error, should the next attempt not answer at all (its body is already kept).
fn set_aside(outcome: reqwest::Result<reqwest::Response>) {
    if let Ok(mut r) = outcome {
        let url = r.url().to_string();
        let headers = std::mem::take(r.headers_mut());
        call::record(|c| {
            c.url.get_or_insert(url);
            c.status = Some(r.status());
            c.headers = headers;
        });
    }
}

/// A body-less success that the generated code decodes together with a typed sibling (an
/// `Option`) gets the body `null`, so that it decodes as `None` instead of failing on an empty
/// body. Any other answer is returned as it came.
fn empty_as_null(response: reqwest::Response, op: Option<&Operation>) -> reqwest::Response {
    let listed = op.is_some_and(|op| {
        !op.null_when_empty.is_empty() && op.empty_is_null(response.status().as_u16())
    });
    if !listed {
        return response;
    }
    let empty = call::body(true).is_some_and(|b| b.iter().all(u8::is_ascii_whitespace));
    if empty {
        call::set_body(bytes::Bytes::from_static(b"null"));
    }
    response
}

/// A stand-in answer for a call the runtime refused; never seen by callers (`check` turns it
/// into the error).
fn refusal(message: String) -> reqwest::Response {
    let mut out = http::Response::new(bytes::Bytes::new());
    out.extensions_mut().insert(Refused(message));
    reqwest::Response::from(out)
}

/// A failure named without its URL or body.
fn failure_kind(e: &reqwest::Error) -> &'static str {
    if e.is_timeout() {
        "timeout"
    } else if e.is_connect() {
        "connect error"
    } else if e.is_body() || e.is_decode() {
        "body error"
    } else {
        "transport error"
    }
}
