//! `--mock`: an embedded httpmock server on a loopback port that answers the chosen operation
//! with the canned answer the xtask made from the spec (three pages for a paged operation,
//! served by the provider's own `mock::pages` so they page as the real API does), the path
//! parameters given echoed into it (`echo.rs`). Behind the `mock` feature: a build without it
//! refuses `--mock` with a message saying so.

#[cfg(feature = "mock")]
mod echo;
#[cfg(feature = "mock")]
pub mod people;

use crate::catalog::Operation;
use crate::failure::Failure;

/// The running mock server; it stops when dropped, so it is kept until the call is done.
#[cfg(feature = "mock")]
pub struct Server(httpmock::MockServer);

/// No mock server in a build without the `mock` feature: [`serve`] always refuses.
#[cfg(not(feature = "mock"))]
pub enum Server {}

impl Server {
    /// The URL the client calls.
    pub fn base_url(&self) -> String {
        #[cfg(feature = "mock")]
        return self.0.base_url();
        #[cfg(not(feature = "mock"))]
        match *self {}
    }
}

/// The servers of `userapi --mock people`, one per provider with people.
#[cfg(feature = "mock")]
pub type People = people::Servers;

/// No people servers in a build without the `mock` feature.
#[cfg(not(feature = "mock"))]
pub enum People {}

#[cfg(not(feature = "mock"))]
impl People {
    /// The URL `provider`'s client calls.
    pub fn base_url(&self, _provider: &str) -> String {
        match *self {}
    }
}

/// Starts the servers of `userapi --mock people` (`people.rs`).
#[cfg(feature = "mock")]
pub fn serve_people() -> Result<People, Failure> {
    people::serve()
}

/// What `--mock` says in a build without the `mock` feature.
#[cfg(not(feature = "mock"))]
pub fn serve_people() -> Result<People, Failure> {
    Err(refused())
}

#[cfg(not(feature = "mock"))]
fn refused() -> Failure {
    Failure::usage(
        "--mock is not in this build of userapi (built without the `mock` feature); \
         a default build (`cargo install userapi-cli`) has the embedded mock server",
    )
}

/// What `--mock` says in a build without the `mock` feature.
#[cfg(not(feature = "mock"))]
pub fn serve(
    _provider: &str,
    _operation: &'static Operation,
    _flag: &dyn Fn(&str) -> Option<String>,
) -> Result<Server, Failure> {
    Err(refused())
}

/// Starts the server and registers the answer of `operation` of `provider`; `flag` gives the
/// text of a flag of the command (path parameters are echoed into a single answer).
#[cfg(feature = "mock")]
pub fn serve(
    provider: &str,
    operation: &'static Operation,
    flag: &dyn Fn(&str) -> Option<String>,
) -> Result<Server, Failure> {
    let server = httpmock::MockServer::start();
    let path = path_pattern(operation.path)?;
    let (status, body) = if crate::generated::serve_pages(provider, &server, operation.id)? {
        // Registered after the pages, so it only answers what they do not match: a request
        // for the first page without the page parameter (a call without `--all`).
        (
            operation.answer.as_ref().map_or(200, |a| a.status),
            operation.pages[0].to_string(),
        )
    } else {
        let (status, canned) = operation
            .answer
            .as_ref()
            .map_or((204, ""), |a| (a.status, a.body));
        let body = echo::path_parameters(canned, operation.path, operation.params, flag);
        (status, body.unwrap_or_else(|| canned.to_string()))
    };
    server.mock(|when, then| {
        when.method(operation.method).path_matches(path);
        let then = then.status(status);
        if !body.is_empty() {
            then.header("content-type", "application/json").body(body);
        }
    });
    Ok(Server(server))
}

/// A path template as a regex: each `{name}` one segment.
#[cfg(feature = "mock")]
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

#[cfg(all(test, feature = "mock"))]
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

#[cfg(all(test, not(feature = "mock")))]
mod tests {
    #[test]
    fn mock_is_refused_naming_the_feature() {
        let op = crate::catalog::providers()
            .iter()
            .flat_map(|p| p.operations.iter())
            .next();
        let refused = op.map(|op| super::serve("kratos", op, &|_| None).err());
        let message = refused.flatten().map(|f| f.to_string()).unwrap_or_default();
        assert!(
            message.contains("--mock") && message.contains("`mock` feature"),
            "{message}"
        );
    }
}
