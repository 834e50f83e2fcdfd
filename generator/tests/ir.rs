//! The whole IR of `spec/chat.yaml`, pinned.

use generator::load::Source;

#[test]
fn chat() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/chat.yaml")).unwrap();
    let (api, warnings) = generator::to_ir(&Source::new("spec/chat.yaml", text)).unwrap();
    assert!(warnings.is_empty(), "{warnings}");
    insta::assert_yaml_snapshot!("chat", api);
}

#[test]
fn json_and_yaml_give_the_same_ir() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let yaml = std::fs::read_to_string(root.join("spec/chat.yaml")).unwrap();
    let value: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
    let json = serde_json::to_string_pretty(&value).unwrap();
    let (from_yaml, _) = generator::to_ir(&Source::new("chat.yaml", yaml)).unwrap();
    let (from_json, _) = generator::to_ir(&Source::new("chat.json", json)).unwrap();
    assert_eq!(from_yaml, from_json);
}
