//! cargo-semver-checks as an oracle for the release rules. For every change class of the diff
//! rules, a base and a head crate are generated from small specs; the test checks that our verdict
//! is at least as strict as cargo-semver-checks' and, where it cannot see a change (field and
//! parameter type changes, per its README), that ours still calls it breaking.
//!
//! Ignored by default: it builds rustdoc JSON of two crates per class (minutes).
//! `.ci/semver-oracle` runs it: `cargo test -p xtask --test semver_oracle -- --ignored`.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{generate_crate, root};
use generator::diff::{Level, diff};
use generator::load::Source;

/// The base: two operations, a model with a required and an optional field and an enum, a
/// required body, an optional query parameter.
const BASE: &str = r#"openapi: 3.0.3
info: {title: Oracle, version: '1'}
paths:
  /rooms/{roomId}:
    get:
      tags: [Chat]
      operationId: getRoom
      parameters:
        - {name: roomId, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Room'}}}}
  /rooms:
    post:
      tags: [Chat]
      operationId: postRooms
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Room'}}}}
      responses:
        '204': {description: ok}
components:
  schemas:
    Room:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
        kind: {type: string, enum: [a, b]}
"#;

/// Text replacements that turn the base into the head.
type Edits = &'static [(&'static str, &'static str)];

/// (class, edit of the base, whether cargo-semver-checks can see it)
const CASES: &[(&str, Edits, bool)] = &[
    (
        "operation added",
        &[(
            "components:",
            "  /users:\n    get:\n      tags: [Chat]\n      operationId: getUsers\n      responses:\n        '204': {description: ok}\ncomponents:",
        )],
        true,
    ),
    (
        "operation removed",
        &[
            ("  /rooms:\n    post:", "  /rooms:\n    x-gone:"),
            (
                "      requestBody: {required: true",
                "      x-requestBody: {required: true",
            ),
            (
                "      operationId: postRooms\n",
                "      x-operationId: postRooms\n",
            ),
        ],
        true,
    ),
    (
        "optional parameter added",
        &[(
            "        - {name: expand, in: query, schema: {type: string}}",
            "        - {name: expand, in: query, schema: {type: string}}\n        - {name: limit, in: query, schema: {type: integer}}",
        )],
        true,
    ),
    (
        "required parameter added",
        &[(
            "        - {name: expand, in: query, schema: {type: string}}",
            "        - {name: expand, in: query, schema: {type: string}}\n        - {name: limit, in: query, required: true, schema: {type: integer}}",
        )],
        true,
    ),
    (
        "parameter removed",
        &[(
            "        - {name: expand, in: query, schema: {type: string}}\n",
            "",
        )],
        true,
    ),
    (
        "optional parameter made required",
        &[(
            "{name: expand, in: query, schema",
            "{name: expand, in: query, required: true, schema",
        )],
        true,
    ),
    (
        "required body made optional",
        &[(
            "requestBody: {required: true",
            "requestBody: {required: false",
        )],
        true,
    ),
    (
        "parameter type changed",
        &[(
            "{name: expand, in: query, schema: {type: string}}",
            "{name: expand, in: query, schema: {type: integer}}",
        )],
        false,
    ),
    (
        "optional field added",
        &[(
            "        name: {type: string}\n",
            "        name: {type: string}\n        topic: {type: string}\n",
        )],
        true,
    ),
    (
        "required field added",
        &[("      required: [id]", "      required: [id, name]")],
        true,
    ),
    (
        "field removed",
        &[("        name: {type: string}\n", "")],
        true,
    ),
    (
        "field made required",
        &[("      required: [id]", "      required: [id, kind]")],
        true,
    ),
    (
        "field type changed",
        &[(
            "        name: {type: string}",
            "        name: {type: integer}",
        )],
        false,
    ),
    (
        "enum value added",
        &[("enum: [a, b]", "enum: [a, b, c]")],
        true,
    ),
    ("enum value removed", &[("enum: [a, b]", "enum: [a]")], true),
    (
        "operation renamed",
        &[("operationId: getRoom", "operationId: fetchRoom")],
        true,
    ),
    (
        "response type changed",
        &[(
            "'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Room'}}}}",
            "'200': {description: ok, content: {application/json: {schema: {type: string}}}}",
        )],
        true,
    ),
    (
        "request body type changed",
        &[(
            "content: {application/json: {schema: {$ref: '#/components/schemas/Room'}}}}\n      responses:\n        '204'",
            "content: {application/json: {schema: {type: string}}}}\n      responses:\n        '204'",
        )],
        true,
    ),
    (
        "operation moved to another API",
        &[(
            "      tags: [Chat]\n      operationId: postRooms",
            "      tags: [Rooms]\n      operationId: postRooms",
        )],
        true,
    ),
];

fn generate(dir: &Path, spec: &str) {
    fs::create_dir_all(dir).unwrap();
    let path = dir.join("spec.yaml");
    fs::write(&path, spec).unwrap();
    let out = dir.join("crate");
    generate_crate(&path, &out, "oracle", "1.0.0");
    // The project's lock, so that no dependency is resolved anew.
    fs::copy(root().join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
}

fn ours(base: &str, head: &str) -> Option<Level> {
    let ir = |t: &str| generator::to_ir(&Source::new("s.yaml", t)).unwrap().0;
    diff(&ir(base), &ir(head)).level()
}

/// Whether cargo-semver-checks finds a break that a minor release may not carry.
fn theirs_breaking(dir: &Path) -> bool {
    let out = Command::new("cargo")
        .args([
            "semver-checks",
            "check-release",
            "--release-type",
            "minor",
            "--baseline-root",
        ])
        .arg(dir.join("base/crate"))
        .arg("--manifest-path")
        .arg(dir.join("head/crate/Cargo.toml"))
        .env("CARGO_TARGET_DIR", root().join("target/semver-oracle"))
        .output()
        .expect("cargo semver-checks is installed (`cargo install cargo-semver-checks --locked`)");
    let text = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() || text.contains("semver requires new major version"),
        "cargo semver-checks failed to run:\n{text}"
    );
    !out.status.success()
}

#[test]
#[ignore = "builds rustdoc JSON of two crates per change class (minutes); .ci/semver-oracle runs it"]
fn our_verdicts_are_at_least_as_strict_as_cargo_semver_checks() {
    let mut table = Vec::new();
    for (class, edits, visible) in CASES {
        let mut head = BASE.to_owned();
        for (from, to) in *edits {
            assert!(head.contains(from), "{class}: `{from}` is not in the base");
            head = head.replacen(from, to, 1);
        }
        let dir = tempfile::tempdir().unwrap();
        generate(&dir.path().join("base"), BASE);
        generate(&dir.path().join("head"), &head);
        let level = ours(BASE, &head);
        let breaking = theirs_breaking(dir.path());
        table.push(format!(
            "{class:<34} ours: {:<6} cargo-semver-checks: {}",
            level.map_or("none", |l| l.title()),
            if breaking { "major" } else { "not major" }
        ));
        if breaking {
            assert_eq!(
                level,
                Some(Level::Major),
                "{class}: cargo-semver-checks says major"
            );
        }
        if !visible {
            assert_eq!(level, Some(Level::Major), "{class}: a break it cannot see");
        }
        assert!(level.is_some(), "{class}: no change found");
    }
    println!("{}", table.join("\n"));
}
