//! Spec rewrites that work around progenitor's limits. Each rewrite is named, changes nothing
//! that goes on the wire (or the runtime restores it), and is listed in ARCHITECTURE.md.

mod bodiless_success;
mod boxed;
mod default_responses;
mod inline_enums;
mod media_types;
mod mock_spec;
mod optional_defaults;

pub use bodiless_success::null_when_empty;
pub use boxed::boxed_schemas;
pub use inline_enums::is_string_enum;
pub use mock_spec::for_mocks;

use serde_json::Value;

/// One rewrite: its name, why it exists, and the function that applies it.
pub struct Rewrite {
    pub name: &'static str,
    pub why: &'static str,
    /// Rewrites the document in place and says how many places it changed.
    pub apply: fn(&mut Value) -> usize,
}

/// Every rewrite, in the order they run.
pub const ALL: &[Rewrite] = &[
    Rewrite {
        name: "default-response-to-error-ranges",
        why: "a typed success plus `default` panics progenitor (`default` counts as success and error)",
        apply: default_responses::apply,
    },
    Rewrite {
        name: "bodiless-default-to-success-range",
        why: "a body-less `default` as the only success, beside typed errors, panics progenitor",
        apply: default_responses::bodiless_default_to_success,
    },
    Rewrite {
        name: "response-media-to-json",
        why: "`*/*`, `+json` and JSON-or-XML responses become untyped byte streams",
        apply: media_types::responses_to_json,
    },
    Rewrite {
        name: "request-media-single",
        why: "a request body with two media types panics progenitor",
        apply: media_types::single_request_type,
    },
    Rewrite {
        name: "json-patch-as-json",
        why: "progenitor rejects `application/json-patch+json`; the runtime restores the header",
        apply: media_types::json_patch_as_json,
    },
    Rewrite {
        name: "schemaless-media-any-value",
        why: "a JSON media type without a schema panics progenitor",
        apply: media_types::schemaless_any_value,
    },
    Rewrite {
        name: "bodiless-success-to-null",
        why: "a body-less 2xx beside a typed 2xx panics progenitor; both decode one nullable type, the runtime feeds `null`",
        apply: bodiless_success::apply,
    },
    Rewrite {
        name: "optional-defaults-to-description",
        why: "an optional property with a default is always sent (a PATCH would reset it); it stays optional",
        apply: optional_defaults::apply,
    },
    Rewrite {
        name: "boxed-schemas",
        why: "typify stores nested structs inline; properties referring to a schema marked `x-box` hold `Box<T>`",
        apply: boxed::apply,
    },
    Rewrite {
        name: "inline-enums-to-components",
        why: "open enums replace named types only; inline string enums are hoisted and named",
        apply: inline_enums::apply,
    },
];

/// Applies every rewrite, returning `(name, places changed)` for those that changed anything.
pub fn normalise(raw: &mut Value) -> Vec<(&'static str, usize)> {
    ALL.iter()
        .map(|r| (r.name, (r.apply)(raw)))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// Calls `f` on every response object (operation responses and `components/responses`).
fn for_each_response(raw: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for op in crate::model::operations(raw) {
        if let Some(responses) = op
            .get_mut(raw)
            .and_then(|o| o.get_mut("responses"))
            .and_then(Value::as_object_mut)
        {
            responses
                .values_mut()
                .filter(|r| r.get("$ref").is_none())
                .for_each(&mut *f);
        }
    }
    if let Some(responses) = raw
        .get_mut("components")
        .and_then(|c| c.get_mut("responses"))
        .and_then(Value::as_object_mut)
    {
        responses.values_mut().for_each(&mut *f);
    }
}

/// Calls `f` on every request body object (inline ones and `components/requestBodies`).
fn for_each_request_body(raw: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for op in crate::model::operations(raw) {
        if let Some(body) = op.get_mut(raw).and_then(|o| o.get_mut("requestBody"))
            && body.get("$ref").is_none()
        {
            f(body);
        }
    }
    if let Some(bodies) = raw
        .get_mut("components")
        .and_then(|c| c.get_mut("requestBodies"))
        .and_then(Value::as_object_mut)
    {
        bodies.values_mut().for_each(&mut *f);
    }
}

/// Calls `f` on every schema object in the document: components and everything nested in them,
/// parameter schemas, and request and response body schemas.
fn for_each_schema(raw: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    fn walk(node: &mut Value, f: &mut dyn FnMut(&mut Value)) {
        if !node.is_object() || node.get("$ref").is_some() {
            return;
        }
        f(node);
        let Some(obj) = node.as_object_mut() else {
            return;
        };
        if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
            props.values_mut().for_each(|p| walk(p, f));
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(child) = obj.get_mut(key) {
                walk(child, f);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
                list.iter_mut().for_each(|c| walk(c, f));
            }
        }
    }
    for_each_response(raw, &mut |r| media_schemas(r, &mut |s| walk(s, f)));
    for_each_request_body(raw, &mut |b| media_schemas(b, &mut |s| walk(s, f)));
    for op in crate::model::operations(raw) {
        if let Some(params) = op
            .get_mut(raw)
            .and_then(|o| o.get_mut("parameters"))
            .and_then(Value::as_array_mut)
        {
            params
                .iter_mut()
                .filter_map(|p| p.get_mut("schema"))
                .for_each(|s| walk(s, f));
        }
    }
    for section in ["schemas", "parameters"] {
        if let Some(map) = raw
            .get_mut("components")
            .and_then(|c| c.get_mut(section))
            .and_then(Value::as_object_mut)
        {
            for v in map.values_mut() {
                if section == "parameters" {
                    if let Some(s) = v.get_mut("schema") {
                        walk(s, f);
                    }
                } else {
                    walk(v, f);
                }
            }
        }
    }
}

/// Calls `f` on the schema of every media type of a response or request body.
fn media_schemas(node: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    if let Some(content) = node.get_mut("content").and_then(Value::as_object_mut) {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                f(schema);
            }
        }
    }
}
