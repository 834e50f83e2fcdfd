//! A catalogue of bad or unusual specs: each one gets its exact located diagnostics, or generates.
//! (More cases: `load` unit tests for syntax and versions, `lower.rs` for naming and types, and
//! the CLI fixtures in `xtask/tests`.)

use generator::emit::EmitOptions;
use generator::emit::docs::Templates;
use generator::load::Source;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

/// Every diagnostic of a run as `severity line:col message`, or `ok` lines for a clean one.
fn run(spec: &str) -> Vec<String> {
    let source = Source::new("t.yaml", spec);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let templates = Templates::load(&[root.join("templates/docs")]).unwrap();
    let diags = match generator::generate(&source, &EmitOptions::for_spec("t.yaml", templates)) {
        Ok(g) => g.warnings,
        Err(d) => d,
    };
    diags
        .iter()
        .map(|d| {
            let at = d
                .location
                .map_or_else(|| "-".to_owned(), |l| format!("{}:{}", l.line, l.col));
            format!("{:?} {at} {}", d.severity, d.message)
        })
        .collect()
}

fn paths(body: &str) -> String {
    format!("{HEAD}paths:\n{body}")
}

fn with_schemas(paths_body: &str, schemas: &str) -> String {
    format!("{HEAD}paths:\n{paths_body}components:\n  schemas:\n{schemas}")
}

#[track_caller]
fn expect(spec: &str, expected: &[&str]) {
    assert_eq!(run(spec), expected, "\n--- spec ---\n{spec}");
}

#[test]
fn c01_missing_paths() {
    expect(
        HEAD,
        &["Error 1:1 the spec does not match OpenAPI 3.0: missing field `paths`"],
    );
}

#[test]
fn c02_empty_document() {
    expect(
        "",
        &["Error 1:1 the spec does not match OpenAPI 3.0: missing field `openapi`"],
    );
}

#[test]
fn c03_alias_loop_is_an_error() {
    let spec = with_schemas(
        "  {}\n",
        "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
    );
    expect(
        &spec,
        &[
            "Error 7:15 `$ref` cycle: `#/components/schemas/B` refers back to itself",
            "Error 8:15 `$ref` cycle: `#/components/schemas/A` refers back to itself",
        ],
    );
}

#[test]
fn c04_missing_operation_id_is_derived() {
    let spec = paths(
        "  /a/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &["Warning 5:5 operation has no operationId; using `getAId`"],
    );
}

#[test]
fn c05_cookie_parameters_are_not_sent() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: getA\n      parameters: [{name: session, in: cookie, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &["Warning 7:21 cookie parameter `session` is not sent by the SDK"],
    );
}

#[test]
fn c06_multipart_bodies_leave_the_operation_out() {
    let spec = paths(
        "  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {file: {type: string, format: binary}}}\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &[
            "Warning 8:9 request bodies of type `multipart/form-data` are not supported; the operation is left out of the SDK",
        ],
    );
}

#[test]
fn c07_text_responses_are_strings_and_binary_ones_are_not_read() {
    let spec = paths(
        "  /t:\n    get:\n      operationId: getT\n      responses: {'200': {description: ok, content: {text/calendar: {schema: {type: string}}}}}\n  /b:\n    get:\n      operationId: getB\n      responses: {'200': {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}}\n",
    );
    expect(
        &spec,
        &[
            "Warning 11:44 responses of type `application/octet-stream` are not read; the method returns nothing",
        ],
    );
}

#[test]
fn c08_any_of_and_one_of_without_discriminator_are_json() {
    let spec = with_schemas(
        "  {}\n",
        "    U:\n      anyOf: [{type: string}, {type: integer}]\n",
    );
    expect(
        &spec,
        &[
            "Warning 7:5 `anyOf`, `not`, and `oneOf` without a `discriminator` over component schemas are not typed: this value is untyped JSON",
        ],
    );
}

#[test]
fn c28_one_of_with_a_discriminator_is_an_enum_and_generates() {
    let spec = with_schemas(
        "  {}\n",
        "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]\n      discriminator: {propertyName: petType}\n    Cat: {type: object, properties: {purrs: {type: boolean}}}\n    Dog: {type: object, properties: {barks: {type: boolean}}}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c29_one_of_whose_variants_collide_is_json_with_a_warning() {
    // `a-b` and `a_b` both map to the variant `AB`.
    let spec = with_schemas(
        "  {}\n",
        "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}]\n      discriminator: {propertyName: t, mapping: {a-b: Cat, a_b: Cat}}\n    Cat: {type: object, properties: {x: {type: string}}}\n",
    );
    expect(
        &spec,
        &[
            "Warning 7:5 two alternatives of this `oneOf` would both be the variant `AB`; it is untyped JSON",
        ],
    );
}

#[test]
fn c30_one_of_with_a_dangling_alternative_names_it() {
    let spec = with_schemas(
        "  {}\n",
        "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Cow'}]\n      discriminator: {propertyName: t}\n    Cat: {type: object, properties: {x: {type: string}}}\n",
    );
    let got = run(&spec);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("Error 8:"), "{got:?}");
    assert!(got[0].contains("Cow"), "{got:?}");
}

#[test]
fn c09_rust_keywords_digits_and_non_ascii_names() {
    let spec = with_schemas(
        "  {}\n",
        "    Self:\n      type: object\n      properties:\n        crate: {type: string}\n        2fa: {type: boolean}\n        naïve: {type: string}\n    1on1: {type: string, enum: [a]}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c10_empty_enum_is_a_plain_string() {
    expect(
        &with_schemas("  {}\n", "    E: {type: string, enum: []}\n"),
        &[],
    );
}

#[test]
fn c11_integer_enums_are_integers() {
    expect(
        &with_schemas("  {}\n", "    E: {type: integer, enum: [1, 2, 3]}\n"),
        &[],
    );
}

#[test]
fn c12_enum_value_unknown_does_not_clash_with_the_catch_all() {
    expect(
        &with_schemas("  {}\n", "    E: {type: string, enum: [known, unknown]}\n"),
        &[],
    );
}

#[test]
fn c13_descriptions_with_markup_are_kept_as_text() {
    let spec = with_schemas(
        "  {}\n",
        "    D:\n      description: 'ends a comment */ and has `ticks`, <b>html</b> | pipes [links]'\n      type: object\n      properties:\n        x: {type: string, description: 'a | b'}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c14_very_deep_nesting_generates() {
    let mut schema = String::from("{type: string}");
    for _ in 0..60 {
        schema = format!("{{type: object, properties: {{inner: {schema}}}}}");
    }
    expect(
        &with_schemas("  {}\n", &format!("    Deep: {schema}\n")),
        &[],
    );
}

#[test]
fn c15_nesting_beyond_the_parser_limit_is_an_error_not_a_crash() {
    let mut schema = String::from("1");
    for _ in 0..200 {
        schema = format!("[{schema}]");
    }
    let spec = format!("{HEAD}paths: {{}}\nx-deep: {schema}\n");
    let diags = run(&spec);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(diags[0].starts_with("Error "), "{diags:?}");
}

#[test]
fn c16_path_item_refs_are_refused() {
    expect(
        &paths("  /a:\n    $ref: '#/components/pathItems/A'\n"),
        &["Error 5:11 path items given by `$ref` are not supported"],
    );
}

#[test]
fn c17_external_refs_are_refused_with_help() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: getA\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 'other.yaml#/X'}}}}}\n",
    );
    expect(
        &spec,
        &[
            "Error 7:88 `$ref` points outside this document (`other.yaml#/X`); only local references are supported",
        ],
    );
}

#[test]
fn c18_dangling_parameter_and_body_refs() {
    let spec = paths(
        "  /a:\n    post:\n      operationId: postA\n      parameters: [{$ref: '#/components/parameters/Nope'}]\n      requestBody: {$ref: '#/components/requestBodies/Nope'}\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &[
            "Error 7:27 `$ref` points at a parameter that does not exist: `#/components/parameters/Nope`",
            "Error 8:27 `$ref` points at a request body that does not exist: `#/components/requestBodies/Nope`",
        ],
    );
}

#[test]
fn c19_unbalanced_path_braces() {
    let spec = paths(
        "  /a/{id:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n",
    );
    expect(&spec, &["Error 4:3 unbalanced `{` or `}` in path `/a/{id`"]);
}

#[test]
fn c20_malformed_permissions_and_preview_flags() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: getA\n      x-inin-requires-permissions: [a]\n      x-genesys-preview: 'yes'\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &[
            "Error 7:7 `x-inin-requires-permissions` must be `{type: ANY|ALL, permissions: [strings]}`",
            "Error 8:26 `x-genesys-preview` must be `true` or `false`",
        ],
    );
}

#[test]
fn c21_parameters_with_content_are_json_text() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: getA\n      parameters: [{name: f, in: query, content: {application/json: {schema: {type: object}}}}]\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &["Warning 7:21 parameters described by `content` are passed as JSON text"],
    );
}

#[test]
fn c22_no_success_response() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: getA\n      responses: {'404': {description: missing}}\n",
    );
    expect(
        &spec,
        &["Warning 7:7 no 2xx response: the operation is treated as returning nothing"],
    );
}

#[test]
fn c23_two_operations_one_rust_method() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: get_a\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &["Error 9:5 two operations would both be the Rust method `get_a`"],
    );
}

#[test]
fn c24_an_inline_type_never_takes_a_schema_name() {
    let spec = with_schemas(
        "  {}\n",
        "    Dependency:\n      type: object\n      properties:\n        type: {type: string, enum: [a, b]}\n    DependencyType: {type: object, properties: {x: {type: string}}}\n",
    );
    expect(&spec, &[]);
    let (api, _) = generator::to_ir(&Source::new("t.yaml", spec)).unwrap();
    let names: Vec<&str> = api.models.iter().map(|m| m.rust_name.as_str()).collect();
    assert_eq!(
        names,
        ["Dependency", "DependencyType", "DependencyTypeEnum"]
    );
}

#[test]
fn c25_maps_arrays_without_items_and_free_form_objects() {
    let spec = with_schemas(
        "  {}\n",
        "    M:\n      type: object\n      properties:\n        tags: {type: object, additionalProperties: {type: array, items: {type: string}}}\n        any: {type: array}\n        blob: {type: object}\n        anyMap: {type: object, additionalProperties: true}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c26_header_parameters_and_path_item_parameters() {
    let spec = paths(
        "  /a/{id}:\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    get:\n      operationId: getA\n      parameters: [{name: X-Trace, in: header, schema: {type: string}}]\n      responses: {'204': {description: ok}}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c27_every_problem_is_reported_sorted_by_position() {
    let spec = paths(
        "  /b/{x}:\n    get:\n      operationId: getB\n      responses: {'204': {description: ok}}\n  /a/{y}:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n",
    );
    let diags = run(&spec);
    assert_eq!(
        diags,
        [
            "Error 5:5 path placeholder `{x}` is not declared as a path parameter",
            "Error 9:5 path placeholder `{y}` is not declared as a path parameter",
        ]
    );
}
