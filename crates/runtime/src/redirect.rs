//! Which redirects a call follows. The runtime's `reqwest::Client`s follow none (their policy is
//! `none`, whoever built them), so every redirect reaches this decision: followed only within
//! the origin the request went to, at most [`MAX_REDIRECTS`] times, and only when the method
//! stays what it was, so a body and the credentials never go anywhere else.

use crate::{MAX_REDIRECTS, RedirectRefused};
use reqwest::{Method, StatusCode, Url};

/// What to do with an answer.
pub(crate) enum Redirect {
    /// Not a redirect (or a 3xx that names nowhere to go, such as `304`): the answer stands.
    None,
    /// Send the request again to this URL.
    Follow(Url),
    /// A redirect that is not followed: the call ends with it (`location` as sent).
    Refuse {
        location: String,
        why: RedirectRefused,
    },
}

/// Decides on `response` to a `method` request to `url`, after `followed` redirects in this
/// call. A request followed is built again from its builder, body included.
pub(crate) fn decide(
    method: &Method,
    url: &Url,
    response: &reqwest::Response,
    followed: u32,
) -> Redirect {
    let status = response.status();
    let keeps_method = matches!(
        status,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT
    );
    let to_get = matches!(
        status,
        StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND | StatusCode::SEE_OTHER
    );
    if !keeps_method && !to_get {
        return Redirect::None;
    }
    let raw = response.headers().get(reqwest::header::LOCATION);
    let location = location(response.headers());
    let refuse = |why| Redirect::Refuse {
        location: location.clone(),
        why,
    };
    let Some(mut target) = raw
        .and_then(|v| v.to_str().ok())
        .and_then(|v| url.join(v).ok())
    else {
        return refuse(RedirectRefused::BadLocation);
    };
    if !same_origin(url, &target) {
        return refuse(RedirectRefused::OtherOrigin);
    }
    if to_get && !matches!(*method, Method::GET | Method::HEAD) {
        return refuse(RedirectRefused::MethodWouldChange);
    }
    if followed >= MAX_REDIRECTS {
        return refuse(RedirectRefused::TooMany);
    }
    // Credentials travel in headers only; a fragment is not sent.
    let _ = target.set_username("");
    let _ = target.set_password(None);
    target.set_fragment(None);
    Redirect::Follow(target)
}

/// The `Location` an answer names, as sent (lossily decoded; empty when there is none), for
/// errors that say where a redirect pointed.
pub(crate) fn location(headers: &reqwest::header::HeaderMap) -> String {
    headers
        .get(reqwest::header::LOCATION)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default()
}

/// Scheme, host and port (the scheme's default when none is written) are the same.
fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, location: Option<&str>) -> reqwest::Response {
        let mut r = http::Response::builder().status(status);
        if let Some(l) = location {
            r = r.header("location", l);
        }
        reqwest::Response::from(r.body(bytes::Bytes::new()).unwrap())
    }

    fn request(method: Method, url: &str) -> (Method, Url) {
        (method, Url::parse(url).unwrap())
    }

    fn decide(
        (method, url): &(Method, Url),
        response: &reqwest::Response,
        followed: u32,
    ) -> Redirect {
        super::decide(method, url, response, followed)
    }

    fn why(d: Redirect) -> Option<RedirectRefused> {
        match d {
            Redirect::Refuse { why, .. } => Some(why),
            _ => None,
        }
    }

    #[test]
    fn another_scheme_host_or_port_is_another_origin() {
        let get = request(Method::GET, "http://api.test:8080/v1/a");
        for to in [
            "https://api.test:8080/v1/b",
            "http://other.test:8080/v1/b",
            "http://api.test:8081/v1/b",
            "//evil.test/x",
        ] {
            let d = decide(&get, &answer(307, Some(to)), 0);
            assert_eq!(why(d), Some(RedirectRefused::OtherOrigin), "{to}");
        }
        // The default port written out is the same origin.
        let get = request(Method::GET, "http://api.test/v1/a");
        let d = decide(&get, &answer(302, Some("http://api.test:80/v1/b")), 0);
        assert!(matches!(d, Redirect::Follow(u) if u.path() == "/v1/b"));
    }

    #[test]
    fn a_redirect_that_would_change_the_method_is_refused() {
        let post = request(Method::POST, "http://api.test/v1/a");
        for status in [301, 302, 303] {
            let d = decide(&post, &answer(status, Some("/v1/b")), 0);
            assert_eq!(why(d), Some(RedirectRefused::MethodWouldChange), "{status}");
        }
        for status in [307, 308] {
            let d = decide(&post, &answer(status, Some("/v1/b")), 0);
            assert!(matches!(d, Redirect::Follow(_)), "{status}");
        }
    }

    #[test]
    fn hops_are_counted_and_locations_checked() {
        let get = request(Method::GET, "http://api.test/v1/a");
        let d = decide(&get, &answer(302, Some("/v1/b")), MAX_REDIRECTS);
        assert_eq!(why(d), Some(RedirectRefused::TooMany));
        let d = decide(&get, &answer(302, None), 0);
        assert_eq!(why(d), Some(RedirectRefused::BadLocation));
        let d = decide(&get, &answer(302, Some("http://[::1")), 0);
        assert_eq!(why(d), Some(RedirectRefused::BadLocation));
        // Not redirects to follow: the answer stands.
        for status in [200, 300, 304, 404] {
            let d = decide(&get, &answer(status, Some("/v1/b")), 0);
            assert!(matches!(d, Redirect::None), "{status}");
        }
        // No user name or password is carried into the next request's URL.
        let d = decide(&get, &answer(302, Some("http://u:p@api.test/v1/b#f")), 0);
        assert!(matches!(d, Redirect::Follow(u) if u.as_str() == "http://api.test/v1/b"));
    }
}
