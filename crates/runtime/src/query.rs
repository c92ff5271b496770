//! What the generated code calls in place of progenitor's query helper (an xtask fix-up swaps
//! it in): an unset optional query parameter costs nothing.

use progenitor_client::QueryParam;
use serde::Serialize;

/// Adds the query parameter `name` unless `value` is `None` (progenitor's `QueryParam` adds
/// nothing for it either, but only after reqwest has taken the URL's query apart).
#[doc(hidden)]
pub fn query<T: Serialize>(
    builder: reqwest::RequestBuilder,
    name: &str,
    value: &T,
) -> reqwest::RequestBuilder {
    if matches!(value.serialize(NoneProbe), Ok(true)) {
        builder
    } else {
        builder.query(&QueryParam::new(name, value))
    }
}

/// A serializer that only tells whether a value is `None`.
struct NoneProbe;

/// Anything but a plain value or `None`: not probed further.
#[derive(Debug)]
struct NotProbed;

impl std::fmt::Display for NotProbed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not probed")
    }
}

impl std::error::Error for NotProbed {}

impl serde::ser::Error for NotProbed {
    fn custom<M: std::fmt::Display>(_: M) -> Self {
        NotProbed
    }
}

macro_rules! not_none {
    ($($f:ident: $t:ty),*) => {
        $(fn $f(self, _: $t) -> Result<bool, NotProbed> {
            Ok(false)
        })*
    };
}

impl serde::Serializer for NoneProbe {
    type Ok = bool;
    type Error = NotProbed;
    type SerializeSeq = serde::ser::Impossible<bool, NotProbed>;
    type SerializeTuple = serde::ser::Impossible<bool, NotProbed>;
    type SerializeTupleStruct = serde::ser::Impossible<bool, NotProbed>;
    type SerializeTupleVariant = serde::ser::Impossible<bool, NotProbed>;
    type SerializeMap = serde::ser::Impossible<bool, NotProbed>;
    type SerializeStruct = serde::ser::Impossible<bool, NotProbed>;
    type SerializeStructVariant = serde::ser::Impossible<bool, NotProbed>;

    not_none!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_char: char,
        serialize_str: &str, serialize_bytes: &[u8]
    );

    fn serialize_none(self) -> Result<bool, NotProbed> {
        Ok(true)
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<bool, NotProbed> {
        Ok(false)
    }

    fn serialize_unit(self) -> Result<bool, NotProbed> {
        Ok(false)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<bool, NotProbed> {
        Ok(false)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
    ) -> Result<bool, NotProbed> {
        Ok(false)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<bool, NotProbed> {
        Ok(false)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<bool, NotProbed> {
        Ok(false)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotProbed> {
        Err(NotProbed)
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotProbed> {
        Err(NotProbed)
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotProbed> {
        Err(NotProbed)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotProbed> {
        Err(NotProbed)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotProbed> {
        Err(NotProbed)
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotProbed> {
        Err(NotProbed)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotProbed> {
        Err(NotProbed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> String {
        // Through the runtime's builder: with `rustls-ring` it installs the crypto provider.
        let client = crate::tls::client_builder().build().unwrap();
        let request = build(client.get("http://127.0.0.1/x")).build().unwrap();
        request.url().to_string()
    }

    #[test]
    fn an_unset_parameter_adds_nothing_and_a_set_one_what_progenitor_adds() {
        let none: Option<Vec<String>> = None;
        let some = Some(vec!["a b".to_string(), "c".to_string()]);
        for (name, value) in [("none", &none), ("some", &some)] {
            let ours = url(|b| query(b, name, value));
            let theirs = url(|b| b.query(&QueryParam::new(name, value)));
            assert_eq!(ours, theirs);
        }
        assert_eq!(
            url(|b| query(b, "n", &Option::<u64>::None)),
            "http://127.0.0.1/x"
        );
        assert_eq!(url(|b| query(b, "n", &7u64)), "http://127.0.0.1/x?n=7");
        assert_eq!(url(|b| query(b, "n", &Some("x"))), "http://127.0.0.1/x?n=x");
    }
}
