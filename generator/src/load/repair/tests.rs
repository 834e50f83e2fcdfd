use super::*;

#[test]
fn refs_are_found_in_json_and_yaml_quoted_or_not() {
    let text = "a: {$ref: '#/components/schemas/A'}\nb:\n  $ref: \"#/paths/~1x/get\"\nc: {\"$ref\": \"#/components/schemas/C/properties/d\"}\n";
    let refs: Vec<&str> = ref_values(text).collect();
    assert_eq!(
        refs,
        [
            "#/components/schemas/A",
            "#/paths/~1x/get",
            "#/components/schemas/C/properties/d"
        ]
    );
    assert!(!is_odd_ref(refs[0]));
    assert!(is_odd_ref(refs[1]) && is_odd_ref(refs[2]));
    assert!(!is_odd_ref("other.yaml#/components/schemas/A/x"));
}

#[test]
fn empty_enums_are_spotted_in_any_spelling() {
    assert!(empty_enum("type: string\nenum: []\n"));
    assert!(empty_enum("{\"type\":\"string\",\"enum\" : [ ]}"));
    assert!(!empty_enum("enum: [a]\n"));
    assert!(!empty_enum("description: an enum of [] things\n"));
}

#[test]
fn nodes_referred_to_anywhere_move_to_components_deepest_first() {
    let mut doc = json!({
        "openapi": "3.0.3",
        "paths": {"/items/{id}": {"get": {
            "operationId": "getItem",
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"owner": {"type": "object", "properties": {"login": {"type": "string"}}}}
            }}}}}
        }}},
        "components": {"schemas": {
            "Reuse": {"$ref": "#/paths/~1items~1%7Bid%7D/get/responses/200/content/application~1json/schema"},
            "Owner": {"$ref": "#/paths/~1items~1{id}/get/responses/200/content/application~1json/schema/properties/owner"}
        }}
    });
    let (origin, warnings) = repair(&mut doc);
    assert!(warnings.is_empty());
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Reuse"],
        json!({"$ref": "#/components/schemas/GetItemResponse200"})
    );
    assert_eq!(
        schemas["Owner"],
        json!({"$ref": "#/components/schemas/GetItemResponse200Owner"})
    );
    // The response's schema now refers to its moved self, which refers to the moved owner.
    assert_eq!(
        doc["paths"]["/items/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/GetItemResponse200"})
    );
    assert_eq!(
        schemas["GetItemResponse200"]["properties"]["owner"],
        json!({"$ref": "#/components/schemas/GetItemResponse200Owner"})
    );
    assert_eq!(
        origin.original("/components/schemas/GetItemResponse200Owner/properties/login"),
        "/paths/~1items~1{id}/get/responses/200/content/application~1json/schema/properties/owner/properties/login"
    );
}

#[test]
fn path_and_item_keys_the_typed_model_would_drop_are_kept_or_said() {
    let mut doc = json!({
        "openapi": "3.0.3",
        "paths": {
            "things": {"get": {"operationId": "getThings"}},
            "/other": {"GET": {"operationId": "getOther"}, "fetch": {"operationId": "fetch"}},
        }
    });
    let (origin, warnings) = repair(&mut doc);
    assert!(doc["paths"]["/things"]["get"].is_object());
    assert!(doc["paths"]["/other"]["get"].is_object());
    let said: Vec<&str> = warnings.iter().map(|d| d.pointer.as_str()).collect();
    assert_eq!(
        said,
        [
            "/paths/things",
            "/paths/~1other/GET",
            "/paths/~1other/fetch"
        ]
    );
    assert_eq!(origin.original("/paths/~1things/get"), "/paths/things/get");
}
