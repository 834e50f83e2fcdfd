//! The document checked against the official JSON Schema of its format (OpenAPI 3.0's of
//! 2021-09-28, Swagger 2.0's), the same one `openapi-spec-validator` checks with: whatever the
//! typed model would accept silently (a field it does not know, a value of the wrong kind in a
//! place it ignores) is a located warning naming the rule it breaks.
//!
//! The schemas are the OpenAPI Initiative's (Apache License 2.0), as `openapi-spec-validator`
//! 0.9 ships them, in `schemas/`.

use std::fmt::Write as _;
use std::sync::OnceLock;

use jsonschema::Validator;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use crate::diagnostics::Diagnostic;

const OPENAPI_30: &str = include_str!("schemas/openapi-3.0.json");
const SWAGGER_20: &str = include_str!("schemas/swagger-2.0.json");

/// At most this many schema warnings per document: past that, one line says how many more.
const MAX: usize = 200;

fn validator(swagger: bool) -> Option<&'static Validator> {
    static OPENAPI: OnceLock<Option<Validator>> = OnceLock::new();
    static SWAGGER: OnceLock<Option<Validator>> = OnceLock::new();
    let (cell, text) = if swagger {
        (&SWAGGER, SWAGGER_20)
    } else {
        (&OPENAPI, OPENAPI_30)
    };
    cell.get_or_init(|| {
        let schema: Value = serde_json::from_str(text).ok()?;
        jsonschema::validator_for(&schema).ok()
    })
    .as_ref()
}

/// A place where the document breaks the schema.
#[derive(Debug)]
pub struct Issue {
    pub diagnostic: Diagnostic,
    /// The schema only says the node is none of the forms allowed there (a `oneOf` of the
    /// schema): a diagnostic about something inside it says more.
    pub vague: bool,
}

/// The schema's verdict on `doc`, as warnings.
pub fn check(doc: &Value, swagger: bool) -> Vec<Issue> {
    let mut out = Vec::new();
    let Some(validator) = validator(swagger) else {
        return out;
    };
    let format = if swagger {
        "Swagger 2.0"
    } else {
        "OpenAPI 3.0"
    };
    let mut more = 0usize;
    for e in validator.iter_errors(doc) {
        if out.len() >= MAX {
            more += 1;
            continue;
        }
        let rule = rule(&e.schema_path.to_string());
        let at = e.instance_path.to_string();
        // A field that is not allowed is pointed at itself.
        if let ValidationErrorKind::AdditionalProperties { unexpected } = &e.kind {
            for key in unexpected {
                out.push(Issue {
                    diagnostic: Diagnostic::warning(
                        crate::diagnostics::pointer_push(&at, key),
                        format!("field `{key}` is not allowed here ({format} schema: `{rule}`)"),
                    ),
                    vague: false,
                });
            }
            continue;
        }
        let vague = matches!(
            e.kind,
            ValidationErrorKind::OneOfNotValid | ValidationErrorKind::AnyOf
        );
        let message = format!("{} ({format} schema: `{rule}`)", what(&e.kind));
        out.push(Issue {
            diagnostic: Diagnostic::warning(at, message),
            vague,
        });
    }
    if !swagger {
        ref_siblings(doc, &mut String::new(), &mut out);
    }
    if more > 0 {
        out.push(Issue {
            diagnostic: Diagnostic::warning(
                "",
                format!("{more} more places do not match the {format} schema"),
            ),
            vague: false,
        });
    }
    out
}

/// The OpenAPI 3.0 `Schema` object alone, for what sits beside a `$ref`.
fn schema_validator() -> Option<&'static Validator> {
    static SCHEMA: OnceLock<Option<Validator>> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let root: Value = serde_json::from_str(OPENAPI_30).ok()?;
            let schema = serde_json::json!({
                "$schema": "http://json-schema.org/draft-04/schema#",
                "$ref": "#/definitions/Schema",
                "definitions": root.get("definitions")?,
            });
            jsonschema::validator_for(&schema).ok()
        })
        .as_ref()
}

/// A schema `$ref` with fields beside it: OpenAPI 3.0 ignores them, and the JSON Schema lets
/// them be anything, but a validator reads them as a schema's (a `description` that is a
/// number): they are checked as one. `at` is the node's pointer, extended and restored on the
/// way through the document (one buffer for the whole walk).
fn ref_siblings(node: &Value, at: &mut String, out: &mut Vec<Issue>) {
    match node {
        Value::Object(map) => {
            if map.contains_key("$ref")
                && map.len() > 1
                && super::repair::kind_of_place(at) == Some("schemas")
            {
                let siblings: serde_json::Map<String, Value> = map
                    .iter()
                    .filter(|(k, _)| *k != "$ref")
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if let Some(validator) = schema_validator() {
                    for e in validator.iter_errors(&Value::Object(siblings)) {
                        let here = format!("{at}{}", e.instance_path);
                        out.push(Issue {
                            diagnostic: Diagnostic::warning(
                                here,
                                format!(
                                    "beside a `$ref`, {} (OpenAPI 3.0 schema: `Schema.{}`)",
                                    what(&e.kind),
                                    rule(&e.schema_path.to_string())
                                ),
                            ),
                            vague: false,
                        });
                    }
                }
            }
            for (key, value) in map {
                let len = at.len();
                crate::diagnostics::pointer_extend(at, key);
                ref_siblings(value, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, value) in items.iter().enumerate() {
                let len = at.len();
                // An index needs no escaping.
                let _ = write!(at, "/{i}");
                ref_siblings(value, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// The schema path as the rule's name: its last two meaningful steps
/// (`/properties/info/$ref/additionalProperties` -> `info.additionalProperties`).
fn rule(schema_path: &str) -> String {
    let parts: Vec<&str> = schema_path
        .split('/')
        .filter(|p| {
            !p.is_empty()
                && !p.starts_with('^')
                && !p.chars().all(|c| c.is_ascii_digit())
                && !matches!(
                    *p,
                    "definitions" | "properties" | "patternProperties" | "$ref"
                )
        })
        .collect();
    let tail = parts.len().saturating_sub(2);
    parts[tail..].join(".")
}

/// What is wrong, without printing the value (which may be a whole subtree).
fn what(kind: &ValidationErrorKind) -> String {
    match kind {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let keys: Vec<String> = unexpected.iter().map(|k| format!("`{k}`")).collect();
            let (s, verb) = if keys.len() == 1 {
                ("", "is")
            } else {
                ("s", "are")
            };
            format!("field{s} {} {verb} not allowed here", keys.join(", "))
        }
        ValidationErrorKind::Required { property } => {
            format!(
                "`{}` is required here",
                property.as_str().unwrap_or_default()
            )
        }
        ValidationErrorKind::Type { kind } => {
            let kinds = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!("this must be of type {kinds}")
        }
        ValidationErrorKind::Enum { options } => format!("this must be one of {options}"),
        ValidationErrorKind::Pattern { pattern } => format!("this must match `{pattern}`"),
        ValidationErrorKind::MinItems { limit } => format!("this needs at least {limit} item(s)"),
        ValidationErrorKind::MinLength { limit } => {
            format!("this needs at least {limit} character(s)")
        }
        ValidationErrorKind::UniqueItems => "the items must be unique".to_owned(),
        ValidationErrorKind::OneOfNotValid | ValidationErrorKind::AnyOf => {
            "this is none of the forms allowed here".to_owned()
        }
        ValidationErrorKind::OneOfMultipleValid => {
            "this fits more than one of the forms allowed here".to_owned()
        }
        ValidationErrorKind::Not { .. } => "this is a form not allowed here".to_owned(),
        ValidationErrorKind::Format { format } => format!("this is not a valid {format}"),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => {
            format!("this must be at least {limit}")
        }
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => {
            format!("this must be at most {limit}")
        }
        _ => "this does not match the schema".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fields_types_and_forms_are_named_with_their_rule() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1", "colour": "red"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": 7}}}}}
        });
        let found: Vec<(String, String)> = check(&doc, false)
            .iter()
            .map(|i| (i.diagnostic.pointer.clone(), i.diagnostic.message.clone()))
            .collect();
        assert!(
            found.contains(&(
                "/info/colour".to_owned(),
                "field `colour` is not allowed here (OpenAPI 3.0 schema: `info.additionalProperties`)"
                    .to_owned()
            )),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(p, _)| p.starts_with("/paths/~1a/get/responses")),
            "{found:?}"
        );
        let clean =
            json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
        assert!(check(&clean, false).is_empty());
        // Beside a schema `$ref`, fields are checked as a schema's.
        let doc = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/A", "description": 5},
                "c": {"$ref": "#/components/schemas/A", "description": "fine"}
            }}, "B/C": {"allOf": [
                {"$ref": "#/components/schemas/A"},
                {"$ref": "#/components/schemas/A", "readOnly": "yes"}
            ]}}}
        });
        let found: Vec<String> = check(&doc, false)
            .iter()
            .map(|i| i.diagnostic.pointer.clone())
            .collect();
        assert_eq!(
            found,
            [
                "/components/schemas/A/properties/b/description",
                "/components/schemas/B~1C/allOf/1/readOnly"
            ]
        );
    }
}
