//! Response bodies are read once, up to a size cap, kept, and checked against what the spec
//! promises.

use bytes::{Bytes, BytesMut};

/// The body of a response, read by the runtime, in the extensions of an answer the runtime
/// hands on as an error (a body over the cap).
#[derive(Debug, Clone)]
pub struct BufferedBody(pub Bytes);

/// The answer was larger than the runtime's cap ([`RuntimeBuilder::max_response_bytes`]): kept
/// in the response's extensions between the runtime's hooks, and reported to callers as
/// [`ErrorKind::BodyTooLarge`](crate::ErrorKind::BodyTooLarge) with the status and headers that
/// arrived and the first `limit` bytes as the body.
///
/// [`RuntimeBuilder::max_response_bytes`]: crate::RuntimeBuilder::max_response_bytes
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct BodyTooLarge {
    /// The provider key.
    pub provider: &'static str,
    /// The operation (its Rust name).
    pub operation: String,
    /// The cap in force, in bytes.
    pub limit: u64,
    /// The length the server declared (`Content-Length`), if it declared one.
    pub declared: Option<u64>,
}

impl std::fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: the answer is larger than the {} byte cap",
            self.provider, self.operation, self.limit
        )?;
        if let Some(declared) = self.declared {
            write!(f, " (Content-Length {declared})")?;
        }
        Ok(())
    }
}

/// The body that was read, or how reading it ended early.
pub(crate) enum Read {
    Whole(Bytes),
    /// The body passed `limit`: reading stopped there (the first `limit` bytes are kept), the
    /// connection is dropped.
    TooLarge {
        body: Bytes,
        declared: Option<u64>,
    },
}

/// Reads the body, never more than `limit` bytes. The response stays as it is, its body read;
/// the body is returned. A declared length over the cap is refused before reading anything.
pub(crate) async fn buffer(response: &mut reqwest::Response, limit: u64) -> reqwest::Result<Read> {
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Ok(Read::TooLarge {
            body: Bytes::new(),
            declared,
        });
    }
    let cap = usize::try_from(limit).unwrap_or(usize::MAX);
    let Some(first) = response.chunk().await? else {
        return Ok(Read::Whole(Bytes::new()));
    };
    // The usual small answer arrives in one piece: keep it as it is, no copy.
    if first.len() <= cap && declared == Some(first.len() as u64) {
        return Ok(Read::Whole(first));
    }
    // Preallocate what the server announced (bounded by the cap), so a known-size body is read
    // without reallocating.
    let mut body = BytesMut::with_capacity(
        declared
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(0)
            .min(cap),
    );
    let mut next = Some(first);
    while let Some(chunk) = next {
        if chunk.len() > cap - body.len() {
            let room = cap - body.len();
            body.extend_from_slice(&chunk[..room]);
            return Ok(Read::TooLarge {
                body: body.freeze(),
                declared,
            });
        }
        // Grow at most to the cap, so the buffer never holds more than the cap allows.
        if body.capacity() - body.len() < chunk.len() {
            let wanted = (body.len() * 2).max(body.len() + chunk.len()).min(cap);
            body.reserve(wanted - body.len());
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok(Read::Whole(body.freeze()))
}

/// A fresh response from parts, at the URL the answer came from; the body is a cheap clone of
/// the buffered bytes.
pub(crate) fn rebuild(
    url: reqwest::Url,
    status: reqwest::StatusCode,
    version: reqwest::Version,
    headers: reqwest::header::HeaderMap,
    body: Bytes,
) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let mut out = http::Response::builder()
        .url(url)
        .body(body.clone())
        .unwrap_or_else(|_| http::Response::new(body.clone()));
    *out.status_mut() = status;
    *out.version_mut() = version;
    *out.headers_mut() = headers;
    out.extensions_mut().insert(BufferedBody(body));
    reqwest::Response::from(out)
}

/// A copy of a buffered response (status, headers, body, extensions the runtime set), for an
/// error value to own.
pub(crate) fn copy(response: &reqwest::Response) -> Option<reqwest::Response> {
    let body = response.extensions().get::<BufferedBody>()?.0.clone();
    let mut copy = rebuild(
        response.url().clone(),
        response.status(),
        response.version(),
        response.headers().clone(),
        body,
    );
    if let Some(too_large) = response.extensions().get::<BodyTooLarge>() {
        copy.extensions_mut().insert(too_large.clone());
    }
    Some(copy)
}
