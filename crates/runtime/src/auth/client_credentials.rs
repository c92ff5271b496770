//! OAuth2 client credentials (RFC 6749 §4.4) with a cached token, refreshed before it expires,
//! one refresh shared by every concurrent caller, and one failure too: callers that waited on a
//! fetch that failed get its error, and the next fetch waits a backoff first. The fetch runs as
//! a task of its own: a caller that gives up (its deadline passed, its future dropped) stops
//! waiting, and the fetch goes on for the others and for the cache.
//!
//! The exchange itself is the `oauth2` crate's (form encoding, client authentication, error
//! bodies), run over this crate's own `reqwest::Client`: no second HTTP stack.

use super::{AuthError, InvalidateFuture, TokenFuture, TokenSource};
use crate::response::{self, Read};
use crate::{Secret, text};
use futures_util::FutureExt as _;
use futures_util::future::Shared;
use oauth2::basic::BasicClient;
use oauth2::{AuthType, ClientId, ClientSecret, Scope, TokenResponse, TokenUrl};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The first wait after a failed token fetch; it doubles with each failure in a row.
const FAILURE_BACKOFF: Duration = Duration::from_millis(100);
/// The longest wait after failed token fetches.
const MAX_FAILURE_BACKOFF: Duration = Duration::from_secs(5);

/// The most of a token endpoint's answer that is read: 256 KiB. A token answer is a few
/// hundred bytes to a few KiB (the largest are JWTs carrying group claims, tens of KiB); the
/// cap leaves ten times that, and keeps an endless or huge answer from costing more memory.
pub const MAX_TOKEN_RESPONSE_BYTES: u64 = 256 * 1024;

/// How many characters of the token endpoint's own text (its `error`, `error_description`)
/// an error message keeps.
const SHOWN_SERVER_TEXT: usize = 200;

/// How the client secret travels to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientSecretIn {
    /// HTTP basic `client_id:client_secret` (PureCloud, PingOne's default).
    BasicAuth,
    /// `client_id` and `client_secret` form fields.
    RequestBody,
}

/// A [`TokenSource`] for the client-credentials grant.
pub struct ClientCredentials {
    exchange: Arc<Exchange>,
    state: Arc<Mutex<State>>,
}

/// What a fetch needs, shared with the task that runs it.
#[derive(Clone)]
struct Exchange {
    token_url: String,
    client_id: String,
    client_secret: Secret,
    scopes: Vec<String>,
    secret_in: ClientSecretIn,
    margin: Duration,
    http: Result<reqwest::Client, String>,
}

/// The fetch in flight, which every caller that needs a token awaits.
type InFlight = Shared<Pin<Box<dyn Future<Output = Result<Secret, AuthError>> + Send>>>;

#[derive(Default)]
struct State {
    token: Option<Cached>,
    failure: Option<Failure>,
    in_flight: Option<InFlight>,
}

/// The state, whatever a panic elsewhere left it in: every write to it is whole.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

struct Cached {
    token: Secret,
    /// `None` when the server gave no lifetime (or one too large to represent): kept until a
    /// 401.
    refresh_at: Option<Instant>,
}

struct Failure {
    at: Instant,
    /// Failed fetches in a row.
    streak: u32,
}

impl Failure {
    /// When the next fetch may start.
    fn retry_at(&self) -> Instant {
        let backoff = FAILURE_BACKOFF
            .saturating_mul(2u32.saturating_pow(self.streak.saturating_sub(1)))
            .min(MAX_FAILURE_BACKOFF);
        self.at.checked_add(backoff).unwrap_or(self.at)
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.exchange;
        f.debug_struct("ClientCredentials")
            .field("token_url", &e.token_url)
            .field("client_id", &e.client_id)
            .field("client_secret", &e.client_secret)
            .field("scopes", &e.scopes)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// A source that posts to `token_url` with `client_id` / `client_secret` in HTTP basic.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        let exchange = Exchange {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            scopes: Vec::new(),
            secret_in: ClientSecretIn::BasicAuth,
            margin: Duration::from_secs(60),
            // The token endpoint gets limits of its own; each caller's total limit bounds its
            // wait.
            http: token_client(
                crate::tls::client_builder()
                    .connect_timeout(Duration::from_secs(10))
                    .timeout(Duration::from_secs(30)),
            ),
        };
        Self {
            exchange: Arc::new(exchange),
            state: Arc::default(),
        }
    }

    /// The exchange's settings, to change while building (no fetch holds them yet).
    fn settings(&mut self) -> &mut Exchange {
        Arc::make_mut(&mut self.exchange)
    }

    /// Asks for these scopes.
    pub fn scopes<I: IntoIterator<Item = S>, S: Into<String>>(mut self, scopes: I) -> Self {
        self.settings().scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Sends the secret as form fields instead of HTTP basic.
    pub fn secret_in(mut self, secret_in: ClientSecretIn) -> Self {
        self.settings().secret_in = secret_in;
        self
    }

    /// Refreshes this long before the token expires. Default 60 s, and never more than a quarter
    /// of the token's lifetime, so a short-lived token is still reused for most of its life.
    pub fn refresh_margin(mut self, margin: Duration) -> Self {
        self.settings().margin = margin;
        self
    }

    /// Builds the token endpoint's HTTP client from this builder (timeouts, proxies, TLS). The
    /// redirect policy is set to follow none, whatever the builder had: a redirect would carry
    /// the client secret to wherever the server points.
    pub fn http_client(mut self, http: reqwest::ClientBuilder) -> Self {
        self.settings().http = token_client(http);
        self
    }

    /// Starts a fetch as a task of its own (after the backoff a failure left), records it as
    /// the one in flight and returns it. Without a Tokio runtime to spawn on, the callers who
    /// await it drive it.
    fn start(&self, state: &mut State) -> InFlight {
        let exchange = Arc::clone(&self.exchange);
        let shared_state = Arc::clone(&self.state);
        let not_before = state.failure.as_ref().map(Failure::retry_at);
        let fetch = async move {
            if let Some(at) = not_before {
                tokio::time::sleep_until(at.into()).await;
            }
            let outcome = exchange.fetch().await;
            let mut state = lock(&shared_state);
            state.in_flight = None;
            match outcome {
                Ok(cached) => {
                    let token = cached.token.clone();
                    state.token = Some(cached);
                    state.failure = None;
                    Ok(token)
                }
                Err(error) => {
                    let streak = state.failure.as_ref().map_or(0, |f| f.streak) + 1;
                    state.failure = Some(Failure {
                        at: Instant::now(),
                        streak,
                    });
                    Err(error)
                }
            }
        };
        let run: Pin<Box<dyn Future<Output = Result<Secret, AuthError>> + Send>> =
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    let task = runtime.spawn(fetch);
                    Box::pin(async move {
                        task.await.unwrap_or_else(|e| {
                            Err(AuthError::new(format!("the token fetch stopped: {e}")))
                        })
                    })
                }
                Err(_) => Box::pin(fetch),
            };
        let in_flight = run.shared();
        state.in_flight = Some(in_flight.clone());
        in_flight
    }
}

impl Exchange {
    async fn fetch(&self) -> Result<Cached, AuthError> {
        let fail = |what: String| AuthError {
            message: format!("token request to {} failed: {what}", self.token_url),
        };
        if let Some(why) = crate::tls::problem(&self.token_url) {
            return Err(fail(why.to_string()));
        }
        let url = TokenUrl::new(self.token_url.clone())
            .map_err(|e| fail(format!("bad token URL: {e}")))?;
        let client = BasicClient::new(ClientId::new(self.client_id.clone()))
            .set_client_secret(ClientSecret::new(self.client_secret.expose().to_string()))
            .set_token_uri(url)
            .set_auth_type(match self.secret_in {
                ClientSecretIn::BasicAuth => AuthType::BasicAuth,
                ClientSecretIn::RequestBody => AuthType::RequestBody,
            });
        let mut request = client.exchange_client_credentials();
        for scope in &self.scopes {
            request = request.add_scope(Scope::new(scope.clone()));
        }
        let http = Http(self.http.as_ref().map_err(|why| fail(why.clone()))?);
        let started = Instant::now();
        let answer = request
            .request_async(&http)
            .await
            .map_err(|e| fail(describe(&e)))?;
        // A lifetime too large to add to an instant (`expires_in` of 2^63 or more) is taken as
        // "no expiry": the token is kept until a 401.
        let refresh_at = answer.expires_in().and_then(|lifetime| {
            let margin = self.margin.min(lifetime / 4);
            started.checked_add(lifetime.saturating_sub(margin))
        });
        tracing::debug!(token_url = %self.token_url, expires_in_s = answer.expires_in().map(|d| d.as_secs()), "fetched an access token");
        Ok(Cached {
            token: Secret::new(answer.access_token().secret().clone()),
            refresh_at,
        })
    }
}

/// The token endpoint's client: follows no redirect. A builder that cannot build (a broken TLS
/// setup) leaves the cause, which every fetch then reports.
fn token_client(builder: reqwest::ClientBuilder) -> Result<reqwest::Client, String> {
    crate::tls::install_provider();
    builder
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("the HTTP client could not be built: {e}"))
}

impl TokenSource for ClientCredentials {
    fn endpoint(&self) -> Option<&str> {
        Some(&self.exchange.token_url)
    }

    fn token(&self) -> TokenFuture<'_> {
        Box::pin(async move {
            // One fetch for every caller: the first starts it, the others await the same one
            // and share its token, or its error.
            let in_flight = {
                let mut state = lock(&self.state);
                if let Some(t) = fresh(&state) {
                    return Ok(t);
                }
                match &state.in_flight {
                    Some(fetch) => fetch.clone(),
                    None => self.start(&mut state),
                }
            };
            in_flight.await
        })
    }

    fn invalidate<'a>(&'a self, rejected: &'a Secret) -> InvalidateFuture<'a> {
        Box::pin(async move {
            let mut state = lock(&self.state);
            // Another caller may already have replaced the rejected token: keep the new one.
            if state.token.as_ref().is_some_and(|c| c.token == *rejected) {
                state.token = None;
            }
        })
    }
}

/// The cached token, while it is not due for refresh.
fn fresh(state: &State) -> Option<Secret> {
    state
        .token
        .as_ref()
        .filter(|c| c.refresh_at.is_none_or(|at| Instant::now() < at))
        .map(|c| c.token.clone())
}

/// What went wrong, without the request (it carries the secret) and without the response body
/// beyond the RFC 6749 error fields, which are escaped and cut short: they are the server's
/// text, on their way into messages and logs.
fn describe(e: &oauth2::RequestTokenError<Fetch, oauth2::basic::BasicErrorResponse>) -> String {
    match e {
        oauth2::RequestTokenError::ServerResponse(r) => {
            let mut s = text::clean(r.error().as_ref(), SHOWN_SERVER_TEXT);
            if let Some(d) = r.error_description() {
                s.push_str(&format!(" ({})", text::clean(d, SHOWN_SERVER_TEXT)));
            }
            s
        }
        oauth2::RequestTokenError::Request(e) => e.to_string(),
        oauth2::RequestTokenError::Parse(e, _) => {
            format!(
                "unreadable answer: {}",
                text::clean(&e.to_string(), SHOWN_SERVER_TEXT)
            )
        }
        oauth2::RequestTokenError::Other(e) => text::clean(e, SHOWN_SERVER_TEXT),
    }
}

/// Why the token endpoint's answer could not be had.
#[derive(Debug)]
enum Fetch {
    Transport(reqwest::Error),
    /// A redirect, not followed: the secret stays with the endpoint it was configured for.
    Redirect {
        status: u16,
        location: String,
    },
    /// The answer passed [`MAX_TOKEN_RESPONSE_BYTES`].
    TooLarge,
}

impl fmt::Display for Fetch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fetch::Transport(e) => write!(f, "transport error: {e}"),
            Fetch::Redirect { status, location } => write!(
                f,
                "the endpoint answered {status} with a redirect to {}; not followed",
                text::Shown(location, SHOWN_SERVER_TEXT)
            ),
            Fetch::TooLarge => write!(
                f,
                "the answer is larger than the {MAX_TOKEN_RESPONSE_BYTES} byte cap on token answers"
            ),
        }
    }
}

impl std::error::Error for Fetch {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Fetch::Transport(e) => Some(e),
            _ => None,
        }
    }
}

/// Our `reqwest::Client` as the oauth2 crate's HTTP client.
struct Http<'a>(&'a reqwest::Client);

impl<'c> oauth2::AsyncHttpClient<'c> for Http<'_> {
    type Error = Fetch;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<oauth2::HttpResponse, Fetch>> + Send + 'c>,
    >;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(send(self.0, request))
    }
}

/// The oauth2 crate's HTTP request, sent with our `reqwest::Client`; the answer is read up to
/// [`MAX_TOKEN_RESPONSE_BYTES`], and a redirect is an error.
async fn send(
    http: &reqwest::Client,
    req: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, Fetch> {
    let (parts, body) = req.into_parts();
    let mut builder = http.request(parts.method, parts.uri.to_string()).body(body);
    for (name, value) in &parts.headers {
        builder = builder.header(name, value);
    }
    let mut response = builder.send().await.map_err(Fetch::Transport)?;
    let status = response.status();
    if status.is_redirection() {
        return Err(Fetch::Redirect {
            status: status.as_u16(),
            location: crate::redirect::location(response.headers()),
        });
    }
    let body = match response::buffer(&mut response, MAX_TOKEN_RESPONSE_BYTES).await {
        Ok(Read::Whole(body)) => body,
        Ok(Read::TooLarge { .. }) => return Err(Fetch::TooLarge),
        Err(e) => return Err(Fetch::Transport(e)),
    };
    let mut out = http::Response::new(body.to_vec());
    *out.status_mut() = status;
    *out.headers_mut() = std::mem::take(response.headers_mut());
    Ok(out)
}
