//! The contract run for one provider: two Prism processes (static and dynamic answers), a
//! client per mode and asked-for status, every call checked and every finding collected.

use crate::prism::{Mode, Prism};
use crate::retry::{self, Tried};
use crate::spec::{Op, Spec};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::time::{Duration, Instant};
use userapi::kratos::{Error, ErrorKind, ResponseValue};
use userapi::runtime::{Credentials, Operation, RetryPolicy, Runtime};

/// The response header in which Prism lists request (and response) violations.
const VIOLATIONS: &str = "sl-violations";

/// What a generated builder's `send()` returns (progenitor's types, the same for every
/// provider), boxed so that one closure can be run against several clients.
pub type Sent<'c, T, E> = Pin<Box<dyn Future<Output = Result<ResponseValue<T>, Error<E>>> + 'c>>;

/// Calls one operation through the typed client, in both modes and (for the call with every
/// parameter) once per documented error status. The builder chain is written once and used
/// three ways: its setter names are checked against the spec, its argument values are
/// serialised to check the request body is complete, and it is sent.
///
/// ```ignore
/// call!(s, get_identity.id(ID).include_credential(vec!["oidc".to_string()]));
/// ```
macro_rules! call {
    ($suite:expr, $op:ident $(. $setter:ident ( $arg:expr ))* ) => {
        $suite
            .call(
                stringify!($op),
                vec![$((stringify!($setter), serde_json::to_value(&$arg).unwrap_or_default())),*],
                |c| Box::pin(c.$op()$(.$setter($arg))*.send()),
            )
            .await
    };
}
pub(crate) use call;

/// A typed request body from JSON, so that fixtures read like the API's documentation.
macro_rules! body {
    ($ty:ty, $($json:tt)+) => {
        serde_json::from_value::<$ty>(serde_json::json!($($json)+))
            .expect(concat!("the fixture does not decode as ", stringify!($ty)))
    };
}
pub(crate) use body;

/// Runs `future` to completion on a runtime of its own (one per provider thread).
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

/// The findings of one provider's run.
#[derive(Debug, Default)]
pub struct Report {
    pub provider: &'static str,
    /// Operations in the spec, and how many of them were called.
    pub spec_operations: usize,
    pub operations_called: usize,
    /// Requests sent through the typed client (both modes, success and asked-for errors).
    pub requests: usize,
    /// Of those, the ones asking for a documented error status.
    pub error_requests: usize,
    /// Answers carrying `sl-violations`.
    pub violations: usize,
    /// Answers the typed client could not decode.
    pub decode_failures: usize,
    /// Everything else: wrong status, Prism routing errors, coverage gaps, setup failures.
    pub other_failures: usize,
    /// Requests that failed only because their Prism process had died (not counted again).
    pub after_crash: usize,
    /// Requests sent once more because the first try got no answer (not failures), each with
    /// the first try's error, and how many of them the retry answered.
    pub retries: Vec<String>,
    pub retries_answered: usize,
    /// Checks Prism's own behaviour prevents, each with its reason (not failures).
    pub prism_gaps: Vec<String>,
    pub failures: Vec<String>,
    pub elapsed: Duration,
}

impl Report {
    /// A run that could not start.
    pub fn setup_failure(provider: &'static str, message: String) -> Self {
        Self {
            provider,
            other_failures: 1,
            failures: vec![format!("{provider}: {message}")],
            ..Self::default()
        }
    }

    pub fn summary_line(&self) -> String {
        format!(
            "contract: {}: {}/{} operations called, {} requests ({} for error statuses), {} \
             violations, {} decode failures, {} other failures, {} Prism gaps, {} retries after \
             no answer ({:.1}s)",
            self.provider,
            self.operations_called,
            self.spec_operations,
            self.requests,
            self.error_requests,
            self.violations,
            self.decode_failures,
            self.other_failures,
            self.prism_gaps.len(),
            self.retries.len(),
            self.elapsed.as_secs_f64()
        ) + &if self.after_crash > 0 {
            format!(", {} requests lost to a Prism crash", self.after_crash)
        } else {
            String::new()
        }
    }
}

/// The runtime every contract client shares. Its retries are off: the run asks for 429 and 5xx
/// answers on purpose, and a retry would only repeat the same request after a backoff.
pub fn runtime(
    provider: &'static str,
    operations: &'static [Operation],
    credentials: Credentials,
) -> Runtime {
    Runtime::builder(provider, operations)
        .credentials(credentials)
        .retry(RetryPolicy::disabled())
        .build()
}

/// The HTTP client (builder) of one (mode, asked-for status) pair, which `Prefer: code=NNN` makes
/// Prism answer with that documented status.
///
/// It keeps no idle connection. A run rotates through up to twenty such clients per
/// provider, so a connection idles while the others are used, and PureCloud's large answers
/// take Prism seconds each: idle gaps reached 9 s, past Node's keep-alive limit of 5 s
/// (`keepAliveTimeout`), while reqwest keeps a connection for 90 s. Node then closed a
/// connection as the next request went out on it (its timer fires late while Prism's single
/// thread builds an answer), and that request got no answer. A connection per request costs
/// Prism little next to building its answers.
pub fn http_client(prefer: Option<u16>) -> reqwest::ClientBuilder {
    let mut headers = HeaderMap::new();
    if let Some(code) = prefer {
        let value = HeaderValue::from_str(&format!("code={code}")).expect("a header value");
        headers.insert(HeaderName::from_static("prefer"), value);
    }
    reqwest::Client::builder()
        .no_proxy()
        .default_headers(headers)
        .pool_max_idle_per_host(0)
}

/// The variant of a call, by which optional parameters it sets.
fn variant(op: &Op, set: &BTreeSet<String>) -> &'static str {
    let optional: Vec<&str> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| p.setter.as_str())
        .collect();
    let given = optional.iter().filter(|p| set.contains(**p)).count();
    match (optional.len(), given) {
        (0, _) => "every parameter",
        (n, g) if g == n => "every parameter",
        (_, 0) => "required parameters only",
        _ => "some optional parameters",
    }
}

/// One provider's Prism processes, clients and findings.
pub struct Suite<C> {
    provider: &'static str,
    spec: Spec,
    operations: &'static [Operation],
    runtime: Runtime,
    make: fn(&str, reqwest::ClientBuilder, Runtime) -> C,
    prisms: BTreeMap<Mode, Prism>,
    clients: HashMap<(Mode, Option<u16>), C>,
    /// Setters of every call made, per operation.
    calls: BTreeMap<String, Vec<BTreeSet<String>>>,
    errors_done: BTreeSet<String>,
    gaps: BTreeMap<&'static str, &'static str>,
    /// Prism processes that died during the run, and the calls that failed because of it.
    dead: BTreeSet<Mode>,
    started: Instant,
    report: Report,
}

impl<C> Suite<C> {
    /// Reads `specs/<provider>.yaml` and starts Prism on it twice (static and dynamic).
    /// `make` is the provider's `Client::with_http_client`.
    pub fn start(
        provider: &'static str,
        operations: &'static [Operation],
        credentials: Credentials,
        make: fn(&str, reqwest::ClientBuilder, Runtime) -> C,
        seed: &str,
    ) -> Result<Self, String> {
        let started = Instant::now();
        let spec_path = crate::prism::workspace_root().join(format!("specs/{provider}.yaml"));
        let spec = Spec::load(&spec_path)?;
        let logs = Path::new(env!("CARGO_TARGET_TMPDIR")).join("contract");
        std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
        let spec_path = served_copy(&spec_path, &logs.join(format!("{provider}.served.yaml")))?;
        let mut prisms = BTreeMap::new();
        for mode in [Mode::Static, Mode::Dynamic] {
            let log = logs.join(format!("prism-{provider}-{mode}.log"));
            prisms.insert(mode, Prism::spawn(&spec_path, mode, seed, log)?);
        }
        for mode in [Mode::Static, Mode::Dynamic] {
            // A port taken between our probe and Prism's bind shows as an early exit: retry
            // on another port a few times.
            let mut attempts = 0;
            loop {
                let prism = prisms.get_mut(&mode).expect("spawned above");
                match prism.wait_ready() {
                    Ok(()) => break,
                    Err(e) if e.contains("EADDRINUSE") && attempts < 3 => {
                        attempts += 1;
                        let log = prism.log.clone();
                        let again = Prism::spawn(&spec_path, mode, seed, log)?;
                        prisms.insert(mode, again);
                    }
                    Err(e) => return Err(format!("{mode} Prism: {e}")),
                }
            }
        }
        let runtime = runtime(provider, operations, credentials);
        let report = Report {
            provider,
            spec_operations: spec.ops.len(),
            ..Report::default()
        };
        Ok(Self {
            provider,
            spec,
            operations,
            runtime,
            make,
            prisms,
            clients: HashMap::new(),
            calls: BTreeMap::new(),
            errors_done: BTreeSet::new(),
            gaps: BTreeMap::new(),
            dead: BTreeSet::new(),
            started,
            report,
        })
    }

    /// Declares that Prism cannot answer `op` through the typed client, and why. A call that
    /// then meets exactly that (406 `NOT_ACCEPTABLE` from Prism's own content negotiation) is
    /// counted as a Prism gap, not a failure; a call that succeeds instead fails the run, so
    /// that the declaration is removed once Prism or the spec changes.
    #[allow(dead_code)] // kept for the next answer Prism cannot mock; used while a spec has one
    pub fn prism_cannot_negotiate(&mut self, op: &'static str, reason: &'static str) {
        self.gaps.insert(op, reason);
    }

    fn fail(&mut self, message: String) {
        self.report.other_failures += 1;
        self.report
            .failures
            .push(format!("{}: {message}", self.provider));
    }

    fn ensure_client(&mut self, mode: Mode, code: Option<u16>) {
        if self.clients.contains_key(&(mode, code)) {
            return;
        }
        let base = self.prisms[&mode].base_url();
        let client = (self.make)(&base, http_client(code), self.runtime.clone());
        self.clients.insert((mode, code), client);
    }

    /// Calls `op` as `send` builds it (see [`call!`]).
    pub async fn call<T, E, F>(
        &mut self,
        op_id: &'static str,
        args: Vec<(&'static str, Value)>,
        send: F,
    ) where
        F: for<'c> Fn(&'c C) -> Sent<'c, T, E>,
    {
        let Some(op) = self.spec.ops.get(op_id).cloned() else {
            self.fail(format!(
                "{op_id}: not an operation of specs/{}.yaml",
                self.provider
            ));
            return;
        };
        // The arguments: known setters only, and a complete body.
        let mut set = BTreeSet::new();
        for (setter, value) in &args {
            if *setter == "body" {
                if let Some((schema, _)) = &op.body {
                    let missing = self.spec.missing_fields(schema, value);
                    if !missing.is_empty() {
                        self.fail(format!(
                            "{op_id}: the request body leaves out {}",
                            missing.join(", ")
                        ));
                    }
                } else {
                    self.fail(format!("{op_id}: sets a body the spec does not declare"));
                }
            } else if !op
                .params
                .iter()
                .any(|p| p.setter == setter.trim_end_matches('_'))
            {
                self.fail(format!(
                    "{op_id}: `{setter}` is not a parameter in the spec"
                ));
            }
            // progenitor appends `_` to setters named like Rust keywords (`type_`).
            set.insert(setter.trim_end_matches('_').to_string());
        }
        let variant = variant(&op, &set);
        self.calls.entry(op_id.to_string()).or_default().push(set);

        // The success answer, static and dynamic.
        self.ensure_client(Mode::Static, None);
        self.ensure_client(Mode::Dynamic, None);
        let (s, d) = {
            let clients = &self.clients;
            tokio::join!(
                retry::at_most_twice(&clients[&(Mode::Static, None)], &send),
                retry::at_most_twice(&clients[&(Mode::Dynamic, None)], &send)
            )
        };
        self.judge(&op, op_id, variant, Mode::Static, None, s).await;
        self.judge(&op, op_id, variant, Mode::Dynamic, None, d)
            .await;

        // Every documented error, once per operation, with every parameter set.
        if variant != "every parameter" || !self.errors_done.insert(op_id.to_string()) {
            return;
        }
        for code in op.error_statuses() {
            self.ensure_client(Mode::Static, Some(code));
            self.ensure_client(Mode::Dynamic, Some(code));
            let (s, d) = {
                let clients = &self.clients;
                tokio::join!(
                    retry::at_most_twice(&clients[&(Mode::Static, Some(code))], &send),
                    retry::at_most_twice(&clients[&(Mode::Dynamic, Some(code))], &send)
                )
            };
            self.judge(&op, op_id, variant, Mode::Static, Some(code), s)
                .await;
            self.judge(&op, op_id, variant, Mode::Dynamic, Some(code), d)
                .await;
        }
    }

    /// Checks one answer: no violation, the expected status, a body that decoded.
    async fn judge<T, E>(
        &mut self,
        op: &Op,
        op_id: &'static str,
        variant: &str,
        mode: Mode,
        asked: Option<u16>,
        tried: Tried<T, E>,
    ) {
        self.report.requests += 1;
        if asked.is_some() {
            self.report.error_requests += 1;
        }
        let prefer = asked
            .map(|c| format!(", Prefer: code={c}"))
            .unwrap_or_default();
        let what = format!("{op_id} ({}) [{variant}, {mode}{prefer}]", op.route);
        let result = tried.result;
        if let Some(first) = &tried.retried_after {
            let answered = !matches!(&result, Err(e) if retry::got_no_answer(e));
            self.report.retries_answered += usize::from(answered);
            self.report.retries.push(format!(
                "{}: {what}: {first}; {}",
                self.provider,
                if answered {
                    "answered on the retry"
                } else {
                    "no answer on the retry either"
                }
            ));
        }

        let (status, headers, outcome) = match result {
            Ok(rv) => (
                Some(rv.status().as_u16()),
                Some(rv.headers().clone()),
                Outcome::Success,
            ),
            Err(error) => {
                let status = error.status().map(|s| s.as_u16());
                let headers = status.map(|_| error.headers().clone());
                let body = || {
                    String::from_utf8_lossy(error.body().map_or(&[][..], |b| &b[..])).into_owned()
                };
                let outcome = match error.kind() {
                    ErrorKind::Service(_) => Outcome::Documented,
                    ErrorKind::UnexpectedStatus => Outcome::Unexpected(body()),
                    ErrorKind::InvalidBody(e) => {
                        Outcome::Decode(format!("{e}; body: {}", excerpt(&body())))
                    }
                    _ => Outcome::Other(error.to_string()),
                };
                (status, headers, outcome)
            }
        };

        if let Some(found) = headers.as_ref().and_then(violations) {
            self.report.violations += 1;
            let message = format!("{}: {what}: Prism reports {found}", self.provider);
            self.report.failures.push(message);
        }

        let gap = self.gaps.get(op_id).copied();
        let status_text = status.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
        match outcome {
            Outcome::Success if asked.is_none() => {
                if let Some(reason) = gap {
                    self.fail(format!(
                        "{what}: succeeded although declared a Prism gap ({reason}): remove the \
                         declaration"
                    ));
                }
            }
            Outcome::Documented | Outcome::Success if is_prism_problem(headers.as_ref()) => {
                // Prism's own error (a schema it cannot sample, say) happened to decode as our
                // error model; its log says what went wrong.
                let log = self.prisms[&mode].log.display().to_string();
                self.fail(format!(
                    "{what}: Prism answered {status_text} itself (application/problem+json); \
                     see {log}"
                ));
            }
            Outcome::Documented if asked.is_some() && status == asked => {}
            Outcome::Unexpected(body) if is_prism_problem(headers.as_ref()) => {
                if status == Some(406) && gap.is_some() && body.contains("NOT_ACCEPTABLE") {
                    let reason = gap.unwrap_or_default();
                    self.report
                        .prism_gaps
                        .push(format!("{}: {what}: {reason}", self.provider));
                } else {
                    self.fail(format!(
                        "{what}: Prism answered {status_text} itself: {}",
                        excerpt(&body)
                    ));
                }
            }
            Outcome::Unexpected(body) => {
                let declared = status.is_some_and(|s| declared_with_content(op, s));
                let message = format!(
                    "{}: {what}: status {status_text} {}: {}",
                    self.provider,
                    if declared {
                        "is declared with a JSON body, but the body is not JSON"
                    } else {
                        "is not declared for this operation"
                    },
                    excerpt(&body)
                );
                if declared {
                    self.report.decode_failures += 1;
                    self.report.failures.push(message);
                } else {
                    self.report.other_failures += 1;
                    self.report.failures.push(message);
                }
            }
            Outcome::Decode(detail) => {
                self.report.decode_failures += 1;
                // progenitor keeps neither the status nor the headers of such an answer; Prism
                // logs any violation of its own answer against the spec.
                let log = self.prisms[&mode].log.display().to_string();
                let message = format!(
                    "{}: {what}: the answer does not decode into our types: {detail} (Prism's \
                     log: {log})",
                    self.provider
                );
                self.report.failures.push(message);
            }
            Outcome::Other(detail) => {
                if self.dead.contains(&mode) {
                    self.report.after_crash += 1;
                } else if let Some(exit) = self.prisms.get_mut(&mode).and_then(Prism::exited) {
                    self.dead.insert(mode);
                    self.fail(format!(
                        "{what}: the {mode} Prism process died ({exit}); every later {mode} \
                         request fails with it"
                    ));
                } else {
                    self.fail(format!("{what}: {detail}"));
                }
            }
            Outcome::Success | Outcome::Documented => {
                let wanted = asked.map_or("a success".to_string(), |c| format!("status {c}"));
                self.fail(format!(
                    "{what}: wanted {wanted}, got status {status_text} ({})",
                    if matches!(outcome, Outcome::Success) {
                        "decoded as a success"
                    } else {
                        "decoded as a documented error"
                    }
                ));
            }
        }
    }

    /// Coverage checks, then the report.
    pub fn finish(mut self) -> Report {
        let table: BTreeSet<&str> = self.operations.iter().map(|o| o.id).collect();
        let in_spec: BTreeSet<String> = self.spec.ops.keys().cloned().collect();
        for id in &table {
            if !in_spec.contains(*id) {
                self.fail(format!(
                    "{id}: in the generated operation table but not in the spec"
                ));
            }
        }
        let ops: Vec<(String, Op)> = self
            .spec
            .ops
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        for (id, op) in ops {
            if !table.contains(id.as_str()) {
                self.fail(format!(
                    "{id}: in the spec but not in the generated operation table"
                ));
            }
            let Some(calls) = self.calls.get(&id).cloned() else {
                self.fail(format!("{id} ({}): never called", op.route));
                continue;
            };
            self.report.operations_called += 1;
            for p in &op.params {
                if !calls.iter().any(|c| c.contains(&p.setter)) {
                    self.fail(format!("{id}: parameter `{}` is never set", p.name));
                }
            }
            match op.body {
                Some((_, true)) if !calls.iter().all(|c| c.contains("body")) => {
                    self.fail(format!("{id}: a call sends no body"));
                }
                // An optional body is sent once and left out once.
                Some((_, false))
                    if !calls.iter().any(|c| c.contains("body"))
                        || calls.iter().all(|c| c.contains("body")) =>
                {
                    self.fail(format!(
                        "{id}: the optional request body is not both sent and left out"
                    ));
                }
                _ => {}
            }
            let optional: Vec<&str> = op
                .params
                .iter()
                .filter(|p| !p.required)
                .map(|p| p.setter.as_str())
                .collect();
            if !optional.is_empty() {
                if !calls
                    .iter()
                    .any(|c| optional.iter().all(|p| c.contains(*p)))
                {
                    self.fail(format!("{id}: no call sets every optional parameter"));
                }
                if !calls
                    .iter()
                    .any(|c| optional.iter().all(|p| !c.contains(*p)))
                {
                    self.fail(format!(
                        "{id}: no call leaves every optional parameter unset"
                    ));
                }
            }
            if !self.errors_done.contains(&id) {
                self.fail(format!("{id}: the error statuses were never asked for"));
            }
        }
        self.report.elapsed = self.started.elapsed();
        self.report
    }
}

enum Outcome {
    Success,
    Documented,
    Unexpected(String),
    Decode(String),
    Other(String),
}

/// Prism's `sl-violations` header, rendered one violation per line.
fn violations(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get(VIOLATIONS)?.to_str().unwrap_or("<not UTF-8>");
    let parsed: Vec<Value> = serde_json::from_str(raw).unwrap_or_default();
    if parsed.is_empty() {
        return Some(raw.to_string());
    }
    let lines: Vec<String> = parsed
        .iter()
        .map(|v| {
            let location: Vec<String> = v["location"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|s| s.as_str().map_or_else(|| s.to_string(), str::to_string))
                .collect();
            format!(
                "[{} {}] {}: {}",
                v["severity"].as_str().unwrap_or("?"),
                v["code"],
                location.join("."),
                v["message"].as_str().unwrap_or("?")
            )
        })
        .collect();
    Some(lines.join("; "))
}

/// Whether Prism produced the answer itself (routing, negotiation, validation): it answers
/// those with `application/problem+json`, which none of our specs declares.
fn is_prism_problem(headers: Option<&HeaderMap>) -> bool {
    headers
        .and_then(|h| h.get(CONTENT_TYPE))
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"))
}

/// Whether the operation declares `status` (exactly, as a range or as `default`) with a body.
fn declared_with_content(op: &Op, status: u16) -> bool {
    let code = status.to_string();
    let range = format!("{}XX", status / 100);
    [code.as_str(), range.as_str(), "default"]
        .iter()
        .find_map(|key| op.responses.iter().find(|(k, _)| k == key))
        .is_some_and(|(_, content)| *content)
}

fn excerpt(text: &str) -> String {
    const MAX: usize = 400;
    if text.len() <= MAX {
        return text.to_string();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

/// The spec as Prism is given it: identical but for `*/*` response media, which becomes
/// `application/json`. Prism cannot mock a wildcard (406 to `Accept: application/json`, 500
/// `NO_COMPLEX_OBJECT_TEXT` to `Accept: */*`); our client asks for and decodes JSON there, as the
/// generator's `response-media-to-json` rewrite says. Requests are validated unchanged.
fn served_copy(spec: &Path, out: &Path) -> Result<std::path::PathBuf, String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("{}: {e}", spec.display()))?;
    let mut doc: serde_yaml::Value =
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", spec.display()))?;
    if let Some(paths) = doc
        .get_mut("paths")
        .and_then(serde_yaml::Value::as_mapping_mut)
    {
        for item in paths
            .values_mut()
            .filter_map(serde_yaml::Value::as_mapping_mut)
        {
            for op in item.values_mut() {
                let Some(responses) = op
                    .get_mut("responses")
                    .and_then(serde_yaml::Value::as_mapping_mut)
                else {
                    continue;
                };
                for response in responses.values_mut() {
                    let Some(content) = response
                        .get_mut("content")
                        .and_then(serde_yaml::Value::as_mapping_mut)
                    else {
                        continue;
                    };
                    if let Some(media) = content.remove("*/*") {
                        content.entry("application/json".into()).or_insert(media);
                    }
                }
            }
        }
    }
    let text = serde_yaml::to_string(&doc).map_err(|e| format!("{}: {e}", out.display()))?;
    std::fs::write(out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loopback::{Action, Loopback};
    use userapi::kratos::{Client, OPERATIONS, PROVIDER};

    #[tokio::test]
    async fn a_connection_is_never_reused_after_an_answer() {
        // The second request is dropped unanswered if it comes on the first one's connection,
        // as by a server whose keep-alive limit ran out while the connection sat idle.
        let server = Loopback::start(vec![
            Action::Answer(200, "[]"),
            Action::AnswerOnAFreshConnection(200, "[]"),
        ])
        .await;
        let runtime = runtime(PROVIDER, OPERATIONS, Credentials::None);
        let client = Client::with_http_client(&server.base_url(), http_client(None), runtime);

        let first = client.list_identities().send().await;
        let second = client.list_identities().send().await;

        assert!(first.is_ok(), "{:?}", first.err());
        assert!(second.is_ok(), "{:?}", second.err());
        assert_eq!(server.requests(), 2);
    }
}
