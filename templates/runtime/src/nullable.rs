//! Fields that tell "absent" from "null", for the properties a spec marks `nullable`.
//!
//! Such a field is an `Option<Option<T>>`:
//! - `None`: absent; not sent, so a `PATCH` leaves the value alone;
//! - `Some(None)`: an explicit `null`; a `PATCH` clears the value;
//! - `Some(Some(value))`: a value.

use serde::{Deserialize, Deserializer};

/// Reads a present field, `null` included, as `Some(..)`; serde's `default` covers absence.
///
/// The models read their own fields this way; this is for types of your own that hold a
/// field of the same shape: `#[serde(default, deserialize_with = "nullable::deserialize")]`.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
