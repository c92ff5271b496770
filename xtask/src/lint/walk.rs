//! Visits every place of a spec where progenitor reads a schema, parameter, body, response or
//! header, with the JSON pointer of each and the component section a `$ref` there must point to.

use crate::diag::pointer;
use crate::model::METHODS;
use serde_json::Value;

/// What kind of object sits at a place, which is also the `components` section its `$ref`
/// must point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
}

impl Kind {
    pub fn section(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Header => "headers",
        }
    }
}

/// Calls `f(kind, pointer, node)` on every place, including ones that are a `$ref` (whose
/// children are not visited: the target is visited where it is defined).
pub fn walk(raw: &Value, f: &mut dyn FnMut(Kind, &str, &Value)) {
    if let Some(paths) = raw.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = pointer(["paths", path.as_str()]);
            list(
                item.get("parameters"),
                &format!("{at}/parameters"),
                Kind::Parameter,
                f,
            );
            for m in METHODS {
                if let Some(op) = item.get(m).filter(|o| o.is_object()) {
                    let at = format!("{at}/{m}");
                    list(
                        op.get("parameters"),
                        &format!("{at}/parameters"),
                        Kind::Parameter,
                        f,
                    );
                    if let Some(body) = op.get("requestBody") {
                        node(Kind::RequestBody, &format!("{at}/requestBody"), body, f);
                    }
                    map(
                        op.get("responses"),
                        &format!("{at}/responses"),
                        Kind::Response,
                        f,
                    );
                }
            }
        }
    }
    if let Some(components) = raw.get("components") {
        for kind in [
            Kind::Schema,
            Kind::Parameter,
            Kind::RequestBody,
            Kind::Response,
            Kind::Header,
        ] {
            let section = kind.section();
            map(
                components.get(section),
                &format!("/components/{section}"),
                kind,
                f,
            );
        }
    }
}

fn list(items: Option<&Value>, at: &str, kind: Kind, f: &mut dyn FnMut(Kind, &str, &Value)) {
    for (i, v) in items
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        node(kind, &format!("{at}/{i}"), v, f);
    }
}

fn map(items: Option<&Value>, at: &str, kind: Kind, f: &mut dyn FnMut(Kind, &str, &Value)) {
    for (k, v) in items.and_then(Value::as_object).into_iter().flatten() {
        node(kind, &format!("{at}{}", pointer([k.as_str()])), v, f);
    }
}

fn content(n: &Value, at: &str, f: &mut dyn FnMut(Kind, &str, &Value)) {
    for (media, m) in n
        .get("content")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(s) = m.get("schema") {
            node(
                Kind::Schema,
                &format!("{at}/content{}/schema", pointer([media.as_str()])),
                s,
                f,
            );
        }
    }
}

fn node(kind: Kind, at: &str, n: &Value, f: &mut dyn FnMut(Kind, &str, &Value)) {
    f(kind, at, n);
    if !n.is_object() || n.get("$ref").is_some() {
        return;
    }
    match kind {
        Kind::Schema => {
            map(
                n.get("properties"),
                &format!("{at}/properties"),
                Kind::Schema,
                f,
            );
            for key in ["items", "additionalProperties", "not"] {
                if let Some(c) = n.get(key).filter(|c| c.is_object()) {
                    node(Kind::Schema, &format!("{at}/{key}"), c, f);
                }
            }
            for key in ["allOf", "oneOf", "anyOf"] {
                list(n.get(key), &format!("{at}/{key}"), Kind::Schema, f);
            }
        }
        Kind::Parameter | Kind::Header => {
            if let Some(s) = n.get("schema") {
                node(Kind::Schema, &format!("{at}/schema"), s, f);
            }
            content(n, at, f);
        }
        Kind::RequestBody => content(n, at, f),
        Kind::Response => {
            content(n, at, f);
            map(n.get("headers"), &format!("{at}/headers"), Kind::Header, f);
        }
    }
}

/// How a message names the schema at `at`: a component by its name, a property by its name
/// (and its component's), anything else by its component or as "this schema" (the message's
/// pointer says where).
pub fn describe(at: &str) -> String {
    let segments: Vec<String> = at
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let component = match segments.as_slice() {
        [c, s, name, ..] if c == "components" && s == "schemas" => Some(name.as_str()),
        _ => None,
    };
    let property = match segments.as_slice() {
        [.., p, name] if p == "properties" => Some(name.as_str()),
        _ => None,
    };
    match (component, property) {
        (Some(c), _) if segments.len() == 3 => format!("schema `{c}`"),
        (Some(c), Some(p)) => format!("property `{p}` of schema `{c}`"),
        (Some(c), None) => format!("a schema inside schema `{c}`"),
        (None, Some(p)) => format!("property `{p}`"),
        (None, None) => "this schema".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::describe;

    #[test]
    fn schemas_are_named_by_component_and_property() {
        assert_eq!(describe("/components/schemas/a~1b"), "schema `a/b`");
        assert_eq!(
            describe("/components/schemas/User/properties/tags/items/properties/name"),
            "property `name` of schema `User`"
        );
        assert_eq!(
            describe("/paths/~1a/get/responses/200/content/application~1json/schema/properties/x"),
            "property `x`"
        );
        assert_eq!(
            describe("/paths/~1a/get/parameters/0/schema"),
            "this schema"
        );
        assert_eq!(
            describe("/components/schemas/User/items"),
            "a schema inside schema `User`"
        );
    }
}
