//! The files that make a generated crate, and the module each one is: the crate's `src`, and
//! the crates beside it (`crates/*`: its runtime crate, and a split layout's model crates), read
//! as the modules the SDK crate re-exports them as.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// The Rust files of a generated crate.
pub(super) struct CrateFiles {
    /// Each file, with the `src` it is a module of.
    pub files: Vec<(PathBuf, PathBuf)>,
    /// The names (in Rust) of the split layout's crates.
    pub parts: BTreeSet<String>,
}

/// Every Rust file of the crate in `crate_dir`, with its split layout's crates.
pub(super) fn of_crate(crate_dir: &Path) -> Result<CrateFiles> {
    let src = crate_dir.join("src");
    let mut files = Vec::new();
    collect(&src, &mut files)?;
    let mut parts = BTreeSet::new();
    for part in side_crates(crate_dir)? {
        let part_src = part.join("src");
        parts.insert(
            part.file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .replace('-', "_"),
        );
        let mut part_files = Vec::new();
        collect(&part_src, &mut part_files)?;
        // Their frames (`lib.rs`, `models/mod.rs`) are what the SDK crate re-exports from.
        part_files.retain(|(_, f)| !f.ends_with("src/lib.rs") && !f.ends_with("models/mod.rs"));
        files.extend(part_files);
    }
    Ok(CrateFiles { files, parts })
}

/// The directories of the crates beside the SDK crate (`crates/*` with a manifest and a `src`:
/// its runtime crate, and a split layout's model crates), sorted; none for a crate of one piece.
pub fn side_crates(crate_dir: &Path) -> Result<Vec<PathBuf>> {
    let crates = crate_dir.join("crates");
    if !crates.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in
        std::fs::read_dir(&crates).with_context(|| format!("cannot list {}", crates.display()))?
    {
        let part = entry?.path();
        if part.join("Cargo.toml").is_file() && part.join("src").is_dir() {
            out.push(part);
        }
    }
    out.sort();
    Ok(out)
}

/// Every `.rs` file under `dir`, each with `dir` (the `src` it is a module of).
fn collect(dir: &Path, out: &mut Vec<(PathBuf, PathBuf)>) -> Result<()> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in
            std::fs::read_dir(&at).with_context(|| format!("cannot list {}", at.display()))?
        {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((dir.to_path_buf(), path));
            }
        }
    }
    Ok(())
}

/// `src/apis/chat.rs` -> `apis::chat`; models are re-exported flat: `src/models/room.rs` ->
/// `models`; `src/lib.rs` and `mod.rs` name their directory.
pub(super) fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod" || l == "lib") {
        parts.pop();
    }
    if parts.first().is_some_and(|p| p == "models") {
        parts.truncate(1);
    }
    if parts.is_empty() {
        "crate".to_owned()
    } else {
        parts.join("::")
    }
}
