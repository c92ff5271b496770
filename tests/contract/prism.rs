//! A Stoplight Prism mock server for one spec, started from the pinned copy in
//! `tools/node_modules` on a free loopback port and killed when dropped.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long Prism may take to load a spec and listen (it needs ~3-5 s of CPU on a 2-core
/// machine; more when other Prism processes start at the same time).
const READY_TIMEOUT: Duration = Duration::from_secs(90);

/// The workspace root (the parent of `tests/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// The Prism executable `npm ci --prefix tools` installs.
pub fn prism_binary() -> PathBuf {
    workspace_root().join("tools/node_modules/.bin/prism")
}

/// How Prism builds its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// The default: examples, else a static sample of the schema.
    Static,
    /// `-d --seed <seed>`: json-schema-faker, reseeded for every answer.
    Dynamic,
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mode::Static => "static",
            Mode::Dynamic => "dynamic",
        })
    }
}

/// A running `prism mock`; dropping it kills the process.
pub struct Prism {
    child: Child,
    addr: SocketAddr,
    /// Prism's own output (its request log and any violation it logged).
    pub log: PathBuf,
}

impl Prism {
    /// Spawns `prism mock <spec>` on a free port; call [`Prism::wait_ready`] before use.
    pub fn spawn(spec: &Path, mode: Mode, seed: &str, log: PathBuf) -> Result<Self, String> {
        let binary = prism_binary();
        if !binary.exists() {
            install_tools()?;
        }
        // Bind port 0 to let the OS pick a free port, then release it for Prism. Another process
        // could take it in between; `wait_ready` reports that as Prism exiting early.
        let addr = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free loopback port: {e}"))?;
        let out = File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out
            .try_clone()
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let mut command = Command::new(&binary);
        command
            .arg("mock")
            .arg(spec)
            .args(["-h", "127.0.0.1", "-p", &addr.port().to_string()])
            // Violations are logged at warn/error level; the info-level request log costs Prism
            // CPU time on every request and the headers already tell us everything.
            .args(["-v", "warn"]);
        if mode == Mode::Dynamic {
            command.args(["-d", "--seed", seed]);
        }
        let child = command
            // Prism needs ~150 MB; a schema that makes json-schema-faker explode should end in a
            // quick out-of-memory exit, not in minutes of garbage collection on a 4 GB heap.
            .env("NODE_OPTIONS", "--max-old-space-size=1024")
            .current_dir(workspace_root())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        Ok(Self { child, addr, log })
    }

    /// Waits until Prism accepts connections (it listens only once the spec is loaded).
    pub fn wait_ready(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!(
                    "Prism exited ({status}) before listening on {}:\n{}",
                    self.addr,
                    self.log_tail()
                ));
            }
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(250)).is_ok() {
                return Ok(());
            }
            if started.elapsed() > READY_TIMEOUT {
                return Err(format!(
                    "Prism did not listen on {} within {READY_TIMEOUT:?}:\n{}",
                    self.addr,
                    self.log_tail()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// If the process has exited since it started listening: its status and last output.
    pub fn exited(&mut self) -> Option<String> {
        match self.child.try_wait() {
            Ok(Some(status)) => Some(format!("{status}; {}", self.log_tail())),
            _ => None,
        }
    }

    /// The mock's root URL. Prism matches request paths against `paths` as written and ignores
    /// the spec's `servers` (PingOne's `/v1` prefix included), so the root is the base URL.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The last lines of Prism's output.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let start = lines.len().saturating_sub(20);
        format!(
            "{} (last lines of {}):\n{}",
            "Prism output",
            self.log.display(),
            lines[start..].join("\n")
        )
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism is one `node` process (no `--multiprocess`), so killing it leaves nothing behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Installs the pinned tools (`npm ci --prefix tools`) once per test run, so that
/// `cargo test --workspace` works on a fresh checkout; a clear error when npm is missing.
fn install_tools() -> Result<(), String> {
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            let tools = workspace_root().join("tools");
            eprintln!("contract: installing the pinned Prism with `npm ci --prefix tools`");
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                .arg(&tools)
                .status()
                .map_err(|e| {
                    format!(
                        "Prism is not installed and npm could not be run ({e}): install Node.js \
                         >= 20.19 with npm, then `npm ci --prefix tools` in the workspace root"
                    )
                })?;
            if !status.success() || !prism_binary().exists() {
                return Err(format!(
                    "`npm ci --prefix tools` failed ({status}): Prism is still missing at {}",
                    prism_binary().display()
                ));
            }
            Ok(())
        })
        .clone()
}
