//! One call per operation of every provider, with the fewest arguments the builder accepts.
//! Path parameters take the value under test (`v`), so that hostile input reaches every path.

use crate::outcome::Outcome;
use serde_json::json;
use std::future::Future;
use std::pin::Pin;

pub type Sent<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;
type Send_<C> = dyn for<'a> Fn(&'a C, &'a str) -> Sent<'a> + Send + Sync;

/// One operation, callable with a path-parameter value.
pub struct Call<C> {
    pub op: &'static str,
    pub send: Box<Send_<C>>,
}

macro_rules! call {
    ($v:ident => $op:ident $(. $setter:ident ( $arg:expr ))*) => {
        Call {
            op: stringify!($op),
            send: Box::new(|c, $v: &str| {
                let _ = $v;
                Box::pin(async move {
                    Outcome::of(stringify!($op), c.$op()$(.$setter($arg))*.send().await)
                })
            }),
        }
    };
}

/// A request body from JSON; the fixtures hold only what each type requires.
fn body<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("a minimal body decodes")
}

pub fn pingone() -> Vec<Call<userapi::pingone::Client>> {
    vec![
        call!(v => create_verify_transaction.environment_id(v).user_id(v)),
        call!(v => delete_verify_transaction.environment_id(v).user_id(v).transaction_id(v)),
        call!(v => get_verify_transaction.environment_id(v).user_id(v).transaction_id(v)),
        call!(v => list_verify_transactions.environment_id(v).user_id(v)),
        call!(v => update_verify_transaction.environment_id(v).user_id(v).transaction_id(v).body(serde_json::Map::new())),
    ]
}

pub fn kratos() -> Vec<Call<userapi::kratos::Client>> {
    use userapi::kratos::types;
    vec![
        call!(v => batch_patch_identities.body(body::<types::PatchIdentitiesBody>(json!({})))),
        call!(v => create_identity.body(body::<types::CreateIdentityBody>(json!({"schema_id": "x", "traits": {}})))),
        call!(v => create_recovery_code_for_identity.body(body::<types::CreateRecoveryCodeForIdentityBody>(json!({"identity_id": "00000000-0000-4000-8000-000000000001"})))),
        call!(v => create_recovery_link_for_identity.body(body::<types::CreateRecoveryLinkForIdentityBody>(json!({"identity_id": "00000000-0000-4000-8000-000000000001"})))),
        call!(v => delete_identity.id(v)),
        call!(v => delete_identity_credentials.id(v).type_(v)),
        call!(v => delete_identity_sessions.id(v)),
        call!(v => disable_session.id(v)),
        call!(v => extend_session.id(v)),
        call!(v => get_identity.id(v)),
        call!(v => get_identity_schema.id(v)),
        call!(v => get_session.id(v)),
        call!(v => list_identities),
        call!(v => list_identity_schemas),
        call!(v => list_identity_sessions.id(v)),
        call!(v => list_sessions),
        call!(v => patch_identity.id(v).body(body::<types::JsonPatchDocument>(json!([])))),
        call!(v => update_identity.id(v).body(body::<types::UpdateIdentityBody>(json!({"schema_id": "x", "state": "active", "traits": {}})))),
    ]
}

pub fn purecloud() -> Vec<Call<userapi::purecloud::Client>> {
    use userapi::purecloud::types;
    vec![
        call!(v => add_user_routing_skill.user_id(v).body(body::<types::UserRoutingSkillPost>(json!({"id": "x", "proficiency": 1})))),
        call!(v => create_user.body(body::<types::CreateUser>(json!({"name": "x", "email": "x", "password": "x"})))),
        call!(v => delete_user.user_id(v)),
        call!(v => delete_user_associated_station.user_id(v)),
        call!(v => delete_user_default_station.user_id(v)),
        call!(v => delete_user_roles.user_id(v)),
        call!(v => delete_user_routing_skill.user_id(v).skill_id(v)),
        call!(v => get_me),
        call!(v => get_user.user_id(v)),
        call!(v => get_user_call_forwarding.user_id(v)),
        call!(v => get_user_geolocation.user_id(v).client_id(v)),
        call!(v => get_user_out_of_office.user_id(v)),
        call!(v => get_user_profile_skills.user_id(v)),
        call!(v => get_user_queues.user_id(v)),
        call!(v => get_user_roles.user_id(v)),
        call!(v => get_user_routing_skills.user_id(v)),
        call!(v => get_user_routing_status.user_id(v)),
        call!(v => get_user_station.user_id(v)),
        call!(v => get_users),
        call!(v => get_users_search.q64("x")),
        call!(v => patch_user.user_id(v).body(body::<types::User>(json!({"version": 1})))),
        call!(v => patch_user_call_forwarding.user_id(v).body(body::<types::CallForwarding>(json!({})))),
        call!(v => patch_user_geolocation.user_id(v).client_id(v).body(body::<types::Geolocation>(json!({})))),
        call!(v => patch_user_queue.queue_id(v).user_id(v).body(body::<types::UserQueue>(json!({"mediaSettings": {}, "acwSettings": {}, "skillEvaluationMethod": "NONE"})))),
        call!(v => patch_user_queues.user_id(v).body(Vec::<types::UserQueueJoin>::new())),
        call!(v => put_user_associated_station.user_id(v).station_id(v)),
        call!(v => put_user_call_forwarding.user_id(v).body(body::<types::CallForwarding>(json!({})))),
        call!(v => put_user_default_station.user_id(v).station_id(v)),
        call!(v => put_user_out_of_office.user_id(v).body(body::<types::OutOfOffice>(json!({})))),
        call!(v => put_user_profile_skills.user_id(v).body(Vec::<String>::new())),
        call!(v => put_user_roles.user_id(v).body(Vec::<String>::new())),
        call!(v => put_user_routing_skill.user_id(v).skill_id(v).body(body::<types::UserRoutingSkill>(json!({})))),
        call!(v => put_user_routing_status.user_id(v).body(body::<types::RoutingStatus>(json!({})))),
        call!(v => query_user_aggregates.body(body::<types::AggregationQuery>(json!({})))),
        call!(v => query_user_observations.body(body::<types::ObservationQuery>(json!({})))),
        call!(v => search_users.body(body::<types::UserSearchRequest>(json!({})))),
    ]
}

pub fn sendauth() -> Vec<Call<userapi::sendauth::Client>> {
    use userapi::sendauth::types;
    vec![
        call!(v => authenticate_user.user_id(v).body(body::<types::WebTx>(json!({})))),
        call!(v => create_user.body(body::<types::User>(json!({"firstName": "xx", "lastName": "xx"})))),
        call!(v => delete_user.user_id(v)),
        call!(v => destroy_user.user_id(v)),
        call!(v => get_user.user_id(v)),
        call!(v => get_user_audits.user_id(v)),
        call!(v => get_user_transactions.user_id(v)),
        call!(v => list_deleted_users),
        call!(v => list_users),
        call!(v => register_user.user_id(v)),
        call!(v => remove_user_passkey.user_id(v)),
        call!(v => restore_user.user_id(v)),
        call!(v => set_user_tags.user_id(v).body(body::<types::TagsRequest>(json!({})))),
        call!(v => update_user.user_id(v).body(body::<types::User>(json!({"firstName": "xx", "lastName": "xx"})))),
    ]
}

pub fn circuit() -> Vec<Call<userapi::circuit::Client>> {
    use userapi::circuit::types;
    vec![
        call!(v => get_label),
        call!(v => get_presence.user_ids(vec!["x".to_string()])),
        call!(v => get_profile),
        call!(v => get_support_info),
        call!(v => get_user_by_email_address.email_address(v)),
        call!(v => get_user_by_id.id(v)),
        call!(v => get_user_presence.id(v)),
        call!(v => search_user.name("x")),
        call!(v => search_users_list.name(vec!["x".to_string()])),
        call!(v => set_user_presence.body(body::<types::SetUserPresenceBody>(json!({"state": "x"})))),
    ]
}
