//! `--query EXPR`: a jq expression run by jaq (pure Rust) on the answer, or on each item as
//! it streams with `--all`.

use crate::failure::Failure;
use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Filter, Vars, data, unwrap_valr};
use jaq_json::Val;
use serde::Deserialize as _;
use serde_json::Value;

/// Longest piece of a value quoted in a message: a query error can quote server text.
const QUOTE: usize = 200;

/// A compiled jq expression.
pub struct Query {
    filter: Filter<data::JustLut<Val>>,
}

impl std::fmt::Debug for Query {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Query").finish_non_exhaustive()
    }
}

impl Query {
    /// Compiles `code`; a syntax error or an unknown filter is a usage error, found before any
    /// call is made.
    pub fn new(code: &str) -> Result<Self, Failure> {
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs()
            .chain(jaq_std::funs())
            .chain(jaq_json::funs());
        let arena = Arena::default();
        let loader = Loader::new(defs);
        let modules = loader
            .load(&arena, File { code, path: () })
            .map_err(|errors| {
                let mut found = Vec::new();
                for (_, error) in errors {
                    match error {
                        jaq_core::load::Error::Io(list) => {
                            found.extend(list.into_iter().map(|(_, m)| m));
                        }
                        jaq_core::load::Error::Lex(list) => {
                            found.extend(list.into_iter().map(|(expect, at)| {
                                format!("expected {} at {}", expect.as_str(), place(code, at))
                            }));
                        }
                        jaq_core::load::Error::Parse(list) => {
                            found.extend(list.into_iter().map(|(expect, at)| {
                                format!("expected {} at {}", expect.as_str(), place(code, at))
                            }));
                        }
                    }
                }
                invalid(code, &found)
            })?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errors| {
                let found: Vec<String> = errors
                    .into_iter()
                    .flat_map(|(_, list)| list)
                    .map(|(name, undefined)| format!("undefined {} `{name}`", undefined.as_str()))
                    .collect();
                invalid(code, &found)
            })?;
        Ok(Self { filter })
    }

    /// The values the expression yields for `input`, in order.
    pub fn run(&self, input: Value) -> Result<Vec<Value>, Failure> {
        let input = Val::deserialize(input)
            .map_err(|e| Failure::internal(format!("--query: cannot read the answer: {e}")))?;
        let ctx = Ctx::<data::JustLut<Val>>::new(&self.filter.lut, Vars::new([]));
        self.filter
            .id
            .run((ctx, input))
            .map(unwrap_valr)
            .map(|out| {
                let out = out.map_err(|e| {
                    Failure::usage(format!("--query failed: {}", bounded(&e.to_string())))
                })?;
                // jaq writes JSON; serde_json reads it back for the printers.
                serde_json::from_str(&out.to_string()).map_err(|e| {
                    Failure::usage(format!("--query gave a value that is not JSON: {e}"))
                })
            })
            .collect()
    }
}

/// Where `part` (a piece of `code` jaq points at) starts, for a message.
fn place(code: &str, part: &str) -> String {
    // jaq's `load::span` subtracts without a check: a piece from elsewhere would underflow.
    let start = (part.as_ptr() as usize).checked_sub(code.as_ptr() as usize);
    match start.and_then(|s| code.get(..s)) {
        Some(before) if before.len() < code.len() => {
            format!("column {}", before.chars().count() + 1)
        }
        _ => "the end".to_string(),
    }
}

fn invalid(code: &str, found: &[String]) -> Failure {
    let why = if found.is_empty() {
        "it does not compile".to_string()
    } else {
        found.join("; ")
    };
    Failure::usage(format!(
        "--query `{}` is not a valid jq expression: {why}",
        bounded(code)
    ))
}

/// `text` cut to a few hundred characters.
fn bounded(text: &str) -> String {
    match text.char_indices().nth(QUOTE) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_query_yields_its_values_in_order() {
        let q = Query::new(".[] | select(.n > 1) | .name").unwrap();
        let out = q
            .run(json!([{"n": 1, "name": "a"}, {"n": 2, "name": "b"}, {"n": 3, "name": "c"}]))
            .unwrap();
        assert_eq!(out, [json!("b"), json!("c")]);
    }

    #[test]
    fn bad_expressions_are_usage_errors_naming_the_problem() {
        let syntax = Query::new(".[] |").unwrap_err();
        assert_eq!(syntax.exit_code(), std::process::ExitCode::from(2));
        assert!(
            syntax.to_string().contains("not a valid jq expression"),
            "{syntax}"
        );
        // Columns count characters, wherever jaq points.
        let parse = Query::new(r#""é" | . as"#).unwrap_err();
        assert!(parse.to_string().contains("at the end"), "{parse}");
        let lex = Query::new("\"é\" | $ ").unwrap_err();
        assert!(
            lex.to_string().ends_with("expected identifier at column 8"),
            "{lex}"
        );
        let token = Query::new("\"é\" | ] | .").unwrap_err();
        assert!(
            token.to_string().ends_with("expected token at column 7"),
            "{token}"
        );
        let unknown = Query::new("nosuchfilter").unwrap_err();
        assert!(
            unknown
                .to_string()
                .contains("undefined filter `nosuchfilter`"),
            "{unknown}"
        );
    }

    #[test]
    fn an_error_while_running_quotes_little_of_the_answer() {
        let q = Query::new(".a.b").unwrap();
        let e = q.run(json!({"a": "x".repeat(100_000)})).unwrap_err();
        assert!(e.to_string().len() < 1_000, "{}", e.to_string().len());
    }
}
