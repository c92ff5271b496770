//! Checking a client's base URL once, when the client is made, so that a bad one is refused with
//! a message that says what is wrong before any request goes out.

/// A base URL made safe to keep: userinfo removed (it would show in `Debug` and reqwest would
/// send it as basic auth), and what is wrong with it, reported on the first call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedBaseUrl {
    /// The URL the client keeps; a placeholder on the reserved `.invalid` domain when the given
    /// one cannot be parsed at all (no request is ever sent to it: `problem` is set).
    pub url: String,
    /// Why calls will be refused, if they will: the URL as given (a password hidden), then what
    /// is wrong with it (`127.0.0.1:8080 has no scheme: ...`).
    pub problem: Option<String>,
    /// What is wrong, without the URL (`has no scheme: ...`), for a message that names the URL
    /// its own way.
    pub reason: Option<String>,
}

/// Where a base URL that cannot be used is replaced (RFC 2606 reserves `.invalid`).
const PLACEHOLDER: &str = "http://unusable-base-url.invalid";

/// Checks `raw`: an absolute `http` or `https` URL with a host, no user name or password, no
/// query and no fragment; `https` only when a TLS feature is on. A trailing `/` is dropped.
pub fn check(raw: &str) -> CheckedBaseUrl {
    let problem = |why: String, url: String| CheckedBaseUrl {
        url,
        problem: Some(format!("{} {why}", redact(raw))),
        reason: Some(why),
    };
    if let Some(at) = raw.bytes().position(|b| b.is_ascii_control() || b == b' ') {
        return problem(
            format!("has a space or control character at byte {at}"),
            PLACEHOLDER.into(),
        );
    }
    let Some((scheme, rest)) = raw.split_once("://") else {
        return problem(
            "has no scheme: write it as http://host[:port][/path] or https://...".into(),
            PLACEHOLDER.into(),
        );
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return problem(
            format!("has the scheme `{scheme}`; only http and https are supported"),
            PLACEHOLDER.into(),
        );
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((userinfo, host)) => (Some(userinfo), host),
        None => (None, authority),
    };
    let kept = format!("{scheme}://{host}{}", tail.trim_end_matches('/'));
    if host.is_empty() || host.starts_with(':') {
        return problem("has no host".into(), PLACEHOLDER.into());
    }
    if userinfo.is_some() {
        return problem(
            "carries a user name or password; pass credentials with `Credentials` instead".into(),
            kept,
        );
    }
    if tail.contains('?') {
        return problem(
            "has a query (`?...`); the operations add their own, so the base URL must end at its path".into(),
            PLACEHOLDER.into(),
        );
    }
    if tail.contains('#') {
        return problem(
            "has a fragment (`#...`); the base URL must end at its path".into(),
            PLACEHOLDER.into(),
        );
    }
    if reqwest::Url::parse(&kept).is_err() {
        return problem("is not a valid URL".into(), PLACEHOLDER.into());
    }
    if let Some(why) = crate::tls::problem(&kept) {
        return problem(why.into(), kept);
    }
    CheckedBaseUrl {
        url: kept,
        problem: None,
        reason: None,
    }
}

/// `raw` with any password replaced by `***`, for messages.
pub(crate) fn redact(raw: &str) -> String {
    let Some((scheme, rest)) = raw.split_once("://") else {
        return raw.to_string();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://***@{host}{}", &rest[authority_end..]),
        None => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_urls_are_kept_without_a_trailing_slash() {
        for (raw, kept) in [
            ("http://127.0.0.1:4434", "http://127.0.0.1:4434"),
            ("https://api.pingone.eu/v1/", "https://api.pingone.eu/v1"),
            ("HTTPS://Example.com/a/b", "HTTPS://Example.com/a/b"),
            ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ] {
            let checked = check(raw);
            assert_eq!(checked.url, kept);
            // Without a TLS feature an https URL is kept but refused (see `tls`).
            let https = raw.to_ascii_lowercase().starts_with("https");
            assert_eq!(
                checked.problem.is_some(),
                https && !crate::tls::ENABLED,
                "{raw}"
            );
        }
    }

    #[test]
    fn bad_urls_say_what_is_wrong() {
        for (raw, says) in [
            ("example.com", "has no scheme"),
            ("localhost:4434/admin", "has no scheme"),
            ("ftp://example.com", "scheme `ftp`"),
            ("http://", "has no host"),
            ("http://:80/x", "has no host"),
            ("http://h/?a=1", "has a query"),
            ("http://h/x#frag", "has a fragment"),
            ("http://h/a b", "space or control character at byte 10"),
            ("http://h/\r\nX: y", "control character"),
            ("http://exa^mple.com", "is not a valid URL"),
        ] {
            let checked = check(raw);
            let problem = checked.problem.unwrap_or_default();
            assert!(problem.contains(says), "{raw}: {problem}");
            assert!(!checked.url.contains('?') && !checked.url.contains('#'));
        }
    }

    #[test]
    fn userinfo_is_dropped_and_never_repeated() {
        let checked = check("http://admin:hunter2@127.0.0.1:9/v1");
        assert_eq!(checked.url, "http://127.0.0.1:9/v1");
        let problem = checked.problem.unwrap_or_default();
        assert!(problem.contains("user name or password"), "{problem}");
        assert!(problem.contains("http://***@127.0.0.1:9/v1"), "{problem}");
        assert!(!problem.contains("hunter2") && !problem.contains("admin"));
    }
}
