//! A raw loopback HTTP/1.1 server (tokio, no HTTP library) that makes up paged listings on
//! the fly, so thousands of people cost the test no memory of their own: Kratos
//! `list_identities` (keyset `Link` paging) and SendAuth `list_users` / `list_deleted_users`
//! (`page` and `total`).

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Items per page.
pub const PAGE: usize = 250;

/// Who is where: `n` people in each directory, and each person's record padded with `pad`
/// bytes (so that keeping records would show in memory).
#[derive(Clone, Copy)]
pub struct People {
    pub n: usize,
    pub pad: usize,
    /// SendAuth's soft-deleted users (inactive), numbered from `n` on: in no Kratos page.
    pub deleted: usize,
}

impl People {
    /// Kratos (`against`): person `i` is active, inactive when `i % 10 == 0`, and has another
    /// address when `i % 10 == 1`.
    fn kratos_page(&self, start: usize) -> (String, Option<usize>) {
        let end = (start + PAGE).min(self.n);
        let bio = "k".repeat(self.pad);
        let items: Vec<String> = (start..end)
            .map(|i| {
                let email = if i % 10 == 1 {
                    format!("other{i}@example.com")
                } else {
                    format!("person{i}@example.com")
                };
                let state = if i % 10 == 0 { "inactive" } else { "active" };
                format!(
                    r#"{{"id":"00000000-0000-4000-8000-{i:012}","schema_id":"default","schema_url":"http://localhost/s","state":"{state}","traits":{{"email":"{email}","bio":"{bio}"}},"credentials":{{"password":{{"type":"password","identifiers":["{email}"]}}}}}}"#
                )
            })
            .collect();
        let next = (end < self.n).then_some(end);
        (format!("[{}]", items.join(",")), next)
    }

    /// SendAuth (`from`): person `i`, active, address in mixed case with spaces around; the
    /// soft-deleted ones after them.
    fn sendauth_page(&self, page: usize, deleted: bool) -> String {
        let (first, total) = if deleted {
            (self.n, self.deleted)
        } else {
            (0, self.n)
        };
        let start = first + page.saturating_sub(1) * PAGE;
        let end = (start + PAGE).min(first + total);
        let pad = "s".repeat(self.pad);
        let rows: Vec<String> = (start.min(end)..end)
            .map(|i| {
                format!(
                    r#"{{"id":"00000000-0000-4000-8000-{i:012}","email":" Person{i}@Example.com ","firstName":"Ada","lastName":"Lovelace","username":"{pad}"}}"#
                )
            })
            .collect();
        format!(r#"{{"rows":[{}],"total":{total}}}"#, rows.join(","))
    }
}

/// Starts the server; it runs until the test's runtime ends.
pub async fn serve(people: People) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("its address");
    let people = Arc::new(people);
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            let people = people.clone();
            tokio::spawn(async move {
                let _ = answer(conn, &people).await;
            });
        }
    });
    addr
}

fn query<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    target
        .split_once('?')?
        .1
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
}

/// One request per connection (`Connection: close`): enough for a listing read page by page.
async fn answer(mut conn: TcpStream, people: &People) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut buf).await?;
        if n == 0 || head.len() > 64 * 1024 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split(' ').nth(1).unwrap_or("/").to_string();
    let path = target.split('?').next().unwrap_or("");
    let (body, link) = match path {
        "/admin/identities" => {
            let start = query(&target, "page_token")
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let (body, next) = people.kratos_page(start);
            let link = next.map(|n| {
                format!("</admin/identities?page_size={PAGE}&page_token={n}>; rel=\"next\"")
            });
            (body, link)
        }
        "/api/v1/users" | "/api/v1/users/deleted" => {
            let page = query(&target, "page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            (people.sendauth_page(page, path.ends_with("/deleted")), None)
        }
        _ => {
            conn.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            )
            .await?;
            return Ok(());
        }
    };
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    if let Some(link) = link {
        out.push_str(&format!("link: {link}\r\n"));
    }
    out.push_str("\r\n");
    conn.write_all(out.as_bytes()).await?;
    conn.write_all(body.as_bytes()).await?;
    conn.shutdown().await
}
