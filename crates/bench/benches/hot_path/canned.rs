//! A keep-alive loopback server answering with canned bytes: one identity, or a listing.

use std::io::{Read, Write};
use std::net::TcpListener;

/// The identity the GET asks for (the server answers every path but the listing with one
/// identity).
pub const ID: &str = "9f425a8d-7efc-4768-8f23-7647a74fdf13";

/// Identities in the listing.
pub const LISTED: usize = 10_000;

/// Page size of the paged listing (`page_size=250`): 40 pages of the same 10,000 identities,
/// each but the last with `Link: <...page_token=N>; rel="next"`.
pub const PAGE_SIZE: usize = 250;

fn identity(n: usize) -> serde_json::Value {
    serde_json::json!({
        "id": format!("9f425a8d-7efc-4768-8f23-{:012x}", n),
        "schema_id": "customer",
        "schema_url": "http://127.0.0.1:4434/schemas/Y3VzdG9tZXI",
        "state": "active",
        "state_changed_at": "2024-01-02T03:04:05.123456Z",
        "traits": { "email": format!("user{n}@example.com"), "name": { "first": "Ada", "last": "Lovelace" } },
        "metadata_public": { "plan": "pro" },
        "metadata_admin": null,
        "credentials": {
            "password": {
                "type": "password", "identifiers": [format!("user{n}@example.com")], "version": 0,
                "created_at": "2024-01-02T03:04:05.123456Z", "updated_at": "2024-01-02T03:04:05.123456Z"
            }
        },
        "verifiable_addresses": [{
            "id": "6c1a9e2b-4d3f-4a5b-9c8d-7e6f5a4b3c2d", "value": format!("user{n}@example.com"),
            "verified": true, "via": "email", "status": "completed",
            "verified_at": "2024-01-02T03:10:00Z",
            "created_at": "2024-01-02T03:04:05.123456Z", "updated_at": "2024-01-02T03:10:00Z"
        }],
        "recovery_addresses": [{
            "id": "6c1a9e2b-4d3f-4a5b-9c8d-7e6f5a4b3c2d", "value": format!("user{n}@example.com"),
            "via": "email", "created_at": "2024-01-02T03:04:05.123456Z",
            "updated_at": "2024-01-02T03:04:05.123456Z"
        }],
        "created_at": "2024-01-02T03:04:05.123456Z",
        "updated_at": "2024-01-02T03:04:05.123456Z"
    })
}

fn answer(body: &[u8]) -> Vec<u8> {
    answer_with(body, "")
}

fn answer_with(body: &[u8], extra_headers: &str) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: 1\r\n{extra_headers}content-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// Starts the server on a thread of its own (its CPU time is not the client's) and returns its
/// base URL.
pub fn serve() -> String {
    let one = answer(identity(1).to_string().as_bytes());
    let list = answer(
        serde_json::Value::Array((0..LISTED).map(identity).collect())
            .to_string()
            .as_bytes(),
    );
    let pages = LISTED / PAGE_SIZE;
    let paged: Vec<Vec<u8>> = (0..pages)
        .map(|p| {
            let body = serde_json::Value::Array(
                (p * PAGE_SIZE..(p + 1) * PAGE_SIZE).map(identity).collect(),
            )
            .to_string();
            let link = if p + 1 < pages {
                format!(
                    "link: </admin/identities?page_size={PAGE_SIZE}&page_token={}>; rel=\"next\"\r\n",
                    p + 1
                )
            } else {
                String::new()
            };
            answer_with(body.as_bytes(), &link)
        })
        .collect();
    let paged = std::sync::Arc::new(paged);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (one, list, paged) = (one.clone(), list.clone(), paged.clone());
            std::thread::spawn(move || {
                let mut stream = stream;
                let _ = stream.set_nodelay(true);
                let mut buf = Vec::new();
                let mut chunk = [0u8; 8192];
                loop {
                    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut chunk) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buf.extend_from_slice(&chunk[..n]),
                        }
                    }
                    let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    let line = String::from_utf8_lossy(&buf[..end]);
                    let line = line.lines().next().unwrap_or_default();
                    let listing = line.starts_with("GET /admin/identities ")
                        || line.starts_with("GET /admin/identities?");
                    let page = line.contains("page_size=").then(|| {
                        line.split("page_token=")
                            .nth(1)
                            .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
                            .and_then(|t| t.parse::<usize>().ok())
                            .unwrap_or(0)
                    });
                    let reply = match page {
                        Some(p) => paged[p.min(paged.len() - 1)].clone(),
                        None if listing => list.clone(),
                        None => one.clone(),
                    };
                    buf.drain(..end);
                    if stream.write_all(&reply).is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}
