//! Where each node of a YAML spec is written: a map from JSON pointer to line and column, and the
//! checks that need the text rather than the parsed value (duplicate keys, several documents).
//!
//! serde_yaml gives a value without positions and keeps the last of two equal keys; saphyr's
//! event parser reports a span per event, which is all a position map needs.

use crate::diag::pointer;
use saphyr_parser::{Event, Parser};
use std::borrow::Cow;
use std::collections::HashMap;

/// 1-based line and column of the nodes of one document, by JSON pointer.
#[derive(Debug, Default, Clone)]
pub struct Positions {
    map: HashMap<String, (usize, usize)>,
}

impl Positions {
    /// The position of `ptr`, or of its nearest written ancestor (a node a rewrite added, or one
    /// reached through an alias, has none of its own); the document start for the root.
    pub fn locate(&self, ptr: &str) -> (usize, usize) {
        let mut p = ptr;
        loop {
            if let Some(at) = self.map.get(p) {
                return *at;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return self.map.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

/// A problem only the text shows: its pointer, position and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProblem {
    pub pointer: String,
    pub at: (usize, usize),
    pub message: String,
}

/// What the YAML text is made of, beyond its value.
#[derive(Debug, Default)]
pub struct Scan {
    pub positions: Positions,
    pub problems: Vec<TextProblem>,
}

/// Removes a byte-order mark and turns CRLF line ends into LF, which changes no line number and
/// no column editors show; both parsers then see the same text.
pub fn clean(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

enum Frame {
    Map {
        at: String,
        key: Option<String>,
        seen: HashMap<String, (usize, usize)>,
    },
    Seq {
        at: String,
        next: usize,
    },
}

/// Scans `text` (already [`clean`]ed). A syntax error gives `Err((line, col, message))`.
pub fn scan(text: &str) -> Result<Scan, (usize, usize, String)> {
    let mut out = Scan::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut documents = 0usize;
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let m = e.marker();
            (m.line(), m.col() + 1, e.info().to_string())
        })?;
        let at = (span.start.line(), span.start.col() + 1);
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(_)
                | Event::SequenceStart(..)
                | Event::MappingStart(..)
        );
        if let Event::DocumentStart(_) = event {
            documents += 1;
            if documents == 2 {
                out.problems.push(TextProblem {
                    pointer: String::new(),
                    at,
                    message: "a second YAML document starts here; a spec is one document: remove the `---` and what follows, or merge it".to_string(),
                });
            }
            continue;
        }
        if documents > 1 {
            continue;
        }
        if starts_node {
            // Work out the pointer of this node, or handle it as a mapping key.
            let here = match stack.last_mut() {
                None => String::new(),
                Some(Frame::Seq { at: base, next }) => {
                    let p = format!("{base}/{next}");
                    *next += 1;
                    p
                }
                Some(Frame::Map {
                    at: base,
                    key,
                    seen,
                }) => match key.take() {
                    Some(k) => format!("{base}{}", pointer([k.as_str()])),
                    None => {
                        // A key. Complex (non-scalar) keys are not JSON; serde_yaml refuses them.
                        let name = match &event {
                            Event::Scalar(v, ..) => v.to_string(),
                            _ => String::new(),
                        };
                        let child = format!("{base}{}", pointer([name.as_str()]));
                        if let Some(first) = seen.get(&name) {
                            out.problems.push(TextProblem {
                                pointer: child.clone(),
                                at,
                                message: format!(
                                    "duplicate key `{name}` (first at line {}): YAML keeps only the last one; remove or merge one of them",
                                    first.0
                                ),
                            });
                        } else {
                            seen.insert(name.clone(), at);
                            out.positions.map.entry(child).or_insert(at);
                        }
                        *key = Some(name);
                        if matches!(event, Event::SequenceStart(..) | Event::MappingStart(..)) {
                            // Skip the complex key's own events by treating it as a throwaway node.
                            stack.push(Frame::Seq {
                                at: "/\u{0}complex-key".to_string(),
                                next: 0,
                            });
                        }
                        continue;
                    }
                },
            };
            out.positions.map.entry(here.clone()).or_insert(at);
            match event {
                Event::SequenceStart(..) => stack.push(Frame::Seq { at: here, next: 0 }),
                Event::MappingStart(..) => stack.push(Frame::Map {
                    at: here,
                    key: None,
                    seen: HashMap::new(),
                }),
                _ => {}
            }
        } else if matches!(event, Event::SequenceEnd | Event::MappingEnd) {
            stack.pop();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_map_to_lines_and_columns() {
        let text = "a:\n  b: [1, {c: 2}]\n  'x/y': 3\nlist:\n  - z\n  - w: 1\n";
        let s = scan(text).unwrap_or_default();
        assert_eq!(s.positions.locate(""), (1, 1));
        assert_eq!(s.positions.locate("/a"), (1, 1));
        assert_eq!(s.positions.locate("/a/b"), (2, 3));
        assert_eq!(s.positions.locate("/a/b/1/c"), (2, 11));
        assert_eq!(s.positions.locate("/a/x~1y"), (3, 3));
        assert_eq!(s.positions.locate("/list/1/w"), (6, 5));
        assert_eq!(s.positions.locate("/list/1/w/nothing/here"), (6, 5));
        assert!(s.problems.is_empty());
    }

    #[test]
    fn duplicate_keys_and_second_documents_are_problems() {
        let s = scan("a: 1\nb:\n  c: 1\n  c: 2\n").unwrap_or_default();
        assert_eq!(s.problems.len(), 1);
        assert_eq!(s.problems[0].pointer, "/b/c");
        assert_eq!(s.problems[0].at, (4, 3));
        let s = scan("a: 1\n---\nb: 2\n").unwrap_or_default();
        assert_eq!(s.problems.len(), 1);
        assert_eq!(s.problems[0].at.0, 2);
    }

    #[test]
    fn bom_and_crlf_are_cleaned() {
        assert_eq!(clean("\u{feff}a: 1\r\nb: 2\r\n"), "a: 1\nb: 2\n");
    }
}
