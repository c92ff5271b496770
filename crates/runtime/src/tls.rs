//! Which TLS stack, if any, this build has, and the HTTP clients the runtime makes with it.
//!
//! reqwest picks its TLS stack through cargo features this crate forwards (`rustls`,
//! `rustls-ring`, `native-tls`). With none of them an `https://` request fails deep inside the
//! connector ("scheme is not http"), so the runtime refuses such URLs itself, naming the fix.

/// Whether this build can speak TLS (one of the features `rustls`, `rustls-ring` or
/// `native-tls` is on).
pub const ENABLED: bool = cfg!(any(
    feature = "rustls",
    feature = "rustls-ring",
    feature = "native-tls"
));

/// What to tell a caller whose URL needs TLS when this build has none.
pub(crate) const MISSING: &str = "needs TLS, but no TLS feature is enabled: enable the `rustls` \
     feature (or `rustls-ring`, `native-tls`) of `userapi` or of the provider crate";

/// `Some(why)` when `url` is `https://` and this build has no TLS.
pub(crate) fn problem(url: &str) -> Option<&'static str> {
    let https = url
        .get(..8)
        .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    (https && !ENABLED).then_some(MISSING)
}

/// A `reqwest::ClientBuilder`, after making sure the TLS stack can start.
///
/// With `rustls-ring` reqwest has no crypto provider of its own and would panic when a client
/// is built; ring is installed as the process default unless one is already there (a provider
/// the application installed first wins).
pub fn client_builder() -> reqwest::ClientBuilder {
    install_provider();
    reqwest::Client::builder()
}

/// With `rustls-ring`, installs ring as the process's crypto provider unless one is there;
/// nothing otherwise. Needed before building a client from any builder, a caller's included.
pub(crate) fn install_provider() {
    #[cfg(all(feature = "rustls-ring", not(feature = "rustls")))]
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Err only when another thread installed one in between: that one is used, as wanted.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_refused_only_without_tls() {
        assert_eq!(problem("http://127.0.0.1:1"), None);
        let https = problem("HTTPS://api.example.com");
        assert_eq!(https.is_some(), !ENABLED);
    }

    // With `rustls-ring` reqwest panics when it builds a client and no provider is installed.
    #[test]
    fn a_client_builds_with_every_tls_choice() {
        assert!(client_builder().build().is_ok());
    }

    // Runs without TLS only in `cargo test -p userapi-runtime` (no features), which CI does.
    #[test]
    fn https_base_url_without_tls_names_the_fix() {
        let checked = crate::base_url::check("https://api.example.com/v2");
        if ENABLED {
            assert_eq!(checked.problem, None);
        } else {
            let problem = checked.problem.unwrap_or_default();
            assert!(problem.contains("enable the `rustls` feature"), "{problem}");
            assert_eq!(checked.url, "https://api.example.com/v2");
        }
    }
}
