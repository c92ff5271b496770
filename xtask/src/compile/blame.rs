//! Which operation or schema a line of generated code belongs to, found through the
//! [`ClientModel`] of the provider's new `client.rs`: in `client.rs` by the lines of each
//! operation's and type's items, in the other generated files (paging, mocks, the CLI module)
//! by the names of the items around the line (a builder, an operation's method or mock, a
//! dispatch arm `"list_users" => ..`).

use crate::client_model::{ClientModel, Owner, item_lines, self_type_name};
use crate::diag::pointer;
use crate::lint::names::{Case, sanitize};
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

/// `(pointer, what)` for `line` of `text`: the spec's operation or schema whose code holds it.
/// `client` is the provider's new client code, `in_client` whether `text` is that file.
pub fn culprit(
    spec: &Value,
    client: &str,
    text: &str,
    in_client: bool,
    line: usize,
) -> (String, String) {
    let nothing = || (String::new(), "the spec".to_string());
    let Ok(client_file) = syn::parse_str::<syn::File>(client) else {
        return nothing();
    };
    let model = ClientModel::read(&client_file);
    let owner = if in_client {
        model.at_line(line)
    } else {
        match syn::parse_str::<syn::File>(text) {
            Ok(file) => by_name(&model, &enclosing(&file, line)),
            Err(_) => None,
        }
    };
    match owner {
        Some(Owner::Operation(op)) => {
            let name = op.method.as_str();
            match crate::model::find_operation(spec, |n| n == name) {
                Some(at) => (at.pointer(), format!("operation `{name}`")),
                None => (String::new(), format!("operation `{name}`")),
            }
        }
        Some(Owner::Type(t)) => {
            let ty = t.name.as_str();
            let schema = spec
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .and_then(|s| s.keys().find(|k| sanitize(k, Case::Pascal) == ty));
            match schema {
                Some(name) => (
                    pointer(["components", "schemas", name.as_str()]),
                    format!("schema `{name}` (type `{ty}`)"),
                ),
                None => (String::new(), format!("type `{ty}`")),
            }
        }
        None => nothing(),
    }
}

/// The innermost of `names` (outermost first) that is an operation's method, builder or mock
/// (`<Builder>When`, `<Builder>Then`), or a type.
fn by_name<'a>(model: &'a ClientModel, names: &[String]) -> Option<Owner<'a>> {
    names.iter().rev().find_map(|name| {
        let builder = name
            .strip_suffix("When")
            .or_else(|| name.strip_suffix("Then"))
            .unwrap_or(name);
        model
            .operation(name)
            .or_else(|| model.by_builder(builder))
            .map(Owner::Operation)
            .or_else(|| model.type_def(name).map(Owner::Type))
    })
}

/// The names of the items around `line`, outermost first: structs, enums, the self types of
/// `impl`s, functions and methods, and string patterns of `match` arms.
fn enclosing(file: &syn::File, line: usize) -> Vec<String> {
    let mut v = Enclosing {
        line,
        names: Vec::new(),
    };
    // A read-only walk: syn's `visit` feature is off in the workspace, `visit-mut` is on.
    v.visit_file_mut(&mut file.clone());
    v.names
}

struct Enclosing {
    line: usize,
    names: Vec<String>,
}

impl Enclosing {
    fn holds(&self, item: &impl syn::spanned::Spanned) -> bool {
        item_lines(item).contains(&self.line)
    }
}

impl VisitMut for Enclosing {
    fn visit_item_mut(&mut self, i: &mut syn::Item) {
        if !self.holds(i) {
            return;
        }
        let name = match &*i {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            syn::Item::Impl(b) => self_type_name(&b.self_ty),
            _ => None,
        };
        self.names.extend(name);
        visit_mut::visit_item_mut(self, i);
    }

    fn visit_impl_item_fn_mut(&mut self, f: &mut syn::ImplItemFn) {
        if self.holds(f) {
            self.names.push(f.sig.ident.to_string());
            visit_mut::visit_impl_item_fn_mut(self, f);
        }
    }

    fn visit_trait_item_fn_mut(&mut self, f: &mut syn::TraitItemFn) {
        if self.holds(f) {
            self.names.push(f.sig.ident.to_string());
            visit_mut::visit_trait_item_fn_mut(self, f);
        }
    }

    fn visit_arm_mut(&mut self, a: &mut syn::Arm) {
        if !self.holds(a) {
            return;
        }
        if let syn::Pat::Lit(syn::PatLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &a.pat
        {
            self.names.push(s.value());
        }
        visit_mut::visit_arm_mut(self, a);
    }
}

#[cfg(test)]
mod tests;
