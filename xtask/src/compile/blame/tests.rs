#![allow(clippy::panic)] // a test fails by panicking
use super::culprit;
use serde_json::json;

fn spec() -> serde_json::Value {
    json!({
        "paths": {
            "/things": { "get": { "operationId": "listThings" } },
            "/things/{id}": { "delete": { "operationId": "deleteThing" } }
        },
        "components": { "schemas": { "thing-page": { "type": "object" } } }
    })
}

/// Printed client code in progenitor's layout.
const CLIENT: &str = r#"pub mod types {
    pub struct ThingPage {
        pub items: ::std::vec::Vec<::std::string::String>,
    }
    impl ThingPage {
        pub fn builder() -> builder::ThingPage {
            Default::default()
        }
    }
}
impl Client {
    pub fn list_things(&self) -> builder::ListThings<'_> {
        builder::ListThings::new(self)
    }
    pub fn delete_thing(&self) -> builder::DeleteThing<'_> {
        builder::DeleteThing::new(self)
    }
}
pub mod builder {
    pub struct ListThings<'a> {
        client: &'a super::Client,
    }
    impl<'a> ListThings<'a> {
        pub async fn send(self) -> Result<ResponseValue<types::ThingPage>, Error<()>> {
            todo!()
        }
    }
    pub struct DeleteThing<'a> {
        client: &'a super::Client,
        id: Result<::std::string::String, String>,
    }
    impl<'a> DeleteThing<'a> {
        pub async fn send(self) -> Result<ResponseValue<()>, Error<()>> {
            let url = format!("{}/things/{}", client.baseurl, id);
            todo!()
        }
    }
}
"#;

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle}"))
}

#[test]
fn a_line_of_the_client_is_traced_to_its_operation_or_schema() {
    let at = |needle: &str| culprit(&spec(), CLIENT, CLIENT, true, line_of(CLIENT, needle));
    let delete = (
        "/paths/~1things~1{id}/delete".to_string(),
        "operation `delete_thing`".to_string(),
    );
    assert_eq!(at("let url = format!"), delete);
    assert_eq!(at("builder::DeleteThing::new(self)"), delete);
    assert_eq!(
        at("pub async fn send(self) -> Result<ResponseValue<types::ThingPage>"),
        (
            "/paths/~1things/get".to_string(),
            "operation `list_things`".to_string()
        )
    );
    let schema = (
        "/components/schemas/thing-page".to_string(),
        "schema `thing-page` (type `ThingPage`)".to_string(),
    );
    assert_eq!(at("Default::default()"), schema);
    assert_eq!(at("pub items:"), schema);
    assert_eq!(at("impl Client {"), (String::new(), "the spec".to_string()));
}

#[test]
fn a_line_of_the_other_generated_files_is_traced_through_the_names_around_it() {
    let paging = r#"impl<'a> builder::ListThings<'a> {
    pub fn pages(self) -> u8 {
        0
    }
}
pub mod serve {
    pub fn list_things() -> u8 {
        1
    }
}
"#;
    let cli = r#"pub async fn run(operation: &str) -> u8 {
    match operation {
        "delete_thing" => {
            let b = client.delete_thing();
            2
        }
        other => 3,
    }
}
"#;
    let mock = r#"pub mod operations {
    pub struct DeleteThingWhen(::httpmock::When);
    impl DeleteThingWhen {
        pub fn id(self, value: &str) -> Self {
            let _ = value;
            self
        }
    }
}
"#;
    let list = (
        "/paths/~1things/get".to_string(),
        "operation `list_things`".to_string(),
    );
    let delete = (
        "/paths/~1things~1{id}/delete".to_string(),
        "operation `delete_thing`".to_string(),
    );
    let at =
        |text: &str, needle: &str| culprit(&spec(), CLIENT, text, false, line_of(text, needle));
    assert_eq!(at(paging, "0"), list);
    assert_eq!(at(paging, "1"), list);
    assert_eq!(at(cli, "client.delete_thing()"), delete);
    assert_eq!(
        at(cli, "other => 3"),
        (String::new(), "the spec".to_string())
    );
    assert_eq!(at(mock, "let _ = value;"), delete);
}
