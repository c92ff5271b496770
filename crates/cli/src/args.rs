//! An operation's flags as the typed values its builder takes.
//!
//! A flag's text is read as a JSON string first (names, ids, dates, enum values), then as JSON
//! (numbers, booleans): `--page-size 250` and `--id 250` both do what they look like.

use crate::catalog::Operation;
use crate::failure::Failure;
use clap::ArgMatches;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::io::Read as _;

/// The largest `--body` read (a body the APIs take is a few KiB; this only stops a mistake
/// such as `--body /dev/zero` from eating the memory).
const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// The parsed flags of one operation.
pub struct Args<'a> {
    matches: &'a ArgMatches,
    operation: &'static Operation,
}

impl<'a> Args<'a> {
    pub fn new(matches: &'a ArgMatches, operation: &'static Operation) -> Self {
        Self { matches, operation }
    }

    /// `--all` was given (only paged operations have it).
    pub fn all(&self) -> bool {
        self.operation.paged() && self.matches.get_flag("all")
    }

    /// A required flag's value.
    pub fn required<T: DeserializeOwned>(&self, flag: &str) -> Result<T, Failure> {
        self.optional(flag)?
            .ok_or_else(|| Failure::usage(format!("--{flag} is required")))
    }

    /// An optional flag's value.
    pub fn optional<T: DeserializeOwned>(&self, flag: &str) -> Result<Option<T>, Failure> {
        match self.matches.get_one::<String>(flag) {
            Some(raw) => parse(flag, raw).map(Some),
            None => Ok(None),
        }
    }

    /// A repeatable flag's values, one item per occurrence; `None` when it is absent.
    pub fn many<T: DeserializeOwned>(&self, flag: &str) -> Result<Option<Vec<T>>, Failure> {
        match self.matches.get_many::<String>(flag) {
            Some(values) => values
                .map(|raw| parse(flag, raw))
                .collect::<Result<_, _>>()
                .map(Some),
            None => Ok(None),
        }
    }

    /// A required repeatable flag's values.
    pub fn required_many<T: DeserializeOwned>(&self, flag: &str) -> Result<Vec<T>, Failure> {
        self.many(flag)?
            .ok_or_else(|| Failure::usage(format!("--{flag} is required")))
    }

    /// The request body from `--body FILE` or `--body -` (standard input).
    pub fn body<T: DeserializeOwned>(&self) -> Result<T, Failure> {
        self.optional_body()?
            .ok_or_else(|| Failure::usage("--body FILE (or - for standard input) is required"))
    }

    /// The request body, when `--body` was given.
    pub fn optional_body<T: DeserializeOwned>(&self) -> Result<Option<T>, Failure> {
        let Some(source) = self.matches.get_one::<String>("body") else {
            return Ok(None);
        };
        let text = read_body(source)?;
        let type_name = self
            .operation
            .body
            .as_ref()
            .map_or("the body", |b| b.type_name);
        let mut json = serde_json::Deserializer::from_str(&text);
        serde_path_to_error::deserialize(&mut json)
            .map(Some)
            .map_err(|e| {
                let at = e.path().to_string();
                let at = if at == "." {
                    String::new()
                } else {
                    format!(" at `{at}`")
                };
                Failure::usage(format!(
                    "--body {source}: not a {type_name}{at}: {}",
                    e.inner()
                ))
            })
    }
}

fn read_body(source: &str) -> Result<String, Failure> {
    let mut text = String::new();
    let read = if source == "-" {
        std::io::stdin()
            .take(MAX_BODY_BYTES + 1)
            .read_to_string(&mut text)
    } else {
        std::fs::File::open(source)
            .and_then(|f| f.take(MAX_BODY_BYTES + 1).read_to_string(&mut text))
    };
    let name = if source == "-" {
        "standard input"
    } else {
        source
    };
    read.map_err(|e| Failure::usage(format!("--body {name}: {e}")))?;
    if text.len() as u64 > MAX_BODY_BYTES {
        return Err(Failure::usage(format!(
            "--body {name}: larger than {} MiB",
            MAX_BODY_BYTES / 1024 / 1024
        )));
    }
    Ok(text)
}

/// A flag's text as `T`: as a JSON string, else as JSON.
pub fn parse<T: DeserializeOwned>(flag: &str, raw: &str) -> Result<T, Failure> {
    let as_string = match serde_json::from_value::<T>(Value::String(raw.to_owned())) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    match serde_json::from_str::<Value>(raw) {
        Ok(json) if !json.is_string() => serde_json::from_value(json).map_err(|e| {
            Failure::usage(format!("invalid value '{}' for --{flag}: {e}", shown(raw)))
        }),
        _ => Err(Failure::usage(format!(
            "invalid value '{}' for --{flag}: {as_string}",
            shown(raw)
        ))),
    }
}

/// A value as an error shows it: at most 80 characters.
fn shown(raw: &str) -> String {
    let mut out: String = raw.chars().take(80).collect();
    if out.len() < raw.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::num::NonZeroU64;

    #[test]
    fn flags_read_as_strings_then_json() {
        assert_eq!(parse::<String>("id", "250").ok(), Some("250".to_string()));
        assert_eq!(
            parse::<NonZeroU64>("page-size", "250").ok(),
            NonZeroU64::new(250)
        );
        assert_eq!(parse::<bool>("active", "true").ok(), Some(true));
        let zero = parse::<NonZeroU64>("page-size", "0").map_err(|e| e.to_string());
        assert!(zero.is_err_and(|m| m.contains("--page-size") && m.contains("nonzero")));
        let word = parse::<i64>("page", "ten").map_err(|e| e.to_string());
        assert!(word.is_err_and(|m| m.starts_with("invalid value 'ten' for --page")));
    }
}
