//! The typed read of a JSON document in pieces, on every core.
//!
//! openapiv3's types flatten their extensions, so serde buffers a whole object before it reads
//! it: read at once, the platform document is buffered at the top, again under `components`,
//! and again under `paths`, all on one core. Here the document is first split without being
//! read (raw slices of the text), each schema and each path item is read on its own, on every
//! core, and the rest (the small part: info, servers, tags, the other components) is read as
//! one document. The result is the same `OpenAPI` value as the whole read gives; anything this
//! does not handle the same way (a repeated key where serde would refuse it, a piece that does
//! not read) gives `None`, and the caller reads the document whole, which also words the error.

use std::fmt;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr, Schema};
use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// The typed document, read in pieces; `None` when the whole read must decide.
pub fn read(text: &str) -> Option<OpenAPI> {
    let top: Top<'_> = serde_json::from_str(text).ok()?;
    // Keys that serde reads into a struct's fields must not repeat (it refuses them); keys of
    // maps may (the last value wins, in the place of the first), as `IndexMap` does below.
    if repeats(top.members.iter().map(|(key, _)| key))
        || repeats(top.components.iter().map(|(key, _)| key))
    {
        return None;
    }
    let (path_items, other_paths): (Vec<_>, Vec<_>) = top
        .paths
        .iter()
        .map(|(key, raw)| (key.as_str(), raw.get()))
        .partition(|(key, _)| key.starts_with('/'));
    let schemas: Vec<(&str, &str)> = top
        .schemas
        .iter()
        .map(|(key, raw)| (key.as_str(), raw.get()))
        .collect();

    // The small part: the document with the schemas and path items taken out.
    let mut components = String::new();
    object(
        &mut components,
        top.components
            .iter()
            .map(|(key, raw)| (key.as_str(), raw.map_or("{}", RawValue::get))),
    );
    let mut paths = String::new();
    object(&mut paths, other_paths.into_iter());
    let mut rest = String::with_capacity(4096);
    let members = top.members.iter().map(|(key, member)| {
        let raw = match member {
            Member::Raw(raw) => raw.get(),
            Member::Components => components.as_str(),
            Member::Paths => paths.as_str(),
        };
        (key.as_str(), raw)
    });
    object(&mut rest, members);

    // The reads recurse as deep as the document nests (serde buffers every level): they run on
    // the generator's threads, whose stacks are large (not on rayon's default 2 MiB ones).
    let (spec, (schemas, path_items)) = crate::pool().ok()?.install(|| {
        rayon::join(
            || serde_json::from_str::<OpenAPI>(&rest).ok(),
            || {
                rayon::join(
                    || read_all::<Schemas>(&schemas),
                    || read_all::<PathItems>(&path_items),
                )
            },
        )
    });
    let mut spec = spec?;
    let (schemas, path_items) = (schemas?, path_items?);
    if !schemas.is_empty() {
        spec.components.get_or_insert_with(Default::default).schemas = schemas;
    }
    spec.paths.paths = path_items;
    Some(spec)
}

fn repeats<'a>(keys: impl Iterator<Item = &'a String>) -> bool {
    let mut keys: Vec<&str> = keys.map(String::as_str).collect();
    keys.sort_unstable();
    keys.windows(2).any(|w| w[0] == w[1])
}

/// How a kind of piece is read: as a `Value`, from its text wrapped in as many arrays as the
/// piece sits deep in the document, so that serde_json's nesting limit (128) counts from the
/// document's root, as in the whole read. (`[[[schema]]]`: the top object, `components`,
/// `schemas`.)
trait Piece {
    type Value: serde::de::DeserializeOwned + Send;
    type Wrapped: serde::de::DeserializeOwned;
    const DEPTH: usize;
    fn unwrap(wrapped: Self::Wrapped) -> Self::Value;
}

enum Schemas {}

impl Piece for Schemas {
    type Value = ReferenceOr<Schema>;
    type Wrapped = (((ReferenceOr<Schema>,),),);
    const DEPTH: usize = 3;
    fn unwrap((((value,),),): Self::Wrapped) -> Self::Value {
        value
    }
}

enum PathItems {}

impl Piece for PathItems {
    type Value = ReferenceOr<PathItem>;
    type Wrapped = ((ReferenceOr<PathItem>,),);
    const DEPTH: usize = 2;
    fn unwrap(((value,),): Self::Wrapped) -> Self::Value {
        value
    }
}

/// Each piece read on every core, into a map in the order of the keys.
fn read_all<P: Piece>(entries: &[(&str, &str)]) -> Option<IndexMap<String, P::Value>> {
    let values: Vec<P::Value> = entries
        .par_iter()
        .map(|(_, raw)| {
            let mut text = String::with_capacity(raw.len() + 2 * P::DEPTH);
            text.extend(std::iter::repeat_n('[', P::DEPTH));
            text.push_str(raw);
            text.extend(std::iter::repeat_n(']', P::DEPTH));
            serde_json::from_str(&text).ok().map(P::unwrap)
        })
        .collect::<Option<_>>()?;
    let mut out = IndexMap::with_capacity(values.len());
    for ((key, _), value) in entries.iter().zip(values) {
        out.insert((*key).to_owned(), value);
    }
    Some(out)
}

/// Writes `{"key": value, ...}` to `out`.
fn object<'a>(out: &mut String, entries: impl Iterator<Item = (&'a str, &'a str)>) {
    out.push('{');
    for (i, (key, raw)) in entries.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A key read back from JSON writes as JSON.
        out.push_str(&serde_json::to_string(key).unwrap_or_default());
        out.push(':');
        out.push_str(raw);
    }
    out.push('}');
}

/// The document split in one pass, nothing read: its members, and the members of
/// `components`, `components.schemas` and `paths`.
#[derive(Default)]
struct Top<'a> {
    members: Vec<(String, Member<'a>)>,
    /// `schemas` has no raw value here (its members are in `schemas`).
    components: Vec<(String, Option<&'a RawValue>)>,
    schemas: Vec<(String, &'a RawValue)>,
    paths: Vec<(String, &'a RawValue)>,
}

enum Member<'a> {
    Raw(&'a RawValue),
    Components,
    Paths,
}

/// The members of a JSON object, in order, their values unread.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Top<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TopVisitor;
        impl<'de> Visitor<'de> for TopVisitor {
            type Value = Top<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut top = Top::default();
                while let Some(key) = map.next_key::<String>()? {
                    let member = match key.as_str() {
                        "components" => {
                            let c: Components<'de> = map.next_value()?;
                            top.components = c.members;
                            top.schemas = c.schemas;
                            Member::Components
                        }
                        "paths" => {
                            top.paths = map.next_value::<Members<'de>>()?.0;
                            Member::Paths
                        }
                        _ => Member::Raw(map.next_value()?),
                    };
                    top.members.push((key, member));
                }
                Ok(top)
            }
        }
        deserializer.deserialize_map(TopVisitor)
    }
}

/// `components`: its members, and those of its `schemas`.
struct Components<'a> {
    members: Vec<(String, Option<&'a RawValue>)>,
    schemas: Vec<(String, &'a RawValue)>,
}

impl<'de> Deserialize<'de> for Components<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ComponentsVisitor;
        impl<'de> Visitor<'de> for ComponentsVisitor {
            type Value = Components<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Components {
                    members: Vec::new(),
                    schemas: Vec::new(),
                };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "schemas" {
                        out.schemas.extend(map.next_value::<Members<'de>>()?.0);
                        out.members.push((key, None));
                    } else {
                        let raw = map.next_value()?;
                        out.members.push((key, Some(raw)));
                    }
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(ComponentsVisitor)
    }
}

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    out.push(entry);
                }
                Ok(Members(out))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Option<OpenAPI> {
        serde_json::from_str(text).ok()
    }

    #[test]
    fn the_pieces_make_the_same_document_as_the_whole_read() {
        let text = r##"{
          "openapi": "3.0.3", "x-top": {"a": [1, 2]},
          "info": {"title": "T \"quoted\"", "version": "1"},
          "servers": [{"url": "https://api.example.com"}],
          "tags": [{"name": "Chat"}],
          "paths": {
            "x-paths-ext": true,
            "/b/{id}": {"get": {"operationId": "b", "responses": {"200": {"description": "ok"}}}},
            "odd": {"get": {"responses": {}}},
            "/a": {"$ref": "#/components/x"},
            "/b/{id}": {"put": {"operationId": "b2", "responses": {"204": {"description": "no"}}}}
          },
          "components": {
            "x-comp": 1,
            "parameters": {"p": {"name": "p", "in": "query", "schema": {"type": "string"}}},
            "schemas": {
              "Z": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
              "A": {"type": "string", "enum": ["x", "y"], "x-ext": "e"},
              "Z": {"type": "integer"}
            }
          }
        }"##;
        let pieces = read(text).expect("read in pieces");
        assert_eq!(Some(pieces), whole(text));
    }

    #[test]
    fn documents_without_components_or_paths_read_the_same() {
        let text = r#"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#;
        assert_eq!(read(text), whole(text));
        let with_empty = r#"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {}}"#;
        assert_eq!(read(with_empty), whole(with_empty));
    }

    #[test]
    fn the_nesting_limit_counts_from_the_documents_root() {
        // A schema extension nested `levels` arrays deep: the whole read's limit is 128 levels
        // from the root, where the schema itself is the fourth.
        let doc = |levels: usize| {
            format!(
                r#"{{"openapi": "3.0.0", "info": {{"title": "T", "version": "1"}}, "paths": {{"/a": {{"x-deep": {p}1{q}}}}}, "components": {{"schemas": {{"A": {{"x-deep": {a}1{b}}}}}}}}}"#,
                p = "[".repeat(levels - 1),
                q = "]".repeat(levels - 1),
                a = "[".repeat(levels),
                b = "]".repeat(levels),
            )
        };
        for levels in [100, 123, 124, 125, 126, 130] {
            let text = doc(levels);
            assert_eq!(read(&text).is_some(), whole(&text).is_some(), "{levels}");
            assert_eq!(read(&text), whole(&text), "{levels}");
        }
        assert!(whole(&doc(100)).is_some() && whole(&doc(130)).is_none());
    }

    #[test]
    fn what_the_whole_read_refuses_is_left_to_it() {
        // A repeated field: serde refuses it.
        let repeated = r#"{"openapi": "3.0.0", "openapi": "3.0.1", "info": {"title": "T", "version": "1"}, "paths": {}}"#;
        assert_eq!(whole(repeated), None);
        assert_eq!(read(repeated), None);
        // A schema of the wrong shape, and text that is not JSON.
        let wrong = r#"{"openapi": "3.0.0", "info": {"title": "T", "version": "1"}, "paths": {}, "components": {"schemas": {"A": 3}}}"#;
        assert_eq!(read(wrong), None);
        assert_eq!(read("openapi: 3.0.0"), None);
    }
}
