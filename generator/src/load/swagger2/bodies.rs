//! Swagger 2.0 body and form parameters -> `requestBody`; responses -> per-media-type content.

use serde_json::{Map, Value, json};

use super::operations::Listed;
use super::{Cx, Defaults, schema};
use crate::diagnostics::{Diagnostic, pointer_push};

const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// A converted body, and the name of the body parameter it was (`x-codegen-request-body-name`).
pub(super) type RequestBody = (Value, Option<Value>);

impl Cx {
    /// The `requestBody` of an operation from its `in: body` parameter or its `in: formData`
    /// parameters; `at` is the operation.
    pub(super) fn request_body(
        &mut self,
        bodies: Vec<Listed>,
        forms: Vec<Listed>,
        consumes: &[String],
        at: &str,
    ) -> Option<RequestBody> {
        let to = pointer_push(at, "requestBody");
        if bodies.len() > 1 {
            for extra in &bodies[1..] {
                self.diags.push(Diagnostic::error(
                    extra.at.clone(),
                    "an operation has at most one `in: body` parameter",
                ));
            }
        }
        if let Some(body) = bodies.into_iter().next() {
            if let Some(form) = forms.first() {
                self.diags.push(Diagnostic::error(
                    form.at.clone(),
                    "an operation cannot have both `in: body` and `in: formData` parameters: the form parameters are left out",
                ));
            }
            return Some(self.body(body, consumes, &to));
        }
        if forms.is_empty() {
            return None;
        }
        Some((self.form(forms, consumes, &to), None))
    }

    fn body(&mut self, body: Listed, consumes: &[String], to: &str) -> RequestBody {
        let Listed { param, at } = body;
        self.origin.add(to, at.clone());
        let mut schema = param.get("schema").cloned().unwrap_or_else(|| {
            self.diags.push(Diagnostic::error(
                at.clone(),
                "an `in: body` parameter needs a `schema`",
            ));
            json!({})
        });
        schema::convert(&mut schema);
        let media: Vec<&str> = if consumes.is_empty() {
            vec!["application/json"]
        } else {
            consumes.iter().map(String::as_str).collect()
        };
        let mut content = Map::new();
        for m in media {
            let schema_to = pointer_push(&pointer_push(&pointer_push(to, "content"), m), "schema");
            self.origin.add(schema_to, pointer_push(&at, "schema"));
            content.insert(m.to_owned(), json!({ "schema": schema.clone() }));
        }
        let mut out = Map::new();
        if let Some(description) = param.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        out.insert("content".to_owned(), Value::Object(content));
        if param.get("required") == Some(&Value::Bool(true)) {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        for (key, value) in &param {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        (Value::Object(out), param.get("name").cloned())
    }

    /// `in: formData` parameters -> one object schema, as a form (or, with a file or when the
    /// operation consumes it, multipart).
    fn form(&mut self, forms: Vec<Listed>, consumes: &[String], to: &str) -> Value {
        let has_file = forms
            .iter()
            .any(|l| l.param.get("type").and_then(Value::as_str) == Some("file"));
        let mut media: Vec<&str> = consumes
            .iter()
            .map(String::as_str)
            .filter(|m| *m == FORM || *m == MULTIPART)
            .collect();
        if media.is_empty() {
            media.push(if has_file { MULTIPART } else { FORM });
        }
        if let Some(first) = forms.first() {
            self.origin.add(to, first.at.clone());
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut names = Vec::new();
        for Listed { param, at } in forms {
            let name = param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if param.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
            if param.contains_key("allowEmptyValue") {
                self.diags.push(Diagnostic::warning(
                    pointer_push(&at, "allowEmptyValue"),
                    "`allowEmptyValue` of a form field has no OpenAPI 3.0 form and is left out",
                ));
            }
            let mut property = self.parameter(param, &at);
            let mut schema = match property.remove("schema") {
                Some(Value::Object(schema)) => schema,
                _ => Map::new(),
            };
            if let Some(description) = property.get("description") {
                schema.insert("description".to_owned(), description.clone());
            }
            names.push((name.clone(), at));
            properties.insert(name, Value::Object(schema));
        }
        let mut object = Map::new();
        object.insert("type".to_owned(), json!("object"));
        object.insert("properties".to_owned(), Value::Object(properties));
        if !required.is_empty() {
            object.insert("required".to_owned(), Value::Array(required));
        }
        let mut content = Map::new();
        for m in media {
            let schema_to = pointer_push(&pointer_push(&pointer_push(to, "content"), m), "schema");
            for (name, at) in &names {
                let property = pointer_push(&pointer_push(&schema_to, "properties"), name);
                self.origin.add(property, at.clone());
            }
            content.insert(m.to_owned(), json!({ "schema": object.clone() }));
        }
        json!({ "content": content })
    }

    /// An operation's `responses`; `at` is the map.
    pub(super) fn responses(&mut self, responses: Value, produces: &[String], at: &str) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        let mut out = Map::with_capacity(responses.len());
        for (status, response) in responses {
            let here = pointer_push(at, &status);
            let response = if status.starts_with("x-") {
                response
            } else {
                self.response(response, produces, &here, &here)
            };
            out.insert(status, response);
        }
        Value::Object(out)
    }

    /// One response: `schema` -> `content` per media type (in its place), headers get a schema,
    /// `examples` go to their media type; `to` is its pointer in the converted document, `at`
    /// in the original.
    pub(super) fn response(
        &mut self,
        response: Value,
        produces: &[String],
        to: &str,
        at: &str,
    ) -> Value {
        let Value::Object(response) = response else {
            return response;
        };
        if let Some(Value::String(reference)) = response.get("$ref") {
            let moved = schema::rewrite_ref(reference).unwrap_or_else(|| reference.clone());
            return json!({ "$ref": moved });
        }
        let media: Vec<&str> = if produces.is_empty() {
            vec!["application/json"]
        } else {
            produces.iter().map(String::as_str).collect()
        };
        let examples = response.get("examples").and_then(Value::as_object).cloned();
        let mut out = Map::with_capacity(response.len() + 1);
        if !response.contains_key("description") {
            // Required in both versions; a missing one should not stop the whole document.
            self.diags
                .push(Diagnostic::warning(at, "a response needs a `description`"));
            out.insert("description".to_owned(), json!(""));
        }
        for (key, value) in response {
            match key.as_str() {
                "schema" => {
                    let mut schema = value;
                    schema::convert(&mut schema);
                    let mut content = Map::new();
                    for m in &media {
                        let schema_to =
                            pointer_push(&pointer_push(&pointer_push(to, "content"), m), "schema");
                        self.origin.add(schema_to, pointer_push(at, "schema"));
                        let mut entry = Map::new();
                        entry.insert("schema".to_owned(), schema.clone());
                        if let Some(example) = examples.as_ref().and_then(|e| e.get(*m)) {
                            entry.insert("example".to_owned(), example.clone());
                        }
                        content.insert((*m).to_owned(), Value::Object(entry));
                    }
                    out.insert("content".to_owned(), Value::Object(content));
                }
                "examples" => {
                    let used = |m: &String| media.iter().any(|x| x == m);
                    for (m, _) in examples.iter().flatten().filter(|(m, _)| !used(m)) {
                        self.diags.push(Diagnostic::warning(
                            pointer_push(&pointer_push(at, "examples"), m),
                            format!("an example for `{m}`, which the operation does not produce, is left out"),
                        ));
                    }
                }
                "headers" => {
                    let headers = self.headers(
                        value,
                        &pointer_push(to, "headers"),
                        &pointer_push(at, "headers"),
                    );
                    out.insert(key, headers);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        Value::Object(out)
    }

    fn headers(&mut self, headers: Value, to: &str, at: &str) -> Value {
        let Value::Object(headers) = headers else {
            return headers;
        };
        let mut out = Map::with_capacity(headers.len());
        for (name, header) in headers {
            let (to, at) = (pointer_push(to, &name), pointer_push(at, &name));
            self.origin.add(pointer_push(&to, "schema"), at.clone());
            let header = match header {
                Value::Object(header) => {
                    let mut converted = self.parameter(header, &at);
                    // A header object has no `in` (nor a `name`): the map key names it.
                    converted.remove("in");
                    if converted.get("style") == Some(&json!("simple")) {
                        converted.remove("style");
                        converted.remove("explode");
                    }
                    Value::Object(converted)
                }
                other => other,
            };
            out.insert(name, header);
        }
        Value::Object(out)
    }

    /// The document's `parameters` that stay parameters (the body and form ones are inlined
    /// where they are used).
    pub(super) fn component_parameters(
        &mut self,
        parameters: Value,
        _defaults: &Defaults,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        let Value::Object(parameters) = parameters else {
            return out;
        };
        for (name, param) in parameters {
            let at = pointer_push("/parameters", &name);
            let to = pointer_push("/components/parameters", &name);
            let Value::Object(param) = param else {
                self.diags
                    .push(Diagnostic::error(at, "a parameter must be an object"));
                continue;
            };
            if matches!(
                param.get("in").and_then(Value::as_str),
                Some("body" | "formData")
            ) {
                continue;
            }
            self.origin.add(pointer_push(&to, "schema"), at.clone());
            out.insert(name, Value::Object(self.parameter(param, &at)));
        }
        out
    }
}
