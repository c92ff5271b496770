//! What the generated code calls in place of progenitor's response and query helpers (an xtask
//! fix-up swaps them in): the body the runtime already read is decoded where it is, without
//! copying the response's headers, and an unset optional query parameter costs nothing.

use crate::call;
use progenitor_client::{Error, QueryParam, ResponseValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Decodes an answer's JSON body into `T`, in place of progenitor's
/// `ResponseValue::from_response`: the body is the one the runtime read (no second read), the
/// headers are moved, not copied. For an error status, or a body that does not decode, the
/// answer's URL (and on a decode failure its status and headers) is recorded for the error; a
/// page of a paging stream has its URL noted for a paging error.
#[doc(hidden)]
pub async fn from_response<T: DeserializeOwned, E>(
    mut response: reqwest::Response,
) -> Result<ResponseValue<T>, Error<E>> {
    crate::paging::note_url(response.url());
    let status = response.status();
    let failed = !status.is_success();
    let Some(body) = call::body(failed) else {
        // Not read by the runtime (no call around it): progenitor's way.
        return ResponseValue::from_response(response).await;
    };
    let headers = std::mem::take(response.headers_mut());
    match serde_json::from_slice(&body) {
        Ok(inner) => {
            if failed {
                call::record(note_url(&response));
            }
            Ok(ResponseValue::new(inner, status, headers))
        }
        Err(e) => {
            let url = note_url(&response);
            call::record(|c| {
                url(c);
                c.status = Some(status);
                c.headers = headers;
            });
            Err(Error::InvalidResponsePayload(body, e))
        }
    }
}

/// A body-less answer, in place of progenitor's `ResponseValue::empty` (the headers are moved,
/// not copied).
#[doc(hidden)]
pub fn empty(mut response: reqwest::Response) -> ResponseValue<()> {
    if !response.status().is_success() {
        call::record(note_url(&response));
    }
    let headers = std::mem::take(response.headers_mut());
    ResponseValue::new((), response.status(), headers)
}

/// Records the answer's URL for the call's error (unless one is recorded already).
fn note_url(response: &reqwest::Response) -> impl FnOnce(&mut crate::error::Context) + use<> {
    let url = response.url().to_string();
    move |c| {
        if c.url.is_none() {
            c.url = Some(url);
        }
    }
}

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
