//! The client a command uses. Each provider crate reads its own `USERAPI_<PROVIDER>_<NAME>`
//! variables (`Client::from_env_with`); this module only layers the flags over the environment
//! over the profile (flags first, `--oauth-client-id` for `USERAPI_<PROVIDER>_CLIENT_ID`; a
//! profile's settings are the same variables, `profile.rs`), names the flag beside
//! the variable in errors, and swaps in the mock server for `--mock`. Secrets are read, never
//! shown: not in help (no defaults are printed), errors or `--verbose` output.

use crate::failure::Failure;
use crate::profile::Profile;
use clap::ArgMatches;
use reqwest::header::AUTHORIZATION;
use std::collections::HashMap;
use userapi_runtime::env::{Env, EnvError, Settings};
use userapi_runtime::{Credentials, Runtime, RuntimeBuilder};

/// The global flags that stand for a `USERAPI_<PROVIDER>_<NAME>` variable.
const FLAGS: [&str; 15] = [
    "base-url",
    "region",
    "retries",
    "timeout",
    "attempt-timeout",
    "connect-timeout",
    "max-response-bytes",
    "token",
    "api-key",
    "user",
    "password",
    "oauth-client-id",
    "oauth-client-secret",
    "oauth-environment-id",
    "oauth-token-url",
];

/// Everything a provider's client is built from.
#[derive(Debug)]
pub struct Setup {
    base_url: String,
    runtime: Source,
}

#[derive(Debug)]
enum Source {
    /// What the provider's `from_env_with` built.
    Provider(Runtime),
    /// Credentials and settings for the provider's `Client::runtime_builder()`: `--mock` (the
    /// mock server's credentials) or a provider no crate is matched for below.
    Parts(Credentials, Settings),
}

impl Setup {
    /// The base URL the client calls.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The runtime of the client: the provider's own, or one from `builder` (the provider's
    /// `Client::runtime_builder()`).
    pub fn runtime(&self, builder: RuntimeBuilder) -> Result<Runtime, Failure> {
        Ok(match &self.runtime {
            Source::Provider(runtime) => runtime.clone(),
            Source::Parts(credentials, settings) => {
                let mut builder = builder.credentials(credentials.clone());
                if let Some(retry) = settings.retry {
                    builder = builder.retry(retry);
                }
                if let Some(timeouts) = settings.timeouts {
                    builder = builder.timeouts(timeouts);
                }
                if let Some(limit) = settings.max_response_bytes {
                    builder = builder.max_response_bytes(limit);
                }
                builder.build()
            }
        })
    }

    /// The setup of `provider` from the flags in `matches`, the environment `env` and, under
    /// both, `profile`.
    pub fn from_flags(
        provider: &str,
        matches: &ArgMatches,
        env: &dyn Fn(&str) -> Option<String>,
        profile: Option<&Profile>,
        mock_url: Option<&str>,
    ) -> Result<Self, Failure> {
        Self::resolve(provider, matches, env, profile, mock_url)?.map_err(|(_, failure)| failure)
    }

    /// As [`Setup::from_flags`], `None` when the provider is not configured: a setting it
    /// needs is set nowhere (a setting that is set but unusable is still an error).
    pub fn if_configured(
        provider: &str,
        matches: &ArgMatches,
        env: &dyn Fn(&str) -> Option<String>,
        profile: Option<&Profile>,
        mock_url: Option<&str>,
    ) -> Result<Option<Self>, Failure> {
        match Self::resolve(provider, matches, env, profile, mock_url)? {
            Ok(setup) => Ok(Some(setup)),
            Err((missing, _)) if missing => Ok(None),
            Err((_, failure)) => Err(failure),
        }
    }

    /// The setup, or the provider's own error: whether a setting is missing, and the failure
    /// naming it. `Err` only for a profile whose secret cannot be read.
    fn resolve(
        provider: &str,
        matches: &ArgMatches,
        env: &dyn Fn(&str) -> Option<String>,
        profile: Option<&Profile>,
        mock_url: Option<&str>,
    ) -> Result<Result<Self, (bool, Failure)>, Failure> {
        let layered = |name: &str| -> Option<String> {
            FLAGS
                .iter()
                .find(|flag| env_name(provider, flag) == name)
                .and_then(|flag| matches.try_get_one::<String>(flag).ok().flatten().cloned())
                .or_else(|| env(name))
        };
        // Only what flags and environment leave unset is read: a credential command whose
        // secret a flag gives does not run.
        let from_profile = match profile {
            Some(p) => p.variables(&|name| layered(name).is_some(), env, mock_url.is_none())?,
            None => HashMap::new(),
        };
        let lookup = |name: &str| layered(name).or_else(|| from_profile.get(name).cloned());
        let failure = |e: EnvError| {
            let failure = match profile {
                Some(p) if from_profile.contains_key(&e.variable) => Failure::usage(format!(
                    "{} (set by profile `{}`)",
                    usage(provider, &e),
                    p.name
                )),
                _ => usage(provider, &e),
            };
            (e.missing, failure)
        };
        if let Some(url) = mock_url {
            // The mock server takes any credentials; none of the caller's are needed or sent.
            return Ok(Env::new(provider, lookup)
                .settings()
                .map(|settings| Self {
                    base_url: url.trim_end_matches('/').to_string(),
                    runtime: Source::Parts(mock_credentials(provider), settings),
                })
                .map_err(failure));
        }
        Ok(match provider {
            "pingone" => built(
                userapi_pingone::Client::from_env_with(lookup)
                    .map(|c| parts(c.base_url(), c.runtime())),
            ),
            "kratos" => built(
                userapi_kratos::Client::from_env_with(lookup)
                    .map(|c| parts(c.base_url(), c.runtime())),
            ),
            "purecloud" => built(
                userapi_purecloud::Client::from_env_with(lookup)
                    .map(|c| parts(c.base_url(), c.runtime())),
            ),
            "sendauth" => built(
                userapi_sendauth::Client::from_env_with(lookup)
                    .map(|c| parts(c.base_url(), c.runtime())),
            ),
            "circuit" => built(
                userapi_circuit::Client::from_env_with(lookup)
                    .map(|c| parts(c.base_url(), c.runtime())),
            ),
            _ => unknown_provider(provider, lookup),
        }
        .map_err(failure))
    }
}

/// `USERAPI_KRATOS_API_KEY` for `--api-key`; the `oauth-` of OAuth flags is left out
/// (`--oauth-client-id` → `USERAPI_PINGONE_CLIENT_ID`).
pub fn env_name(provider: &str, flag: &str) -> String {
    let name = flag.strip_prefix("oauth-").unwrap_or(flag);
    format!("USERAPI_{}_{}", provider, name)
        .to_ascii_uppercase()
        .replace('-', "_")
}

/// The base URL and runtime of a client a provider crate built.
fn parts(base_url: &str, runtime: &Runtime) -> (String, Runtime) {
    (base_url.to_string(), runtime.clone())
}

/// The setup of a client a provider crate built.
fn built(client: Result<(String, Runtime), EnvError>) -> Result<Setup, EnvError> {
    client.map(|(base_url, runtime)| Setup {
        base_url,
        runtime: Source::Provider(runtime),
    })
}

/// A usage error from the provider's: each variable it names is shown with its flag, since
/// either may have set it (`--timeout (USERAPI_KRATOS_TIMEOUT): not a duration ...`).
fn usage(provider: &str, error: &EnvError) -> Failure {
    let text = error.to_string();
    let mut message = String::with_capacity(text.len() + 32);
    let mut rest = text.as_str();
    let is_name = |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_';
    while let Some(start) = rest.find(is_name) {
        message.push_str(&rest[..start]);
        let word = &rest[start..];
        let end = word.find(|c: char| !is_name(c)).unwrap_or(word.len());
        let name = &word[..end];
        match FLAGS.iter().find(|flag| env_name(provider, flag) == name) {
            Some(flag) => message.push_str(&format!("--{flag} ({name})")),
            None => message.push_str(name),
        }
        rest = &word[end..];
    }
    message.push_str(rest);
    Failure::usage(message)
}

fn mock_credentials(provider: &str) -> Credentials {
    match provider {
        "sendauth" => Credentials::basic("mock", "mock"),
        _ => Credentials::bearer("mock-token"),
    }
}

/// A provider with no crate match above yet (one `cargo xtask new-provider` just added): a
/// base URL and any of the usual credentials.
fn unknown_provider(
    provider: &str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Setup, EnvError> {
    let env = Env::new(provider, lookup);
    let base_url = env.base_url(&format!("{provider} needs its API's URL"))?;
    let credentials = match (
        env.secret("TOKEN"),
        env.get("USER"),
        env.secret("PASSWORD"),
        env.get("API_KEY"),
    ) {
        (Some(t), ..) => Credentials::bearer(t),
        (None, Some(user), Some(password), _) => Credentials::basic(user, password),
        (None, _, _, Some(key)) => Credentials::header(AUTHORIZATION, format!("Bearer {key}")),
        _ => Credentials::None,
    };
    Ok(Setup {
        base_url,
        runtime: Source::Parts(credentials, env.settings()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_names() {
        assert_eq!(env_name("kratos", "api-key"), "USERAPI_KRATOS_API_KEY");
        assert_eq!(
            env_name("pingone", "oauth-client-id"),
            "USERAPI_PINGONE_CLIENT_ID"
        );
        assert_eq!(env_name("circuit", "base-url"), "USERAPI_CIRCUIT_BASE_URL");
    }

    #[test]
    fn errors_name_the_flag_beside_each_variable() {
        let error = EnvError::missing(
            "USERAPI_CIRCUIT_TOKEN",
            "needs USERAPI_CIRCUIT_TOKEN_URL and USERAPI_CIRCUIT_CLIENT_ID, or USERAPI_OTHER_X",
        );
        assert_eq!(
            usage("circuit", &error).to_string(),
            "--token (USERAPI_CIRCUIT_TOKEN) is not set: needs --oauth-token-url \
             (USERAPI_CIRCUIT_TOKEN_URL) and --oauth-client-id (USERAPI_CIRCUIT_CLIENT_ID), \
             or USERAPI_OTHER_X"
        );
    }
}
