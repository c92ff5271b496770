//! What the contract run needs to know of a spec, read from `specs/<provider>.yaml` itself (not
//! from the generated code): each operation's parameters, request body schema and documented
//! responses. It lets the run check its own coverage: every operation called, every parameter
//! set, optional parameters set and unset, every body field sent, every error status asked for.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name in the spec (`userID`, `X-Ping-External-Session-ID`).
    pub name: String,
    /// The builder setter progenitor generates for it (`user_id`, ...).
    pub setter: String,
    pub required: bool,
}

/// One operation, keyed by the Rust method name.
#[derive(Debug, Clone)]
pub struct Op {
    /// `METHOD /path`, for messages.
    pub route: String,
    pub params: Vec<Param>,
    /// The schema of the request body (the first media type's) and whether the body is required.
    pub body: Option<(Value, bool)>,
    /// Every response key (`200`, `404`, `4XX`, `default`) and whether it has content.
    pub responses: Vec<(String, bool)>,
}

impl Op {
    /// Whether `default` stands for errors: it does when the operation also declares a success
    /// status, as the generator reads it (`default-response-to-error-ranges`). A `default` that
    /// is the only success (PureCloud `DELETE .../roles`) is a success.
    fn default_is_error(&self) -> bool {
        self.responses.iter().any(|(k, _)| k.starts_with('2'))
    }

    /// The statuses to ask Prism for (`Prefer: code=NNN`) to see every documented error: each
    /// exact 4xx/5xx code, and for a `4XX`/`5XX` range or an error `default` one code of the
    /// range that is not documented on its own (so that the range itself is exercised).
    pub fn error_statuses(&self) -> Vec<u16> {
        let exact: Vec<u16> = self
            .responses
            .iter()
            .filter_map(|(k, _)| k.parse::<u16>().ok())
            .filter(|code| *code >= 400)
            .collect();
        let has = |key: &str| self.responses.iter().any(|(k, _)| k == key);
        let default_error = has("default") && self.default_is_error();
        let mut out = exact.clone();
        let pick = |candidates: &[u16]| candidates.iter().copied().find(|c| !exact.contains(c));
        if has("4XX") || default_error {
            out.extend(pick(&[403, 429, 422, 401, 400, 404, 409]));
        }
        if has("5XX") || default_error {
            out.extend(pick(&[500, 503, 502]));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// A parsed spec.
pub struct Spec {
    doc: Value,
    pub ops: BTreeMap<String, Op>,
}

impl Spec {
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let doc: Value = serde_yaml::from_str(&text)
            .map_err(|e| format!("{}: not YAML this test can read: {e}", path.display()))?;
        let mut spec = Self {
            doc,
            ops: BTreeMap::new(),
        };
        spec.ops = spec.read_ops()?;
        Ok(spec)
    }

    fn read_ops(&self) -> Result<BTreeMap<String, Op>, String> {
        let mut ops = BTreeMap::new();
        let paths = self
            .doc
            .get("paths")
            .and_then(Value::as_object)
            .ok_or("the spec has no paths")?;
        for (path, item) in paths {
            let item = self.resolve(item);
            let shared = item.get("parameters").and_then(Value::as_array);
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                let Some(op) = item.get(method) else { continue };
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{method} {path}: no operationId"))?;
                let mut params: Vec<Param> = Vec::new();
                let own = op.get("parameters").and_then(Value::as_array);
                for p in shared
                    .into_iter()
                    .flatten()
                    .chain(own.into_iter().flatten())
                {
                    let p = self.resolve(p);
                    let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                    let param = Param {
                        name: name.to_string(),
                        setter: snake_case(name),
                        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
                    };
                    // An operation-level parameter overrides a path-level one of the same name.
                    params.retain(|q| q.name != param.name);
                    params.push(param);
                }
                let body = op.get("requestBody").map(|b| self.resolve(b)).map(|b| {
                    let schema = b
                        .get("content")
                        .and_then(Value::as_object)
                        .and_then(|c| c.values().next())
                        .and_then(|m| m.get("schema"))
                        .cloned()
                        .unwrap_or(Value::Null);
                    let required = b.get("required").and_then(Value::as_bool).unwrap_or(false);
                    (schema, required)
                });
                let responses = op
                    .get("responses")
                    .and_then(Value::as_object)
                    .map(|r| {
                        r.iter()
                            .map(|(k, v)| {
                                let v = self.resolve(v);
                                let content = v
                                    .get("content")
                                    .and_then(Value::as_object)
                                    .is_some_and(|c| !c.is_empty());
                                (k.clone(), content)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                ops.insert(
                    snake_case(id),
                    Op {
                        route: format!("{} {path}", method.to_uppercase()),
                        params,
                        body,
                        responses,
                    },
                );
            }
        }
        Ok(ops)
    }

    /// Follows a local `$ref` (repeatedly); anything else is returned as is.
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(target) = value.get("$ref").and_then(Value::as_str) else {
                return value;
            };
            match target
                .strip_prefix('#')
                .and_then(|pointer| self.doc.pointer(pointer))
            {
                Some(found) => value = found,
                None => return value,
            }
        }
        value
    }

    /// The JSON pointers of the request body fields that `value` leaves out: every property
    /// (except `readOnly` ones, which a request should not carry), at every depth that `value`
    /// reaches; empty arrays and empty typed maps count as missing, since nothing in them was
    /// sent; in an array a field counts as sent when any element carries it (`/*/` in a
    /// pointer stands for the elements). A property whose schema is one already being walked (a recursive schema such as
    /// PureCloud's search query groups) may be left out.
    pub fn missing_fields(&self, schema: &Value, value: &Value) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(schema, value, "", &mut Vec::new(), &mut out);
        out
    }

    fn walk(
        &self,
        schema: &Value,
        value: &Value,
        at: &str,
        stack: &mut Vec<String>,
        out: &mut Vec<String>,
    ) {
        let reference = schema
            .get("$ref")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(r) = &reference {
            stack.push(r.clone());
        }
        let schema = self.resolve(schema);
        if !value.is_null() {
            for part in schema
                .get("allOf")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                self.walk(part, value, at, stack, out);
            }
            let props = schema.get("properties").and_then(Value::as_object);
            if let (Some(props), Some(object)) = (props, value.as_object()) {
                for (name, sub) in props {
                    if self.read_only(sub) {
                        continue;
                    }
                    let here = format!("{at}/{name}");
                    match object.get(name) {
                        Some(v) => self.walk(sub, v, &here, stack, out),
                        None if self.recursive(sub, stack) => {}
                        None => out.push(here),
                    }
                }
            }
            if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
                if array.is_empty() && !self.recursive(items, stack) {
                    out.push(format!("{at} (empty array)"));
                }
                // A field counts as sent when any element carries it (JSON Patch `from` and
                // `value`, say, belong to different operations).
                let mut common: Option<Vec<String>> = None;
                for v in array {
                    let mut missing = Vec::new();
                    self.walk(items, v, &format!("{at}/*"), stack, &mut missing);
                    common = Some(match common {
                        None => missing,
                        Some(before) => {
                            before.into_iter().filter(|m| missing.contains(m)).collect()
                        }
                    });
                }
                out.extend(common.unwrap_or_default());
            }
            let typed_map = schema
                .get("additionalProperties")
                .filter(|a| a.as_object().is_some_and(|o| !o.is_empty()));
            if let (Some(values), None, Some(object)) = (typed_map, props, value.as_object()) {
                if object.is_empty() {
                    out.push(format!("{at} (empty map)"));
                }
                for (k, v) in object {
                    self.walk(values, v, &format!("{at}/{k}"), stack, out);
                }
            }
        }
        if reference.is_some() {
            stack.pop();
        }
    }

    fn read_only(&self, schema: &Value) -> bool {
        let flag = |s: &Value| s.get("readOnly").and_then(Value::as_bool) == Some(true);
        flag(schema) || flag(self.resolve(schema))
    }

    /// Whether `schema` (or the items of it) refers back to a schema on the current path.
    fn recursive(&self, schema: &Value, stack: &[String]) -> bool {
        let refers = |s: &Value| {
            s.get("$ref")
                .and_then(Value::as_str)
                .is_some_and(|r| stack.iter().any(|x| x == r))
        };
        refers(schema) || schema.get("items").is_some_and(refers)
    }
}

/// The snake case progenitor (heck) gives names: `userID` → `user_id`,
/// `X-Ping-External-Session-ID` → `x_ping_external_session_id`, `getUserById` →
/// `get_user_by_id`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let boundary =
                prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower);
            if boundary && !out.ends_with('_') {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out.trim_end_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn snake_case_matches_the_generated_names() {
        assert_eq!(snake_case("userID"), "user_id");
        assert_eq!(snake_case("getUserById"), "get_user_by_id");
        assert_eq!(
            snake_case("X-Ping-External-Transaction-ID"),
            "x_ping_external_transaction_id"
        );
        assert_eq!(snake_case("q64"), "q64");
        assert_eq!(snake_case("per_page"), "per_page");
        assert_eq!(snake_case("returnFullUserInfo"), "return_full_user_info");
    }
}
