//! How answers are printed, from the output flags, the operation and whether stdout and
//! stderr are terminals.

use super::Query;
use crate::catalog::Operation;
use crate::failure::Failure;
use clap::ArgMatches;

/// A way of printing answers (`--output`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    /// JSON (indented with `--pretty` or on a terminal).
    Json,
    /// One JSON value per line: each item of a list (`--output jsonl`, `--jsonl`).
    Lines,
    /// YAML.
    Yaml,
    /// A table: a row per item, a column per field.
    Table,
}

impl Format {
    /// The names `--output` takes.
    pub const NAMES: [&'static str; 4] = ["json", "jsonl", "yaml", "table"];

    fn named(name: &str) -> Option<Self> {
        match name {
            "json" => Some(Self::Json),
            "jsonl" => Some(Self::Lines),
            "yaml" => Some(Self::Yaml),
            "table" => Some(Self::Table),
            _ => None,
        }
    }
}

/// How one command prints.
#[derive(Debug)]
#[non_exhaustive]
pub struct Settings {
    /// `None`: by the answer (on a terminal): a listing as a table, anything else as YAML.
    pub format: Option<Format>,
    /// Indented JSON.
    pub pretty: bool,
    /// `--columns`.
    pub columns: Option<Vec<String>>,
    /// The operation's `x-userapi-columns`.
    pub spec_columns: Vec<String>,
    /// The property of a page holding its items; empty when the page is the array.
    pub page_items: &'static str,
    /// The widest a table may be.
    pub width: Option<u16>,
    /// `--query`.
    pub query: Option<Query>,
    /// Whether `--all` shows a progress line on stderr.
    pub progress: bool,
}

/// Which of the process's streams are terminals.
#[derive(Debug, Clone, Copy)]
pub struct Terminals {
    pub stdout: bool,
    pub stderr: bool,
}

impl Settings {
    /// The settings the flags in `m` ask for. `COLUMNS` (through `env`) sets a table's width,
    /// else the terminal's width when stdout is one.
    pub fn from_flags(
        m: &ArgMatches,
        operation: &'static Operation,
        terminals: Terminals,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, Failure> {
        let columns = operation.columns.iter().map(|c| c.to_string()).collect();
        Self::with_columns(m, columns, operation.page_items, terminals, env)
    }

    /// The settings of a command printing rows of its own making (`userapi people`), whose
    /// table shows `columns` unless `--columns` names others.
    pub fn for_rows(
        m: &ArgMatches,
        columns: &[&str],
        terminals: Terminals,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, Failure> {
        let columns = columns.iter().map(|c| c.to_string()).collect();
        Self::with_columns(m, columns, "", terminals, env)
    }

    fn with_columns(
        m: &ArgMatches,
        spec_columns: Vec<String>,
        page_items: &'static str,
        terminals: Terminals,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, Failure> {
        let named = m
            .get_one::<String>("output")
            .map(|name| {
                Format::named(name).ok_or_else(|| {
                    Failure::usage(format!(
                        "--output `{name}`: one of {}",
                        Format::NAMES.join(", ")
                    ))
                })
            })
            .transpose()?;
        let format = match named {
            Some(format) => Some(format),
            None if m.get_flag("jsonl") => Some(Format::Lines),
            None if m.get_flag("pretty") || m.get_flag("compact") => Some(Format::Json),
            // Piped: JSON, as scripts have always read it.
            None if !terminals.stdout => Some(Format::Json),
            None => None,
        };
        let columns = m
            .get_one::<String>("columns")
            .map(|list| {
                let columns: Vec<String> = list
                    .split(',')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect();
                if columns.is_empty() {
                    Err(Failure::usage(
                        "--columns: name at least one field, e.g. --columns id,traits.email",
                    ))
                } else {
                    Ok(columns)
                }
            })
            .transpose()?;
        let query = m
            .get_one::<String>("query")
            .map(|code| Query::new(code))
            .transpose()?;
        let width = env("COLUMNS")
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w > 0)
            .or_else(|| {
                terminals
                    .stdout
                    .then(|| terminal_size::terminal_size_of(std::io::stdout()))
                    .flatten()
                    .map(|(w, _)| w.0)
            });
        Ok(Self {
            format,
            pretty: m.get_flag("pretty") || (terminals.stdout && !m.get_flag("compact")),
            columns,
            spec_columns,
            page_items,
            width,
            query,
            progress: terminals.stderr && !m.get_flag("quiet"),
        })
    }
}
