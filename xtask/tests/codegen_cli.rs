//! `cargo xtask codegen` as a user runs it: exit codes, messages, and what it leaves on disk.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{root, xtask};
use generator::output::FileSet;

/// Runs `xtask codegen ARGS` from the project root; returns (success, stdout, stderr).
fn codegen(args: &[&str]) -> (bool, String, String) {
    let mut all = vec!["codegen"];
    all.extend_from_slice(args);
    xtask(&all)
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

/// Runs codegen on a fixture that generates with warnings; returns stderr.
fn generated_with_warnings(fixture: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let spec = format!("xtask/tests/fixtures/{fixture}");
    let out = dir.path().join("generated");
    let (ok, _, stderr) = codegen(&["--spec", &spec, "--out", out.to_str().unwrap()]);
    assert!(ok, "{fixture} was refused: {stderr}");
    assert!(out.join("Cargo.toml").exists());
    stderr.replace(&spec, "SPEC")
}

#[test]
fn a_duplicate_operation_id_is_numbered_and_both_places_are_named() {
    let stderr = generated_with_warnings("duplicate_operation_id.yaml");
    assert!(
        stderr.starts_with(
            "warning: duplicate operationId `getChatsSettings`: this one is `getChatsSettings2`
  --> SPEC:11:20
   | #/paths/~1api~1v2~1chats~1users~1me~1settings/get/operationId
help: it is also used at #/paths/~1api~1v2~1chats~1settings/get; operation ids must be unique
"
        ),
        "{stderr}"
    );
}

#[test]
fn undeclared_and_unused_path_parameters_are_both_reported() {
    let stderr = generated_with_warnings("undeclared_path_param.yaml");
    assert!(
        stderr.starts_with(
            "warning: path placeholder `{messageId}` is not declared as a path parameter; it is taken as a required string
  --> SPEC:5:5
   | #/paths/~1api~1v2~1chats~1rooms~1{roomJid}~1messages~1{messageId}/delete
help: add `- {name: messageId, in: path, required: true, schema: {type: string}}` to `parameters`

warning: path parameter `userId` does not appear in the path `/api/v2/chats/rooms/{roomJid}/messages/{messageId}`; it is left out
  --> SPEC:12:11
   | #/paths/~1api~1v2~1chats~1rooms~1{roomJid}~1messages~1{messageId}/delete/parameters/1
help: remove the parameter, or add its `{placeholder}` to the path
"
        ),
        "{stderr}"
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
        stderr.ends_with("3 errors, 3 warnings\nnothing was written\n"),
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

/// Appends `path` to the manifest of `out` and writes it: a file an earlier run wrote that the
/// spec no longer generates.
fn earlier_output_file(out: &Path, path: &str) {
    let manifest = out.join("codegen-manifest.txt");
    let mut text = fs::read_to_string(&manifest).unwrap();
    text.push_str(path);
    text.push('\n');
    fs::write(&manifest, text).unwrap();
    fs::write(out.join(path), "// from an earlier spec\n").unwrap();
}

#[test]
fn check_names_every_stale_missing_and_extra_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    let out_arg = out.to_str().unwrap();
    let (ok, _, stderr) = codegen(&["--out", out_arg]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("34 operations (0 left out), 46 models"),
        "{stderr}"
    );
    let (ok, _, _) = codegen(&["--out", out_arg, "--check"]);
    assert!(ok, "a fresh output is stale");

    // A hand edit, a deleted file, a file an earlier run wrote, and a file of the user's.
    let room = out.join("src/models/room.rs");
    fs::write(
        &room,
        fs::read_to_string(&room)
            .unwrap()
            .replace("pub jid", "pub jjid"),
    )
    .unwrap();
    fs::remove_file(out.join("src/models/detail.rs")).unwrap();
    earlier_output_file(&out, "src/models/gone.rs");
    fs::write(out.join("src/models/notes.rs"), "// mine\n").unwrap();
    let before = FileSet::read_dir(&out).unwrap();
    let (ok, _, stderr) = codegen(&["--out", out_arg, "--check"]);
    assert!(!ok);
    for line in [
        "  stale   src/models/room.rs\n",
        "  missing src/models/detail.rs\n",
        "  extra   src/models/gone.rs\n",
    ] {
        assert!(stderr.contains(line), "{line}: {stderr}");
    }
    assert!(
        !stderr.contains("notes.rs"),
        "the user's file is not drift: {stderr}"
    );
    assert_eq!(
        FileSet::read_dir(&out).unwrap(),
        before,
        "--check wrote something"
    );

    // A regeneration repairs the first three and leaves the user's file alone.
    let (ok, _, stderr) = codegen(&["--out", out_arg]);
    assert!(ok);
    // The manifest was edited too, so it is rewritten.
    let unchanged = FileSet::read_dir(&out).unwrap().len() - 4;
    let expected = format!(
        "3 written, {unchanged} unchanged, 1 removed, 1 not written by the generator left alone"
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(
        fs::read_to_string(out.join("src/models/notes.rs")).unwrap(),
        "// mine\n"
    );
    assert!(!out.join("src/models/gone.rs").exists());
    assert!(codegen(&["--out", out_arg, "--check"]).0);
}

#[test]
fn a_project_folder_is_refused_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("my-app");
    fs::create_dir_all(project.join("src")).unwrap();
    fs::write(project.join("src/main.rs"), "fn main() {}\n").unwrap();
    fs::write(project.join("notes.txt"), "todo\n").unwrap();
    let before = FileSet::read_dir(&project).unwrap();
    let (ok, _, stderr) = codegen(&["--out", project.to_str().unwrap()]);
    assert!(!ok, "{stderr}");
    assert!(
        stderr.contains("already holds files that `cargo xtask codegen` did not write (`notes.txt`, `src/main.rs`)"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(stderr.ends_with("nothing was written\n"), "{stderr}");
    assert_eq!(FileSet::read_dir(&project).unwrap(), before);
}

#[test]
fn a_git_checkout_keeps_its_git_directory_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    fs::create_dir_all(&repo).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&repo)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "--quiet"]);
    fs::write(repo.join("README.md"), "# my repo\n").unwrap();
    fs::write(repo.join(".gitignore"), "/target\n").unwrap();
    git(&["add", "."]);
    git(&["commit", "--quiet", "-m", "first"]);
    let git_dir = FileSet::read_dir(&repo.join(".git")).unwrap();
    let repo_arg = repo.to_str().unwrap();

    // Refused: the checkout holds files of its own.
    let (ok, _, stderr) = codegen(&["--out", repo_arg]);
    assert!(!ok, "{stderr}");
    assert_eq!(FileSet::read_dir(&repo.join(".git")).unwrap(), git_dir);

    // Forced: written beside the checkout's files; its README (a generated path) is replaced,
    // and `.git` and `.gitignore` are not touched.
    let (ok, _, stderr) = codegen(&["--out", repo_arg, "--force"]);
    assert!(ok, "{stderr}");
    assert_eq!(FileSet::read_dir(&repo.join(".git")).unwrap(), git_dir);
    assert_eq!(
        fs::read_to_string(repo.join(".gitignore")).unwrap(),
        "/target\n"
    );
    assert!(repo.join("src/lib.rs").is_file());

    // Regenerating a different spec over it removes only what the first run wrote.
    let (ok, _, stderr) = codegen(&[
        "--out",
        repo_arg,
        "--spec",
        "generator/tests/fixtures/chat-seed.yaml",
    ]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains(" removed"), "{stderr}");
    assert_eq!(FileSet::read_dir(&repo.join(".git")).unwrap(), git_dir);
    assert_eq!(
        fs::read_to_string(repo.join(".gitignore")).unwrap(),
        "/target\n"
    );
}

#[test]
fn an_earlier_output_loses_only_its_stale_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sdk");
    let out_arg = out.to_str().unwrap();
    assert!(codegen(&["--out", out_arg]).0);
    earlier_output_file(&out, "docs/Gone.md");
    fs::create_dir_all(out.join("target/debug")).unwrap();
    fs::write(out.join("target/debug/build.log"), "cargo's").unwrap();
    fs::write(out.join("Cargo.lock"), "# lock\n").unwrap();
    let before = FileSet::read_dir(&out).unwrap();
    let (ok, _, stderr) = codegen(&["--out", out_arg]);
    assert!(ok, "{stderr}");
    let after = FileSet::read_dir(&out).unwrap();
    let lost: Vec<&str> = before.paths().filter(|p| after.get(p).is_none()).collect();
    assert_eq!(lost, ["docs/Gone.md"]);
    let changed: Vec<&str> = after
        .iter()
        .filter(|(p, c)| before.get(p) != Some(*c))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(changed, ["codegen-manifest.txt"]);
}

#[test]
fn a_spec_that_is_a_directory_is_named() {
    let (ok, _, stderr) = codegen(&["--spec", "spec", "--check"]);
    assert!(!ok);
    assert_eq!(
        stderr,
        "error: spec is a directory; give the path of a file (an OpenAPI document, YAML or JSON)\n"
    );
}

#[test]
fn templates_that_do_not_exist_are_an_error() {
    let (ok, _, stderr) = codegen(&["--templates", "no/such/dir", "--check"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("error: --templates no/such/dir: the directory does not exist"),
        "{stderr}"
    );
}

#[test]
fn an_unwritable_output_is_said_plainly() {
    let (ok, _, stderr) = codegen(&["--out", "/proc/self/no-such-dir/sdk"]);
    assert!(!ok);
    assert!(
        stderr.starts_with("error: cannot write /proc/self/no-such-dir"),
        "{stderr}"
    );
    assert!(stderr.ends_with("nothing was written\n"), "{stderr}");
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

/// The `[package]` name and version of a generated crate.
fn package(out: &Path) -> (String, String) {
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    let value = |key: &str| {
        manifest
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
            .map(|v| v.trim_end_matches('"').to_owned())
            .unwrap()
    };
    (value("name"), value("version"))
}

#[test]
fn a_crate_is_named_for_its_spec_and_carries_only_examples_that_fit() {
    let dir = tempfile::tempdir().unwrap();
    // The project's spec: sdk.toml names it.
    let chat = dir.path().join("chat");
    assert!(codegen(&["--out", chat.to_str().unwrap()]).0);
    assert_eq!(package(&chat).0, "genesys-cloud-chat");
    assert!(chat.join("examples/chat_tour.rs").is_file());
    // Another spec: named after its title, and without the Chat example it could not build.
    let unusual = dir.path().join("unusual");
    let (ok, _, stderr) = codegen(&[
        "--spec",
        "xtask/tests/fixtures/unusual.yaml",
        "--out",
        unusual.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    // Title `Unusual */ `spec` <b>with</b> | markup`, version `0.0.1`.
    assert_eq!(
        package(&unusual),
        (
            "unusual-spec-b-with-b-markup".to_owned(),
            "0.0.1".to_owned()
        )
    );
    assert!(!unusual.join("examples").exists());
    let readme = fs::read_to_string(unusual.join("README.md")).unwrap();
    assert!(
        readme.contains("unusual-spec-b-with-b-markup = { path = "),
        "{readme}"
    );
    assert!(readme.contains("use unusual_spec_b_with_b_markup::"));
    // Flags win.
    let (ok, _, stderr) = codegen(&[
        "--spec",
        "xtask/tests/fixtures/unusual.yaml",
        "--out",
        unusual.to_str().unwrap(),
        "--crate-name",
        "odd-sdk",
        "--crate-version",
        "3.1.4",
    ]);
    assert!(ok, "{stderr}");
    assert_eq!(
        package(&unusual),
        ("odd-sdk".to_owned(), "3.1.4".to_owned())
    );
    assert!(
        fs::read_to_string(unusual.join("src/client.rs"))
            .unwrap()
            .contains("use odd_sdk::{Client, Region};"),
        "the runtime's doc examples name the crate"
    );
}

#[test]
fn the_cargo_alias_shows_what_is_being_built() {
    // `run --quiet` hid cargo's progress: the first run sat silent for a minute and more.
    let config = fs::read_to_string(root().join(".cargo/config.toml")).unwrap();
    let alias = config.lines().find(|l| l.starts_with("xtask")).unwrap();
    assert!(
        !alias.contains("--quiet") && !alias.contains(" -q"),
        "{alias}"
    );
}
