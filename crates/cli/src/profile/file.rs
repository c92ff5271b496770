//! The profile file: `USERAPI_CONFIG`, or `userapi/config.toml` in the platform's
//! configuration directory (`$XDG_CONFIG_HOME`, else `~/.config`, on Linux and macOS; the
//! roaming AppData folder on Windows), read and checked as a whole before any command uses it.

use super::{Profile, provider_section};
use crate::failure::Failure;
use etcetera::BaseStrategy as _;
use std::path::{Path, PathBuf};

/// Names another profile file than the platform's.
pub const CONFIG_VARIABLE: &str = "USERAPI_CONFIG";

/// The profile file as read.
#[derive(Debug)]
pub struct Config {
    /// Where it is (or would be).
    pub path: PathBuf,
    /// Whether it exists.
    pub found: bool,
    /// Every profile's provider sections, by profile name then provider, sorted.
    pub profiles: Vec<Profile>,
    /// What the user should know (a file others can read), one line each.
    pub warnings: Vec<String>,
}

impl Config {
    /// The section of `provider` in the profile `name`.
    pub fn profile(&self, name: &str, provider: &str) -> Option<&Profile> {
        self.profiles
            .iter()
            .find(|p| p.name == name && p.provider == provider)
    }

    /// Whether a profile called `name` exists, for any provider.
    pub fn has(&self, name: &str) -> bool {
        self.profiles.iter().any(|p| p.name == name)
    }
}

/// Reads the profile file, if there is one; `env` reads `USERAPI_CONFIG`.
pub fn load(env: &dyn Fn(&str) -> Option<String>) -> Result<Config, Failure> {
    let path = match env(CONFIG_VARIABLE).filter(|p| !p.is_empty()) {
        Some(path) => PathBuf::from(path),
        // No home directory: no file there either, and commands work without one.
        None => etcetera::choose_base_strategy()
            .map_or_else(
                |_| PathBuf::from("$XDG_CONFIG_HOME"),
                |dirs| dirs.config_dir(),
            )
            .join("userapi")
            .join("config.toml"),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Config {
                path,
                found: false,
                profiles: Vec::new(),
                warnings: Vec::new(),
            });
        }
        Err(e) => {
            return Err(Failure::usage(format!("{}: {e}", path.display())));
        }
    };
    let profiles =
        parse(&text).map_err(|why| Failure::usage(format!("{}:{why}", path.display())))?;
    let warnings = shared_with_others(&path).into_iter().collect();
    Ok(Config {
        path,
        found: true,
        profiles,
        warnings,
    })
}

/// Every provider section of every profile; `Err` is `line:col: what`, or ` what` (a
/// leading space) when no place is known. Never quotes the file: a value may be a secret
/// written where it does not belong.
fn parse(text: &str) -> Result<Vec<Profile>, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let place = e.span().map(|span| position(text, span.start));
        match place {
            Some((line, col)) => format!("{line}:{col}: {}", e.message()),
            None => format!(" {}", e.message()),
        }
    })?;
    let mut out = Vec::new();
    for (key, value) in &table {
        let (true, toml::Value::Table(profiles)) = (key == "profiles", value) else {
            return Err(format!(
                " `{key}`: the file holds only [profiles.NAME.PROVIDER] tables"
            ));
        };
        for (name, providers) in profiles {
            let toml::Value::Table(providers) = providers else {
                return Err(format!(" [profiles.{name}]: a table of providers"));
            };
            for (provider, section) in providers {
                if crate::catalog::provider(provider).is_none() {
                    return Err(format!(
                        " [profiles.{name}.{provider}]: no provider `{provider}`"
                    ));
                }
                let toml::Value::Table(section) = section else {
                    return Err(format!(
                        " [profiles.{name}.{provider}]: a table of settings"
                    ));
                };
                out.push(provider_section(name, provider, section).map_err(|e| format!(" {e}"))?);
            }
        }
    }
    Ok(out)
}

/// Line and column (from 1) of byte `at` of `text`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A warning when users other than the owner may read or change the file: its commands run
/// with the user's rights, and what it names should stay the user's business.
#[cfg(unix)]
fn shared_with_others(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "{} can be read or changed by other users (mode {mode:o}); `chmod 600` it",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn shared_with_others(_path: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_holds_profiles_of_known_providers() {
        let got = parse(
            "[profiles.a.kratos]\nretries = 1\n[profiles.a.circuit]\nregion = \"sandbox\"\n\
             [profiles.b.kratos]\n",
        );
        let names: Vec<(String, String)> = got
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.name, p.provider))
            .collect();
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            names,
            [
                pair("a", "circuit"),
                pair("a", "kratos"),
                pair("b", "kratos")
            ]
        );
        for (text, want) in [
            (
                "[profiles.a.krato]\n",
                " [profiles.a.krato]: no provider `krato`",
            ),
            ("[profile.a.kratos]\n", " `profile`: the file holds only"),
            ("[profiles]\na = 1\n", " [profiles.a]: a table of providers"),
            ("[profiles.a.kratos]\nbase_url = \n", "2:12: "),
        ] {
            let got = parse(text);
            assert!(
                got.as_ref().is_err_and(|e| e.starts_with(want)),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn a_syntax_error_is_placed_without_quoting_the_line() {
        let got = parse("[profiles.a.kratos]\ntoken = \"s3cr3t\n");
        assert!(
            got.as_ref()
                .is_err_and(|e| e.starts_with("2:") && !e.contains("s3cr3t")),
            "{got:?}"
        );
    }
}
