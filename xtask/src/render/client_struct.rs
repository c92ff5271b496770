//! The generated `Client` holds the `reqwest::Client` it could build, or why it could not:
//! progenitor's `Client::new` unwraps the build (a panic), and a stand-in such as
//! `reqwest::Client::new()` panics on the same failure or silently drops the configured limits.
//!
//! - the `client` field becomes `Result<reqwest::Client, userapi_runtime::Invalid>`;
//! - `Client::new(baseurl, inner)` becomes the runtime's `Client::with_runtime` (which checks the
//!   base URL and builds the `reqwest::Client` without unwrapping), `new_with_client` stores
//!   `Ok(client)`;
//! - progenitor's `ClientInfo` impl (whose `client()` must hand out a `reqwest::Client`) and its
//!   `ClientHooks` assertion go: the generated calls take the runtime's path, not the hooks;
//! - in the builders, `client.client` becomes `client.client.as_ref().map_err(Clone::clone)?`:
//!   a call of a client that could not be built is refused with the cause.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItem, Item, parse_quote};

/// How many places changed: the field, `new`, `new_with_client`, the `ClientInfo` impl, the
/// hooks assertion, and each `client.client` in a builder.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub structure: usize,
    pub uses: usize,
}

/// Applies the changes to the top level of the client code.
pub fn apply(file: &mut syn::File) -> Changed {
    let mut changed = Changed::default();
    file.items.retain(|item| {
        let dropped = is_client_info(item) || is_hooks_assertion(item);
        changed.structure += usize::from(dropped);
        !dropped
    });
    for item in &mut file.items {
        match item {
            Item::Struct(s) if s.ident == "Client" => {
                for field in &mut s.fields {
                    if field.ident.as_ref().is_some_and(|i| i == "client") {
                        field.ty = parse_quote!(
                            ::std::result::Result<reqwest::Client, ::userapi_runtime::Invalid>
                        );
                        changed.structure += 1;
                    }
                }
            }
            Item::Impl(i) if i.trait_.is_none() && is_client(&i.self_ty) => {
                for f in &mut i.items {
                    let ImplItem::Fn(f) = f else { continue };
                    if f.sig.ident == "new" {
                        f.block = parse_quote!({ Self::with_runtime(baseurl, inner) });
                        changed.structure += 1;
                    } else if f.sig.ident == "new_with_client" {
                        f.block = parse_quote!({
                            Self {
                                baseurl: baseurl.to_string(),
                                client: Ok(client),
                                inner,
                            }
                        });
                        changed.structure += 1;
                    }
                }
            }
            Item::Mod(m) if m.ident == "builder" => {
                let mut uses = ClientUses(0);
                uses.visit_item_mod_mut(m);
                changed.uses += uses.0;
            }
            _ => {}
        }
    }
    changed
}

fn is_client(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(p) if p.path.is_ident("Client"))
}

/// `impl ClientInfo<..> for Client`.
fn is_client_info(item: &Item) -> bool {
    let Item::Impl(i) = item else { return false };
    let Some((path, _)) = &i.trait_ else {
        return false;
    };
    let path: &syn::Path = path;
    is_client(&i.self_ty)
        && path
            .segments
            .last()
            .is_some_and(|s| s.ident == "ClientInfo")
}

/// `const _: () = { fn assert_client_hooks() where Client: ClientHooks<..> {} };`.
fn is_hooks_assertion(item: &Item) -> bool {
    matches!(item, Item::Const(c) if quote::ToTokens::to_token_stream(&c.expr)
        .to_string()
        .contains("assert_client_hooks"))
}

/// `client.client` → `client.client.as_ref().map_err(Clone::clone)?` in a builder's request.
struct ClientUses(usize);

impl VisitMut for ClientUses {
    fn visit_item_impl_mut(&mut self, i: &mut syn::ItemImpl) {
        // The `Call` impls hand the runtime the client as it is.
        if i.trait_.is_none() {
            visit_mut::visit_item_impl_mut(self, i);
        }
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        visit_mut::visit_expr_mut(self, e);
        if let Expr::Field(f) = e
            && matches!(&f.member, syn::Member::Named(n) if n == "client")
            && matches!(&*f.base, Expr::Path(p) if p.path.is_ident("client"))
        {
            *e = parse_quote!(client.client.as_ref().map_err(::std::clone::Clone::clone)?);
            self.0 += 1;
        }
    }
}
