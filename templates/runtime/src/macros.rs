//! `string_enum!` and `one_of!`: the one definition behind every string enum and every
//! discriminated `oneOf` of the models.

/// Defines a string enum that is forward compatible: a value this version does not know
/// deserializes into `Unknown(String)` and serializes back unchanged.
///
/// ```ignore
/// crate::string_enum! {
///     /// The type of room
///     RoomType {
///         /// `adhoc`
///         Adhoc = "adhoc",
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Non-exhaustive: a later minor version may know more values (a value that arrived as
        /// `Unknown` then arrives as its own variant; compare with
        #[doc = concat!("[`", stringify!($name), "::as_str`]")]
        /// where that matters).
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )*
            /// A value this version of the SDK does not know; it is sent back as received.
            Unknown(String),
        }

        impl $name {
            /// The value as it is sent over the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::query::QueryValue for $name {
            fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.as_str().to_owned()));
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}

/// Defines the type of a discriminated `oneOf`: one variant per value of the discriminator
/// property, each holding (boxed) the model that value selects. A value this version does not
/// know deserializes into `Unknown` with the JSON as received, and serializes back unchanged.
///
/// The discriminator stays in the JSON the variant's model reads (models that declare the
/// property keep it), and is added when a variant's model does not write it.
///
/// ```ignore
/// crate::one_of! {
///     /// A pet.
///     Pet by "petType" {
///         /// `cat`: a [`Cat`](super::Cat).
///         Cat(super::Cat) = "cat",
///     }
/// }
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! one_of {
    (
        $(#[$meta:meta])*
        $name:ident by $property:literal {
            $( $(#[$variant_meta:meta])* $variant:ident($model:ty) = $tag:literal, )*
        }
    ) => {
        $(#[$meta])*
        ///
        /// Non-exhaustive: a later minor version may know more kinds.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant(::std::boxed::Box<$model>), )*
            /// A kind this version of the SDK does not know, as received; it is sent back
            /// unchanged.
            Unknown(::serde_json::Value),
        }

        impl $name {
            /// The name of the property that tells the variants apart.
            pub const DISCRIMINATOR: &'static str = $property;

            /// The discriminator's value for this variant (`None` for an `Unknown` without one).
            pub fn kind(&self) -> Option<&str> {
                match self {
                    $( Self::$variant(_) => Some($tag), )*
                    Self::Unknown(value) => value.get($property).and_then(::serde_json::Value::as_str),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::Error as _;
                let (tag, mut value) = match self {
                    $(
                        Self::$variant(inner) => (
                            $tag,
                            ::serde_json::to_value(inner).map_err(S::Error::custom)?,
                        ),
                    )*
                    Self::Unknown(value) => return value.serialize(serializer),
                };
                if let Some(object) = value.as_object_mut() {
                    object
                        .entry($property)
                        .or_insert_with(|| ::serde_json::Value::from(tag));
                }
                value.serialize(serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::serde::de::Error as _;
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get($property).and_then(::serde_json::Value::as_str);
                match tag {
                    $(
                        Some($tag) => ::serde_json::from_value(value)
                            .map(|inner| Self::$variant(::std::boxed::Box::new(inner)))
                            .map_err(D::Error::custom),
                    )*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    };
}
