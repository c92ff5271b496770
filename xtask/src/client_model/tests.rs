#![allow(clippy::panic)] // a test fails by panicking
use super::*;
use quote::ToTokens;

/// A client in progenitor's layout, as printed text (so items have lines).
const CLIENT: &str = r#"pub mod types {
    /// A user.
    pub struct User {
        pub id: ::std::string::String,
    }
    impl ::std::convert::From<&User> for User {
        fn from(value: &User) -> Self {
            value.clone()
        }
    }
    pub struct Users(pub ::std::vec::Vec<User>);
    pub enum Kind {
        A,
        B(i64),
    }
    pub mod builder {
        pub struct User {
            id: Result<::std::string::String, String>,
        }
    }
}
pub struct Client {}
impl Client {
    /// Gets one.
    pub fn get_user(&self) -> builder::GetUser<'_> {
        builder::GetUser::new(self)
    }
    pub fn baseurl(&self) -> &String {
        &self.baseurl
    }
}
pub mod builder {
    /// Builder for [`Client::get_user`]
    pub struct GetUser<'a> {
        client: &'a super::Client,
        id: Result<::std::string::String, String>,
        limit: Result<Option<u64>, String>,
        body: Result<types::builder::User, String>,
    }
    impl<'a> GetUser<'a> {
        pub fn new(client: &'a super::Client) -> Self {
            Self {
                client: client,
                id: Err("id was not initialized".to_string()),
                limit: Ok(None),
                body: Ok(::std::default::Default::default()),
            }
        }
        ///Sends a `GET` request to `/users/{id}`
        pub async fn send(self) -> Result<ResponseValue<types::User>, Error<()>> {
            let info = OperationInfo {
                operation_id: "get_user",
            };
            todo!()
        }
    }
}
"#;

fn model() -> ClientModel {
    let file: syn::File = syn::parse_str(CLIENT).unwrap_or_else(|e| panic!("{e}"));
    ClientModel::read(&file)
}

fn text(t: &impl ToTokens) -> String {
    t.to_token_stream().to_string().replace(' ', "")
}

#[test]
fn operations_are_read_with_their_builder_fields_and_send() {
    let m = model();
    assert_eq!(m.operations.len(), 1);
    let op = m
        .operation("get_user")
        .unwrap_or_else(|| panic!("not read"));
    assert_eq!(op.builder, "GetUser");
    assert_eq!(op.operation_id.as_deref(), Some("get_user"));
    let fields: Vec<(&str, String, bool, bool, bool)> = op
        .fields
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                text(&f.value),
                f.optional,
                f.starts_unset,
                f.holds_string,
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("id", "::std::string::String".to_string(), false, true, true),
            ("limit", "u64".to_string(), true, false, false),
            (
                "body",
                "types::builder::User".to_string(),
                false,
                false,
                false
            ),
        ]
    );
    let send = op.send.as_ref().unwrap_or_else(|| panic!("no send"));
    assert_eq!(
        (text(&send.success), text(&send.error)),
        ("types::User".into(), "()".into())
    );
    assert_eq!(
        send.http.as_ref().map(|h| h.path.as_str()),
        Some("/users/{id}")
    );
    assert!(m.by_builder("GetUser").is_some_and(|o| o.body().is_some()));
}

#[test]
fn types_are_read() {
    let m = model();
    let names: Vec<&str> = m.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["User", "Users", "Kind"]);
    let user = m.type_def("User").unwrap_or_else(|| panic!("not read"));
    assert!(user.public && user.field("id").is_some());
    assert!(
        m.type_def("Users")
            .and_then(TypeDef::newtype_field)
            .is_some()
    );
    assert!(matches!(m.type_def("Kind").map(|t| &t.shape), Some(Shape::Enum(v)) if v.len() == 2));
}

#[test]
fn each_line_of_the_text_is_traced_to_the_item_that_holds_it() {
    let m = model();
    let line_of = |needle: &str| {
        CLIENT
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("{needle}"))
    };
    let owner = |needle: &str| match m.at_line(line_of(needle)) {
        Some(Owner::Operation(op)) => format!("op {}", op.method),
        Some(Owner::Type(t)) => format!("type {}", t.name),
        None => "none".to_string(),
    };
    for (needle, expected) in [
        ("/// Gets one.", "op get_user"),
        ("builder::GetUser::new(self)", "op get_user"),
        ("Builder for [`Client::get_user`]", "op get_user"),
        ("limit: Result<Option<u64>, String>,", "op get_user"),
        ("operation_id: \"get_user\"", "op get_user"),
        ("/// A user.", "type User"),
        ("value.clone()", "type User"),
        (
            "id: Result<::std::string::String, String>,\n        }",
            "type User",
        ),
        ("pub struct Users", "type Users"),
        ("B(i64),", "type Kind"),
        ("&self.baseurl", "none"),
        ("pub struct Client {}", "none"),
    ] {
        let needle = needle.split('\n').next().unwrap_or(needle);
        // The first match of a line shared by two items is the one meant here.
        assert_eq!(owner(needle), expected, "{needle}");
    }
}

#[test]
fn a_trait_impl_of_a_builder_counts_as_its_code_and_fills_in_what_the_inherent_one_lacks() {
    let code = r#"impl Client {
    pub fn get_user(&self) -> builder::GetUser<'_> {
        builder::GetUser::new(self)
    }
}
pub mod builder {
    pub struct GetUser<'a> {
        client: &'a super::Client,
    }
    impl<'a> ::userapi_runtime::Call<'a> for GetUser<'a> {
        fn send(self) -> impl ::std::future::Future<Output = Result<ResponseValue<u8>, Error<()>>> + 'a {
            let info = OperationInfo { operation_id: "from_the_trait" };
            todo!()
        }
    }
    impl<'a> GetUser<'a> {
        fn request(self) {
            let info = OperationInfo { operation_id: "get_user" };
        }
    }
}
"#;
    let file: syn::File = syn::parse_str(code).unwrap_or_else(|e| panic!("{e}"));
    let m = ClientModel::read(&file);
    let op = m
        .operation("get_user")
        .unwrap_or_else(|| panic!("not read"));
    assert_eq!(op.operation_id.as_deref(), Some("get_user"));
    assert_eq!(
        op.send.as_ref().map(|s| text(&s.success)),
        Some("u8".to_string())
    );
    assert!(matches!(m.at_line(12), Some(Owner::Operation(o)) if o.method == "get_user"));
}
