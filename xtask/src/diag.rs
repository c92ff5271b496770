//! Errors about a spec, each naming the file and the spot in it.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in a spec: the file, a JSON pointer into it, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) to the offending node; empty for the whole document.
    pub pointer: String,
    /// Line and column in the file, when the YAML parser knows them.
    pub location: Option<(usize, usize)>,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: &Path, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            file: file.to_path_buf(),
            pointer: pointer.into(),
            location: None,
            message: message.into(),
        }
    }
}

/// Fills in the line and column of every diagnostic that has none, from its pointer.
pub fn locate(
    mut diags: Vec<Diagnostic>,
    positions: &crate::positions::Positions,
) -> Vec<Diagnostic> {
    for d in &mut diags {
        if d.location.is_none() {
            d.location = Some(positions.locate(&d.pointer));
        }
    }
    diags
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file.display())?;
        if let Some((line, col)) = self.location {
            write!(f, ":{line}:{col}")?;
        }
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, ": at {pointer}: {}", self.message)
    }
}

/// Builds a JSON pointer from path segments, escaping `~` and `/` as RFC 6901 requires.
pub fn pointer<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    segments.into_iter().fold(String::new(), |mut out, s| {
        out.push('/');
        out.push_str(&s.as_ref().replace('~', "~0").replace('/', "~1"));
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slashes_and_tildes() {
        assert_eq!(pointer(["paths", "/a/{id}", "get"]), "/paths/~1a~1{id}/get");
        assert_eq!(pointer(["x~y"]), "/x~0y");
    }
}
