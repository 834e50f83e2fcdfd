//! `cargo xtask codegen` as a user runs it: exit codes, messages, and what it leaves on disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::output::FileSet;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `xtask codegen ARGS` from the project root; returns (success, stdout, stderr).
fn codegen(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// An output directory holding a previous generation, to prove failed runs leave it alone.
fn previous_output() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    fs::create_dir_all(out.join("src/models")).unwrap();
    fs::write(out.join("Cargo.toml"), "[package]\nname = \"old\"\n").unwrap();
    fs::write(out.join("src/models/room.rs"), "// old room\n").unwrap();
    dir
}

/// Runs a broken fixture against a previous output and checks the exact report and that the
/// output did not change.
fn assert_rejected(fixture: &str, expected: &str) {
    let dir = previous_output();
    let out = dir.path().join("generated");
    let before = FileSet::read_dir(&out).unwrap();
    let spec = format!("xtask/tests/fixtures/{fixture}");
    let (ok, _, stderr) = codegen(&["--spec", &spec, "--out", out.to_str().unwrap()]);
    assert!(!ok, "{fixture} was accepted");
    assert_eq!(stderr, expected.replace("SPEC", &spec));
    assert_eq!(
        FileSet::read_dir(&out).unwrap(),
        before,
        "a failed run changed the output"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        ["generated"],
        "a failed run left files beside the output"
    );
}

#[test]
fn bad_yaml_is_reported_with_its_position() {
    assert_rejected(
        "bad_yaml.yaml",
        "error: the spec is not valid YAML: did not find expected ',' or '}'
  --> SPEC:3:1

1 error, 0 warnings
nothing was written
",
    );
}

#[test]
fn dangling_ref_is_reported_at_the_ref_with_near_names() {
    assert_rejected(
        "dangling_ref.yaml",
        "error: `$ref` points at a schema that does not exist: `#/components/schemas/ChatSetings`
  --> SPEC:13:23
   | #/paths/~1api~1v2~1chats~1settings/get/responses/200/content/application~1json/schema/$ref
help: schemas defined here include `ChatSettings`, `ChatUserSettings`

1 error, 0 warnings
nothing was written
",
    );
}

#[test]
fn duplicate_operation_id_names_both_places() {
    assert_rejected(
        "duplicate_operation_id.yaml",
        "error: duplicate operationId `getChatsSettings`
  --> SPEC:11:20
   | #/paths/~1api~1v2~1chats~1users~1me~1settings/get/operationId
help: it is also used at #/paths/~1api~1v2~1chats~1settings/get; operation ids must be unique

1 error, 0 warnings
nothing was written
",
    );
}

#[test]
fn undeclared_and_unused_path_parameters_are_both_reported() {
    assert_rejected(
        "undeclared_path_param.yaml",
        "error: path placeholder `{messageId}` is not declared as a path parameter
  --> SPEC:5:5
   | #/paths/~1api~1v2~1chats~1rooms~1{roomJid}~1messages~1{messageId}/delete
help: add `- {name: messageId, in: path, required: true, schema: {type: string}}` to `parameters`

error: path parameter `userId` does not appear in the path `/api/v2/chats/rooms/{roomJid}/messages/{messageId}`
  --> SPEC:12:11
   | #/paths/~1api~1v2~1chats~1rooms~1{roomJid}~1messages~1{messageId}/delete/parameters/1
help: remove the parameter, or add its `{placeholder}` to the path

2 errors, 0 warnings
nothing was written
",
    );
}

#[test]
fn every_problem_of_a_run_is_reported_at_once_in_file_order() {
    let dir = previous_output();
    let out = dir.path().join("generated");
    let (ok, _, stderr) = codegen(&[
        "--spec",
        "xtask/tests/fixtures/many_errors.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!ok);
    let located: Vec<&str> = stderr.lines().filter(|l| l.starts_with("  --> ")).collect();
    let spec = "  --> xtask/tests/fixtures/many_errors.yaml";
    assert_eq!(
        located,
        [":5:5", ":12:30", ":15:20", ":16:7", ":20:28", ":29:9"].map(|at| format!("{spec}{at}"))
    );
    assert!(
        stderr.ends_with("6 errors, 0 warnings\nnothing was written\n"),
        "{stderr}"
    );
}

#[test]
fn missing_spec_file_is_a_clear_error() {
    let (ok, _, stderr) = codegen(&["--spec", "spec/nope.yaml", "--check"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("error: cannot read spec/nope.yaml: "),
        "{stderr}"
    );
}

#[test]
fn check_names_every_stale_missing_and_extra_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    let out_arg = out.to_str().unwrap();
    let (ok, _, stderr) = codegen(&["--out", out_arg]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("34 operations, 30 models"), "{stderr}");
    let (ok, _, _) = codegen(&["--out", out_arg, "--check"]);
    assert!(ok, "a fresh output is stale");

    // A hand edit, a deleted file and a stray file.
    let room = out.join("src/models/room.rs");
    fs::write(
        &room,
        fs::read_to_string(&room)
            .unwrap()
            .replace("pub jid", "pub jjid"),
    )
    .unwrap();
    fs::remove_file(out.join("src/models/detail.rs")).unwrap();
    fs::write(out.join("src/models/notes.rs"), "// mine\n").unwrap();
    let before = FileSet::read_dir(&out).unwrap();
    let (ok, _, stderr) = codegen(&["--out", out_arg, "--check"]);
    assert!(!ok);
    assert!(
        stderr.contains("  stale   src/models/room.rs\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  missing src/models/detail.rs\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("  extra   src/models/notes.rs\n"),
        "{stderr}"
    );
    assert_eq!(
        FileSet::read_dir(&out).unwrap(),
        before,
        "--check wrote something"
    );

    // A regeneration repairs all three.
    let (ok, _, stderr) = codegen(&["--out", out_arg]);
    assert!(ok);
    let unchanged = FileSet::read_dir(&out).unwrap().len() - 2;
    let expected = format!("2 written, {unchanged} unchanged, 1 removed");
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(codegen(&["--out", out_arg, "--check"]).0);
}

#[test]
fn dump_ir_of_the_seed_spec_shows_24_operations_all_any_21_preview() {
    let (ok, stdout, stderr) = codegen(&[
        "--spec",
        "generator/tests/fixtures/chat-seed.yaml",
        "--dump-ir",
    ]);
    assert!(ok, "{stderr}");
    let api: serde_yaml::Value = serde_yaml::from_str(&stdout).unwrap();
    let ops = api["operations"].as_sequence().unwrap();
    assert_eq!(ops.len(), 24);
    assert!(ops.iter().all(|o| o["permissions"]["type"] == "ANY"));
    assert_eq!(ops.iter().filter(|o| o["preview"] == true).count(), 21);
}

#[test]
fn dump_ir_of_the_current_spec_shows_34_operations() {
    let (ok, stdout, stderr) = codegen(&["--dump-ir"]);
    assert!(ok, "{stderr}");
    let api: serde_yaml::Value = serde_yaml::from_str(&stdout).unwrap();
    assert_eq!(api["operations"].as_sequence().unwrap().len(), 34);
}
