//! Swagger 2.0 paths, parameters and responses -> OpenAPI 3.0.

use serde_json::{Map, Value, json};

use super::bodies::RequestBody;
use super::{Cx, Defaults, schema};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::HttpMethod;

/// The keys of a Swagger 2.0 parameter (or header, or items) that describe its value: in
/// OpenAPI 3.0 they move into `schema`.
const SCHEMA_KEYS: [&str; 17] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// A parameter as the operation lists it, after `$ref`s to body and form parameters are
/// inlined, with the pointer of the node it comes from.
pub(super) struct Listed {
    pub(super) param: Map<String, Value>,
    pub(super) at: String,
}

impl Cx {
    /// Converts `paths`.
    pub(super) fn paths(&mut self, paths: Value, defaults: &Defaults) -> Value {
        let Value::Object(paths) = paths else {
            return paths;
        };
        let mut out = Map::with_capacity(paths.len());
        for (path, item) in paths {
            let at = pointer_push("/paths", &path);
            let item = match item {
                Value::Object(item) => Value::Object(self.path_item(item, &at, defaults)),
                other => other,
            };
            out.insert(path, item);
        }
        Value::Object(out)
    }

    fn path_item(
        &mut self,
        mut item: Map<String, Value>,
        at: &str,
        defaults: &Defaults,
    ) -> Map<String, Value> {
        // A body or form parameter shared by the path item's operations becomes part of each
        // operation's body; the others stay shared.
        let mut shared_bodies = Vec::new();
        if let Some(Value::Array(list)) = item.remove("parameters") {
            let params_at = pointer_push(at, "parameters");
            let listed = self.listed(list, &params_at);
            let mut kept = Vec::new();
            for l in listed {
                if is_body_or_form(&l.param) {
                    shared_bodies.push(l);
                } else {
                    kept.push(l);
                }
            }
            let to = pointer_push(at, "parameters");
            let params = self.parameters(kept, &to);
            // Put the shared parameters back where they were (the map lost their place).
            let mut with = Map::with_capacity(item.len() + 1);
            with.insert("parameters".to_owned(), Value::Array(params));
            with.extend(std::mem::take(&mut item));
            item = with;
            if item
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
            {
                item.remove("parameters");
            }
        }
        let mut out = Map::with_capacity(item.len());
        for (key, value) in item {
            let value = match (HttpMethod::from_key(&key), value) {
                (Some(_), Value::Object(op)) => {
                    let op_at = pointer_push(at, &key);
                    Value::Object(self.operation(op, &shared_bodies, &op_at, defaults))
                }
                (_, value) => value,
            };
            out.insert(key, value);
        }
        out
    }

    fn operation(
        &mut self,
        op: Map<String, Value>,
        shared_bodies: &[Listed],
        at: &str,
        defaults: &Defaults,
    ) -> Map<String, Value> {
        let media = |key: &str, fallback: &[String]| -> Vec<String> {
            match op.get(key).and_then(Value::as_array) {
                Some(list) => list
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect(),
                None => fallback.to_vec(),
            }
        };
        let consumes = media("consumes", &defaults.consumes);
        let produces = media("produces", &defaults.produces);

        let mut op = op;
        let mut listed = match op.get_mut("parameters").map(Value::take) {
            Some(Value::Array(list)) => self.listed(list, &pointer_push(at, "parameters")),
            _ => Vec::new(),
        };
        for shared in shared_bodies {
            let name = shared.param.get("name");
            let overridden = listed.iter().any(|l| {
                l.param.get("name") == name && l.param.get("in") == shared.param.get("in")
            });
            if !overridden {
                listed.push(Listed {
                    param: shared.param.clone(),
                    at: shared.at.clone(),
                });
            }
        }
        let (bodies, forms, others) = split(listed);
        let params = self.parameters(others, &pointer_push(at, "parameters"));
        let body = self.request_body(bodies, forms, &consumes, at);

        let mut out = Map::with_capacity(op.len() + 2);
        let mut placed = false;
        let place = |out: &mut Map<String, Value>,
                     params: &mut Vec<Value>,
                     body: &mut Option<RequestBody>| {
            if !params.is_empty() {
                out.insert(
                    "parameters".to_owned(),
                    Value::Array(std::mem::take(params)),
                );
            }
            if let Some((body, name)) = body.take() {
                out.insert("requestBody".to_owned(), body);
                if let Some(name) = name {
                    out.insert("x-codegen-request-body-name".to_owned(), name);
                }
            }
        };
        let (mut params, mut body) = (params, body);
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" => {}
                "parameters" => {
                    place(&mut out, &mut params, &mut body);
                    placed = true;
                }
                "schemes" => self.diags.push(Diagnostic::warning(
                    pointer_push(at, "schemes"),
                    "an operation's own `schemes` are not carried over: it uses the document's servers",
                )),
                "responses" => {
                    if !placed {
                        place(&mut out, &mut params, &mut body);
                        placed = true;
                    }
                    let responses = self.responses(value, &produces, &pointer_push(at, "responses"));
                    out.insert(key, responses);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if !placed {
            place(&mut out, &mut params, &mut body);
        }
        out
    }

    /// The parameter list with `$ref`s to body and form parameters inlined (OpenAPI 3.0 cannot
    /// refer to them as parameters).
    fn listed(&mut self, list: Vec<Value>, at: &str) -> Vec<Listed> {
        let mut out = Vec::with_capacity(list.len());
        for (i, param) in list.into_iter().enumerate() {
            let here = pointer_push(at, &i.to_string());
            let Value::Object(param) = param else {
                self.diags
                    .push(Diagnostic::error(here, "a parameter must be an object"));
                continue;
            };
            if let Some(reference) = param.get("$ref").and_then(Value::as_str) {
                let target = reference
                    .strip_prefix("#/parameters/")
                    .and_then(|name| Some((name, self.definitions.get(unescape(name).as_str())?)));
                match target {
                    Some((name, Value::Object(target))) if is_body_or_form(target) => {
                        out.push(Listed {
                            param: target.clone(),
                            at: format!("/parameters/{name}"),
                        });
                    }
                    Some(_) => out.push(Listed { param, at: here }),
                    None => {
                        self.diags.push(Diagnostic::error(
                            pointer_push(&here, "$ref"),
                            format!("`{reference}` does not name a parameter of `#/parameters`"),
                        ));
                    }
                }
                continue;
            }
            out.push(Listed { param, at: here });
        }
        out
    }

    /// Converts non-body parameters; `to` is the pointer of the list in the converted document.
    fn parameters(&mut self, listed: Vec<Listed>, to: &str) -> Vec<Value> {
        listed
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                let to = pointer_push(to, &i.to_string());
                self.origin.add(to.clone(), l.at.clone());
                self.origin.add(pointer_push(&to, "schema"), l.at.clone());
                Value::Object(self.parameter(l.param, &l.at))
            })
            .collect()
    }

    /// One query, path, header or (as a component) any non-body parameter.
    pub(super) fn parameter(&mut self, param: Map<String, Value>, at: &str) -> Map<String, Value> {
        if let Some(Value::String(reference)) = param.get("$ref") {
            let mut param = param.clone();
            if let Some(moved) = schema::rewrite_ref(reference) {
                param.insert("$ref".to_owned(), Value::String(moved));
            }
            return param;
        }
        let location = param
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        // `schema` takes the place of the first key that moves into it.
        let schema_at = param
            .keys()
            .position(|k| SCHEMA_KEYS.contains(&k.as_str()) || k == "schema")
            .unwrap_or(param.len());
        let (mut schema, rest) = self.value_schema(param, at);
        if let Some(Value::Object(given)) = rest.get("schema") {
            // A `schema` on a non-body parameter is not Swagger 2.0 but means what it says.
            let mut given = Value::Object(given.clone());
            schema::convert(&mut given);
            schema = given.as_object().cloned().unwrap_or_default();
        }
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        let mut schema = Some(Value::Object(schema));
        let mut out = Map::with_capacity(rest.len() + 3);
        for (i, (key, value)) in rest.into_iter().enumerate() {
            if i == schema_at {
                out.insert("schema".to_owned(), schema.take().unwrap_or_default());
            }
            match key.as_str() {
                "schema" => {}
                "collectionFormat" => {
                    if is_array {
                        let here = pointer_push(at, "collectionFormat");
                        self.style(&value, &location, &here, &mut out);
                    }
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if is_array && !out.contains_key("style") {
            // Swagger 2.0's default for arrays is `csv`.
            self.style(&json!("csv"), &location, at, &mut out);
        }
        if let Some(schema) = schema {
            out.insert("schema".to_owned(), schema);
        }
        out
    }

    /// Takes the value-describing keys of a parameter, header or items object out into a
    /// schema; returns it and the keys left.
    fn value_schema(
        &mut self,
        described: Map<String, Value>,
        at: &str,
    ) -> (Map<String, Value>, Map<String, Value>) {
        let mut schema = Map::new();
        let mut rest = Map::new();
        for (key, value) in described {
            if key == "items" {
                let items_at = pointer_push(at, "items");
                let items = match value {
                    Value::Object(items) => {
                        let (mut inner, left) = self.value_schema(items, &items_at);
                        for (key, value) in left {
                            match key.as_str() {
                                "collectionFormat" if value != "csv" => {
                                    self.diags.push(Diagnostic::warning(
                                        pointer_push(&items_at, "collectionFormat"),
                                        "a nested array's `collectionFormat` has no OpenAPI 3.0 form: its items are sent comma-separated",
                                    ));
                                }
                                "collectionFormat" => {}
                                _ => {
                                    inner.insert(key, value);
                                }
                            }
                        }
                        Value::Object(inner)
                    }
                    other => other,
                };
                schema.insert(key, items);
            } else if SCHEMA_KEYS.contains(&key.as_str()) || key == "$ref" {
                schema.insert(key, value);
            } else {
                rest.insert(key, value);
            }
        }
        let mut as_value = Value::Object(schema);
        schema::convert(&mut as_value);
        let Value::Object(schema) = as_value else {
            unreachable!("an object stays an object")
        };
        (schema, rest)
    }

    /// `collectionFormat` -> `style` and `explode`.
    fn style(&mut self, format: &Value, location: &str, at: &str, out: &mut Map<String, Value>) {
        let format = format.as_str().unwrap_or_default();
        let (style, explode) = match (format, location) {
            ("csv", "query" | "cookie") => ("form", false),
            ("csv", _) => ("simple", false),
            ("multi", "query" | "formData") => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            ("tsv", _) => {
                self.diags.push(Diagnostic::warning(
                    at,
                    "`collectionFormat: tsv` has no OpenAPI 3.0 style: the values are sent comma-separated",
                ));
                (
                    if location == "query" {
                        "form"
                    } else {
                        "simple"
                    },
                    false,
                )
            }
            (format, location) => {
                self.diags.push(Diagnostic::warning(
                    at,
                    format!(
                        "`collectionFormat: {format}` is not allowed for a {location} parameter: the values are sent comma-separated"
                    ),
                ));
                (
                    if location == "query" {
                        "form"
                    } else {
                        "simple"
                    },
                    false,
                )
            }
        };
        if location == "formData" {
            return;
        }
        out.insert("style".to_owned(), json!(style));
        out.insert("explode".to_owned(), json!(explode));
    }
}

/// Whether a parameter is `in: body` or `in: formData`.
fn is_body_or_form(param: &Map<String, Value>) -> bool {
    matches!(
        param.get("in").and_then(Value::as_str),
        Some("body" | "formData")
    )
}

/// Body parameters, form parameters, and the others.
fn split(listed: Vec<Listed>) -> (Vec<Listed>, Vec<Listed>, Vec<Listed>) {
    let (mut bodies, mut forms, mut others) = (Vec::new(), Vec::new(), Vec::new());
    for l in listed {
        match l.param.get("in").and_then(Value::as_str) {
            Some("body") => bodies.push(l),
            Some("formData") => forms.push(l),
            _ => others.push(l),
        }
    }
    (bodies, forms, others)
}

/// A pointer segment as written (`~1` -> `/`, `~0` -> `~`).
fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
