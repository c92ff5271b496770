//! `x-userapi-columns` on a listing operation: the item fields the `userapi` table shows, in
//! order, each a dotted path into one item (`traits.email`; a number indexes an array). Read
//! here, with every problem located at the key or the entry that has it, for the lint and for
//! `render::cli`.
//!
//! ```yaml
//! x-userapi-columns: [id, traits.email, state]
//! ```
//!
//! Also here: an operation key `x-userapi-<name>` that is not one of ours is an error, so a
//! misspelt extension does not silently do nothing.

use crate::diag::{Diagnostic, pointer};
use crate::model::{self, OpLoc};
use crate::paging;
use serde_json::Value;
use std::path::Path;

pub const KEY: &str = "x-userapi-columns";

/// The `x-userapi-*` keys an operation may have.
pub const KNOWN: [&str; 3] = [paging::KEY, KEY, crate::idempotent::KEY];

/// The columns of an operation (empty without the key). Meant for a linted spec: an entry that
/// is not a string is skipped.
pub fn of(node: &Value) -> Vec<String> {
    node.get(KEY)
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The problems of every operation's `x-userapi-columns`, and unknown `x-userapi-*` keys.
pub fn lint(file: &Path, raw: &Value) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for op in model::operations(raw) {
        let Some(node) = op.get(raw) else { continue };
        for key in node.as_object().into_iter().flat_map(|o| o.keys()) {
            if key.starts_with("x-userapi-") && !KNOWN.contains(&key.as_str()) {
                out.push(Diagnostic::new(
                    file,
                    format!("{}{}", op.pointer(), pointer([key])),
                    format!("unknown extension `{key}` (known: {})", KNOWN.join(", ")),
                ));
            }
        }
        if node.get(KEY).is_some() {
            check(file, raw, &op, node, &mut out);
        }
    }
    out
}

fn check(file: &Path, raw: &Value, op: &OpLoc, node: &Value, out: &mut Vec<Diagnostic>) {
    let at = format!("{}{}", op.pointer(), pointer([KEY]));
    let mut problem = |ptr: String, m: String| out.push(Diagnostic::new(file, ptr, m));
    let Some(list) = node
        .get(KEY)
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
    else {
        problem(
            at,
            format!("`{KEY}` must be a non-empty sequence of item fields"),
        );
        return;
    };
    let Some(item) = item_schema(raw, node) else {
        problem(
            at,
            "the operation's success body is not a list: neither an array nor the `items` of its `x-userapi-pagination`".to_string(),
        );
        return;
    };
    let mut seen = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let ptr = format!("{at}/{i}");
        let Some(path) = entry.as_str() else {
            problem(ptr, "a column must be a string".to_string());
            continue;
        };
        if path.is_empty() || path.split('.').any(str::is_empty) {
            problem(
                ptr,
                format!("`{path}` is not a dotted field path such as `traits.email`"),
            );
            continue;
        }
        if seen.contains(&path) {
            problem(ptr, format!("`{path}` is listed twice"));
            continue;
        }
        seen.push(path);
        if let Err(m) = follow(raw, item, path) {
            problem(ptr, m);
        }
    }
}

/// The schema of one item of a listing: the items of an array body, or of the body's array
/// property that `x-userapi-pagination` names.
pub fn item_schema<'a>(raw: &'a Value, node: &'a Value) -> Option<&'a Value> {
    let body = model::json_success(raw, node)
        .map(|(_, body)| body)
        .or_else(|| any_success(raw, node))?;
    let list = match node
        .get(paging::KEY)
        .and_then(|p| p.get("items"))
        .and_then(Value::as_str)
    {
        Some(field) => model::resolve(raw, body.get("properties")?.get(field)?),
        None => body,
    };
    (list.get("type").and_then(Value::as_str) == Some("array"))
        .then(|| list.get("items"))
        .flatten()
        .map(|items| model::resolve(raw, items))
}

/// The schema of the first 2xx body of any media type: the lint sees the spec before
/// `response-media-to-json` makes `*/*` JSON.
fn any_success<'a>(raw: &'a Value, node: &'a Value) -> Option<&'a Value> {
    let responses = node.get("responses")?.as_object()?;
    responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(_, r)| {
            let content = model::resolve(raw, r).get("content")?.as_object()?;
            let (_, media) = content.iter().next()?;
            Some(model::resolve(raw, media.get("schema")?))
        })
}

/// Checks `path` against the item schema as far as the schema describes it: a field of an
/// object with `properties` and no `additionalProperties` must be one of them, and a number
/// must index an array. Free-form and composed schemas are not looked into.
fn follow(raw: &Value, item: &Value, path: &str) -> Result<(), String> {
    let mut schema = item;
    for (depth, segment) in path.split('.').enumerate() {
        let here = path.split('.').take(depth).collect::<Vec<_>>().join(".");
        let place = if here.is_empty() {
            "the items".to_string()
        } else {
            format!("`{here}`")
        };
        if let Some(items) = schema.get("items") {
            if segment.parse::<usize>().is_err() {
                return Err(format!(
                    "{place}: an array, so `{segment}` must be an index"
                ));
            }
            schema = model::resolve(raw, items);
            continue;
        }
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return Ok(());
        };
        match props.get(segment) {
            Some(next) => schema = model::resolve(raw, next),
            None if schema
                .get("additionalProperties")
                .is_some_and(|a| a != &Value::Bool(false)) =>
            {
                return Ok(());
            }
            None => {
                let mut names: Vec<&str> = props.keys().map(String::as_str).collect();
                names.sort_unstable();
                return Err(format!(
                    "no field `{segment}` in {place} (fields: {})",
                    names.join(", ")
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)] // a test fails by panicking
mod tests {
    use super::*;

    const SPEC: &str = "openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /users:
    get:
      operationId: listUsers
      x-userapi-columns: [id, traits.email, tags.0, extra.anything]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: { $ref: '#/components/schemas/User' }
  /users/{id}:
    get:
      operationId: getUser
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: '#/components/schemas/User' }
components:
  schemas:
    User:
      type: object
      properties:
        id: { type: string }
        traits: { type: object, properties: { email: { type: string } } }
        tags: { type: array, items: { type: string } }
        extra: { type: object, additionalProperties: true }
";

    fn problems(edit: impl FnOnce(&mut Value)) -> Vec<(String, String)> {
        let mut raw = crate::spec::read_yaml(Path::new("t.yaml"), SPEC).unwrap();
        edit(&mut raw);
        lint(Path::new("t.yaml"), &raw)
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect()
    }

    fn list_op(raw: &mut Value) -> &mut Value {
        raw.pointer_mut("/paths/~1users/get").unwrap()
    }

    #[test]
    fn fields_the_items_have_pass() {
        assert_eq!(problems(|_| {}), []);
        let raw = crate::spec::read_yaml(Path::new("t.yaml"), SPEC).unwrap();
        let op = raw.pointer("/paths/~1users/get").unwrap();
        assert_eq!(of(op), ["id", "traits.email", "tags.0", "extra.anything"]);
    }

    #[test]
    fn a_field_the_items_lack_is_named_at_its_entry() {
        let found = problems(|raw| {
            list_op(raw)[KEY] = serde_json::json!(["id", "traits.mail", "tags.first", "id"]);
        });
        let at = "/paths/~1users/get/x-userapi-columns";
        assert_eq!(
            found,
            [
                (
                    format!("{at}/1"),
                    "no field `mail` in `traits` (fields: email)".to_string()
                ),
                (
                    format!("{at}/2"),
                    "`tags`: an array, so `first` must be an index".to_string()
                ),
                (format!("{at}/3"), "`id` is listed twice".to_string()),
            ]
        );
    }

    #[test]
    fn columns_on_an_answer_that_is_no_list_are_an_error() {
        let found = problems(|raw| {
            raw.pointer_mut("/paths/~1users~1{id}/get").unwrap()[KEY] = serde_json::json!(["id"]);
        });
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "/paths/~1users~1{id}/get/x-userapi-columns");
        assert!(found[0].1.contains("not a list"), "{found:?}");
        for bad in [
            serde_json::json!([]),
            serde_json::json!("id"),
            serde_json::json!(["a..b"]),
        ] {
            let found = problems(|raw| list_op(raw)[KEY] = bad.clone());
            assert_eq!(found.len(), 1, "{bad}: {found:?}");
        }
    }

    #[test]
    fn an_unknown_userapi_extension_is_an_error() {
        let found = problems(|raw| {
            list_op(raw)["x-userapi-colums"] = serde_json::json!(["id"]);
            list_op(raw)["x-other"] = serde_json::json!(true);
        });
        assert_eq!(
            found,
            [(
                "/paths/~1users/get/x-userapi-colums".to_string(),
                "unknown extension `x-userapi-colums` (known: x-userapi-pagination, x-userapi-columns, x-userapi-idempotent)"
                    .to_string()
            )]
        );
    }

    /// Every listing of our specs whose items are described objects names its columns.
    #[test]
    fn every_listing_of_the_specs_names_its_columns() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut listings = 0;
        for entry in std::fs::read_dir(root.join("specs")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let raw = crate::spec::read_yaml(&path, &text).unwrap();
            for op in model::operations(&raw) {
                let node = op.get(&raw).unwrap();
                let described =
                    item_schema(&raw, node).is_some_and(|i| i.get("properties").is_some());
                if described {
                    listings += 1;
                    assert!(
                        !of(node).is_empty(),
                        "{}: {} {} lists items without `{KEY}`",
                        path.display(),
                        op.method,
                        op.path
                    );
                }
            }
        }
        assert!(listings >= 16, "{listings} listings found");
    }
}
