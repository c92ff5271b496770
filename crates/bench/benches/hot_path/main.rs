//! The cost of a call through our client against the same call written by hand with reqwest and
//! a serde mirror of the model, measured in the same run on the same loopback server.
//!
//! `cargo bench -p userapi-bench` prints, per workload, the CPU time the
//! client thread spent (Linux `/proc/thread-self/schedstat`, so the server's work is not
//! counted) as the median of alternating rounds, and the ratio ours / hand-written. Workloads:
//! one Kratos identity (`GET /admin/identities/{id}`) and a listing of 10,000 identities, each
//! with 1 and with 64 calls in flight; and the same 10,000 identities in 40 pages of 250
//! (`Link` header), streamed with `.stream()` against a loop of one `send()` per page written
//! by hand with the same client (so the figure is what `.stream()` itself costs).
//!
//! `cargo bench -p userapi-bench -- callgrind` counts instructions instead
//! (valgrind's callgrind, which must be on `PATH`): the benchmark runs itself under callgrind
//! once per client and workload, counting only the client thread inside the measured calls
//! (after a warm-up, with the connections open), and prints instructions per call and the ratio.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod canned;
mod mirror;

use std::time::Duration;
use userapi::kratos::Client;

const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";
const ROUNDS: usize = 7;

#[derive(Clone, Copy)]
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

const WORKLOADS: [Workload; 5] = [
    Workload {
        name: "GET one identity, 1 in flight",
        kind: Kind::Get,
        calls: 2_000,
        in_flight: 1,
    },
    Workload {
        name: "GET one identity, 64 in flight",
        kind: Kind::Get,
        calls: 2_048,
        in_flight: 64,
    },
    Workload {
        name: "list 10,000 identities, 1 in flight",
        kind: Kind::List,
        calls: 6,
        in_flight: 1,
    },
    Workload {
        name: "list 10,000 identities, 64 in flight",
        kind: Kind::List,
        calls: 64,
        in_flight: 64,
    },
    Workload {
        name: "stream 10,000 identities in 40 pages",
        kind: Kind::Paged,
        calls: 1,
        in_flight: 1,
    },
];

/// CPU time this thread has used, in nanoseconds.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("Linux /proc/thread-self/schedstat")
}

async fn ours(client: &Client, kind: Kind) {
    match kind {
        Kind::Get => {
            let identity = client.get_identity().id(ID).send().await.unwrap();
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

async fn by_hand(http: &reqwest::Client, base: &str, client: &Client, kind: Kind) {
    match kind {
        Kind::Paged => pages_by_hand(client).await,
        Kind::Get => {
            let url = format!("{base}/admin/identities/{ID}");
            let identity: mirror::Identity = get_json(http, url).await;
            assert_eq!(identity.schema_id, "customer");
        }
        Kind::List => {
            let url = format!("{base}/admin/identities");
            let page: Vec<mirror::Identity> = get_json(http, url).await;
            assert_eq!(page.len(), canned::LISTED);
        }
    }
}

/// The canned server, a single-threaded runtime, and both clients pointed at the server.
struct Setup {
    base: String,
    rt: tokio::runtime::Runtime,
    client: Client,
    http: reqwest::Client,
}

impl Setup {
    fn start() -> Self {
        let base = canned::serve();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let client = Client::unauthenticated(&base);
        // As a production client would be, and as ours is: connect and request time limits.
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .unwrap();
        Self {
            base,
            rt,
            client,
            http,
        }
    }
}

/// Runs `w` with `call` and returns the CPU time it took on this thread.
fn measure<F, Fut>(rt: &tokio::runtime::Runtime, w: Workload, call: F) -> u64
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let per_task = w.calls / w.in_flight;
    let started = thread_cpu_ns();
    rt.block_on(futures::future::join_all((0..w.in_flight).map(|_| async {
        for _ in 0..per_task {
            call().await;
        }
    })));
    thread_cpu_ns() - started
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The workloads `-- callgrind` counts, with fewer calls (callgrind runs some 50 times slower).
const COUNTED: [(&str, Kind, usize, usize); 3] = [
    ("GET one identity, 1 in flight", Kind::Get, 200, 1),
    ("GET one identity, 64 in flight", Kind::Get, 256, 64),
    ("list 10,000 identities, 1 in flight", Kind::List, 2, 1),
];

/// The calls callgrind counts (`--toggle-collect` names this function): everything the client
/// thread does from the first call's start to the last call's end, the runtime's I/O driver
/// and timers included.
#[inline(never)]
fn counted_calls(run: &dyn Fn()) {
    run();
}

/// Under callgrind: one client, one workload (`--callgrind-child=ours|hand,INDEX`), warmed up
/// first, then `counted_calls`.
fn callgrind_child(which: &str, index: usize) {
    let (name, kind, calls, in_flight) = COUNTED[index];
    let w = Workload {
        name,
        kind,
        calls,
        in_flight,
    };
    let Setup {
        base,
        rt,
        client,
        http,
    } = Setup::start();
    let run = || {
        if which == "ours" {
            measure(&rt, w, || ours(&client, kind));
        } else {
            measure(&rt, w, || by_hand(&http, &base, &client, kind));
        }
    };
    run();
    counted_calls(&run);
}

/// Runs each counted workload under callgrind for both clients and prints instructions per call.
fn callgrind(filter: &[String]) {
    let exe = std::env::current_exe().unwrap();
    let dir = std::env::temp_dir();
    println!(
        "{:<40} {:>14} {:>14} {:>8}",
        "workload (instructions per call)", "by hand", "ours", "ratio"
    );
    for (index, (name, _, calls, _)) in COUNTED.iter().enumerate() {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let count = |which: &str| -> f64 {
            let out = dir.join(format!(
                "hot_path.callgrind.{}.{which}.{index}",
                std::process::id()
            ));
            let status = std::process::Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg("--toggle-collect=hot_path::counted_calls")
                .arg(format!("--callgrind-out-file={}", out.display()))
                .arg(&exe)
                .arg(format!("--callgrind-child={which},{index}"))
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("valgrind on PATH");
            assert!(status.success(), "callgrind run failed: {status}");
            let text = std::fs::read_to_string(&out).unwrap();
            let _ = std::fs::remove_file(&out);
            let total: u64 = text
                .lines()
                .find_map(|l| l.strip_prefix("totals:").or(l.strip_prefix("summary:")))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
                .expect("a callgrind total");
            assert!(
                total > 0,
                "callgrind counted nothing: is `counted_calls` inlined?"
            );
            total as f64 / *calls as f64
        };
        let ours = count("ours");
        let hand = count("hand");
        println!(
            "{:<40} {:>14.0} {:>14.0} {:>7.3}x",
            name,
            hand,
            ours,
            ours / hand
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
        return;
    }
    let Setup {
        base,
        rt,
        client,
        http,
    } = Setup::start();
    println!(
        "{:<40} {:>14} {:>14} {:>8}",
        "workload (CPU time of the client thread)", "by hand ms", "ours ms", "ratio"
    );
    for w in WORKLOADS {
        if !filter.is_empty() && !filter.iter().any(|f| w.name.contains(f.as_str())) {
            continue;
        }
        // Warm both (connections, allocator), then alternate so drift hits both alike.
        measure(&rt, w, || ours(&client, w.kind));
        measure(&rt, w, || by_hand(&http, &base, &client, w.kind));
        let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let (x, y) = if round % 2 == 0 {
                let x = measure(&rt, w, || ours(&client, w.kind));
                (
                    x,
                    measure(&rt, w, || by_hand(&http, &base, &client, w.kind)),
                )
            } else {
                let y = measure(&rt, w, || by_hand(&http, &base, &client, w.kind));
                (measure(&rt, w, || ours(&client, w.kind)), y)
            };
            a.push(x as f64 / 1e6);
            b.push(y as f64 / 1e6);
            ratios.push(x as f64 / y as f64);
        }
        println!(
            "{:<40} {:>14.1} {:>14.1} {:>7.3}x",
            w.name,
            median(b),
            median(a),
            median(ratios)
        );
    }
}
