//! Answers on stdout, as JSON (pretty on a terminal, compact otherwise), one JSON value per
//! line, YAML or a table; on a terminal a listing is a table and one object YAML. `--query`
//! runs a jq expression on the answer first (on each item with `--all`), and a paged listing
//! with `--all` is printed as its items arrive, with a progress line on a terminal's stderr.

mod progress;
mod query;
mod settings;
mod table;

pub use query::Query;
pub use settings::{Format, Settings, Terminals};

use crate::failure::Failure;
use futures_util::{Stream, StreamExt as _};
use progress::Progress;
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};
use userapi_runtime::Error;

/// Where answers go, and how.
pub struct Output<'a> {
    settings: Settings,
    out: &'a mut dyn Write,
}

impl<'a> Output<'a> {
    pub fn new(settings: Settings, out: &'a mut dyn Write) -> Self {
        Self { settings, out }
    }

    /// Prints a call's answer, or turns its error into a [`Failure`].
    pub fn answer<T: Serialize, E>(
        &mut self,
        result: Result<progenitor_client::ResponseValue<T>, Error<E>>,
    ) -> Result<(), Failure> {
        let answer = result.map_err(|e| Failure::call(&e))?;
        let value = serde_json::to_value(answer.into_inner())
            .map_err(|e| Failure::internal(format!("cannot print the answer: {e}")))?;
        // A body-less answer (204) prints nothing, so `$(userapi ...)` stays empty.
        if value.is_null() {
            return Ok(());
        }
        let (values, queried) = match &self.settings.query {
            Some(query) => (query.run(value)?, true),
            None => (vec![value], false),
        };
        // The page's items of a paged operation, unless a query reshaped the answer.
        let page_items = if queried {
            ""
        } else {
            self.settings.page_items
        };
        let listing = listing(&values, page_items);
        let format = self.settings.format.unwrap_or(if listing.is_some() {
            Format::Table
        } else {
            Format::Yaml
        });
        match format {
            Format::Json => {
                for value in &values {
                    self.json(value)?;
                }
            }
            Format::Lines => match values.as_slice() {
                [Value::Array(items)] if !queried => {
                    for item in items {
                        self.line(item)?;
                    }
                }
                _ => {
                    for value in &values {
                        self.line(value)?;
                    }
                }
            },
            Format::Yaml => match values.as_slice() {
                [one] => self.write(&yaml(one)?)?,
                many => self.write(&yaml(&Value::Array(many.to_vec()))?)?,
            },
            Format::Table => {
                let columns = self.columns(queried);
                let text = match (listing, values.as_slice()) {
                    (Some(items), _) => table::render(items, columns, self.settings.width),
                    (None, [one]) => table::render_object(one, columns, self.settings.width),
                    (None, many) => table::render(many, columns, self.settings.width),
                };
                self.write(&text)?;
            }
        }
        self.flush()
    }

    /// Prints every item of every page of a listing (`--all`) as it arrives: `into_items`
    /// takes a page's items. A failure on a later page comes after the items before it (a
    /// JSON array is closed first, so what was printed parses). A table needs every row for
    /// its widths, so it is printed at the end.
    pub async fn pages<P, I: Serialize, E>(
        &mut self,
        pages: impl Stream<Item = Result<progenitor_client::ResponseValue<P>, Error<E>>>,
        into_items: fn(P) -> Vec<I>,
    ) -> Result<(), Failure> {
        let mut pages = std::pin::pin!(pages);
        let mut progress = Progress::new(self.settings.progress);
        let mut printer = self.items_printer();
        let mut failure = None;
        progress
            .suspend(|| printer.open(self.out))
            .map_err(broken)?;
        'pages: while let Some(page) = pages.next().await {
            let items = match page {
                Ok(page) => into_items(page.into_inner()),
                Err(e) => {
                    failure = Some(Failure::call(&e));
                    break;
                }
            };
            progress.page(items.len());
            for item in items {
                let value = serde_json::to_value(item)
                    .map_err(|e| Failure::internal(format!("cannot print an item: {e}")))?;
                let values = match self.queried(value) {
                    Ok(values) => values,
                    Err(f) => {
                        failure = Some(f);
                        break 'pages;
                    }
                };
                for value in values {
                    progress
                        .suspend(|| printer.item(self.out, value))
                        .map_err(broken)?;
                }
            }
        }
        progress.clear();
        self.finish_items(printer, failure)
    }

    /// Prints rows a command made itself (`userapi people`), as they arrive: each a JSON
    /// object, through `--query` like the items of a listing; a table (the default) at the
    /// end. A failure in the stream stops it after the rows before it are printed.
    pub async fn rows(
        &mut self,
        rows: impl Stream<Item = Result<Value, Failure>>,
    ) -> Result<(), Failure> {
        let mut rows = std::pin::pin!(rows);
        let mut printer = self.items_printer();
        let mut failure = None;
        printer.open(self.out).map_err(broken)?;
        'rows: while let Some(row) = rows.next().await {
            let row = match row {
                Ok(row) => row,
                Err(f) => {
                    failure = Some(f);
                    break;
                }
            };
            let values = match self.queried(row) {
                Ok(values) => values,
                Err(f) => {
                    failure = Some(f);
                    break 'rows;
                }
            };
            for value in values {
                printer.item(self.out, value).map_err(broken)?;
            }
        }
        self.finish_items(printer, failure)
    }

    /// A printer of streamed items in the chosen format (a table by default).
    fn items_printer(&self) -> Items {
        Items {
            format: self.settings.format.unwrap_or(Format::Table),
            pretty: self.settings.pretty,
            count: 0,
            rows: Vec::new(),
        }
    }

    /// One item through `--query` (its results), or the item itself without one.
    fn queried(&self, value: Value) -> Result<Vec<Value>, Failure> {
        match &self.settings.query {
            Some(query) => query.run(value),
            None => Ok(vec![value]),
        }
    }

    /// Ends streamed items: the JSON array closed, or the table printed from the rows kept;
    /// then `failure`, the stream's, after what was printed.
    fn finish_items(
        &mut self,
        mut printer: Items,
        failure: Option<Failure>,
    ) -> Result<(), Failure> {
        printer.close(self.out).map_err(broken)?;
        if printer.format == Format::Table {
            let columns = self.columns(self.settings.query.is_some());
            let text = table::render(&printer.rows, columns, self.settings.width);
            self.write(&text)?;
        }
        self.flush()?;
        failure.map_or(Ok(()), Err)
    }

    /// Leaves `column` out of the table's default columns (not out of `--columns`): for a
    /// column the rows turned out not to use.
    pub fn drop_column(&mut self, column: &str) {
        self.settings.spec_columns.retain(|c| c != column);
    }

    /// The widest a table may be.
    pub fn width(&self) -> Option<u16> {
        self.settings.width
    }

    /// The table's columns: `--columns`, else the spec's unless a query reshaped the items
    /// (then the fields they have).
    fn columns(&self, queried: bool) -> &[String] {
        match &self.settings.columns {
            Some(chosen) => chosen,
            None if queried => &[],
            None => &self.settings.spec_columns,
        }
    }

    fn json(&mut self, value: &Value) -> Result<(), Failure> {
        let text = if self.settings.pretty {
            serde_json::to_string_pretty(value).unwrap_or_default()
        } else {
            value.to_string()
        };
        self.write(&text)?;
        self.write("\n")
    }

    fn line(&mut self, value: &Value) -> Result<(), Failure> {
        self.write(&value.to_string())?;
        self.write("\n")
    }

    fn write(&mut self, text: &str) -> Result<(), Failure> {
        self.out.write_all(text.as_bytes()).map_err(broken)
    }

    fn flush(&mut self) -> Result<(), Failure> {
        self.out.flush().map_err(broken)
    }
}

/// A table of `rows` (one line per row, `columns` as field paths, cut to `width`), for text
/// beside the answer, such as a plan on stderr.
pub fn table_text(rows: &[Value], columns: &[String], width: Option<u16>) -> String {
    table::render(rows, columns, width)
}

/// The items of a listing: several values, an array, or the `page_items` array of a page.
fn listing<'v>(values: &'v [Value], page_items: &str) -> Option<&'v [Value]> {
    match values {
        [Value::Array(items)] => Some(items),
        [page @ Value::Object(_)] if !page_items.is_empty() => page
            .get(page_items)
            .and_then(Value::as_array)
            .map(Vec::as_slice),
        [_] => None,
        many => Some(many),
    }
}

fn yaml(value: &Value) -> Result<String, Failure> {
    serde_norway::to_string(value)
        .map_err(|e| Failure::internal(format!("cannot print the answer as YAML: {e}")))
}

/// The items of `--all` as they arrive, in one format.
struct Items {
    format: Format,
    pretty: bool,
    count: usize,
    /// A table's rows, printed at the end.
    rows: Vec<Value>,
}

impl Items {
    fn open(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self.format {
            Format::Json => out.write_all(b"["),
            Format::Lines | Format::Yaml | Format::Table => Ok(()),
        }
    }

    fn item(&mut self, out: &mut dyn Write, value: Value) -> io::Result<()> {
        let first = self.count == 0;
        self.count += 1;
        match self.format {
            Format::Lines => writeln!(out, "{value}")?,
            Format::Json if self.pretty => {
                let text = serde_json::to_string_pretty(&value).unwrap_or_default();
                out.write_all(if first { b"\n  " } else { b",\n  " })?;
                out.write_all(text.replace('\n', "\n  ").as_bytes())?;
            }
            Format::Json => {
                out.write_all(if first { b"" } else { b"," })?;
                out.write_all(value.to_string().as_bytes())?;
            }
            // One entry of a YAML sequence per item: together they are the list.
            Format::Yaml => {
                let text = serde_norway::to_string(&[value]).map_err(io::Error::other)?;
                out.write_all(text.as_bytes())?;
            }
            Format::Table => {
                self.rows.push(value);
                return Ok(());
            }
        }
        // Each item is on stdout as soon as it is read: `| head` and `| jq` see progress.
        out.flush()
    }

    fn close(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match (self.format, self.count) {
            (Format::Json, 0) => out.write_all(b"]\n"),
            (Format::Json, _) if self.pretty => out.write_all(b"\n]\n"),
            (Format::Json, _) => out.write_all(b"]\n"),
            (Format::Yaml, 0) => out.write_all(b"[]\n"),
            _ => Ok(()),
        }
    }
}

fn broken(e: io::Error) -> Failure {
    // A reader that stopped reading (`| head`) is not a failure of the command.
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Failure::quiet();
    }
    Failure::internal(format!("cannot write the answer: {e}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_shows_server_control_characters_escaped() {
        let text = yaml(&json!({"name": "\u{1b}[2J\u{9b}31m\u{7}x", "n\u{1b}": 1})).unwrap();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
    }

    #[test]
    fn a_page_is_a_listing_of_its_items_and_several_values_are_one() {
        let page = [json!({"entities": [1, 2], "total": 2})];
        assert_eq!(listing(&page, "entities"), Some(&[json!(1), json!(2)][..]));
        assert_eq!(listing(&page, ""), None);
        assert_eq!(listing(&[json!([3])], ""), Some(&[json!(3)][..]));
        let many = [json!(1), json!(2)];
        assert_eq!(listing(&many, "entities"), Some(&many[..]));
        assert_eq!(listing(&[json!({"a": 1})], "entities"), None);
    }
}
