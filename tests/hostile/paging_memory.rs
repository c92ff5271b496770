//! The memory a long link-paged listing costs: 3,000 pages whose `Link` cursors are 16 KB each,
//! streamed in a child process (this test binary run again with one ignored test selected),
//! so that nothing else in the test run counts. The repeat guard once kept every cursor: 46 MiB
//! of cursors alone at the end of such a listing.

use crate::memory::peak_rss_kib;
use futures::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const CHILD_VAR: &str = "USERAPI_HOSTILE_PAGING_MEMORY";
const PAGES: usize = 3_000;
const CURSOR_BYTES: usize = 16 * 1024;
/// Pages read before the baseline is taken: connections, buffers and the allocator have settled.
const WARM_UP: usize = 100;

/// A keep-alive loopback server for `GET /admin/identities`: page `i` (asked for with
/// `page_token=<i>-aaa...`, the first without) holds one identity and, but for the last, links
/// to page `i + 1` with a cursor of `CURSOR_BYTES`. Nothing is recorded.
async fn serve_pages() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(answer_pages(stream));
        }
    });
    url
}

async fn answer_pages(mut stream: TcpStream) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let end = loop {
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i;
            }
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&buf[..end]).into_owned();
        buf.drain(..end + 4);
        let target = head.split(' ').nth(1).unwrap_or_default();
        let page: usize = target
            .split_once("page_token=")
            .and_then(|(_, v)| v.split('-').next()?.parse().ok())
            .unwrap_or(0);
        let body = format!(
            r#"[{{"id":"00000000-0000-4000-8000-{page:012}","schema_id":"default","schema_url":"http://localhost/schemas/default","traits":{{}}}}]"#
        );
        let link = if page + 1 < PAGES {
            format!(
                "link: </admin/identities?page_token={}-{}>; rel=\"next\"\r\n",
                page + 1,
                "a".repeat(CURSOR_BYTES)
            )
        } else {
            String::new()
        };
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{link}content-length: {}\r\n\r\n{body}",
            body.len()
        );
        stream.write_all(reply.as_bytes()).await?;
    }
}

#[tokio::test]
#[ignore = "run by `a_long_link_paged_listing_keeps_no_cursor` in a child process"]
async fn child_streams_long_cursors() {
    if std::env::var(CHILD_VAR).is_err() {
        return;
    }
    let client = userapi::kratos::Client::unauthenticated(&serve_pages().await);
    let mut stream = std::pin::pin!(client.list_identities().stream());
    let (mut items, mut baseline) = (0, 0);
    while let Some(item) = stream.next().await {
        item.unwrap();
        items += 1;
        if items == WARM_UP {
            baseline = peak_rss_kib();
        }
    }
    let peak = peak_rss_kib();
    println!(
        "paging memory: pages={items} cursor_bytes={CURSOR_BYTES} baseline_kib={baseline} peak_kib={peak}"
    );
}

#[test]
#[cfg_attr(
    not(target_os = "linux"),
    ignore = "peak memory is read from Linux's /proc/self/status"
)]
fn a_long_link_paged_listing_keeps_no_cursor() {
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args([
            "paging_memory::child_streams_long_cursors",
            "--exact",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_VAR, "1")
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with("paging memory: pages="))
        .unwrap_or_else(|| {
            panic!(
                "the child printed no figure:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let field = |name: &str| -> u64 {
        line.split_whitespace()
            .find_map(|w| w.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .unwrap_or(u64::MAX)
    };
    let (pages, baseline, peak) = (field("pages="), field("baseline_kib="), field("peak_kib="));
    let growth = peak.saturating_sub(baseline);
    println!("{line} growth_kib={growth}");
    assert_eq!(pages, PAGES as u64, "every page streamed");
    // The cursors of the pages after the warm-up come to 45 MiB; a guard that keeps none stays
    // within the noise of buffers and the allocator, far below it.
    let cursors_kib = ((PAGES - WARM_UP) * CURSOR_BYTES / 1024) as u64;
    assert!(
        growth < cursors_kib / 8,
        "peak grew {growth} KiB over 2,900 pages; their cursors are {cursors_kib} KiB"
    );
}
