//! `userapi --mock people ...`: four loopback servers, one per provider with people (Kratos,
//! PureCloud, SendAuth, Circuit), serving one shared set of people shaped as each provider's
//! spec describes them, and answering the calls `userapi-people` makes: the lookups by email,
//! the listings (one page each), and the offboarding writes.
//!
//! ada@example.com is everywhere; grace@ is in Kratos and PureCloud; margaret@ is in Kratos and
//! inactive in PureCloud; linus@ is only in Kratos; ken@ only in SendAuth. So `diff --from
//! kratos --against purecloud` shows linus (absent) and margaret (inactive).
//!
//! The servers answer from the records they were given: the tests give changed records to a
//! fresh set of routes between runs (`register` after `MockServer::reset`) to stand for what a
//! run did.

use crate::failure::Failure;
use httpmock::{Method, Mock, MockServer};
use serde_json::{Value, json};

/// The people of every provider, as the provider's records.
#[derive(Debug, Clone)]
pub struct Fixtures {
    /// Kratos identities.
    pub kratos: Vec<Value>,
    /// The ids of the Kratos identities with an active session.
    pub kratos_sessions: Vec<String>,
    /// PureCloud users.
    pub purecloud: Vec<Value>,
    /// SendAuth users.
    pub sendauth: Vec<Value>,
    /// SendAuth users soft-deleted (deactivated).
    pub sendauth_deleted: Vec<Value>,
    /// Circuit users.
    pub circuit: Vec<Value>,
}

/// The ids the fixtures give, for tests and docs.
#[allow(missing_docs)]
pub mod ids {
    pub const KRATOS_ADA: &str = "9f1c2b1e-5a4e-4c1d-8f57-0d1a6c7e2a01";
    pub const KRATOS_GRACE: &str = "9f1c2b1e-5a4e-4c1d-8f57-0d1a6c7e2a02";
    pub const KRATOS_MARGARET: &str = "9f1c2b1e-5a4e-4c1d-8f57-0d1a6c7e2a03";
    pub const KRATOS_LINUS: &str = "9f1c2b1e-5a4e-4c1d-8f57-0d1a6c7e2a04";
    pub const PURECLOUD_ADA: &str = "5e0b8a52-1c43-4d6e-9a2f-3b7c1d9e4f01";
    pub const PURECLOUD_GRACE: &str = "5e0b8a52-1c43-4d6e-9a2f-3b7c1d9e4f02";
    pub const PURECLOUD_MARGARET: &str = "5e0b8a52-1c43-4d6e-9a2f-3b7c1d9e4f03";
    pub const SENDAUTH_ADA: &str = "3d6f0c1a-8b2e-4f5a-9c7d-1e2f3a4b5c01";
    pub const SENDAUTH_KEN: &str = "3d6f0c1a-8b2e-4f5a-9c7d-1e2f3a4b5c02";
    pub const CIRCUIT_ADA: &str = "c0ffee00-0000-4000-8000-00000000ada1";
}

impl Fixtures {
    /// The shared people, as the mock serves them.
    pub fn shared() -> Self {
        use ids::*;
        Self {
            kratos: vec![
                kratos_identity(
                    KRATOS_ADA,
                    "ada@example.com",
                    "Ada",
                    "Lovelace",
                    "active",
                    true,
                ),
                kratos_identity(
                    KRATOS_GRACE,
                    "grace@example.com",
                    "Grace",
                    "Hopper",
                    "active",
                    false,
                ),
                kratos_identity(
                    KRATOS_MARGARET,
                    "margaret@example.com",
                    "Margaret",
                    "Hamilton",
                    "active",
                    false,
                ),
                kratos_identity(
                    KRATOS_LINUS,
                    "linus@example.com",
                    "Linus",
                    "Torvalds",
                    "active",
                    false,
                ),
            ],
            kratos_sessions: vec![KRATOS_ADA.to_string()],
            purecloud: vec![
                purecloud_user(
                    PURECLOUD_ADA,
                    "ada@example.com",
                    "Ada Lovelace",
                    "active",
                    3,
                ),
                purecloud_user(
                    PURECLOUD_GRACE,
                    "grace@example.com",
                    "Grace Hopper",
                    "active",
                    1,
                ),
                purecloud_user(
                    PURECLOUD_MARGARET,
                    "margaret@example.com",
                    "Margaret Hamilton",
                    "inactive",
                    7,
                ),
            ],
            sendauth: vec![
                sendauth_user(SENDAUTH_ADA, "ada@example.com", "Ada", "Lovelace", true),
                sendauth_user(SENDAUTH_KEN, "ken@example.com", "Ken", "Thompson", false),
            ],
            sendauth_deleted: Vec::new(),
            circuit: vec![circuit_user(CIRCUIT_ADA, "ada@example.com", "Ada Lovelace")],
        }
    }
}

/// A Kratos identity (`identity` in specs/kratos.yaml): an email trait and password
/// credential, and a WebAuthn one (a passkey) when `passkey`.
pub fn kratos_identity(
    id: &str,
    email: &str,
    first: &str,
    last: &str,
    state: &str,
    passkey: bool,
) -> Value {
    let mut credentials = json!({
        "password": {"type": "password", "identifiers": [email], "version": 0,
                     "created_at": "2024-03-27T09:30:00Z", "updated_at": "2024-03-27T09:30:00Z"}
    });
    if passkey {
        credentials["webauthn"] = json!({"type": "webauthn", "identifiers": [id], "version": 0,
            "created_at": "2024-04-02T08:15:00Z", "updated_at": "2024-04-02T08:15:00Z"});
    }
    json!({
        "id": id,
        "schema_id": "default",
        "schema_url": "http://127.0.0.1:4434/schemas/ZGVmYXVsdA",
        "state": state,
        "traits": {"email": email, "name": {"first": first, "last": last}},
        "credentials": credentials,
        "verifiable_addresses": [{"value": email, "via": "email", "status": "completed",
                                  "verified": true}],
        "created_at": "2024-03-27T09:30:00Z",
        "updated_at": "2024-04-02T08:15:00Z"
    })
}

/// A PureCloud user (`User` in specs/purecloud.yaml).
pub fn purecloud_user(id: &str, email: &str, name: &str, state: &str, version: i64) -> Value {
    json!({
        "id": id,
        "name": name,
        "email": email,
        "username": email,
        "state": state,
        "version": version,
        "selfUri": format!("/api/v2/users/{id}")
    })
}

/// A SendAuth user (`User` in specs/sendauth.yaml).
pub fn sendauth_user(id: &str, email: &str, first: &str, last: &str, passkeys: bool) -> Value {
    json!({
        "id": id,
        "username": email.split('@').next().unwrap_or(email),
        "firstName": first,
        "lastName": last,
        "email": email,
        "role": "user",
        "hasPasskeys": passkeys,
        "createdAt": "2024-03-27T09:30:00Z",
        "lastAuthenticated": "2024-04-02T08:15:00Z"
    })
}

/// A Circuit user (`User` in specs/circuit.yaml).
pub fn circuit_user(id: &str, email: &str, name: &str) -> Value {
    json!({
        "userId": id,
        "displayName": name,
        "emailAddress": email,
        "emailAddresses": [{"address": email, "type": "WORK"}],
        "userState": "ACTIVE",
        "userType": "REGULAR"
    })
}

/// The four running servers; they stop when dropped.
pub struct Servers {
    /// Kratos's admin API.
    pub kratos: MockServer,
    /// PureCloud's users API.
    pub purecloud: MockServer,
    /// SendAuth's users API.
    pub sendauth: MockServer,
    /// Circuit's users API.
    pub circuit: MockServer,
}

impl Servers {
    /// The base URL of `provider`'s server (`kratos`, ...); an unknown name gets Kratos's.
    pub fn base_url(&self, provider: &str) -> String {
        match provider {
            "purecloud" => self.purecloud.base_url(),
            "sendauth" => self.sendauth.base_url(),
            "circuit" => self.circuit.base_url(),
            _ => self.kratos.base_url(),
        }
    }
}

impl Servers {
    /// Four servers with no routes.
    pub fn start() -> Self {
        Self {
            kratos: MockServer::start(),
            purecloud: MockServer::start(),
            sendauth: MockServer::start(),
            circuit: MockServer::start(),
        }
    }

    /// Every server's routes deleted.
    pub fn reset(&self) {
        for server in [&self.kratos, &self.purecloud, &self.sendauth, &self.circuit] {
            server.reset();
        }
    }
}

/// Starts the four servers with the shared fixtures.
pub fn serve() -> Result<Servers, Failure> {
    let servers = Servers::start();
    register(&servers, &Fixtures::shared());
    Ok(servers)
}

/// The routes of every server, answering from `fixtures`.
pub fn register<'a>(servers: &'a Servers, fixtures: &Fixtures) -> [Routes<'a>; 4] {
    [
        kratos(&servers.kratos, &fixtures.kratos, &fixtures.kratos_sessions),
        purecloud(&servers.purecloud, &fixtures.purecloud),
        sendauth(
            &servers.sendauth,
            &fixtures.sendauth,
            &fixtures.sendauth_deleted,
        ),
        circuit(&servers.circuit, &fixtures.circuit),
    ]
}

/// The routes of one server, by the generated operation each answers and whether it writes,
/// to count their hits.
pub struct Routes<'a>(Vec<(&'static str, bool, Mock<'a>)>);

impl Routes<'_> {
    /// How many requests the routes of `operation` answered.
    pub fn hits(&self, operation: &str) -> usize {
        self.0
            .iter()
            .filter(|(op, _, _)| *op == operation)
            .map(|(_, _, m)| m.calls())
            .sum()
    }

    /// How many requests the routes of writes answered, by operation (those answered at all).
    pub fn writes(&self) -> Vec<(&'static str, usize)> {
        let mut out: Vec<(&'static str, usize)> = Vec::new();
        for (op, write, mock) in &self.0 {
            let calls = mock.calls();
            if !write || calls == 0 {
                continue;
            }
            match out.iter_mut().find(|(o, _)| o == op) {
                Some((_, n)) => *n += calls,
                None => out.push((op, calls)),
            }
        }
        out
    }
}

fn email_of(record: &Value, pointer: &str) -> String {
    record
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn id_of(record: &Value, field: &str) -> String {
    record
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The routes being registered on one server.
struct Builder<'a> {
    server: &'a MockServer,
    /// The header the provider's request id comes in.
    request_id: &'static str,
    routes: Vec<(&'static str, bool, Mock<'a>)>,
}

impl<'a> Builder<'a> {
    fn new(server: &'a MockServer, request_id: &'static str) -> Self {
        Self {
            server,
            request_id,
            routes: Vec::new(),
        }
    }

    /// A lookup: `GET path` (with `query` = its value when given) answered with `body`.
    fn get(&mut self, op: &'static str, path: &str, query: Option<(&str, &str)>, body: Value) {
        let mock = self.server.mock(|when, then| {
            let mut when = when.method(Method::GET).path(path);
            if let Some((name, value)) = query {
                when = if value.is_empty() {
                    when.query_param_exists(name)
                } else {
                    when.query_param(name, value)
                };
            }
            let _ = when;
            then.status(200).json_body(body);
        });
        self.routes.push((op, false, mock));
    }

    /// A write to `path` about `target`, answered with `status`, `body` if any, and a
    /// request id naming the operation and target (`patch_identity-9f1c2b1e`).
    fn write(
        &mut self,
        op: &'static str,
        (method, path): (Method, &str),
        target: &str,
        status: u16,
        body: Option<Value>,
    ) {
        let id = format!("{op}-{}", target.get(..8).unwrap_or(target));
        let mock = self.server.mock(|when, then| {
            when.method(method).path(path);
            let then = then.status(status).header(self.request_id, id);
            if let Some(body) = body {
                then.json_body(body);
            }
        });
        self.routes.push((op, true, mock));
    }

    fn done(self) -> Routes<'a> {
        Routes(self.routes)
    }
}

/// Kratos: `list_identities` (filtered by `credentials_identifier`, or all on one page),
/// `list_identity_sessions` (one active session for the ids in `sessions`), `patch_identity`,
/// `delete_identity_sessions`, `delete_identity_credentials` (`webauthn`), `delete_identity`.
pub fn kratos<'a>(server: &'a MockServer, identities: &[Value], sessions: &[String]) -> Routes<'a> {
    let mut b = Builder::new(server, "x-request-id");
    for identity in identities {
        let email = email_of(identity, "/traits/email");
        let id = id_of(identity, "id");
        let path = format!("/admin/identities/{id}");
        b.get(
            "list_identities",
            "/admin/identities",
            Some(("credentials_identifier", &email)),
            json!([identity]),
        );
        let active: Vec<Value> = sessions
            .iter()
            .filter(|s| **s == id)
            .map(|_| {
                json!({"id": "6b0a3c2d-1e4f-4a5b-8c9d-0e1f2a3b4c5d", "active": true,
                       "authenticated_at": "2026-12-03T08:00:00Z"})
            })
            .collect();
        b.get(
            "list_identity_sessions",
            &format!("{path}/sessions"),
            None,
            Value::Array(active),
        );
        let mut inactive = identity.clone();
        inactive["state"] = json!("inactive");
        b.write(
            "patch_identity",
            (Method::PATCH, &path),
            &id,
            200,
            Some(inactive),
        );
        b.write(
            "delete_identity_sessions",
            (Method::DELETE, &format!("{path}/sessions")),
            &id,
            204,
            None,
        );
        b.write(
            "delete_identity_credentials",
            (Method::DELETE, &format!("{path}/credentials/webauthn")),
            &id,
            204,
            None,
        );
        b.write("delete_identity", (Method::DELETE, &path), &id, 204, None);
    }
    b.get(
        "list_identities",
        "/admin/identities",
        Some(("credentials_identifier", "")),
        json!([]),
    );
    b.get(
        "list_identities",
        "/admin/identities",
        None,
        Value::Array(identities.to_vec()),
    );
    b.done()
}

/// PureCloud: `search_users` (by email in the body), `get_users` (one page), `patch_user`,
/// `delete_user`.
pub fn purecloud<'a>(server: &'a MockServer, users: &[Value]) -> Routes<'a> {
    let mut b = Builder::new(server, "inin-correlation-id");
    let search = |results: Vec<Value>| {
        json!({"total": results.len(), "pageCount": 1, "pageSize": 25, "pageNumber": 1,
               "types": ["users"], "results": results})
    };
    for user in users {
        let email = email_of(user, "/email");
        let id = id_of(user, "id");
        let path = format!("/api/v2/users/{id}");
        let found = search(vec![user.clone()]);
        let mock = server.mock(|when, then| {
            when.method(Method::POST)
                .path("/api/v2/users/search")
                .body_includes(format!("\"{email}\""));
            then.status(200).json_body(found);
        });
        b.routes.push(("search_users", false, mock));
        let mut inactive = user.clone();
        inactive["state"] = json!("inactive");
        inactive["version"] = json!(user.get("version").and_then(Value::as_i64).unwrap_or(0) + 1);
        b.write(
            "patch_user",
            (Method::PATCH, &path),
            &id,
            200,
            Some(inactive),
        );
        b.write(
            "delete_user",
            (Method::DELETE, &path),
            &id,
            200,
            Some(json!("")),
        );
    }
    let none = search(Vec::new());
    let mock = server.mock(|when, then| {
        when.method(Method::POST).path("/api/v2/users/search");
        then.status(200).json_body(none);
    });
    b.routes.push(("search_users", false, mock));
    b.get(
        "get_users",
        "/api/v2/users",
        None,
        json!({"entities": users, "pageSize": 25, "pageNumber": 1, "total": users.len(),
               "pageCount": 1}),
    );
    b.done()
}

/// SendAuth: `list_users` and `list_deleted_users` (`q` = the email, or all on one page),
/// `remove_user_passkey`, `delete_user` (the soft delete), `destroy_user`.
pub fn sendauth<'a>(server: &'a MockServer, users: &[Value], deleted: &[Value]) -> Routes<'a> {
    let mut b = Builder::new(server, "x-request-id");
    for (listing, op, records) in [
        ("/api/v1/users", "list_users", users),
        ("/api/v1/users/deleted", "list_deleted_users", deleted),
    ] {
        for user in records {
            let email = email_of(user, "/email");
            b.get(
                op,
                listing,
                Some(("q", &email)),
                json!({"rows": [user], "total": 1}),
            );
        }
        b.get(
            op,
            listing,
            Some(("q", "")),
            json!({"rows": [], "total": 0}),
        );
        b.get(
            op,
            listing,
            None,
            json!({"rows": records, "total": records.len()}),
        );
    }
    for user in users {
        let id = id_of(user, "id");
        let path = format!("/api/v1/users/{id}");
        b.write(
            "remove_user_passkey",
            (Method::DELETE, &format!("{path}/passkey")),
            &id,
            200,
            None,
        );
        b.write("delete_user", (Method::DELETE, &path), &id, 200, None);
    }
    // `destroy_user` of an active user too: within one run its soft delete came first, which
    // these fixed answers do not record.
    for user in users.iter().chain(deleted) {
        let id = id_of(user, "id");
        b.write(
            "destroy_user",
            (Method::DELETE, &format!("/api/v1/users/deleted/{id}")),
            &id,
            200,
            None,
        );
    }
    b.done()
}

/// Circuit: `get_user_by_email_address`, 404 for anyone else.
pub fn circuit<'a>(server: &'a MockServer, users: &[Value]) -> Routes<'a> {
    let mut b = Builder::new(server, "x-request-id");
    for user in users {
        let email = email_of(user, "/emailAddress");
        b.get(
            "get_user_by_email_address",
            // As the client sends it: `@` percent-encoded in the path segment.
            &format!("/users/{}/getUserByEmail", email.replace('@', "%40")),
            None,
            user.clone(),
        );
    }
    let mock = server.mock(|when, then| {
        when.method(Method::GET).path_suffix("/getUserByEmail");
        then.status(404);
    });
    b.routes.push(("get_user_by_email_address", false, mock));
    b.done()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Every record decodes into its provider's generated type and back without loss of
    /// what the library reads.
    #[test]
    fn every_record_decodes_into_the_generated_types() {
        let f = Fixtures::shared();
        for r in &f.kratos {
            let identity: userapi_kratos::types::Identity =
                serde_json::from_value(r.clone()).unwrap();
            assert_eq!(
                serde_json::to_value(&identity).unwrap()["traits"],
                r["traits"]
            );
        }
        for r in &f.purecloud {
            let user: userapi_purecloud::types::User = serde_json::from_value(r.clone()).unwrap();
            assert_eq!(user.email.as_deref(), r["email"].as_str());
        }
        for r in &f.sendauth {
            let user: userapi_sendauth::types::User = serde_json::from_value(r.clone()).unwrap();
            assert_eq!(
                user.email.as_deref().map(|e| e.as_str()),
                r["email"].as_str()
            );
        }
        for r in &f.circuit {
            let user: userapi_circuit::types::User = serde_json::from_value(r.clone()).unwrap();
            assert_eq!(user.email_address.as_deref(), r["emailAddress"].as_str());
        }
    }
}
