//! `cargo xtask import` from the documents exactly as Genesys publishes them: Swagger 2.0, and a
//! preview document beside the public one.

mod common;

use std::fs;
use std::path::Path;

use common::{root, xtask};
use generator::load::Source;

/// Imports `tag` from `from` into `out`, or fails the test.
fn import(from: &Path, out: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "import",
        "--from",
        from.to_str().unwrap(),
        "--tag",
        "Chat",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let (ok, _, stderr) = xtask(&args);
    assert!(ok, "{stderr}");
    stderr
}

#[test]
fn importing_from_swagger_2_or_from_its_openapi_3_form_writes_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("generator/tests/fixtures/swagger2");
    let mut written = Vec::new();
    for (form, file) in [
        ("swagger2", "chat.swagger2.json"),
        ("openapi3", "chat.openapi3.json"),
    ] {
        // Same file name: the slice's first line names the document it comes from.
        let from = dir.path().join(form).join("publicapi-v2-latest.json");
        fs::create_dir_all(from.parent().unwrap()).unwrap();
        fs::copy(fixtures.join(file), &from).unwrap();
        let out = dir.path().join(format!("{form}.yaml"));
        import(&from, &out, &[]);
        written.push(fs::read_to_string(&out).unwrap());
    }
    assert!(written[0] == written[1], "the two imports differ");
    assert!(written[0].contains("x-inin-requires-permissions"));
    // And the slice has the IR of the whole document (it was the Chat slice already).
    let (sliced, _) = generator::to_ir(&Source::new("chat.yaml", written[0].clone())).unwrap();
    let whole = fs::read_to_string(fixtures.join("chat.openapi3.json")).unwrap();
    let (whole, _) = generator::to_ir(&Source::new("chat.openapi3.json", whole)).unwrap();
    assert_eq!(sliced, whole);
}

#[test]
fn a_public_and_preview_pair_merges_as_the_official_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let public = root().join("xtask/tests/fixtures/upstream-public.json");
    let preview = root().join("xtask/tests/fixtures/upstream-preview.json");
    // Before: the public document alone, its preview marks as written.
    let before = dir.path().join("before.yaml");
    import(&public, &before, &[]);
    // After: merged with the preview document.
    let after = dir.path().join("after.yaml");
    let stderr = import(
        &public,
        &after,
        &["--preview-from", preview.to_str().unwrap()],
    );
    assert!(
        stderr.contains(
            "4 operations tagged `Chat`, 6 components, 2 preview (of the whole document: 1 found only in the preview document, 1 no longer preview)"
        ),
        "{stderr}"
    );
    let yaml = fs::read_to_string(&after).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let op = |path: &str, method: &str| doc["paths"][path][method].clone();
    let preview_flag =
        |path: &str, method: &str| op(path, method).get("x-genesys-preview").cloned();
    let yes = Some(serde_yaml::Value::Bool(true));
    // In both documents: marked.
    assert_eq!(preview_flag("/api/v2/chats/rooms/{roomJid}", "get"), yes);
    // Only in the preview document: added, marked, with the schemas it reaches.
    assert_eq!(
        preview_flag("/api/v2/chats/rooms/{roomJid}/threads", "get"),
        yes
    );
    for schema in ["Thread", "ThreadListing"] {
        assert!(
            doc["components"]["schemas"].get(schema).is_some(),
            "{schema}"
        );
    }
    // No longer in the preview document: no longer preview.
    assert_eq!(preview_flag("/api/v2/chats/settings", "patch"), None);
    assert_eq!(preview_flag("/api/v2/chats/settings", "get"), None);
    // Genesys's extensions come through.
    assert_eq!(
        op("/api/v2/chats/settings", "get")["responses"]["403"]["x-inin-error-codes"]["missing.permissions"],
        "Unable to perform the requested action. You are missing the following permission(s): %s"
    );

    // The release notes say what changed.
    let (ok, notes, stderr) = xtask(&["diff", before.to_str().unwrap(), after.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    for said in [
        "Left preview: now generally available",
        "Became a preview operation: may change without notice",
        "getChatsRoomThreads",
    ] {
        assert!(notes.contains(said), "{said} missing from:\n{notes}");
    }

    // And the merged slice generates a crate that documents the error codes.
    let sdk = dir.path().join("sdk");
    let (ok, _, stderr) = xtask(&[
        "codegen",
        "--spec",
        after.to_str().unwrap(),
        "--out",
        sdk.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let codes = fs::read_to_string(sdk.join("src/error_codes.rs")).unwrap();
    assert!(
        codes.contains("pub const MISSING_PERMISSIONS: ErrorCode"),
        "{codes}"
    );
}

#[test]
fn topics_come_with_their_schemas_and_are_kept_on_the_next_import() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("xtask/tests/fixtures");
    let (from, mappings) = (
        fixtures.join("platform-mini.json"),
        fixtures.join("notification-mappings.json"),
    );
    let out = dir.path().join("chat.yaml");
    let mappings = mappings.to_str().unwrap();
    let stderr = import(
        &from,
        &out,
        &["--topics", mappings, "--topic", "v2.users.*.presence"],
    );
    assert!(stderr.contains("3 notification topics"), "{stderr}");
    let text = fs::read_to_string(&out).unwrap();
    // `User` is reached only by the topic; the Chat operations do not use it.
    let (api, _) = generator::to_ir(&Source::new("chat.yaml", text)).unwrap();
    let topics: Vec<_> = api.topics.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        topics,
        [
            "v2.system.socket_closing",
            "v2.system.token_revoked.{id}",
            "v2.users.{id}.presence"
        ]
    );
    assert!(api.model("User").is_some());
    // Importing again without `--topic` keeps the topics the spec has.
    let again = import(&from, &out, &["--topics", mappings]);
    assert!(again.contains("3 notification topics"), "{again}");
    // A pattern that matches nothing is a typo, or a topic Genesys removed: refused.
    let (ok, _, stderr) = xtask(&[
        "import",
        "--from",
        from.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--topics",
        mappings,
        "--topic",
        "v2.users.*.presense",
    ]);
    assert!(
        !ok && stderr.contains("`v2.users.*.presense` matches no topic"),
        "{stderr}"
    );
}
