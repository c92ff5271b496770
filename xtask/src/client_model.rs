//! One reading of progenitor's client code, shared by everything that needs to know what it
//! generated: the fix-ups, the optional request bodies, the doc examples, the paging and CLI
//! renderers, the API surface and the compile check's blame.
//!
//! [`ClientModel::read`] walks a parsed `client.rs` once: every operation (the `Client` method,
//! the builder it returns, its setter fields, the success and error types of its `send`) and
//! every type of the `types` module. It accepts progenitor's own output and the published,
//! fixed-up form alike, so the API surface can read committed files with it. Each item also
//! keeps the lines it was parsed from, so an error reported at a line of the printed file can be
//! traced back to its operation or type.

mod fields;
pub mod send;
mod types;

pub use fields::Field;
pub use send::{Http, Send};
pub use types::{Shape, TypeDef};

use std::ops::Range;
use syn::spanned::Spanned;
use syn::{ImplItem, Item, ReturnType, Type};

/// What progenitor generated for a client, read once from its syntax tree.
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct ClientModel {
    /// In the order of the `Client`'s methods (the spec's order).
    pub operations: Vec<Operation>,
    /// The items of `mod types`, in file order.
    pub types: Vec<TypeDef>,
}

/// One operation: its `Client` method and the builder that method returns.
#[derive(Clone)]
#[non_exhaustive]
pub struct Operation {
    /// The `Client` method (`list_users`).
    pub method: String,
    /// `OperationInfo { operation_id }` in the builder (progenitor's name for the operation);
    /// `None` when the builder has none.
    pub operation_id: Option<String>,
    /// The builder struct in `mod builder` (`ListUsers`).
    pub builder: String,
    /// The builder's fields but `client`, in declaration order.
    pub fields: Vec<Field>,
    /// What `send` answers with; `None` when it has no `send` of a known shape.
    pub send: Option<Send>,
    /// Lines (1-based, end exclusive) of the `Client` method, the builder struct and its
    /// `impl` blocks in the text the tree was parsed from.
    pub lines: Vec<Range<usize>>,
}

impl Operation {
    /// The field `name` (`body`, a parameter's Rust name).
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The request body's setter field, when the operation has one.
    pub fn body(&self) -> Option<&Field> {
        self.field("body")
    }
}

impl ClientModel {
    /// Reads the operations and types of a parsed client.
    pub fn read(file: &syn::File) -> Self {
        let builders = module(&file.items, "builder").unwrap_or_default();
        let mut operations: Vec<Operation> = client_methods(&file.items)
            .into_iter()
            .filter_map(|(method, builder, lines)| {
                let s = builders.iter().find_map(|i| match i {
                    Item::Struct(s) if s.ident == builder => Some(s),
                    _ => None,
                })?;
                Some(Operation {
                    method,
                    operation_id: None,
                    fields: fields::read(s),
                    send: None,
                    lines: vec![lines, item_lines(s)],
                    builder,
                })
            })
            .collect();
        // Inherent `impl`s first: a trait's (`impl Call for Builder`) only fills in what they
        // lack, and has no `new`.
        let (inherent, traits): (Vec<_>, Vec<_>) = builders
            .iter()
            .filter_map(|i| match i {
                Item::Impl(block) => Some(block),
                _ => None,
            })
            .partition(|block| block.trait_.is_none());
        for block in inherent.into_iter().chain(traits) {
            let Some(name) = self_type_name(&block.self_ty) else {
                continue;
            };
            let Some(op) = operations.iter_mut().find(|o| o.builder == name) else {
                continue;
            };
            op.lines.push(item_lines(block));
            if block.trait_.is_none() {
                fields::read_initial_values(block, &mut op.fields);
            }
            if op.operation_id.is_none() {
                op.operation_id = send::operation_id(block);
            }
            if op.send.is_none() {
                op.send = block.items.iter().find_map(|i| match i {
                    ImplItem::Fn(f) if f.sig.ident == "send" => Send::read(f),
                    _ => None,
                });
            }
        }
        let types = module(&file.items, "types")
            .map(types::read)
            .unwrap_or_default();
        Self { operations, types }
    }

    /// The operation whose `Client` method is `method`.
    pub fn operation(&self, method: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.method == method)
    }

    /// The operation whose builder struct is `builder`.
    pub fn by_builder(&self, builder: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.builder == builder)
    }

    pub fn by_builder_mut(&mut self, builder: &str) -> Option<&mut Operation> {
        self.operations.iter_mut().find(|o| o.builder == builder)
    }

    /// The type `name` of `mod types`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// What holds `line` (1-based) of the text the tree was parsed from: the operation whose
    /// method, builder or `impl` covers it, else the type whose items do.
    pub fn at_line(&self, line: usize) -> Option<Owner<'_>> {
        let covers = |ranges: &[Range<usize>]| ranges.iter().any(|r| r.contains(&line));
        if let Some(op) = self.operations.iter().find(|o| covers(&o.lines)) {
            return Some(Owner::Operation(op));
        }
        self.types
            .iter()
            .find(|t| covers(&t.lines))
            .map(Owner::Type)
    }
}

/// The item of the client that holds a line.
#[derive(Clone, Copy)]
pub enum Owner<'a> {
    Operation(&'a Operation),
    Type(&'a TypeDef),
}

/// The items of the top-level module `name`.
fn module<'a>(items: &'a [Item], name: &str) -> Option<&'a [Item]> {
    items.iter().find_map(|i| match i {
        Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| &items[..]),
        _ => None,
    })
}

/// `(method, builder, lines)` of every inherent `Client` method returning `builder::X<'_>`.
fn client_methods(items: &[Item]) -> Vec<(String, String, Range<usize>)> {
    let mut out = Vec::new();
    for item in items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some() || !is_client(&block.self_ty) {
            continue;
        }
        for member in &block.items {
            if let ImplItem::Fn(f) = member
                && let Some(builder) = returned_builder(&f.sig.output)
            {
                out.push((f.sig.ident.to_string(), builder, item_lines(f)));
            }
        }
    }
    out
}

fn is_client(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.path.is_ident("Client"))
}

/// `builder::X<'_>` → `X`.
fn returned_builder(output: &ReturnType) -> Option<String> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let Type::Path(p) = &**ty else { return None };
    let mut segments = p.path.segments.iter();
    (segments.next()?.ident == "builder")
        .then(|| segments.next().map(|s| s.ident.to_string()))
        .flatten()
}

/// The last segment of a path type (`builder::X<'a>` → `X`).
pub(crate) fn self_type_name(ty: &Type) -> Option<String> {
    match ty {
        Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// The lines an item was parsed from, attributes (doc comments) included: 1-based, end
/// exclusive. A tree not parsed from text (quoted in a test) has all its items at line 1.
pub(crate) fn item_lines(item: &impl Spanned) -> Range<usize> {
    let span = item.span();
    span.start().line..span.end().line + 1
}

/// The first type argument of `ty` when its last path segment is `wrapper` (`Result<T, _>` → `T`).
pub fn first_generic<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    type_args(last).next()
}

/// The type arguments of a path segment (`Result<A, B>` → `A`, `B`).
pub fn type_args(segment: &syn::PathSegment) -> impl Iterator<Item = &Type> {
    let args = match &segment.arguments {
        syn::PathArguments::AngleBracketed(a) => Some(&a.args),
        _ => None,
    };
    args.into_iter().flatten().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
