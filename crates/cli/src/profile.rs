//! Named profiles: per provider, the settings a command would otherwise take from
//! `USERAPI_<PROVIDER>_*` variables, kept in `config.toml` in the platform's configuration
//! directory (`file.rs`). A profile is the lowest layer: flags, then the environment, then the
//! profile. It never holds a secret: `token`, `api_key`, `password` and `client_secret` name
//! their source (`source.rs`), an environment variable or a command that prints the secret,
//! run when a call needs it and never kept.
//!
//! ```toml
//! [profiles.staging.kratos]
//! base_url = "https://kratos.staging.example.com"
//! api_key = { env = "STAGING_KRATOS_API_KEY" }
//! retries = 3
//! timeout = "30s"
//! output = "table"
//! ```

mod file;
mod show;
mod source;

pub use file::{Config, load};
pub use show::show;

use crate::failure::Failure;
use source::Source;
use std::collections::HashMap;

/// The settings a profile may give, as named in the file: each is the variable
/// `USERAPI_<PROVIDER>_<KEY>` in upper case (`base_url` → `USERAPI_KRATOS_BASE_URL`).
const SETTINGS: [&str; 15] = [
    "base_url",
    "region",
    "retries",
    "timeout",
    "attempt_timeout",
    "connect_timeout",
    "max_response_bytes",
    "user",
    "client_id",
    "environment_id",
    "token_url",
    "token",
    "api_key",
    "password",
    "client_secret",
];

/// Settings that are secrets: a profile names their source, never their value.
const SECRETS: [&str; 4] = ["token", "api_key", "password", "client_secret"];

/// The default of the output format; not a variable of the provider crates.
const OUTPUT: &str = "output";

/// One provider's part of a named profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The profile's name (`staging`).
    pub name: String,
    /// The provider (`kratos`).
    pub provider: String,
    /// Each setting as written, in file order.
    settings: Vec<(String, Value)>,
    /// The output format the profile asks for (`table`); checked by the output code.
    pub output: Option<String>,
}

/// A setting's value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// Written in the file (never a secret).
    Plain(String),
    /// Read from where it points, when needed.
    From(Source),
}

impl Profile {
    /// The values of the variables this profile sets and `already_set` says are not set by a
    /// flag or the environment, by variable name (`USERAPI_KRATOS_API_KEY`). A secret's source
    /// is read only when `secrets` (not for `--mock`); `env` reads environment variables.
    pub fn variables(
        &self,
        already_set: &dyn Fn(&str) -> bool,
        env: &dyn Fn(&str) -> Option<String>,
        secrets: bool,
    ) -> Result<HashMap<String, String>, Failure> {
        let mut out = HashMap::new();
        for (key, value) in &self.settings {
            let variable = format!("USERAPI_{}_{}", self.provider, key).to_ascii_uppercase();
            if already_set(&variable) || (!secrets && SECRETS.contains(&key.as_str())) {
                continue;
            }
            let text = match value {
                Value::Plain(text) => text.clone(),
                Value::From(source) => source
                    .read(env)
                    .map_err(|why| Failure::usage(format!("{}: `{key}`: {why}", self.label())))?,
            };
            out.insert(variable, text);
        }
        Ok(out)
    }

    /// `profile `staging` (kratos)`, as messages name it.
    fn label(&self) -> String {
        format!("profile `{}` ({})", self.name, self.provider)
    }
}

/// Names the profile to use when `--profile` does not.
pub const PROFILE_VARIABLE: &str = "USERAPI_PROFILE";

/// The profile used when none is named, if the file has it.
const DEFAULT: &str = "default";

/// The name of the profile asked for: `--profile` (`flag`), else `USERAPI_PROFILE`.
pub fn named(flag: Option<&str>, env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    flag.map(str::to_string)
        .or_else(|| env(PROFILE_VARIABLE))
        .filter(|name| !name.is_empty())
}

/// The profile of `provider` a command uses: the one `named`, which must exist, else the
/// `default` profile's section when the file has one.
pub fn select<'c>(
    config: &'c Config,
    named: Option<&str>,
    provider: &str,
) -> Result<Option<&'c Profile>, Failure> {
    let Some(name) = named else {
        return Ok(config.profile(DEFAULT, provider));
    };
    exists(config, name)?;
    config.profile(name, provider).map(Some).ok_or_else(|| {
        Failure::usage(format!(
            "profile `{name}` has no [profiles.{name}.{provider}] section in {}",
            config.path.display()
        ))
    })
}

/// The profile `config show` marks as active: the one named (which must exist), else
/// `default` when the file has it.
pub fn active<'n>(config: &Config, named: Option<&'n str>) -> Result<Option<&'n str>, Failure> {
    match named {
        Some(name) => exists(config, name).map(|()| Some(name)),
        None => Ok(config.has(DEFAULT).then_some(DEFAULT)),
    }
}

fn exists(config: &Config, name: &str) -> Result<(), Failure> {
    if !config.found {
        return Err(Failure::usage(format!(
            "profile `{name}`: there is no profile file ({} not found)",
            config.path.display()
        )));
    }
    if !config.has(name) {
        return Err(Failure::usage(format!(
            "no profile `{name}` in {}",
            config.path.display()
        )));
    }
    Ok(())
}

/// Reads one provider's table of a profile; `Err` says what is wrong, naming keys, never values.
fn provider_section(profile: &str, provider: &str, table: &toml::Table) -> Result<Profile, String> {
    let mut out = Profile {
        name: profile.to_string(),
        provider: provider.to_string(),
        settings: Vec::new(),
        output: None,
    };
    for (key, value) in table {
        let place = format!("[profiles.{profile}.{provider}] `{key}`");
        if key == OUTPUT {
            match value {
                toml::Value::String(text) => out.output = Some(text.clone()),
                _ => return Err(format!("{place}: a format name (json, table, ...)")),
            }
            continue;
        }
        if !SETTINGS.contains(&key.as_str()) {
            return Err(format!(
                "{place}: not a setting (one of {}, {OUTPUT})",
                SETTINGS.join(", ")
            ));
        }
        let value = match value {
            toml::Value::Table(t) => {
                Value::From(Source::from_table(t).map_err(|why| format!("{place}: {why}"))?)
            }
            _ if SECRETS.contains(&key.as_str()) => {
                return Err(format!(
                    "{place}: a secret is never written in a profile: name its source, \
                     {{ env = \"VARIABLE\" }} or {{ command = [\"program\", \"arg\"] }}"
                ));
            }
            toml::Value::String(text) => Value::Plain(text.clone()),
            toml::Value::Integer(n) => Value::Plain(n.to_string()),
            _ => return Err(format!("{place}: a string or a whole number")),
        };
        out.settings.push((key.clone(), value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(text: &str) -> Result<Profile, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        provider_section("staging", "kratos", &table)
    }

    #[test]
    fn settings_become_the_provider_variables_under_flags_and_environment() {
        let profile = section(
            "base_url = \"http://127.0.0.1:1\"\nretries = 3\napi_key = { env = \"KEY\" }\n\
             timeout = \"30s\"\noutput = \"table\"\n",
        );
        let profile = profile.as_ref().map_err(Clone::clone);
        assert_eq!(
            profile.as_ref().ok().and_then(|p| p.output.as_deref()),
            Some("table")
        );
        let env = |name: &str| (name == "KEY").then(|| "k-1".to_string());
        let set = |name: &str| name == "USERAPI_KRATOS_TIMEOUT";
        let got = profile.map(|p| p.variables(&set, &env, true).map_err(|f| f.to_string()));
        let mut want = HashMap::new();
        want.insert(
            "USERAPI_KRATOS_BASE_URL".to_string(),
            "http://127.0.0.1:1".to_string(),
        );
        want.insert("USERAPI_KRATOS_RETRIES".to_string(), "3".to_string());
        want.insert("USERAPI_KRATOS_API_KEY".to_string(), "k-1".to_string());
        assert_eq!(got, Ok(Ok(want)));
    }

    #[test]
    fn secrets_are_left_out_for_the_mock() {
        let profile = section("retries = 1\napi_key = { env = \"KEY\" }\n");
        let got = profile.map(|p| {
            p.variables(&|_| false, &|_| None, false)
                .map(|v| v.len())
                .ok()
        });
        assert_eq!(got, Ok(Some(1)));
    }

    #[test]
    fn a_secret_written_as_a_value_is_refused_without_echoing_it() {
        for text in [
            "token = \"s3cr3t\"",
            "client_secret = 123456",
            "password = true",
        ] {
            let got = section(text);
            let message = got.err().unwrap_or_default();
            assert!(message.contains("name its source"), "{message}");
            assert!(
                !message.contains("s3cr3t") && !message.contains("123456"),
                "{message}"
            );
        }
    }

    #[test]
    fn unknown_keys_and_wrong_types_are_named() {
        let got = section("base_uri = \"x\"");
        assert!(got.is_err_and(|e| e.contains("`base_uri`: not a setting")));
        let got = section("retries = [1]");
        assert!(got.is_err_and(|e| e.contains("`retries`: a string or a whole number")));
        let got = section("output = 1");
        assert!(got.is_err_and(|e| e.contains("`output`: a format name")));
    }
}
