//! The `userapi` command line: every operation of the generated provider clients as
//! `userapi <provider> <operation> [--param value]...`, answers on stdout as JSON, JSON lines,
//! YAML or a table (`--output`), optionally through a jq expression (`--query`).
//!
//! Commands, flags, help and the `--mock` answers are generated from `specs/<provider>.yaml`
//! by `cargo xtask generate` (`src/generated/`); the rest of this crate is hand-written and
//! provider-neutral, except `setup.rs`, which names the provider crate whose
//! `Client::from_env_with` reads each provider's settings.

mod app;
mod args;
pub mod catalog;
mod failure;
#[rustfmt::skip]
#[allow(missing_docs)]
mod generated;
mod mock;
mod output;
mod people;
mod profile;
mod setup;

pub use app::command;
pub use failure::code;
pub use setup::env_name;

/// The `--mock` fixtures of `userapi people` (for the tests that serve them themselves).
#[cfg(feature = "mock")]
#[doc(hidden)]
pub use mock::people as people_mock;

/// What the generated modules use.
pub(crate) mod invoke {
    pub use crate::args::Args;
    pub use crate::failure::Failure;
    pub use crate::output::Output;
    pub use crate::setup::Setup;

    /// Decodes the canned pages of a paged operation (`--mock`).
    #[cfg(feature = "mock")]
    pub fn decode_pages<T: serde::de::DeserializeOwned>(
        operation: &str,
        pages: &[&str],
    ) -> Result<Vec<T>, Failure> {
        pages
            .iter()
            .map(|text| serde_json::from_str(text))
            .collect::<Result<_, _>>()
            .map_err(|e| Failure::internal(format!("the canned pages of {operation}: {e}")))
    }
}

use failure::Failure;
use output::{Output, Settings, Terminals};
use std::ffi::OsString;
use std::io::{IsTerminal as _, Write};
use std::process::ExitCode;

/// Runs the command line of this process.
pub fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let terminal = stdout.is_terminal();
    run(
        std::env::args_os(),
        &|name| std::env::var(name).ok(),
        Box::new(stdout),
        terminal,
    )
}

/// Runs a command line: `argv` (program name first), environment lookups through `env`,
/// answers to `out` (by default when `terminal`: a listing as a table, anything else as YAML;
/// JSON otherwise). Messages go to stderr.
pub fn run(
    argv: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    env: &dyn Fn(&str) -> Option<String>,
    mut out: Box<dyn Write>,
    terminal: bool,
) -> ExitCode {
    let matches = match command().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(code::USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match dispatch(&matches, env, &mut out, terminal) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let text = f.to_string();
            if !text.is_empty() {
                eprintln!("userapi: {text}");
            }
            f.exit_code()
        }
    }
}

fn dispatch(
    matches: &clap::ArgMatches,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Box<dyn Write>,
    terminal: bool,
) -> Result<(), Failure> {
    let (provider_name, provider_matches) = matches
        .subcommand()
        .ok_or_else(|| Failure::usage("name a provider"))?;
    if provider_name == "completions" {
        let shell = provider_matches
            .get_one::<clap_complete::Shell>("shell")
            .copied()
            .ok_or_else(|| Failure::usage("name a shell"))?;
        clap_complete::generate(shell, &mut command(), "userapi", out);
        return Ok(());
    }
    if provider_name == "man" {
        return man_pages(provider_matches);
    }
    if provider_name == "config" {
        return config_show(provider_matches, env, out);
    }
    if provider_name == "people" {
        verbose(provider_matches);
        return people::run(provider_matches, env, out.as_mut(), terminal);
    }
    let provider =
        catalog::provider(provider_name).ok_or_else(|| Failure::unknown_provider(provider_name))?;
    let (op_name, m) = provider_matches
        .subcommand()
        .ok_or_else(|| Failure::usage(format!("name an operation of {provider_name}")))?;
    let operation = provider
        .operation(op_name)
        .ok_or_else(|| Failure::unknown_operation(op_name))?;
    verbose(m);
    // Before the call: a bad `--output`, `--columns` or `--query` is a usage error at once.
    let settings = {
        let terminals = Terminals {
            stdout: terminal,
            stderr: std::io::stderr().is_terminal(),
        };
        Settings::from_flags(m, operation, terminals, env)?
    };
    let config = profile::load(env)?;
    warn(&config.warnings);
    let named = profile::named(profile_flag(m).as_deref(), env);
    let chosen = profile::select(&config, named.as_deref(), provider.name)?;
    // Kept alive until the call is done.
    let server = if m.get_flag("mock") {
        let flag = |name: &str| m.try_get_one::<String>(name).ok().flatten().cloned();
        Some(mock::serve(provider.name, operation, &flag)?)
    } else {
        None
    };
    let mock_url = server.as_ref().map(|s| s.base_url());
    let setup = setup::Setup::from_flags(provider.name, m, env, chosen, mock_url.as_deref())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::internal(format!("cannot start the async runtime: {e}")))?;
    let mut output = Output::new(settings, out.as_mut());
    runtime.block_on(generated::call(
        provider.name,
        &setup,
        operation.id,
        &args::Args::new(m, operation),
        &mut output,
    ))
}

/// `--verbose`: each call traced on stderr.
fn verbose(m: &clap::ArgMatches) {
    let on = m
        .subcommand()
        .map_or(m, |(_, sub)| sub)
        .try_get_one::<bool>("verbose")
        .ok()
        .flatten()
        .copied()
        .unwrap_or(false);
    if on {
        // `try_init`: a second run in one process (tests) keeps the first subscriber.
        let _ = tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_max_level(tracing_subscriber::filter::LevelFilter::DEBUG)
            .try_init();
    }
}

/// `--profile`, global: given before or after the subcommands.
fn profile_flag(m: &clap::ArgMatches) -> Option<String> {
    m.try_get_one::<String>("profile").ok().flatten().cloned()
}

/// `userapi config show`.
fn config_show(
    m: &clap::ArgMatches,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Box<dyn Write>,
) -> Result<(), Failure> {
    let m = m.subcommand_matches("show").unwrap_or(m);
    let config = profile::load(env)?;
    warn(&config.warnings);
    let named = profile::named(profile_flag(m).as_deref(), env);
    let active = profile::active(&config, named.as_deref())?;
    profile::show(&config, named.as_deref(), active, out.as_mut())
        .map_err(|e| Failure::internal(format!("cannot write the profiles: {e}")))
}

/// Each warning as one line on stderr.
pub(crate) fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("userapi: warning: {w}");
    }
}

/// `userapi man [DIR]`: one page per command, from the same command tree as `--help`.
fn man_pages(m: &clap::ArgMatches) -> Result<(), Failure> {
    let dir = m
        .get_one::<std::path::PathBuf>("dir")
        .cloned()
        .unwrap_or_else(|| ".".into());
    let failed = |e: std::io::Error| Failure::internal(format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(&dir).map_err(failed)?;
    clap_mangen::generate_to(command(), &dir).map_err(failed)?;
    eprintln!("userapi: man pages written to {}", dir.display());
    Ok(())
}
