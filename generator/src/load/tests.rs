use super::*;

fn load_str(name: &str, text: &str) -> Result<OpenAPI, Vec<String>> {
    let source = Source::new(name, text);
    load(&source).map(|l| l.spec).map_err(|mut d| {
        d.finish(name, |p| source.locate(p));
        d.iter().map(|d| d.to_string()).collect()
    })
}

const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

#[test]
fn loads_minimal_yaml_and_json() {
    assert!(load_str("a.yaml", MINIMAL).is_ok());
    let json = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}"#;
    assert!(load_str("a.json", json).is_ok());
}

#[test]
fn an_unclosed_quote_is_located_where_it_opens() {
    for quote in ['"', '\''] {
        let text =
            format!("openapi: 3.0.3\ninfo:\n  title: {quote}Broken\n  version: 1\npaths: {{}}\n");
        let err = load_str("a.yaml", &text).unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].contains("a quoted string opened here is never closed"),
            "{}",
            err[0]
        );
        assert!(err[0].contains("--> a.yaml:3:10"), "{}", err[0]);
    }
}

#[test]
fn bad_yaml_is_located() {
    let err = load_str("a.yaml", "openapi: 3.0.3\ninfo: {title: t\npaths: {}\n").unwrap_err();
    assert_eq!(err.len(), 1);
    assert!(
        err[0].starts_with("error: the spec is not valid YAML: "),
        "{}",
        err[0]
    );
    assert!(err[0].contains("--> a.yaml:3:"), "{}", err[0]);
}

#[test]
fn bad_json_is_located() {
    let err = load_str("a.json", "{\n \"openapi\": \"3.0.3\",\n \"info\": }\n").unwrap_err();
    assert!(
        err[0].starts_with("error: the spec is not valid JSON: "),
        "{}",
        err[0]
    );
    assert!(err[0].contains("--> a.json:3:10"), "{}", err[0]);
}

#[test]
fn swagger_2_is_read_in_yaml_and_json_and_other_versions_are_named() {
    for text in [
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
        "{swagger: '2.0', info: {title: t, version: '1'}, paths: {}}\n",
    ] {
        let spec = load_str("a.yaml", text).unwrap();
        assert_eq!(spec.openapi, "3.0.3");
    }
    let json = r#"{"swagger":"2.0","info":{"title":"t","version":"1"},"host":"h","paths":{}}"#;
    let spec = load_str("a.json", json).unwrap();
    assert_eq!(spec.servers[0].url, "https://h");
    let err = load_str("a.yaml", "swagger: '1.2'\ninfo: {title: t, version: '1'}\n").unwrap_err();
    assert!(err[0].contains("Swagger 1.2 document"), "{}", err[0]);
    assert!(err[0].contains("--> a.yaml:1:10"), "{}", err[0]);
}

#[test]
fn openapi_31_is_refused_clearly() {
    let err = load_str("a.yaml", &MINIMAL.replace("3.0.3", "3.1.0")).unwrap_err();
    assert!(
        err[0].starts_with("error: OpenAPI 3.1.0 is not supported"),
        "{}",
        err[0]
    );
}

#[test]
fn missing_info_names_the_field() {
    let err = load_str("a.yaml", "openapi: 3.0.3\npaths: {}\n").unwrap_err();
    assert!(err[0].contains("missing field `info`"), "{}", err[0]);
    assert!(err[0].contains("--> a.yaml:1:1"), "{}", err[0]);
}

#[test]
fn wrong_type_deep_inside_is_pointed_at() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
    let err = load_str("a.yaml", text).unwrap_err();
    // openapiv3 buffers path items, so serde knows the path item, not the field.
    assert!(
        err[0].contains("invalid type: integer `7`, expected struct Responses"),
        "{}",
        err[0]
    );
    assert!(err[0].contains("--> a.yaml:4:3"), "{}", err[0]);
    assert!(err[0].contains("#/paths"), "{}", err[0]);
}
