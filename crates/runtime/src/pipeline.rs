//! The one path every call takes: prepare → attempts (interceptors, credentials, send, read
//! under the cap, classify) → decode. Everything a call's error needs travels with it here,
//! explicitly.

use crate::answer::Answer;
use crate::call::{CallOptions, Prepared, Rebuild};
use crate::credentials::{AuthHeader, bearer};
use crate::error::{Context, Error, ErrorKind};
use crate::in_flight::{Failure, InFlight};
use crate::interceptor::CallInfo;
use crate::invalid::{Invalid, Refused};
use crate::redirect::{self, Redirect};
use crate::response::{self, Read};
use crate::retry::{retry_after, retryable_status, server_asked};
use crate::text::Shown;
use crate::timeouts::{deadline, remaining, wait_passes};
use crate::traffic::{Held, RetryCause};
use crate::{AuthError, Operation, Runtime, Secret, SleepFuture, USER_AGENT};
use progenitor_client::ResponseValue;
use reqwest::header::{
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue,
    USER_AGENT as USER_AGENT_HEADER,
};
use std::convert::Infallible;
use std::time::{Duration, Instant, SystemTime};

fn widen<E>(e: Failure) -> Error<E> {
    e.map_service(|never| match never {})
}

/// What to do after an attempt.
enum Next {
    Done,
    Reauthenticate,
    Retry {
        delay: Duration,
        cause: String,
        kind: RetryCause,
        /// The hold this answer set for every caller (a 429 with `Retry-After`).
        held: Option<Held>,
    },
}

/// The header the credentials go in, kept apart from the request until the interceptors ran.
type AuthPair = (HeaderName, HeaderValue);

/// The settings one call runs with: the client's, with the call's own over them.
struct Settings<'o> {
    attempt: Duration,
    total: Duration,
    max_attempts: u32,
    headers: &'o [(HeaderName, HeaderValue)],
}

impl Settings<'_> {
    /// Whether another attempt may follow `attempt` after waiting `delay`: attempts are left,
    /// and the wait ends before the call's deadline.
    fn may_wait(&self, attempt: u32, deadline: Option<Instant>, delay: Duration) -> bool {
        attempt < self.max_attempts && !wait_passes(deadline, delay)
    }
}

impl Runtime {
    /// Sends `prepared` with `options` over the client's settings and decodes its answer.
    pub(crate) fn send<'a, T, E>(
        &'a self,
        prepared: Prepared<'a, T, E>,
        options: Option<CallOptions>,
    ) -> impl Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a
    where
        T: 'a,
        E: 'a,
    {
        let decode = prepared.decode;
        self.execute(prepared, options, move |result| match result {
            Ok(answer) => decode(answer),
            Err(e) => Err(widen(e)),
        })
    }

    /// Like [`send`](Self::send), also giving the URL the answer came from (a page of a stream:
    /// a paging error names it).
    pub(crate) fn send_page<'a, T, E>(
        &'a self,
        prepared: Prepared<'a, T, E>,
        options: Option<CallOptions>,
    ) -> impl Future<Output = Result<(ResponseValue<T>, String), Error<E>>> + Send + 'a
    where
        T: 'a,
        E: 'a,
    {
        let decode = prepared.decode;
        self.execute(prepared, options, move |result| match result {
            Ok(answer) => {
                let url = answer.url().to_string();
                decode(answer).map(|value| (value, url))
            }
            Err(e) => Err(widen(e)),
        })
    }

    /// Prepare and run the attempts inside one `userapi.call` tracing span, then `finish`.
    fn execute<'a, T, E, O>(
        &'a self,
        prepared: Prepared<'a, T, E>,
        options: Option<CallOptions>,
        finish: impl Fn(Result<Answer, Failure>) -> O + 'a,
    ) -> impl Future<Output = O> + 'a {
        let Prepared {
            http,
            operation: op,
            request,
            rebuild,
            ..
        } = prepared;
        // OpenTelemetry's HTTP client field names, so tracing backends chart them as they are.
        let span = tracing::info_span!(
            "userapi.call",
            "userapi.provider" = self.inner.provider,
            "userapi.operation" = op.id,
            "http.request.method" = %op.method,
            "server.address" = tracing::field::Empty,
            "server.port" = tracing::field::Empty,
            "url.full" = tracing::field::Empty,
            "http.response.status_code" = tracing::field::Empty,
            "error.type" = tracing::field::Empty,
            "userapi.attempts" = tracing::field::Empty,
            "userapi.duration_ms" = tracing::field::Empty,
        );
        let started = Instant::now();
        // The HTTP client is there whenever the request could be built.
        let ready_to_send = self
            .prepare(op, request, options.as_ref())
            .and_then(|request| {
                let http = http.ok_or_else(|| Invalid::new(Refused::Request, "no HTTP client"))?;
                Ok((http, Some(request)))
            });
        // Attempts get spans of their own when the call's is wanted: nothing to build otherwise.
        let traced = !span.is_disabled();
        if let (true, Ok((_, Some(request)))) = (traced, &ready_to_send) {
            crate::telemetry::record_url(&span, request.url());
        }
        InFlight::new(
            self.attempts(ready_to_send, rebuild, op, options, started, traced),
            span,
            started,
            finish,
        )
    }

    /// The request as it goes out, before credentials: refused when the builder refused an
    /// input, the base URL is unusable or a call's header was; else dressed (`dress`).
    fn prepare(
        &self,
        op: &'static Operation,
        request: Result<reqwest::Request, Invalid>,
        options: Option<&CallOptions>,
    ) -> Result<reqwest::Request, Invalid> {
        if let Some(refusal) = &self.inner.refusal {
            return Err(refusal.clone());
        }
        let mut request = request?;
        if let Some(invalid) = options.and_then(|o| o.invalid.clone()) {
            return Err(invalid);
        }
        let headers = options.map_or(&[][..], |o| &o.headers);
        self.dress(op, &mut request, headers);
        Ok(request)
    }

    /// `User-Agent`, `Content-Length: 0` on a body-less write, the media type a rewrite
    /// changed, then the call's own `headers` (`.customize().header(..)`) over them: the first
    /// request and every one built again.
    fn dress(
        &self,
        op: &'static Operation,
        request: &mut reqwest::Request,
        headers: &[(HeaderName, HeaderValue)],
    ) {
        // A body-less POST/PUT/PATCH goes out without `Content-Length`, which some proxies answer
        // with 411; say the length explicitly.
        let needs_length = request.body().is_none()
            && matches!(request.method().as_str(), "POST" | "PUT" | "PATCH");
        let map = request.headers_mut();
        if needs_length {
            map.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        map.insert(USER_AGENT_HEADER, HeaderValue::from_static(USER_AGENT));
        if let Some(media) = op.content_type {
            map.insert(CONTENT_TYPE, HeaderValue::from_static(media));
        }
        for (name, value) in headers {
            map.insert(name.clone(), value.clone());
        }
    }

    fn settings<'o>(&self, options: Option<&'o CallOptions>) -> Settings<'o> {
        let timeouts = self.inner.timeouts;
        let max_attempts = self.inner.retry.max_attempts;
        match options {
            None => Settings {
                attempt: timeouts.attempt,
                total: timeouts.total,
                max_attempts,
                headers: &[],
            },
            Some(o) => Settings {
                attempt: o.attempt.unwrap_or(timeouts.attempt),
                total: o.total.unwrap_or(timeouts.total),
                max_attempts: o.retries.map_or(max_attempts, |n| n.saturating_add(1)),
                headers: &o.headers,
            },
        }
    }

    /// The context of an error of `op` before anything was sent.
    fn context(&self, op: &'static Operation) -> Context {
        Context::of(self.inner.provider, op)
    }

    /// The context recorded so far, started on first use.
    fn record<'c>(
        &self,
        op: &'static Operation,
        recorded: &'c mut Option<Box<Context>>,
    ) -> &'c mut Context {
        recorded.get_or_insert_with(|| Box::new(self.context(op)))
    }

    /// The context recorded, or a fresh one when nothing was.
    fn take(&self, op: &'static Operation, recorded: Option<Box<Context>>) -> Context {
        recorded.map_or_else(|| self.context(op), |c| *c)
    }

    fn failure(&self, op: &'static Operation, kind: ErrorKind<Infallible>) -> Failure {
        Error::new(kind, self.context(op))
    }

    /// The credentials header for `op` (none where the spec says `security: []`), a token
    /// fetched before `deadline`; on failure the error and the URL it names (the token
    /// endpoint's, or the request's).
    async fn credentials_for(
        &self,
        op: &'static Operation,
        request: &reqwest::Request,
        deadline: Option<Instant>,
    ) -> Result<Option<AuthPair>, (AuthError, String)> {
        if !op.authenticated {
            return Ok(None);
        }
        let failed = |e: AuthError, url: Option<&str>| {
            let url = url.map_or_else(|| request.url().to_string(), str::to_string);
            (e, url)
        };
        match &self.inner.auth {
            AuthHeader::None => Ok(None),
            AuthHeader::Static(name, value) => Ok(Some((name.clone(), value.clone()))),
            AuthHeader::Invalid(message) => Err(failed(AuthError::new(message.clone()), None)),
            AuthHeader::Tokens(source) => {
                // Boxed, as the other rare paths: a future holds room for its largest await,
                // and each layer a call passes through copies it whole.
                match Box::pin(self.token_before(deadline)).await {
                    Ok(value) => Ok(Some((AUTHORIZATION, value))),
                    Err(e) => Err(failed(e, source.endpoint())),
                }
            }
        }
    }

    /// A fresh bearer header from the token source, given up on at `deadline`.
    async fn token_before(&self, deadline: Option<Instant>) -> Result<HeaderValue, AuthError> {
        let AuthHeader::Tokens(source) = &self.inner.auth else {
            return Err(AuthError::new("no token source"));
        };
        let limit = remaining(deadline);
        match tokio::time::timeout(limit, source.token()).await {
            Ok(Ok(token)) => bearer(&token).map_err(AuthError::new),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(AuthError::new(format!(
                "no token within the call's {} ms limit",
                limit.as_millis()
            ))),
        }
    }

    // This returns an `async move` block rather than being an `async fn`: an `async fn` keeps
    // its arguments twice in its future (as captured and as locals), and every layer a call
    // passes through copies the future whole.
    #[allow(clippy::manual_async_fn)]
    fn attempts<'a>(
        &'a self,
        mut ready_to_send: Result<(&'a reqwest::Client, Option<reqwest::Request>), Invalid>,
        rebuild: Rebuild<'a>,
        op: &'static Operation,
        options: Option<CallOptions>,
        started: Instant,
        traced: bool,
    ) -> impl Future<Output = (Result<Answer, Failure>, u32)> + 'a {
        async move {
            // Borrowed where it was captured: moved into locals, it would take its room twice.
            let (http, first) = match &mut ready_to_send {
                Ok((http, Some(request))) => (*http, request),
                Ok((_, None)) => {
                    let invalid = Invalid::new(Refused::Request, "no request");
                    return (Err(self.failure(op, ErrorKind::InvalidRequest(invalid))), 0);
                }
                Err(invalid) => {
                    let invalid = invalid.clone();
                    return (Err(self.failure(op, ErrorKind::InvalidRequest(invalid))), 0);
                }
            };
            let settings = self.settings(options.as_ref());
            let deadline = deadline(started, settings.total);
            let mut auth = match self.credentials_for(op, first, deadline).await {
                Ok(auth) => auth,
                Err((e, url)) => {
                    let mut context = self.context(op);
                    context.url = Some(url);
                    return (Err(Error::new(ErrorKind::Credentials(e), context)), 0);
                }
            };
            let method = first.method().clone();
            let refreshable = self.refreshes_tokens();
            // What an error needs of answers set aside and attempts that failed.
            // Boxed, and only once something is recorded: most calls need none, and the
            // future of every call would otherwise carry it.
            let mut recorded: Option<Box<Context>> = None;
            let mut attempt = 1u32;
            let mut redirects = 0u32;
            let mut reauthenticated = false;
            // Where the last redirect pointed: every later attempt goes there.
            let mut redirected: Option<reqwest::Url> = None;
            // The hold this call's last wait was for (its own 429's `Retry-After`): the
            // shared hold is waited for only beyond it.
            let mut waited: Option<Held> = None;
            loop {
                let paced = match self.pacing(waited) {
                    Some(wait) => {
                        self.inner.sleep.sleep(wait).await;
                        if let Some(wait) = self.pacing_again(waited) {
                            self.inner.sleep.sleep(wait).await;
                        }
                        true
                    }
                    None => false,
                };
                // Before the first send all of the total limit is left unless a token was
                // fetched or the call was paced (no clock read on the usual path).
                let left = if attempt == 1 && redirects == 0 && !refreshable && !paced {
                    settings.total
                } else {
                    remaining(deadline)
                };
                let limit = settings.attempt.min(left);
                let info = CallInfo {
                    provider: self.inner.provider,
                    operation: op.id,
                    method: op.method,
                    attempt,
                };
                // The first attempt sends the request prepared; a retry or a redirect builds
                // it again, so no copy is kept for them.
                let outgoing = match ready_to_send.as_mut().map(|(_, r)| r.take()) {
                    Ok(Some(request)) => Ok(request),
                    _ => self.again(op, &rebuild, settings.headers, redirected.as_ref()),
                };
                let mut outgoing = match outgoing {
                    Ok(request) => request,
                    Err(invalid) => {
                        let kind = ErrorKind::InvalidRequest(invalid);
                        return (Err(Error::new(kind, self.take(op, recorded))), attempt);
                    }
                };
                if let Err(e) = self.intercept(&mut outgoing, &info, auth.as_ref(), limit) {
                    return (Err(e.into_failure(self.take(op, recorded))), attempt);
                }
                // Boxed: most calls are not traced, and each would carry its room.
                let span = traced.then(|| {
                    let resend = attempt - 1 + redirects;
                    Box::new(crate::telemetry::attempt_span(
                        op.method,
                        outgoing.url(),
                        resend,
                    ))
                });
                let outcome = self.attempt(http, outgoing, op, &info, span).await;
                let answer = match outcome {
                    Ok(answer) => answer,
                    Err(failed) => {
                        let context = self.record(op, &mut recorded);
                        context.attempt_timeout = Some(limit);
                        let error = failed.error;
                        if let Some((url, status, headers)) = failed.arrived {
                            context.url = Some(url);
                            context.status = Some(status);
                            context.headers = headers;
                            context.body = None;
                        }
                        let retry = match self.next_after_failure(op, &error, attempt) {
                            Next::Retry {
                                delay, cause, kind, ..
                            } if settings.may_wait(attempt, deadline, delay)
                                && self.spend(kind) =>
                            {
                                Some((delay, cause))
                            }
                            _ => None,
                        };
                        let Some((delay, cause)) = retry else {
                            let context = self.take(op, recorded);
                            return (Err(transport(error, context)), attempt);
                        };
                        self.wait_to_retry(attempt, delay, &cause).await;
                        attempt += 1;
                        continue;
                    }
                };
                let answer = match answer {
                    Attempted::Whole(answer) => answer,
                    Attempted::TooLarge(answer) => {
                        let limit = self.inner.max_response_bytes;
                        return (
                            Err(answer.into_error(ErrorKind::BodyTooLarge { limit })),
                            attempt,
                        );
                    }
                };
                match redirect::decide(&method, answer.url(), answer.response(), redirects) {
                    Redirect::None => {}
                    Redirect::Follow(to) => {
                        redirects += 1;
                        tracing::debug!(redirects, to = %Shown(&to, 200), "following a redirect");
                        redirected = Some(to);
                        continue;
                    }
                    Redirect::Refuse { location, why } => {
                        let kind = ErrorKind::Redirect { location, why };
                        return (Err(answer.into_error(kind)), attempt);
                    }
                }
                match self.next(op, &answer, attempt, reauthenticated) {
                    Next::Done => return (Ok(answer), attempt),
                    Next::Reauthenticate => {
                        reauthenticated = true;
                        match Box::pin(self.reauthenticate(auth.as_ref(), deadline)).await {
                            Some(fresh) => auth = Some(fresh),
                            None => return (Ok(answer), attempt),
                        }
                        answer.set_aside(self.record(op, &mut recorded));
                        tracing::debug!(attempt, "401: replaying once with a fresh token");
                    }
                    Next::Retry {
                        delay,
                        cause,
                        kind,
                        held,
                    } => {
                        if !(settings.may_wait(attempt, deadline, delay) && self.spend(kind)) {
                            return (Ok(answer), attempt);
                        }
                        answer.set_aside(self.record(op, &mut recorded));
                        self.wait_to_retry(attempt, delay, &cause).await;
                        // This call has waited out its own hold already (and any before it).
                        waited = held.or(waited);
                    }
                }
                attempt += 1;
            }
        }
    }

    /// The request of an attempt after the first, built again as the first was (the call's
    /// headers included), sent to where the last redirect pointed, if one did.
    fn again(
        &self,
        op: &'static Operation,
        rebuild: &Rebuild<'_>,
        headers: &[(HeaderName, HeaderValue)],
        redirected: Option<&reqwest::Url>,
    ) -> Result<reqwest::Request, Invalid> {
        let mut request = rebuild()?;
        self.dress(op, &mut request, headers);
        if let Some(url) = redirected {
            *request.url_mut() = url.clone();
        }
        Ok(request)
    }

    /// Waits `delay` before the attempt after `attempt`, saying why at debug level.
    fn wait_to_retry(&self, attempt: u32, delay: Duration, cause: &str) -> SleepFuture {
        let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        tracing::debug!(attempt, delay_ms, cause = %cause, "retrying");
        self.inner.sleep.sleep(delay)
    }

    /// The interceptors, in order, then the credentials (after them, so no interceptor sees
    /// them) and the attempt's time limit.
    fn intercept(
        &self,
        request: &mut reqwest::Request,
        info: &CallInfo,
        auth: Option<&AuthPair>,
        limit: Duration,
    ) -> Result<(), Intercepted> {
        for interceptor in self.inner.interceptors.iter() {
            if let Err(source) = interceptor.before_attempt(request, info) {
                return Err(Intercepted {
                    name: interceptor.name().to_string(),
                    source,
                    url: request.url().to_string(),
                });
            }
        }
        if let Some((name, value)) = auth {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        // The `reqwest::Client` applies its own limit; an attempt with another one says so
        // (a per-request timeout costs reqwest three allocations).
        if self.inner.client_timeout != Some(limit) {
            *request.timeout_mut() = Some(limit);
        }
        Ok(())
    }

    /// One attempt: send, tell the interceptors, read the body up to the cap; its
    /// `userapi.attempt` span (when the call is traced) open meanwhile.
    fn attempt<'a>(
        &'a self,
        http: &reqwest::Client,
        request: reqwest::Request,
        op: &'static Operation,
        info: &'a CallInfo,
        span: Option<Box<tracing::Span>>,
    ) -> impl Future<Output = Result<Attempted, Failed>> + 'a {
        // Handed to reqwest before the future starts, so the future does not hold the request.
        let pending = http.execute(request);
        // The span is held, not entered: it opens before the send and closes when the attempt
        // ends, its parent the call's span. Entering it on every poll would cost each call.
        async move {
            let recorder = span;
            let mut response = pending.await.map_err(|error| {
                if let Some(span) = &recorder {
                    crate::telemetry::record_transport_error(span, &error);
                }
                Failed {
                    error,
                    arrived: None,
                }
            })?;
            if let Some(span) = &recorder {
                crate::telemetry::record_status(span, response.status());
            }
            for interceptor in self.inner.interceptors.iter() {
                interceptor.after_answer(response.status(), response.headers(), info);
            }
            match response::buffer(&mut response, self.inner.max_response_bytes).await {
                Ok(Read::Whole(body)) => Ok(Attempted::Whole(Answer::new(
                    self.inner.provider,
                    op,
                    response,
                    body,
                ))),
                Ok(Read::TooLarge { body, .. }) => Ok(Attempted::TooLarge(Answer::new(
                    self.inner.provider,
                    op,
                    response,
                    body,
                ))),
                Err(error) => {
                    if let Some(span) = &recorder {
                        crate::telemetry::record_transport_error(span, &error);
                    }
                    // The status line and headers had arrived before the body failed: the
                    // error keeps them (and this answer's URL).
                    let url = response.url().to_string();
                    let status = response.status();
                    let headers = std::mem::take(response.headers_mut());
                    Err(Failed {
                        error,
                        arrived: Some((url, status, headers)),
                    })
                }
            }
        }
    }

    fn next(
        &self,
        op: &'static Operation,
        answer: &Answer,
        attempt: u32,
        reauthenticated: bool,
    ) -> Next {
        let policy = self.inner.retry;
        let status = answer.status();
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return if self.refreshes_tokens() && !reauthenticated {
                Next::Reauthenticate
            } else {
                Next::Done
            };
        }
        if !retryable_status(status) {
            self.inner.traffic.refill(policy.budget);
            return Next::Done;
        }
        let wait = retry_after(answer.headers(), SystemTime::now());
        // The server said it did nothing and when to come back: any operation may repeat.
        if !(server_asked(status, wait) || self.may_repeat(op)) {
            return Next::Done;
        }
        let code = status.as_u16();
        match wait {
            Some(wait) if wait > policy.retry_after_ceiling => {
                tracing::debug!(
                    status = code,
                    retry_after_s = wait.as_secs(),
                    "Retry-After above the ceiling: not retrying"
                );
                Next::Done
            }
            Some(wait) => Next::Retry {
                delay: wait,
                cause: format!("status {code} (Retry-After)"),
                kind: RetryCause::Told,
                // Whoever sends next would be refused too: every caller waits it out.
                held: (code == 429).then(|| self.inner.traffic.hold_everyone(wait)),
            },
            None => Next::Retry {
                delay: policy.backoff_for(attempt),
                cause: format!("status {code}"),
                kind: RetryCause::Failure,
                held: None,
            },
        }
    }

    /// Takes a retry's tokens from the runtime's budget; `false` when too few are left.
    fn spend(&self, kind: RetryCause) -> bool {
        let spent = self.inner.traffic.spend(self.inner.retry.budget, kind);
        if !spent {
            tracing::debug!("retry budget exhausted: not retrying");
        }
        spent
    }

    /// How long the next attempt waits: for the instant a 429 asked every caller to wait for
    /// (beyond the hold this call just `waited` for), then for its turn under `rate_limit`.
    /// `None` when it need not wait.
    fn pacing(&self, waited: Option<Held>) -> Option<Duration> {
        let held = self.inner.traffic.held_for(waited);
        let wait = match &self.inner.pace {
            Some(pace) => pace.reserve(held.unwrap_or_default()),
            None => held?,
        };
        (!wait.is_zero()).then_some(wait)
    }

    /// After waiting for a turn under `rate_limit`: a turn reserved before another caller's
    /// 429 would start inside the hold it set, and be refused too; once more, after the hold.
    fn pacing_again(&self, waited: Option<Held>) -> Option<Duration> {
        let pace = self.inner.pace.as_ref()?;
        Some(pace.reserve(self.inner.traffic.held_for(waited)?))
    }

    /// Whether `op` may be sent again after it may have reached the server: the operation
    /// table says it is idempotent, or the policy allows any.
    fn may_repeat(&self, op: &'static Operation) -> bool {
        op.idempotent || self.inner.retry.retry_non_idempotent
    }

    /// Whether credentials come from a token source, which can give a fresh token after a 401.
    fn refreshes_tokens(&self) -> bool {
        matches!(self.inner.auth, AuthHeader::Tokens(_))
    }

    fn next_after_failure(
        &self,
        op: &'static Operation,
        error: &reqwest::Error,
        attempt: u32,
    ) -> Next {
        let policy = self.inner.retry;
        if error.is_connect() {
            // The connection never opened: the request did not reach the server, any method
            // may be sent again.
            Next::Retry {
                delay: policy.backoff_for(attempt),
                cause: "connect error".into(),
                kind: RetryCause::Failure,
                held: None,
            }
        } else if error.is_timeout() && self.may_repeat(op) {
            Next::Retry {
                delay: policy.backoff_for(attempt),
                cause: "timeout".into(),
                kind: RetryCause::Timeout,
                held: None,
            }
        } else {
            Next::Done
        }
    }

    /// Drops the rejected token and returns a fresh one; `None` when none came before
    /// `deadline`.
    async fn reauthenticate(
        &self,
        rejected: Option<&AuthPair>,
        deadline: Option<Instant>,
    ) -> Option<AuthPair> {
        let AuthHeader::Tokens(source) = &self.inner.auth else {
            return None;
        };
        let rejected = rejected
            .and_then(|(_, v)| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(Secret::new);
        if let Some(rejected) = &rejected {
            source.invalidate(rejected).await;
        }
        match self.token_before(deadline).await {
            Ok(value) => Some((AUTHORIZATION, value)),
            Err(e) => {
                tracing::warn!(error = %e, "re-authentication after a 401 failed");
                None
            }
        }
    }
}

/// What one attempt got: a whole answer, or one over the cap (its first bytes kept).
enum Attempted {
    Whole(Answer),
    TooLarge(Answer),
}

/// An attempt that got no whole answer: the transport's error and, when the status line and
/// headers had arrived, those and the answer's URL.
struct Failed {
    error: reqwest::Error,
    arrived: Option<(String, reqwest::StatusCode, reqwest::header::HeaderMap)>,
}

/// An interceptor refused the call.
struct Intercepted {
    name: String,
    source: crate::BoxError,
    url: String,
}

impl Intercepted {
    fn into_failure(self, mut context: Context) -> Failure {
        context.url = Some(self.url);
        context.status = None;
        context.headers.clear();
        context.body = None;
        Error::new(
            ErrorKind::Interceptor {
                name: self.name,
                source: self.source,
            },
            context,
        )
    }
}

fn transport(error: reqwest::Error, mut context: Context) -> Failure {
    if context.url.is_none() {
        context.url = error.url().map(|u| u.to_string());
    }
    Error::new(ErrorKind::Transport(error), context)
}
