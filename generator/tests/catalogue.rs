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
fn c06_multipart_bodies_are_file_parts_and_fields() {
    let spec = paths(
        "  /upload:\n    post:\n      operationId: upload\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {file: {type: string, format: binary}}}\n      responses: {'204': {description: ok}}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c07_text_responses_are_strings_and_binary_ones_bytes() {
    let spec = paths(
        "  /t:\n    get:\n      operationId: getT\n      responses: {'200': {description: ok, content: {text/calendar: {schema: {type: string}}}}}\n  /b:\n    get:\n      operationId: getB\n      responses: {'200': {description: ok, content: {application/octet-stream: {schema: {type: string, format: binary}}}}}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c08_any_of_and_one_of_that_shapes_cannot_tell_apart_are_json() {
    let spec = with_schemas(
        "  {}\n",
        "    U:\n      anyOf: [{type: string}, {type: string, format: date}]\n",
    );
    expect(
        &spec,
        &[
            "Warning 7:5 the alternatives of this `oneOf`/`anyOf` cannot be told apart by a value's shape (two of one JSON type, objects without a required property of their own) and there is no `discriminator`: this value is untyped JSON",
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
fn c29_one_of_whose_variants_collide_gets_numbered_variants() {
    // `a-b` and `a_b` both map to the variant `AB`.
    let spec = with_schemas(
        "  {}\n",
        "    Pet:\n      oneOf: [{$ref: '#/components/schemas/Cat'}]\n      discriminator: {propertyName: t, mapping: {a-b: Cat, a_b: Cat}}\n    Cat: {type: object, properties: {x: {type: string}}}\n",
    );
    expect(
        &spec,
        &[
            "Warning 7:5 two alternatives of this `oneOf` would both be the variant `AB`; one is `AB2`",
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
fn c10_empty_enum_is_a_plain_string_with_a_warning() {
    expect(
        &with_schemas("  {}\n", "    E: {type: string, enum: []}\n"),
        &[
            "Warning 7:23 an empty `enum` allows no value at all; it is read as if there were no `enum`",
        ],
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
fn c16_path_item_refs_are_resolved_or_said_dangling() {
    expect(
        &paths("  /a:\n    $ref: '#/components/pathItems/A'\n"),
        &[
            "Error 5:11 this path item's `$ref` does not point at a path item of this document (other files are not read)",
        ],
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
        &["Warning 9:5 two operations would both be the Rust method `get_a`; this one is `get_a2`"],
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
            "Warning 5:5 path placeholder `{x}` is not declared as a path parameter; it is taken as a required string",
            "Warning 9:5 path placeholder `{y}` is not declared as a path parameter; it is taken as a required string",
        ]
    );
}

// Real-world documents: what used to be refused or dropped now generates, each liberty taken
// with a located warning.

#[test]
fn c31_colliding_enum_values_get_words_then_numbers() {
    let spec = with_schemas(
        "  {}\n",
        "    Op:\n      type: string\n      enum: ['=', '<', '<=', '!=', '+1', '-1', '', 'a', 'A', 'a']\n",
    );
    // `=` is `Eq` and `` is `Empty` from the start; `+1`/`-1` and `a`/`A` collide.
    expect(
        &spec,
        &[
            "Warning 9:36 enum value `+1` would be the Rust variant `V1` like another one; it is `Plus1`",
            "Warning 9:42 enum value `-1` would be the Rust variant `V1` like another one; it is `Minus1`",
            "Warning 9:57 enum value `A` would be the Rust variant `A` like another one; it is `A2`",
            "Warning 9:62 enum value `a` is listed twice; once is enough",
        ],
    );
}

#[test]
fn c32_colliding_properties_parameters_and_types_are_renamed() {
    let spec = with_schemas(
        "  /items/{id}:\n    get:\n      operationId: getItem\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: id, in: query, schema: {type: integer}}\n      responses: {'204': {description: ok}}\n",
        "    Item:\n      type: object\n      properties:\n        '+1': {type: integer}\n        '-1': {type: integer}\n        foo_bar: {type: string}\n        fooBar: {type: string}\n    foo_bar: {type: object, properties: {x: {type: string}}}\n    FooBar: {type: object, properties: {y: {type: string}}}\n",
    );
    expect(
        &spec,
        &[
            "Warning 9:12 parameters `id` (path) and `id` (query) would both be the Rust argument `id`; this one is `id_query`",
            "Warning 16:9 property `+1` would be the Rust field `v1` like another one; it is `plus_1`",
            "Warning 17:9 property `-1` would be the Rust field `v1` like another one; it is `minus_1`",
            "Warning 19:9 property `fooBar` would be the Rust field `foo_bar` like another one; it is `foo_bar_2`",
            "Warning 21:5 schema `FooBar` would be the Rust type `FooBar` like another one; it is `FooBar2`",
        ],
    );
}

#[test]
fn c33_duplicate_operation_ids_are_numbered() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: getThing\n      responses: {'204': {description: ok}}\n  /b:\n    get:\n      operationId: getThing\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &["Warning 10:20 duplicate operationId `getThing`: this one is `getThing2`"],
    );
}

#[test]
fn c34_refs_to_any_node_of_the_document() {
    let spec = with_schemas(
        "  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {type: object, properties: {b: {type: string}}}}}\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}}}\n  /c:\n    get:\n      operationId: getC\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/Item/properties/owner'}}}\n",
        "    Item:\n      type: object\n      properties:\n        owner: {type: object, properties: {login: {type: string}}}\n",
    );
    // Legal OpenAPI: no diagnostic. (What the targets become is in `load::repair`'s tests.)
    expect(&spec, &[]);
}

#[test]
fn c35_undeclared_path_placeholders_are_strings() {
    let spec = paths(
        "  /a/{id}:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &[
            "Warning 5:5 path placeholder `{id}` is not declared as a path parameter; it is taken as a required string",
        ],
    );
}

#[test]
fn c36_what_the_typed_model_would_drop_is_said() {
    let spec = with_schemas(
        "  no-slash:\n    get:\n      operationId: getA\n      responses: {'204': {description: ok}}\n  /b:\n    GET:\n      operationId: getB\n      responses: {'204': {description: ok}}\n    fetch:\n      operationId: fetchB\n      responses: {'204': {description: ok}}\n  /c:\n    get:\n      operationId: getC\n      x-inin-requires-permissions: {type: ANY, permissions: []}\n      responses: {'204': {description: ok}}\n",
        "    Empty:\n      type: string\n      enum: []\n",
    );
    expect(
        &spec,
        &[
            "Warning 4:3 path `no-slash` does not start with `/`; it is read as `/no-slash`",
            "Warning 9:5 `GET` is not a path item field (methods are lowercase); it is read as `get`",
            "Warning 12:5 `fetch` is not a path item field (`get`, `put`, `post`, `delete`, `options`, `head`, `patch`, `trace`, `parameters`, ...); what it holds is left out",
            "Warning 18:7 `x-inin-requires-permissions` lists no permission; the operation is documented as needing none",
            "Warning 24:7 an empty `enum` allows no value at all; it is read as if there were no `enum`",
        ],
    );
}

#[test]
fn c37_bodies_of_every_media_type_generate() {
    let spec = paths(
        "  /form:\n    post:\n      operationId: postForm\n      requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: object, required: [name], properties: {name: {type: string}, tags: {type: array, items: {type: string}}}}}}}\n      responses: {'204': {description: ok}}\n  /upload:\n    post:\n      operationId: postUpload\n      requestBody: {content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}, note: {type: string}}}}}}\n      responses: {'204': {description: ok}}\n  /blob:\n    put:\n      operationId: putBlob\n      requestBody: {content: {application/octet-stream: {schema: {type: string, format: binary}}}}\n      responses: {'200': {description: ok, content: {image/png: {schema: {type: string, format: binary}}}}}\n",
    );
    expect(&spec, &[]);
}

#[test]
fn c38_one_of_without_discriminator_is_typed_when_shapes_differ() {
    let spec = with_schemas(
        "  {}\n",
        "    PetOrId:\n      oneOf: [{$ref: '#/components/schemas/Pet'}, {type: string}, {type: integer}]\n      nullable: true\n    Pet: {type: object, required: [name], properties: {name: {type: string}}}\n    Ambiguous:\n      oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: string}}}]\n",
    );
    // `PetOrId` is an untagged enum (`Pet`, `Integer`, `String`, `Null`); `Ambiguous`'s objects
    // require nothing of their own.
    expect(
        &spec,
        &[
            "Warning 11:5 the alternatives of this `oneOf`/`anyOf` cannot be told apart by a value's shape (two of one JSON type, objects without a required property of their own) and there is no `discriminator`: this value is untyped JSON",
        ],
    );
}

#[test]
fn c39_query_styles_the_sdk_writes() {
    let spec = paths(
        "  /a:\n    get:\n      operationId: getA\n      parameters:\n        - {name: csv, in: query, explode: false, schema: {type: array, items: {type: string}}}\n        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {x: {type: string}}}}\n        - {name: X-Ids, in: header, schema: {type: array, items: {type: string}}}\n        - {name: note, in: query, schema: {type: string, nullable: true}}\n      responses: {'204': {description: ok}}\n  /b/{m}:\n    get:\n      operationId: getB\n      parameters:\n        - {name: m, in: path, required: true, style: matrix, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
    );
    expect(
        &spec,
        &[
            "Warning 17:12 path parameter `m` asks for `style: matrix`, which the SDK does not write; it writes `simple` (`a,b`)",
        ],
    );
}
