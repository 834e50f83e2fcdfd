//! Writing the models' JSON objects: the helper behind every model's `Serialize` impl.
//!
//! A model's impl is written out rather than derived (as its `Deserialize` is, see `de`): it
//! counts the fields it will write, opens a struct of that length, writes each field under its
//! wire name in the order of the spec, leaves out the optional ones that are `None`, and closes
//! the struct. That is what serde's derive with `skip_serializing_if = "Option::is_none"` does,
//! call for call, so every serializer sees the same thing; the derive's expansion cost the
//! compiler more, on every one of a large API's models.

// A crate whose spec has no object models uses none of it.
#![allow(dead_code)]

use serde::Serialize;

/// The serializer's struct methods, which every model's impl calls.
pub use serde::ser::SerializeStruct;

/// A struct's fields that are left out when they are `None`.
#[doc(hidden)]
pub trait Optional: SerializeStruct {
    /// Writes `value` under `key` when it is `Some`; else tells the serializer the field is
    /// skipped.
    fn optional<T: Serialize>(
        &mut self,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), Self::Error> {
        if value.is_some() {
            self.serialize_field(key, value)
        } else {
            self.skip_field(key)
        }
    }
}

impl<S: SerializeStruct> Optional for S {}
