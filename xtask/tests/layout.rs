//! The files the generator prints as text (models, API modules, the operation table) are laid
//! out the way rustfmt lays them out. `generated/rustfmt.toml` turns rustfmt off for the crate,
//! so this reads them with rustfmt's defaults.

use std::path::Path;
use std::process::Command;

#[test]
fn text_printed_files_of_the_generated_crate_are_rustfmt_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut files = vec![root.join("src/operations.rs")];
    for dir in ["src/apis", "src/models"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.file_name().is_some_and(|n| n != "mod.rs") {
                files.push(path);
            }
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
