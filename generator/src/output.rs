//! The generated files in memory, and the only code that touches the output directory.
//!
//! Writing never leaves a half-written tree:
//! - into an existing directory, the changed files are first staged beside their targets (as
//!   hidden `.<name>.codegen-<pid>` files); only when every one is written are they renamed over
//!   the old files, and the files no longer generated removed. A failure while staging (disk
//!   full, a name the file system refuses) removes what was staged and touches nothing else.
//!   Unchanged files are not touched at all, keeping their timestamps (cargo then does not
//!   rebuild what did not change), and a regeneration that changes a few files costs a few file
//!   writes, not one per file of the tree: creating a directory entry is the costliest thing a
//!   run does on a slow disk;
//! - a new directory, or one whose update cannot be staged (a file that must become a
//!   directory), is built whole in a temporary directory beside the target and swapped in with
//!   two renames, unchanged files hard-linked from the old tree.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Files by path relative to the output directory (`/`-separated), in sorted order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSet(BTreeMap<String, Vec<u8>>);

impl FileSet {
    pub fn insert(&mut self, path: impl Into<String>, contents: impl Into<Vec<u8>>) {
        self.0.insert(path.into(), contents.into());
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.0.get(path).map(Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds every file of `other`, replacing files of the same path.
    pub fn extend(&mut self, other: FileSet) {
        self.0.extend(other.0);
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Reads every file under `dir` (none if it does not exist).
    pub fn read_dir(dir: &Path) -> io::Result<Self> {
        let mut paths = std::collections::BTreeSet::new();
        if dir.exists() {
            list_into(dir, dir, &mut paths)?;
        }
        let mut set = Self::default();
        for path in paths {
            let contents = fs::read(dir.join(&path))?;
            set.insert(path, contents);
        }
        Ok(set)
    }
}

/// How an output directory differs from what would be generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// On disk, with other contents.
    pub stale: Vec<String>,
    /// Would be generated, not on disk.
    pub missing: Vec<String>,
    /// On disk, would not be generated.
    pub extra: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (what, paths) in [
            ("stale", &self.stale),
            ("missing", &self.missing),
            ("extra", &self.extra),
        ] {
            for p in paths {
                writeln!(f, "  {what:<8}{p}")?;
            }
        }
        Ok(())
    }
}

/// Compares `dir` with `files` without writing anything. Files are read back and compared on
/// every core.
pub fn check(dir: &Path, files: &FileSet) -> io::Result<Drift> {
    use rayon::prelude::*;
    let mut on_disk = std::collections::BTreeSet::new();
    if dir.exists() {
        list_into(dir, dir, &mut on_disk)?;
    }
    enum State {
        Same,
        Stale,
        Missing,
    }
    let states: Vec<(&String, State)> = files
        .0
        .par_iter()
        .map(|(path, contents)| {
            let state = if !on_disk.contains(path) {
                State::Missing
            } else if fs::read(dir.join(path))? == *contents {
                State::Same
            } else {
                State::Stale
            };
            Ok((path, state))
        })
        .collect::<io::Result<_>>()?;
    let mut drift = Drift::default();
    for (path, state) in states {
        match state {
            State::Same => {}
            State::Stale => drift.stale.push(path.clone()),
            State::Missing => drift.missing.push(path.clone()),
        }
    }
    drift.extra = on_disk
        .into_iter()
        .filter(|p| files.get(p).is_none())
        .collect();
    Ok(drift)
}

/// The paths of the files under `dir`, relative to `root`, `/`-separated.
fn list_into(
    root: &Path,
    dir: &Path,
    out: &mut std::collections::BTreeSet<String>,
) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            list_into(root, &path, out)?;
        } else {
            out.insert(relative(root, &path)?);
        }
    }
    Ok(())
}

fn relative(root: &Path, path: &Path) -> io::Result<String> {
    let rel = path.strip_prefix(root).map_err(io::Error::other)?;
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect();
    Ok(parts.join("/"))
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Makes `dir` hold exactly `files`, atomically.
pub fn write(dir: &Path, files: &FileSet) -> io::Result<WriteReport> {
    let drift = check(dir, files)?;
    let mut report = WriteReport {
        written: drift.stale.len() + drift.missing.len(),
        unchanged: files.len() - drift.stale.len() - drift.missing.len(),
        removed: drift.extra.len(),
    };
    if drift.is_empty() {
        return Ok(report);
    }
    if dir.is_dir() && update_in_place(dir, files, &drift).is_ok() {
        return Ok(report);
    }
    let tmp = sibling(dir, "tmp")?;
    let result = build_tree(dir, &tmp, files, &drift).and_then(|()| swap(dir, &tmp));
    if result.is_err() {
        // Best effort: the old tree is untouched, only the scratch tree goes.
        let _ = fs::remove_dir_all(&tmp);
        report = WriteReport::default();
    }
    result.map(|()| report)
}

/// `parent/.name.<what>-<pid>`, removed if a crashed run left it behind.
fn sibling(dir: &Path, what: &str) -> io::Result<PathBuf> {
    let name = dir
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} has no directory name", dir.display())))?;
    let path = dir.with_file_name(format!(
        ".{}.{what}-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    if path.exists() {
        fs::remove_dir_all(&path)?;
    }
    Ok(path)
}

/// Stages the changed files beside their targets, then renames them over the targets and removes
/// the extra files. Fails, having changed nothing, if anything cannot be staged.
fn update_in_place(dir: &Path, files: &FileSet, drift: &Drift) -> io::Result<()> {
    use rayon::prelude::*;
    let changed: Vec<&String> = drift.stale.iter().chain(&drift.missing).collect();
    // New directories, outermost first, to remove again if staging fails.
    let mut made: Vec<PathBuf> = Vec::new();
    let staged: Vec<io::Result<(PathBuf, PathBuf)>> = match make_parents(dir, &changed, &mut made) {
        Err(e) => vec![Err(e)],
        Ok(()) => changed
            .par_iter()
            .map(|path| {
                let target = dir.join(path);
                if target.is_dir() {
                    return Err(io::Error::other(format!(
                        "{} is a directory",
                        target.display()
                    )));
                }
                let contents = files.get(path).unwrap_or_default();
                let name = target.file_name().map(|n| n.to_string_lossy().into_owned());
                let stage = target.with_file_name(format!(
                    ".{}.codegen-{}",
                    name.unwrap_or_default(),
                    std::process::id()
                ));
                fs::write(&stage, contents).map(|()| (stage, target))
            })
            .collect(),
    };
    if let Some(e) = staged.iter().find_map(|r| r.as_ref().err()) {
        let e = io::Error::new(e.kind(), e.to_string());
        for (stage, _) in staged.iter().flatten() {
            let _ = fs::remove_file(stage);
        }
        for d in made.iter().rev() {
            let _ = fs::remove_dir_all(d);
        }
        return Err(e);
    }
    staged
        .into_par_iter()
        .flatten()
        .try_for_each(|(stage, target)| fs::rename(stage, target))?;
    for path in &drift.extra {
        let file = dir.join(path);
        fs::remove_file(&file)?;
        // Directories emptied by the removal go too (never `dir` itself).
        let mut parent = file.parent();
        while let Some(p) = parent.filter(|p| *p != dir) {
            if fs::remove_dir(p).is_err() {
                break;
            }
            parent = p.parent();
        }
    }
    Ok(())
}

/// Creates the missing parent directories of `paths` under `dir`, recording the outermost new
/// ones in `made`.
fn make_parents(dir: &Path, paths: &[&String], made: &mut Vec<PathBuf>) -> io::Result<()> {
    let parents: std::collections::BTreeSet<PathBuf> = paths
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
        fs::create_dir_all(&parent)?;
    }
    Ok(())
}

fn build_tree(dir: &Path, tmp: &Path, files: &FileSet, drift: &Drift) -> io::Result<()> {
    use rayon::prelude::*;
    let changed: std::collections::BTreeSet<&str> = drift
        .stale
        .iter()
        .chain(&drift.missing)
        .map(String::as_str)
        .collect();
    // Directories first (once each), then the files on every core.
    let dirs: std::collections::BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|(path, _)| tmp.join(path).parent().map(Path::to_path_buf))
        .collect();
    for d in &dirs {
        fs::create_dir_all(d)?;
    }
    files.0.par_iter().try_for_each(|(path, contents)| {
        let target = tmp.join(path);
        if changed.contains(path.as_str()) || fs::hard_link(dir.join(path), &target).is_err() {
            fs::write(&target, contents)?;
        }
        Ok(())
    })
}

fn swap(dir: &Path, tmp: &Path) -> io::Result<()> {
    if !dir.exists() {
        return fs::rename(tmp, dir);
    }
    let old = sibling(dir, "old")?;
    fs::rename(dir, &old)?;
    if let Err(e) = fs::rename(tmp, dir) {
        fs::rename(&old, dir)?;
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> FileSet {
        let mut s = FileSet::default();
        for (p, c) in files {
            s.insert(*p, c.as_bytes());
        }
        s
    }

    #[test]
    fn write_replaces_changes_and_removes_extras() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = set(&[("a.rs", "a"), ("sub/b.rs", "b"), ("gone.rs", "x")]);
        assert_eq!(
            write(&out, &first).unwrap(),
            WriteReport {
                written: 3,
                unchanged: 0,
                removed: 0
            }
        );
        let second = set(&[("a.rs", "a"), ("sub/b.rs", "B"), ("new.rs", "n")]);
        assert_eq!(
            write(&out, &second).unwrap(),
            WriteReport {
                written: 2,
                unchanged: 1,
                removed: 1
            }
        );
        assert_eq!(FileSet::read_dir(&out).unwrap(), second);
        // Nothing is left beside the output.
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out"]);
    }

    #[test]
    fn an_update_touches_only_what_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write(
            &out,
            &set(&[("same.rs", "s"), ("old.rs", "o"), ("gone/x.rs", "x")]),
        )
        .unwrap();
        let before = fs::metadata(out.join("same.rs"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        let next = set(&[("same.rs", "s"), ("old.rs", "O"), ("new/deep/n.rs", "n")]);
        write(&out, &next).unwrap();
        assert_eq!(FileSet::read_dir(&out).unwrap(), next);
        let after = fs::metadata(out.join("same.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after, "an unchanged file is not rewritten");
        assert!(!out.join("gone").exists(), "emptied directories go");
    }

    #[test]
    fn a_failed_update_leaves_the_tree_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        let first = set(&[("a.rs", "a"), ("b.rs", "b")]);
        write(&out, &first).unwrap();
        // A file name no file system takes: staging fails, and so does the whole-tree fallback.
        let long = format!("sub/{}.rs", "n".repeat(300));
        let second = set(&[("a.rs", "A"), ("b.rs", "B"), (long.as_str(), "x")]);
        assert!(write(&out, &second).is_err());
        assert_eq!(FileSet::read_dir(&out).unwrap(), first);
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out"], "nothing is left beside the output");
    }

    #[test]
    fn a_file_that_becomes_a_directory_is_written_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        write(&out, &set(&[("a", "file"), ("b.rs", "b")])).unwrap();
        let next = set(&[("a/inner.rs", "i"), ("b.rs", "b")]);
        write(&out, &next).unwrap();
        assert_eq!(FileSet::read_dir(&out).unwrap(), next);
    }

    #[test]
    fn check_lists_stale_missing_and_extra() {
        let tmp = tempfile::tempdir().unwrap();
        write(
            tmp.path().join("o").as_path(),
            &set(&[("a", "1"), ("b", "2"), ("c", "3")]),
        )
        .unwrap();
        let drift = check(
            &tmp.path().join("o"),
            &set(&[("a", "1"), ("b", "two"), ("d", "4")]),
        )
        .unwrap();
        assert_eq!(drift.stale, ["b"]);
        assert_eq!(drift.missing, ["d"]);
        assert_eq!(drift.extra, ["c"]);
        assert_eq!(drift.to_string(), "  stale   b\n  missing d\n  extra   c\n");
    }
}
