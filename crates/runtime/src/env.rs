//! Client settings from the environment: each provider reads `USERAPI_<PROVIDER>_<NAME>`
//! variables through a lookup function, so the caller (a test, a CLI layering its flags over the
//! process environment) decides where the values come from.
//!
//! Every provider shares the settings read by [`Env::runtime`]:
//!
//! | variable | meaning |
//! |---|---|
//! | `USERAPI_<PROVIDER>_RETRIES` | retries after the first attempt (`0`: none) |
//! | `USERAPI_<PROVIDER>_TIMEOUT` | limit for the whole call, retries included (`30s`, `500ms`, `2m`) |
//! | `USERAPI_<PROVIDER>_ATTEMPT_TIMEOUT` | limit for each attempt |
//! | `USERAPI_<PROVIDER>_CONNECT_TIMEOUT` | limit for each connection |
//! | `USERAPI_<PROVIDER>_MAX_RESPONSE_BYTES` | the largest answer accepted, in bytes |
//!
//! An empty variable counts as unset. A variable that cannot be used is an [`EnvError`] naming
//! it; no error shows a variable's value, so a secret set in the wrong place stays unseen.

use crate::{RetryPolicy, RuntimeBuilder, Secret, Timeouts};
use std::fmt;
use std::time::Duration;

/// A variable that is missing or cannot be used. `Display` names the variable and says why,
/// never showing its value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnvError {
    /// The variable at fault, e.g. `USERAPI_KRATOS_BASE_URL`.
    pub variable: String,
    /// Why it cannot be used (never its value).
    pub reason: String,
    /// Whether the variable is not set (rather than set to something unusable).
    pub missing: bool,
}

impl EnvError {
    /// `variable` is not set, and is needed: `reason` says what for.
    pub fn missing(variable: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            variable: variable.into(),
            reason: reason.into(),
            missing: true,
        }
    }

    /// `variable` is set to something that cannot be used: `reason` says why, without the value.
    pub fn invalid(variable: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            variable: variable.into(),
            reason: reason.into(),
            missing: false,
        }
    }
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.missing {
            write!(f, "{} is not set: {}", self.variable, self.reason)
        } else {
            write!(f, "{}: {}", self.variable, self.reason)
        }
    }
}

impl std::error::Error for EnvError {}

/// The process environment as a lookup (`std::env::var`; a value that is not Unicode counts as
/// unset).
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The `USERAPI_<PROVIDER>_*` variables of one provider, read through a lookup.
pub struct Env<L> {
    prefix: String,
    lookup: L,
}

impl<L> fmt::Debug for Env<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl<L: Fn(&str) -> Option<String>> Env<L> {
    /// The variables of `provider` (`kratos` reads `USERAPI_KRATOS_*`).
    pub fn new(provider: &str, lookup: L) -> Self {
        Self {
            prefix: format!("USERAPI_{}_", provider.to_ascii_uppercase()),
            lookup,
        }
    }

    /// The full name of the variable `key`: `BASE_URL` → `USERAPI_KRATOS_BASE_URL`.
    pub fn name(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    /// The value of `key`, when it is set and not empty.
    pub fn get(&self, key: &str) -> Option<String> {
        (self.lookup)(&self.name(key)).filter(|v| !v.is_empty())
    }

    /// The value of `key` as a [`Secret`] (never shown by `Debug`).
    pub fn secret(&self, key: &str) -> Option<Secret> {
        self.get(key).map(Secret::from)
    }

    /// `key` read with `parse`; an error is `reason`, which must not include the value.
    pub fn parse<T, E>(
        &self,
        key: &str,
        reason: &str,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Result<Option<T>, EnvError> {
        self.get(key)
            .map(|v| parse(&v).map_err(|_| EnvError::invalid(self.name(key), reason)))
            .transpose()
    }

    /// The URL in `key`, checked as a base URL is ([`crate::base_url::check`]: `http` or
    /// `https` with a host, no user name or password, no query, no fragment), without a
    /// trailing `/`.
    pub fn url(&self, key: &str) -> Result<Option<String>, EnvError> {
        let Some(raw) = self.get(key) else {
            return Ok(None);
        };
        let checked = crate::base_url::check(&raw);
        match checked.reason {
            None => Ok(Some(checked.url)),
            // The reason names no URL: a secret in it stays out of the message.
            Some(why) => Err(EnvError::invalid(
                self.name(key),
                format!("not a usable URL: it {why}"),
            )),
        }
    }

    /// The base URL in `BASE_URL`, which must be set: `needed` says what for (e.g. "kratos needs
    /// the admin API's URL").
    pub fn base_url(&self, needed: &str) -> Result<String, EnvError> {
        self.url("BASE_URL")?
            .ok_or_else(|| EnvError::missing(self.name("BASE_URL"), needed))
    }

    /// The base URL in `BASE_URL`, or `default` when it is not set.
    pub fn base_url_or(&self, default: &str) -> Result<String, EnvError> {
        Ok(self.url("BASE_URL")?.unwrap_or_else(|| default.to_string()))
    }

    /// `TOKEN` as a bearer token, else OAuth2 client credentials from `CLIENT_ID` and
    /// `CLIENT_SECRET` at `TOKEN_URL` (or `default_token_url`); `needs` says what the provider
    /// needs when neither is set.
    #[cfg(feature = "oauth")]
    pub fn bearer_or_client_credentials(
        &self,
        default_token_url: &str,
        needs: &str,
    ) -> Result<crate::Credentials, EnvError> {
        if let Some(token) = self.secret("TOKEN") {
            return Ok(crate::Credentials::bearer(token));
        }
        let token_url = self
            .url("TOKEN_URL")?
            .unwrap_or_else(|| default_token_url.to_string());
        match (self.get("CLIENT_ID"), self.secret("CLIENT_SECRET")) {
            (Some(id), Some(secret)) => Ok(crate::Credentials::client_credentials(
                token_url, id, secret,
            )),
            _ => Err(self.incomplete(needs, &[&["TOKEN"], &["CLIENT_ID", "CLIENT_SECRET"]])),
        }
    }

    /// The error for credentials none of whose `choices` is complete: `needs` says what the
    /// provider needs, each choice is a set of keys that together suffice. It names the first
    /// missing key of a choice partly set (the one the caller was setting up), otherwise the
    /// first key of the first choice.
    pub fn incomplete(&self, needs: &str, choices: &[&[&str]]) -> EnvError {
        let partly_set = choices.iter().find(|keys| {
            let set = keys.iter().filter(|k| self.get(k).is_some()).count();
            set > 0 && set < keys.len()
        });
        let culprit = partly_set
            .and_then(|keys| keys.iter().find(|k| self.get(k).is_none()))
            .or_else(|| choices.first().and_then(|keys| keys.first()))
            .map_or_else(|| self.prefix.clone(), |k| self.name(k));
        let options: Vec<String> = choices
            .iter()
            .map(|keys| {
                keys.iter()
                    .map(|k| self.name(k))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        EnvError::missing(culprit, format!("{needs}: {}", options.join(", or ")))
    }

    /// `builder` with the retries, time limits and response cap the variables set (those not
    /// set keep the builder's defaults).
    pub fn runtime(&self, mut builder: RuntimeBuilder) -> Result<RuntimeBuilder, EnvError> {
        let settings = self.settings()?;
        if let Some(retry) = settings.retry {
            builder = builder.retry(retry);
        }
        if let Some(timeouts) = settings.timeouts {
            builder = builder.timeouts(timeouts);
        }
        if let Some(limit) = settings.max_response_bytes {
            builder = builder.max_response_bytes(limit);
        }
        Ok(builder)
    }

    /// The retries, time limits and response cap the variables set.
    pub fn settings(&self) -> Result<Settings, EnvError> {
        let retries = self.parse("RETRIES", "not a number of retries (0 for none)", |v| {
            v.parse::<u32>()
        })?;
        let retry = retries.map(|n| RetryPolicy::default().max_attempts(n.saturating_add(1)));
        let total = self.duration("TIMEOUT")?;
        let attempt = self.duration("ATTEMPT_TIMEOUT")?;
        let connect = self.duration("CONNECT_TIMEOUT")?;
        let timeouts = (total.is_some() || attempt.is_some() || connect.is_some()).then(|| {
            let defaults = Timeouts::default();
            defaults
                .total(total.unwrap_or(defaults.total))
                .attempt(attempt.unwrap_or(defaults.attempt))
                .connect(connect.unwrap_or(defaults.connect))
        });
        let max_response_bytes =
            self.parse("MAX_RESPONSE_BYTES", "not a number of bytes", |v| {
                v.parse::<u64>()
            })?;
        Ok(Settings {
            retry,
            timeouts,
            max_response_bytes,
        })
    }

    /// A time limit: a duration such as `30s`, `500ms`, `2m` or `1m 30s`, more than zero (a zero
    /// limit would end every call before it starts).
    fn duration(&self, key: &str) -> Result<Option<Duration>, EnvError> {
        let reason = "not a duration above zero (e.g. 30s, 500ms, 2m)";
        let limit = self.parse(key, reason, humantime::parse_duration)?;
        match limit {
            Some(d) if d.is_zero() => Err(EnvError::invalid(self.name(key), reason)),
            other => Ok(other),
        }
    }
}

/// The runtime settings every provider reads from its variables; `None` where the variable is
/// not set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// From `RETRIES`: the default policy with that many retries.
    pub retry: Option<RetryPolicy>,
    /// From `TIMEOUT`, `ATTEMPT_TIMEOUT`, `CONNECT_TIMEOUT`: the defaults with those set.
    pub timeouts: Option<Timeouts>,
    /// From `MAX_RESPONSE_BYTES`.
    pub max_response_bytes: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> Env<impl Fn(&str) -> Option<String>> {
        let vars: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Env::new("kratos", move |name: &str| vars.get(name).cloned())
    }

    #[test]
    fn names_carry_the_provider() {
        assert_eq!(env(&[]).name("BASE_URL"), "USERAPI_KRATOS_BASE_URL");
    }

    #[test]
    fn settings_read_every_variable() {
        let got = env(&[
            ("USERAPI_KRATOS_RETRIES", "0"),
            ("USERAPI_KRATOS_TIMEOUT", "1m 30s"),
            ("USERAPI_KRATOS_CONNECT_TIMEOUT", "500ms"),
            ("USERAPI_KRATOS_MAX_RESPONSE_BYTES", "1024"),
        ])
        .settings()
        .unwrap();
        assert_eq!(got.retry.map(|r| r.max_attempts), Some(1));
        let timeouts = got.timeouts.unwrap();
        assert_eq!(timeouts.total, Duration::from_secs(90));
        assert_eq!(timeouts.connect, Duration::from_millis(500));
        assert_eq!(timeouts.attempt, Timeouts::default().attempt);
        assert_eq!(got.max_response_bytes, Some(1024));
        assert_eq!(env(&[]).settings().unwrap(), Settings::default());
    }

    #[test]
    fn empty_counts_as_unset() {
        let e = env(&[("USERAPI_KRATOS_RETRIES", "")]);
        assert_eq!(e.settings().unwrap(), Settings::default());
        assert_eq!(e.get("RETRIES"), None);
    }

    #[test]
    fn bad_values_name_their_variable_without_the_value() {
        for (key, value) in [
            ("RETRIES", "abc"),
            ("RETRIES", "-1"),
            ("TIMEOUT", "-1"),
            ("TIMEOUT", "0h"),
            ("ATTEMPT_TIMEOUT", "soon-ish"),
            ("CONNECT_TIMEOUT", "5 parsecs"),
            ("MAX_RESPONSE_BYTES", "lots"),
        ] {
            let name = format!("USERAPI_KRATOS_{key}");
            let err = env(&[(&name, value)]).settings().unwrap_err();
            assert_eq!(err.variable, name);
            assert!(!err.missing);
            let text = err.to_string();
            assert!(text.starts_with(&format!("{name}: not a ")), "{text}");
            assert!(!text.contains(value), "{text}");
        }
    }

    #[test]
    fn a_bad_url_says_why_without_repeating_it() {
        let err = env(&[("USERAPI_KRATOS_BASE_URL", "ftp://s3cr3t@h")])
            .base_url("the admin API's URL")
            .unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("USERAPI_KRATOS_BASE_URL: not a usable URL: it has the scheme"),
            "{text}"
        );
        assert!(!text.contains("s3cr3t"), "{text}");
        let missing = env(&[]).base_url("the admin API's URL").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "USERAPI_KRATOS_BASE_URL is not set: the admin API's URL"
        );
        assert_eq!(
            env(&[("USERAPI_KRATOS_BASE_URL", "http://127.0.0.1:1/x/")])
                .base_url_or("http://unused")
                .unwrap(),
            "http://127.0.0.1:1/x"
        );
    }

    #[test]
    fn incomplete_credentials_name_the_variable_being_set_up() {
        let choices: &[&[&str]] = &[&["TOKEN"], &["CLIENT_ID", "CLIENT_SECRET"]];
        let none = env(&[]).incomplete("kratos needs a token", choices);
        assert_eq!(none.variable, "USERAPI_KRATOS_TOKEN");
        assert_eq!(
            none.to_string(),
            "USERAPI_KRATOS_TOKEN is not set: kratos needs a token: USERAPI_KRATOS_TOKEN, \
             or USERAPI_KRATOS_CLIENT_ID and USERAPI_KRATOS_CLIENT_SECRET"
        );
        let half = env(&[("USERAPI_KRATOS_CLIENT_ID", "id")]).incomplete("x", choices);
        assert_eq!(half.variable, "USERAPI_KRATOS_CLIENT_SECRET");
    }
}
