//! Swagger 2.0, as Genesys publishes its API: read directly, with the same IR as its OpenAPI 3.0
//! form, problems located in the Swagger file, and the 2017 upstream document generated whole.

use std::path::{Path, PathBuf};

use generator::emit::EmitOptions;
use generator::emit::docs::Templates;
use generator::ir::Permissions;
use generator::load::Source;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> Source {
    let path = root().join("generator/tests/fixtures/swagger2").join(name);
    Source::new(name, std::fs::read_to_string(path).unwrap())
}

fn templates() -> Templates {
    Templates::load(&[root().join("templates/docs")]).unwrap()
}

#[test]
fn a_swagger_2_rendering_gives_the_ir_and_the_crate_of_its_openapi_3_form() {
    let swagger = fixture("chat.swagger2.json");
    let openapi = fixture("chat.openapi3.json");
    let (from_swagger, warnings) = generator::to_ir(&swagger).unwrap();
    assert!(warnings.is_empty(), "{warnings}");
    let (from_openapi, _) = generator::to_ir(&openapi).unwrap();
    assert_eq!(from_swagger, from_openapi);
    assert_eq!(from_swagger.operations.len(), 34);

    // And so the same files, byte for byte (named after the same spec).
    let opts = EmitOptions::for_spec("spec/chat.yaml", templates());
    let a = generator::generate(&swagger, &opts).unwrap().files;
    let b = generator::generate(&openapi, &opts).unwrap().files;
    assert_eq!(a.len(), b.len());
    for (path, bytes) in a.iter() {
        assert_eq!(Some(bytes), b.get(path), "{path} differs");
    }
}

/// Every diagnostic of `text`, rendered, with its location.
fn problems(name: &str, text: &str) -> Vec<String> {
    let source = Source::new(name, text);
    match generator::to_ir(&source) {
        Ok((_, warnings)) => warnings.iter().map(ToString::to_string).collect(),
        Err(diags) => diags.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn problems_are_located_in_the_swagger_file_not_in_its_conversion() {
    let text = r##"swagger: "2.0"
info: {title: t, version: "1"}
host: api.example.com
paths:
  /rooms/{roomId}:
    post:
      operationId: postRoom
      parameters:
      - name: roomId
        in: path
        required: true
        type: string
      - name: tags
        in: query
        type: array
        items: {type: string}
        collectionFormat: tsv
      - name: body
        in: body
        schema:
          $ref: "#/definitions/Missing"
      responses:
        "200":
          description: ok
          schema:
            $ref: "#/definitions/AlsoMissing"
  /threads/{threadId}:
    get:
      operationId: getThread
      responses:
        "204": {description: done}
definitions: {}
"##;
    let found = problems("upstream.yaml", text);
    let expect = [
        // Lowering found these in the converted document: located in the Swagger file.
        (
            "upstream.yaml:21:",
            "#/paths/~1rooms~1{roomId}/post/parameters/2/schema/$ref",
        ),
        (
            "upstream.yaml:26:",
            "#/paths/~1rooms~1{roomId}/post/responses/200/schema/$ref",
        ),
        ("upstream.yaml:28:", "#/paths/~1threads~1{threadId}/get"),
        // The conversion found this one.
        (
            "upstream.yaml:17:",
            "#/paths/~1rooms~1{roomId}/post/parameters/1/collectionFormat",
        ),
    ];
    for (at, pointer) in expect {
        assert!(
            found
                .iter()
                .any(|d| d.contains(&format!("--> {at}")) && d.contains(pointer)),
            "no diagnostic at {at} {pointer} in:\n{}",
            found.join("\n")
        );
    }
    // Messages name references as the file writes them.
    assert!(
        found.iter().all(|d| !d.contains("components")),
        "the conversion leaked:\n{}",
        found.join("\n")
    );
    assert!(
        found.iter().any(|d| d.contains("`#/definitions/Missing`")
            && d.contains("`#/definitions` defines nothing")),
        "{}",
        found.join("\n")
    );
}

#[test]
fn a_swagger_file_that_does_not_match_the_model_is_located() {
    let text = "{\n  \"swagger\": \"2.0\",\n  \"info\": {\"title\": \"t\", \"version\": \"1\"},\n  \"paths\": {\n    \"/a\": {\"get\": {\"responses\": 7}}\n  }\n}\n";
    let found = problems("upstream.json", text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("the spec does not match Swagger 2.0"),
        "{}",
        found[0]
    );
    // openapiv3 buffers path items, so serde knows the path item, not the field (as for
    // OpenAPI 3.0 documents).
    assert!(found[0].contains("--> upstream.json:4:"), "{}", found[0]);
}

/// The real 2017 document, as Genesys published it (beside the checkout, as in CI).
fn upstream_2017() -> Option<Source> {
    let path =
        root().join("../shared/reference/genesys-platform/upstream-2017/publicapi-v2-latest.json");
    let text = std::fs::read_to_string(&path).ok()?;
    Some(Source::new("publicapi-v2-latest.json", text))
}

#[test]
fn the_2017_upstream_document_generates_every_operation_with_permissions_and_error_codes() {
    let Some(source) = upstream_2017() else {
        panic!(
            "the 2017 upstream document is missing: ../shared/reference/genesys-platform/upstream-2017/"
        );
    };
    let (api, warnings) = generator::to_ir(&source).unwrap();
    assert_eq!(api.operations.len(), 841);
    // What it has that a generator cannot read as written, said and counted: operations whose
    // only success is `default` (34), and an error code written with a tab after it (1).
    let count = |prefix: &str| {
        warnings
            .iter()
            .filter(|d| d.message.starts_with(prefix))
            .count()
    };
    assert_eq!(count("no 2xx response"), 34, "{warnings}");
    assert_eq!(
        count("error code \"address.classification.type.does.not.exist\\t\""),
        1,
        "{warnings}"
    );
    // Where it breaks the Swagger 2.0 schema (as openapi-spec-validator says too): 17 query
    // parameters whose items are objects, 2 empty `externalDocs` URLs.
    assert_eq!(
        count("this is none of the forms allowed here"),
        17,
        "{warnings}"
    );
    assert_eq!(count("this is not a valid uri"), 2, "{warnings}");
    assert_eq!(warnings.len(), 54, "{warnings}");
    let with_permissions = api
        .operations
        .iter()
        .filter(|op| op.permissions != Permissions::None)
        .count();
    assert_eq!(with_permissions, 535);
    assert!(api.operations.iter().all(|op| !op.error_codes.is_empty()));
    // Method names are the official SDKs' (`x-purecloud-method-name`).
    let op = api
        .operations
        .iter()
        .find(|op| op.id == "getConversationsChatsConversationId")
        .unwrap();
    assert_eq!(op.sdk_name, "getConversationsChat");
    assert!(op.error_codes.iter().any(|e| e.status == Some(404)
        && e.code == "conversation.error.conversation.not.found"));

    let files = generator::generate(
        &source,
        &EmitOptions::for_spec("publicapi-v2-latest.json", templates()),
    )
    .unwrap()
    .files;
    let text = |path: &str| String::from_utf8(files.get(path).unwrap().to_vec()).unwrap();
    assert!(
        text("src/error_codes.rs").contains(
            "pub const CONVERSATION_ERROR_CONVERSATION_NOT_FOUND: ErrorCode = ErrorCode::new(ErrorCodeParts {"
        )
    );
    let page = text("docs/ConversationsApi.md");
    assert!(page.contains("### Error codes"));
    assert!(page.contains(
        "| 404 | `conversation.error.conversation.not.found` | The conversation does not exist. |"
    ));
}
