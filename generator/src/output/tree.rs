//! The file system operations of a write: a new tree built beside its target and renamed into
//! place, or changed files staged beside their targets and renamed over them.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Output, WriteError, ancestors, at};

/// `parent/.name.<what>-<pid>`, removed first if a crashed run left it behind.
fn sibling(dir: &Path, what: &str) -> Result<PathBuf, WriteError> {
    let name = dir.file_name().ok_or_else(|| WriteError::Io {
        path: dir.to_path_buf(),
        source: io::Error::other("the path has no directory name"),
    })?;
    let path = dir.with_file_name(format!(
        ".{}.{what}-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    if path.exists() {
        fs::remove_dir_all(&path).map_err(at(&path))?;
    }
    Ok(path)
}

/// Writes `files` (path and contents) under `root`, directories first (once each), then the
/// files on every core.
fn write_all<'a>(
    root: &Path,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> Result<(), WriteError> {
    let files: Vec<(&str, &[u8])> = files.collect();
    let dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|(p, _)| root.join(p).parent().map(Path::to_path_buf))
        .collect();
    for d in &dirs {
        fs::create_dir_all(d).map_err(at(d))?;
    }
    files.par_iter().try_for_each(|(path, contents)| {
        let target = root.join(path);
        fs::write(&target, contents).map_err(at(&target))
    })
}

/// Builds `dir`, which does not exist, whole beside it and renames it into place.
pub(super) fn create(dir: &Path, files: &Output<'_>) -> Result<(), WriteError> {
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(at(parent))?;
    }
    let tmp = sibling(dir, "tmp")?;
    let result =
        write_all(&tmp, files.iter()).and_then(|()| fs::rename(&tmp, dir).map_err(at(dir)));
    if result.is_err() {
        // Best effort: only the scratch tree goes.
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// Where a changed file waits before it is renamed over its target.
struct Staged {
    stage: PathBuf,
    target: PathBuf,
}

/// Stages `write` beside their targets (or, where a file this run removes stands in the way of
/// a new directory, in a scratch tree beside `dir`), then removes `remove`, then renames every
/// staged file into place. Fails, having changed nothing, if anything cannot be staged.
pub(super) fn update(
    dir: &Path,
    files: &Output<'_>,
    write: &[String],
    remove: &[String],
) -> Result<(), WriteError> {
    let removed: BTreeSet<&str> = remove.iter().map(String::as_str).collect();
    // A file whose parent chain runs through a removed file waits in the scratch tree.
    let (deferred, beside): (Vec<&String>, Vec<&String>) = write
        .iter()
        .partition(|path| ancestors(path).any(|a| removed.contains(a)));
    // New directories, outermost first, to remove again if staging fails.
    let mut made: Vec<PathBuf> = Vec::new();
    let scratch = if deferred.is_empty() {
        None
    } else {
        Some(sibling(dir, "tmp")?)
    };
    let staged: Result<Vec<Staged>, WriteError> = (|| {
        make_parents(dir, &beside, &mut made)?;
        if let Some(scratch) = &scratch {
            write_all(
                scratch,
                deferred
                    .iter()
                    .map(|p| (p.as_str(), files.get(p).unwrap_or_default())),
            )?;
        }
        beside
            .par_iter()
            .map(|path| {
                let target = dir.join(path);
                let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
                let stage = target.with_file_name(format!(
                    ".{}.codegen-{}",
                    name.unwrap_or_default(),
                    std::process::id()
                ));
                fs::write(&stage, files.get(path).unwrap_or_default()).map_err(at(&stage))?;
                Ok(Staged { stage, target })
            })
            .collect::<Vec<Result<Staged, WriteError>>>()
            .into_iter()
            .collect()
    })();
    let staged = match staged {
        Ok(staged) => staged,
        Err(e) => {
            // Remove whatever was staged: the staged files sit beside their targets.
            for path in &beside {
                let target = dir.join(path);
                if let Some(name) = target.file_name() {
                    let _ = fs::remove_file(target.with_file_name(format!(
                        ".{}.codegen-{}",
                        name.to_string_lossy(),
                        std::process::id()
                    )));
                }
            }
            for d in made.iter().rev() {
                let _ = fs::remove_dir_all(d);
            }
            if let Some(scratch) = &scratch {
                let _ = fs::remove_dir_all(scratch);
            }
            return Err(e);
        }
    };
    // Everything is staged: the rest are removals and renames.
    for path in remove {
        let file = dir.join(path);
        fs::remove_file(&file).map_err(at(&file))?;
        // Directories emptied by the removal go too (never `dir` itself).
        let mut parent = file.parent();
        while let Some(p) = parent.filter(|p| *p != dir) {
            if fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    staged
        .into_par_iter()
        .try_for_each(|s| fs::rename(&s.stage, &s.target).map_err(at(&s.target)))?;
    if let Some(scratch) = &scratch {
        for path in &deferred {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(at(parent))?;
            }
            fs::rename(scratch.join(path), &target).map_err(at(&target))?;
        }
        let _ = fs::remove_dir_all(scratch);
    }
    Ok(())
}

/// Creates the missing parent directories of `paths` under `dir`, recording the outermost new
/// ones in `made`.
fn make_parents(dir: &Path, paths: &[&String], made: &mut Vec<PathBuf>) -> Result<(), WriteError> {
    let parents: BTreeSet<PathBuf> = paths
        .iter()
        .filter_map(|p| dir.join(p).parent().map(Path::to_path_buf))
        .collect();
    for parent in parents {
        if parent.is_dir() {
            continue;
        }
        made.extend(
            parent
                .ancestors()
                .take_while(|a| !a.exists())
                .last()
                .map(Path::to_path_buf),
        );
        fs::create_dir_all(&parent).map_err(at(&parent))?;
    }
    Ok(())
}
