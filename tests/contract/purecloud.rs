//! PureCloud (Genesys Cloud) users (36 operations) against Prism, with an OAuth bearer token.
//! Every operation documents nine error statuses with an `ErrorBody`.

use crate::harness::{Report, Suite, block_on, body, call};
use serde_json::{Value, json};
use userapi::purecloud::{Client, Credentials, OPERATIONS, PROVIDER, types};

const USER_ID: &str = "6a2c8f4e-1b3d-4c5e-9f7a-8b9c0d1e2f3a";
const OTHER_USER_ID: &str = "0b7d1c2e-3f4a-4b5c-8d6e-7f8091a2b3c4";
const QUEUE_ID: &str = "c3e4f5a6-7b8c-4d9e-a0b1-c2d3e4f5a6b7";
const OTHER_QUEUE_ID: &str = "d4f5a6b7-8c9d-4e0f-b1c2-d3e4f5a6b7c8";
const SKILL_ID: &str = "e5a6b7c8-9d0e-4f1a-82d3-e4f5a6b7c8d9";
const STATION_ID: &str = "f6b7c8d9-0e1f-4a2b-93e4-f5a6b7c8d9e0";
const CLIENT_ID: &str = "a7c8d9e0-1f2a-4b3c-a4f5-a6b7c8d9e0f1";
const ROLE_ID: &str = "b8d9e0f1-2a3b-4c4d-b5a6-b7c8d9e0f1a2";
const OTHER_ROLE_ID: &str = "c9e0f1a2-3b4c-4d5e-86b7-c8d9e0f1a2b3";
const FLOW_ID: &str = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

/// Every writable field of a `User` (id, state, selfUri and the expansions are read-only).
fn user_json() -> Value {
    json!({
        "name": "Ada King",
        "chat": { "jabberId": "5f1e2d3c4b5a6978@example.orgspan.com" },
        "department": "Engineering",
        "email": "ada.king@example.com",
        "addresses": [
            { "address": "+13175550102", "mediaType": "PHONE", "type": "WORK2" },
            { "address": "ada.king@example.com", "mediaType": "EMAIL", "type": "PRIMARY" }
        ],
        "title": "Principal Engineer",
        "username": "ada.king@example.com",
        "images": [
            { "resolution": "x200", "imageUri": "https://prod-images.example.com/ada/x200.jpg" }
        ],
        "version": 7
    })
}

/// Dimension, property and metric predicates, so that every predicate field is sent.
fn predicates(user: &str) -> Value {
    json!([
        { "type": "dimension", "dimension": "userId", "operator": "matches", "value": user },
        {
            "type": "property",
            "propertyType": "integer",
            "property": "routingPriority",
            "operator": "matches",
            "range": { "gt": 1.0, "gte": 2.0, "lt": 10.0, "lte": 9.0 }
        },
        { "type": "metric", "metric": "tAgentRoutingStatus", "operator": "exists" }
    ])
}

fn filter() -> Value {
    json!({
        "type": "and",
        "clauses": [
            { "type": "or", "predicates": predicates(USER_ID) },
            { "type": "and", "predicates": predicates(OTHER_USER_ID) }
        ],
        "predicates": predicates(USER_ID)
    })
}

fn aggregation_query() -> types::AggregationQuery {
    body!(types::AggregationQuery, {
        "interval": "2024-03-04T00:00:00.000Z/2024-03-05T00:00:00.000Z",
        "granularity": "PT30M",
        "groupBy": ["userId", "queueId"],
        "filter": filter(),
        "metrics": ["tSystemPresence", "tAgentRoutingStatus", "tOrganizationPresence"],
        "flattenMultivaluedDimensions": true
    })
}

fn observation_query() -> types::ObservationQuery {
    body!(types::ObservationQuery, {
        "filter": filter(),
        "metrics": ["oActiveUsers", "oMemberUsers", "oOnQueueUsers", "oOffQueueUsers"]
    })
}

fn create_user() -> types::CreateUser {
    body!(types::CreateUser, {
        "name": "Ada Lovelace",
        "department": "Customer Care",
        "email": "ada@example.com",
        "addresses": [
            { "address": "+13175550101", "mediaType": "PHONE", "type": "WORK" },
            { "address": "+13175550199", "mediaType": "SMS", "type": "MOBILE" }
        ],
        "title": "Team Lead",
        "password": "c0rrect-Horse-battery"
    })
}

/// A search with every criterion field, including a nested group.
fn search_request() -> types::UserSearchRequest {
    body!(types::UserSearchRequest, {
        "sortOrder": "ASC",
        "sortBy": "name",
        "pageSize": 25,
        "pageNumber": 1,
        "returnFields": ["id", "name", "email"],
        "expand": ["routingStatus", "presence"],
        "query": [
            { "type": "EXACT", "value": "Customer Care", "operator": "AND", "fields": ["department"] },
            { "type": "TERMS", "values": ["ada@example.com", "grace@example.com"] },
            {
                "type": "REQUIRED_FIELDS",
                "operator": "OR",
                "startValue": "2024-01-01T00:00:00Z",
                "endValue": "2024-12-31T23:59:59Z",
                "values": ["email", "title"],
                "group": [
                    {
                        "type": "STARTS_WITH",
                        "value": "Ada",
                        "values": ["Ada"],
                        "startValue": "a",
                        "endValue": "m",
                        "operator": "AND"
                    },
                    { "type": "CONTAINS", "value": "Lovelace", "operator": "NOT" }
                ]
            }
        ]
    })
}

fn call_forwarding(enabled: bool, phone: &str) -> types::CallForwarding {
    body!(types::CallForwarding, {
        "name": "Ada Lovelace",
        "user": user_json(),
        "enabled": enabled,
        "phoneNumber": phone,
        "modifiedDate": "2024-03-04T10:00:00Z"
    })
}

fn geolocation() -> types::Geolocation {
    body!(types::Geolocation, {
        "name": "Ada's phone",
        "type": "PHONE",
        "primary": true,
        "latitude": 39.8868,
        "longitude": -86.2767,
        "country": "US",
        "region": "Indiana",
        "city": "Indianapolis"
    })
}

/// The user as `OutOfOffice.user` embeds it (`EmbeddedUser`): every writable field plus the id
/// and URI.
fn embedded_user_json() -> Value {
    let mut user = user_json();
    user["id"] = json!(USER_ID);
    user["selfUri"] = json!(format!(
        "https://api.mypurecloud.com/api/v2/users/{USER_ID}"
    ));
    user
}

fn out_of_office() -> types::OutOfOffice {
    body!(types::OutOfOffice, {
        "name": "Summer holiday",
        "user": embedded_user_json(),
        "startDate": "2024-07-01T00:00:00Z",
        "endDate": "2024-07-15T00:00:00Z",
        "active": true
    })
}

/// A queue membership with every writable field.
fn user_queue_json(name: &str, joined: bool) -> Value {
    json!({
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
            "rings": [{
                "expansionCriteria": [{ "type": "TIMEOUT_SECONDS", "threshold": 15.0 }],
                "actions": {
                    "skillsToRemove": [{
                        "id": SKILL_ID,
                        "name": "Spanish",
                        "selfUri": format!("https://api.mypurecloud.com/api/v2/routing/skills/{SKILL_ID}")
                    }]
                }
            }]
        },
        "acwSettings": { "wrapupPrompt": "MANDATORY_TIMEOUT", "timeoutMs": 30000 },
        "skillEvaluationMethod": "BEST",
        "queueFlow": {
            "id": FLOW_ID,
            "name": "Support flow",
            "selfUri": format!("https://api.mypurecloud.com/api/v2/flows/{FLOW_ID}")
        },
        "callingPartyName": "Example Support",
        "callingPartyNumber": "+13175550100",
        "joined": joined,
        "memberCount": 12
    })
}

fn user_queue() -> types::UserQueue {
    body!(types::UserQueue, user_queue_json("Support", true))
}

/// The queue-join body: each queue's ID and the desired `joined` state.
fn user_queues() -> Vec<types::UserQueueJoin> {
    body!(
        Vec<types::UserQueueJoin>,
        [
            { "id": QUEUE_ID, "joined": true },
            { "id": OTHER_QUEUE_ID, "joined": false }
        ]
    )
}

fn routing_skill_post() -> types::UserRoutingSkillPost {
    body!(types::UserRoutingSkillPost, { "id": SKILL_ID, "proficiency": 4.5 })
}

fn routing_skill() -> types::UserRoutingSkill {
    body!(types::UserRoutingSkill, { "name": "Spanish", "proficiency": 3.0, "state": "inactive" })
}

fn routing_status() -> types::RoutingStatus {
    body!(types::RoutingStatus, {
        "userId": USER_ID,
        "status": "IDLE",
        "startTime": "2024-03-04T09:00:00Z"
    })
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

pub fn run(seed: &str) -> Report {
    block_on(async {
        let mut s = match Suite::start(
            PROVIDER,
            OPERATIONS,
            Credentials::bearer("pc-access-token"),
            Client::with_http_client,
            seed,
        ) {
            Ok(s) => s,
            Err(e) => return Report::setup_failure(PROVIDER, e),
        };

        // Analytics
        call!(s, query_user_aggregates.body(aggregation_query()));
        call!(s, query_user_observations.body(observation_query()));

        // Users
        call!(
            s,
            get_users
                .page_size(2)
                .page_number(2)
                .id(strings(&[USER_ID, OTHER_USER_ID]))
                .sort_order("ascending")
                .expand(vec![
                    types::GetUsersExpandItem::RoutingStatus,
                    types::GetUsersExpandItem::Presence,
                ])
        );
        call!(s, get_users);
        call!(s, create_user.body(create_user()));
        call!(
            s,
            get_me.expand(vec![
                types::GetMeExpandItem::Date,
                types::GetMeExpandItem::Organization,
            ])
        );
        call!(s, get_me);
        call!(
            s,
            get_users_search
                .q64("eyJxdWVyeSI6W3sidHlwZSI6IkVYQUNUIn1dfQ==")
                .expand(strings(&["routingStatus", "skills"]))
        );
        call!(
            s,
            get_users_search.q64("eyJxdWVyeSI6W3sidHlwZSI6IkVYQUNUIn1dfQ==")
        );
        call!(s, search_users.body(search_request()));
        call!(
            s,
            get_user.user_id(USER_ID).expand(vec![
                types::GetUserExpandItem::OutOfOffice,
                types::GetUserExpandItem::Station,
            ])
        );
        call!(s, get_user.user_id(USER_ID));
        call!(s, delete_user.user_id(USER_ID));
        call!(
            s,
            patch_user
                .user_id(USER_ID)
                .body(body!(types::User, user_json()))
        );

        // Call forwarding, geolocation, out of office, profile skills
        call!(s, get_user_call_forwarding.user_id(USER_ID));
        call!(
            s,
            put_user_call_forwarding
                .user_id(USER_ID)
                .body(call_forwarding(true, "+13175550123"))
        );
        call!(
            s,
            patch_user_call_forwarding
                .user_id(USER_ID)
                .body(call_forwarding(false, "+13175550124"))
        );
        call!(
            s,
            get_user_geolocation.user_id(USER_ID).client_id(CLIENT_ID)
        );
        call!(
            s,
            patch_user_geolocation
                .user_id(USER_ID)
                .client_id(CLIENT_ID)
                .body(geolocation())
        );
        call!(s, get_user_out_of_office.user_id(USER_ID));
        call!(
            s,
            put_user_out_of_office
                .user_id(USER_ID)
                .body(out_of_office())
        );
        call!(s, get_user_profile_skills.user_id(USER_ID));
        call!(
            s,
            put_user_profile_skills
                .user_id(USER_ID)
                .body(strings(&["Rust", "Spanish"]))
        );
        call!(s, put_user_profile_skills.user_id(USER_ID));

        // Queues
        call!(
            s,
            get_user_queues
                .user_id(USER_ID)
                .page_size(2)
                .page_number(2)
                .joined(false)
        );
        call!(s, get_user_queues.user_id(USER_ID));
        call!(s, patch_user_queues.user_id(USER_ID).body(user_queues()));
        call!(
            s,
            patch_user_queue
                .user_id(USER_ID)
                .queue_id(QUEUE_ID)
                .body(user_queue())
        );
        call!(
            s,
            patch_user_queue
                .user_id(USER_ID)
                .queue_id(OTHER_QUEUE_ID)
                .body(user_queue())
        );

        // Roles
        call!(s, get_user_roles.user_id(USER_ID));
        call!(
            s,
            put_user_roles
                .user_id(USER_ID)
                .body(strings(&[ROLE_ID, OTHER_ROLE_ID]))
        );
        call!(s, delete_user_roles.user_id(USER_ID));

        // Routing skills and status
        call!(
            s,
            get_user_routing_skills
                .user_id(USER_ID)
                .page_size(2)
                .page_number(2)
                .sort_order("DESC")
        );
        call!(s, get_user_routing_skills.user_id(USER_ID));
        call!(
            s,
            add_user_routing_skill
                .user_id(USER_ID)
                .body(routing_skill_post())
        );
        call!(
            s,
            put_user_routing_skill
                .user_id(USER_ID)
                .skill_id(SKILL_ID)
                .body(routing_skill())
        );
        call!(
            s,
            delete_user_routing_skill
                .user_id(USER_ID)
                .skill_id(SKILL_ID)
        );
        call!(s, get_user_routing_status.user_id(USER_ID));
        call!(
            s,
            put_user_routing_status
                .user_id(USER_ID)
                .body(routing_status())
        );

        // Stations
        call!(s, get_user_station.user_id(USER_ID));
        call!(s, delete_user_associated_station.user_id(USER_ID));
        call!(
            s,
            put_user_associated_station
                .user_id(USER_ID)
                .station_id(STATION_ID)
        );
        call!(s, delete_user_default_station.user_id(USER_ID));
        call!(
            s,
            put_user_default_station
                .user_id(USER_ID)
                .station_id(STATION_ID)
        );

        s.finish()
    })
}
