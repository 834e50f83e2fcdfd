//! `cargo xtask diff`, `import` and `release` as a release engineer runs them.

mod common;

use std::fs;

use common::{root, xtask};
use generator::output::FileSet;

#[test]
fn diff_prints_json_with_counts_and_the_suggested_version() {
    let (ok, stdout, stderr) = xtask(&[
        "diff",
        "generator/tests/fixtures/chat-seed.yaml",
        "spec/chat.yaml",
        "--format",
        "json",
        "--version",
        "0.1.0",
    ]);
    assert!(ok, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["level"], "major");
    assert_eq!(json["suggested_version"], "0.2.0");
    assert_eq!(
        json["counts"],
        serde_json::json!({"major": 2, "minor": 64, "point": 0})
    );
    assert_eq!(
        json["changes"][0]["subject"],
        "deleteChatsRoomPinnedmessage"
    );
}

#[test]
fn diff_prints_markdown_release_notes() {
    let (ok, stdout, _) = xtask(&[
        "diff",
        "generator/tests/fixtures/chat-seed.yaml",
        "spec/chat.yaml",
        "--version",
        "1.4.2",
    ]);
    assert!(ok);
    assert!(
        stdout.starts_with("# Major Changes (2 changes)\n"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("Suggested version: 2.0.0 (from 1.4.2; major (breaking) changes)\n"),
        "{stdout}"
    );
}

#[test]
fn import_slices_a_tag_with_what_it_reaches_and_marks_preview() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("chat.yaml");
    let (ok, _, stderr) = xtask(&[
        "import",
        "--from",
        "xtask/tests/fixtures/platform-mini.json",
        "--tag",
        "Chat",
        "--out",
        out.to_str().unwrap(),
        "--preview-from",
        "xtask/tests/fixtures/preview-mini.json",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("2 operations tagged `Chat`, 3 components, 1 preview (of the whole document: 0 found only in the preview document, 0 no longer preview)"),
        "{stderr}"
    );
    let yaml = fs::read_to_string(&out).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let schemas: Vec<&str> = doc["components"]["schemas"]
        .as_mapping()
        .unwrap()
        .keys()
        .filter_map(|k| k.as_str())
        .collect();
    assert_eq!(schemas, ["ChatSettings", "Limit"], "User is not reached");
    assert!(doc["paths"].get("/api/v2/users/{userId}").is_none());
    assert_eq!(
        doc["paths"]["/api/v2/chats/settings"]["put"]["x-genesys-preview"],
        true
    );
    assert_eq!(
        doc["paths"]["/api/v2/chats/settings"]["get"]["x-inin-requires-permissions"]["type"],
        "ANY"
    );
    // The slice generates on its own.
    let (ok, _, stderr) = xtask(&[
        "codegen",
        "--spec",
        out.to_str().unwrap(),
        "--out",
        dir.path().join("sdk").to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    // Importing twice gives the same bytes.
    let again = dir.path().join("again.yaml");
    let args = [
        "import",
        "--from",
        "xtask/tests/fixtures/platform-mini.json",
        "--out",
        again.to_str().unwrap(),
    ];
    assert!(xtask(&args).0);
    let first = fs::read(&again).unwrap();
    assert!(xtask(&args).0);
    assert_eq!(fs::read(&again).unwrap(), first);
}

#[test]
fn import_of_an_unknown_tag_says_which_tags_exist() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.yaml");
    let (ok, _, stderr) = xtask(&[
        "import",
        "--from",
        "xtask/tests/fixtures/platform-mini.json",
        "--tag",
        "chat",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("no operation is tagged `chat`"), "{stderr}");
    assert!(
        stderr.contains("help: tags in the document include `Chat`"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn release_dry_run_shows_the_notes_and_writes_nothing() {
    let watched = ["spec/chat.yaml", "sdk.toml", "CHANGELOG.md"];
    let before: Vec<Vec<u8>> = watched
        .iter()
        .map(|p| fs::read(root().join(p)).unwrap())
        .collect();
    let generated = FileSet::read_dir(&root().join("generated")).unwrap();
    // Releasing the seed-era spec over today's would remove ten operations.
    let (ok, stdout, stderr) = xtask(&[
        "release",
        "--from",
        "generator/tests/fixtures/chat-seed.yaml",
        "--dry-run",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("Operation removed: `GET /api/v2/chats/users/me/settings`"),
        "{stdout}"
    );
    assert!(stderr.contains("wrote nothing"), "{stderr}");
    // It counts the files that would change, not all of them.
    let plan = stderr.lines().find(|l| l.contains("--dry-run")).unwrap();
    let changed: usize = plan
        .split(" of ")
        .next()
        .and_then(|head| head.rsplit('(').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("{plan}"));
    assert!(changed > 0 && changed < generated.len(), "{plan}");
    assert!(plan.contains("files changed"), "{plan}");
    let after: Vec<Vec<u8>> = watched
        .iter()
        .map(|p| fs::read(root().join(p)).unwrap())
        .collect();
    assert_eq!(before, after);
    assert_eq!(
        FileSet::read_dir(&root().join("generated")).unwrap(),
        generated
    );
}

/// `diff --fail-on major` gates CI: exit 1 on a breaking change, 0 on none.
#[test]
fn diff_fails_on_the_level_asked() {
    let seed = "generator/tests/fixtures/chat-seed.yaml";
    let (ok, stdout, stderr) =
        common::xtask(&["diff", seed, "spec/chat.yaml", "--fail-on", "major"]);
    assert!(!ok, "a breaking diff passed --fail-on major");
    assert!(stdout.contains("# Major Changes"));
    assert_eq!(stderr, "diff: major (breaking) changes (--fail-on major)\n");
    let (ok, _, _) = common::xtask(&[
        "diff",
        "spec/chat.yaml",
        "spec/chat.yaml",
        "--fail-on",
        "point",
    ]);
    assert!(ok, "no change failed --fail-on point");
}
