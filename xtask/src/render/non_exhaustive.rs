//! Fix-up `non-exhaustive-models`: every struct and enum of the generated `types` module gets
//! `#[non_exhaustive]`.
//!
//! typify writes models with public fields and no `#[non_exhaustive]`, so a field or variant a
//! provider adds to its spec would break every struct literal and exhaustive `match` in users'
//! code. Marked, a model is read through its fields and built through its generated builder
//! (`types::Foo::builder()`, `types::builder::Foo`), whose `build` names a missing field; a new
//! field or variant is then a minor change. Inside the provider crate (builders, mocks, paging)
//! literals still compile: the attribute only binds other crates.

use syn::{Item, parse_quote};

/// How many types the fix-up marked, and how many it found already marked.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Marked {
    pub marked: usize,
    pub already: usize,
}

/// Marks every struct and enum directly inside `mod types` (not the builders of `types::builder`
/// nor `types::error`'s conversion error, which users never build).
pub fn apply(file: &mut syn::File) -> Marked {
    let mut out = Marked::default();
    let Some(items) = file.items.iter_mut().find_map(|item| match item {
        Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    }) else {
        return out;
    };
    for item in items {
        let attrs = match item {
            Item::Struct(s) => &mut s.attrs,
            Item::Enum(e) => &mut e.attrs,
            _ => continue,
        };
        if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
            out.already += 1;
        } else {
            attrs.push(parse_quote!(#[non_exhaustive]));
            out.marked += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// typify's shapes: a struct with a builder, a newtype, an enum, an already marked type, and
    /// the builder and error modules that stay as they are.
    fn fixture() -> syn::File {
        parse_quote! {
            pub mod types {
                #[derive(Clone, Debug)]
                pub struct Thing {
                    pub name: ::std::string::String,
                }
                impl Thing {
                    pub fn builder() -> builder::Thing {
                        Default::default()
                    }
                }
                #[derive(Clone, Debug)]
                #[serde(transparent)]
                pub struct Names(pub ::std::vec::Vec<::std::string::String>);
                #[derive(Clone, Debug)]
                #[serde(untagged)]
                pub enum Either {
                    Thing(Thing),
                    Names(Names),
                }
                #[non_exhaustive]
                pub struct Marked {}
                pub mod error {
                    pub struct ConversionError(::std::borrow::Cow<'static, str>);
                }
                pub mod builder {
                    pub struct Thing {
                        name: ::std::result::Result<::std::string::String, ::std::string::String>,
                    }
                }
            }
            pub struct Client {}
        }
    }

    #[test]
    fn every_model_and_only_the_models_are_marked() {
        let mut file = fixture();
        let marked = apply(&mut file);
        assert_eq!(
            marked,
            Marked {
                marked: 3,
                already: 1
            }
        );
        insta::assert_snapshot!(prettyplease::unparse(&file));
    }

    #[test]
    fn a_second_pass_changes_nothing() {
        let mut file = fixture();
        apply(&mut file);
        let once = prettyplease::unparse(&file);
        assert_eq!(apply(&mut file).marked, 0);
        assert_eq!(prettyplease::unparse(&file), once);
    }
}
