//! The request id of an answer, from the header the provider uses.

use reqwest::header::HeaderMap;

use crate::Provider;

/// Longest request id kept.
const MAX_CHARS: usize = 128;

/// The headers read, in order. None of the reference sheets names one; PureCloud (Genesys
/// Cloud) sends `ININ-Correlation-Id` (the runtime's error reading knows it too), the others
/// the common `X-Request-Id`.
fn headers(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::PureCloud => &["inin-correlation-id", "x-request-id"],
        _ => &["x-request-id"],
    }
}

/// The first of the provider's request-id headers, control characters dropped, at most 128
/// characters; `None` when absent or empty.
pub(crate) fn read(provider: Provider, map: &HeaderMap) -> Option<String> {
    headers(provider).iter().find_map(|name| {
        let value = map.get(*name)?;
        // Not `to_str`: a header with non-ASCII bytes still has a usable id in it.
        let text = String::from_utf8_lossy(value.as_bytes());
        let id: String = text
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_CHARS)
            .collect();
        let id = id.trim();
        (!id.is_empty()).then(|| id.to_string())
    })
}
