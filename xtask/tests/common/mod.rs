//! What the command-line tests share: the project root, and running `xtask` from it.

#![allow(dead_code)] // Each test file uses what it needs.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The project root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `xtask ARGS` from the project root; returns (success, stdout, stderr).
pub fn xtask(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
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

/// `xtask codegen --spec SPEC --out OUT` with the crate's name and version given; panics with
/// the generator's report if it fails.
pub fn generate_crate(spec: &Path, out: &Path, name: &str, version: &str) {
    let (ok, _, stderr) = xtask(&[
        "codegen",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--crate-name",
        name,
        "--crate-version",
        version,
    ]);
    assert!(ok, "{stderr}");
}
