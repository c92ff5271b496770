//! A keep-alive loopback server answering with canned bytes: one identity, or a listing.

use std::io::{Read, Write};
use std::net::TcpListener;

/// Identities in the listing.
pub const LISTED: usize = 10_000;

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
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-request-id: 1\r\ncontent-length: {}\r\n\r\n",
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
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (one, list) = (one.clone(), list.clone());
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
                    let listing = buf.starts_with(b"GET /admin/identities ")
                        || buf.starts_with(b"GET /admin/identities?");
                    buf.drain(..end);
                    let reply = if listing { &list } else { &one };
                    if stream.write_all(reply).is_err() {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}
