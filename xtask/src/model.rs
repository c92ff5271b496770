//! Walking a raw spec (a JSON value): its operations and local `$ref`s.

use serde_json::Value;

pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where one operation sits in the document.
#[derive(Debug, Clone)]
pub struct OpLoc {
    pub path: String,
    pub method: &'static str,
}

impl OpLoc {
    pub fn pointer(&self) -> String {
        crate::diag::pointer(["paths", self.path.as_str(), self.method])
    }

    pub fn get<'a>(&self, raw: &'a Value) -> Option<&'a Value> {
        raw.get("paths")?.get(&self.path)?.get(self.method)
    }

    pub fn get_mut<'a>(&self, raw: &'a mut Value) -> Option<&'a mut Value> {
        raw.get_mut("paths")?
            .get_mut(&self.path)?
            .get_mut(self.method)
    }
}

/// Every operation in document order (paths as written, methods in a fixed order).
pub fn operations(raw: &Value) -> Vec<OpLoc> {
    let Some(paths) = raw.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some_and(Value::is_object))
                .map(move |m| OpLoc {
                    path: path.clone(),
                    method: m,
                })
        })
        .collect()
}

/// Follows a local `$ref` (`#/components/...`) until a non-reference node is reached.
pub fn resolve<'a>(raw: &'a Value, node: &'a Value) -> &'a Value {
    let mut node = node;
    // A bounded walk: a reference cycle must not hang the generator.
    for _ in 0..32 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| raw.pointer(p)) {
                Some(target) => node = target,
                None => return node,
            },
            None => return node,
        }
    }
    node
}

/// All of an operation's parameters, path-level ones first, each resolved and with the JSON
/// pointer of where it is written.
pub fn parameters<'a>(raw: &'a Value, op: &OpLoc) -> Vec<(String, &'a Value)> {
    let item_ptr = crate::diag::pointer(["paths", op.path.as_str()]);
    let item = raw.get("paths").and_then(|p| p.get(&op.path));
    let path_level = item
        .and_then(|i| i.get("parameters"))
        .and_then(Value::as_array);
    let own = op
        .get(raw)
        .and_then(|o| o.get("parameters"))
        .and_then(Value::as_array);
    let located = |base: String, list: Option<&'a Vec<Value>>| {
        list.into_iter()
            .flatten()
            .enumerate()
            .map(move |(i, p)| (format!("{base}/parameters/{i}"), resolve(raw, p)))
    };
    located(item_ptr, path_level)
        .chain(located(op.pointer(), own))
        .collect()
}

/// The Rust method name progenitor derives from an operationId (with its `_` prefix for a
/// leading digit and `_` suffix for a keyword, so the operation table matches `OperationInfo`).
pub fn rust_name(operation_id: &str) -> String {
    crate::lint::names::sanitize(operation_id, crate::lint::names::Case::Snake)
}

/// The Rust type name typify derives from a component schema name.
pub fn type_name(schema_name: &str) -> String {
    use heck::ToPascalCase;
    schema_name
        .replace('\'', "")
        .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")
        .to_pascal_case()
}

/// The first 2xx answer of an operation (`op`, the operation node) with a JSON body: its status
/// code as written and its schema, resolved.
pub fn json_success<'a>(raw: &'a Value, op: &'a Value) -> Option<(&'a str, &'a Value)> {
    let responses = op.get("responses")?.as_object()?;
    responses
        .iter()
        .filter(|(code, _)| code.starts_with('2'))
        .find_map(|(code, r)| {
            let r = resolve(raw, r);
            let content = r.get("content")?.as_object()?;
            let media = content
                .iter()
                .find(|(m, _)| m.contains("json"))
                .map(|(_, m)| m)?;
            Some((code.as_str(), resolve(raw, media.get("schema")?)))
        })
}

/// The first operation whose Rust method name (see [`rust_name`]) satisfies `wanted`.
pub fn find_operation(raw: &Value, wanted: impl Fn(&str) -> bool) -> Option<OpLoc> {
    operations(raw).into_iter().find(|op| {
        op.get(raw)
            .and_then(|o| o.get("operationId"))
            .and_then(Value::as_str)
            .is_some_and(|id| wanted(&rust_name(id)))
    })
}
