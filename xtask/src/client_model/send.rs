//! A builder's `send`: what it answers with, and the operation it sends.
//!
//! Two shapes are read alike: `async fn send(self) -> Result<ResponseValue<T>, Error<E>>`
//! (progenitor's, and ours with `::userapi_runtime::Error<E>`) and
//! `fn send(self) -> impl Future<Output = Result<ResponseValue<T>, Error<E>>> + 'a`.

use super::{first_generic, type_args};
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ExprLit, GenericArgument, ImplItemFn, Lit, PathArguments, ReturnType, Type};

/// What an operation's `send` answers with.
#[derive(Clone)]
#[non_exhaustive]
pub struct Send {
    /// `T` of `ResponseValue<T>`.
    pub success: Type,
    /// `E` of `Error<E>` (progenitor's error or the runtime's: both carry the same `E`).
    pub error: Type,
    /// From its doc (`Sends a `GET` request to `/users``).
    pub http: Option<Http>,
}

/// The HTTP method and path template of an operation, as its `send` documents them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Http {
    /// As written in the doc: `GET`.
    pub method: String,
    pub path: String,
}

impl Send {
    /// Reads a `send` method; `None` when its return type has neither shape.
    pub fn read(f: &ImplItemFn) -> Option<Self> {
        let (success, error) = result_types(&f.sig.output)?;
        Some(Self {
            success,
            error,
            http: http(&f.attrs),
        })
    }
}

/// `(T, E)` of a `send` returning `Result<ResponseValue<T>, Error<E>>`, directly or as the
/// `Output` of an `impl Future`.
fn result_types(output: &ReturnType) -> Option<(Type, Type)> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let result = future_output(ty).unwrap_or(ty);
    let Type::Path(p) = result else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let mut args = type_args(last);
    let (ok, err) = (args.next()?, args.next()?);
    let success = first_generic(ok, "ResponseValue")?;
    let error = first_generic(err, "Error")?;
    Some((success.clone(), error.clone()))
}

/// `O` of `impl Future<Output = O> + ..`.
fn future_output(ty: &Type) -> Option<&Type> {
    let Type::ImplTrait(t) = ty else { return None };
    t.bounds.iter().find_map(|b| {
        let syn::TypeParamBound::Trait(bound) = b else {
            return None;
        };
        let last = bound.path.segments.last()?;
        if last.ident != "Future" {
            return None;
        }
        let PathArguments::AngleBracketed(a) = &last.arguments else {
            return None;
        };
        a.args.iter().find_map(|g| match g {
            GenericArgument::AssocType(at) if at.ident == "Output" => Some(&at.ty),
            _ => None,
        })
    })
}

/// `Sends a `GET` request to `/path`` in a doc comment.
fn http(attrs: &[syn::Attribute]) -> Option<Http> {
    let doc = attrs
        .iter()
        .filter_map(doc_text)
        .collect::<Vec<_>>()
        .join("\n");
    let rest = doc.split("Sends a `").nth(1)?;
    let mut parts = rest.split('`');
    let method = parts.next()?.to_string();
    let path = parts.nth(1)?.to_string();
    Some(Http { method, path })
}

/// The text of a `#[doc = ".."]` attribute.
pub(crate) fn doc_text(attr: &syn::Attribute) -> Option<String> {
    if !attr.path().is_ident("doc") {
        return None;
    }
    let syn::Meta::NameValue(nv) = &attr.meta else {
        return None;
    };
    match &nv.value {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// `operation_id: ".."` anywhere in a builder's `impl` (progenitor's `OperationInfo`).
pub(super) fn operation_id(block: &syn::ItemImpl) -> Option<String> {
    let mut finder = OperationId(None);
    // A read-only walk: syn's `visit` feature is off in the workspace, `visit-mut` is on.
    finder.visit_item_impl_mut(&mut block.clone());
    finder.0
}

struct OperationId(Option<String>);

impl VisitMut for OperationId {
    fn visit_field_value_mut(&mut self, fv: &mut syn::FieldValue) {
        if self.0.is_none()
            && let syn::Member::Named(name) = &fv.member
            && name == "operation_id"
            && let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &fv.expr
        {
            self.0 = Some(s.value());
        }
        visit_mut::visit_field_value_mut(self, fv);
    }
}

#[cfg(test)]
#[allow(clippy::panic)] // a test fails by panicking
mod tests {
    use super::*;
    use quote::ToTokens;

    fn read(f: ImplItemFn) -> (String, String) {
        let send = Send::read(&f).unwrap_or_else(|| panic!("not read: {}", f.to_token_stream()));
        (
            send.success.to_token_stream().to_string(),
            send.error.to_token_stream().to_string(),
        )
    }

    #[test]
    fn an_async_send_returning_a_result_is_read() {
        let f: ImplItemFn = syn::parse_quote! {
            ///Sends a `GET` request to `/users/{id}`
            pub async fn send(self) -> ::std::result::Result<ResponseValue<types::User>, ::userapi_runtime::Error<types::Oops>> {
                todo!()
            }
        };
        assert_eq!(
            read(f.clone()),
            ("types :: User".into(), "types :: Oops".into())
        );
        let http = Send::read(&f).and_then(|s| s.http);
        assert_eq!(
            http,
            Some(Http {
                method: "GET".into(),
                path: "/users/{id}".into()
            })
        );
        // progenitor's own form, before the fix-ups.
        let raw: ImplItemFn = syn::parse_quote! {
            pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> { todo!() }
        };
        assert_eq!(read(raw), ("()".into(), "()".into()));
    }

    #[test]
    fn a_send_returning_an_impl_future_is_read() {
        let f: ImplItemFn = syn::parse_quote! {
            pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<ResponseValue<types::Page>, ::userapi_runtime::Error<()>>> + 'a {
                todo!()
            }
        };
        assert_eq!(read(f), ("types :: Page".into(), "()".into()));
        let bare: ImplItemFn = syn::parse_quote! {
            pub fn send(self) -> impl Future<Output = Result<ResponseValue<ByteStream>, Error<types::E>>> + Send + 'a {
                todo!()
            }
        };
        assert_eq!(read(bare), ("ByteStream".into(), "types :: E".into()));
    }

    #[test]
    fn other_shapes_are_not_read() {
        for f in [
            syn::parse_quote! { pub async fn send(self) {} },
            syn::parse_quote! { pub async fn send(self) -> Option<ResponseValue<()>> { todo!() } },
            syn::parse_quote! { pub fn send(self) -> impl Iterator<Item = Result<ResponseValue<()>, Error<()>>> { todo!() } },
        ] {
            let f: ImplItemFn = f;
            assert!(Send::read(&f).is_none(), "{}", f.to_token_stream());
        }
    }
}
