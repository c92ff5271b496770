//! The providers a `userapi people` command talks to: each one named or configured, its client
//! built from the same layers as its own commands (`setup.rs`), or from the `--mock` servers.

use crate::failure::Failure;
use crate::mock;
use crate::profile;
use crate::setup::Setup;
use clap::ArgMatches;
use userapi_people::{Directory, Provider};

/// The providers with user records, in the order rows and plans show them.
pub const ALL: [Provider; 4] = [
    Provider::Kratos,
    Provider::PureCloud,
    Provider::SendAuth,
    Provider::Circuit,
];

/// The directories of one command, and the mock servers behind them (kept alive with them).
pub struct Directories {
    pub list: Vec<Directory>,
    _servers: Option<mock::People>,
}

/// A provider name as `--providers`, `--from` and `--against` take it.
pub fn provider(name: &str) -> Result<Provider, Failure> {
    let provider = name.parse::<Provider>().map_err(|_| {
        Failure::usage(format!(
            "`{}` is not a provider with people: one of {}",
            name.trim(),
            super::command::PROVIDERS
        ))
    })?;
    if !ALL.contains(&provider) {
        return Err(provider_without_people(provider));
    }
    Ok(provider)
}

/// The providers `--providers` names, in the order given without repeats; `None` when absent.
pub fn named(m: &ArgMatches) -> Result<Option<Vec<Provider>>, Failure> {
    let Some(names) = m.get_many::<String>("providers") else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for name in names.filter(|n| !n.trim().is_empty()) {
        let p = provider(name)?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.is_empty() {
        return Err(Failure::usage(format!(
            "--providers: name at least one of {}",
            super::command::PROVIDERS
        )));
    }
    Ok(Some(out))
}

/// The directories of `named` providers (each must be configured), or of every configured one.
pub fn resolve(
    m: &ArgMatches,
    named: Option<&[Provider]>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Directories, Failure> {
    let candidates = named.unwrap_or(&ALL);
    if candidates.len() > 1 {
        for flag in ["base-url", "region"] {
            if m.try_get_one::<String>(flag).ok().flatten().is_some() {
                return Err(Failure::usage(format!(
                    "--{flag} names one provider's address: add --providers with one provider, \
                     or set USERAPI_<PROVIDER>_{} for each",
                    flag.to_ascii_uppercase().replace('-', "_")
                )));
            }
        }
    }
    let config = profile::load(env)?;
    crate::warn(&config.warnings);
    let profile_name = profile::named(
        m.try_get_one::<String>("profile")
            .ok()
            .flatten()
            .map(String::as_str),
        env,
    );
    // A profile named but absent is an error once, whichever providers it covers.
    profile::active(&config, profile_name.as_deref())?;
    let servers = if m.get_flag("mock") {
        Some(mock::serve_people()?)
    } else {
        None
    };
    let mut list = Vec::new();
    for &p in candidates {
        let name = p.as_str();
        let chosen = match profile::select(&config, profile_name.as_deref(), name) {
            Ok(chosen) => chosen,
            // A provider the profile leaves out is configured by flags and environment alone.
            Err(_) if named.is_none() => None,
            Err(f) => return Err(f),
        };
        let mock_url = servers.as_ref().map(|s| s.base_url(name));
        let setup = if named.is_some() {
            Some(Setup::from_flags(
                name,
                m,
                env,
                chosen,
                mock_url.as_deref(),
            )?)
        } else {
            Setup::if_configured(name, m, env, chosen, mock_url.as_deref())?
        };
        if let Some(setup) = setup {
            list.push(directory(p, &setup)?);
        }
    }
    if list.is_empty() {
        return Err(Failure::usage(
            "no provider is configured: set USERAPI_KRATOS_BASE_URL, USERAPI_PURECLOUD_TOKEN, \
             USERAPI_SENDAUTH_USER and USERAPI_SENDAUTH_PASSWORD or USERAPI_CIRCUIT_TOKEN \
             (or a profile), or try --mock",
        ));
    }
    Ok(Directories {
        list,
        _servers: servers,
    })
}

/// The directory of `provider`'s client as `setup` describes it.
fn directory(provider: Provider, setup: &Setup) -> Result<Directory, Failure> {
    let url = setup.base_url();
    Ok(match provider {
        Provider::Kratos => {
            use userapi_kratos::Client;
            Client::with_runtime(url, setup.runtime(Client::runtime_builder())?).into()
        }
        Provider::PureCloud => {
            use userapi_purecloud::Client;
            Client::with_runtime(url, setup.runtime(Client::runtime_builder())?).into()
        }
        Provider::SendAuth => {
            use userapi_sendauth::Client;
            Client::with_runtime(url, setup.runtime(Client::runtime_builder())?).into()
        }
        Provider::Circuit => {
            use userapi_circuit::Client;
            Client::with_runtime(url, setup.runtime(Client::runtime_builder())?).into()
        }
        other => return Err(provider_without_people(other)),
    })
}

fn provider_without_people(p: Provider) -> Failure {
    Failure::usage(format!(
        "{p} has no people directory: one of {}",
        super::command::PROVIDERS
    ))
}
