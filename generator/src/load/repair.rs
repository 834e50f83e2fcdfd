//! What the typed read would drop or refuse, put right on the document as JSON values first,
//! each with a located warning:
//!
//! - a path key without a leading `/` (the typed model drops it, operations and all) is taken
//!   with one;
//! - a path item key that is not a field of a path item: an uppercase method (`GET`) is read as
//!   the method; anything else is said to be left out;
//! - an empty `enum`, which no value satisfies, is read as no `enum`;
//! - a path item that is a `$ref` to another path item of the document takes its content;
//! - a `$ref` to a node anywhere in the document (`#/paths/.../schema`, a property of another
//!   schema), where the generator resolves `#/components/<kind>/<name>`: the node moves to
//!   `components` under a name of its own, and both the `$ref`s and its old place point there.
//!
//! [`needed`] looks at the text first, so that a document with none of these is read as before,
//! straight into the typed model.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::Source;
use super::swagger2::PointerMap;
use crate::diagnostics::{Diagnostic, Diagnostics, pointer_push, pointer_segments};
use crate::ir::HttpMethod;
use crate::lower::naming;

/// The fields of a path item besides its operations.
const PATH_ITEM_FIELDS: [&str; 5] = ["$ref", "summary", "description", "servers", "parameters"];

/// The `components` a `$ref` can point into, by the kind of node it stands for.
const KINDS: [&str; 5] = [
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
];

/// Whether the text shows that the document needs [`repair`]: an empty `enum`, or a `$ref` to
/// something other than a component (a cheap look at the text; the path keys are looked at on
/// the parsed document, [`odd_path_keys`]).
pub fn needed_by_text(source: &Source) -> bool {
    odd_refs(&source.text) || empty_enum(&source.text)
}

/// Whether the document has a path key or path item key the typed model would drop.
pub fn odd_path_keys(doc: &Value) -> bool {
    doc.get("paths")
        .and_then(Value::as_object)
        .is_some_and(|paths| {
            paths.iter().any(|(path, item)| {
                !path.starts_with('/') && !path.starts_with("x-")
                    || item.as_object().is_some_and(|item| {
                        item.keys()
                            .any(|key| !is_path_item_key(key) || key == "$ref")
                    })
            })
        })
}

fn is_path_item_key(key: &str) -> bool {
    HttpMethod::from_key(key).is_some() || PATH_ITEM_FIELDS.contains(&key) || key.starts_with("x-")
}

/// Every `$ref` value in the text, JSON or YAML, quoted or not.
fn ref_values(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("$ref").filter_map(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let rest = rest.strip_prefix(':')?.trim_start();
        let (quote, rest) = match rest.chars().next()? {
            q @ ('"' | '\'') => (Some(q), &rest[1..]),
            _ => (None, rest),
        };
        let end = rest
            .find(|c: char| match quote {
                Some(q) => c == q,
                None => c.is_whitespace() || c == ',' || c == '}',
            })
            .unwrap_or(rest.len());
        Some(&rest[..end])
    })
}

/// Whether a `$ref` points at something other than a whole local component.
fn is_odd_ref(reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix('#') else {
        // Another file: the lowering says so.
        return false;
    };
    let segments: Vec<String> = pointer_segments(pointer).collect();
    !(segments.len() == 3 && segments[0] == "components")
}

fn odd_refs(text: &str) -> bool {
    ref_values(text).any(is_odd_ref)
}

/// `enum: []` or `"enum": []`, with any spacing.
fn empty_enum(text: &str) -> bool {
    text.match_indices("enum").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        rest.strip_prefix(':')
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix('['))
            .is_some_and(|r| r.trim_start().starts_with(']'))
    })
}

/// Puts the document right (see the module); returns how its nodes map back to the original
/// places, and the warnings, located in the original.
pub fn repair(doc: &mut Value) -> (PointerMap, Diagnostics) {
    let mut origin = PointerMap::default();
    let mut diags = Diagnostics::default();
    path_keys(doc, &mut origin, &mut diags);
    empty_enums(doc, "", &mut diags);
    hoist_refs(doc, &mut origin);
    (origin, diags)
}

fn path_keys(doc: &mut Value, origin: &mut PointerMap, diags: &mut Diagnostics) {
    // A path item that is a `$ref` to another in this document takes its place.
    let copies: Vec<(String, String, Value)> = doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(key, item)| {
            let reference = percent_decoded(item.get("$ref")?.as_str()?.strip_prefix('#')?);
            let target = doc.pointer(&reference)?.as_object()?;
            let mut merged = target.clone();
            for (k, v) in item.as_object()? {
                if k != "$ref" {
                    merged.insert(k.clone(), v.clone());
                }
            }
            Some((key.clone(), reference, Value::Object(merged)))
        })
        .collect();
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for (key, from, item) in copies {
        origin.add(pointer_push("/paths", &key), from);
        paths.insert(key, item);
    }
    let old = std::mem::take(paths);
    for (key, mut item) in old {
        let at = pointer_push("/paths", &key);
        let key = if key.starts_with('/') || key.starts_with("x-") || old_has(paths, &key) {
            key
        } else {
            let fixed = format!("/{key}");
            diags.push(Diagnostic::warning(
                &at,
                format!("path `{key}` does not start with `/`; it is read as `{fixed}`"),
            ));
            origin.add(pointer_push("/paths", &fixed), at.clone());
            fixed
        };
        if let Value::Object(fields) = &mut item {
            item_keys(fields, &at, diags);
        }
        paths.insert(key, item);
    }
}

fn old_has(paths: &Map<String, Value>, key: &str) -> bool {
    paths.contains_key(&format!("/{key}"))
}

fn item_keys(fields: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    let odd: Vec<String> = fields
        .keys()
        .filter(|k| !is_path_item_key(k))
        .cloned()
        .collect();
    for key in odd {
        let here = pointer_push(at, &key);
        let lower = key.to_ascii_lowercase();
        if HttpMethod::from_key(&lower).is_some() && !fields.contains_key(&lower) {
            diags.push(Diagnostic::warning(
                here,
                format!("`{key}` is not a path item field (methods are lowercase); it is read as `{lower}`"),
            ));
            if let Some(op) = fields.remove(&key) {
                fields.insert(lower, op);
            }
        } else {
            diags.push(Diagnostic::warning(
                here,
                format!(
                    "`{key}` is not a path item field (`get`, `put`, `post`, `delete`, `options`, `head`, `patch`, `trace`, `parameters`, ...); what it holds is left out"
                ),
            ));
        }
    }
}

fn empty_enums(node: &mut Value, at: &str, diags: &mut Diagnostics) {
    match node {
        Value::Object(map) => {
            if map
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
            {
                diags.push(Diagnostic::warning(
                    pointer_push(at, "enum"),
                    "an empty `enum` allows no value at all; it is read as if there were no `enum`",
                ));
                map.remove("enum");
            }
            for (key, value) in map.iter_mut() {
                empty_enums(value, &pointer_push(at, key), diags);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter_mut().enumerate() {
                empty_enums(value, &pointer_push(at, &i.to_string()), diags);
            }
        }
        _ => {}
    }
}

/// A `$ref` found in the document: where its object is, and what it says.
struct Found {
    at: String,
    reference: String,
}

fn collect_refs(node: &Value, at: &str, out: &mut Vec<Found>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(Found {
                    at: at.to_owned(),
                    reference: reference.clone(),
                });
            }
            for (key, value) in map {
                collect_refs(value, &pointer_push(at, key), out);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                collect_refs(value, &pointer_push(at, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// What kind of node sits at `at`, by where it is: a schema, a parameter, ... (`None` when the
/// place does not say).
pub(super) fn kind_of_place(at: &str) -> Option<&'static str> {
    let segments: Vec<String> = pointer_segments(at).collect();
    let n = segments.len();
    let last = |k: usize| (n >= k).then(|| segments[n - k].as_str());
    if n == 3 && segments[0] == "components" {
        return KINDS.iter().find(|k| **k == segments[1]).copied();
    }
    match (last(1), last(2)) {
        (Some("schema" | "items" | "additionalProperties" | "not"), _)
        | (_, Some("properties" | "allOf" | "oneOf" | "anyOf")) => Some("schemas"),
        (Some("requestBody"), _) => Some("requestBodies"),
        (_, Some("parameters")) => Some("parameters"),
        (_, Some("responses")) => Some("responses"),
        (_, Some("headers")) => Some("headers"),
        _ => None,
    }
}

/// `%7B` -> `{`: a `$ref` is a URI, and its fragment may be percent-encoded.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// Moves every node a `$ref` points at outside `components` into `components`, deepest first
/// (so that a node moved later carries the `$ref`s to those moved before).
fn hoist_refs(doc: &mut Value, origin: &mut PointerMap) {
    let mut found = Vec::new();
    collect_refs(doc, "", &mut found);
    // target pointer -> the kind of node the referring places expect
    let mut targets: BTreeMap<String, &'static str> = BTreeMap::new();
    for f in &found {
        if !f.reference.starts_with('#') || !is_odd_ref(&f.reference) {
            continue;
        }
        let Some(kind) = kind_of_place(&f.at) else {
            continue;
        };
        targets.insert(percent_decoded(&f.reference[1..]), kind);
    }
    let mut order: Vec<(String, &'static str)> = targets.into_iter().collect();
    order.sort_by_key(|(target, _)| std::cmp::Reverse(target.matches('/').count()));
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    for (target, kind) in order {
        let Some(node) = doc.pointer(&target).cloned() else {
            continue;
        };
        // A `$ref` to a `$ref`: the referrers can point where it points.
        if let Some(Value::String(further)) = node.get("$ref") {
            if node.as_object().is_some_and(|o| o.len() == 1) {
                moved.insert(target, further.clone());
                continue;
            }
        }
        let name = component_name(doc, &target, kind);
        let new_ref = format!("#/components/{kind}/{name}");
        let Some(table) = components_table(doc, kind) else {
            continue;
        };
        table.insert(name.clone(), node);
        if let Some(old) = doc.pointer_mut(&target) {
            *old = json!({ "$ref": new_ref });
        }
        origin.add(
            pointer_push(&pointer_push("/components", kind), &name),
            target.clone(),
        );
        moved.insert(target, new_ref);
    }
    if !moved.is_empty() {
        rewrite_refs(doc, &moved);
    }
}

fn components_table<'d>(doc: &'d mut Value, kind: &str) -> Option<&'d mut Map<String, Value>> {
    let top = doc.as_object_mut()?;
    let components = top
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()?;
    components
        .entry(kind)
        .or_insert_with(|| Value::Object(Map::new()))
        .as_object_mut()
}

fn rewrite_refs(node: &mut Value, moved: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(target) = reference.strip_prefix('#').map(percent_decoded) {
                    if let Some(new_ref) = moved.get(&target) {
                        *reference = new_ref.clone();
                    }
                }
            }
            for value in map.values_mut() {
                rewrite_refs(value, moved);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, moved)),
        _ => {}
    }
}

/// A free name in `components/<kind>` for the node at `target`: after the operation it sits in
/// (`getItem` + `responses/200/...` -> `GetItemResponse200`), or the schema and properties it
/// sits in (`Item` + `properties/owner` -> `ItemOwner`).
fn component_name(doc: &Value, target: &str, kind: &str) -> String {
    const STRUCTURE: [&str; 11] = [
        "components",
        "schemas",
        "properties",
        "items",
        "content",
        "schema",
        "paths",
        "parameters",
        "requestBody",
        "responses",
        "headers",
    ];
    let segments: Vec<String> = pointer_segments(target).collect();
    let mut words: Vec<String> = Vec::new();
    let mut rest: &[String] = &segments;
    if segments.first().map(String::as_str) == Some("paths") && segments.len() >= 3 {
        let op = format!(
            "/paths/{}/{}",
            segments[1].replace('~', "~0").replace('/', "~1"),
            segments[2].replace('~', "~0").replace('/', "~1")
        );
        match doc
            .pointer(&format!("{op}/operationId"))
            .and_then(Value::as_str)
        {
            Some(id) => words.push(id.to_owned()),
            None => {
                words.push(segments[2].clone());
                words.push(segments[1].clone());
            }
        }
        rest = &segments[3..];
        if let Some(first) = rest.first() {
            match first.as_str() {
                "responses" => words.push("response".to_owned()),
                "requestBody" => words.push("body".to_owned()),
                "parameters" => words.push("param".to_owned()),
                _ => {}
            }
        }
    }
    words.extend(
        rest.iter()
            .filter(|s| !STRUCTURE.contains(&s.as_str()) && !s.contains('/'))
            .cloned(),
    );
    let base = naming::pascal(&words.join(" "));
    let taken = |name: &str| {
        doc.pointer(&format!("/components/{kind}"))
            .and_then(|t| t.get(name))
            .is_some()
    };
    std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}{n}")))
        .find(|n| !taken(n))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests;
