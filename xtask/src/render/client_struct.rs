//! The generated `Client` holds the `reqwest::Client` it could build, or why it could not:
//! progenitor's `Client::new` unwraps the build (a panic), and a stand-in such as
//! `reqwest::Client::new()` panics on the same failure or silently drops the configured limits.
//!
//! - the `client` field becomes `Result<reqwest::Client, userapi_runtime::Invalid>`;
//! - progenitor's constructors go: `Client::new(baseurl, inner)` unwraps the build, and
//!   `new_with_client` takes a finished `reqwest::Client` and skips the base URL check and the
//!   runtime's redirect and time-limit settings. The provider crates' constructors
//!   (`with_runtime`, `with_http_client`, ...) are the only ones, so none can be bypassed and
//!   their signatures are ours to keep;
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
                i.items.retain(|f| {
                    let constructor = matches!(f, ImplItem::Fn(f)
                        if f.sig.ident == "new" || f.sig.ident == "new_with_client");
                    changed.structure += usize::from(constructor);
                    !constructor
                });
            }
            Item::Mod(m) if m.ident == "builder" => {
                let mut uses = ClientUses(0);
                uses.visit_item_mod_mut(m);
                changed.uses += uses.0;
            }
            _ => {}
        }
    }
    // The `impl Client` that held only the constructors.
    file.items.retain(|item| {
        !matches!(item, Item::Impl(i)
            if i.trait_.is_none() && is_client(&i.self_ty) && i.items.is_empty())
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progenitors_constructors_go_and_the_client_holds_its_build_result() {
        let mut file: syn::File = parse_quote! {
            pub struct Client {
                pub(crate) baseurl: String,
                pub(crate) client: reqwest::Client,
                pub(crate) inner: userapi_runtime::Runtime,
            }
            impl Client {
                pub fn new(baseurl: &str, inner: userapi_runtime::Runtime) -> Self {
                    let client = reqwest::ClientBuilder::new().build().unwrap();
                    Self::new_with_client(baseurl, client, inner)
                }
                pub fn new_with_client(
                    baseurl: &str,
                    client: reqwest::Client,
                    inner: userapi_runtime::Runtime,
                ) -> Self {
                    Self { baseurl: baseurl.to_string(), client, inner }
                }
            }
            impl ClientInfo<userapi_runtime::Runtime> for Client {}
            const _: () = {
                fn assert_client_hooks() where Client: ClientHooks<userapi_runtime::Runtime> {}
            };
            impl Client {
                pub fn get_thing(&self) -> builder::GetThing<'_> {
                    builder::GetThing::new(self)
                }
            }
        };
        let changed = apply(&mut file);
        assert_eq!(changed.structure, 5);
        let printed = prettyplease::unparse(&file);
        for gone in [
            "fn new(",
            "fn new_with_client",
            "ClientInfo",
            "assert_client_hooks",
        ] {
            assert!(!printed.contains(gone), "{gone}:\n{printed}");
        }
        // Only the impl with the operation is left.
        assert_eq!(printed.matches("impl Client {").count(), 1, "{printed}");
        assert!(printed.contains("fn get_thing"), "{printed}");
    }
}
