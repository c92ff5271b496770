//! Typed Rust client for the Circuit (Unify) users API, generated from `specs/circuit.yaml`
//! with progenitor.
//!
//! ```no_run
//! # async fn demo() -> Result<(), userapi_circuit::Error<()>> {
//! use userapi_circuit::{Client, SANDBOX_URL};
//!
//! let circuit = Client::with_bearer(SANDBOX_URL, "oauth-access-token");
//! let me = circuit.get_profile().send().await?;
//! println!("{:?}", me.display_name);
//! # Ok(()) }
//! ```
//!
//! Operations that offer JSON or XML (or `*/*`) ask for and decode JSON. `PUT /users/presence`
//! sends a form body. Error answers have no documented body: you get an [`Error`]
//! whose [`kind`](Error::kind) is [`ErrorKind::Service`] with the status and headers.
//!
//! The Python SDK names of the Circuit docs are the method names here (`get_profile`, ...).

// Generated code keeps the generator's own formatting (`cargo xtask generate --check` compares it).
#[rustfmt::skip]
mod generated;

userapi_runtime::provider_crate!();

/// Circuit's sandbox REST base URL.
pub const SANDBOX_URL: &str = "https://circuitsandbox.net/rest/v2";
/// Circuit's production REST base URL (EU).
pub const PRODUCTION_URL: &str = "https://eu.yourcircuit.com/rest/v2";
/// The sandbox's OAuth2 token endpoint.
pub const SANDBOX_TOKEN_URL: &str = "https://circuitsandbox.net/oauth/token";
/// The production (EU) OAuth2 token endpoint.
pub const PRODUCTION_TOKEN_URL: &str = "https://eu.yourcircuit.com/oauth/token";

impl Client {
    /// A client that gets tokens with OAuth2 client credentials from `token_url` (for example
    /// [`SANDBOX_TOKEN_URL`]), cached and refreshed before they expire and once after a 401.
    pub fn with_client_credentials(
        base_url: &str,
        token_url: &str,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        Self::with_credentials(
            base_url,
            Credentials::client_credentials(token_url, client_id, client_secret),
        )
    }

    /// A client that sends `Authorization: Bearer <token>` (an OAuth access token).
    pub fn with_bearer(base_url: &str, token: impl Into<Secret>) -> Self {
        Self::with_credentials(base_url, Credentials::bearer(token))
    }
}

/// Integer access to the two presence numbers the API types as `number`. They decode as `f64`
/// so that an answer with a fraction (`"timeZoneOffset": 19800.5`) does not fail the whole
/// presence list; these give the whole numbers most callers want.
impl types::Presence {
    /// The time zone offset rounded to the nearest whole number; `None` when absent or when it
    /// is not a finite number that fits an `i32`.
    pub fn time_zone_offset_i32(&self) -> Option<i32> {
        self.time_zone_offset
            .and_then(round_to_i64)
            .and_then(|v| i32::try_from(v).ok())
    }

    /// The end of do-not-disturb as a whole-number timestamp (rounded); `None` when absent or
    /// when it is not a finite number that fits an `i64`.
    pub fn dnd_until_i64(&self) -> Option<i64> {
        self.dnd_until.and_then(round_to_i64)
    }
}

/// `value` rounded, when it is finite and within `i64`.
fn round_to_i64(value: f64) -> Option<i64> {
    let rounded = value.round();
    // i64::MAX as f64 rounds up to 2^63, which no longer fits: the upper bound is exclusive.
    let fits = rounded.is_finite() && rounded >= i64::MIN as f64 && rounded < i64::MAX as f64;
    // The cast is exact here: `rounded` is a whole number within range.
    #[allow(clippy::cast_possible_truncation)]
    fits.then_some(rounded as i64)
}
