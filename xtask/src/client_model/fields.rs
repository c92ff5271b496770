//! A builder's setter fields: `name: Result<T, String>`, `T` an `Option` for optional ones.

use super::first_generic;
use syn::visit_mut::{self, VisitMut};
use syn::{Expr, ImplItem, Type};

/// One setter field of an operation builder.
#[derive(Clone)]
#[non_exhaustive]
pub struct Field {
    /// The parameter's Rust name (`per_page`), or `body`.
    pub name: String,
    /// The field's type as declared (`Result<Option<u64>, String>`).
    pub declared: Type,
    /// Whether it is the `Result<T, _>` every setter field is; the types below are the
    /// declared one when not.
    pub is_result: bool,
    /// What the setter stores: `T` of `Result<T, _>` (`Option<u64>`).
    pub stored: Type,
    /// What a caller passes: `stored` without its `Option` (`u64`).
    pub value: Type,
    /// `stored` is an `Option`.
    pub optional: bool,
    /// The builder's `new` starts it as `Err(..)`: a call fails until it is set.
    pub starts_unset: bool,
    /// It stores a `String` (`Result<::std::string::String, _>`): a path parameter the
    /// fix-ups can check without a `.to_string()` copy.
    pub holds_string: bool,
}

/// The fields of a builder struct but `client`.
pub(super) fn read(s: &syn::ItemStruct) -> Vec<Field> {
    s.fields
        .iter()
        .filter_map(|f| {
            let name = f.ident.as_ref()?.to_string();
            (name != "client").then(|| field(name, &f.ty))
        })
        .collect()
}

fn field(name: String, declared: &Type) -> Field {
    let stored = first_generic(declared, "Result");
    let inner = stored.unwrap_or(declared);
    let option = first_generic(inner, "Option");
    Field {
        name,
        declared: declared.clone(),
        is_result: stored.is_some(),
        stored: inner.clone(),
        value: option.unwrap_or(inner).clone(),
        optional: option.is_some(),
        starts_unset: false,
        holds_string: stored.is_some_and(is_std_string),
    }
}

fn is_std_string(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    p.path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .eq(["std", "string", "String"])
}

/// Marks the fields the builder's `new` (in `block`) starts as `Err(..)`.
pub(super) fn read_initial_values(block: &syn::ItemImpl, fields: &mut [Field]) {
    for item in &block.items {
        let ImplItem::Fn(f) = item else { continue };
        if f.sig.ident != "new" {
            continue;
        }
        let mut found = Initial(Vec::new());
        // A read-only walk: syn's `visit` feature is off in the workspace, `visit-mut` is on.
        found.visit_block_mut(&mut f.block.clone());
        for name in found.0 {
            if let Some(field) = fields.iter_mut().find(|f| f.name == name) {
                field.starts_unset = true;
            }
        }
    }
}

/// The fields a `Self { .. }` expression sets to `Err(..)`.
struct Initial(Vec<String>);

impl VisitMut for Initial {
    fn visit_field_value_mut(&mut self, fv: &mut syn::FieldValue) {
        if let syn::Member::Named(name) = &fv.member
            && let Expr::Call(call) = &fv.expr
            && matches!(&*call.func, Expr::Path(p) if p.path.is_ident("Err"))
        {
            self.0.push(name.to_string());
        }
        visit_mut::visit_field_value_mut(self, fv);
    }
}
