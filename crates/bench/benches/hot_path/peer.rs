//! The openapi-generator peer, a driver process built by `crates/bench/run` (source:
//! `crates/bench/peer/main.rs`) and found through `USERAPI_BENCH_PEER`. Without it the
//! benchmark runs the other clients and says how to include the peer.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The variable `crates/bench/run` sets to the driver's path.
pub const ENV: &str = "USERAPI_BENCH_PEER";

/// The crate name of the driver's binary, for callgrind's `--toggle-collect`.
pub const CRATE: &str = "peer";

/// The driver's path, when the benchmark was started with one that exists.
pub fn exe() -> Option<PathBuf> {
    let exe = PathBuf::from(std::env::var_os(ENV)?);
    assert!(
        exe.is_file(),
        "{ENV}={} is not a file: run crates/bench/run",
        exe.display()
    );
    Some(exe)
}

/// The driver's arguments for one workload (its `get|list CALLS IN_FLIGHT`).
pub fn workload_args(get: bool, calls: usize, in_flight: usize) -> [String; 3] {
    let kind = if get { "get" } else { "list" };
    [kind.to_owned(), calls.to_string(), in_flight.to_string()]
}

/// The driver in `serve` mode against the benchmark's server: each `measure` is one run.
pub struct Peer {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Peer {
    pub fn start(exe: &std::path::Path, base: &str) -> Self {
        let mut child = Command::new(exe)
            .arg("serve")
            .arg(base)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting the peer {}: {e}", exe.display()));
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Self {
            child,
            stdin,
            stdout,
        }
    }

    /// CPU time of the driver's client thread for one run, in nanoseconds.
    pub fn measure(&mut self, get: bool, calls: usize, in_flight: usize) -> u64 {
        let line = workload_args(get, calls, in_flight).join(" ");
        writeln!(self.stdin, "{line}").unwrap();
        self.stdin.flush().unwrap();
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).unwrap();
        // The driver exits on any failed check (its message is on stderr): no number then.
        answer.trim().parse().unwrap_or_else(|_| {
            let status = self
                .child
                .wait()
                .map_or_else(|e| e.to_string(), |s| s.to_string());
            panic!("the peer failed on `{line}` ({status}); its error is above")
        })
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        // Nothing of the driver's is left to read or keep once the benchmark is done.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
