//! Response bodies are read once, up to a size cap, kept, and checked against what the spec
//! promises.

use bytes::{Bytes, BytesMut};

/// The body that was read, or how reading it ended early.
pub(crate) enum Read {
    Whole(Bytes),
    /// The body passed `limit`: reading stopped there (the first `limit` bytes are kept), the
    /// connection is dropped.
    TooLarge {
        body: Bytes,
    },
}

/// Reads the body, never more than `limit` bytes. The response stays as it is, its body read;
/// the body is returned. A declared length over the cap is refused before reading anything.
pub(crate) async fn buffer(response: &mut reqwest::Response, limit: u64) -> reqwest::Result<Read> {
    let declared = response.content_length();
    if declared.is_some_and(|n| n > limit) {
        return Ok(Read::TooLarge { body: Bytes::new() });
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
