//! PureCloud users on the wire: one test per operation (36 of 36). Each sets every parameter
//! and a full body, snapshots the request as sent and decodes a canned answer into typed values.
//!
//! Bodies are written as JSON, decoded into the typed model and sent; the body that reaches the
//! server must equal the JSON written (no field lost or renamed on the way).

use crate::common::*;
use crate::support::Wire;
use serde_json::json;
use userapi::purecloud::types;

// ---------------------------------------------------------------------------------------------
// Analytics
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn query_user_aggregates_posts_the_full_query_and_decodes_results() {
    let answer = json!({
        "systemToOrganizationMappings": {
            "AVAILABLE": [PRESENCE_ID, "2b3c4d5e-6f70-4812-9a3b-4c5d6e7f8091"],
            "BUSY": ["31fe3bac-dea6-44b7-bed7-47f91660a1a0"]
        },
        "results": [
            {
                "group": { "userId": USER_ID },
                "data": [
                    {
                        "interval": "2024-03-04T00:00:00.000Z/2024-03-04T00:30:00.000Z",
                        "metrics": [
                            {
                                "metric": "tSystemPresence",
                                "qualifier": "AVAILABLE",
                                "stats": { "max": 1200000.0, "min": 30000.0, "count": 3, "sum": 1800000.0 }
                            },
                            {
                                "metric": "tAgentRoutingStatus",
                                "qualifier": "IDLE",
                                "stats": { "count": 2, "sum": 600000.0, "current": 1.0, "ratio": 0.5, "numerator": 1.0, "denominator": 2.0, "target": 0.8 }
                            }
                        ]
                    }
                ]
            }
        ]
    });
    let wire = Wire::answer(200, Some(answer)).await;
    let query = json!({
        "interval": "2024-03-04T00:00:00.000Z/2024-03-05T00:00:00.000Z",
        "granularity": "PT30M",
        "groupBy": ["userId", "queueId"],
        "filter": {
            "type": "and",
            "clauses": [
                {
                    "type": "or",
                    "predicates": [
                        { "type": "dimension", "dimension": "userId", "operator": "matches", "value": USER_ID },
                        { "type": "dimension", "dimension": "userId", "operator": "matches", "value": OTHER_USER_ID }
                    ]
                }
            ],
            "predicates": [
                { "type": "dimension", "dimension": "queueId", "operator": "exists" },
                {
                    "type": "property",
                    "propertyType": "integer",
                    "property": "routingPriority",
                    "operator": "matches",
                    "range": { "gt": 1.0, "gte": 2.0, "lt": 10.0, "lte": 9.0 }
                },
                { "type": "metric", "metric": "tAgentRoutingStatus", "operator": "notExists" }
            ]
        },
        "metrics": ["tSystemPresence", "tAgentRoutingStatus", "tOrganizationPresence"],
        "flattenMultivaluedDimensions": true
    });
    let body: types::AggregationQuery = serde_json::from_value(query.clone()).unwrap();
    assert_eq!(body.filter.as_ref().unwrap().clauses[0].predicates.len(), 2);

    let response = client(&wire)
        .query_user_aggregates()
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    let mappings = &response.system_to_organization_mappings;
    assert_eq!(mappings["AVAILABLE"].len(), 2);
    assert_eq!(
        mappings["BUSY"],
        vec!["31fe3bac-dea6-44b7-bed7-47f91660a1a0".to_string()]
    );
    let result = &response.results[0];
    assert_eq!(result.group["userId"], USER_ID);
    let data = &result.data[0];
    assert_eq!(
        data.interval.as_deref(),
        Some("2024-03-04T00:00:00.000Z/2024-03-04T00:30:00.000Z")
    );
    assert_eq!(
        data.metrics[0].metric,
        Some(types::AggregateMetricDataMetric::TSystemPresence)
    );
    assert_eq!(data.metrics[0].qualifier.as_deref(), Some("AVAILABLE"));
    let stats = data.metrics[0].stats.as_ref().unwrap();
    assert_eq!(stats.count, Some(3));
    assert_eq!(stats.sum, Some(1_800_000.0));
    assert_eq!(stats.max, Some(1_200_000.0));
    let idle = data.metrics[1].stats.as_ref().unwrap();
    assert_eq!(
        (idle.ratio, idle.target, idle.denominator),
        (Some(0.5), Some(0.8), Some(2.0))
    );
    assert_eq!(sent_body(&wire), query);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn query_user_observations_posts_the_full_query_and_decodes_results() {
    let answer = json!({
        "results": [
            {
                "group": { "queueId": QUEUE_ID },
                "data": [
                    { "metric": "oActiveUsers", "stats": { "count": 4 } },
                    { "metric": "oMemberUsers", "qualifier": "joined", "stats": { "count": 12, "current": 12.0 } }
                ]
            },
            {
                "group": { "queueId": OTHER_QUEUE_ID },
                "data": [ { "metric": "oOnQueueUsers", "qualifier": "IDLE", "stats": { "count": 1 } } ]
            }
        ]
    });
    let wire = Wire::answer(200, Some(answer)).await;
    let query = json!({
        "filter": {
            "type": "or",
            "clauses": [
                {
                    "type": "and",
                    "predicates": [
                        { "type": "dimension", "dimension": "queueId", "operator": "matches", "value": QUEUE_ID },
                        { "type": "dimension", "dimension": "mediaType", "operator": "matches", "value": "voice" }
                    ]
                }
            ],
            "predicates": [
                { "type": "dimension", "dimension": "queueId", "operator": "matches", "value": OTHER_QUEUE_ID }
            ]
        },
        "metrics": ["oActiveUsers", "oMemberUsers", "oOnQueueUsers", "oOffQueueUsers"]
    });
    let body: types::ObservationQuery = serde_json::from_value(query.clone()).unwrap();

    let response = client(&wire)
        .query_user_observations()
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.results.len(), 2);
    assert_eq!(response.results[0].group["queueId"], QUEUE_ID);
    let member = &response.results[0].data[1];
    assert_eq!(
        member.metric,
        Some(types::AggregateMetricDataMetric::OMemberUsers)
    );
    assert_eq!(member.qualifier.as_deref(), Some("joined"));
    assert_eq!(member.stats.as_ref().unwrap().count, Some(12));
    assert_eq!(member.stats.as_ref().unwrap().current, Some(12.0));
    assert_eq!(
        response.results[1].data[0].metric,
        Some(types::AggregateMetricDataMetric::OOnQueueUsers)
    );
    assert_eq!(sent_body(&wire), query);
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_users_repeats_id_and_expand_and_decodes_the_page() {
    let mut ada = user_json(USER_ID, "Ada Lovelace", "ada@example.com");
    ada["routingStatus"] =
        json!({ "userId": USER_ID, "status": "IDLE", "startTime": "2024-03-04T08:15:00Z" });
    ada["presence"] = json!({
        "id": "pres-1",
        "source": "PURECLOUD",
        "primary": true,
        "presenceDefinition": presence_definition_json(),
        "message": "Back at 3",
        "modifiedDate": "2024-03-04T08:14:00Z"
    });
    let grace = user_json(OTHER_USER_ID, "Grace Hopper", "grace@example.com");
    let wire = Wire::answer(200, Some(page_json(json!([ada, grace]), "/api/v2/users"))).await;

    let page = client(&wire)
        .get_users()
        .page_size(2)
        .page_number(2)
        .id(vec![USER_ID.to_string(), OTHER_USER_ID.to_string()])
        .sort_order("ascending")
        .expand(vec![
            types::GetUsersExpandItem::RoutingStatus,
            types::GetUsersExpandItem::Presence,
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(page.status(), 200);
    assert_eq!(
        (
            page.page_size,
            page.page_number,
            page.total,
            page.page_count
        ),
        (Some(2), Some(2), Some(5), Some(3))
    );
    assert_eq!(
        page.next_uri.as_deref(),
        Some("/api/v2/users?pageSize=2&pageNumber=3")
    );
    assert_eq!(page.entities.len(), 2);
    let first = &page.entities[0];
    assert_eq!(first.id.as_deref(), Some(USER_ID));
    assert_eq!(first.version, 7);
    assert_eq!(first.state, Some(types::UserState::Active));
    let routing = first.routing_status.as_ref().unwrap();
    assert_eq!(routing.status, Some(types::RoutingStatusStatus::Idle));
    assert_eq!(
        routing.start_time.unwrap().to_rfc3339(),
        "2024-03-04T08:15:00+00:00"
    );
    let presence = first.presence.as_ref().unwrap();
    assert_eq!(presence.primary, Some(true));
    assert_eq!(
        presence
            .presence_definition
            .as_ref()
            .unwrap()
            .language_labels["de"],
        "Verfügbar"
    );
    assert_eq!(page.entities[1].email.as_deref(), Some("grace@example.com"));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn create_user_posts_create_user_and_decodes_the_200_user() {
    let wire = Wire::answer(
        200,
        Some(user_json(USER_ID, "Ada Lovelace", "ada@example.com")),
    )
    .await;
    let create = json!({
        "name": "Ada Lovelace",
        "department": "Customer Care",
        "email": "ada@example.com",
        "addresses": [
            { "address": "+13175550101", "mediaType": "PHONE", "type": "WORK" },
            { "address": "+13175550199", "mediaType": "SMS", "type": "MOBILE" }
        ],
        "title": "Team Lead",
        "password": "c0rrect-Horse-battery"
    });
    let body: types::CreateUser = serde_json::from_value(create.clone()).unwrap();

    let user = client(&wire).create_user().body(body).send().await.unwrap();

    assert_eq!(user.status(), 200);
    assert_eq!(user.id.as_deref(), Some(USER_ID));
    assert_eq!(user.name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(user.version, 7);
    assert_eq!(
        user.addresses[0].media_type,
        Some(types::ContactMediaType::Phone)
    );
    assert_eq!(user.addresses[0].type_, Some(types::ContactType::Work));
    assert_eq!(
        user.primary_contact_info[0].type_,
        Some(types::ContactType::Primary)
    );
    assert_eq!(
        user.chat.as_ref().unwrap().jabber_id.as_deref(),
        Some("5f1e2d3c4b5a6978@example.orgspan.com")
    );
    assert_eq!(user.images[0].resolution.as_deref(), Some("x96"));
    assert_eq!(sent_body(&wire), create);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_me_repeats_expand_and_decodes_user_me() {
    let mut me = user_json(USER_ID, "Ada Lovelace", "ada@example.com");
    me["date"] = json!({ "currentDate": "2024-03-04T09:30:00Z" });
    me["organization"] = json!({
        "id": "f0e1d2c3-b4a5-4968-8776-655443322110",
        "name": "Example Org",
        "thirdPartyOrgId": "12345",
        "thirdPartyOrgName": "example",
        "thirdPartyURI": "https://example.com",
        "domain": "example",
        "version": 3,
        "state": "active",
        "defaultSiteId": "1a2b3c4d-0000-4000-8000-000000000001",
        "deletable": false,
        "selfUri": "/api/v2/organizations/me"
    });
    me["geolocationSettings"] = json!({ "id": "geo", "name": "Geolocation", "enabled": true });
    me["presenceDefinitions"] = json!([presence_definition_json()]);
    me["locations"] = json!([{
        "id": "loc-1",
        "name": "Indianapolis HQ",
        "address": { "city": "Indianapolis", "country": "US", "countryName": "United States", "state": "IN", "street1": "7601 Interactive Way", "street2": "", "zipcode": "46278" },
        "addressVerified": true,
        "emergencyNumber": { "e164": "+13175550100", "number": "317-555-0100", "type": "default" },
        "state": "active",
        "version": 2,
        "path": ["loc-root"]
    }]);
    me["orgAuthorization"] = json!([{
        "id": ROLE_ID,
        "name": "employee",
        "description": "Every user",
        "defaultRoleId": "employee",
        "permissions": ["directory:user:view"],
        "permissionPolicies": [{
            "domain": "directory",
            "entityName": "user",
            "policyName": "View users",
            "actionSet": ["view"],
            "namedResources": [],
            "allowConditions": false
        }],
        "userCount": 250,
        "roleNeedsUpdate": false,
        "default": true,
        "base": false
    }]);
    let wire = Wire::answer(200, Some(me)).await;

    let me = client(&wire)
        .get_me()
        .expand(vec![
            types::GetMeExpandItem::Date,
            types::GetMeExpandItem::Organization,
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(me.status(), 200);
    assert_eq!(me.id.as_deref(), Some(USER_ID));
    assert_eq!(me.state, Some(types::UserMeState::Active));
    assert_eq!(
        me.date.as_ref().unwrap().current_date.unwrap().to_rfc3339(),
        "2024-03-04T09:30:00+00:00"
    );
    let org = me.organization.as_ref().unwrap();
    assert_eq!((org.name.as_deref(), org.version), (Some("Example Org"), 3));
    assert_eq!(org.state, Some(types::OrganizationState::Active));
    assert_eq!(
        me.geolocation_settings.as_ref().unwrap().enabled,
        Some(true)
    );
    assert_eq!(
        me.presence_definitions[0].system_presence.as_deref(),
        Some("Available")
    );
    let location = &me.locations[0];
    assert_eq!(
        location.address.as_ref().unwrap().zipcode.as_deref(),
        Some("46278")
    );
    assert_eq!(
        location.emergency_number.as_ref().unwrap().type_,
        Some(types::LocationEmergencyNumberType::Default)
    );
    assert_eq!(me.org_authorization[0].default, Some(true));
    assert_eq!(me.org_authorization[0].user_count, Some(250));
    insta::assert_snapshot!(wire.last_request());
}

fn search_response_json() -> serde_json::Value {
    json!({
        "total": 5,
        "pageCount": 3,
        "pageSize": 2,
        "pageNumber": 2,
        "previousPage": "/api/v2/users/search?q64=cHJldg%3D%3D",
        "currentPage": "/api/v2/users/search?q64=Y3VycmVudA%3D%3D",
        "nextPage": "/api/v2/users/search?q64=bmV4dA%3D%3D",
        "types": ["users"],
        "results": [
            user_json(USER_ID, "Ada Lovelace", "ada@example.com"),
            user_json(OTHER_USER_ID, "Grace Hopper", "grace@example.com")
        ]
    })
}

#[tokio::test]
async fn get_users_search_sends_q64_and_repeats_expand() {
    let wire = Wire::answer(200, Some(search_response_json())).await;

    let found = client(&wire)
        .get_users_search()
        .q64("eyJxdWVyeSI6W3sidHlwZSI6IkVYQUNUIn1dfQ==")
        .expand(vec!["routingStatus".to_string(), "skills".to_string()])
        .send()
        .await
        .unwrap();

    assert_eq!(found.status(), 200);
    assert_eq!(
        (
            found.total,
            found.page_count,
            found.page_size,
            found.page_number
        ),
        (5, 3, 2, 2)
    );
    assert_eq!(found.types, vec!["users".to_string()]);
    assert_eq!(
        found.next_page.as_deref(),
        Some("/api/v2/users/search?q64=bmV4dA%3D%3D")
    );
    assert_eq!(found.results[1].name.as_deref(), Some("Grace Hopper"));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn search_users_posts_the_search_request() {
    let wire = Wire::answer(200, Some(search_response_json())).await;
    let search = json!({
        "sortOrder": "ASC",
        "sortBy": "name",
        "pageSize": 2,
        "pageNumber": 2,
        "returnFields": ["id", "name", "email"],
        "expand": ["routingStatus", "presence"],
        "query": [
            { "type": "EXACT", "value": "Customer Care", "operator": "AND" },
            { "type": "TERMS", "values": ["ada@example.com", "grace@example.com"] },
            {
                "type": "REQUIRED_FIELDS",
                "operator": "OR",
                "startValue": "a",
                "endValue": "m",
                "values": ["email", "title"],
                "group": [
                    { "type": "STARTS_WITH", "value": "Ada" },
                    { "type": "CONTAINS", "value": "Lovelace", "operator": "NOT" }
                ]
            }
        ]
    });
    let body: types::UserSearchRequest = serde_json::from_value(search.clone()).unwrap();
    assert_eq!(
        body.query[2].group[1].operator,
        Some(types::UserSearchCriteriaOperator::Not)
    );

    let found = client(&wire)
        .search_users()
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(found.status(), 200);
    assert_eq!(found.total, 5);
    assert_eq!(found.results.len(), 2);
    assert_eq!(found.results[0].email.as_deref(), Some("ada@example.com"));
    assert_eq!(
        found.current_page.as_deref(),
        Some("/api/v2/users/search?q64=Y3VycmVudA%3D%3D")
    );
    assert_eq!(sent_body(&wire), search);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn get_user_repeats_expand_and_decodes_expanded_fields() {
    let mut user = user_json(USER_ID, "Ada Lovelace", "ada@example.com");
    user["outOfOffice"] = json!({
        "id": "ooo-1",
        "startDate": "2024-07-01T00:00:00Z",
        "endDate": "2024-07-15T00:00:00Z",
        "active": true
    });
    user["station"] = json!({ "associatedStation": station_json(STATION_ID) });
    user["geolocation"] = json!({ "id": CLIENT_ID, "type": "PHONE", "primary": true, "country": "US", "city": "Indianapolis" });
    user["conversationSummary"] = json!({
        "userId": USER_ID,
        "call": { "contactCenter": { "active": 1, "acw": 0 }, "enterprise": { "active": 0, "acw": 0 } },
        "email": { "contactCenter": { "active": 2, "acw": 1 } }
    });
    user["authorization"] = user_authorization_json();
    user["profileSkills"] = json!(["Rust", "Spanish"]);
    let wire = Wire::answer(200, Some(user)).await;

    let user = client(&wire)
        .get_user()
        .user_id(USER_ID)
        .expand(vec![
            types::GetUserExpandItem::OutOfOffice,
            types::GetUserExpandItem::Station,
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(user.status(), 200);
    assert_eq!(user.username.as_deref(), Some("ada@example.com"));
    let ooo = user.out_of_office.as_ref().unwrap();
    assert_eq!(ooo.active, Some(true));
    assert_eq!(
        ooo.end_date.unwrap().to_rfc3339(),
        "2024-07-15T00:00:00+00:00"
    );
    let station = user
        .station
        .as_ref()
        .unwrap()
        .associated_station
        .as_ref()
        .unwrap();
    assert_eq!(station.id.as_deref(), Some(STATION_ID));
    assert_eq!(station.provider_info["phoneType"], "WebRTC");
    assert_eq!(user.geolocation.as_ref().unwrap().primary, Some(true));
    let summary = user.conversation_summary.as_ref().unwrap();
    assert_eq!(
        summary
            .email
            .as_ref()
            .unwrap()
            .contact_center
            .as_ref()
            .unwrap()
            .active,
        Some(2)
    );
    assert_eq!(
        user.authorization.as_ref().unwrap().roles[1]
            .name
            .as_deref(),
        Some("Supervisor")
    );
    assert_eq!(
        user.profile_skills,
        vec!["Rust".to_string(), "Spanish".to_string()]
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_user_decodes_the_json_string() {
    let wire = Wire::answer(200, Some(json!("User deleted"))).await;

    let response = client(&wire)
        .delete_user()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner(), "User deleted");
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn patch_user_sends_the_writable_user_fields_with_version() {
    let mut updated = user_json(USER_ID, "Ada King", "ada.king@example.com");
    updated["version"] = json!(8);
    let wire = Wire::answer(200, Some(updated)).await;
    // Every field a client may write; the read-only ones (id, state, selfUri, expansions) are
    // the server's.
    let patch = json!({
        "name": "Ada King",
        "chat": { "jabberId": "5f1e2d3c4b5a6978@example.orgspan.com" },
        "department": "Engineering",
        "email": "ada.king@example.com",
        "addresses": [ { "address": "+13175550102", "mediaType": "PHONE", "type": "WORK2" } ],
        "title": "Principal Engineer",
        "username": "ada.king@example.com",
        "images": [ { "resolution": "x200", "imageUri": "https://prod-images.example.com/ada/x200.jpg" } ],
        "version": 7
    });
    let body: types::User = serde_json::from_value(patch.clone()).unwrap();

    let user = client(&wire)
        .patch_user()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(user.status(), 200);
    assert_eq!(user.version, 8);
    assert_eq!(user.name.as_deref(), Some("Ada King"));
    assert_eq!(user.email.as_deref(), Some("ada.king@example.com"));
    assert_eq!(sent_body(&wire), patch);
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Call forwarding
// ---------------------------------------------------------------------------------------------

fn call_forwarding_json(enabled: bool, phone: &str) -> serde_json::Value {
    json!({
        "id": USER_ID,
        "name": "Ada Lovelace",
        "user": { "id": USER_ID, "name": "Ada Lovelace", "version": 7 },
        "enabled": enabled,
        "phoneNumber": phone,
        "modifiedDate": "2024-03-04T10:00:00Z",
        "selfUri": format!("/api/v2/users/{USER_ID}/callforwarding")
    })
}

#[tokio::test]
async fn get_user_call_forwarding_decodes_the_settings() {
    let wire = Wire::answer(200, Some(call_forwarding_json(true, "+13175550123"))).await;

    let settings = client(&wire)
        .get_user_call_forwarding()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(settings.status(), 200);
    assert_eq!(settings.enabled, Some(true));
    assert_eq!(settings.phone_number.as_deref(), Some("+13175550123"));
    assert_eq!(settings.user.as_ref().unwrap().version, Some(7));
    assert_eq!(
        settings.modified_date.unwrap().to_rfc3339(),
        "2024-03-04T10:00:00+00:00"
    );
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_call_forwarding_sends_every_writable_field() {
    let wire = Wire::answer(200, Some(call_forwarding_json(true, "+13175550123"))).await;
    let put = json!({
        "name": "Ada Lovelace",
        "user": { "id": USER_ID, "name": "Ada Lovelace", "version": 7 },
        "enabled": true,
        "phoneNumber": "+13175550123",
        "modifiedDate": "2024-03-04T10:00:00Z"
    });
    let body: types::CallForwarding = serde_json::from_value(put.clone()).unwrap();

    let settings = client(&wire)
        .put_user_call_forwarding()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(settings.status(), 200);
    assert_eq!(settings.enabled, Some(true));
    assert_eq!(settings.id.as_deref(), Some(USER_ID));
    assert_eq!(
        settings.self_uri.as_deref(),
        Some(format!("/api/v2/users/{USER_ID}/callforwarding").as_str())
    );
    assert_eq!(sent_body(&wire), put);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn patch_user_call_forwarding_sends_the_changed_fields() {
    let wire = Wire::answer(200, Some(call_forwarding_json(false, "+13175550124"))).await;
    let patch = json!({ "enabled": false, "phoneNumber": "+13175550124" });
    let body = types::CallForwarding::builder()
        .enabled(false)
        .phone_number("+13175550124".to_string());

    let settings = client(&wire)
        .patch_user_call_forwarding()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(settings.status(), 200);
    assert_eq!(settings.enabled, Some(false));
    assert_eq!(settings.phone_number.as_deref(), Some("+13175550124"));
    assert_eq!(sent_body(&wire), patch);
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Geolocation
// ---------------------------------------------------------------------------------------------

fn geolocation_json() -> serde_json::Value {
    json!({
        "id": CLIENT_ID,
        "name": "Ada's phone",
        "type": "PHONE",
        "primary": true,
        "latitude": 39.8868,
        "longitude": -86.2767,
        "country": "US",
        "region": "Indiana",
        "city": "Indianapolis",
        "selfUri": format!("/api/v2/users/{USER_ID}/geolocations/{CLIENT_ID}")
    })
}

#[tokio::test]
async fn get_user_geolocation_puts_both_ids_in_the_path() {
    let wire = Wire::answer(200, Some(geolocation_json())).await;

    let geo = client(&wire)
        .get_user_geolocation()
        .user_id(USER_ID)
        .client_id(CLIENT_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(geo.status(), 200);
    assert_eq!(geo.primary, Some(true));
    assert_eq!(
        (geo.latitude, geo.longitude),
        (Some(39.8868), Some(-86.2767))
    );
    assert_eq!(geo.type_.as_deref(), Some("PHONE"));
    assert_eq!(geo.city.as_deref(), Some("Indianapolis"));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn patch_user_geolocation_sends_primary_and_coordinates() {
    let wire = Wire::answer(200, Some(geolocation_json())).await;
    let patch = json!({
        "name": "Ada's phone",
        "type": "PHONE",
        "primary": true,
        "latitude": 39.8868,
        "longitude": -86.2767,
        "country": "US",
        "region": "Indiana",
        "city": "Indianapolis"
    });
    let body: types::Geolocation = serde_json::from_value(patch.clone()).unwrap();

    let geo = client(&wire)
        .patch_user_geolocation()
        .user_id(USER_ID)
        .client_id(CLIENT_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(geo.status(), 200);
    assert_eq!(geo.id.as_deref(), Some(CLIENT_ID));
    assert_eq!(geo.region.as_deref(), Some("Indiana"));
    assert_eq!(sent_body(&wire), patch);
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Out of office
// ---------------------------------------------------------------------------------------------

fn out_of_office_json() -> serde_json::Value {
    json!({
        "id": "ooo-1",
        "name": "Summer holiday",
        "user": { "id": USER_ID, "name": "Ada Lovelace", "version": 7 },
        "startDate": "2024-07-01T00:00:00Z",
        "endDate": "2024-07-15T00:00:00Z",
        "active": true,
        "selfUri": format!("/api/v2/users/{USER_ID}/outofoffice")
    })
}

#[tokio::test]
async fn get_user_out_of_office_decodes_dates() {
    let wire = Wire::answer(200, Some(out_of_office_json())).await;

    let ooo = client(&wire)
        .get_user_out_of_office()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(ooo.status(), 200);
    assert_eq!(ooo.active, Some(true));
    assert_eq!(
        ooo.start_date.unwrap().to_rfc3339(),
        "2024-07-01T00:00:00+00:00"
    );
    assert_eq!(
        ooo.end_date.unwrap().to_rfc3339(),
        "2024-07-15T00:00:00+00:00"
    );
    assert_eq!(ooo.user.as_ref().unwrap().id.as_deref(), Some(USER_ID));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_out_of_office_sends_every_writable_field() {
    let wire = Wire::answer(200, Some(out_of_office_json())).await;
    let put = json!({
        "name": "Summer holiday",
        "user": { "id": USER_ID, "name": "Ada Lovelace", "version": 7 },
        "startDate": "2024-07-01T00:00:00Z",
        "endDate": "2024-07-15T00:00:00Z",
        "active": true
    });
    let body: types::OutOfOffice = serde_json::from_value(put.clone()).unwrap();

    let ooo = client(&wire)
        .put_user_out_of_office()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(ooo.status(), 200);
    assert_eq!(ooo.name.as_deref(), Some("Summer holiday"));
    assert_eq!(ooo.id.as_deref(), Some("ooo-1"));
    assert_eq!(sent_body(&wire), put);
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Profile skills
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_user_profile_skills_decodes_the_string_array() {
    let wire = Wire::answer(200, Some(json!(["Rust", "Spanish", "Kubernetes"]))).await;

    let skills = client(&wire)
        .get_user_profile_skills()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(skills.status(), 200);
    assert_eq!(
        skills.into_inner(),
        vec![
            "Rust".to_string(),
            "Spanish".to_string(),
            "Kubernetes".to_string()
        ]
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_profile_skills_sends_the_string_array() {
    let wire = Wire::answer(200, Some(json!(["Rust", "Spanish"]))).await;

    let skills = client(&wire)
        .put_user_profile_skills()
        .user_id(USER_ID)
        .body(vec!["Rust".to_string(), "Spanish".to_string()])
        .send()
        .await
        .unwrap();

    assert_eq!(skills.status(), 200);
    assert_eq!(skills.len(), 2);
    assert_eq!(skills[1], "Spanish");
    assert_eq!(sent_body(&wire), json!(["Rust", "Spanish"]));
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Queues
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_user_queues_sends_paging_and_joined() {
    let queues = json!([
        user_queue_json(QUEUE_ID, "Support", false),
        user_queue_json(OTHER_QUEUE_ID, "Sales", false)
    ]);
    let wire = Wire::answer(
        200,
        Some(page_json(
            queues,
            &format!("/api/v2/users/{USER_ID}/queues"),
        )),
    )
    .await;

    let page = client(&wire)
        .get_user_queues()
        .user_id(USER_ID)
        .page_size(2)
        .page_number(2)
        .joined(false)
        .send()
        .await
        .unwrap();

    assert_eq!(page.status(), 200);
    assert_eq!((page.total, page.page_count), (Some(5), Some(3)));
    let queue = &page.entities[0];
    assert_eq!(queue.id.as_deref(), Some(QUEUE_ID));
    assert_eq!(queue.joined, Some(false));
    assert_eq!(
        queue.skill_evaluation_method,
        types::UserQueueSkillEvaluationMethod::Best
    );
    assert_eq!(
        queue.acw_settings.wrapup_prompt,
        Some(types::AcwSettingsWrapupPrompt::MandatoryTimeout)
    );
    let call = &queue.media_settings["call"];
    assert_eq!(call.alerting_timeout_seconds, Some(8));
    assert_eq!(
        call.service_level.as_ref().unwrap().duration_ms,
        Some(20000)
    );
    let ring = &queue.bullseye.as_ref().unwrap().rings[0];
    assert_eq!(
        ring.expansion_criteria[0].type_,
        Some(types::ExpansionCriteriumType::TimeoutSeconds)
    );
    assert_eq!(
        ring.actions.as_ref().unwrap().skills_to_remove[0]
            .name
            .as_deref(),
        Some("Spanish")
    );
    assert_eq!(
        queue.date_created.unwrap().to_rfc3339(),
        "2016-02-01T10:00:00+00:00"
    );
    assert_eq!(page.entities[1].name.as_deref(), Some("Sales"));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn patch_user_queues_sends_an_array_and_decodes_one_user_queue() {
    let wire = Wire::answer(200, Some(user_queue_json(QUEUE_ID, "Support", true))).await;
    let patch = json!([
        { "id": QUEUE_ID, "joined": true },
        { "id": OTHER_QUEUE_ID, "joined": false }
    ]);
    let body: Vec<types::UserQueueJoin> = serde_json::from_value(patch.clone()).unwrap();

    let queue = client(&wire)
        .patch_user_queues()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(queue.status(), 200);
    assert_eq!(queue.id.as_deref(), Some(QUEUE_ID));
    assert_eq!(queue.joined, Some(true));
    assert_eq!(queue.member_count, Some(12));
    assert_eq!(queue.state, Some(types::UserQueueState::Active));
    assert_eq!(sent_body(&wire), patch);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn patch_user_queue_puts_user_and_queue_in_the_path() {
    let wire = Wire::answer(200, Some(user_queue_json(QUEUE_ID, "Support", true))).await;
    let patch = user_queue_json(QUEUE_ID, "Support", true);
    let body: types::UserQueue = serde_json::from_value(patch.clone()).unwrap();

    let queue = client(&wire)
        .patch_user_queue()
        .user_id(USER_ID)
        .queue_id(QUEUE_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(queue.status(), 200);
    assert_eq!(queue.joined, Some(true));
    assert_eq!(queue.calling_party_number.as_deref(), Some("+13175550100"));
    assert_eq!(
        queue.queue_flow.as_ref().unwrap().name.as_deref(),
        Some("Support flow")
    );
    assert_eq!(sent_body(&wire), patch);
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_user_roles_decodes_roles_and_policies() {
    let wire = Wire::answer(200, Some(user_authorization_json())).await;

    let auth = client(&wire)
        .get_user_roles()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(auth.status(), 200);
    assert_eq!(auth.roles.len(), 2);
    assert_eq!(auth.roles[0].id.as_deref(), Some(ROLE_ID));
    assert_eq!(
        auth.permissions,
        vec![
            "directory:user:view".to_string(),
            "routing:queue:join".to_string()
        ]
    );
    let policy = &auth.permission_policies[0];
    assert_eq!(policy.allow_conditions, Some(true));
    assert_eq!(policy.action_set_key.as_deref(), Some("join"));
    let node = policy.resource_condition_node.as_ref().unwrap();
    assert_eq!(
        node.operator,
        Some(types::ResourceConditionNodeOperator::In)
    );
    assert_eq!(
        node.conjunction,
        Some(types::ResourceConditionNodeConjunction::And)
    );
    assert_eq!(
        node.operands[0].type_,
        Some(types::ResourceConditionValueType::Queue)
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_roles_sends_role_ids() {
    let wire = Wire::answer(200, Some(user_authorization_json())).await;

    let auth = client(&wire)
        .put_user_roles()
        .user_id(USER_ID)
        .body(vec![ROLE_ID.to_string(), OTHER_ROLE_ID.to_string()])
        .send()
        .await
        .unwrap();

    assert_eq!(auth.status(), 200);
    assert_eq!(auth.roles[1].id.as_deref(), Some(OTHER_ROLE_ID));
    assert_eq!(
        auth.permission_policies[0].named_resources,
        vec![QUEUE_ID.to_string()]
    );
    assert_eq!(sent_body(&wire), json!([ROLE_ID, OTHER_ROLE_ID]));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_user_roles_succeeds_on_204_and_on_an_empty_200() {
    let wire = Wire::answer(204, None).await;
    let response = client(&wire)
        .delete_user_roles()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());

    // The only declared answer upstream is `default`: an empty 200 is a success as well.
    let wire = Wire::answer(200, None).await;
    let response = client(&wire)
        .delete_user_roles()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(wire.hits(), 1);
}

// ---------------------------------------------------------------------------------------------
// Routing skills
// ---------------------------------------------------------------------------------------------

fn routing_skill_json(id: &str, name: &str, proficiency: f64) -> serde_json::Value {
    json!({
        "id": id,
        "name": name,
        "proficiency": proficiency,
        "state": "active",
        "skillUri": format!("/api/v2/routing/skills/{id}"),
        "selfUri": format!("/api/v2/users/{USER_ID}/routingskills/{id}")
    })
}

#[tokio::test]
async fn get_user_routing_skills_sends_paging_and_sort_order() {
    let skills = json!([
        routing_skill_json(SKILL_ID, "Spanish", 4.5),
        routing_skill_json("9a8b7c6d-5e4f-4321-8fed-cba987654321", "Billing", 2.0)
    ]);
    let wire = Wire::answer(
        200,
        Some(page_json(
            skills,
            &format!("/api/v2/users/{USER_ID}/routingskills"),
        )),
    )
    .await;

    let page = client(&wire)
        .get_user_routing_skills()
        .user_id(USER_ID)
        .page_size(2)
        .page_number(2)
        .sort_order("descending")
        .send()
        .await
        .unwrap();

    assert_eq!(page.status(), 200);
    assert_eq!(page.entities.len(), 2);
    assert_eq!(page.entities[0].proficiency, Some(4.5));
    assert_eq!(
        page.entities[0].state,
        Some(types::UserRoutingSkillState::Active)
    );
    assert_eq!(page.entities[1].name.as_deref(), Some("Billing"));
    assert_eq!(
        page.last_uri.as_deref(),
        Some(format!("/api/v2/users/{USER_ID}/routingskills?pageSize=2&pageNumber=3").as_str())
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn add_user_routing_skill_posts_id_and_proficiency() {
    let wire = Wire::answer(200, Some(routing_skill_json(SKILL_ID, "Spanish", 4.5))).await;
    let body = types::UserRoutingSkillPost::builder()
        .id(SKILL_ID.to_string())
        .proficiency(4.5);

    let skill = client(&wire)
        .add_user_routing_skill()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(skill.status(), 200);
    assert_eq!(skill.id.as_deref(), Some(SKILL_ID));
    assert_eq!(
        skill.skill_uri.as_deref(),
        Some(format!("/api/v2/routing/skills/{SKILL_ID}").as_str())
    );
    assert_eq!(
        sent_body(&wire),
        json!({ "id": SKILL_ID, "proficiency": 4.5 })
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_routing_skill_sends_proficiency_and_state() {
    let wire = Wire::answer(200, Some(routing_skill_json(SKILL_ID, "Spanish", 3.0))).await;
    let put = json!({ "name": "Spanish", "proficiency": 3.0, "state": "inactive" });
    let body: types::UserRoutingSkill = serde_json::from_value(put.clone()).unwrap();
    assert_eq!(body.state, Some(types::UserRoutingSkillState::Inactive));

    let skill = client(&wire)
        .put_user_routing_skill()
        .user_id(USER_ID)
        .skill_id(SKILL_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(skill.status(), 200);
    assert_eq!(skill.proficiency, Some(3.0));
    assert_eq!(skill.name.as_deref(), Some("Spanish"));
    assert_eq!(sent_body(&wire), put);
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_user_routing_skill_decodes_the_json_string() {
    let wire = Wire::answer(200, Some(json!("Skill removed"))).await;

    let response = client(&wire)
        .delete_user_routing_skill()
        .user_id(USER_ID)
        .skill_id(SKILL_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 200);
    assert_eq!(response.as_str(), "Skill removed");
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Routing status
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_user_routing_status_decodes_status_and_time() {
    let wire = Wire::answer(
        200,
        Some(json!({ "userId": USER_ID, "status": "INTERACTING", "startTime": "2024-03-04T08:15:30Z" })),
    )
    .await;

    let status = client(&wire)
        .get_user_routing_status()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(status.status(), 200);
    assert_eq!(status.user_id.as_deref(), Some(USER_ID));
    assert_eq!(status.status, Some(types::RoutingStatusStatus::Interacting));
    assert_eq!(
        status.start_time.unwrap().to_rfc3339(),
        "2024-03-04T08:15:30+00:00"
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_routing_status_sends_the_typed_status() {
    let wire = Wire::answer(
        200,
        Some(json!({ "userId": USER_ID, "status": "IDLE", "startTime": "2024-03-04T09:00:00Z" })),
    )
    .await;
    let start: chrono::DateTime<chrono::Utc> = "2024-03-04T09:00:00Z".parse().unwrap();
    let body = types::RoutingStatus::builder()
        .user_id(USER_ID.to_string())
        .status(types::RoutingStatusStatus::Idle)
        .start_time(start);

    let status = client(&wire)
        .put_user_routing_status()
        .user_id(USER_ID)
        .body(body)
        .send()
        .await
        .unwrap();

    assert_eq!(status.status(), 200);
    assert_eq!(status.status, Some(types::RoutingStatusStatus::Idle));
    assert_eq!(status.start_time, Some(start));
    assert_eq!(
        sent_body(&wire),
        json!({ "userId": USER_ID, "status": "IDLE", "startTime": "2024-03-04T09:00:00Z" })
    );
    insta::assert_snapshot!(wire.last_request());
}

// ---------------------------------------------------------------------------------------------
// Stations
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_user_station_decodes_all_four_stations() {
    let wire = Wire::answer(
        200,
        Some(json!({
            "associatedStation": station_json(STATION_ID),
            "effectiveStation": station_json(STATION_ID),
            "defaultStation": station_json("0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"),
            "lastAssociatedStation": station_json("1f2e3d4c-5b6a-4978-8867-5b4c3d2e1f00")
        })),
    )
    .await;

    let stations = client(&wire)
        .get_user_station()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(stations.status(), 200);
    let associated = stations.associated_station.as_ref().unwrap();
    assert_eq!(associated.id.as_deref(), Some(STATION_ID));
    assert_eq!(
        associated.associated_date.unwrap().to_rfc3339(),
        "2024-03-04T08:00:00+00:00"
    );
    assert_eq!(
        associated.associated_user.as_ref().unwrap().id.as_deref(),
        Some(USER_ID)
    );
    assert_eq!(
        stations.effective_station.as_ref().unwrap().id.as_deref(),
        Some(STATION_ID)
    );
    assert_eq!(
        stations.default_station.as_ref().unwrap().id.as_deref(),
        Some("0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f")
    );
    let last = stations.last_associated_station.as_ref().unwrap();
    assert_eq!(
        last.provider_info["edgeGroupId"],
        "1e2d3c4b-5a69-4788-9706-a5b4c3d2e1f0"
    );
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_user_associated_station_accepts_202_without_body() {
    let wire = Wire::answer(202, None).await;

    let response = client(&wire)
        .delete_user_associated_station()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 202);
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_associated_station_accepts_202_without_body() {
    let wire = Wire::answer(202, None).await;

    let response = client(&wire)
        .put_user_associated_station()
        .user_id(USER_ID)
        .station_id(STATION_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 202);
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn delete_user_default_station_accepts_202_without_body() {
    let wire = Wire::answer(202, None).await;

    let response = client(&wire)
        .delete_user_default_station()
        .user_id(USER_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 202);
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());
}

#[tokio::test]
async fn put_user_default_station_accepts_202_without_body() {
    let wire = Wire::answer(202, None).await;

    let response = client(&wire)
        .put_user_default_station()
        .user_id(USER_ID)
        .station_id(STATION_ID)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 202);
    assert!(sent_no_body(&wire));
    insta::assert_snapshot!(wire.last_request());
}
