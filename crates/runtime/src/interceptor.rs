//! Interceptors: code of the caller's that runs on every attempt of every call.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// An error an interceptor returns to refuse a call.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Which call an interceptor sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallInfo {
    /// The provider key (`kratos`, `pingone`, ...).
    pub provider: &'static str,
    /// The operation, as its Rust method name (`get_identity`).
    pub operation: &'static str,
    /// The HTTP method.
    pub method: &'static str,
    /// The attempt, from 1: a retry or a replay after a 401 is the next attempt; a redirect
    /// followed within the origin keeps the attempt's number.
    pub attempt: u32,
}

/// Code that runs on every attempt of every call of a client, in the order added with
/// [`RuntimeBuilder::interceptor`](crate::RuntimeBuilder::interceptor): every retry and every
/// page of a stream included.
///
/// The credentials are put on the request after [`before_attempt`](Self::before_attempt), so
/// an interceptor never sees them (and cannot log them by accident); a header of the same
/// name it sets is replaced by them.
///
/// A closure `Fn(&mut reqwest::Request, &CallInfo) -> Result<(), BoxError>` is an interceptor:
///
/// ```
/// use userapi_runtime::{BoxError, CallInfo, Runtime};
/// use reqwest::header::HeaderValue;
///
/// static OPS: &[userapi_runtime::Operation] = &[];
/// let runtime = Runtime::builder("example", OPS)
///     .interceptor(|request: &mut reqwest::Request, _: &CallInfo| -> Result<(), BoxError> {
///         request.headers_mut().insert("x-tenant", HeaderValue::from_static("blue"));
///         Ok(())
///     })
///     .build();
/// # let _ = runtime;
/// ```
pub trait Interceptor: Send + Sync + 'static {
    /// The name an error gives when this interceptor refuses a call.
    fn name(&self) -> &str {
        std::any::type_name::<Self>()
    }

    /// Before each attempt is sent: add or replace headers, or refuse the call (nothing is
    /// sent; the call ends with [`ErrorKind::Interceptor`](crate::ErrorKind::Interceptor)).
    fn before_attempt(
        &self,
        request: &mut reqwest::Request,
        call: &CallInfo,
    ) -> Result<(), BoxError> {
        let _ = (request, call);
        Ok(())
    }

    /// After each answer's status line and headers arrived (before its body is decoded),
    /// including answers that are retried or redirects that are followed.
    fn after_answer(&self, status: StatusCode, headers: &HeaderMap, call: &CallInfo) {
        let _ = (status, headers, call);
    }
}

impl<F> Interceptor for F
where
    F: Fn(&mut reqwest::Request, &CallInfo) -> Result<(), BoxError> + Send + Sync + 'static,
{
    fn before_attempt(
        &self,
        request: &mut reqwest::Request,
        call: &CallInfo,
    ) -> Result<(), BoxError> {
        self(request, call)
    }
}
