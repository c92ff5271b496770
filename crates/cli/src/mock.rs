//! `--mock`: an embedded httpmock server on a loopback port that answers the chosen operation
//! with the canned answer the xtask made from the spec (three pages for a paged operation,
//! served by the provider's own `mock::pages` so they page as the real API does).

use crate::catalog::Operation;
use crate::failure::Failure;
use httpmock::MockServer;

/// Starts the server and registers the answer of `operation` of `provider`.
pub fn serve(provider: &str, operation: &'static Operation) -> Result<MockServer, Failure> {
    let server = MockServer::start();
    let path = path_pattern(operation.path)?;
    let (status, body) = if crate::generated::serve_pages(provider, &server, operation.id)? {
        // Registered after the pages, so it only answers what they do not match: a request
        // for the first page without the page parameter (a call without `--all`).
        (
            operation.answer.as_ref().map_or(200, |a| a.status),
            operation.pages[0],
        )
    } else {
        operation
            .answer
            .as_ref()
            .map_or((204, ""), |a| (a.status, a.body))
    };
    server.mock(|when, then| {
        when.method(operation.method).path_matches(path);
        let then = then.status(status);
        if !body.is_empty() {
            then.header("content-type", "application/json").body(body);
        }
    });
    Ok(server)
}

/// A path template as a regex: each `{name}` one segment.
fn path_pattern(template: &str) -> Result<regex::Regex, Failure> {
    let mut pattern = String::from("^");
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        pattern.push_str(&regex::escape(&rest[..open]));
        pattern.push_str("[^/]+");
        rest = rest[open..]
            .find('}')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    pattern.push_str(&regex::escape(rest));
    pattern.push('$');
    regex::Regex::new(&pattern)
        .map_err(|e| Failure::internal(format!("mock path for {template}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::path_pattern;

    #[test]
    fn templates_match_one_segment_per_parameter() {
        let re = path_pattern("/api/v2/users/{userId}/roles").map_err(|e| e.to_string());
        let re = re.as_ref().map_err(Clone::clone);
        assert!(re.is_ok_and(|re| re.is_match("/api/v2/users/u%2F1/roles")
            && !re.is_match("/api/v2/users/a/b/roles")
            && !re.is_match("/api/v2/users/u1/roles/x")));
    }
}
