//! The client a command uses: base URL, credentials, retries and time limits, from flags or
//! the environment (`USERAPI_<PROVIDER>_<NAME>`, flags first). Secrets are read, never shown:
//! not in help (no defaults are printed), errors or `--verbose` output.

use crate::failure::Failure;
use clap::ArgMatches;
use reqwest::header::AUTHORIZATION;
use std::time::Duration;
use userapi_runtime::{Credentials, RetryPolicy, Runtime, RuntimeBuilder, Secret, Timeouts};

/// Everything a provider's client is built from.
#[derive(Debug)]
pub struct Setup {
    base_url: String,
    credentials: Credentials,
    retry: RetryPolicy,
    timeouts: Timeouts,
    max_response_bytes: Option<u64>,
}

impl Setup {
    /// The base URL the client calls.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The runtime for `builder` (the provider's `Client::runtime_builder()`).
    pub fn runtime(&self, builder: RuntimeBuilder) -> Result<Runtime, Failure> {
        let builder = builder
            .credentials(self.credentials.clone())
            .retry(self.retry)
            .timeouts(self.timeouts);
        Ok(match self.max_response_bytes {
            Some(limit) => builder.max_response_bytes(limit),
            None => builder,
        }
        .build())
    }

    /// The setup of `provider` from the flags in `matches` and the environment `env`.
    pub fn from_flags(
        provider: &str,
        matches: &ArgMatches,
        env: &dyn Fn(&str) -> Option<String>,
        mock_url: Option<&str>,
    ) -> Result<Self, Failure> {
        let get = |flag: &str| -> Option<String> {
            matches
                .try_get_one::<String>(flag)
                .ok()
                .flatten()
                .cloned()
                .or_else(|| env(&env_name(provider, flag)))
                .filter(|v| !v.is_empty())
        };
        let (base_url, credentials) = match mock_url {
            // The mock server takes any credentials; none of the caller's are needed or sent.
            Some(url) => (
                url.trim_end_matches('/').to_string(),
                mock_credentials(provider),
            ),
            None => endpoint(provider, &get)?,
        };
        let mut retry = RetryPolicy::default();
        if let Some(n) = get("retries") {
            let n: u32 = n.parse().map_err(|_| {
                Failure::usage(format!(
                    "invalid value '{n}' for --retries: a number of retries, 0 for none"
                ))
            })?;
            retry = retry.max_attempts(n.saturating_add(1));
        }
        let mut timeouts = Timeouts::default();
        if let Some(d) = duration(&get, "timeout")? {
            timeouts = timeouts.total(d);
        }
        if let Some(d) = duration(&get, "attempt-timeout")? {
            timeouts = timeouts.attempt(d);
        }
        if let Some(d) = duration(&get, "connect-timeout")? {
            timeouts = timeouts.connect(d);
        }
        let max_response_bytes = match get("max-response-bytes") {
            Some(n) => Some(n.parse().map_err(|_| {
                Failure::usage(format!(
                    "invalid value '{n}' for --max-response-bytes: a number of bytes"
                ))
            })?),
            None => None,
        };
        Ok(Self {
            base_url,
            credentials,
            retry,
            timeouts,
            max_response_bytes,
        })
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

fn duration(get: &dyn Fn(&str) -> Option<String>, flag: &str) -> Result<Option<Duration>, Failure> {
    get(flag)
        .map(|text| {
            humantime::parse_duration(&text).map_err(|e| {
                Failure::usage(format!(
                    "invalid value '{text}' for --{flag}: {e} (e.g. 30s, 500ms, 2m)"
                ))
            })
        })
        .transpose()
}

fn mock_credentials(provider: &str) -> Credentials {
    match provider {
        "sendauth" => Credentials::basic("mock", "mock"),
        _ => Credentials::bearer("mock-token"),
    }
}

type Get<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The base URL and credentials of a real (not mocked) provider.
fn endpoint(provider: &str, get: Get<'_>) -> Result<(String, Credentials), Failure> {
    let token = get("token").map(|t| Credentials::bearer(Secret::from(t)));
    let oauth = || match (get("oauth-client-id"), get("oauth-client-secret")) {
        (Some(id), Some(secret)) => Some((id, Secret::from(secret))),
        _ => None,
    };
    // "--token (USERAPI_PINGONE_TOKEN), or --oauth-client-id (USERAPI_PINGONE_CLIENT_ID) and ..."
    let missing = |what: &str, choices: &[&[&str]]| {
        let choices: Vec<String> = choices
            .iter()
            .map(|flags| {
                flags
                    .iter()
                    .map(|f| format!("--{f} ({})", env_name(provider, f)))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        Failure::usage(format!(
            "{provider} needs {what}: {}",
            choices.join(", or ")
        ))
    };
    match provider {
        "pingone" => {
            use userapi_pingone::Region;
            let region: Region = match get("region") {
                Some(r) => r.parse().map_err(Failure::usage)?,
                None => Region::NorthAmerica,
            };
            let base = get("base-url").unwrap_or_else(|| region.api_url().to_string());
            let credentials = match (token, oauth(), get("oauth-environment-id")) {
                (Some(t), _, _) => t,
                (None, Some((id, secret)), Some(env_id)) => {
                    Credentials::client_credentials(region.token_url(&env_id), id, secret)
                }
                _ => {
                    return Err(missing(
                        "a token or a worker app's client credentials",
                        &[
                            &["token"],
                            &[
                                "oauth-client-id",
                                "oauth-client-secret",
                                "oauth-environment-id",
                            ],
                        ],
                    ));
                }
            };
            Ok((base, credentials))
        }
        "kratos" => {
            let base =
                get("base-url").ok_or_else(|| missing("the admin API's URL", &[&["base-url"]]))?;
            let credentials = match get("api-key") {
                Some(key) => userapi_kratos::api_key_credentials(key),
                None => Credentials::None,
            };
            Ok((base, credentials))
        }
        "purecloud" => {
            use userapi_purecloud::Region;
            let region: Region = match get("region") {
                Some(r) => r.parse().map_err(Failure::usage)?,
                None => Region::MypurecloudCom,
            };
            let base = get("base-url").unwrap_or_else(|| region.api_url().to_string());
            let credentials = match (token, oauth()) {
                (Some(t), _) => t,
                (None, Some((id, secret))) => {
                    Credentials::client_credentials(region.token_url(), id, secret)
                }
                _ => {
                    return Err(missing(
                        "a token or client credentials",
                        &[&["token"], &["oauth-client-id", "oauth-client-secret"]],
                    ));
                }
            };
            Ok((base, credentials))
        }
        "sendauth" => {
            let base = get("base-url").unwrap_or_else(|| userapi_sendauth::BASE_URL.to_string());
            match (get("user"), get("password")) {
                (Some(user), Some(password)) => Ok((base, Credentials::basic(user, password))),
                _ => Err(missing("HTTP basic credentials", &[&["user", "password"]])),
            }
        }
        "circuit" => {
            let production = match get("region").as_deref() {
                None | Some("sandbox") => false,
                Some("production") => true,
                Some(other) => {
                    return Err(Failure::usage(format!(
                        "unknown Circuit region `{other}` (sandbox, production)"
                    )));
                }
            };
            let (api, tokens) = if production {
                (
                    userapi_circuit::PRODUCTION_URL,
                    userapi_circuit::PRODUCTION_TOKEN_URL,
                )
            } else {
                (
                    userapi_circuit::SANDBOX_URL,
                    userapi_circuit::SANDBOX_TOKEN_URL,
                )
            };
            let base = get("base-url").unwrap_or_else(|| api.to_string());
            let credentials = match (token, oauth()) {
                (Some(t), _) => t,
                (None, Some((id, secret))) => {
                    let token_url = get("oauth-token-url").unwrap_or_else(|| tokens.to_string());
                    Credentials::client_credentials(token_url, id, secret)
                }
                _ => {
                    return Err(missing(
                        "a token or client credentials",
                        &[&["token"], &["oauth-client-id", "oauth-client-secret"]],
                    ));
                }
            };
            Ok((base, credentials))
        }
        // A provider this file does not know yet: a base URL and any of the usual credentials.
        _ => {
            let base = get("base-url").ok_or_else(|| missing("a base URL", &[&["base-url"]]))?;
            let credentials = match (token, get("user"), get("password"), get("api-key")) {
                (Some(t), ..) => t,
                (None, Some(user), Some(password), _) => Credentials::basic(user, password),
                (None, _, _, Some(key)) => {
                    Credentials::header(AUTHORIZATION, format!("Bearer {key}"))
                }
                _ => Credentials::None,
            };
            Ok((base, credentials))
        }
    }
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
}
