//! The final answer of a call, read by the runtime, and its decode: the generated code maps each
//! documented status to one of [`Answer`]'s decodes.

use crate::Operation;
use crate::error::{Context, Error, ErrorKind};
use bytes::Bytes;
use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

/// An answer whose body the runtime read (up to the cap): what the generated decode of an
/// operation turns into its success value or its error.
pub struct Answer {
    provider: &'static str,
    operation: &'static Operation,
    /// The response as it came, its body read into `body`.
    response: reqwest::Response,
    body: Bytes,
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answer")
            .field("operation", &self.operation.id)
            .field("status", &self.response.status())
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Answer {
    pub(crate) fn new(
        provider: &'static str,
        operation: &'static Operation,
        response: reqwest::Response,
        body: Bytes,
    ) -> Self {
        Self {
            provider,
            operation,
            response,
            body,
        }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.response.status()
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        self.response.headers()
    }

    /// The URL the answer came from.
    pub fn url(&self) -> &reqwest::Url {
        self.response.url()
    }

    pub(crate) fn response(&self) -> &reqwest::Response {
        &self.response
    }

    /// A documented success with a JSON body: decoded into `T`, the headers moved into the
    /// value. A body-less answer whose status the operation table lists in `null_when_empty`
    /// (a body-less 2xx merged with a typed one) decodes as `null`.
    pub fn json<T: DeserializeOwned, E>(mut self) -> Result<ResponseValue<T>, Error<E>> {
        let status = self.status();
        let body: &[u8] = if self.empty_is_null() {
            b"null"
        } else {
            &self.body
        };
        match serde_json::from_slice(body) {
            Ok(value) => {
                let headers = std::mem::take(self.response.headers_mut());
                Ok(ResponseValue::new(value, status, headers))
            }
            Err(e) => Err(self.into_error(ErrorKind::InvalidBody(e))),
        }
    }

    /// A documented success without a body.
    pub fn empty<E>(mut self) -> Result<ResponseValue<()>, Error<E>> {
        let status = self.status();
        let headers = std::mem::take(self.response.headers_mut());
        Ok(ResponseValue::new((), status, headers))
    }

    /// A documented error status with a JSON body: [`ErrorKind::Service`] with the decoded
    /// body, or [`ErrorKind::InvalidBody`] when it does not decode.
    pub fn service<T, E: DeserializeOwned>(self) -> Result<ResponseValue<T>, Error<E>> {
        match serde_json::from_slice(&self.body) {
            Ok(e) => Err(self.into_error(ErrorKind::Service(e))),
            Err(e) => Err(self.into_error(ErrorKind::InvalidBody(e))),
        }
    }

    /// A documented error status without a body.
    pub fn service_empty<T>(self) -> Result<ResponseValue<T>, Error<()>> {
        Err(self.into_error(ErrorKind::Service(())))
    }

    /// A status the spec does not declare for the operation.
    pub fn unexpected<T, E>(self) -> Result<ResponseValue<T>, Error<E>> {
        Err(self.into_error(ErrorKind::UnexpectedStatus))
    }

    fn empty_is_null(&self) -> bool {
        let op = self.operation;
        !op.null_when_empty.is_empty()
            && op.empty_is_null(self.status().as_u16())
            && self.body.iter().all(u8::is_ascii_whitespace)
    }

    /// The error `kind`, with everything that arrived.
    pub(crate) fn into_error<E>(mut self, kind: ErrorKind<E>) -> Error<E> {
        let context = Context {
            url: Some(self.response.url().to_string()),
            status: Some(self.response.status()),
            headers: std::mem::take(self.response.headers_mut()),
            body: Some(self.body),
            ..Context::of(self.provider, self.operation)
        };
        Error::new(kind, context)
    }

    /// Keeps what an error needs of an answer about to be replaced by another attempt, should
    /// the next attempt not answer at all.
    pub(crate) fn set_aside(self, context: &mut Context) {
        let mut response = self.response;
        context.url = Some(response.url().to_string());
        context.status = Some(response.status());
        context.headers = std::mem::take(response.headers_mut());
        context.body = Some(self.body);
    }
}
