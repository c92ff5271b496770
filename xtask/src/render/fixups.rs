//! Changes to progenitor's client code, so that caller input is checked by the runtime, every
//! call takes the runtime's one path, and a call costs no more than a hand-written one:
//!
//! - each `encode_path(&x.to_string())` inside the URL's `format!` becomes
//!   `::userapi_runtime::__private::path_segment("x", &x)?` (no `.to_string()` copy of a `String`
//!   parameter; the error names the parameter), and progenitor's `encode_path` import goes:
//!   progenitor's leaves `\` unencoded, and the URL parser turns it into `/`, so `..\..\x` would
//!   reach another resource, and it lets `""`, `.` and `..` through, which the URL parser folds
//!   into another path.
//! - a header parameter's `value.to_string().try_into()?` becomes
//!   `::userapi_runtime::__private::header_value(header, ..)?`: progenitor's refuses CR, LF and NUL with a
//!   message naming no header, and lets raw UTF-8 through.
//! - each builder's `send` is split into `request` and `decode`, with the runtime's call
//!   between them (`call_path.rs`): no hooks, no side channel, errors as data.
//! - progenitor's `api-version` header (none of our APIs wants it) is not built at all: the
//!   `header_map.append(.."api-version"..)` statement goes, the map's capacity shrinks by one,
//!   and a map left empty goes with its `.headers(header_map)`.
//! - each `.query(&progenitor_client::QueryParam::new(name, &value))` becomes
//!   `::userapi_runtime::__private::query(builder, name, &value)` (nothing to do for an unset parameter).
//! - `ProviderError<E = X>` is added: the provider crate's `Error`, reading alone when every
//!   operation has the same error body `X`.
//!
//! All work on the syntax tree, so a change in progenitor's formatting cannot slip past them;
//! what they need to know about a builder (its operation, its `String` fields, what `send`
//! answers with) they read from the [`ClientModel`]. `apply` reports how many places it changed
//! so the caller can insist on finding them.

use crate::client_model::ClientModel;
use syn::parse::Parser as _;
use syn::punctuated::Punctuated;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprLit, ImplItem, Item, Lit, Token, UseTree, parse_quote};

/// How many places each fix changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Modules whose `encode_path` import from `progenitor_client` went.
    pub path_encodings: usize,
    /// Path parameters now checked and encoded by `userapi_runtime::__private::path_segment`.
    pub path_segments: usize,
    pub header_values: usize,
    /// Builders with an operation's `send`.
    pub operations: usize,
    /// Builders whose call now goes through `userapi_runtime::Call`.
    pub sends: usize,
    /// `api-version` headers no longer built.
    pub api_versions: usize,
    /// Status arms now decoding through `userapi_runtime::__private::Answer`.
    pub decodes: usize,
    /// Refusals (`.map_err(Error::InvalidRequest)`) now naming their parameter or the body.
    pub refusals: usize,
    /// Changes to the `Client` itself (`client_struct.rs`; 5 when progenitor's shape holds).
    pub client_struct: usize,
    /// Builders' uses of `client.client`, now refused when the client could not be built.
    pub client_uses: usize,
    /// Query parameters now added by `userapi_runtime::__private::query`.
    pub queries: usize,
}

/// Applies the fixes to the client code of `provider`, `model` read from it.
pub fn apply(file: &mut syn::File, provider: &str, model: &ClientModel) -> Applied {
    let _ = provider;
    let mut v = Fixups {
        builder: None,
        model,
        call_impls: Vec::new(),
        errors: Vec::new(),
        applied: Applied::default(),
    };
    v.visit_file_mut(file);
    if !v.errors.is_empty() {
        file.items.push(super::call_path::provider_error(&v.errors));
    }
    let client = super::client_struct::apply(file);
    v.applied.client_struct = client.structure;
    v.applied.client_uses = client.uses;
    v.applied
}

/// Removes progenitor's `encode_path` from every module's `progenitor_client` import, and from
/// the builder module's `use super::{..}` of it (the calls become `path_segment`'s).
fn drop_encode_path(items: &mut [Item]) -> usize {
    let mut swapped = 0;
    let mut at = 0;
    while at < items.len() {
        if let Some(Item::Use(u)) = items.get_mut(at)
            && let UseTree::Path(p) = &mut u.tree
            && (p.ident == "progenitor_client" || p.ident == "super")
            && let UseTree::Group(g) = &mut *p.tree
        {
            let before = g.items.len();
            g.items = std::mem::take(&mut g.items)
                .into_iter()
                .filter(|t| !matches!(t, UseTree::Name(n) if n.ident == "encode_path"))
                .collect();
            if g.items.len() < before && p.ident == "progenitor_client" {
                swapped += 1;
            }
        }
        at += 1;
    }
    swapped
}

struct Fixups<'a> {
    /// The builder whose `impl` is being visited.
    builder: Option<String>,
    model: &'a ClientModel,
    /// `Call` impls made for the builders of the module being visited.
    call_impls: Vec<Item>,
    /// The error body type of every operation.
    errors: Vec<syn::Type>,
    applied: Applied,
}

impl VisitMut for Fixups<'_> {
    fn visit_file_mut(&mut self, f: &mut syn::File) {
        self.applied.path_encodings += drop_encode_path(&mut f.items);
        visit_mut::visit_file_mut(self, f);
    }

    fn visit_item_impl_mut(&mut self, i: &mut syn::ItemImpl) {
        let model = self.model;
        let op = crate::client_model::self_type_name(&i.self_ty).and_then(|b| model.by_builder(&b));
        let outer = std::mem::replace(&mut self.builder, op.map(|o| o.builder.clone()));
        visit_mut::visit_item_impl_mut(self, i);
        self.builder = outer;
        let Some(at) = i.items.iter().position(|item| {
            matches!(item, ImplItem::Fn(f) if f.sig.ident == "send" && f.sig.asyncness.is_some())
        }) else {
            return;
        };
        // An id that makes no constant name leaves `send` as it is, and `ClientCode::print` fails
        // on the count.
        let Some(entry) = op
            .and_then(|o| o.operation_id.as_ref())
            .and_then(|operation| {
                syn::parse_str::<syn::Ident>(&super::operations::const_name(operation)).ok()
            })
        else {
            return;
        };
        let Some((success, err)) = op
            .and_then(|o| o.send.as_ref())
            .map(|s| (s.success.clone(), s.error.clone()))
        else {
            return;
        };
        self.applied.operations += 1;
        let Some(split) = super::call_path::split(i, at, &entry, &success, &err) else {
            return;
        };
        self.applied.sends += 1;
        self.applied.decodes += split.arms;
        self.applied.refusals += split.refusals;
        self.call_impls.push(split.call_impl);
        self.errors.push(err);
    }

    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut m.content {
            self.applied.path_encodings += drop_encode_path(items);
        }
        let outer = std::mem::take(&mut self.call_impls);
        visit_mut::visit_item_mod_mut(self, m);
        let made = std::mem::replace(&mut self.call_impls, outer);
        if let Some((_, items)) = &mut m.content {
            items.extend(made);
        }
    }

    fn visit_block_mut(&mut self, b: &mut syn::Block) {
        visit_mut::visit_block_mut(self, b);
        if drop_api_version(b) {
            self.applied.api_versions += 1;
        }
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        visit_mut::visit_expr_mut(self, e);
        if let Some(replacement) = runtime_query(e) {
            self.applied.queries += 1;
            *e = replacement;
            return;
        }
        match e {
            Expr::Macro(m) if m.mac.path.is_ident("format") => {
                self.applied.path_segments += self.path_segments(&mut m.mac);
            }
            Expr::MethodCall(m) if m.method == "append" && m.args.len() == 2 => {
                let (Some(Expr::Lit(name)), Some(value)) = (m.args.first(), m.args.get(1)) else {
                    return;
                };
                let Some(inner) = header_conversion(value) else {
                    return;
                };
                let name: ExprLit = name.clone();
                let replacement: Expr = parse_quote!(::userapi_runtime::__private::header_value(#name, &#inner.to_string())?);
                if let Some(slot) = m.args.iter_mut().nth(1) {
                    *slot = replacement;
                    self.applied.header_values += 1;
                }
            }
            _ => {}
        }
    }
}

impl Fixups<'_> {
    /// Rewrites the `encode_path(&x.to_string())` arguments of a `format!` (see the module
    /// docs); how many. syn leaves a macro's tokens unparsed: they are parsed as the
    /// comma-separated expressions `format!` takes, and printed back.
    fn path_segments(&self, mac: &mut syn::Macro) -> usize {
        let Ok(mut args) =
            Punctuated::<Expr, Token![,]>::parse_terminated.parse2(mac.tokens.clone())
        else {
            return 0;
        };
        let mut changed = 0;
        for arg in args.iter_mut() {
            let Some(name) = encoded_parameter(arg) else {
                continue;
            };
            let ident = syn::Ident::new(&name, proc_macro2::Span::call_site());
            let holds_string = self
                .builder
                .as_ref()
                .and_then(|b| self.model.by_builder(b))
                .and_then(|op| op.field(&name))
                .is_some_and(|f| f.holds_string);
            let value: Expr = if holds_string {
                parse_quote!(&#ident)
            } else {
                parse_quote!(&#ident.to_string())
            };
            *arg = parse_quote!(::userapi_runtime::__private::path_segment(#name, #value)?);
            changed += 1;
        }
        if changed > 0 {
            mac.tokens = quote::ToTokens::to_token_stream(&args);
        }
        changed
    }
}

/// The names of a path's segments (`["ResponseValue", "empty"]`).
pub(super) fn segment_names(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

/// `encode_path(&x.to_string())` → `x`.
fn encoded_parameter(e: &Expr) -> Option<String> {
    let Expr::Call(call) = e else { return None };
    let Expr::Path(f) = &*call.func else {
        return None;
    };
    if !f.path.is_ident("encode_path") || call.args.len() != 1 {
        return None;
    }
    let Some(Expr::Reference(r)) = call.args.first() else {
        return None;
    };
    let Expr::MethodCall(m) = &*r.expr else {
        return None;
    };
    let Expr::Path(x) = &*m.receiver else {
        return None;
    };
    (m.method == "to_string" && m.args.is_empty())
        .then(|| x.path.get_ident().map(ToString::to_string))
        .flatten()
}

/// `B.query(&progenitor_client::QueryParam::new(N, V))` → `::userapi_runtime::__private::query(B, N, V)`.
fn runtime_query(e: &Expr) -> Option<Expr> {
    let Expr::MethodCall(m) = e else { return None };
    if m.method != "query" || m.args.len() != 1 {
        return None;
    }
    let Some(Expr::Reference(r)) = m.args.first() else {
        return None;
    };
    let Expr::Call(new) = &*r.expr else {
        return None;
    };
    let Expr::Path(p) = &*new.func else {
        return None;
    };
    let names = segment_names(&p.path);
    if !names.ends_with(&["QueryParam".to_string(), "new".to_string()]) || new.args.len() != 2 {
        return None;
    }
    let builder = &m.receiver;
    let (name, value) = (&new.args[0], &new.args[1]);
    Some(parse_quote!(::userapi_runtime::__private::query(#builder, #name, #value)))
}

/// Whether `s` is `header_map.append(::reqwest::header::HeaderName::from_static("api-version"), ..);`.
fn is_api_version_append(s: &syn::Stmt) -> bool {
    let syn::Stmt::Expr(Expr::MethodCall(m), Some(_)) = s else {
        return false;
    };
    if m.method != "append" {
        return false;
    }
    let Some(Expr::Call(name)) = m.args.first() else {
        return false;
    };
    matches!(name.args.first(), Some(Expr::Lit(ExprLit { lit: Lit::Str(s), .. })) if s.value() == "api-version")
}

/// Removes progenitor's `api-version` header from a builder's body (see the module docs);
/// whether there was one.
fn drop_api_version(b: &mut syn::Block) -> bool {
    let before = b.stmts.len();
    b.stmts.retain(|s| !is_api_version_append(s));
    if b.stmts.len() == before {
        return false;
    }
    // `let mut header_map = ::reqwest::header::HeaderMap::with_capacity(Nusize);`
    let declared = b.stmts.iter().position(|s| {
        matches!(s, syn::Stmt::Local(l) if matches!(&l.pat, syn::Pat::Ident(i) if i.ident == "header_map"))
    });
    let Some(declared) = declared else {
        return true;
    };
    let uses: usize = b
        .stmts
        .iter()
        .map(|s| {
            quote::ToTokens::to_token_stream(s)
                .to_string()
                .matches("header_map")
                .count()
        })
        .sum();
    if let Some(syn::Stmt::Local(l)) = b.stmts.get_mut(declared)
        && let Some(init) = &mut l.init
        && let Expr::Call(c) = &mut *init.expr
        && let Some(Expr::Lit(ExprLit {
            lit: Lit::Int(n), ..
        })) = c.args.first_mut()
        && let Ok(capacity) = n.base10_parse::<usize>()
    {
        let fewer = capacity.saturating_sub(1);
        *n = syn::LitInt::new(&format!("{fewer}usize"), n.span());
        // Declared and handed to `.headers(..)`, nothing else: the map goes.
        if fewer == 0 && uses == 2 {
            b.stmts.remove(declared);
            DropHeaders.visit_block_mut(b);
        }
    }
    true
}

/// `B.headers(header_map)` → `B`.
struct DropHeaders;

impl VisitMut for DropHeaders {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        visit_mut::visit_expr_mut(self, e);
        if let Expr::MethodCall(m) = e
            && m.method == "headers"
            && matches!(m.args.first(), Some(Expr::Path(p)) if p.path.is_ident("header_map"))
        {
            *e = (*m.receiver).clone();
        }
    }
}

/// `X.to_string().try_into()?` → `X`.
fn header_conversion(e: &Expr) -> Option<Expr> {
    let Expr::Try(t) = e else { return None };
    let Expr::MethodCall(try_into) = &*t.expr else {
        return None;
    };
    let Expr::MethodCall(to_string) = &*try_into.receiver else {
        return None;
    };
    (try_into.method == "try_into" && to_string.method == "to_string")
        .then(|| (*to_string.receiver).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fix_applies_where_progenitor_puts_it() {
        let mut file: syn::File = parse_quote! {
            use progenitor_client::{encode_path, ClientHooks, Error};
            impl Client {
                pub fn get_thing(&self) -> builder::GetThing<'_> {
                    builder::GetThing::new(self)
                }
            }
            pub mod builder {
                use super::{encode_path, Error};
                pub struct GetThing<'a> {
                    client: &'a super::Client,
                    id: Result<::std::string::String, String>,
                    n: Result<u64, String>,
                }
                impl<'a> GetThing<'a> {
                    ///Sends a `GET` request
                    pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<types::Oops>> {
                        let Self { client, id, n, trace } = self;
                        let id = id.map_err(Error::InvalidRequest)?;
                        let url = format!(
                            "{}/things/{}/{}", base, encode_path(&id.to_string()), encode_path(&n.to_string()),
                        );
                        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                        header_map.append(
                            ::reqwest::header::HeaderName::from_static("api-version"),
                            ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                        );
                        if let Some(value) = trace {
                            header_map.append("X-Trace", value.to_string().try_into()?);
                        }
                        let request = client
                            .client
                            .get(url)
                            .query(&progenitor_client::QueryParam::new("q", &q))
                            .headers(header_map)
                            .build()?;
                        let info = OperationInfo { operation_id: "get_thing" };
                        client.pre(&mut request, &info).await?;
                        let result = client.exec(request, &info).await;
                        client.post(&result, &info).await?;
                        let response = result?;
                        match response.status().as_u16() {
                            200u16 => ResponseValue::from_response(response).await,
                            204u16 => Ok(ResponseValue::empty(response)),
                            404u16 => Err(Error::ErrorResponse(ResponseValue::from_response(response).await?)),
                            500u16 => { Err(Error::ErrorResponse(ResponseValue::empty(response))) }
                            _ => Err(Error::UnexpectedResponse(response)),
                        }
                    }
                }
            }
        };
        let model = ClientModel::read(&file);
        let applied = apply(&mut file, "acme", &model);
        assert_eq!(
            applied,
            Applied {
                path_encodings: 1,
                path_segments: 2,
                header_values: 1,
                operations: 1,
                sends: 1,
                api_versions: 1,
                decodes: 5,
                refusals: 1,
                queries: 1,
                client_struct: 0,
                client_uses: 1,
            }
        );
        let printed = prettyplease::unparse(&file);
        assert!(
            printed.contains("use progenitor_client::{ClientHooks, Error};"),
            "{printed}"
        );
        let call = printed.split_whitespace().collect::<String>();
        let has = |text: &str| assert!(call.contains(text), "{text}\n{printed}");
        has(r#"letid=id.as_ref().map_err(::userapi_runtime::Invalid::parameter("id"))?;"#);
        // A `String` parameter is checked as it is; another type through its text.
        has(
            r#"base,::userapi_runtime::__private::path_segment("id",&id)?,::userapi_runtime::__private::path_segment("n",&n.to_string())?,"#,
        );
        assert!(!printed.contains("encode_path"), "{printed}");
        assert!(!printed.contains("api-version"), "{printed}");
        // The header parameter still needs the map, one entry smaller.
        has("HeaderMap::with_capacity(1usize)");
        has(r#"::userapi_runtime::__private::header_value("X-Trace",&value.to_string(),)?"#);
        has(
            r#"letrequest=::userapi_runtime::__private::query(client.client.as_ref().map_err(::std::clone::Clone::clone)?.get(url),"q",&q,).headers(header_map).build()?;Ok(request)}"#,
        );
        has(
            "fnrequest(&self,)->::std::result::Result<::reqwest::Request,::userapi_runtime::Invalid>",
        );
        has(
            "matchanswer.status().as_u16(){200u16=>answer.json(),204u16=>answer.empty(),404u16=>answer.service(),500u16=>answer.service_empty(),_=>answer.unexpected(),}",
        );
        has(
            "///Sendsa`GET`requestpubfnsend(self,)->impl::std::future::Future<Output=::std::result::Result<ResponseValue<types::Thing>,::userapi_runtime::Error<types::Oops>,>,>+::std::marker::Send+'a{::userapi_runtime::Call::prepare(self).send()}",
        );
        has("pubfncustomize(self)->::userapi_runtime::Customize<Self>");
        has(
            "impl<'a>::userapi_runtime::Call<'a>forGetThing<'a>{typeValue=types::Thing;typeError=types::Oops;constOPERATION:&'static::userapi_runtime::Operation=&crate::generated::operations::OP_GET_THING;",
        );
        has("pubtypeProviderError<E=types::Oops>=::userapi_runtime::Error<E>;");
        assert!(!printed.contains("OperationInfo"), "{printed}");
        assert!(!printed.contains("ResponseValue::"), "{printed}");
    }

    #[test]
    fn a_status_arm_of_another_shape_leaves_send_as_it_was() {
        let mut file: syn::File = parse_quote! {
            impl Client {
                pub fn get_thing(&self) -> builder::GetThing<'_> {
                    builder::GetThing::new(self)
                }
            }
            pub mod builder {
                pub struct GetThing<'a> {
                    client: &'a super::Client,
                }
                impl<'a> GetThing<'a> {
                    pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
                        let request = client.client.get(url).build()?;
                        let info = OperationInfo { operation_id: "get_thing" };
                        let response = result?;
                        match response.status().as_u16() {
                            200u16 => Ok(ResponseValue::stream(response)),
                            _ => Err(Error::UnexpectedResponse(response)),
                        }
                    }
                }
            }
        };
        let model = ClientModel::read(&file);
        let applied = apply(&mut file, "acme", &model);
        assert_eq!((applied.operations, applied.sends), (1, 0));
        assert!(prettyplease::unparse(&file).contains("ResponseValue::stream"));
    }
}
