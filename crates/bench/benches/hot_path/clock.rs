//! What every client's run is measured with, shared by the benchmark and the peer driver
//! (`crates/bench/peer/main.rs` includes this file), so all clients are timed and counted alike.

use std::future::Future;

/// CPU time this thread has used, in nanoseconds (Linux `/proc/thread-self/schedstat`, so the
/// server's threads are not counted).
pub fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .expect("Linux /proc/thread-self/schedstat")
}

/// Makes `calls` calls, `in_flight` at a time on the runtime's thread, and returns the CPU
/// time they took on this thread.
pub fn measure<F, Fut>(rt: &tokio::runtime::Runtime, calls: usize, in_flight: usize, call: F) -> u64
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let per_task = calls / in_flight;
    let started = thread_cpu_ns();
    rt.block_on(futures::future::join_all((0..in_flight).map(|_| async {
        for _ in 0..per_task {
            call().await;
        }
    })));
    thread_cpu_ns() - started
}

/// The calls callgrind counts (`--toggle-collect` names this function): everything the client
/// thread does from the first call's start to the last call's end, the runtime's I/O driver
/// and timers included.
#[inline(never)]
pub fn counted_calls(run: &dyn Fn()) {
    run();
}

/// The symbol `--toggle-collect` names in a binary whose crate is `krate`.
pub fn counted_symbol(krate: &str) -> String {
    format!("{krate}::clock::counted_calls")
}

/// The single-threaded runtime every client runs on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}
