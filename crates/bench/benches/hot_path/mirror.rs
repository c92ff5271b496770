//! The hand-written baseline's model: Kratos `identity` as a person would write it with serde,
//! field for field the types of the generated one.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Identity {
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub credentials: HashMap<String, Credentials>,
    pub id: Uuid,
    pub metadata_admin: Option<Value>,
    pub metadata_public: Option<Value>,
    pub organization_id: Option<Uuid>,
    #[serde(default)]
    pub recovery_addresses: Vec<RecoveryAddress>,
    pub schema_id: String,
    pub schema_url: String,
    pub state: Option<String>,
    pub state_changed_at: Option<DateTime<Utc>>,
    pub traits: Value,
    pub updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub verifiable_addresses: Vec<VerifiableAddress>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct Credentials {
    pub config: Option<Map<String, Value>>,
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub identifiers: Vec<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    pub version: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct RecoveryAddress {
    pub created_at: Option<DateTime<Utc>>,
    pub id: Uuid,
    pub updated_at: Option<DateTime<Utc>>,
    pub value: String,
    pub via: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
pub struct VerifiableAddress {
    pub created_at: Option<DateTime<Utc>>,
    pub id: Option<Uuid>,
    pub status: String,
    pub updated_at: Option<DateTime<Utc>>,
    pub value: String,
    pub verified: bool,
    pub verified_at: Option<DateTime<Utc>>,
    pub via: String,
}
