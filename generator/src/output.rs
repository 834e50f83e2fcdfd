//! The generated files in memory, and the only code that touches the output directory.
//!
//! Writing is atomic: the new tree is built in a temporary directory beside the target and then
//! swapped in with two renames, so a run that fails part-way leaves the old output as it was.
//! Unchanged files are hard-linked from the old tree, keeping their timestamps (cargo then does
//! not rebuild what did not change).

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

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    /// Reads every file under `dir` (none if it does not exist).
    pub fn read_dir(dir: &Path) -> io::Result<Self> {
        let mut set = Self::default();
        if dir.exists() {
            read_into(dir, dir, &mut set)?;
        }
        Ok(set)
    }
}

fn read_into(root: &Path, dir: &Path, set: &mut FileSet) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            read_into(root, &path, set)?;
        } else {
            let rel = path.strip_prefix(root).map_err(io::Error::other)?;
            let rel: Vec<_> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            set.insert(rel.join("/"), fs::read(&path)?);
        }
    }
    Ok(())
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

/// Compares `dir` with `files` without writing anything.
pub fn check(dir: &Path, files: &FileSet) -> io::Result<Drift> {
    let disk = FileSet::read_dir(dir)?;
    let mut drift = Drift::default();
    for (path, contents) in files.iter() {
        match disk.get(path) {
            None => drift.missing.push(path.to_owned()),
            Some(old) if old != contents => drift.stale.push(path.to_owned()),
            Some(_) => {}
        }
    }
    drift.extra = disk
        .iter()
        .filter(|(p, _)| files.get(p).is_none())
        .map(|(p, _)| p.to_owned())
        .collect();
    Ok(drift)
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
