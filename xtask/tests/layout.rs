//! Every Rust file of the generated crate parses (syn reads it), and is laid out the way rustfmt
//! lays it out: the generator prints Rust as text, and this holds the text to rustfmt's layout.
//! `generated/rustfmt.toml` turns rustfmt off for the crate, so the files are read with a
//! config of defaults.

use std::path::{Path, PathBuf};
use std::process::Command;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_generated_rust_file_parses_and_is_rustfmt_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("examples"), &mut files);
    // The runtime crate beside it.
    rust_files(&root.join("crates"), &mut files);
    files.sort();
    for must in [
        "src/lib.rs",
        "src/models/mod.rs",
        "src/apis/mod.rs",
        "src/apis/chat.rs",
    ] {
        assert!(files.contains(&root.join(must)), "{must} is checked");
    }
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if let Err(e) = syn::parse_file(&text) {
            panic!("{} does not parse: {e}", file.display());
        }
    }
    let scratch = tempfile::tempdir().unwrap();
    let config = scratch.path().join("rustfmt.toml");
    std::fs::write(&config, "edition = \"2024\"\n").unwrap();
    let output = Command::new("rustfmt")
        .arg("--check")
        .arg("--config-path")
        .arg(&config)
        .args(&files)
        .output()
        .expect("rustfmt runs (rustup component add rustfmt)");
    assert!(
        output.status.success(),
        "rustfmt would change the generated files:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
