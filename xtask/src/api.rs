//! A provider's public API as lines of text, read from its generated code, and what changed
//! between two versions of it, for review.
//!
//! One line per operation (method name, HTTP method and path, builder setters with their types,
//! `?` for optional, success and error type), one per public type and one per field. The
//! snapshot tests keep these in the repo (`xtask/tests/snapshots/api__<provider>.snap`), so a
//! spec change shows as a small diff; `cargo xtask generate` prints the same comparison.
//!
//! Which changes break callers is not judged here: `cargo-semver-checks` does that in CI
//! (`.ci/semver`) on the compiled crates, where Rust's own rules (`#[non_exhaustive]`, auto
//! traits, generics) are known. A hand-written classification of these lines got them wrong.

use crate::client_model::{ClientModel, Operation, Shape, TypeDef};
use quote::ToTokens;
use std::collections::BTreeMap;

/// The surface of one provider from its `client.rs` and `open_enums.rs`.
pub fn surface(client_rs: &str, open_enums_rs: &str) -> Result<String, String> {
    surface_with_paging(client_rs, open_enums_rs, "")
}

/// [`surface`] plus one line per paging method of `paging.rs` (`paged Builder.stream(): Item`),
/// so a spec's `x-userapi-pagination` shows in the API diff too.
pub fn surface_with_paging(
    client_rs: &str,
    open_enums_rs: &str,
    paging_rs: &str,
) -> Result<String, String> {
    let mut out = surface_lines(client_rs, open_enums_rs)?;
    if !paging_rs.is_empty() {
        let file: syn::File =
            syn::parse_str(paging_rs).map_err(|e| format!("paging.rs does not parse: {e}"))?;
        paging(&file.items, &mut out);
    }
    out.sort();
    Ok(out.join("\n") + "\n")
}

/// `paged Builder.method(): Item` for every `stream`/`pages` of `paging.rs`.
fn paging(items: &[syn::Item], lines: &mut Vec<String>) {
    for item in items {
        // The builders' own `.pages()` / `.stream()`, not the `Paged` impls behind them.
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(p) = &*imp.self_ty else {
            continue;
        };
        let Some(builder) = p.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        for f in &imp.items {
            let syn::ImplItem::Fn(f) = f else { continue };
            let syn::ReturnType::Type(_, ret) = &f.sig.output else {
                continue;
            };
            // `p::Pages<'a, P, E>` / `p::Items<'a, I, E>`: what the stream yields, as text.
            let item = match &**ret {
                syn::Type::Path(p) => p.path.segments.last().and_then(|s| {
                    let syn::PathArguments::AngleBracketed(a) = &s.arguments else {
                        return None;
                    };
                    let tys: Vec<_> = a
                        .args
                        .iter()
                        .filter_map(|g| match g {
                            syn::GenericArgument::Type(t) => Some(ty(t)),
                            _ => None,
                        })
                        .collect();
                    match (s.ident.to_string().as_str(), tys.as_slice()) {
                        ("Pages", [page, error]) => {
                            Some(format!("Result<ResponseValue<{page}>, Error<{error}>>"))
                        }
                        ("Items", [item, error]) => Some(format!("Result<{item}, Error<{error}>>")),
                        _ => None,
                    }
                }),
                _ => None,
            };
            if let Some(item) = item {
                lines.push(format!("paged {builder}.{}(): {item}", f.sig.ident));
            }
        }
    }
}

fn surface_lines(client_rs: &str, open_enums_rs: &str) -> Result<Vec<String>, String> {
    let file: syn::File =
        syn::parse_str(client_rs).map_err(|e| format!("client.rs does not parse: {e}"))?;
    let model = ClientModel::read(&file);
    let mut lines = Vec::new();
    types(&model.types, &mut lines);
    operations(&model.operations, &mut lines);
    open_enums(open_enums_rs, &mut lines);
    Ok(lines)
}

/// A type as text, without the paths that add nothing for a reader.
fn ty(t: &impl ToTokens) -> String {
    let s = t.to_token_stream().to_string();
    let s = s
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" <", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& '", "&'")
        .replace("' a ", "'a ")
        .replace(",>", ">");
    let s = s
        .strip_prefix("::")
        .unwrap_or(&s)
        .replace("<::", "<")
        .replace(",::", ", ")
        .replace(", ::", ", ");
    [
        "std::string::",
        "std::vec::",
        "std::option::",
        "std::collections::",
        "std::num::",
        "std::result::",
        "userapi_runtime::",
        "crate::generated::open_enums::",
        "types::builder::",
        "types::",
        "super::",
    ]
    .iter()
    .fold(s, |acc, p| acc.replace(p, ""))
}

fn is_pub(v: &syn::Visibility) -> bool {
    matches!(v, syn::Visibility::Public(_))
}

fn types(types: &[TypeDef], lines: &mut Vec<String>) {
    for t in types.iter().filter(|t| t.public) {
        let name = &t.name;
        match &t.shape {
            Shape::Struct(syn::Fields::Named(fields)) => {
                lines.push(format!("type {name}: struct"));
                for f in fields.named.iter().filter(|f| is_pub(&f.vis)) {
                    let fname = f
                        .ident
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default();
                    let t = ty(&f.ty);
                    match t.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) {
                        Some(inner) => lines.push(format!("field {name}.{fname}?: {inner}")),
                        None => lines.push(format!("field {name}.{fname}: {t}")),
                    }
                }
            }
            Shape::Struct(syn::Fields::Unnamed(fields)) => {
                let inner: Vec<String> = fields.unnamed.iter().map(|f| ty(&f.ty)).collect();
                lines.push(format!("type {name}: newtype({})", inner.join(", ")));
            }
            Shape::Struct(syn::Fields::Unit) => lines.push(format!("type {name}: unit")),
            Shape::Enum(variants) => {
                let variants: Vec<String> = variants
                    .iter()
                    .map(|v| match &v.fields {
                        syn::Fields::Unnamed(f) => {
                            let inner: Vec<String> = f.unnamed.iter().map(|f| ty(&f.ty)).collect();
                            format!("{}({})", v.ident, inner.join(", "))
                        }
                        syn::Fields::Named(f) => {
                            let inner: Vec<String> = f
                                .named
                                .iter()
                                .map(|f| {
                                    format!(
                                        "{}: {}",
                                        f.ident
                                            .as_ref()
                                            .map(ToString::to_string)
                                            .unwrap_or_default(),
                                        ty(&f.ty)
                                    )
                                })
                                .collect();
                            format!("{} {{ {} }}", v.ident, inner.join(", "))
                        }
                        syn::Fields::Unit => v.ident.to_string(),
                    })
                    .collect();
                lines.push(format!("type {name}: enum {}", variants.join(" | ")));
            }
            Shape::Alias(alias) => lines.push(format!("type {name}: alias {}", ty(alias))),
        }
    }
}

/// `op method: VERB /path (setters) -> Success | Error` for every operation with a `send`.
fn operations(operations: &[Operation], lines: &mut Vec<String>) {
    for op in operations {
        let Some(send) = &op.send else { continue };
        let (verb, path) = send
            .http
            .as_ref()
            .map(|h| (h.method.as_str(), h.path.as_str()))
            .unwrap_or_default();
        let setters: Vec<String> = op
            .fields
            .iter()
            .map(|f| {
                let name = &f.name;
                // An `Option` the builder starts as unset must still be set.
                if f.optional && !f.starts_unset {
                    format!("{name}?: {}", ty(&f.value))
                } else {
                    format!("{name}: {}", ty(&f.stored))
                }
            })
            .collect();
        lines.push(format!(
            "op {}: {verb} {path} ({}) -> {} | {}",
            op.method,
            setters.join(", "),
            ty(&send.success),
            ty(&send.error)
        ));
    }
}

fn open_enums(text: &str, lines: &mut Vec<String>) {
    let mut current: Option<(String, Vec<String>)> = None;
    for line in text.lines().map(str::trim) {
        if let Some(name) = line
            .strip_prefix("pub enum ")
            .and_then(|r| r.strip_suffix(" {"))
        {
            current = Some((name.to_string(), Vec::new()));
        } else if let Some((_, values)) = current.as_mut()
            && let Some((_, value)) = line.split_once(" = ")
        {
            values.push(value.trim_end_matches(',').to_string());
        } else if line == "}"
            && let Some((name, values)) = current.take()
        {
            lines.push(format!("type {name}: open enum {}", values.join(" | ")));
        }
    }
}

/// One change between two surfaces: `added: ..`, `removed: ..` or `changed: ..` / `to: ..`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub text: String,
}

/// The changes from `old` to `new` (both from [`surface`]), removed and changed lines first.
pub fn diff(old: &str, new: &str) -> Vec<Change> {
    let index = |s: &str| -> BTreeMap<String, String> {
        s.lines()
            .filter_map(|l| {
                let (head, _) = l.split_once(": ")?;
                let key = head.trim_end_matches('?').to_string();
                Some((key, l.to_string()))
            })
            .collect()
    };
    let (before, after) = (index(old), index(new));
    let mut out = Vec::new();
    for (key, line) in &before {
        match after.get(key) {
            None => out.push(Change {
                text: format!("removed: {line}"),
            }),
            Some(now) if now != line => out.push(Change {
                text: format!("changed: {line}\n      to: {now}"),
            }),
            Some(_) => {}
        }
    }
    for (key, line) in &after {
        if !before.contains_key(key) {
            out.push(Change {
                text: format!("added: {line}"),
            });
        }
    }
    out.sort_by_key(|c| (c.text.starts_with("added: "), c.text.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::{diff, surface};

    #[test]
    fn both_shapes_of_send_give_the_same_operation_line() {
        let client = |send: &str| {
            format!(
                "impl Client {{ pub fn get_user(&self) -> builder::GetUser<'_> {{ builder::GetUser::new(self) }} }}
                pub mod builder {{
                    /// Builder for [`Client::get_user`]
                    pub struct GetUser<'a> {{
                        client: &'a super::Client,
                        id: Result<::std::string::String, String>,
                        fields: Result<Option<::std::vec::Vec<::std::string::String>>, String>,
                    }}
                    impl<'a> GetUser<'a> {{
                        pub fn new(client: &'a super::Client) -> Self {{
                            Self {{ client, id: Err(\"id was not initialized\".to_string()), fields: Ok(None) }}
                        }}
                        ///Sends a `GET` request to `/users/{{id}}`
                        {send} {{ todo!() }}
                    }}
                }}"
            )
        };
        let line =
            "op get_user: GET /users/{id} (id: String, fields?: Vec<String>) -> User | Oops\n";
        for send in [
            "pub async fn send(self) -> ::std::result::Result<ResponseValue<types::User>, ::userapi_runtime::Error<types::Oops>>",
            "pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<ResponseValue<types::User>, ::userapi_runtime::Error<types::Oops>>> + 'a",
        ] {
            assert_eq!(surface(&client(send), "").as_deref(), Ok(line), "{send}");
        }
    }

    #[test]
    fn changes_are_listed_removed_and_changed_first() {
        let old = "op a: GET /a (id: String, q?: u64) -> X | E\nop gone: GET /g () -> () | E\nfield X.f?: String\ntype X: struct\n";
        let new = "op a: GET /a (id: String, q: u64, r?: bool) -> X | E\nop b: GET /b () -> () | E\nfield X.f?: String\nfield X.g?: i64\ntype X: struct\n";
        let d = diff(old, new);
        let text: Vec<&str> = d.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            text,
            vec![
                "changed: op a: GET /a (id: String, q?: u64) -> X | E\n      to: op a: GET /a (id: String, q: u64, r?: bool) -> X | E",
                "removed: op gone: GET /g () -> () | E",
                "added: field X.g?: i64",
                "added: op b: GET /b () -> () | E",
            ]
        );
        assert!(diff(new, new).is_empty());
    }
}
