//! Swagger 2.0 -> OpenAPI 3.0, as a JSON tree, before the typed model is read: lowering never
//! sees Swagger 2.0.
//!
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` become `components`
//!   (`schemas`, `parameters`, `responses`, `securitySchemes`), and every `$ref` follows;
//! - `host` + `basePath` + `schemes` become `servers`;
//! - `in: body` becomes a `requestBody` (its name kept in `x-codegen-request-body-name`), the
//!   `in: formData` parameters a form or multipart body; `consumes` and `produces` (of the
//!   document, or of the operation) give the media types of bodies and responses;
//! - the other parameters get a `schema`, with `collectionFormat` as `style`/`explode`;
//! - a response's `schema` becomes `content` per media type; `headers`, the `default` response
//!   and extensions (`x-inin-error-codes`) are kept;
//! - in schemas, `x-nullable` becomes `nullable`, a string `discriminator` a
//!   `{propertyName}`, and `type: file` a binary string.
//!
//! Every node of the result is mapped back to the node of the original it comes from
//! ([`PointerMap`]), so a problem found later is located in the file the user has.

mod bodies;
mod operations;
mod pointers;
mod schema;

use serde_json::{Map, Value, json};

pub use pointers::PointerMap;

use crate::diagnostics::{Diagnostic, Diagnostics, pointer_push};

/// The OpenAPI 3.0 form of a Swagger 2.0 document, where its nodes come from, and what could
/// not be carried over.
#[derive(Debug)]
pub struct Converted {
    pub document: Value,
    pub origin: PointerMap,
    pub diagnostics: Diagnostics,
}

/// A message about the converted document, worded for the Swagger 2.0 file: references as it
/// writes them (`#/definitions/Room`, not `#/components/schemas/Room`).
pub fn reword(message: &str) -> String {
    message
        .replace("#/components/schemas", "#/definitions")
        .replace("#/components/parameters", "#/parameters")
        .replace("#/components/responses", "#/responses")
}

/// Whether `doc` says it is Swagger 2.0.
pub fn is_swagger2(doc: &Value) -> bool {
    // `swagger: 2.0` unquoted in YAML is a number.
    match doc.get("swagger") {
        Some(Value::String(v)) => v == "2.0",
        Some(Value::Number(v)) => v.as_f64() == Some(2.0),
        _ => false,
    }
}

/// The document-wide defaults an operation falls back on.
struct Defaults {
    consumes: Vec<String>,
    produces: Vec<String>,
}

/// Converts a Swagger 2.0 document.
pub fn convert(doc: Value) -> Converted {
    let mut cx = Cx {
        origin: PointerMap::default(),
        diags: Diagnostics::default(),
        definitions: Value::Null,
    };
    let Value::Object(top) = doc else {
        cx.diags
            .push(Diagnostic::error("", "the document is not a JSON object"));
        return cx.finish(json!({ "openapi": "3.0.3" }));
    };
    let media = |key: &str| -> Vec<String> {
        top.get(key)
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let defaults = Defaults {
        consumes: media("consumes"),
        produces: media("produces"),
    };
    let servers = servers(&top);
    let has_host = top.contains_key("host");
    cx.definitions = top.get("parameters").cloned().unwrap_or(Value::Null);
    cx.origin.add("/openapi", "/swagger");
    let mut out = Map::new();
    out.insert("openapi".to_owned(), json!("3.0.3"));
    let mut servers = Some(servers);
    let mut components = Map::new();
    for (key, value) in top {
        match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
            "info" => {
                out.insert(key, value);
                if let Some(servers) = servers.take() {
                    out.insert("servers".to_owned(), servers);
                    cx.origin
                        .add("/servers", if has_host { "/host" } else { "" });
                }
            }
            "paths" => {
                let paths = cx.paths(value, &defaults);
                out.insert(key, paths);
            }
            "definitions" => {
                cx.origin.add("/components/schemas", "/definitions");
                components.insert("schemas".to_owned(), schema::convert_map(value));
            }
            "parameters" => {
                cx.origin.add("/components/parameters", "/parameters");
                let converted = cx.component_parameters(value, &defaults);
                if !converted.is_empty() {
                    components.insert("parameters".to_owned(), Value::Object(converted));
                }
            }
            "responses" => {
                cx.origin.add("/components/responses", "/responses");
                let mut responses = Map::new();
                for (name, r) in value.as_object().cloned().into_iter().flatten() {
                    let at = pointer_push("/responses", &name);
                    let to = pointer_push("/components/responses", &name);
                    let converted = cx.response(r, &defaults.produces, &to, &at);
                    responses.insert(name, converted);
                }
                components.insert("responses".to_owned(), Value::Object(responses));
            }
            "securityDefinitions" => {
                cx.origin
                    .add("/components/securitySchemes", "/securityDefinitions");
                components.insert("securitySchemes".to_owned(), cx.security(&value));
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    if let Some(servers) = servers {
        out.insert("servers".to_owned(), servers);
    }
    if !components.is_empty() {
        out.insert("components".to_owned(), Value::Object(components));
    }
    cx.finish(Value::Object(out))
}

/// `host` + `basePath` + `schemes` -> one server per scheme.
fn servers(doc: &Map<String, Value>) -> Value {
    let host = doc.get("host").and_then(Value::as_str);
    let base = doc.get("basePath").and_then(Value::as_str).unwrap_or("/");
    let base = base.trim_end_matches('/');
    let schemes: Vec<&str> = doc
        .get("schemes")
        .and_then(Value::as_array)
        .map(|l| l.iter().filter_map(Value::as_str).collect())
        .filter(|l: &Vec<&str>| !l.is_empty())
        .unwrap_or_else(|| vec!["https"]);
    let urls: Vec<Value> = match host {
        Some(host) => schemes
            .iter()
            .map(|s| json!({ "url": format!("{s}://{host}{base}") }))
            .collect(),
        None => vec![json!({ "url": if base.is_empty() { "/" } else { base } })],
    };
    Value::Array(urls)
}

/// The conversion's state: where nodes come from, what went wrong, and the document's
/// top-level parameters (which `$ref`s to body parameters must inline).
struct Cx {
    origin: PointerMap,
    diags: Diagnostics,
    definitions: Value,
}

impl Cx {
    fn finish(self, document: Value) -> Converted {
        Converted {
            document,
            origin: self.origin,
            diagnostics: self.diags,
        }
    }

    /// `securityDefinitions` -> `securitySchemes`, keys in the order written.
    fn security(&mut self, value: &Value) -> Value {
        let mut out = Map::new();
        for (name, def) in value.as_object().into_iter().flatten() {
            let at = pointer_push("/securityDefinitions", name);
            if let Some(scheme) = self.security_scheme(def, &at) {
                out.insert(name.clone(), Value::Object(scheme));
            }
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, def: &Value, at: &str) -> Option<Map<String, Value>> {
        let kind = def.get("type").and_then(Value::as_str).unwrap_or_default();
        if !matches!(kind, "basic" | "apiKey" | "oauth2") {
            self.diags.push(Diagnostic::error(
                pointer_push(at, "type"),
                format!("unknown security scheme type `{kind}`: Swagger 2.0 has basic, apiKey and oauth2"),
            ));
            return None;
        }
        if kind == "oauth2" && def.get("flow").is_none() {
            self.diags.push(Diagnostic::error(
                at,
                "an oauth2 security scheme needs a `flow`",
            ));
            return None;
        }
        let mut scheme = Map::new();
        for (key, v) in def.as_object().into_iter().flatten() {
            match (key.as_str(), kind) {
                ("type", "basic") => {
                    scheme.insert("type".to_owned(), json!("http"));
                    scheme.insert("scheme".to_owned(), json!("basic"));
                }
                ("type", _) | ("name" | "in", "apiKey") => {
                    scheme.insert(key.clone(), v.clone());
                }
                ("flow", "oauth2") => {
                    let flow = match v.as_str() {
                        Some("implicit") => "implicit",
                        Some("password") => "password",
                        Some("application") => "clientCredentials",
                        Some("accessCode") => "authorizationCode",
                        other => {
                            self.diags.push(Diagnostic::error(
                                pointer_push(at, "flow"),
                                format!(
                                    "unknown OAuth2 flow `{}`: Swagger 2.0 has implicit, password, application and accessCode",
                                    other.unwrap_or_default()
                                ),
                            ));
                            return None;
                        }
                    };
                    let mut f = Map::new();
                    for key in ["authorizationUrl", "tokenUrl"] {
                        if let Some(v) = def.get(key) {
                            f.insert(key.to_owned(), v.clone());
                        }
                    }
                    let scopes = def.get("scopes").cloned().unwrap_or_else(|| json!({}));
                    f.insert("scopes".to_owned(), scopes);
                    scheme.insert("flows".to_owned(), json!({ flow: f }));
                }
                ("authorizationUrl" | "tokenUrl" | "scopes", "oauth2") => {}
                ("description", _) => {
                    scheme.insert(key.clone(), v.clone());
                }
                (key, _) if key.starts_with("x-") => {
                    scheme.insert(key.to_owned(), v.clone());
                }
                (key, _) => self.diags.push(Diagnostic::warning(
                    pointer_push(at, key),
                    format!("`{key}` does not belong in a {kind} security scheme; it is left out"),
                )),
            }
        }
        Some(scheme)
    }
}

#[cfg(test)]
mod tests;
