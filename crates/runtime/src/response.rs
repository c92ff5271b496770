//! Response bodies are read once, kept, and checked against what the spec promises.

use bytes::Bytes;

/// The body of a response, read by the runtime and kept in the response's extensions.
#[derive(Debug, Clone)]
pub struct BufferedBody(pub Bytes);

/// Reads the whole body and returns an equivalent response that carries it, plus the bytes.
pub(crate) async fn buffer(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    let version = response.version();
    let headers = response.headers().clone();
    let body = response.bytes().await?;
    Ok(rebuild(status, version, headers, body))
}

/// A fresh response from parts; the body is a cheap clone of the buffered bytes.
pub(crate) fn rebuild(
    status: reqwest::StatusCode,
    version: reqwest::Version,
    headers: reqwest::header::HeaderMap,
    body: Bytes,
) -> reqwest::Response {
    let mut out = http::Response::new(body.clone());
    *out.status_mut() = status;
    *out.version_mut() = version;
    *out.headers_mut() = headers;
    out.extensions_mut().insert(BufferedBody(body));
    reqwest::Response::from(out)
}

/// A copy of a buffered response (status, headers, body), for an error value to own.
pub(crate) fn copy(response: &reqwest::Response) -> Option<(reqwest::Response, Bytes)> {
    let body = response.extensions().get::<BufferedBody>()?.0.clone();
    let copy = rebuild(
        response.status(),
        response.version(),
        response.headers().clone(),
        body.clone(),
    );
    Some((copy, body))
}

/// Whether `body` is one complete JSON value.
pub(crate) fn is_json(body: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}
