//! Shared pieces of the purecloud tests: ids, canned JSON bodies, a client constructor, the
//! request body as sent, and a mock server that can add response headers.

use crate::support::{Wire, render};
use httpmock::{HttpMockRequest, MockServer};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use userapi::purecloud::Client;

pub const TOKEN: &str = "pc-access-token";
pub const USER_ID: &str = "6a2c8f4e-1b3d-4c5e-9f7a-8b9c0d1e2f3a";
pub const OTHER_USER_ID: &str = "0b7d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4";
pub const QUEUE_ID: &str = "c3e4f5a6-7b8c-4d9e-a0b1-c2d3e4f5a6b7";
pub const OTHER_QUEUE_ID: &str = "d4f5a6b7-8c9d-4e0f-b1c2-d3e4f5a6b7c8";
pub const SKILL_ID: &str = "e5a6b7c8-9d0e-4f1a-82d3-e4f5a6b7c8d9";
pub const STATION_ID: &str = "f6b7c8d9-0e1f-4a2b-93e4-f5a6b7c8d9e0";
pub const CLIENT_ID: &str = "a7c8d9e0-1f2a-4b3c-a4f5-a6b7c8d9e0f1";
pub const ROLE_ID: &str = "b8d9e0f1-2a3b-4c4d-b5a6-b7c8d9e0f1a2";
pub const OTHER_ROLE_ID: &str = "c9e0f1a2-3b4c-4d5e-86b7-c8d9e0f1a2b3";
pub const PRESENCE_ID: &str = "6a3af858-942f-489d-9700-5f9bcdcdae9b";

/// A client for the mock server that sends `Authorization: Bearer <TOKEN>`.
pub fn client(wire: &Wire) -> Client {
    Client::with_bearer(&wire.base_url(), TOKEN)
}

/// The JSON body of the last request, parsed back from the rendered request.
pub fn sent_body(wire: &Wire) -> Value {
    let rendered = wire.last_request();
    let (_, body) = rendered
        .split_once("\n\n")
        .expect("the request has no body");
    serde_json::from_str(body).expect("the request body is not JSON")
}

/// Whether the last request went out without a body.
pub fn sent_no_body(wire: &Wire) -> bool {
    !wire.last_request().contains("\n\n")
}

/// A user as the API returns it (not expanded).
pub fn user_json(id: &str, name: &str, email: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "chat": { "jabberId": "5f1e2d3c4b5a6978@example.orgspan.com" },
        "department": "Customer Care",
        "email": email,
        "primaryContactInfo": [
            { "address": email, "display": email, "mediaType": "EMAIL", "type": "PRIMARY" }
        ],
        "addresses": [
            { "address": "+13175550101", "display": "+1 317-555-0101", "mediaType": "PHONE", "type": "WORK" }
        ],
        "state": "active",
        "title": "Team Lead",
        "username": email,
        "images": [
            { "resolution": "x96", "imageUri": format!("https://prod-images.example.com/{id}/x96.jpg") }
        ],
        "version": 7,
        "selfUri": format!("/api/v2/users/{id}")
    })
}

/// The organization presence "Available".
pub fn presence_definition_json() -> Value {
    json!({
        "id": PRESENCE_ID,
        "name": "Available",
        "languageLabels": { "en_US": "Available", "de": "Verfügbar" },
        "systemPresence": "Available",
        "deactivated": false,
        "primary": true,
        "createdDate": "2016-01-01T00:00:00Z",
        "modifiedDate": "2016-06-01T12:00:00Z",
        "selfUri": format!("/api/v2/presencedefinitions/{PRESENCE_ID}")
    })
}

/// A station as `GET .../station` reports it.
pub fn station_json(id: &str) -> Value {
    json!({
        "id": id,
        "associatedUser": { "id": USER_ID, "name": "Ada Lovelace", "version": 7 },
        "associatedDate": "2024-03-04T08:00:00Z",
        "defaultUser": { "id": USER_ID, "name": "Ada Lovelace", "version": 7 },
        "providerInfo": { "edgeGroupId": "1e2d3c4b-5a69-4788-9706-a5b4c3d2e1f0", "phoneType": "WebRTC" }
    })
}

/// A queue membership with every field.
pub fn user_queue_json(id: &str, name: &str, joined: bool) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "Inbound support calls",
        "version": 4,
        "dateCreated": "2016-02-01T10:00:00Z",
        "dateModified": "2016-09-15T16:30:00Z",
        "modifiedBy": OTHER_USER_ID,
        "createdBy": OTHER_USER_ID,
        "state": "active",
        "modifiedByApp": "admin-ui",
        "createdByApp": "admin-ui",
        "mediaSettings": {
            "call": { "alertingTimeoutSeconds": 8, "serviceLevel": { "percentage": 0.8, "durationMs": 20000 } },
            "chat": { "alertingTimeoutSeconds": 30, "serviceLevel": { "percentage": 0.9, "durationMs": 60000 } }
        },
        "bullseye": {
            "rings": [
                {
                    "expansionCriteria": [ { "type": "TIMEOUT_SECONDS", "threshold": 15.0 } ],
                    "actions": {
                        "skillsToRemove": [
                            { "id": SKILL_ID, "name": "Spanish", "selfUri": format!("/api/v2/routing/skills/{SKILL_ID}") }
                        ]
                    }
                }
            ]
        },
        "acwSettings": { "wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 30000 },
        "skillEvaluationMethod": "BEST",
        "queueFlow": { "id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "name": "Support flow", "selfUri": "/api/v2/flows/a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d" },
        "callingPartyName": "Example Support",
        "callingPartyNumber": "+13175550100",
        "joined": joined,
        "memberCount": 12,
        "selfUri": format!("/api/v2/routing/queues/{id}")
    })
}

/// A roles-and-permissions answer.
pub fn user_authorization_json() -> Value {
    json!({
        "roles": [
            { "id": ROLE_ID, "name": "employee" },
            { "id": OTHER_ROLE_ID, "name": "Supervisor" }
        ],
        "permissions": ["directory:user:view", "routing:queue:join"],
        "permissionPolicies": [
            {
                "id": "routing-queue-join",
                "domain": "routing",
                "entityName": "queue",
                "policyName": "Join queues",
                "policyDescription": "Join own queues",
                "actionSetKey": "join",
                "allowConditions": true,
                "resourceConditionNode": {
                    "variableName": "queue.id",
                    "conjunction": "AND",
                    "operator": "IN",
                    "operands": [ { "type": "QUEUE", "value": QUEUE_ID } ],
                    "terms": []
                },
                "namedResources": [QUEUE_ID],
                "resourceCondition": "queue.id IN [queue]",
                "actionSet": ["join"]
            }
        ]
    })
}

/// A page wrapper around `entities`, as the listing endpoints return.
pub fn page_json(entities: Value, path: &str) -> Value {
    json!({
        "entities": entities,
        "pageSize": 2,
        "pageNumber": 2,
        "total": 5,
        "selfUri": format!("{path}?pageSize=2&pageNumber=2"),
        "firstUri": format!("{path}?pageSize=2&pageNumber=1"),
        "previousUri": format!("{path}?pageSize=2&pageNumber=1"),
        "nextUri": format!("{path}?pageSize=2&pageNumber=3"),
        "lastUri": format!("{path}?pageSize=2&pageNumber=3"),
        "pageCount": 3
    })
}

/// A full `ErrorBody`.
pub fn error_json(status: u16, code: &str, message: &str) -> Value {
    json!({
        "status": status,
        "code": code,
        "entityId": USER_ID,
        "entityName": "user",
        "message": message,
        "messageWithParams": "{reason} for user {userId}",
        "messageParams": { "reason": message, "userId": USER_ID },
        "contextId": "7c1f9a2b-3d4e-4f5a-8b6c-9d0e1f2a3b4c",
        "details": [ { "errorCode": "DETAIL_CODE", "entityId": USER_ID, "entityName": "user" } ],
        "errors": [ { "status": status, "code": "nested.error", "message": "nested cause" } ]
    })
}

/// A loopback server answering every request with `status`, `headers` and a JSON `body`.
/// Unlike `Wire`, it can add response headers (for `Retry-After`).
pub struct HeaderWire {
    pub server: MockServer,
    seen: Arc<Mutex<Vec<HttpMockRequest>>>,
}

impl HeaderWire {
    pub async fn answer(status: u16, headers: &[(&str, &str)], body: Value) -> Self {
        let server = MockServer::start_async().await;
        let seen: Arc<Mutex<Vec<HttpMockRequest>>> = Arc::default();
        let record = Arc::clone(&seen);
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let body = body.to_string();
        server
            .mock_async(move |when, then| {
                when.is_true(move |req| {
                    record.lock().unwrap().push(req.clone());
                    true
                });
                let mut then = then
                    .status(status)
                    .header("content-type", "application/json");
                for (k, v) in headers {
                    then = then.header(k, v);
                }
                then.body(body);
            })
            .await;
        Self { server, seen }
    }

    pub fn client(&self) -> Client {
        Client::with_bearer(&self.server.base_url(), TOKEN)
    }

    pub fn hits(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    pub fn last_request(&self) -> String {
        let seen = self.seen.lock().unwrap();
        render(seen.last().expect("no request reached the mock server"))
    }
}
