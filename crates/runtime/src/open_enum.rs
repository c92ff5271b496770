//! `open_enum!`: string enums that survive values the spec does not know.

/// Declares a `#[non_exhaustive]` string enum with an extra `Unknown(`[`UnknownValue`]`)`
/// variant.
///
/// Known values decode to their variant; any other string decodes to `Unknown` with the string
/// kept as sent, and serialises back to exactly that string. This is how a client generated
/// today keeps working when the server adds an enum value tomorrow.
///
/// Only the runtime makes an [`UnknownValue`] (from the wire, or `From<&str>` / `FromStr` for
/// a text that is no known value), so `Unknown` never holds a value that has its own variant;
/// read it with `as_str()`. `#[non_exhaustive]`: a value the spec adds later becomes a variant
/// in a minor release, so a `match` needs a `_` arm.
///
/// ```
/// userapi_runtime::open_enum! {
///     /// Identity states.
///     pub enum State {
///         /// `active`
///         Active = "active",
///         /// `inactive`
///         Inactive = "inactive",
///     }
/// }
/// let s: State = serde_json::from_str("\"suspended\"").unwrap();
/// assert!(s.is_unknown());
/// assert_eq!(s.as_str(), "suspended");
/// assert_eq!(s, State::from("suspended"));
/// assert_eq!(serde_json::to_string(&s).unwrap(), "\"suspended\"");
/// assert_eq!("active".parse::<State>().unwrap(), State::Active);
/// if let State::Unknown(value) = &s {
///     assert_eq!(value.as_str(), "suspended");
/// }
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the client does not know, kept as the server sent it.
            Unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every value the spec knows, in spec order.
            pub const KNOWN: &'static [&'static str] = &[$($value),*];

            /// The value as it goes on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Unknown(other) => other.as_str(),
                }
            }

            /// Whether the value is one the spec does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Unknown($crate::__private::unknown_value(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            // Not `Self::Err`: a variant named `Err` (or `Error` below) would make it ambiguous.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::TryFrom<&::std::string::String> for $name {
            type Error = ::std::convert::Infallible;
            fn try_from(value: &::std::string::String) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                Ok(Self::from(value.as_str()))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize_str(d)
            }
        }
    };
}

/// The text of an open enum's `Unknown` variant: a value the client does not know, as the
/// server sent it. Only the runtime makes one (see [`open_enum!`]), so no known value can hide
/// in `Unknown`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// The value as it goes on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An [`UnknownValue`] for `open_enum!`'s `From<&str>`, which has already ruled out every
/// known value.
#[doc(hidden)]
pub fn unknown_value(text: &str) -> UnknownValue {
    UnknownValue(text.into())
}

/// Deserialises a string into `T` through `T: From<&str>`, without allocating for it: a known
/// enum value costs a comparison, not a `String` (only `Unknown` keeps one).
#[doc(hidden)]
pub fn deserialize_str<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct Text<T>(std::marker::PhantomData<T>);

    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Text<T> {
        type Value = T;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
    }

    d.deserialize_str(Text(std::marker::PhantomData))
}
