//! Fixtures and clients shared by the tests: provider records as JSON, and a directory per
//! provider pointed at a loopback server, each with a secret that must never be printed.
#![allow(dead_code)]

use serde_json::{Value, json};
use userapi_people::Directory;
use userapi_runtime::RetryPolicy;

pub const KRATOS_KEY: &str = "kratos-secret-key-0xDEADBEEF";
pub const PURECLOUD_TOKEN: &str = "purecloud-secret-token-0xFEEDFACE";
pub const SENDAUTH_PASSWORD: &str = "sendauth-secret-password-0xC0FFEE";
pub const CIRCUIT_TOKEN: &str = "circuit-secret-token-0xBADC0DE";
pub const SECRETS: [&str; 4] = [
    KRATOS_KEY,
    PURECLOUD_TOKEN,
    SENDAUTH_PASSWORD,
    CIRCUIT_TOKEN,
];

/// No retries: a provider that is down fails at once (the retries are the runtime's, tested
/// there).
fn no_retry() -> RetryPolicy {
    RetryPolicy::disabled()
}

pub fn kratos(base: &str) -> Directory {
    userapi_kratos::Client::with_api_key(base, KRATOS_KEY)
        .with_retry(no_retry())
        .into()
}

pub fn purecloud(base: &str) -> Directory {
    userapi_purecloud::Client::with_bearer(base, PURECLOUD_TOKEN)
        .with_retry(no_retry())
        .into()
}

pub fn sendauth(base: &str) -> Directory {
    userapi_sendauth::Client::with_basic(base, "admin", SENDAUTH_PASSWORD)
        .with_retry(no_retry())
        .into()
}

pub fn circuit(base: &str) -> Directory {
    userapi_circuit::Client::with_bearer(base, CIRCUIT_TOKEN)
        .with_retry(no_retry())
        .into()
}

/// A base URL nothing listens on: a port bound and released.
pub fn down() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A Kratos UUID from a number.
pub fn uuid(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

pub fn kratos_identity(n: u64, email: &str, state: &str, credentials: &[&str]) -> Value {
    let mut creds = serde_json::Map::new();
    for kind in credentials {
        let identifiers = if *kind == "password" {
            json!([email])
        } else {
            json!([])
        };
        creds.insert(
            kind.to_string(),
            json!({ "type": kind, "identifiers": identifiers }),
        );
    }
    json!({
        "id": uuid(n),
        "schema_id": "default",
        "schema_url": "http://localhost/schemas/default",
        "state": state,
        "traits": { "email": email, "name": { "first": "Ada", "last": format!("N{n}") } },
        "credentials": creds,
        "created_at": "2024-01-02T03:04:05Z",
        "updated_at": "2024-02-03T04:05:06Z",
    })
}

pub fn purecloud_user(id: &str, email: &str, state: &str, version: i32) -> Value {
    json!({ "id": id, "email": email, "name": "Ada Lovelace", "state": state, "version": version })
}

pub fn purecloud_search_page(users: Vec<Value>) -> Value {
    json!({
        "total": users.len(), "pageCount": 1, "pageSize": 25, "pageNumber": 1,
        "types": ["users"], "results": users,
    })
}

pub fn sendauth_user(n: u64, email: &str, has_passkeys: bool) -> Value {
    json!({
        "id": uuid(n), "email": email, "firstName": "Ada", "lastName": "Lovelace",
        "hasPasskeys": has_passkeys, "createdAt": "2024-01-02T03:04:05Z",
    })
}

pub fn sendauth_page(users: Vec<Value>) -> Value {
    json!({ "rows": users, "total": users.len() })
}

pub fn circuit_user(id: &str, email: &str, state: &str) -> Value {
    json!({ "userId": id, "emailAddress": email, "displayName": "Ada Lovelace", "userState": state })
}
