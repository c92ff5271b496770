//! `x-userapi-pagination` on an operation: which paging convention it follows and where its
//! items, page parameter and counts are. Read here (with every problem located at the key that
//! has it) for the lint and for `render::paging`.
//!
//! ```yaml
//! x-userapi-pagination:
//!   style: link-header   # link-header | page-number | page-total | body-search
//!   items: entities      # the response property holding the items; omitted: the body is the array
//!   cursor: [page_token] # link-header: query parameters read from the `rel="next"` link
//!   page: pageNumber     # the others: the query parameter (body property for body-search) set per page
//!   number: pageNumber   # page-number, body-search: the response property naming the page
//!   count: pageCount     # page-number, body-search: the response property counting the pages
//!   total: total         # page-total: the response property counting the items, or
//!   total-header: X-Total-Count  #   the header that does
//!   first: 1             # page-number, page-total, body-search: the first page's number
//! ```

use crate::diag::{Diagnostic, pointer};
use crate::model::{self, OpLoc};
use serde_json::Value;
use std::path::Path;

pub const KEY: &str = "x-userapi-pagination";
pub const STYLES: [&str; 4] = ["link-header", "page-number", "page-total", "body-search"];

/// One paged operation.
#[derive(Debug, Clone)]
pub struct Paged {
    pub op: OpLoc,
    pub operation_id: String,
    /// The response property with the items; `None`: the body is the array.
    pub items: Option<String>,
    pub style: Style,
}

#[derive(Debug, Clone)]
pub enum Style {
    /// Query parameters read from the next link, each with whether it is an integer.
    LinkHeader { cursor: Vec<(String, bool)> },
    PageNumber {
        page: String,
        number: String,
        count: String,
        first: u64,
    },
    PageTotal {
        page: String,
        total: Total,
        first: u64,
    },
    BodySearch {
        page: String,
        /// The Rust integer type of the body property, and whether it is required.
        int: &'static str,
        required: bool,
        number: String,
        count: String,
        first: u64,
    },
}

#[derive(Debug, Clone)]
pub enum Total {
    Field(String),
    Header(String),
}

/// Every paged operation of a spec, and the problems of those that are declared wrongly.
pub fn read(file: &Path, raw: &Value) -> (Vec<Paged>, Vec<Diagnostic>) {
    let mut paged = Vec::new();
    let mut out = Vec::new();
    for op in model::operations(raw) {
        let Some(node) = op.get(raw) else { continue };
        let Some(ext) = node.get(KEY) else { continue };
        let at = format!("{}{}", op.pointer(), pointer([KEY]));
        let mut problem = |key: &str, m: String| {
            let ptr = if key.is_empty() {
                at.clone()
            } else {
                format!("{at}{}", pointer([key]))
            };
            out.push(Diagnostic::new(file, ptr, m));
        };
        let Some(ext) = ext.as_object() else {
            problem("", format!("`{KEY}` must be a mapping"));
            continue;
        };
        let string = |key: &str| ext.get(key).and_then(Value::as_str).map(str::to_string);
        let operation_id = node
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let known: &[&str] = &[
            "style",
            "items",
            "cursor",
            "page",
            "number",
            "count",
            "total",
            "total-header",
            "first",
        ];
        for key in ext.keys() {
            if !known.contains(&key.as_str()) {
                problem(
                    key,
                    format!("unknown key `{key}` (known: {})", known.join(", ")),
                );
            }
        }
        let query: Vec<(String, &Value)> = model::parameters(raw, &op)
            .into_iter()
            .filter(|(_, p)| p.get("in").and_then(Value::as_str) == Some("query"))
            .filter_map(|(_, p)| Some((p.get("name")?.as_str()?.to_string(), p)))
            .collect();
        let query_param = |name: &str| {
            query
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, p)| schema_type(raw, p.get("schema").unwrap_or(&Value::Null)))
        };
        let response = model::json_success(raw, node).map(|(_, schema)| schema);
        let props = response.and_then(|s| s.get("properties"));
        let prop_type = |name: &str| props.and_then(|p| p.get(name)).map(|s| schema_type(raw, s));
        // items
        let items = string("items").filter(|s| !s.is_empty());
        match (&items, response) {
            (_, None) => problem(
                "",
                "the operation has no JSON success body to page through".to_string(),
            ),
            (None, Some(s)) if schema_type(raw, s) != "array" => problem(
                "",
                "no `items` property named and the success body is not an array".to_string(),
            ),
            (Some(name), Some(_)) if prop_type(name).as_deref() != Some("array") => problem(
                "items",
                format!("the success body has no array property `{name}`"),
            ),
            _ => {}
        }
        let first = match ext.get("first") {
            None => 1,
            Some(v) => match v.as_u64() {
                Some(n) => n,
                None => {
                    problem(
                        "first",
                        "`first` must be a page number (0 or more)".to_string(),
                    );
                    1
                }
            },
        };
        let mut require = |key: &str| match string(key) {
            Some(s) if !s.is_empty() => Some(s),
            _ => {
                problem(
                    "",
                    format!(
                        "the `{}` style needs `{key}`",
                        string("style").unwrap_or_default()
                    ),
                );
                None
            }
        };
        let mut field_checks: Vec<(&str, String, &str)> = Vec::new();
        let style = match string("style").as_deref() {
            Some("link-header") => {
                let names: Vec<String> = ext
                    .get("cursor")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                if names.is_empty() {
                    require("cursor");
                }
                let cursor = names
                    .into_iter()
                    .map(|n| {
                        let integer = query_param(&n).as_deref() == Some("integer");
                        (n, integer)
                    })
                    .collect();
                Some(Style::LinkHeader { cursor })
            }
            Some("page-number") => match (require("page"), require("number"), require("count")) {
                (Some(page), Some(number), Some(count)) => {
                    field_checks.push(("number", number.clone(), "integer"));
                    field_checks.push(("count", count.clone(), "integer"));
                    Some(Style::PageNumber {
                        page,
                        number,
                        count,
                        first,
                    })
                }
                _ => None,
            },
            Some("page-total") => {
                let page = require("page");
                let total = match (string("total"), string("total-header")) {
                    (Some(f), None) => {
                        field_checks.push(("total", f.clone(), "integer"));
                        Some(Total::Field(f))
                    }
                    (None, Some(h)) if !h.is_empty() => Some(Total::Header(h.to_ascii_lowercase())),
                    _ => {
                        problem(
                            "",
                            "the `page-total` style needs one of `total` and `total-header`"
                                .to_string(),
                        );
                        None
                    }
                };
                match (page, total) {
                    (Some(page), Some(total)) => Some(Style::PageTotal { page, total, first }),
                    _ => None,
                }
            }
            Some("body-search") => match (require("page"), require("number"), require("count")) {
                (Some(page), Some(number), Some(count)) => {
                    field_checks.push(("number", number.clone(), "integer"));
                    field_checks.push(("count", count.clone(), "integer"));
                    let body = node
                        .get("requestBody")
                        .map(|b| model::resolve(raw, b))
                        .and_then(|b| b.pointer("/content/application~1json/schema"))
                        .map(|s| model::resolve(raw, s));
                    let prop = body
                        .and_then(|s| s.get("properties"))
                        .and_then(|p| p.get(&page));
                    let required = body
                        .and_then(|s| s.get("required"))
                        .and_then(Value::as_array)
                        .is_some_and(|r| r.iter().any(|v| v.as_str() == Some(page.as_str())));
                    let int = match prop.map(|p| model::resolve(raw, p)) {
                        Some(p) if schema_type(raw, p) == "integer" => {
                            if p.get("format").and_then(Value::as_str) == Some("int32") {
                                "i32"
                            } else {
                                "i64"
                            }
                        }
                        _ => {
                            problem(
                                "page",
                                format!("the JSON request body has no integer property `{page}`"),
                            );
                            "i64"
                        }
                    };
                    Some(Style::BodySearch {
                        page,
                        int,
                        required,
                        number,
                        count,
                        first,
                    })
                }
                _ => None,
            },
            other => {
                problem(
                    if other.is_some() { "style" } else { "" },
                    format!("`style` must be one of {}", STYLES.join(", ")),
                );
                None
            }
        };
        // Declared names must exist: a typo would otherwise page forever or not at all.
        match &style {
            Some(Style::LinkHeader { cursor }) => {
                for (i, (name, _)) in cursor.iter().enumerate() {
                    if query_param(name).is_none() {
                        out.push(Diagnostic::new(
                            file,
                            format!("{at}/cursor/{i}"),
                            format!("the operation has no query parameter `{name}`"),
                        ));
                    }
                }
            }
            Some(Style::PageNumber { page, .. } | Style::PageTotal { page, .. })
                if query_param(page).as_deref() != Some("integer") =>
            {
                out.push(Diagnostic::new(
                    file,
                    format!("{at}/page"),
                    format!("the operation has no integer query parameter `{page}`"),
                ));
            }
            _ => {}
        }
        for (key, name, ty) in field_checks {
            if response.is_some() && prop_type(&name).as_deref() != Some(ty) {
                out.push(Diagnostic::new(
                    file,
                    format!("{at}{}", pointer([key])),
                    format!("the success body has no {ty} property `{name}`"),
                ));
            }
        }
        if let Some(style) = style {
            paged.push(Paged {
                op,
                operation_id,
                items,
                style,
            });
        }
    }
    (paged, out)
}

/// A schema's `type`, following `$ref` and a single `allOf`.
fn schema_type(raw: &Value, schema: &Value) -> String {
    let s = model::resolve(raw, schema);
    if let Some(t) = s.get("type").and_then(Value::as_str) {
        return t.to_string();
    }
    match s.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
        Some([one]) => schema_type(raw, one),
        _ => String::new(),
    }
}
