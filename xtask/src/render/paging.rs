//! `paging.rs`: `.pages()` and `.stream()` on the builder of every operation with
//! `x-userapi-pagination` (see `crate::paging`), calling `userapi_runtime::paging`. The page,
//! item and error types are read from the generated client, so they are exactly progenitor's.

use super::RenderError;
use crate::client_model::{ClientModel, type_args};
use crate::paging::{Paged, Style, Total};
use heck::ToSnakeCase;
use quote::ToTokens;

/// The Rust source of `paging.rs` (unformatted), or what could not be found in the client.
pub fn render(client: &ClientModel, paged: &[Paged]) -> Result<String, RenderError> {
    let mut out = String::from(
        "//! `.pages()` and `.stream()` for every paged operation (`x-userapi-pagination`).\n\
         use super::client::{builder, types, ResponseValue};\n\
         use ::userapi_runtime::paging as p;\n\n",
    );
    let mut serve = String::new();
    for op in paged {
        let method = crate::model::rust_name(&op.operation_id);
        let (code, helper) =
            one(client, op, &method).map_err(|m| RenderError::new(Some(&method), m))?;
        out.push_str(&code);
        serve.push_str(&helper);
    }
    out.push_str(&format!(
        "/// Mock servers that answer a paged operation with a sequence of pages, to test paging\n\
         /// code against: each function registers one mock per page, matched on the page\n\
         /// parameter the stream sends, and returns them (to assert how often each was asked for).\n\
         #[cfg(feature = \"mock\")]\n\
         pub mod serve {{\n\
         use super::super::client::types;\n\
         use super::super::mock::MockServerExt;\n\
         {serve}}}\n"
    ));
    Ok(out)
}

fn text(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string()
}

/// The first generic argument of the last segment of a path type (`Vec<T>` → `T`).
fn generic_arg(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    type_args(p.path.segments.last()?).next()
}

/// A type written inside `mod types`, as seen from `paging.rs`.
fn from_types(ty: &syn::Type) -> String {
    let s = text(ty);
    let local = matches!(ty, syn::Type::Path(p) if p.path.leading_colon.is_none()
        && !p.path.segments.first().is_some_and(|f| ["crate", "super", "std", "chrono", "uuid", "serde_json"].contains(&f.ident.to_string().as_str())));
    if local { format!("types::{s}") } else { s }
}

fn one(client: &ClientModel, op: &Paged, method: &str) -> Result<(String, String), String> {
    let missing =
        |what: &str| format!("paging `{}`: no {what} in the client code", op.operation_id);
    let operation = client
        .operation(method)
        .ok_or_else(|| missing(&format!("builder for `Client::{method}`")))?;
    let builder = &operation.builder;
    // `send(self) -> Result<ResponseValue<P>, ::userapi_runtime::Error<E>>`
    let send = operation.send.as_ref().ok_or_else(|| {
        missing(&format!(
            "`{builder}::send` answering `Result<ResponseValue<_>, Error<_>>`"
        ))
    })?;
    let page_ty = &send.success;
    let page = text(page_ty);
    let error_body = text(&send.error);
    // The items: the page itself (a bare array) or one of its fields.
    let struct_name =
        crate::client_model::self_type_name(page_ty).ok_or_else(|| missing("page struct"))?;
    let (item, field) = match &op.items {
        None if struct_name == "Vec" => (
            text(generic_arg(page_ty).ok_or_else(|| missing("array page type"))?),
            None,
        ),
        // A named array schema is a newtype around its `Vec`.
        None => {
            let inner = client
                .type_def(&struct_name)
                .and_then(|t| t.newtype_field())
                .and_then(|f| generic_arg(&f.ty))
                .ok_or_else(|| missing(&format!("array newtype `{struct_name}`")))?;
            (from_types(inner), Some("0".to_string()))
        }
        Some(name) => {
            let rust = name.to_snake_case();
            let ty = client
                .type_def(&struct_name)
                .and_then(|t| t.field(&rust))
                .map(|f| &f.ty)
                .ok_or_else(|| missing(&format!("field `{struct_name}.{rust}`")))?;
            let inner = generic_arg(ty)
                .ok_or_else(|| missing(&format!("`Vec` in `{struct_name}.{rust}`")))?;
            (from_types(inner), Some(rust))
        }
    };
    let items_of = |v: &str| match &field {
        Some(f) => format!("{v}.{f}"),
        None => v.to_string(),
    };
    let len = format!("{}.len()", items_of("page"));
    let set = |name: &str, value: &str| format!("{}({value})", name.to_snake_case());
    let (setup, first, next, how) = match &op.style {
        Style::LinkHeader { cursor } => {
            let names: Vec<String> = cursor.iter().map(|(n, _)| format!("{n:?}")).collect();
            let arms: String = cursor
                .iter()
                .map(|(n, integer)| {
                    let value = if *integer {
                        "p::int(name, value)?".to_string()
                    } else {
                        "value".to_string()
                    };
                    format!("{n:?} => b.{},\n", set(n, &value))
                })
                .collect();
            // The page number among the cursors, for links that lag a page behind.
            let page_number = cursor
                .iter()
                .find(|(_, integer)| *integer)
                .map_or("None".to_string(), |(n, _)| format!("Some({n:?})"));
            (
                format!(
                    "let mut cursor = p::LinkCursor::new(&[{}], {page_number});",
                    names.join(", ")
                ),
                "self".to_string(),
                format!(
                    "let Some(follow) = cursor.next(page.headers(), {len}, p::fingerprint(&{}))? else {{ return Ok(p::Step::End); }};\n\
                     let mut b = b.clone();\n\
                     for (name, value) in follow.values() {{ b = match name {{ {arms} _ => b, }}; }}\n\
                     Ok(follow.step(b))",
                    items_of("page")
                ),
                format!(
                    "follows the `rel=\"next\"` link of the `Link` header ({})",
                    names.join(", ").replace('"', "`")
                ),
            )
        }
        Style::PageNumber {
            page: param,
            number,
            count,
            first,
        } => (
            format!("let mut numbers = p::PageNumbers::new({first});"),
            "self".to_string(),
            format!(
                "Ok(numbers.after({len}, p::Count::count(&page.{}), p::Count::count(&page.{}), p::fingerprint(&{}))?.map(|n| b.clone().{}).into())",
                number.to_snake_case(),
                count.to_snake_case(),
                items_of("page"),
                set(param, "n")
            ),
            format!("asks for `{param}` = the answer's `{number}` + 1 until `{count}`"),
        ),
        Style::PageTotal {
            page: param,
            total,
            first,
        } => {
            let total_expr = match total {
                Total::Field(f) => format!("p::Count::count(&page.{})", f.to_snake_case()),
                Total::Header(h) => format!("p::header_count(page.headers(), {h:?})"),
            };
            let total_doc = match total {
                Total::Field(f) => format!("`{f}`"),
                Total::Header(h) => format!("the `{h}` header"),
            };
            (
                format!("let mut totals = p::PageTotal::new({first});"),
                format!("self.{}", set(param, "totals.first()")),
                format!(
                    "Ok(totals.after({len}, {total_expr}, p::fingerprint(&{}))?.map(|n| b.clone().{}).into())",
                    items_of("page"),
                    set(param, "n")
                ),
                format!(
                    "asks for `{param}` = {first}, {}, … until the items read reach {total_doc} (any `{param}` set on the builder is replaced)",
                    first + 1
                ),
            )
        }
        Style::BodySearch {
            page: param,
            int,
            required,
            number,
            count,
            first,
        } => {
            let value = if *required {
                "n".to_string()
            } else {
                format!("<{int}>::try_from(n).ok()")
            };
            (
                format!("let mut numbers = p::PageNumbers::new({first});"),
                format!(
                    "{{ let n = {first}; self.body_map(move |body| body.{}) }}",
                    set(param, &value)
                ),
                format!(
                    "Ok(numbers.after({len}, p::Count::count(&page.{}), p::Count::count(&page.{}), p::fingerprint(&{}))?.map(|n| b.clone().body_map(move |body| body.{})).into())",
                    number.to_snake_case(),
                    count.to_snake_case(),
                    items_of("page"),
                    set(param, &value)
                ),
                format!(
                    "sets the body's `{param}` to {first}, then the answer's `{number}` + 1 until `{count}` (any `{param}` set in the body is replaced)"
                ),
            )
        }
    };
    let (matcher, link, asked) = match &op.style {
        Style::LinkHeader { cursor } => {
            let c = cursor.first().map(|(n, _)| n.as_str()).unwrap_or_default();
            (
                format!(
                    "if i == 0 {{ when.query_param_missing({c:?}); }} else {{ when.query_param({c:?}, i.to_string()); }}"
                ),
                format!(
                    "let then = if i + 1 == pages.len() {{ then }} else {{ then.header(\"link\", &format!(\"<?{c}={{}}>; rel=\\\"next\\\"\", i + 1)) }};"
                ),
                format!(
                    "page 1 to a request without `{c}`, page n + 1 to `{c}=n`; every page but the last has a `Link` to the next"
                ),
            )
        }
        Style::PageNumber {
            page: param, first, ..
        } => (
            format!(
                "if i == 0 {{ when.query_param_missing({param:?}); }} else {{ when.query_param({param:?}, (i as u64 + {first}).to_string()); }}"
            ),
            String::new(),
            format!(
                "the first page to a request without `{param}`, the others to `{param}={}, {}, …` (give each page its `pageNumber` and `pageCount`)",
                first + 1,
                first + 2
            ),
        ),
        Style::PageTotal {
            page: param,
            first,
            total,
        } => (
            format!("when.query_param({param:?}, (i as u64 + {first}).to_string());"),
            match total {
                Total::Header(h) => format!(
                    "let total: usize = pages.iter().map(|page| {}.len()).sum();\n\
                     let then = then.header({h:?}, &total.to_string());",
                    items_of("page")
                ),
                Total::Field(_) => String::new(),
            },
            match total {
                Total::Header(h) => format!(
                    "page n to `{param}={first} + n - 1`, each with `{h}` the number of all items"
                ),
                Total::Field(f) => {
                    format!("page n to `{param}={first} + n - 1` (give each page its `{f}`)")
                }
            },
        ),
        Style::BodySearch {
            page: param, first, ..
        } => (
            format!(
                "when.json_body_includes(format!(\"{{{{\\\"{param}\\\": {{}}}}}}\", i as u64 + {first}));"
            ),
            String::new(),
            format!(
                "page n to a body with `{param}` = {first} + n - 1 (give each page its page number and count)"
            ),
        ),
    };
    let helper = format!(
        r#"/// Serves `pages` to [`{method}`](super::super::client::Client::{method}): {asked}.
pub fn {method}<'s>(server: &'s ::httpmock::MockServer, pages: &[{page}]) -> ::std::vec::Vec<::httpmock::Mock<'s>> {{
    pages.iter().enumerate().map(|(i, page)| {{
        server.{method}(|when, then| {{
            let when = when.into_inner();
            {matcher}
            {link}
            then.ok(page);
        }})
    }}).collect()
}}
"#
    );
    Ok((
        format!(
            r#"impl<'a> builder::{builder}<'a> {{
    /// Every page of this listing with its status and headers, fetched lazily with this
    /// builder's parameters: each page is a `send()` of a copy of the builder with only the
    /// page changed (auth, retries, timeouts and interceptors apply to each). It ends after
    /// the last page, or with `ErrorKind::Paging` when the server repeats a page or cursor.
    /// The stream is `Unpin`: `while let Some(page) = pages.try_next().await? {{ .. }}`.
    ///
    /// Paging {how}.
    pub fn pages(self) -> p::Pages<'a, {page}, {error_body}> {{
        p::Paged::pages_with(self, None)
    }}

    /// Every item of every page, in order, fetched lazily as [`pages`](Self::pages) does: the
    /// items of a page come before the error of the next; dropping the stream stops paging.
    pub fn stream(self) -> p::Items<'a, {item}, {error_body}> {{
        p::Items::new(self.pages(), <Self as p::Paged<'a>>::items)
    }}
}}

impl<'a> p::Paged<'a> for builder::{builder}<'a> {{
    type Item = {item};

    fn items(page: {page}) -> ::std::vec::Vec<{item}> {{
        {items}
    }}

    fn pages_with(self, options: ::std::option::Option<::userapi_runtime::CallOptions>) -> p::Pages<'a, {page}, {error_body}> {{
        {setup}
        p::pages({first}, options, move |b: &Self, page: &ResponseValue<{page}>| {{ {next} }})
    }}
}}

"#,
            items = items_of("page"),
        ),
        helper,
    ))
}

/// `header(name, value)` on every typed `Then` of the mocks (progenitor's have none), so a mock
/// can answer with `Link` or `X-Total-Count`: one `impl` per `struct XThen(::httpmock::Then)` of
/// the mock code's `operations` module.
pub fn mock_headers(mock: &syn::File) -> String {
    let mut out = String::new();
    let structs = mock
        .items
        .iter()
        .find_map(|i| match i {
            syn::Item::Mod(m) if m.ident == "operations" => m.content.as_ref(),
            _ => None,
        })
        .into_iter()
        .flat_map(|(_, items)| items)
        .filter_map(|i| match i {
            syn::Item::Struct(s) => Some(s),
            _ => None,
        });
    for s in structs {
        let wraps_then = match &s.fields {
            syn::Fields::Unnamed(f) if f.unnamed.len() == 1 => f.unnamed.first().is_some_and(|f| {
                matches!(&f.ty, syn::Type::Path(p) if p.path.leading_colon.is_some()
                    && p.path.segments.iter().map(|s| s.ident.to_string()).eq(["httpmock", "Then"]))
            }),
            _ => false,
        };
        let name = s.ident.to_string();
        if name.ends_with("Then") && wraps_then {
            out.push_str(&format!(
                "impl operations::{name} {{\n\
                 /// Adds a header to the answer (`Link`, `X-Total-Count`, ...).\n\
                 pub fn header(self, name: &str, value: &str) -> Self {{ Self::new(self.into_inner().header(name, value)) }}\n\
                 }}\n"
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mock_headers;

    #[test]
    fn every_typed_then_of_the_mocks_gets_a_header_method() {
        let mock: syn::File = syn::parse_quote! {
            pub mod operations {
                pub struct ListThingsWhen(::httpmock::When);
                pub struct ListThingsThen(::httpmock::Then);
                pub struct GetThingThen(::httpmock::Then);
                pub struct OtherThen(u8);
            }
        };
        let code = mock_headers(&mock);
        assert_eq!(code.matches("pub fn header(").count(), 2, "{code}");
        assert!(
            code.contains("impl operations::ListThingsThen {")
                && code.contains("impl operations::GetThingThen {"),
            "{code}"
        );
    }
}
