//! The spans every call and every attempt carry, with OpenTelemetry's HTTP client field names
//! (`http.request.method`, `server.address`, `server.port`, `url.full`,
//! `http.response.status_code`, `error.type`, `http.request.resend_count`), which tracing
//! backends chart without configuration. Nothing is recorded into a span no subscriber wants.

use crate::text::Shown;
use tracing::Span;

/// The most characters of a URL a span keeps (a redirect's target is the server's text).
const SHOWN_URL_CHARS: usize = 300;

/// The `userapi.attempt` span of one HTTP request (`resend`: the attempts and redirects
/// before it), an OpenTelemetry client span.
pub(crate) fn attempt_span(method: &'static str, url: &reqwest::Url, resend: u32) -> Span {
    let span = tracing::info_span!(
        "userapi.attempt",
        "otel.kind" = "client",
        "otel.name" = method,
        "http.request.method" = method,
        "server.address" = tracing::field::Empty,
        "server.port" = tracing::field::Empty,
        "url.full" = tracing::field::Empty,
        "http.request.resend_count" = tracing::field::Empty,
        "http.response.status_code" = tracing::field::Empty,
        "error.type" = tracing::field::Empty,
    );
    if !span.is_disabled() {
        record_url(&span, url);
        if resend > 0 {
            span.record("http.request.resend_count", resend);
        }
    }
    span
}

/// `server.address`, `server.port` and `url.full`, whose query values are left out: a query
/// value may be a secret (a token, an email). Bounded and escaped, as any server text.
pub(crate) fn record_url(span: &Span, url: &reqwest::Url) {
    if span.is_disabled() {
        return;
    }
    if let Some(host) = url.host_str() {
        span.record(
            "server.address",
            tracing::field::display(Shown(&host, SHOWN_URL_CHARS)),
        );
    }
    if let Some(port) = url.port_or_known_default() {
        span.record("server.port", port);
    }
    let full = without_query_values(url);
    span.record(
        "url.full",
        tracing::field::display(Shown(&full, SHOWN_URL_CHARS)),
    );
}

/// The URL with each query value replaced by `REDACTED` (names kept: they say what was asked).
pub(crate) fn without_query_values(url: &reqwest::Url) -> String {
    let Some(query) = url.query() else {
        return url.as_str().to_string();
    };
    let mut shown = url.clone();
    let redacted: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) => format!("{name}=REDACTED"),
            None => pair.to_string(),
        })
        .collect();
    shown.set_query(Some(&redacted.join("&")));
    shown.into()
}

/// `http.response.status_code`, and `error.type` (the code) for a 4xx or 5xx.
pub(crate) fn record_status(span: &Span, status: reqwest::StatusCode) {
    if span.is_disabled() {
        return;
    }
    span.record("http.response.status_code", status.as_u16());
    if status.is_client_error() || status.is_server_error() {
        span.record("error.type", status.as_u16().to_string());
    }
}

/// `error.type` of an attempt that got no whole answer.
pub(crate) fn record_transport_error(span: &Span, error: &reqwest::Error) {
    if !span.is_disabled() {
        span.record("error.type", transport_error_type(error));
    }
}

/// A transport failure by name, never its URL or body.
pub(crate) fn transport_error_type(error: &reqwest::Error) -> &'static str {
    if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect_error"
    } else if error.is_body() || error.is_decode() {
        "body_error"
    } else {
        "transport_error"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_left_out_and_names_kept() {
        let url: reqwest::Url = "https://api.test/v2/users?email=ada%40example.com&expand&page=2"
            .parse()
            .unwrap();
        assert_eq!(
            without_query_values(&url),
            "https://api.test/v2/users?email=REDACTED&expand&page=REDACTED"
        );
        let plain: reqwest::Url = "https://api.test/v2/users/42".parse().unwrap();
        assert_eq!(without_query_values(&plain), "https://api.test/v2/users/42");
    }
}
