#![allow(clippy::panic)] // a test fails by panicking
use super::apply;
use crate::client_model::ClientModel;

/// progenitor's builders for a body with a typify builder (`create_thing`) and a plain one
/// (`patch_thing`), as the fix-ups leave them.
fn client() -> syn::File {
    syn::parse_quote! {
        impl Client {
            pub fn create_thing(&self) -> builder::CreateThing<'_> { builder::CreateThing::new(self) }
            pub fn patch_thing(&self) -> builder::PatchThing<'_> { builder::PatchThing::new(self) }
        }
        pub mod builder {
            use super::types;
            pub struct CreateThing<'a> {
                client: &'a super::Client,
                body: Result<types::builder::Thing, String>,
            }
            impl<'a> CreateThing<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Ok(::std::default::Default::default()) }
                }
                pub fn body<V>(mut self, value: V) -> Self {
                    self.body = value.try_into().map(From::from).map_err(|s| format!("{}", s));
                    self
                }
                pub fn body_map<F>(mut self, f: F) -> Self {
                    self.body = self.body.map(f);
                    self
                }
                async fn dispatch(self) -> Result<ResponseValue<()>, Error<()>> {
                    let Self { client, body } = self;
                    let body = body
                        .and_then(|v| types::Thing::try_from(v).map_err(|e| e.to_string()))
                        .map_err(Error::InvalidRequest)?;
                    let request = client.client.post(url).json(&body).build()?;
                    todo!()
                }
            }
            pub struct PatchThing<'a> {
                client: &'a super::Client,
                body: Result<::std::vec::Vec<types::Patch>, String>,
            }
            impl<'a> PatchThing<'a> {
                pub fn new(client: &'a super::Client) -> Self {
                    Self { client: client, body: Err("body was not initialized".to_string()) }
                }
                pub fn body<V>(mut self, value: V) -> Self {
                    self.body = value.try_into().map_err(|_| "conversion failed".to_string());
                    self
                }
                async fn dispatch(self) -> Result<ResponseValue<()>, Error<()>> {
                    let Self { client, body } = self;
                    let body = body.map_err(Error::InvalidRequest)?;
                    let request = client.client.patch(url).json(&body).build()?;
                    todo!()
                }
            }
        }
    }
}

fn squeezed(file: &syn::File) -> String {
    prettyplease::unparse(file).split_whitespace().collect()
}

#[test]
fn both_kinds_of_body_become_optional_in_the_tree_and_the_model() {
    let mut file = client();
    let mut model = ClientModel::read(&file);
    let ops = ["create_thing".to_string(), "patch_thing".to_string()];
    assert!(apply(&mut file, &mut model, &ops).is_ok());
    let code = squeezed(&file);
    for expected in [
        "pubmodbuilder{///SetsaJSONbodyonlywhenthecallergaveone(optionalrequestbodies).traitJsonIfSome{",
        "body:Result<Option<types::builder::Thing>,String>,",
        "body:Result<Option<::std::vec::Vec<types::Patch>>,String>,",
        "self.body=value.try_into().map(From::from).map(Some).map_err(",
        "self.body=value.try_into().map(Some).map_err(",
        "self.body=self.body.map(|body|Some(f(body.unwrap_or_default())));",
        ".and_then(|v|{v.map(types::Thing::try_from).transpose().map_err(",
        "client.client.post(url).json_if_some(&body)",
        "client.client.patch(url).json_if_some(&body)",
    ] {
        assert!(code.contains(expected), "{expected} missing in {code}");
    }
    assert_eq!(code.matches("body:Ok(None)").count(), 2, "{code}");
    assert_eq!(code.matches("traitJsonIfSome").count(), 1, "{code}");
    for op in &ops {
        let body = model.operation(op).and_then(|o| o.body());
        assert!(body.is_some_and(|b| b.optional && !b.starts_unset), "{op}");
    }
}

#[test]
fn an_unexpected_builder_shape_is_an_error_naming_the_operation() {
    let mut file = client();
    let mut model = ClientModel::read(&file);
    // A builder whose `new` no longer starts the body empty.
    let mut bad: syn::File = syn::parse_str(&prettyplease::unparse(&file).replace(
        "body: Ok(::std::default::Default::default())",
        "body: Ok(make())",
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let err = apply(&mut bad, &mut model, &["create_thing".to_string()])
        .err()
        .unwrap_or_else(|| panic!("accepted"));
    assert_eq!(err.operation.as_deref(), Some("create_thing"));
    assert!(
        err.message.contains("`create_thing`") && err.message.contains("the body's default"),
        "{}",
        err.message
    );
    // An operation without a builder, and nothing to do.
    let err = apply(&mut file, &mut model, &["gone".to_string()]).err();
    assert_eq!(err.and_then(|e| e.operation).as_deref(), Some("gone"));
    let before = squeezed(&file);
    assert!(apply(&mut file, &mut model, &[]).is_ok());
    assert_eq!(squeezed(&file), before);
}
