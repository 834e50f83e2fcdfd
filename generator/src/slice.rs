//! Cuts one tag's operations, and every component they reach, out of a whole platform document.
//!
//! Works on the document as JSON values, so everything the generator does not model (vendor
//! extensions, examples, security schemes) is kept as written. The output is standalone: every
//! `$ref` in it resolves inside it. Order is deterministic: paths sorted by path, operations in
//! the order `get put post delete options head patch trace`, components sorted by name.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, component_ref, pointer_push};
use crate::ir::HttpMethod;

/// The keys of a path item's operations, in the order OpenAPI lists them.
fn methods() -> impl Iterator<Item = &'static str> {
    HttpMethod::ALL.into_iter().map(HttpMethod::key)
}

/// What [`slice`] found.
#[derive(Debug)]
pub struct Slice {
    pub document: Value,
    pub operations: usize,
    pub components: usize,
    /// Operations marked `x-genesys-preview` (see [`crate::preview::merge`]).
    pub preview: usize,
}

/// The operations tagged `tag`, with the components they reach.
pub fn slice(doc: &Value, tag: &str) -> Result<Slice, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        diags.push(Diagnostic::error("/paths", "the document has no `paths`"));
        return Err(diags);
    };
    let mut kept: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut operations = 0;
    let mut preview = 0;
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let mut out = Map::new();
        for method in methods() {
            let Some(op) = item.get(method) else { continue };
            let tagged = op
                .get("tags")
                .and_then(Value::as_array)
                .is_some_and(|t| t.iter().any(|x| x == tag));
            if !tagged {
                continue;
            }
            if op.get(crate::preview::PREVIEW) == Some(&Value::Bool(true)) {
                preview += 1;
            }
            out.insert(method.to_owned(), op.clone());
            operations += 1;
        }
        if out.is_empty() {
            continue;
        }
        // What the path item says besides operations (shared parameters, extensions).
        for (key, value) in item {
            if HttpMethod::from_key(key).is_none() {
                out.insert(key.clone(), value.clone());
            }
        }
        kept.insert(path.clone(), out);
    }
    if operations == 0 {
        let mut tags: Vec<&str> = doc
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|t| t.get("name").and_then(Value::as_str))
            .collect();
        tags.sort_unstable();
        let d = Diagnostic::error("/paths", format!("no operation is tagged `{tag}`"));
        let near: Vec<String> = tags
            .iter()
            .filter(|t| strsim::jaro_winkler(&t.to_lowercase(), &tag.to_lowercase()) > 0.8)
            .map(|t| format!("`{t}`"))
            .collect();
        diags.push(if near.is_empty() {
            d
        } else {
            d.with_help(format!("tags in the document include {}", near.join(", ")))
        });
        return Err(diags);
    }

    // Every component reachable from the kept operations, following `$ref`s.
    let components = doc.get("components").and_then(Value::as_object);
    let mut reached: BTreeMap<(String, String), Value> = BTreeMap::new();
    let mut pending: Vec<(String, String)> = Vec::new();
    let kept_value = Value::Object(
        kept.iter()
            .map(|(k, v)| (k.clone(), Value::Object(v.clone())))
            .collect(),
    );
    collect_refs(&kept_value, &mut pending);
    // The schemas of the notification topics (see `crate::topics`).
    if let Some(topics) = doc.get(crate::topics::EXTENSION) {
        collect_refs(topics, &mut pending);
    }
    let mut security: BTreeSet<String> = BTreeSet::new();
    collect_security(doc.get("security"), &mut security);
    for item in kept.values() {
        for (_, op) in item
            .iter()
            .filter(|(k, _)| HttpMethod::from_key(k).is_some())
        {
            collect_security(op.get("security"), &mut security);
        }
    }
    while let Some((kind, name)) = pending.pop() {
        if reached.contains_key(&(kind.clone(), name.clone())) {
            continue;
        }
        let Some(target) = components
            .and_then(|c| c.get(&kind))
            .and_then(|t| t.get(&name))
        else {
            let at = pointer_push(&pointer_push("/components", &kind), &name);
            diags.push(Diagnostic::error(
                at,
                format!("`#/components/{kind}/{name}` is referenced but not defined"),
            ));
            continue;
        };
        collect_refs(target, &mut pending);
        reached.insert((kind, name), target.clone());
    }
    for name in &security {
        if let Some(scheme) = components
            .and_then(|c| c.get("securitySchemes"))
            .and_then(|s| s.get(name))
        {
            reached.insert(("securitySchemes".to_owned(), name.clone()), scheme.clone());
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }

    let mut out = Map::new();
    for key in ["openapi", "info", "servers"] {
        if let Some(v) = doc.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    if let Some(security) = doc.get("security") {
        out.insert("security".to_owned(), security.clone());
    }
    let tag_entry = doc
        .get("tags")
        .and_then(Value::as_array)
        .and_then(|tags| {
            tags.iter()
                .find(|t| t.get("name").is_some_and(|n| n == tag))
                .cloned()
        })
        .unwrap_or_else(|| serde_json::json!({ "name": tag }));
    out.insert("tags".to_owned(), Value::Array(vec![tag_entry]));
    out.insert(
        "paths".to_owned(),
        Value::Object(
            kept.into_iter()
                .map(|(k, v)| (k, Value::Object(sorted_methods(v))))
                .collect(),
        ),
    );
    let mut comps: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let count = reached.len();
    for ((kind, name), value) in reached {
        comps.entry(kind).or_default().insert(name, value);
    }
    out.insert(
        "components".to_owned(),
        Value::Object(
            comps
                .into_iter()
                .map(|(k, v)| (k, Value::Object(v)))
                .collect(),
        ),
    );
    for (key, value) in doc
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.starts_with("x-"))
    {
        out.insert(key.clone(), value.clone());
    }
    Ok(Slice {
        document: Value::Object(out),
        operations,
        components: count,
        preview,
    })
}

/// Operations in the fixed method order, then the path item's other keys.
fn sorted_methods(item: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for m in methods() {
        if let Some(v) = item.get(m) {
            out.insert(m.to_owned(), v.clone());
        }
    }
    for (k, v) in item {
        if HttpMethod::from_key(&k).is_none() {
            out.insert(k, v);
        }
    }
    out
}

fn collect_refs(value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(found) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(component_ref)
            {
                out.push(found);
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

fn collect_security(requirements: Option<&Value>, out: &mut BTreeSet<String>) {
    for req in requirements.and_then(Value::as_array).into_iter().flatten() {
        out.extend(req.as_object().into_iter().flat_map(|o| o.keys().cloned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn platform() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "P", "version": "2"},
            "tags": [{"name": "Chat"}, {"name": "Users"}],
            "paths": {
                "/b": {"get": {"tags": ["Chat"], "x-purecloud-method-name": "getB", "security": [{"OAuth": []}],
                               "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/B"}}}}}}},
                "/a": {"post": {"tags": ["Chat"], "responses": {"204": {}}}, "get": {"tags": ["Users"], "responses": {"200": {}}}},
                "/u": {"get": {"tags": ["Users"], "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/U"}}}}}}}
            },
            "components": {
                "schemas": {
                    "B": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"}}},
                    "C": {"type": "object", "properties": {"b": {"type": "array", "items": {"$ref": "#/components/schemas/B"}}}},
                    "U": {"type": "object"}
                },
                "securitySchemes": {"OAuth": {"type": "oauth2"}, "Other": {"type": "http"}}
            }
        })
    }

    #[test]
    fn keeps_the_tag_and_what_it_reaches_in_a_stable_order() {
        let s = slice(&platform(), "Chat").unwrap();
        assert_eq!((s.operations, s.components), (2, 3));
        let paths: Vec<&String> = s.document["paths"].as_object().unwrap().keys().collect();
        assert_eq!(paths, ["/a", "/b"]);
        assert!(
            s.document["paths"]["/a"].get("get").is_none(),
            "the Users operation is left out"
        );
        let schemas: Vec<&String> = s.document["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemas, ["B", "C"]);
        let schemes: Vec<&String> = s.document["components"]["securitySchemes"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(schemes, ["OAuth"]);
        assert_eq!(
            s.document["paths"]["/b"]["get"]["x-purecloud-method-name"],
            "getB"
        );
        assert_eq!(s.document["tags"], json!([{"name": "Chat"}]));
    }

    #[test]
    fn an_unknown_tag_suggests_near_ones() {
        let d = slice(&platform(), "chat ").unwrap_err();
        let d = d.iter().next().unwrap();
        assert_eq!(d.message, "no operation is tagged `chat `");
        assert_eq!(
            d.help.as_deref(),
            Some("tags in the document include `Chat`")
        );
    }
}
