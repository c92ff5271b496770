//! The cost of a call through our client against the same call made with the leanest
//! hand-written reqwest + serde client, and with openapi-generator's Rust client, measured in
//! the same run on the same loopback server.
//!
//! `crates/bench/run` runs this with the openapi-generator peer (it generates the peer into the
//! target directory and builds its driver first, then sets `USERAPI_BENCH_PEER`); `cargo bench
//! -p userapi-bench` alone runs every client but the peer. Either prints a Markdown table per
//! workload group, each client's figure with its ratio to the first column:
//!
//! - by hand, lean: reqwest + a serde mirror of the model (`mirror.rs`), `reqwest::Client::new()`
//!   (no timeouts), the baseline;
//! - by hand, timeouts: the same with a 10 s connect and a 30 s request timeout, as ours has;
//! - openapi-generator: its `-g rust --library reqwest` client from `specs/kratos.yaml`, driven
//!   by `crates/bench/peer/main.rs` in a process of its own;
//! - ours: userapi's Kratos client.
//!
//! Workloads: one Kratos identity (`GET /admin/identities/{id}`) and a listing of 10,000
//! identities, each with 1 and with 64 calls in flight; and, in a table of its own, the same
//! 10,000 identities in 40 pages of 250 (`Link` header) streamed with `.stream()` against a
//! loop of one `send()` per page written by hand with our client (so the figure is what
//! `.stream()` itself costs).
//!
//! By default the figure is the CPU time of the client thread (Linux
//! `/proc/thread-self/schedstat`; the server runs in a process of its own), the median of rounds
//! that rotate the clients' order, and the median of the rounds' ratios. With `-- callgrind`
//! it is instructions per call (valgrind's callgrind, which must be on `PATH`): each client and
//! workload runs under callgrind in a process of its own, counting only the client thread
//! inside the measured calls (after a warm-up, with the connections open).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod canned;
mod clock;
mod mirror;
mod peer;

use std::path::Path;
use std::time::Duration;
use userapi::kratos::Client;

/// Rounds of the CPU-time run unless `USERAPI_BENCH_ROUNDS` says otherwise (more rounds steady
/// the medians on a busy machine).
const ROUNDS: usize = 7;

fn rounds() -> usize {
    match std::env::var("USERAPI_BENCH_ROUNDS") {
        Ok(n) => n
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .expect("USERAPI_BENCH_ROUNDS is a number of rounds, at least 1"),
        Err(_) => ROUNDS,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Get,
    List,
    /// 40 pages: `.stream()` (ours) against a hand-written loop of `send()`s.
    Paged,
}

#[derive(Clone, Copy)]
struct Workload {
    name: &'static str,
    kind: Kind,
    calls: usize,
    in_flight: usize,
}

const fn workload(name: &'static str, kind: Kind, calls: usize, in_flight: usize) -> Workload {
    Workload {
        name,
        kind,
        calls,
        in_flight,
    }
}

const WORKLOADS: [Workload; 5] = [
    workload("GET one identity, 1 in flight", Kind::Get, 2_000, 1),
    workload("GET one identity, 64 in flight", Kind::Get, 2_048, 64),
    workload("list 10,000 identities, 1 in flight", Kind::List, 6, 1),
    workload("list 10,000 identities, 64 in flight", Kind::List, 64, 64),
    workload("stream 10,000 identities in 40 pages", Kind::Paged, 1, 1),
];

/// The workloads `-- callgrind` counts, with fewer calls (callgrind runs some 50 times slower).
const COUNTED: [Workload; 3] = [
    workload("GET one identity, 1 in flight", Kind::Get, 200, 1),
    workload("GET one identity, 64 in flight", Kind::Get, 256, 64),
    workload("list 10,000 identities, 1 in flight", Kind::List, 2, 1),
];

/// A client the tables compare.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Contender {
    /// reqwest + serde by hand with `reqwest::Client::new()`: the ratios' baseline.
    Lean,
    /// The same with connect and request timeouts.
    Timeouts,
    /// openapi-generator's client, in the driver process (`peer.rs`).
    Peer,
    /// userapi's Kratos client.
    Ours,
    /// Our client paged by hand, one `send()` per page: the baseline of `.stream()`.
    Loop,
}

impl Contender {
    const IN_PROCESS: [Contender; 4] = [Self::Lean, Self::Timeouts, Self::Ours, Self::Loop];

    fn header(self) -> &'static str {
        match self {
            Self::Lean => "by hand, lean",
            Self::Timeouts => "by hand, timeouts",
            Self::Peer => "openapi-generator",
            Self::Ours => "ours",
            Self::Loop => "loop of `send()` (ours)",
        }
    }

    /// Its name in `--callgrind-child=NAME,INDEX`.
    fn arg(self) -> &'static str {
        match self {
            Self::Lean => "lean",
            Self::Timeouts => "timeouts",
            Self::Peer => "peer",
            Self::Ours => "ours",
            Self::Loop => "loop",
        }
    }
}

/// The clients compared on a workload, the baseline first.
fn contenders(kind: Kind) -> &'static [Contender] {
    match kind {
        Kind::Get | Kind::List => &[
            Contender::Lean,
            Contender::Timeouts,
            Contender::Peer,
            Contender::Ours,
        ],
        Kind::Paged => &[Contender::Loop, Contender::Ours],
    }
}

async fn ours(client: &Client, kind: Kind) {
    match kind {
        Kind::Get => {
            let identity = client.get_identity().id(canned::ID).send().await.unwrap();
            assert_eq!(identity.schema_id, "customer");
        }
        Kind::List => {
            let page = client.list_identities().send().await.unwrap();
            assert_eq!(page.len(), canned::LISTED);
        }
        Kind::Paged => {
            use futures::TryStreamExt;
            let size = canned::PAGE_SIZE as u64;
            let stream = client.list_identities().page_size(size).stream();
            let n = stream
                .try_fold(0usize, |n, _| async move { Ok(n + 1) })
                .await;
            assert_eq!(n.unwrap(), canned::LISTED);
        }
    }
}

/// Paging as people write it without `.stream()`: one `send()` per page, the next page's
/// token cut out of the `Link` header.
async fn pages_by_hand(client: &Client) {
    let mut token: Option<String> = None;
    let mut n = 0;
    loop {
        let mut call = client.list_identities().page_size(canned::PAGE_SIZE as u64);
        if let Some(t) = &token {
            call = call.page_token(t.clone());
        }
        let page = call.send().await.unwrap();
        n += page.len();
        token = page
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.contains("rel=\"next\""))
            .and_then(|v| v.split("page_token=").nth(1))
            .map(|t| t.chars().take_while(char::is_ascii_digit).collect());
        if token.is_none() {
            break;
        }
    }
    assert_eq!(n, canned::LISTED);
}

/// A GET as people write it with reqwest: send, check the status, decode.
async fn get_json<T: serde::de::DeserializeOwned>(http: &reqwest::Client, url: String) -> T {
    let response = http.get(url).send().await.unwrap();
    response.error_for_status().unwrap().json().await.unwrap()
}

async fn by_hand(http: &reqwest::Client, base: &str, kind: Kind) {
    match kind {
        Kind::Get => {
            let url = format!("{base}/admin/identities/{}", canned::ID);
            let identity: mirror::Identity = get_json(http, url).await;
            assert_eq!(identity.schema_id, "customer");
        }
        Kind::List => {
            let url = format!("{base}/admin/identities");
            let page: Vec<mirror::Identity> = get_json(http, url).await;
            assert_eq!(page.len(), canned::LISTED);
        }
        Kind::Paged => unreachable!("paging is compared within our client"),
    }
}

/// The canned server in a process of its own (this benchmark with `--canned-server`), so that
/// no client shares a process with the server's threads, as the peer's driver does not: with
/// the server's threads in this process, the peer's CPU time was 0.85× the lean client's on a
/// GET and 1.38× on a listing, against 1.03× and 1.003× by instructions; apart, it agrees.
struct ServerProcess {
    child: std::process::Child,
    base: String,
}

impl ServerProcess {
    fn start() -> Self {
        use std::io::BufRead;
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--canned-server")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut base = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut base)
            .unwrap();
        assert!(
            base.starts_with("http://"),
            "the canned server did not start"
        );
        Self {
            child,
            base: base.trim().to_owned(),
        }
    }

    /// In the child: serves until the benchmark closes its input (ends or dies).
    fn serve() {
        use std::io::{Read, Write};
        println!("{}", canned::serve());
        std::io::stdout().flush().unwrap();
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A single-threaded runtime and the in-process clients pointed at the canned server.
struct Clients {
    base: String,
    rt: tokio::runtime::Runtime,
    ours: Client,
    lean: reqwest::Client,
    timeouts: reqwest::Client,
}

impl Clients {
    fn start(base: String) -> Self {
        let ours = Client::unauthenticated(&base);
        // The leanest client a person writes: reqwest's defaults, no time limits.
        let lean = reqwest::Client::new();
        // As a production client would be, and as ours is: connect and request time limits.
        let timeouts = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Self {
            base,
            rt: clock::runtime(),
            ours,
            lean,
            timeouts,
        }
    }

    /// One run of `w` by an in-process client: the CPU time it took on this thread. Each
    /// client has a closure of its own, so no call future is the size of another's.
    fn measure(&self, who: Contender, w: Workload) -> u64 {
        let (rt, calls, n, kind) = (&self.rt, w.calls, w.in_flight, w.kind);
        match who {
            Contender::Lean => {
                clock::measure(rt, calls, n, || by_hand(&self.lean, &self.base, kind))
            }
            Contender::Timeouts => {
                clock::measure(rt, calls, n, || by_hand(&self.timeouts, &self.base, kind))
            }
            Contender::Ours => clock::measure(rt, calls, n, || ours(&self.ours, kind)),
            Contender::Loop => clock::measure(rt, calls, n, || pages_by_hand(&self.ours)),
            Contender::Peer => unreachable!("the peer runs in its own process"),
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Prints Markdown rows, with a header each time the compared clients change.
struct Table {
    unit: String,
    columns: Option<&'static [Contender]>,
}

impl Table {
    /// One row: `figures[i]` is `contenders(w.kind)[i]`'s figure and its ratio to the baseline
    /// (`None`: not run).
    fn row(&mut self, w: Workload, figures: &[Option<(String, f64)>]) {
        let columns = contenders(w.kind);
        if self.columns != Some(columns) {
            let names: Vec<&str> = columns.iter().map(|c| c.header()).collect();
            println!("\n| workload ({}) | {} |", self.unit, names.join(" | "));
            println!("|---|{}", "---|".repeat(columns.len()));
            self.columns = Some(columns);
        }
        let cells: Vec<String> = figures
            .iter()
            .enumerate()
            .map(|(i, f)| match f {
                None => "not run".to_owned(),
                Some((figure, _)) if i == 0 => figure.clone(),
                Some((figure, ratio)) => format!("{figure} ({ratio:.3}×)"),
            })
            .collect();
        println!(
            "| {} ({} call{}) | {} |",
            w.name,
            thousands(w.calls),
            if w.calls == 1 { "" } else { "s" },
            cells.join(" | ")
        );
    }
}

fn selected(filter: &[String], w: &Workload) -> bool {
    filter.is_empty() || filter.iter().any(|f| w.name.contains(f.as_str()))
}

/// CPU time: every client in this process but the peer, which runs in its driver process;
/// all against the same server, in a third process.
fn cpu_time(filter: &[String]) {
    let rounds = rounds();
    let server = ServerProcess::start();
    let clients = Clients::start(server.base.clone());
    let mut peer = peer::exe().map(|exe| peer::Peer::start(&exe, &clients.base));
    if peer.is_none() {
        eprintln!(
            "{} unset: the openapi-generator peer is not run (crates/bench/run runs it)",
            peer::ENV
        );
    }
    let mut run = |who: Contender, w: Workload| -> Option<u64> {
        match who {
            Contender::Peer => Some(peer.as_mut()?.measure(
                w.kind == Kind::Get,
                w.calls,
                w.in_flight,
            )),
            _ => Some(clients.measure(who, w)),
        }
    };
    let mut table = Table {
        unit: format!("CPU time of the client thread, median of {rounds} rounds"),
        columns: None,
    };
    for w in WORKLOADS.into_iter().filter(|w| selected(filter, w)) {
        let who = contenders(w.kind);
        // Warm every client (connections, allocator), then rotate the order each round so
        // drift hits all alike.
        for &c in who {
            run(c, w);
        }
        let mut times: Vec<Vec<Option<u64>>> = vec![Vec::new(); who.len()];
        for round in 0..rounds {
            for i in 0..who.len() {
                let at = (round + i) % who.len();
                times[at].push(run(who[at], w));
            }
        }
        // The baseline (lean, or the loop of `send()`) is always in this process.
        let base: Vec<u64> = times[0].iter().map(|b| b.unwrap()).collect();
        let figures: Vec<Option<(String, f64)>> = times
            .iter()
            .map(|t| {
                let t: Vec<u64> = t.iter().copied().collect::<Option<_>>()?;
                let ratios = t.iter().zip(&base).map(|(&x, &b)| x as f64 / b as f64);
                let ms = median(t.iter().map(|&x| x as f64 / 1e6).collect());
                Some((format!("{ms:.1} ms"), median(ratios.collect())))
            })
            .collect();
        table.row(w, &figures);
    }
}

/// `128.4k`, `578.0M`.
fn instructions(n: f64) -> String {
    if n >= 1e6 {
        format!("{:.1}M", n / 1e6)
    } else {
        format!("{:.1}k", n / 1e3)
    }
}

/// Runs `program args` under callgrind, counting inside `symbol`, and returns its instructions
/// per call.
fn count(program: &Path, args: &[String], symbol: &str, w: Workload, tag: &str) -> f64 {
    let out = std::env::temp_dir().join(format!("hot_path.callgrind.{}.{tag}", std::process::id()));
    let run = std::process::Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--toggle-collect={symbol}"))
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("valgrind on PATH");
    if !run.status.success() {
        // The client's own message (a failed check), without valgrind's `==pid==` lines.
        let stderr = String::from_utf8_lossy(&run.stderr);
        let own: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("==")).collect();
        panic!(
            "callgrind run {tag} failed ({}):\n{}",
            run.status,
            own.join("\n")
        );
    }
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    let total: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("totals:").or(l.strip_prefix("summary:")))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("a callgrind total");
    assert!(
        total > 0,
        "callgrind counted nothing in {tag}: is `{symbol}` inlined?"
    );
    total as f64 / w.calls as f64
}

/// Instructions: each counted workload under callgrind for every client, one process each.
fn callgrind(filter: &[String]) {
    let exe = std::env::current_exe().unwrap();
    let peer = peer::exe();
    if peer.is_none() {
        eprintln!(
            "{} unset: the openapi-generator peer is not run (crates/bench/run runs it)",
            peer::ENV
        );
    }
    let mut table = Table {
        unit: "instructions per call".to_owned(),
        columns: None,
    };
    for (index, w) in COUNTED.into_iter().enumerate() {
        if !selected(filter, &w) {
            continue;
        }
        let counts: Vec<Option<f64>> = contenders(w.kind)
            .iter()
            .map(|&who| {
                let tag = format!("{}.{index}", who.arg());
                if who == Contender::Peer {
                    let peer = peer.as_deref()?;
                    let mut args = vec!["count".to_owned()];
                    args.extend(peer::workload_args(
                        w.kind == Kind::Get,
                        w.calls,
                        w.in_flight,
                    ));
                    let symbol = clock::counted_symbol(peer::CRATE);
                    Some(count(peer, &args, &symbol, w, &tag))
                } else {
                    let args = [format!("--callgrind-child={},{index}", who.arg())];
                    let symbol = clock::counted_symbol("hot_path");
                    Some(count(&exe, &args, &symbol, w, &tag))
                }
            })
            .collect();
        let base = counts[0].unwrap_or(f64::NAN);
        let figures: Vec<Option<(String, f64)>> = counts
            .iter()
            .map(|c| c.map(|n| (instructions(n), n / base)))
            .collect();
        table.row(w, &figures);
    }
}

/// Under callgrind: one in-process client, one counted workload, warmed up first, then
/// `clock::counted_calls`.
fn callgrind_child(which: &str, index: usize) {
    let w = COUNTED[index];
    let who = Contender::IN_PROCESS
        .into_iter()
        .find(|c| c.arg() == which)
        .unwrap_or_else(|| panic!("no in-process client {which:?}"));
    // The server on threads of this process, as the peer's callgrind run has it, so every
    // client is counted in the same setting (callgrind runs a process's threads one at a time).
    let clients = Clients::start(canned::serve());
    let run = || {
        clients.measure(who, w);
    };
    run();
    clock::counted_calls(&run);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--canned-server") {
        ServerProcess::serve();
        return;
    }
    if let Some(child) = args
        .iter()
        .find_map(|a| a.strip_prefix("--callgrind-child="))
    {
        let (which, index) = child.split_once(',').unwrap();
        callgrind_child(which, index.parse().unwrap());
        return;
    }
    // `cargo bench` passes `--bench`; a filter word selects workloads by name.
    let mut filter: Vec<String> = args.into_iter().filter(|a| !a.starts_with('-')).collect();
    if let Some(at) = filter.iter().position(|f| f == "callgrind") {
        filter.remove(at);
        callgrind(&filter);
    } else {
        cpu_time(&filter);
    }
}
