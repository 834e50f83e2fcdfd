//! Reading the models' JSON objects: the code behind every model's `Deserialize` impl.
//!
//! serde's derive writes a field enum with its own visitor, a sequence form and a map form
//! into every type; across a large API that was half of the crate's compile time. A model's
//! impl here is one loop over the object's keys that matches each wire name to a field
//! ([`FromMap`], with the [`MapExt`] and [`Slot`] helpers), and the helpers do the rest once
//! for all models. In a model's impl the map is `__map` and the key `__key`, names no field
//! can have. What a reader sees is
//! what the derive gives: unknown properties are skipped, a missing required property or a
//! repeated one is an error, `null` in an optional property is `None`, and errors carry the
//! line and column when the JSON comes from text. Keys are borrowed from the input when they
//! can be, as the derive does.

// A crate whose spec has no object models uses none of it.
#![allow(dead_code)]

use serde::de::{self, DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A model read from a JSON object's properties, one at a time.
#[doc(hidden)]
pub trait FromMap: Sized {
    /// Reads the properties of `map` into the model.
    fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// A model's `Deserialize`: the JSON object read by the model's [`FromMap`].
pub fn object<'de, T: FromMap, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(Object(PhantomData))
}

struct Object<T>(PhantomData<T>);

impl<'de, T: FromMap> Visitor<'de> for Object<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let name = std::any::type_name::<T>();
        write!(f, "a {} object", name.rsplit("::").next().unwrap_or(name))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A property name, borrowed from the input when it can be.
pub enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// What a model's [`FromMap`] reads a JSON object with: any serde `MapAccess`.
#[doc(hidden)]
pub trait MapExt<'de>: MapAccess<'de> {
    /// The next property name, or `None` at the end of the object.
    fn next_property(&mut self) -> Result<Option<Key<'de>>, Self::Error> {
        self.next_key_seed(KeySeed)
    }

    /// Reads the current property's value into `slot`; a property given twice is an error.
    fn read<T: de::Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), Self::Error> {
        if slot.is_some() {
            return Err(Self::Error::duplicate_field(name));
        }
        *slot = Some(self.next_value()?);
        Ok(())
    }

    /// Skips the current property's value: a property the model does not know.
    fn skip_value(&mut self) -> Result<(), Self::Error> {
        self.next_value::<IgnoredAny>().map(|_| ())
    }
}

impl<'de, A: MapAccess<'de>> MapExt<'de> for A {}

/// What a property read into an `Option` becomes in the model.
#[doc(hidden)]
pub trait Slot<T> {
    /// A required property: present, or the error serde's derive gives.
    fn required<E: de::Error>(self, name: &'static str) -> Result<T, E>;
}

impl<T> Slot<T> for Option<T> {
    fn required<E: de::Error>(self, name: &'static str) -> Result<T, E> {
        self.ok_or_else(|| E::missing_field(name))
    }
}

#[cfg(test)]
mod tests {
    use super::{FromMap, MapExt, Slot, object};
    use serde::de::{Deserialize, Deserializer, MapAccess};

    #[derive(Debug, PartialEq)]
    struct Badge {
        entity: Option<String>,
        unread_count: i64,
        // Nullable: absent is `None`, null `Some(None)`.
        cleared: Option<Option<String>>,
    }

    impl<'de> Deserialize<'de> for Badge {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    impl FromMap for Badge {
        fn from_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let mut entity = None;
            let mut unread_count = None;
            let mut cleared = None;
            while let Some(key) = map.next_property()? {
                match key.as_str() {
                    "entity" => map.read(&mut entity, "entity")?,
                    "unreadCount" => map.read(&mut unread_count, "unreadCount")?,
                    "cleared" => map.read(&mut cleared, "cleared")?,
                    _ => map.skip_value()?,
                }
            }
            Ok(Self {
                entity: entity.flatten(),
                unread_count: unread_count.required("unreadCount")?,
                cleared,
            })
        }
    }

    fn read(json: &str) -> Result<Badge, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_what_the_derive_reads() {
        let badge = read(r#"{"unreadCount": 3, "entity": null, "extra": [{}], "cleared": null}"#);
        let want = Badge {
            entity: None,
            unread_count: 3,
            cleared: Some(None),
        };
        assert_eq!(badge, Ok(want));
        let badge = read(r#"{"unreadCount": 3, "entity": "e"}"#).unwrap();
        assert_eq!(badge.entity.as_deref(), Some("e"));
        assert_eq!(badge.cleared, None);
        let badge = read(r#"{"unreadCount": 3, "cleared": "x"}"#).unwrap();
        assert_eq!(badge.cleared, Some(Some("x".to_owned())));
        // Escaped names are owned, not borrowed; from a `Value`, too.
        assert_eq!(read(r#"{"unread\u0043ount": 4}"#).unwrap().unread_count, 4);
        let value = serde_json::json!({"unreadCount": 5});
        assert_eq!(Badge::deserialize(value).unwrap().unread_count, 5);
    }

    #[test]
    fn errors_are_the_derives() {
        assert_eq!(
            read(r#"{"entity": "e"}"#).unwrap_err(),
            "missing field `unreadCount` at line 1 column 15"
        );
        assert_eq!(
            read(r#"{"unreadCount": "3"}"#).unwrap_err(),
            "invalid type: string \"3\", expected i64 at line 1 column 19"
        );
        assert_eq!(
            read(r#"{"unreadCount": 1, "unreadCount": 2}"#).unwrap_err(),
            "duplicate field `unreadCount` at line 1 column 32"
        );
        assert_eq!(
            read("[3]").unwrap_err(),
            "invalid type: sequence, expected a Badge object at line 1 column 0"
        );
    }
}
