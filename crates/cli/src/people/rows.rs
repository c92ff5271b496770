//! The rows `userapi people` prints: plain JSON objects, so `--output`, `--query` and
//! `--columns` work on them as on any listing. Server text stays as sent here; the output
//! escapes it (tables) or quotes it (JSON, YAML).

use serde_json::{Value, json};
use userapi_people::{PeopleError, Person, Provider};

/// The columns of an account row.
pub const PERSON: [&str; 6] = ["provider", "id", "email", "name", "state", "error"];

/// One account.
pub fn person(p: &Person) -> Value {
    json!({
        "provider": p.provider.as_str(),
        "id": p.id,
        "email": p.emails.join(", "),
        "name": p.display_name,
        "state": p.state.as_str(),
    })
}

/// A provider that failed, and why.
pub fn failed(provider: Provider, error: &PeopleError) -> Value {
    json!({ "provider": provider.as_str(), "error": error.to_string() })
}
