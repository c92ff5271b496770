//! Optional JSON request bodies become optional in the builders.
//!
//! progenitor 0.15.1 makes every request body required: a builder whose body was never set
//! fails with `InvalidRequest` ("no value supplied for ..." or "body was not initialized")
//! before anything is sent. For operations whose spec says the body is optional (`required`
//! absent or false) the builder's `body` field becomes an `Option`, starting as `None`, and the
//! request carries a JSON body only when one was set. The edit is made on the syntax tree, with
//! the other fix-ups, and each operation's builder is found through the [`ClientModel`]; every
//! piece must be found, or generation fails naming the operation (so a progenitor upgrade that
//! changes its output cannot silently skip it).

use super::RenderError;
use crate::client_model::ClientModel;
use crate::lint::names::{Case, sanitize};
use crate::model;
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItem, Item, Type, parse_quote};

/// The `Client` method names of the operations whose request body is optional JSON.
pub fn operations(raw: &Value) -> Vec<String> {
    model::operations(raw)
        .into_iter()
        .filter_map(|op| {
            let node = op.get(raw)?;
            let body = model::resolve(raw, node.get("requestBody")?);
            let optional = body.get("required") != Some(&Value::Bool(true));
            let json = body
                .get("content")
                .and_then(Value::as_object)
                .is_some_and(|c| c.len() == 1 && c.contains_key("application/json"));
            let id = node.get("operationId")?.as_str()?;
            (optional && json).then(|| sanitize(id, Case::Snake))
        })
        .collect()
}

/// Sends the body as JSON when there is one; declared once in the builder module.
fn helper() -> [Item; 2] {
    [
        parse_quote! {
            /// Sets a JSON body only when the caller gave one (optional request bodies).
            trait JsonIfSome {
                fn json_if_some<T: ::serde::Serialize>(self, body: &Option<T>) -> Self;
            }
        },
        parse_quote! {
            impl JsonIfSome for ::reqwest::RequestBuilder {
                fn json_if_some<T: ::serde::Serialize>(self, body: &Option<T>) -> Self {
                    match body {
                        Some(body) => self.json(body),
                        None => self,
                    }
                }
            }
        },
    ]
}

/// Makes the request body of the operations `ops` (`Client` method names) optional in `file`
/// and in `model`; `Err` names the operation whose builder did not have the expected shape.
pub fn apply(
    file: &mut syn::File,
    model: &mut ClientModel,
    ops: &[String],
) -> Result<(), RenderError> {
    if ops.is_empty() {
        return Ok(());
    }
    // The operation builders (top level), not `types::builder`.
    let items = file
        .items
        .iter_mut()
        .find_map(|i| match i {
            Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, items)| items),
            _ => None,
        })
        .ok_or_else(|| {
            RenderError::new(
                None,
                "optional request bodies: no builder module in progenitor's output",
            )
        })?;
    items.splice(0..0, helper());
    for name in ops {
        let failed = |what: &str| {
            RenderError::new(
                Some(name),
                format!(
                    "cannot make the request body of `{name}` optional: {what} not found in progenitor's builder"
                ),
            )
        };
        let builder = model
            .operation(name)
            .map(|op| op.builder.clone())
            .ok_or_else(|| failed("the builder"))?;
        one(items, &builder).map_err(failed)?;
        if let Some(body) = model
            .by_builder_mut(&builder)
            .and_then(|op| op.fields.iter_mut().find(|f| f.name == "body"))
        {
            body.optional = true;
            body.starts_unset = false;
            let value = body.value.clone();
            body.stored = parse_quote!(Option<#value>);
        }
    }
    Ok(())
}

/// The edit of one builder (struct `builder` and its `impl`s in `items`); `Err` names the piece
/// that was not found.
fn one(items: &mut [Item], builder: &str) -> Result<(), &'static str> {
    // The field: `body: Result<T, String>` -> `body: Result<Option<T>, String>`.
    let field = items
        .iter_mut()
        .find_map(|i| match i {
            Item::Struct(s) if s.ident == builder => s
                .fields
                .iter_mut()
                .find(|f| f.ident.as_ref().is_some_and(|i| i == "body")),
            _ => None,
        })
        .ok_or("the body field")?;
    let Some(ty) = result_ok(&mut field.ty) else {
        return Err("the body field's error type");
    };
    let has_builder = quote::ToTokens::to_token_stream(ty)
        .to_string()
        .replace(' ', "")
        .starts_with("types::builder::");
    *ty = parse_quote!(Option<#ty>);

    let mut edit = Edit {
        has_builder,
        ..Edit::default()
    };
    for item in items.iter_mut() {
        if let Item::Impl(block) = item
            && block.trait_.is_none()
            && crate::client_model::self_type_name(&block.self_ty).as_deref() == Some(builder)
        {
            for member in &mut block.items {
                if let ImplItem::Fn(f) = member {
                    edit.function = f.sig.ident.to_string();
                    edit.visit_impl_item_fn_mut(f);
                }
            }
        }
    }
    if !edit.initial {
        return Err(if has_builder {
            "the body's default"
        } else {
            "the body's initial error"
        });
    }
    if !edit.setter {
        return Err("the setter's map_err");
    }
    if has_builder && !edit.body_map {
        return Err("body_map");
    }
    if has_builder && !edit.conversion {
        return Err("the body conversion");
    }
    if !edit.json {
        return Err("the JSON body");
    }
    Ok(())
}

/// `T` of a `Result<T, String>` field.
fn result_ok(ty: &mut Type) -> Option<&mut Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last_mut()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(a) = &mut last.arguments else {
        return None;
    };
    let mut args = a.args.iter_mut();
    match (args.next(), args.next()) {
        (Some(syn::GenericArgument::Type(ok)), Some(syn::GenericArgument::Type(Type::Path(e))))
            if e.path.is_ident("String") =>
        {
            Some(ok)
        }
        _ => None,
    }
}

/// The edits inside a builder's methods, each noted when made.
#[derive(Default)]
struct Edit {
    has_builder: bool,
    /// The method being visited.
    function: String,
    initial: bool,
    setter: bool,
    body_map: bool,
    conversion: bool,
    json: bool,
}

impl Edit {
    fn is_self_body(e: &Expr) -> bool {
        matches!(e, Expr::Field(f) if matches!(&f.member, syn::Member::Named(n) if n == "body")
            && matches!(&*f.base, Expr::Path(p) if p.path.is_ident("self")))
    }
}

impl Edit {
    /// progenitor's first value of the body: a default typify builder, or an error.
    fn is_initial_body(&self, e: &Expr) -> bool {
        let Expr::Call(c) = e else { return false };
        let Expr::Path(f) = &*c.func else {
            return false;
        };
        if !self.has_builder {
            return f.path.is_ident("Err");
        }
        f.path.is_ident("Ok")
            && matches!(c.args.first(), Some(Expr::Call(d)) if d.args.is_empty()
                && matches!(&*d.func, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "default")))
    }
}

impl VisitMut for Edit {
    fn visit_field_value_mut(&mut self, fv: &mut syn::FieldValue) {
        visit_mut::visit_field_value_mut(self, fv);
        // `new`: `body: Ok(Default::default())` or `body: Err("body was not initialized"..)`
        // -> `body: Ok(None)`: nothing set.
        if self.function == "new"
            && !self.initial
            && matches!(&fv.member, syn::Member::Named(n) if n == "body")
            && self.is_initial_body(&fv.expr)
        {
            fv.expr = parse_quote!(Ok(None));
            self.initial = true;
        }
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        visit_mut::visit_expr_mut(self, e);
        match e {
            // The setter wraps the value in `Some`: `self.body = X.map_err(..)` ->
            // `self.body = X.map(Some).map_err(..)`.
            Expr::Assign(a)
                if self.function == "body" && !self.setter && Self::is_self_body(&a.left) =>
            {
                if let Expr::MethodCall(m) = &mut *a.right
                    && m.method == "map_err"
                {
                    let receiver = &m.receiver;
                    *m.receiver = parse_quote!(#receiver.map(Some));
                    self.setter = true;
                }
            }
            // `body_map` edits the body, starting from an empty one when none was set.
            Expr::Assign(a)
                if self.function == "body_map"
                    && self.has_builder
                    && !self.body_map
                    && Self::is_self_body(&a.left) =>
            {
                *a.right = parse_quote!(self.body.map(|body| Some(f(body.unwrap_or_default()))));
                self.body_map = true;
            }
            // Validation converts the builder only when there is one:
            // `T::try_from(v)` -> `v.map(T::try_from).transpose()`.
            Expr::Call(c) if self.has_builder && !self.conversion => {
                if let Expr::Path(f) = &*c.func
                    && f.path
                        .segments
                        .last()
                        .is_some_and(|s| s.ident == "try_from")
                    && c.args.len() == 1
                    && matches!(c.args.first(), Some(Expr::Path(v)) if v.path.is_ident("v"))
                {
                    let f = f.clone();
                    *e = parse_quote!(v.map(#f).transpose());
                    self.conversion = true;
                }
            }
            // `.json(&body)` -> `.json_if_some(&body)`.
            Expr::MethodCall(m) if m.method == "json" && !self.json => {
                if matches!(m.args.first(), Some(Expr::Reference(r)) if matches!(&*r.expr, Expr::Path(p) if p.path.is_ident("body")))
                {
                    m.method = parse_quote!(json_if_some);
                    self.json = true;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
