//! Where a profile's secret comes from: an environment variable, or a command that prints it
//! (as aws `credential_process`). The command runs each time a call needs the secret; its
//! output is never stored, cached or shown, and no error quotes it.

use std::fmt;
use std::process::{Command, Stdio};

/// A secret's source, as a profile names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `{ env = "VARIABLE" }`.
    Env(String),
    /// `{ command = ["program", "arg"] }`: run as given, no shell.
    Argv(Vec<String>),
    /// `{ command = "program arg | filter" }`: run by the platform's shell.
    Shell(String),
}

impl Source {
    /// Reads `{ env = ... }` or `{ command = ... }`.
    pub fn from_table(table: &toml::Table) -> Result<Self, String> {
        const FORM: &str =
            "a source is { env = \"VARIABLE\" } or { command = [\"program\", \"arg\"] }";
        if table.len() != 1 {
            return Err(FORM.to_string());
        }
        match (table.get("env"), table.get("command")) {
            (Some(toml::Value::String(name)), None) if !name.is_empty() => {
                Ok(Self::Env(name.clone()))
            }
            (None, Some(toml::Value::String(line))) if !line.trim().is_empty() => {
                Ok(Self::Shell(line.clone()))
            }
            (None, Some(toml::Value::Array(words))) if !words.is_empty() => words
                .iter()
                .map(|w| w.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .map(Self::Argv)
                .ok_or_else(|| format!("{FORM}: every word of the command a string")),
            _ => Err(FORM.to_string()),
        }
    }

    /// The secret; `Err` says why not, naming the variable or the command, never output.
    pub fn read(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
        match self {
            Self::Env(name) => env(name)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| format!("the environment variable {name} is not set")),
            Self::Argv(_) | Self::Shell(_) => self.run(),
        }
    }

    fn run(&self) -> Result<String, String> {
        let mut command = match self {
            Self::Argv(words) => {
                let (program, args) = words
                    .split_first()
                    .ok_or_else(|| "the credential command is empty".to_string())?;
                let mut c = Command::new(program);
                c.args(args);
                c
            }
            Self::Shell(line) => shell(line),
            Self::Env(_) => return Err("not a command".to_string()),
        };
        // stdin and stderr stay the user's, so a command can prompt (a password manager)
        // and say why it failed; stdout is the secret and goes nowhere but the call.
        let output = command
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("the credential command {self} could not start: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "the credential command {self} failed ({})",
                output.status
            ));
        }
        let text = String::from_utf8(output.stdout)
            .map_err(|_| format!("the credential command {self} printed no UTF-8 text"))?;
        let secret = text.trim();
        if secret.is_empty() {
            return Err(format!("the credential command {self} printed nothing"));
        }
        Ok(secret.to_string())
    }
}

#[cfg(unix)]
fn shell(line: &str) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c").arg(line);
    c
}

#[cfg(windows)]
fn shell(line: &str) -> Command {
    let mut c = Command::new("cmd");
    c.arg("/C").arg(line);
    c
}

impl Source {
    /// The source as the file writes it, for `config show`.
    pub fn as_toml(&self) -> String {
        match self {
            Self::Env(name) => format!("{{ env = {} }}", quoted(name)),
            Self::Argv(words) => {
                let words: Vec<String> = words.iter().map(|w| quoted(w)).collect();
                format!("{{ command = [{}] }}", words.join(", "))
            }
            Self::Shell(line) => format!("{{ command = {} }}", quoted(line)),
        }
    }
}

/// A TOML basic string.
pub fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

impl fmt::Display for Source {
    /// How errors name the source: the variable, or the command in backquotes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env(name) => write!(f, "the environment variable {name}"),
            Self::Argv(words) => write!(f, "`{}`", words.join(" ")),
            Self::Shell(line) => write!(f, "`{line}`"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Result<Source, String> {
        let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
        match table.get("s") {
            Some(toml::Value::Table(t)) => Source::from_table(t),
            _ => Err("no table `s`".to_string()),
        }
    }

    #[test]
    fn sources_are_an_env_variable_or_a_command() {
        assert_eq!(source("s = { env = \"K\" }"), Ok(Source::Env("K".into())));
        assert_eq!(
            source("s = { command = [\"pass\", \"show\"] }"),
            Ok(Source::Argv(vec!["pass".into(), "show".into()]))
        );
        assert_eq!(
            source("s = { command = \"a | b\" }"),
            Ok(Source::Shell("a | b".into()))
        );
        for wrong in [
            "s = { env = \"K\", command = \"x\" }",
            "s = { value = \"x\" }",
            "s = { command = [] }",
            "s = { command = [1] }",
            "s = { env = \"\" }",
        ] {
            assert!(source(wrong).is_err(), "{wrong}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_command_prints_the_secret_and_a_failing_one_is_named_without_its_output() {
        let ok = Source::Argv(vec!["printf".into(), "s3cr3t\\n".into()]);
        assert_eq!(ok.read(&|_| None), Ok("s3cr3t".to_string()));
        // Its output, `leaked-s3cr3t`, is not written in the command itself.
        let failing = Source::Shell("printf '%s-%s' leaked s3cr3t; exit 3".into());
        let got = failing.read(&|_| None);
        assert_eq!(
            got,
            Err(
                "the credential command `printf '%s-%s' leaked s3cr3t; exit 3` failed \
                 (exit status: 3)"
                    .into()
            )
        );
        let missing = Source::Argv(vec!["/nonexistent/userapi-credential".into()]);
        assert!(
            missing
                .read(&|_| None)
                .is_err_and(|e| e.contains("could not start"))
        );
        let silent = Source::Shell("true".into());
        assert!(
            silent
                .read(&|_| None)
                .is_err_and(|e| e.ends_with("printed nothing"))
        );
    }

    #[test]
    fn an_unset_variable_is_named() {
        let got = Source::Env("STAGING_KEY".into()).read(&|_| None);
        assert_eq!(
            got,
            Err("the environment variable STAGING_KEY is not set".into())
        );
    }
}
