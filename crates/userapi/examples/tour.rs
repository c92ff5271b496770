//! A tour of every provider client against an embedded mock server: no credentials, no network.
//!
//! ```text
//! cargo run -p userapi --example tour
//! ```
//!
//! This file is `crates/userapi/examples/tour.rs` in the repository. Each provider's generated
//! httpmock mocks (the `mock` feature; `MockServer` and friends are re-exported from
//! `userapi::<provider>::mock`) stand in for the real API on a loopback port; the calls below go
//! through the real clients, runtime and HTTP stack. Beside two calls per provider it shows a
//! typed error (`kratos`), an OAuth2 client-credentials login (`authenticated`) and a call the
//! runtime retries after a 503 (`retried`).

use serde_json::json;
use std::error::Error;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use userapi::kratos::mock::MockServer;
use userapi::runtime::paging::TryStreamExt;

type Res = Result<(), Box<dyn Error>>;

#[tokio::main]
async fn main() -> Res {
    let server = MockServer::start_async().await;
    println!("embedded mock server at {}\n", server.base_url());
    pingone(&server).await?;
    kratos(&server).await?;
    purecloud(&server).await?;
    sendauth(&server).await?;
    circuit(&server).await?;
    authenticated(&server).await?;
    retried().await?;
    println!(
        "\ntour finished: 13 calls to 5 providers (one of them retried, one after an OAuth login), all answered on loopback"
    );
    Ok(())
}

/// Decodes a JSON literal into a generated type (the mocks answer with typed values).
fn typed<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, Box<dyn Error>> {
    Ok(serde_json::from_value(value)?)
}

async fn pingone(server: &MockServer) -> Res {
    use userapi::pingone::{Client, mock::MockServerExt};
    let (env, user) = (
        "abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6",
        "03dbc6c0-2e59-4bd5-9a6a-1cf1ffd04c0a",
    );
    let listing = typed(
        json!({ "_embedded": { "verifyTransactions": [{ "id": "tx-1", "transactionStatus": { "status": "REQUESTED" } }] }, "count": 1 }),
    )?;
    server.list_verify_transactions(|when, then| {
        when.environment_id(env).user_id(user);
        then.ok(&listing);
    });
    server.delete_verify_transaction(|when, then| {
        when.transaction_id("tx-1");
        then.no_content();
    });
    let pingone = Client::with_bearer(&server.base_url(), "demo-token");
    let list = pingone
        .list_verify_transactions()
        .environment_id(env)
        .user_id(user)
        .send()
        .await?;
    println!(
        "pingone   list_verify_transactions -> {} count={}",
        list.status(),
        list["count"]
    );
    let deleted = pingone
        .delete_verify_transaction()
        .environment_id(env)
        .user_id(user)
        .transaction_id("tx-1")
        .send()
        .await?;
    println!(
        "pingone   delete_verify_transaction -> {}",
        deleted.status()
    );
    Ok(())
}

async fn kratos(server: &MockServer) -> Res {
    use userapi::kratos::{Client, mock::MockServerExt, types};
    let ada: types::Identity = typed(json!({
        "id": "9f425a8d-7efc-4768-8f23-7647a74fdf13", "schema_id": "default",
        "schema_url": "http://localhost/schemas/default", "state": "active",
        "traits": { "email": "ada@example.com" }
    }))?;
    let grace: types::Identity = typed(json!({
        "id": "3a6b8c0d-4e5f-4a7b-8c1d-2e3f4a5b6c7d", "schema_id": "default",
        "schema_url": "http://localhost/schemas/default", "traits": { "email": "grace@example.com" }
    }))?;
    // Two pages, the second announced in the first's `Link: <...>; rel="next"` header.
    userapi::kratos::mock::pages::list_identities(server, &[vec![ada.clone()], vec![grace]]);
    server.get_identity(|when, then| {
        when.id("9f425a8d-7efc-4768-8f23-7647a74fdf13");
        then.ok(&ada);
    });
    let kratos = Client::unauthenticated(&server.base_url());
    // Every identity, page after page: `.stream()` follows the `Link` header itself.
    let identities: Vec<types::Identity> = kratos
        .list_identities()
        .per_page(10)
        .stream()
        .try_collect()
        .await?;
    println!(
        "kratos    list_identities().stream() -> {} identities from 2 pages",
        identities.len()
    );
    let one = kratos
        .get_identity()
        .id("9f425a8d-7efc-4768-8f23-7647a74fdf13")
        .send()
        .await?;
    println!(
        "kratos    get_identity -> {} state={:?}",
        one.status(),
        one.state
    );

    // A typed error: Kratos documents 404 with its `errorGeneric` body, decoded for you.
    let not_found: types::ErrorGeneric = typed(json!({
        "error": { "code": 404, "message": "Unable to locate the resource", "request": "7c1f9a0e" }
    }))?;
    server.get_identity(|when, then| {
        when.id("no-such-identity");
        then.not_found(&not_found);
    });
    match kratos.get_identity().id("no-such-identity").send().await {
        Ok(found) => println!("kratos    unexpectedly found {}", found.id),
        Err(e) => match e.kind() {
            userapi::kratos::ErrorKind::Service(body) => println!(
                "kratos    get_identity -> {:?}: typed error {:?}, request id {:?}",
                e.status(),
                body.error.message,
                e.request_id()
            ),
            _ => return Err(e.into()),
        },
    }
    Ok(())
}

async fn purecloud(server: &MockServer) -> Res {
    use userapi::purecloud::{Client, mock::MockServerExt, types};
    let user: types::User = typed(
        json!({ "id": "u-1", "name": "Grace Hopper", "email": "grace@example.com", "version": 3 }),
    )?;
    let skills = vec!["COBOL".to_string(), "compilers".to_string()];
    server.get_user(|when, then| {
        when.user_id("u-1");
        then.ok(&user);
    });
    server.get_user_profile_skills(|when, then| {
        when.user_id("u-1");
        then.ok(&skills);
    });
    let purecloud = Client::with_bearer(&server.base_url(), "demo-token");
    let got = purecloud.get_user().user_id("u-1").send().await?;
    println!("purecloud get_user -> {} name={:?}", got.status(), got.name);
    let skills = purecloud
        .get_user_profile_skills()
        .user_id("u-1")
        .send()
        .await?;
    println!(
        "purecloud get_user_profile_skills -> {} {:?}",
        skills.status(),
        skills.into_inner()
    );
    Ok(())
}

async fn sendauth(server: &MockServer) -> Res {
    use userapi::sendauth::{Client, mock::MockServerExt, types};
    let id = "5b8f0ad2-6a3c-4b8e-9d0b-2f1c3e4d5a6b";
    let user: types::User =
        typed(json!({ "id": id, "firstName": "Alan", "lastName": "Turing", "role": "admin" }))?;
    let page: types::PaginatedUsers = typed(json!({ "rows": [user.clone()], "total": 1 }))?;
    server.list_users(|_, then| {
        then.ok(&page);
    });
    server.get_user(|_, then| {
        then.ok(&user);
    });
    let sendauth = Client::with_basic(&server.base_url(), "demo-user", "demo-password");
    let users = sendauth.list_users().send().await?;
    println!(
        "sendauth  list_users -> {} total={:?}",
        users.status(),
        users.total
    );
    let one = sendauth
        .get_user()
        .user_id(id.parse::<uuid::Uuid>()?)
        .send()
        .await?;
    println!(
        "sendauth  get_user -> {} {} {}",
        one.status(),
        *one.first_name,
        *one.last_name
    );
    Ok(())
}

async fn circuit(server: &MockServer) -> Res {
    use userapi::circuit::{Client, mock::MockServerExt, types};
    let me: types::User = typed(json!({ "userId": "c-1", "displayName": "Barbara Liskov" }))?;
    let presence: types::Presence =
        typed(json!({ "userId": "c-1", "state": "AVAILABLE", "mobile": false }))?;
    server.get_profile(|_, then| {
        then.ok(&me);
    });
    let id: types::GetUserPresenceId = "c-1".parse()?;
    server.get_user_presence(|when, then| {
        when.id(&id);
        then.ok(&presence);
    });
    let circuit = Client::with_bearer(&server.base_url(), "demo-token");
    let profile = circuit.get_profile().send().await?;
    println!(
        "circuit   get_profile -> {} {:?}",
        profile.status(),
        profile.display_name
    );
    let p = circuit.get_user_presence().id("c-1").send().await?;
    println!(
        "circuit   get_user_presence -> {} state={:?}",
        p.status(),
        p.state
    );
    Ok(())
}

/// An authenticated call: PureCloud's OAuth2 client credentials, with the token endpoint on the
/// embedded server. The runtime logs in once, caches the token and sends it as a bearer.
async fn authenticated(server: &MockServer) -> Res {
    use userapi::purecloud::{Client, Credentials, mock::MockServerExt, types};
    let token = server.mock(|when, then| {
        when.method("POST").path("/oauth/token");
        then.status(200).json_body(
            json!({ "access_token": "tour-token-1", "token_type": "bearer", "expires_in": 3600 }),
        );
    });
    let me: types::UserMe = typed(json!({ "id": "u-me", "name": "Ada Lovelace", "version": 1 }))?;
    let get_me = server.get_me(|when, then| {
        // The typed matchers cover the operation; httpmock's own add the header check.
        when.into_inner()
            .header("authorization", "Bearer tour-token-1");
        then.ok(&me);
    });
    let purecloud = Client::with_credentials(
        &server.base_url(),
        Credentials::client_credentials(
            format!("{}/oauth/token", server.base_url()),
            "tour-client-id",
            "tour-client-secret",
        ),
    );
    let answer = purecloud.get_me().send().await?;
    println!(
        "purecloud get_me (OAuth client credentials) -> {} name={:?}, token fetched {} time(s)",
        answer.status(),
        answer.name,
        token.calls_async().await
    );
    get_me.assert_async().await;
    Ok(())
}

/// A retried call: a server that answers the first request with 503 and the next with 200. The
/// runtime retries the GET after a short jittered backoff; the caller sees one success.
async fn retried() -> Res {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let base_url = format!("http://{}", listener.local_addr()?);
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&requests);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let n = seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                // A GET has no body: reading the head is enough for this demo server.
                let mut head = vec![0u8; 8192];
                let _ = socket.read(&mut head).await;
                let answer = if n == 0 {
                    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_string()
                } else {
                    let body = r#"{"id":"u-1","name":"Grace Hopper","version":3}"#;
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    )
                };
                let _ = socket.write_all(answer.as_bytes()).await;
            });
        }
    });
    let purecloud = userapi::purecloud::Client::with_bearer(&base_url, "demo-token");
    let user = purecloud.get_user().user_id("u-1").send().await?;
    println!(
        "purecloud get_user (retried) -> {} name={:?} after {} requests (503, then 200)",
        user.status(),
        user.name,
        requests.load(Ordering::SeqCst)
    );
    Ok(())
}
