//! Each builder's call goes through the runtime's one path: progenitor's `send` is split into
//! what builds the request and what decodes the answer, and the runtime runs the call between
//! them (`userapi_runtime::Call`).
//!
//! progenitor's `send` is: bind the builder's fields, check each (`.map_err(Error::InvalidRequest)?`),
//! build the URL and the request (`.build()?`), then `OperationInfo`, the `pre`/`exec`/`post`
//! hooks, and a `match` on the status whose arms decode the body. It becomes:
//!
//! - `fn request(&self) -> Result<reqwest::Request, userapi_runtime::Invalid>`: the statements
//!   before `OperationInfo`, each refusal naming its parameter (`Invalid::parameter("id")`) or the
//!   body (`Invalid::body`), the builder borrowed (`by_reference`) so that a retry or a redirect
//!   builds the request again;
//! - `fn decode(answer: userapi_runtime::__private::Answer) -> Result<ResponseValue<T>, userapi_runtime::Error<E>>`:
//!   progenitor's `match`, each arm one of `Answer`'s decodes (`json`, `empty`, `service`,
//!   `service_empty`, `unexpected`);
//! - `pub fn send(self) -> impl Future + Send + 'a`: `Call::prepare(self).send()` (no `async`
//!   layer around the runtime's future), and `pub fn customize(self)`;
//! - `impl userapi_runtime::Call<'a>` for the builder, naming the operation's table entry
//!   (`OP_<NAME>`), so the runtime never looks anything up by name.

use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItem, ImplItemFn, Item, ItemImpl, Stmt, Type, parse_quote};

/// What splitting one builder's `send` made.
pub struct Split {
    /// The new `Call` impl, to put beside the builder's own.
    pub call_impl: Item,
    /// The operation's error body type.
    pub error: Type,
    /// Decode arms rewritten.
    pub arms: usize,
    /// `.map_err(Error::InvalidRequest)` refusals now naming their input.
    pub refusals: usize,
}

/// Splits the `send` at `at` in `i` (see the module docs) for the operation whose table entry
/// is `entry`, which answers `value` or the error body `err`; `None` (and `i` untouched) when
/// `send` is not of progenitor's shape.
pub fn split(
    i: &mut ItemImpl,
    at: usize,
    entry: &syn::Ident,
    value: &Type,
    err: &Type,
) -> Option<Split> {
    let Some(ImplItem::Fn(send)) = i.items.get(at) else {
        return None;
    };
    let ok: Type = parse_quote!(ResponseValue<#value>);
    let (mut request_stmts, decode_match) = parts(send)?;
    let mut refusals = Refusals::default();
    for s in &mut request_stmts {
        refusals.visit_stmt_mut(s);
        by_reference(s);
    }
    let mut decode_match = decode_match;
    let Expr::Match(m) = &mut decode_match else {
        return None;
    };
    *m.expr = parse_quote!(answer.status().as_u16());
    let mut arms = 0;
    for arm in &mut m.arms {
        *arm.body = decode_arm(&arm.body)?;
        arms += 1;
    }
    let attrs = send.attrs.clone();
    let self_ty = i.self_ty.clone();
    let generics = i.generics.clone();
    let request: ImplItemFn = parse_quote! {
        fn request(&self) -> ::std::result::Result<::reqwest::Request, ::userapi_runtime::Invalid> {
            #(#request_stmts)*
            Ok(request)
        }
    };
    let decode: ImplItemFn = parse_quote! {
        fn decode(
            answer: ::userapi_runtime::__private::Answer,
        ) -> ::std::result::Result<#ok, ::userapi_runtime::Error<#err>> {
            #decode_match
        }
    };
    let new_send: ImplItemFn = parse_quote! {
        #(#attrs)*
        pub fn send(
            self,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<#ok, ::userapi_runtime::Error<#err>>,
        > + ::std::marker::Send + 'a {
            ::userapi_runtime::Call::prepare(self).send()
        }
    };
    let customize: ImplItemFn = parse_quote! {
        /// This call with settings of its own over the client's: `.header(..)`,
        /// `.timeout(..)`, `.attempt_timeout(..)`, `.retries(..)`, then `.send()` (see
        /// [`Customize`](::userapi_runtime::Customize)).
        pub fn customize(self) -> ::userapi_runtime::Customize<Self> {
            ::userapi_runtime::Customize::new(self)
        }
    };
    i.items.splice(
        at..=at,
        [request, decode, new_send, customize].map(ImplItem::Fn),
    );
    let call_impl: Item = parse_quote! {
        impl #generics ::userapi_runtime::Call<'a> for #self_ty {
            type Value = #value;
            type Error = #err;
            const OPERATION: &'static ::userapi_runtime::Operation =
                &crate::generated::operations::#entry;
            fn prepare(self) -> ::userapi_runtime::Prepared<'a, #value, #err> {
                let client = self.client;
                ::userapi_runtime::Prepared::new(
                    &client.inner,
                    client.client.as_ref().ok(),
                    Self::OPERATION,
                    ::std::boxed::Box::new(move || self.request()),
                    Self::decode,
                )
            }
        }
    };
    Some(Split {
        call_impl,
        error: err.clone(),
        arms,
        refusals: refusals.count,
    })
}

/// The statements that build the request (up to `let info = OperationInfo {..}`) and the final
/// `match` on the status.
fn parts(send: &ImplItemFn) -> Option<(Vec<Stmt>, Expr)> {
    let stmts = &send.block.stmts;
    let info = stmts.iter().position(|s| {
        matches!(s, Stmt::Local(l) if matches!(&l.pat, syn::Pat::Ident(p) if p.ident == "info"))
    })?;
    let Some(Stmt::Expr(tail @ Expr::Match(_), None)) = stmts.last() else {
        return None;
    };
    Some((stmts[..info].to_vec(), tail.clone()))
}

/// One arm of progenitor's status `match`, as the decode of `Answer` it means.
fn decode_arm(body: &Expr) -> Option<Expr> {
    // `{ x }` is `x`.
    let body = match body {
        Expr::Block(b) => match b.block.stmts.as_slice() {
            [Stmt::Expr(e, None)] => e,
            _ => return None,
        },
        e => e,
    };
    let text = quote::ToTokens::to_token_stream(body)
        .to_string()
        .replace(' ', "");
    // The forms progenitor writes.
    const JSON: &str = "ResponseValue::from_response(response).await";
    const EMPTY: &str = "ResponseValue::empty(response)";
    Some(match text.as_str() {
        t if t == JSON => parse_quote!(answer.json()),
        t if t == format!("Ok({EMPTY})") => parse_quote!(answer.empty()),
        t if t == format!("Err(Error::ErrorResponse({JSON}?))") => parse_quote!(answer.service()),
        t if t == format!("Err(Error::ErrorResponse({EMPTY}))") => {
            parse_quote!(answer.service_empty())
        }
        "Err(Error::UnexpectedResponse(response))" => parse_quote!(answer.unexpected()),
        _ => return None,
    })
}

/// `request` borrows the builder, so that the runtime can build the request again for a retry
/// or a redirect instead of keeping a copy of the first: in `let NAME = NAME.map_err(..)?`, a
/// field's check borrows it (`NAME.as_ref().map_err(..)?`); a field turned
/// into another value (a body through its builder, `NAME.and_then(..)`) is cloned first.
fn by_reference(stmt: &mut Stmt) {
    let Stmt::Local(local) = stmt else { return };
    let syn::Pat::Ident(name) = &local.pat else {
        return;
    };
    let name = name.ident.clone();
    if let Some(init) = &mut local.init {
        borrow_field(&mut init.expr, &name);
    }
}

/// Down the chain of `e` to the call made on the field `name` itself, which then borrows it.
fn borrow_field(e: &mut Expr, name: &syn::Ident) {
    match e {
        Expr::Try(t) => borrow_field(&mut t.expr, name),
        Expr::MethodCall(m) if !is_name(&m.receiver, name) => borrow_field(&mut m.receiver, name),
        Expr::MethodCall(first) => {
            if first.method == "map_err" {
                // The refusals take the builder's message borrowed.
                *first.receiver = parse_quote!(#name.as_ref());
            } else {
                *first.receiver = parse_quote!(::std::clone::Clone::clone(#name));
            }
        }
        _ => {}
    }
}

fn is_name(e: &Expr, name: &syn::Ident) -> bool {
    matches!(e, Expr::Path(p) if p.qself.is_none() && p.path.is_ident(name))
}

/// `let NAME = X.map_err(Error::InvalidRequest)?;` → the refusal names `NAME` (a parameter, or
/// the body).
#[derive(Default)]
struct Refusals {
    count: usize,
    binding: Option<String>,
}

impl VisitMut for Refusals {
    fn visit_local_mut(&mut self, l: &mut syn::Local) {
        let name = match &l.pat {
            syn::Pat::Ident(p) => Some(p.ident.to_string()),
            _ => None,
        };
        let outer = std::mem::replace(&mut self.binding, name);
        visit_mut::visit_local_mut(self, l);
        self.binding = outer;
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        visit_mut::visit_expr_mut(self, e);
        let Expr::MethodCall(m) = e else { return };
        let refusal = m.method == "map_err"
            && matches!(m.args.first(), Some(Expr::Path(p))
                if super::fixups::segment_names(&p.path) == ["Error", "InvalidRequest"]);
        if !refusal {
            return;
        }
        let Some(name) = &self.binding else { return };
        let replacement: Expr = if name == "body" {
            parse_quote!(::userapi_runtime::Invalid::body)
        } else {
            parse_quote!(::userapi_runtime::Invalid::parameter(#name))
        };
        if let Some(arg) = m.args.first_mut() {
            *arg = replacement;
            self.count += 1;
        }
    }
}

/// `pub type ProviderError<E = X>`: the provider's error type, reading alone (`Error` in the
/// provider crate) when every operation has the same error body `X`.
pub fn provider_error(errors: &[Type]) -> Item {
    let first = errors.first();
    let same = first.is_some_and(|f| {
        let f = quote::ToTokens::to_token_stream(f).to_string();
        errors
            .iter()
            .all(|e| quote::ToTokens::to_token_stream(e).to_string() == f)
    });
    match first {
        Some(e) if same => parse_quote! {
            /// The error of every call of this provider, whose operations all document the same
            /// error body.
            pub type ProviderError<E = #e> = ::userapi_runtime::Error<E>;
        },
        _ => parse_quote! {
            /// The error of every call of this provider (`E`: the operation's error body).
            pub type ProviderError<E> = ::userapi_runtime::Error<E>;
        },
    }
}
