//! The `types` module: typify's structs, enums and aliases, with the lines of their items.

use super::{item_lines, self_type_name};
use std::ops::Range;
use syn::Item;

/// One type of `mod types`.
#[derive(Clone)]
#[non_exhaustive]
pub struct TypeDef {
    pub name: String,
    /// Declared `pub`.
    pub public: bool,
    pub shape: Shape,
    /// Lines of its declaration, the `impl` blocks after it and its `types::builder` struct
    /// and `impl`s (1-based, end exclusive).
    pub lines: Vec<Range<usize>>,
}

/// What a type is.
#[derive(Clone)]
#[non_exhaustive]
pub enum Shape {
    Struct(syn::Fields),
    Enum(Vec<syn::Variant>),
    Alias(Box<syn::Type>),
}

impl TypeDef {
    /// The named field `name` of a struct.
    pub fn field(&self, name: &str) -> Option<&syn::Field> {
        match &self.shape {
            Shape::Struct(syn::Fields::Named(f)) => f
                .named
                .iter()
                .find(|f| f.ident.as_ref().is_some_and(|i| i == name)),
            _ => None,
        }
    }

    /// The one field of a newtype (`struct Users(Vec<User>)`).
    pub fn newtype_field(&self) -> Option<&syn::Field> {
        match &self.shape {
            Shape::Struct(syn::Fields::Unnamed(f)) if f.unnamed.len() == 1 => f.unnamed.first(),
            _ => None,
        }
    }
}

/// The types of `mod types`' items.
pub(super) fn read(items: &[Item]) -> Vec<TypeDef> {
    let mut out: Vec<TypeDef> = Vec::new();
    for item in items {
        let (name, public, shape) = match item {
            Item::Struct(s) => (&s.ident, &s.vis, Shape::Struct(s.fields.clone())),
            Item::Enum(e) => (
                &e.ident,
                &e.vis,
                Shape::Enum(e.variants.iter().cloned().collect()),
            ),
            Item::Type(t) => (&t.ident, &t.vis, Shape::Alias(t.ty.clone())),
            Item::Impl(block) => {
                // Its own type's, or (a trait impl for another type, `From<X> for String`) the
                // type declared just before it: typify writes each type's impls after it.
                let owner = self_type_name(&block.self_ty)
                    .and_then(|n| out.iter().position(|t| t.name == n))
                    .or(out.len().checked_sub(1));
                if let Some(t) = owner.and_then(|i| out.get_mut(i)) {
                    t.lines.push(item_lines(block));
                }
                continue;
            }
            Item::Mod(m) if m.ident == "builder" => {
                builders(m, &mut out);
                continue;
            }
            _ => continue,
        };
        out.push(TypeDef {
            name: name.to_string(),
            public: matches!(public, syn::Visibility::Public(_)),
            shape,
            lines: vec![item_lines(item)],
        });
    }
    out
}

/// Adds the lines of typify's `types::builder::X` struct and `impl`s to type `X`.
fn builders(m: &syn::ItemMod, types: &mut [TypeDef]) {
    for item in m.content.iter().flat_map(|(_, items)| items) {
        let name = match item {
            Item::Struct(s) => Some(s.ident.to_string()),
            Item::Impl(block) => self_type_name(&block.self_ty),
            _ => None,
        };
        if let Some(t) = name.and_then(|n| types.iter_mut().find(|t| t.name == n)) {
            t.lines.push(item_lines(item));
        }
    }
}
