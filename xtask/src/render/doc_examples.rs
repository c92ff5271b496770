//! Compiled per-operation examples in place of progenitor's `ignore` stubs.
//!
//! progenitor documents each `Client` method with a ```` ```ignore ```` block that calls every
//! setter with an undeclared variable, so it can rot unnoticed. Each becomes a `no_run` example
//! whose variables are the parameters of a function, typed from the operation's builder, so
//! `cargo test --doc` compiles all of them.

use crate::client_model::ClientModel;
use crate::client_model::send::doc_text;
use syn::{ImplItem, Item, Type};

/// Replaces the stub of every operation method of `Client` in `file` (the builder's fields
/// read from `model`); returns how many. `crate_name` is the provider crate's name as Rust sees
/// it (`userapi_kratos`).
pub fn apply(file: &mut syn::File, model: &ClientModel, crate_name: &str) -> usize {
    let mut replaced = 0;
    for item in &mut file.items {
        let Item::Impl(block) = item else { continue };
        if block.trait_.is_some()
            || !matches!(&*block.self_ty, Type::Path(p) if p.path.is_ident("Client"))
        {
            continue;
        }
        for member in &mut block.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            let Some(op) = model.operation(&method.sig.ident.to_string()) else {
                continue;
            };
            let fields: Vec<(String, String)> = op
                .fields
                .iter()
                .filter(|f| f.is_result)
                .map(|f| (f.name.clone(), readable(&f.value)))
                .collect();
            let example = example(crate_name, &op.method, &fields);
            for attr in &mut method.attrs {
                if let Some(text) = doc_text(attr)
                    && let Some(new) = replace_stub(&text, &example)
                {
                    *attr = syn::parse_quote!(#[doc = #new]);
                    replaced += 1;
                }
            }
        }
    }
    replaced
}

/// A type as a user writes it: through the crate's `types` (which also holds the open enums)
/// and without `::std::` noise. A body stays its builder (`types::builder::Thing`, made by
/// `types::Thing::builder()`): the models are `#[non_exhaustive]`, so a builder is how users
/// make one, and `.body(..)` takes it as it is.
fn readable(ty: &Type) -> String {
    // prettyplease prints items only: print `type T = <ty>;` and keep the type, on one line.
    let item: syn::File = syn::parse_quote!(type T = #ty;);
    let printed = prettyplease::unparse(&item);
    let mut text = printed
        .trim()
        .trim_start_matches("type T =")
        .trim_end_matches(';')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("< ", "<")
        .replace(" >", ">");
    for (from, to) in [
        ("::std::string::String", "String"),
        ("::std::vec::Vec", "Vec"),
        ("::std::", "std::"),
        ("::uuid::", "uuid::"),
        ("::chrono::", "chrono::"),
        ("::serde_json::", "serde_json::"),
        ("crate::generated::open_enums::", "types::"),
        ("crate::generated::client::types::", "types::"),
    ] {
        text = text.replace(from, to);
    }
    text
}

fn example(crate_name: &str, operation: &str, fields: &[(String, String)]) -> String {
    let params: Vec<&(String, String)> = fields.iter().filter(|(n, _)| n != "client").collect();
    let uses_types = params.iter().any(|(_, ty)| ty.contains("types::"));
    let mut out = String::from("```no_run\n");
    if uses_types {
        out += &format!("use {crate_name}::{{Client, types}};\n\n");
    } else {
        out += &format!("use {crate_name}::Client;\n\n");
    }
    out += "async fn example(\n    client: &Client,\n";
    for (name, ty) in &params {
        out += &format!("    {name}: {ty},\n");
    }
    out += ") {\n";
    out += &format!("    let response = client\n        .{operation}()\n");
    for (name, _) in &params {
        out += &format!("        .{name}({name})\n");
    }
    out += "        .send()\n        .await;\n";
    out += "    match response {\n";
    out += "        Ok(answer) => println!(\"{}\", answer.status()),\n";
    out += "        Err(e) => eprintln!(\"{e} ({:?})\", e.kind()),\n";
    out += "    }\n}\n```";
    out
}

/// `text` with its ```` ```ignore ```` block replaced by `example`, if it has one.
fn replace_stub(text: &str, example: &str) -> Option<String> {
    let start = text.find("```ignore")?;
    let body = start + "```ignore".len();
    let end = body + text.get(body..)?.find("```")? + 3;
    Some(format!(
        "{}{example}{}",
        text.get(..start)?,
        text.get(end..)?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stubs_become_typed_examples() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                #[doc = "Get one\n\n```ignore\nlet response = client.get_thing()\n    .id(id)\n    .send()\n    .await;\n```"]
                pub fn get_thing(&self) -> builder::GetThing<'_> {
                    builder::GetThing::new(self)
                }
            }
            pub mod builder {
                pub struct GetThing<'a> {
                    client: &'a super::Client,
                    id: Result<::std::string::String, String>,
                    kind: Result<Option<crate::generated::open_enums::Kind>, String>,
                    body: Result<types::builder::Thing, String>,
                }
            }
        };
        let model = ClientModel::read(&file);
        assert_eq!(apply(&mut file, &model, "userapi_demo"), 1);
        let printed = prettyplease::unparse(&file);
        assert!(!printed.contains("```ignore"), "{printed}");
        for expected in [
            "use userapi_demo::{Client, types};",
            "id: String,",
            "kind: types::Kind,",
            "body: types::builder::Thing,",
            ".get_thing()",
            ".kind(kind)",
        ] {
            assert!(
                printed.contains(expected),
                "{expected} missing in {printed}"
            );
        }
    }
}
