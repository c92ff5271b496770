//! Answers on stdout: pretty JSON on a terminal, compact JSON otherwise, or one line per item
//! (`--jsonl`); a paged listing with `--all` is printed as its items arrive.

use crate::failure::Failure;
use futures_util::{Stream, StreamExt as _};
use serde::Serialize;
use serde_json::Value;
use std::io::{self, Write};
use userapi_runtime::Error;

/// How answers are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pretty,
    Compact,
    /// One line per item of a list (and one line for anything else).
    Lines,
}

/// Where answers go.
pub struct Output<'a> {
    format: Format,
    out: &'a mut dyn Write,
}

impl<'a> Output<'a> {
    pub fn new(format: Format, out: &'a mut dyn Write) -> Self {
        Self { format, out }
    }

    /// Prints a call's answer, or turns its error into a [`Failure`].
    pub fn answer<T: Serialize, E>(
        &mut self,
        result: Result<progenitor_client::ResponseValue<T>, Error<E>>,
    ) -> Result<(), Failure> {
        let answer = result.map_err(|e| Failure::call(&e))?;
        let value = serde_json::to_value(answer.into_inner())
            .map_err(|e| Failure::internal(format!("cannot print the answer: {e}")))?;
        match (&value, self.format) {
            // A body-less answer (204) prints nothing, so `$(userapi ...)` stays empty.
            (Value::Null, _) => Ok(()),
            (Value::Array(items), Format::Lines) => {
                for item in items {
                    self.line(item)?;
                }
                self.flush()
            }
            _ => {
                self.value(&value)?;
                self.flush()
            }
        }
    }

    /// Prints every item of a paged listing as it arrives. A failure on a later page comes
    /// after the items before it (a JSON array is closed first, so what was printed parses).
    pub async fn items<T: Serialize, E>(
        &mut self,
        stream: impl Stream<Item = Result<T, Error<E>>>,
    ) -> Result<(), Failure> {
        let mut stream = std::pin::pin!(stream);
        let mut count = 0usize;
        let mut failure = None;
        if self.format != Format::Lines {
            self.write("[")?;
        }
        while let Some(item) = stream.next().await {
            let item = match item {
                Ok(item) => item,
                Err(e) => {
                    failure = Some(Failure::call(&e));
                    break;
                }
            };
            let value = serde_json::to_value(item)
                .map_err(|e| Failure::internal(format!("cannot print an item: {e}")))?;
            match self.format {
                Format::Lines => self.line(&value)?,
                Format::Compact => {
                    self.write(if count == 0 { "" } else { "," })?;
                    self.write(&value.to_string())?;
                }
                Format::Pretty => {
                    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
                    let indented = text.replace('\n', "\n  ");
                    self.write(if count == 0 { "\n  " } else { ",\n  " })?;
                    self.write(&indented)?;
                }
            }
            count += 1;
            // Each item is on stdout as soon as it is read: `| head` and `| jq` see progress.
            self.flush()?;
        }
        match self.format {
            Format::Lines => {}
            Format::Compact => self.write("]\n")?,
            Format::Pretty => self.write(if count == 0 { "]\n" } else { "\n]\n" })?,
        }
        self.flush()?;
        failure.map_or(Ok(()), Err)
    }

    fn value(&mut self, value: &Value) -> Result<(), Failure> {
        let text = match self.format {
            Format::Pretty => serde_json::to_string_pretty(value).unwrap_or_default(),
            Format::Compact | Format::Lines => value.to_string(),
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

fn broken(e: io::Error) -> Failure {
    // A reader that stopped reading (`| head`) is not a failure of the command.
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Failure::quiet();
    }
    Failure::internal(format!("cannot write the answer: {e}"))
}
