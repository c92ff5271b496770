//! The offboarding audit log: one JSON line per step, appended to a file that outlives the
//! run (`--audit-log FILE`, else `USERAPI_AUDIT_LOG`, else `<data dir>/userapi/audit.jsonl`).
//! A line holds the time, provider, operation, target id, request id and outcome; never a
//! secret or a body, and the outcome's reason is escaped and bounded like every server text.

use crate::failure::Failure;
use chrono::{DateTime, SecondsFormat, Utc};
use etcetera::BaseStrategy as _;
use serde::Serialize;
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Names the audit log when `--audit-log` does not.
pub const VARIABLE: &str = "USERAPI_AUDIT_LOG";

/// The longest reason a `failed: ` outcome keeps, in characters.
const REASON_CHARS: usize = 300;

/// The longest target id a line keeps, in characters: ids are the server's text (a UUID is 36).
const TARGET_CHARS: usize = 200;

/// What became of a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The call succeeded (or its target was already gone).
    Done,
    /// The plan found it done before this run: no call was made.
    AlreadyDone,
    /// The call failed, and why.
    Failed(String),
}

impl Outcome {
    /// The outcome as the log writes it: `done`, `already done` or `failed: <reason>`.
    pub fn text(&self) -> String {
        match self {
            Self::Done => "done".to_string(),
            Self::AlreadyDone => "already done".to_string(),
            Self::Failed(reason) => format!("failed: {}", bounded(reason, REASON_CHARS)),
        }
    }
}

/// One line of the log.
#[derive(Debug, Serialize)]
struct Line<'a> {
    time: String,
    provider: &'a str,
    operation: &'a str,
    target_id: String,
    request_id: Option<&'a str>,
    outcome: String,
}

/// An open audit log.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: File,
}

impl AuditLog {
    /// The log's path: `flag` (`--audit-log`), else `USERAPI_AUDIT_LOG` through `env`, else
    /// `<data dir>/userapi/audit.jsonl`.
    pub fn path(
        flag: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<PathBuf, Failure> {
        if let Some(path) = flag {
            return Ok(path.to_path_buf());
        }
        if let Some(path) = env(VARIABLE).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(path));
        }
        etcetera::choose_base_strategy()
            .map(|dirs| dirs.data_dir().join("userapi").join("audit.jsonl"))
            .map_err(|e| {
                Failure::usage(format!(
                    "no data directory for the audit log ({e}): name a file with --audit-log \
                     or {VARIABLE}"
                ))
            })
    }

    /// Opens `path` to append to, creating it and its directory (readable by its owner only:
    /// it names the people offboarded).
    pub fn open(path: &Path) -> Result<Self, Failure> {
        let failed = |e: std::io::Error| {
            Failure::internal(format!("cannot open the audit log {}: {e}", path.display()))
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(path).map_err(failed)?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
        })
    }

    /// Where the log is.
    pub fn location(&self) -> &Path {
        &self.path
    }

    /// Appends the line of one step, written through at once: a run stopped midway leaves
    /// every line of the steps it ran.
    pub fn record(
        &mut self,
        provider: &str,
        operation: &str,
        target_id: &str,
        request_id: Option<&str>,
        outcome: &Outcome,
    ) -> Result<(), Failure> {
        self.record_at(
            Utc::now(),
            provider,
            operation,
            target_id,
            request_id,
            outcome,
        )
    }

    fn record_at(
        &mut self,
        time: DateTime<Utc>,
        provider: &str,
        operation: &str,
        target_id: &str,
        request_id: Option<&str>,
        outcome: &Outcome,
    ) -> Result<(), Failure> {
        let line = Line {
            time: time.to_rfc3339_opts(SecondsFormat::Millis, true),
            provider,
            operation,
            target_id: bounded(target_id, TARGET_CHARS),
            request_id,
            outcome: outcome.text(),
        };
        let mut text = serde_json::to_string(&line)
            .map_err(|e| Failure::internal(format!("cannot write the audit log: {e}")))?;
        text.push('\n');
        // One write per line: lines of two runs appending at once do not interleave.
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.flush())
            .map_err(|e| {
                Failure::internal(format!(
                    "cannot write the audit log {}: {e}",
                    self.path.display()
                ))
            })
    }
}

/// Server text on one line and at most `max` characters: control characters escaped, the rest
/// cut with `…`.
fn bounded(text: &str, max: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n == max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("userapi-audit-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("nested").join("audit.jsonl")
    }

    #[test]
    fn lines_are_appended_with_every_field() {
        let path = scratch("fields");
        let time = DateTime::parse_from_rfc3339("2026-12-03T18:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for outcome in [Outcome::Done, Outcome::Failed("503\nbusy".into())] {
            let mut log = AuditLog::open(&path).unwrap();
            log.record_at(
                time,
                "kratos",
                "delete_identity_sessions",
                "id-1",
                Some("r-1"),
                &outcome,
            )
            .unwrap();
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "{\"time\":\"2026-12-03T18:00:00.000Z\",\"provider\":\"kratos\",\
             \"operation\":\"delete_identity_sessions\",\"target_id\":\"id-1\",\
             \"request_id\":\"r-1\",\"outcome\":\"done\"}\n\
             {\"time\":\"2026-12-03T18:00:00.000Z\",\"provider\":\"kratos\",\
             \"operation\":\"delete_identity_sessions\",\"target_id\":\"id-1\",\
             \"request_id\":\"r-1\",\"outcome\":\"failed: 503\\\\nbusy\"}\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
    }

    #[test]
    fn a_reason_is_one_bounded_line() {
        let reason = format!("\u{1b}[2J{}", "x".repeat(5000));
        let text = Outcome::Failed(reason).text();
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.starts_with("failed: \\u{1b}[2J"), "{text}");
        assert!(text.chars().count() < REASON_CHARS + 20, "{}", text.len());
        assert!(text.ends_with('…'));
    }

    #[test]
    fn a_servers_target_id_is_bounded_and_escaped_in_the_line() {
        let path = scratch("target");
        let id = format!("9f1c\r\n{}", "x".repeat(1 << 20));
        let mut log = AuditLog::open(&path).unwrap();
        log.record("kratos", "delete_identity", &id, None, &Outcome::Done)
            .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 1, "{:?}", &text[..80]);
        let line: serde_json::Value = serde_json::from_str(text.trim_end()).unwrap();
        let target = line["target_id"].as_str().unwrap();
        assert!(target.starts_with("9f1c\\r\\n"), "{target}");
        assert!(!target.chars().any(char::is_control));
        assert!(
            target.chars().count() < TARGET_CHARS + 10,
            "{}",
            target.len()
        );
        assert!(target.ends_with('…'));
    }

    #[test]
    fn the_flag_comes_before_the_variable() {
        let env = |name: &str| (name == VARIABLE).then(|| "/tmp/from-env.jsonl".to_string());
        let flag = Path::new("/tmp/from-flag.jsonl");
        assert_eq!(AuditLog::path(Some(flag), &env).unwrap(), flag);
        assert_eq!(
            AuditLog::path(None, &env).unwrap(),
            Path::new("/tmp/from-env.jsonl")
        );
    }
}
