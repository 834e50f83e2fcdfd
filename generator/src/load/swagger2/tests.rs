use serde_json::json;

use super::*;
use crate::diagnostics::Severity;

fn converted(doc: Value) -> Converted {
    let c = convert(doc);
    assert!(!c.diagnostics.has_errors(), "{}", c.diagnostics);
    c
}

#[test]
fn servers_come_from_host_base_path_and_schemes() {
    let c = converted(json!({
        "swagger": "2.0", "info": {"title": "t", "version": "1"},
        "host": "api.example.com", "basePath": "/v2/", "schemes": ["https", "http"], "paths": {}
    }));
    assert_eq!(
        c.document["servers"],
        json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}])
    );
    // Right after `info`, as an OpenAPI 3.0 document is usually written.
    let keys: Vec<&String> = c.document.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["openapi", "info", "servers", "paths"]);

    let c = converted(json!({"swagger": "2.0", "info": {}, "paths": {}}));
    assert_eq!(c.document["servers"], json!([{"url": "/"}]));
}

#[test]
fn an_operation_gets_a_request_body_schemas_on_parameters_and_content_on_responses() {
    let c = converted(json!({
        "swagger": "2.0", "info": {}, "host": "h",
        "consumes": ["application/json"], "produces": ["application/json"],
        "paths": {"/rooms/{roomId}/messages": {"post": {
            "operationId": "postMessage",
            "parameters": [
                {"name": "roomId", "in": "path", "required": true, "type": "string"},
                {"in": "body", "name": "body", "description": "The message", "required": true,
                 "schema": {"$ref": "#/definitions/Message"}},
                {"name": "expand", "in": "query", "type": "array", "collectionFormat": "multi",
                 "items": {"type": "string", "enum": ["a", "b"]}},
                {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}},
                {"name": "words", "in": "query", "type": "array", "collectionFormat": "ssv",
                 "items": {"type": "string"}},
                {"name": "X-Trace", "in": "header", "type": "string", "allowEmptyValue": false}
            ],
            "responses": {
                "200": {"description": "ok", "schema": {"$ref": "#/definitions/Message"},
                        "headers": {"X-Rate": {"type": "integer", "description": "left"}}},
                "404": {"description": "gone", "schema": {"$ref": "#/definitions/ErrorBody"},
                        "x-inin-error-codes": {"not.found": "The room was not found."}},
                "default": {"description": "error", "schema": {"$ref": "#/definitions/ErrorBody"}}
            },
            "x-inin-requires-permissions": {"type": "ANY", "permissions": ["chat:room:edit"]}
        }}},
        "definitions": {"Message": {"type": "object"}, "ErrorBody": {"type": "object"}}
    }));
    let op = &c.document["paths"]["/rooms/{roomId}/messages"]["post"];
    let keys: Vec<&String> = op.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "operationId",
            "parameters",
            "requestBody",
            "x-codegen-request-body-name",
            "responses",
            "x-inin-requires-permissions"
        ]
    );
    assert_eq!(
        op["parameters"],
        json!([
            {"name": "roomId", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "expand", "in": "query",
             "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
             "style": "form", "explode": true},
            {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}},
             "style": "form", "explode": false},
            {"name": "words", "in": "query",
             "schema": {"type": "array", "items": {"type": "string"}},
             "style": "spaceDelimited", "explode": false},
            {"name": "X-Trace", "in": "header", "schema": {"type": "string"}, "allowEmptyValue": false}
        ])
    );
    assert_eq!(
        op["requestBody"],
        json!({
            "description": "The message",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
            "required": true
        })
    );
    assert_eq!(op["x-codegen-request-body-name"], "body");
    assert_eq!(
        op["responses"],
        json!({
            "200": {"description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Message"}}},
                    "headers": {"X-Rate": {"schema": {"type": "integer"}, "description": "left"}}},
            "404": {"description": "gone",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
                    "x-inin-error-codes": {"not.found": "The room was not found."}},
            "default": {"description": "error",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
        })
    );
    assert_eq!(
        c.document["components"]["schemas"]["Message"],
        json!({"type": "object"})
    );

    // Every moved node leads back to the node it came from.
    let post = "/paths/~1rooms~1{roomId}~1messages/post";
    let back = |p: &str| c.origin.original(&format!("{post}{p}"));
    assert_eq!(
        back("/parameters/1/schema/items"),
        format!("{post}/parameters/2/items")
    );
    assert_eq!(back("/parameters/4"), format!("{post}/parameters/5"));
    assert_eq!(
        back("/requestBody/content/application~1json/schema/$ref"),
        format!("{post}/parameters/1/schema/$ref")
    );
    assert_eq!(
        back("/responses/200/content/application~1json/schema"),
        format!("{post}/responses/200/schema")
    );
    assert_eq!(
        back("/responses/200/headers/X-Rate/schema/type"),
        format!("{post}/responses/200/headers/X-Rate/type")
    );
    assert_eq!(
        c.origin.original("/components/schemas/Message/type"),
        "/definitions/Message/type"
    );
}

#[test]
fn consumes_and_produces_of_the_operation_win_over_the_document() {
    let c = converted(json!({
        "swagger": "2.0", "info": {}, "produces": ["application/json"],
        "paths": {"/a": {"put": {
            "consumes": ["application/json", "application/xml"], "produces": ["text/plain"],
            "parameters": [{"in": "body", "name": "enabled", "schema": {"type": "boolean"}}],
            "responses": {"200": {"description": "ok", "schema": {"type": "string"},
                                  "examples": {"text/plain": "yes", "application/json": "\"yes\""}}}
        }}}
    }));
    let op = &c.document["paths"]["/a"]["put"];
    let content = op["requestBody"]["content"].as_object().unwrap();
    assert_eq!(
        content.keys().collect::<Vec<_>>(),
        ["application/json", "application/xml"]
    );
    assert_eq!(op["x-codegen-request-body-name"], "enabled");
    assert_eq!(
        op["responses"]["200"]["content"],
        json!({"text/plain": {"schema": {"type": "string"}, "example": "yes"}})
    );
    // The example for a media type the operation does not produce is said, not dropped quietly.
    let warnings: Vec<String> = c.diagnostics.iter().map(|d| d.pointer.clone()).collect();
    assert_eq!(
        warnings,
        ["/paths/~1a/put/responses/200/examples/application~1json"]
    );
}

#[test]
fn form_parameters_become_a_form_or_multipart_body() {
    let c = converted(json!({
        "swagger": "2.0", "info": {},
        "paths": {
            "/upload": {"post": {
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": true,
                     "description": "The file"},
                    {"name": "note", "in": "formData", "type": "string"}
                ],
                "responses": {"204": {"description": "done"}}
            }},
            "/login": {"post": {
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [
                    {"name": "user", "in": "formData", "type": "string", "required": true},
                    {"name": "scopes", "in": "formData", "type": "array", "items": {"type": "string"},
                     "collectionFormat": "multi"}
                ],
                "responses": {"204": {"description": "done"}}
            }}
        }
    }));
    assert_eq!(
        c.document["paths"]["/upload"]["post"]["requestBody"],
        json!({"content": {"multipart/form-data": {"schema": {
            "type": "object",
            "properties": {
                "file": {"type": "string", "format": "binary", "description": "The file"},
                "note": {"type": "string"}
            },
            "required": ["file"]
        }}}})
    );
    assert_eq!(
        c.document["paths"]["/login"]["post"]["requestBody"],
        json!({"content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object",
            "properties": {
                "user": {"type": "string"},
                "scopes": {"type": "array", "items": {"type": "string"}}
            },
            "required": ["user"]
        }}}})
    );
    assert!(
        c.document["paths"]["/upload"]["post"]
            .get("parameters")
            .is_none()
    );
    assert_eq!(
        c.origin.original("/paths/~1upload/post/requestBody/content/multipart~1form-data/schema/properties/note/type"),
        "/paths/~1upload/post/parameters/1/type"
    );
}

#[test]
fn shared_parameters_and_references_to_them() {
    let c = converted(json!({
        "swagger": "2.0", "info": {},
        "parameters": {
            "pageSize": {"name": "pageSize", "in": "query", "type": "integer", "default": 25},
            "settings": {"name": "body", "in": "body", "required": true,
                         "schema": {"$ref": "#/definitions/Settings"}}
        },
        "responses": {"NotFound": {"description": "gone", "schema": {"$ref": "#/definitions/ErrorBody"}}},
        "paths": {"/settings/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
            "get": {"parameters": [{"$ref": "#/parameters/pageSize"}],
                    "responses": {"404": {"$ref": "#/responses/NotFound"}}},
            "put": {"parameters": [{"$ref": "#/parameters/settings"}],
                    "responses": {"204": {"description": "done"}}}
        }},
        "definitions": {"Settings": {"type": "object"}, "ErrorBody": {"type": "object"}}
    }));
    let item = &c.document["paths"]["/settings/{id}"];
    assert_eq!(
        item["parameters"],
        json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}])
    );
    assert_eq!(
        item["get"]["parameters"],
        json!([{"$ref": "#/components/parameters/pageSize"}])
    );
    assert_eq!(
        item["get"]["responses"]["404"],
        json!({"$ref": "#/components/responses/NotFound"})
    );
    // A body cannot be a parameter in OpenAPI 3.0: the reference is inlined as the body.
    assert_eq!(
        item["put"]["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Settings"})
    );
    assert_eq!(
        c.origin
            .original("/paths/~1settings~1{id}/put/requestBody/content/application~1json/schema"),
        "/parameters/settings/schema"
    );
    let components = &c.document["components"];
    assert_eq!(
        components["parameters"],
        json!({"pageSize": {"name": "pageSize", "in": "query",
                            "schema": {"type": "integer", "default": 25}}})
    );
    assert_eq!(
        components["responses"]["NotFound"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ErrorBody"
    );
}

#[test]
fn security_definitions_become_schemes_with_their_flows() {
    let c = converted(json!({
        "swagger": "2.0", "info": {}, "paths": {},
        "securityDefinitions": {
            "PureCloud OAuth": {"type": "oauth2", "flow": "implicit",
                                "authorizationUrl": "https://login/authorize", "scopes": {"all": "All"}},
            "Code": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://l/a",
                     "tokenUrl": "https://l/t", "scopes": {}},
            "Client": {"type": "oauth2", "flow": "application", "tokenUrl": "https://l/t",
                       "description": "client credentials"},
            "Basic": {"type": "basic"},
            "Key": {"type": "apiKey", "name": "X-Key", "in": "header"}
        }
    }));
    assert_eq!(
        c.document["components"]["securitySchemes"],
        json!({
            "PureCloud OAuth": {"type": "oauth2", "flows": {"implicit": {
                "authorizationUrl": "https://login/authorize", "scopes": {"all": "All"}}}},
            "Code": {"type": "oauth2", "flows": {"authorizationCode": {
                "authorizationUrl": "https://l/a", "tokenUrl": "https://l/t", "scopes": {}}}},
            "Client": {"type": "oauth2", "flows": {"clientCredentials": {
                "tokenUrl": "https://l/t", "scopes": {}}}, "description": "client credentials"},
            "Basic": {"type": "http", "scheme": "basic"},
            "Key": {"type": "apiKey", "name": "X-Key", "in": "header"}
        })
    );
}

#[test]
fn what_has_no_openapi_3_form_is_said_where_it_is() {
    let c = convert(json!({
        "swagger": "2.0", "info": {},
        "paths": {"/a": {"get": {
            "schemes": ["http"],
            "parameters": [
                {"name": "t", "in": "query", "type": "array", "items": {"type": "string"},
                 "collectionFormat": "tsv"},
                {"name": "p", "in": "path", "required": true, "type": "array",
                 "items": {"type": "string"}, "collectionFormat": "multi"},
                {"in": "body", "name": "a", "schema": {}},
                {"in": "body", "name": "b", "schema": {}}
            ],
            "responses": {"200": {"description": "ok"}}
        }}},
        "securityDefinitions": {"S": {"type": "oauth2", "flow": "magic"}}
    }));
    let mut said: Vec<(bool, &str)> = c
        .diagnostics
        .iter()
        .map(|d| (d.severity == Severity::Error, d.pointer.as_str()))
        .collect();
    said.sort_unstable();
    assert_eq!(
        said,
        [
            (false, "/paths/~1a/get/parameters/0/collectionFormat"),
            (false, "/paths/~1a/get/parameters/1/collectionFormat"),
            (false, "/paths/~1a/get/schemes"),
            (true, "/paths/~1a/get/parameters/3"),
            (true, "/securityDefinitions/S/flow"),
        ]
    );
}
