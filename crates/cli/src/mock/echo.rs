//! The path parameters of a `--mock` call echoed into its canned answer, so that
//! `get-identity --id X` answers identity X: a parameter sets the answer's property of the
//! same name (`userId` → `userId`, `user_id`), or its `id` when the path ends with it
//! (`/users/{userId}` → `id`).

use crate::catalog::{Location, Param};
use serde_json::Value;

/// `canned` with each path parameter of `params` (of the operation at the template `path`)
/// that `flag` gives in place of the property it names;
/// `None` when nothing changed. Only string properties are set, and one holding a UUID only
/// to a UUID, so the answer still decodes into the operation's typed answer.
pub fn path_parameters(
    canned: &str,
    path: &str,
    params: &[Param],
    flag: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut answer: Value = serde_json::from_str(canned).ok()?;
    let object = answer.as_object_mut()?;
    let mut changed = false;
    for param in params.iter().filter(|p| p.location == Location::Path) {
        let Some(given) = flag(param.flag) else {
            continue;
        };
        let same_name = object
            .keys()
            .find(|key| plain(key) == plain(param.wire))
            .cloned();
        let last_segment = path.ends_with(&format!("{{{}}}", param.wire));
        let Some(key) = same_name.or_else(|| last_segment.then(|| "id".to_string())) else {
            continue;
        };
        if let Some(slot) = object.get_mut(&key).filter(|v| fits(v, &given)) {
            *slot = Value::String(given);
            changed = true;
        }
    }
    changed.then(|| answer.to_string())
}

/// A name without case or separators (`user_id`, `userId` → `userid`).
fn plain(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether `given` can stand where `canned` is.
fn fits(canned: &Value, given: &str) -> bool {
    match canned.as_str() {
        Some(text) if uuid::Uuid::parse_str(text).is_ok() => uuid::Uuid::parse_str(given).is_ok(),
        Some(_) => true,
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const fn path_param(flag: &'static str, wire: &'static str) -> Param {
        Param {
            flag,
            wire,
            location: Location::Path,
            required: true,
            many: false,
            help: "",
            example: &[],
        }
    }

    fn parsed(text: Option<String>) -> Option<Value> {
        text.and_then(|t| serde_json::from_str(&t).ok())
    }

    const ID: [Param; 1] = [path_param("id", "id")];
    const USER_ID: [Param; 1] = [path_param("user-id", "userId")];

    #[test]
    fn the_last_segment_sets_the_id_and_a_name_its_property() {
        let canned = r#"{"id":"u-1","userId":"u-1","name":"Ada"}"#;
        let given = |flag: &str| (flag == "user-id").then(|| "X".to_string());
        let named = json!({"id": "u-1", "userId": "X", "name": "Ada"});
        let got = path_parameters(canned, "/users/{userId}", &USER_ID, &given);
        assert_eq!(parsed(got), Some(named.clone()));
        let got = path_parameters(canned, "/users/{userId}/roles", &USER_ID, &given);
        assert_eq!(parsed(got), Some(named));
        let canned = r#"{"id":"u-1"}"#;
        let got = path_parameters(canned, "/users/{userId}", &USER_ID, &given);
        assert_eq!(parsed(got), Some(json!({"id": "X"})));
        let got = path_parameters(canned, "/users/{userId}/roles", &USER_ID, &given);
        assert_eq!(got, None, "not the id of the answer");
        let nothing = |_: &str| None;
        assert_eq!(
            path_parameters(canned, "/users/{userId}", &USER_ID, &nothing),
            None
        );
    }

    #[test]
    fn a_uuid_is_only_replaced_by_a_uuid_and_a_number_never() {
        let canned = r#"{"id":"00000000-0000-4000-8000-000000000001","n":1}"#;
        let path = "/identities/{id}";
        let to = |v: &'static str| move |_: &str| Some(v.to_string());
        assert_eq!(path_parameters(canned, path, &ID, &to("X")), None);
        let other = "6c1d4a0e-3a55-4b5e-9d0e-2f3a4b5c6d7e";
        let got = path_parameters(canned, path, &ID, &to(other));
        assert_eq!(parsed(got), Some(json!({"id": other, "n": 1})));
        assert_eq!(path_parameters(r#"{"id":7}"#, path, &ID, &to("8")), None);
        assert_eq!(path_parameters("[1]", path, &ID, &to("8")), None);
    }
}
