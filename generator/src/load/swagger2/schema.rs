//! Swagger 2.0 schemas -> OpenAPI 3.0 schemas, in place.
//!
//! The two are nearly the same; what differs is where `$ref`s point, `x-nullable` (an extension
//! in 2.0, `nullable` in 3.0), the `file` type, and a `discriminator` that names its property
//! directly.

use serde_json::{Map, Value, json};

/// Rewrites a `$ref` into the Swagger 2.0 document to the matching place in the converted one.
pub fn rewrite_ref(reference: &str) -> Option<String> {
    const MOVES: [(&str, &str); 3] = [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ];
    MOVES.iter().find_map(|(from, to)| {
        reference
            .strip_prefix(from)
            .map(|rest| format!("{to}{rest}"))
    })
}

/// Converts every schema of a `definitions` map.
pub fn convert_map(mut definitions: Value) -> Value {
    if let Some(map) = definitions.as_object_mut() {
        for schema in map.values_mut() {
            convert(schema);
        }
    }
    definitions
}

/// Converts one schema and everything nested in it.
pub fn convert(schema: &mut Value) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    if let Some(Value::String(reference)) = obj.get_mut("$ref") {
        if let Some(moved) = rewrite_ref(reference) {
            *reference = moved;
        }
    }
    if let Some(nullable) = obj.remove("x-nullable") {
        obj.insert("nullable".to_owned(), nullable);
    }
    if obj.get("type").and_then(Value::as_str) == Some("file") {
        file_to_binary(obj);
    }
    if let Some(Value::String(property)) = obj.get("discriminator") {
        let discriminator = json!({ "propertyName": property });
        obj.insert("discriminator".to_owned(), discriminator);
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(nested) = obj.get_mut(key) {
            convert(nested);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            list.iter_mut().for_each(convert);
        }
    }
    if let Some(Value::Object(properties)) = obj.get_mut("properties") {
        properties.values_mut().for_each(convert);
    }
}

/// `type: file` -> `type: string, format: binary`, keeping the key's place.
pub fn file_to_binary(obj: &mut Map<String, Value>) {
    let old = std::mem::take(obj);
    for (key, value) in old {
        if key == "type" {
            obj.insert("type".to_owned(), json!("string"));
            obj.insert("format".to_owned(), json!("binary"));
        } else if key != "format" {
            obj.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_nullable_files_and_discriminators_become_openapi_3() {
        let mut schema = json!({
            "type": "object",
            "discriminator": "kind",
            "properties": {
                "room": {"$ref": "#/definitions/Room", "description": "kept"},
                "note": {"type": "string", "x-nullable": true},
                "upload": {"type": "file", "description": "a file"},
                "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                "extra": {"additionalProperties": {"$ref": "#/definitions/Extra"}},
                "both": {"allOf": [{"$ref": "#/definitions/A"}, {"type": "object"}]}
            }
        });
        convert(&mut schema);
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "discriminator": {"propertyName": "kind"},
                "properties": {
                    "room": {"$ref": "#/components/schemas/Room", "description": "kept"},
                    "note": {"type": "string", "nullable": true},
                    "upload": {"type": "string", "format": "binary", "description": "a file"},
                    "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "extra": {"additionalProperties": {"$ref": "#/components/schemas/Extra"}},
                    "both": {"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object"}]}
                }
            })
        );
    }

    #[test]
    fn a_property_named_like_a_keyword_is_a_property() {
        let mut schema =
            json!({"properties": {"$ref": {"type": "string"}, "x-nullable": {"type": "string"}}});
        let before = schema.clone();
        convert(&mut schema);
        assert_eq!(schema, before);
    }
}
