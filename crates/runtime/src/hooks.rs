//! What the runtime does before, during and after each request.

use crate::retry::{idempotent, retry_after, retryable_status};
use crate::{Runtime, Secret, USER_AGENT, response};
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

impl Runtime {
    /// Before sending: path safety, headers, credentials.
    // The error type is progenitor's, fixed by its `ClientHooks` signature.
    #[allow(clippy::result_large_err)]
    pub async fn prepare<E>(
        &self,
        baseurl: &str,
        request: &mut reqwest::Request,
        operation_id: &str,
    ) -> Result<(), Error<E>> {
        let op = self.operation(operation_id);
        if let Some(op) = op {
            let base_path = reqwest::Url::parse(baseurl)
                .map(|u| u.path().to_string())
                .unwrap_or_default();
            op.check_path(&base_path, request.url().path())
                .map_err(Error::InvalidRequest)?;
        }
        // A body-less POST/PUT/PATCH goes out without `Content-Length`, which some proxies answer
        // with 411; say the length explicitly.
        let needs_length = request.body().is_none()
            && matches!(request.method().as_str(), "POST" | "PUT" | "PATCH");
        let headers = request.headers_mut();
        if needs_length {
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }
        // progenitor always sends `api-version: <info.version>`; none of our APIs wants it.
        headers.remove("api-version");
        headers.insert(USER_AGENT_HEADER, HeaderValue::from_static(USER_AGENT));
        if let Some(media) = op.and_then(|o| o.content_type) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(media));
        }
        if op.is_none_or(|o| o.authenticated) {
            // A token endpoint that never answers must not hold the call past its total limit.
            let header = self
                .authorization_within(self.inner.timeouts.total)
                .await
                .map_err(|m| {
                    Error::Custom(format!(
                        "{}: no credentials for {operation_id}: {m}",
                        self.inner.provider
                    ))
                })?;
            if let Some((name, value, _)) = header {
                headers.insert(name, value);
            }
        }
        Ok(())
    }

    /// Sends the request, retrying as the policy allows, and reads the whole body so that it can
    /// be checked and kept. One tracing span per call; one debug event per retry.
    pub async fn execute(
        &self,
        client: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &str,
    ) -> reqwest::Result<reqwest::Response> {
        let span = tracing::info_span!(
            "userapi.call",
            provider = self.inner.provider,
            operation = operation_id,
            method = %request.method(),
            status = tracing::field::Empty,
            attempts = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        async move {
            let started = Instant::now();
            let (result, attempts) = self.attempts(client, request).await;
            let result = result.map(|r| self.empty_as_null(r, operation_id));
            let span = tracing::Span::current();
            span.record("attempts", attempts);
            span.record(
                "duration_ms",
                u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            );
            match &result {
                Ok(r) => span.record("status", r.status().as_u16()),
                Err(e) => span.record("status", failure_kind(e)),
            };
            tracing::info!("call finished");
            result
        }
        .instrument(span)
        .await
    }

    async fn attempts(
        &self,
        client: &reqwest::Client,
        mut request: reqwest::Request,
    ) -> (reqwest::Result<reqwest::Response>, u32) {
        let policy = self.inner.retry;
        let limits = self.inner.timeouts;
        let deadline = Instant::now() + limits.total;
        let mut attempt = 0u32;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            // A streaming body cannot be sent twice: such a request gets one attempt.
            let Some(mut this) = request.try_clone() else {
                *request.timeout_mut() = Some(limits.attempt.min(remaining));
                let outcome = send(client, request).await;
                return (outcome, attempt);
            };
            *this.timeout_mut() = Some(limits.attempt.min(remaining));
            let outcome = send(client, this).await;
            match self.next(&request, &outcome, attempt, reauthenticated) {
                Next::Done => return (outcome, attempt),
                Next::Reauthenticate => {
                    reauthenticated = true;
                    if !self.reauthenticate(&mut request, deadline).await {
                        return (outcome, attempt);
                    }
                    tracing::debug!(attempt, "401: replaying once with a fresh token");
                }
                Next::Retry { delay, cause } => {
                    if attempt >= policy.max_attempts || Instant::now() + delay >= deadline {
                        return (outcome, attempt);
                    }
                    let delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
                    tracing::debug!(attempt, delay_ms, cause = %cause, "retrying");
                    self.inner.sleep.sleep(delay).await;
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
            Ok(r) if r.status() == reqwest::StatusCode::UNAUTHORIZED => {
                let refreshable = self.inner.credentials.token_source().is_some();
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

    /// The credentials header, given up on after `limit`.
    async fn authorization_within(
        &self,
        limit: Duration,
    ) -> Result<Option<(reqwest::header::HeaderName, HeaderValue, Option<Secret>)>, String> {
        match tokio::time::timeout(limit, self.inner.credentials.authorization()).await {
            Ok(result) => result,
            Err(_) => Err(format!("no token within {} ms", limit.as_millis())),
        }
    }

    /// Drops the rejected token and puts a fresh one on the request; `false` when none came
    /// before `deadline`.
    async fn reauthenticate(&self, request: &mut reqwest::Request, deadline: Instant) -> bool {
        let Some(source) = self.inner.credentials.token_source() else {
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
        let remaining = deadline.saturating_duration_since(Instant::now());
        match self.authorization_within(remaining).await {
            Ok(Some((name, value, _))) => {
                request.headers_mut().insert(name, value);
                true
            }
            Ok(None) => false,
            Err(message) => {
                tracing::warn!(error = %message, "re-authentication after a 401 failed");
                false
            }
        }
    }

    /// A body-less success that the generated code decodes together with a typed sibling (an
    /// `Option`) gets the body `null`, so that it decodes as `None` instead of failing on an
    /// empty body. Any other answer is returned as it came.
    fn empty_as_null(&self, response: reqwest::Response, operation_id: &str) -> reqwest::Response {
        let listed = self
            .operation(operation_id)
            .is_some_and(|op| op.empty_is_null(response.status().as_u16()));
        if !listed {
            return response;
        }
        match response::copy(&response) {
            Some((_, body)) if body.iter().all(u8::is_ascii_whitespace) => response::rebuild(
                response.status(),
                response.version(),
                response.headers().clone(),
                bytes::Bytes::from_static(b"null"),
            ),
            _ => response,
        }
    }

    /// After the answer: a status whose body the spec declares as JSON must carry JSON. When it
    /// does not (an HTML page from a proxy, a truncated or empty body), the answer becomes
    /// `Error::UnexpectedResponse`, which keeps the status, headers and body.
    #[allow(clippy::result_large_err)]
    pub fn check<E>(
        &self,
        result: &reqwest::Result<reqwest::Response>,
        operation_id: &str,
    ) -> Result<(), Error<E>> {
        let (Ok(resp), Some(op)) = (result, self.operation(operation_id)) else {
            return Ok(());
        };
        if !op.expects_json(resp.status().as_u16()) {
            return Ok(());
        }
        match response::copy(resp) {
            Some((_, body)) if response::is_json(&body) => Ok(()),
            Some((copy, _)) => Err(Error::UnexpectedResponse(copy)),
            None => Ok(()),
        }
    }
}

async fn send(
    client: &reqwest::Client,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let response = client.execute(request).await?;
    response::buffer(response).await
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
