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
        match from_json(body) {
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
        match from_json(&self.body) {
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

/// `body` decoded as JSON: one UTF-8 check of the whole body, then the parse from `str`.
/// `serde_json::from_slice` checks each string on its own as it meets it, call by call, which
/// made that check cost a GET of one identity about 6k instructions, five times the whole-body
/// check. A body that is not UTF-8 goes to `from_slice`, so the outcome (and the error's
/// position) is the one it gives: it skips the strings of unknown fields unchecked.
fn from_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::from_json;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Named {
        name: String,
    }

    #[test]
    fn a_utf8_body_decodes_as_from_slice_decodes_it() {
        let body = r#"{"name":"Ada Lovelace \u00e9 é","extra":["x",{"y":null}]}"#.as_bytes();
        let ours: Named = from_json(body).unwrap();
        assert_eq!(ours, serde_json::from_slice::<Named>(body).unwrap());
        assert_eq!(ours.name, "Ada Lovelace é é");
    }

    #[test]
    fn a_body_not_utf8_has_the_outcome_from_slice_gives() {
        // Invalid bytes in the string of a field the model skips: from_slice never checks
        // them, so the answer decodes, as it did before the whole-body check.
        let skipped = b"{\"name\":\"Ada\",\"unknown\":\"\xff\xfe\"}";
        assert_eq!(from_json::<Named>(skipped).unwrap().name, "Ada");
        // In a string the model keeps: the error from_slice gives, at its position.
        let kept = b"{\"name\":\"Ad\xffa\"}";
        let ours = from_json::<Named>(kept).unwrap_err().to_string();
        let theirs = serde_json::from_slice::<Named>(kept)
            .unwrap_err()
            .to_string();
        assert_eq!(ours, theirs);
        assert!(ours.contains("line 1 column"), "{ours}");
    }
}
