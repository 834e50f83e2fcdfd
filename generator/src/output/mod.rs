//! The generated files in memory, and the only code that touches the output directory.
//!
//! **Ownership.** The generator replaces or removes only files it wrote itself: every run leaves
//! a manifest ([`manifest::MANIFEST`]) listing the files it wrote, and the next run removes a
//! file only when that manifest lists it and the new output does not. Everything else in the
//! directory is the user's and is left alone. Hidden entries (`.git`, `.gitignore`, an editor's
//! files) are never read, written or removed. A directory that holds visible files but no
//! manifest, or a user's file where a generated file must go, is refused unless the caller
//! forces it ([`WriteOptions::force`]); even then nothing is removed that the manifest does not
//! list.
//!
//! **Atomicity.** Writing never leaves a half-written tree:
//! - a new directory is built whole in a temporary directory beside the target, then renamed
//!   into place;
//! - in an existing directory, the changed files are first staged beside their targets (as
//!   hidden `.<name>.codegen-<pid>` files); only when every one is written are they renamed over
//!   the old files and the files no longer generated removed. A failure while staging removes
//!   what was staged and touches nothing else. Unchanged files are not touched at all, keeping
//!   their timestamps (cargo then does not rebuild what did not change).

pub mod manifest;
mod tree;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub use manifest::MANIFEST;

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

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Reads every file under `dir`, hidden ones included (none if `dir` does not exist).
    pub fn read_dir(dir: &Path) -> io::Result<Self> {
        let mut set = Self::default();
        if dir.exists() {
            for path in list(dir, Hidden::Include)? {
                let contents = fs::read(dir.join(&path))?;
                set.insert(path, contents);
            }
        }
        Ok(set)
    }
}

/// What a run leaves in its output: the files, borrowed (the whole platform's are hundreds of
/// megabytes), and the manifest that lists them.
struct Output<'a> {
    files: &'a FileSet,
    manifest: Vec<u8>,
}

impl<'a> Output<'a> {
    fn new(files: &'a FileSet) -> Self {
        let manifest = manifest::render(files.paths().filter(|p| *p != MANIFEST)).into_bytes();
        Self { files, manifest }
    }

    fn get(&self, path: &str) -> Option<&[u8]> {
        if path == MANIFEST {
            Some(&self.manifest)
        } else {
            self.files.get(path)
        }
    }

    fn len(&self) -> usize {
        self.files.paths().filter(|p| *p != MANIFEST).count() + 1
    }

    fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        let files = self.files.iter().filter(|(p, _)| *p != MANIFEST);
        files.chain(std::iter::once((MANIFEST, self.manifest.as_slice())))
    }
}

/// How an output directory differs from what would be generated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    /// On disk, with other contents.
    pub stale: Vec<String>,
    /// Would be generated, not on disk.
    pub missing: Vec<String>,
    /// Written by an earlier run (listed in its manifest), no longer generated: a write
    /// removes them.
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

/// How [`write`] treats a directory that is not entirely its own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Write into a directory that holds files but no manifest, and replace the user's files
    /// where generated files must go. Files the manifest does not list are still never removed.
    pub force: bool,
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Files in the directory that the generator did not write, left as they were.
    pub left_alone: usize,
}

/// Why nothing was written.
#[derive(Debug)]
pub enum WriteError {
    /// A file system operation failed on `path`.
    Io { path: PathBuf, source: io::Error },
    /// The output path exists and is not a directory.
    NotADirectory(PathBuf),
    /// The directory holds visible files, and no manifest of an earlier run.
    NotOurs {
        dir: PathBuf,
        /// Some of its files, sorted.
        examples: Vec<String>,
        count: usize,
    },
    /// Generated files would replace these files of the user's, with other contents.
    WouldReplace { dir: PathBuf, paths: Vec<String> },
    /// Generated files cannot be written without removing these files or directories of the
    /// user's (a file where a directory must go, or the reverse).
    Blocked { dir: PathBuf, paths: Vec<String> },
    /// The manifest cannot be trusted.
    BadManifest { path: PathBuf, reason: String },
}

impl WriteError {
    /// Whether [`WriteOptions::force`] would let the write go ahead.
    pub fn can_force(&self) -> bool {
        matches!(self, Self::NotOurs { .. } | Self::WouldReplace { .. })
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let some = |paths: &[String], count: usize| {
            let shown: Vec<String> = paths.iter().take(5).map(|p| format!("`{p}`")).collect();
            let more = count.saturating_sub(shown.len());
            if more > 0 {
                format!("{} and {more} more", shown.join(", "))
            } else {
                shown.join(", ")
            }
        };
        match self {
            Self::Io { path, source } => {
                write!(f, "cannot write {}: {}", path.display(), plain_io(source))
            }
            Self::NotADirectory(path) => {
                write!(f, "{} exists and is not a directory", path.display())
            }
            Self::NotOurs {
                dir,
                examples,
                count,
            } => write!(
                f,
                "{} already holds files that `cargo xtask codegen` did not write ({}), and no {MANIFEST} of an earlier run",
                dir.display(),
                some(examples, *count)
            ),
            Self::WouldReplace { dir, paths } => write!(
                f,
                "generated files would replace files in {} that `cargo xtask codegen` did not write: {}",
                dir.display(),
                some(paths, paths.len())
            ),
            Self::Blocked { dir, paths } => write!(
                f,
                "generated files cannot be written in {} without removing files or directories that `cargo xtask codegen` did not write: {}",
                dir.display(),
                some(paths, paths.len())
            ),
            Self::BadManifest { path, reason } => write!(
                f,
                "{} is not a manifest this generator wrote ({reason}); nothing was touched",
                path.display()
            ),
        }
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// An I/O error in plain words.
fn plain_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => {
            "permission denied (not writable by this user)".to_owned()
        }
        io::ErrorKind::ReadOnlyFilesystem => "the file system is read-only".to_owned(),
        io::ErrorKind::StorageFull => "no space left on the device".to_owned(),
        io::ErrorKind::NotADirectory => "a part of the path is a file, not a directory".to_owned(),
        _ => e.to_string(),
    }
}

/// Attaches `path` to an I/O error.
fn at(path: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The directories `a/b/c.rs` sits in: `a`, `a/b`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// Whether hidden entries (`.git`, `.name`) are listed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hidden {
    Include,
    Skip,
}

/// The paths of the files under `dir` (symbolic links count as files and are not followed),
/// relative to it, `/`-separated, sorted.
fn list(dir: &Path, hidden: Hidden) -> io::Result<BTreeSet<String>> {
    fn walk(root: &Path, dir: &Path, hidden: Hidden, out: &mut BTreeSet<String>) -> io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            if hidden == Hidden::Skip && entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, hidden, out)?;
            } else {
                let rel = path.strip_prefix(root).map_err(io::Error::other)?;
                let parts: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                out.insert(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, hidden, &mut out)?;
    Ok(out)
}

/// What a write would do to an existing directory.
#[derive(Debug, Default)]
struct Plan {
    /// Generated files that are new or changed (the manifest included).
    write: Vec<String>,
    unchanged: usize,
    /// Files an earlier run wrote that are no longer generated.
    remove: Vec<String>,
    /// Whether the directory has a manifest.
    has_manifest: bool,
    /// Visible files that are neither the generator's nor generated now: left alone.
    foreign: Vec<String>,
    /// Generated paths holding a file of the user's with other contents.
    replace_foreign: Vec<String>,
    /// Generated paths that cannot be written without removing the user's files.
    blocked: Vec<String>,
}

impl Plan {
    fn drift(&self, on_disk: &BTreeSet<String>) -> Drift {
        let (stale, missing) = self
            .write
            .iter()
            .cloned()
            .partition(|p| on_disk.contains(p));
        Drift {
            stale,
            missing,
            extra: self.remove.clone(),
        }
    }
}

/// Compares `dir` with `files` (and their manifest) and works out what a write would do.
/// Files are read back and compared on every core.
fn plan(dir: &Path, files: &Output<'_>) -> Result<(Plan, BTreeSet<String>), WriteError> {
    use rayon::prelude::*;
    let on_disk = if dir.exists() {
        list(dir, Hidden::Skip).map_err(at(dir))?
    } else {
        BTreeSet::new()
    };
    let manifest_path = dir.join(MANIFEST);
    let owned: Option<BTreeSet<String>> = if on_disk.contains(MANIFEST) {
        let text = fs::read_to_string(&manifest_path).map_err(at(&manifest_path))?;
        let paths = manifest::parse(&text).map_err(|reason| WriteError::BadManifest {
            path: manifest_path.clone(),
            reason,
        })?;
        Some(paths.into_iter().collect())
    } else {
        None
    };
    let is_owned = |p: &str| p == MANIFEST || owned.as_ref().is_some_and(|o| o.contains(p));
    let files_now: Vec<(&str, &[u8])> = files.iter().collect();
    let states: Vec<(&str, bool)> = files_now
        .par_iter()
        .map(|&(path, contents)| {
            let same = on_disk.contains(path) && {
                let file = dir.join(path);
                fs::read(&file).map_err(at(&file))? == contents
            };
            Ok((path, same))
        })
        .collect::<Result<_, WriteError>>()?;
    let mut plan = Plan {
        has_manifest: owned.is_some(),
        ..Plan::default()
    };
    for (path, same) in states {
        if same {
            plan.unchanged += 1;
        } else {
            plan.write.push(path.to_owned());
        }
    }
    plan.remove = on_disk
        .iter()
        .filter(|p| files.get(p).is_none() && is_owned(p))
        .cloned()
        .collect();
    plan.foreign = on_disk
        .iter()
        .filter(|p| files.get(p).is_none() && !is_owned(p))
        .cloned()
        .collect();
    let removed: BTreeSet<&str> = plan.remove.iter().map(String::as_str).collect();
    for path in &plan.write {
        if on_disk.contains(path) {
            if !is_owned(path) {
                plan.replace_foreign.push(path.clone());
            }
            continue;
        }
        // A missing file: each of its ancestors must be a directory, or a file this run
        // removes; the path itself may be a directory only if this run empties it.
        let mut blocked = ancestors(path).any(|a| on_disk.contains(a) && !removed.contains(a));
        let target = dir.join(path);
        if target.is_dir() && !only_holds(&target, path, &removed).map_err(at(&target))? {
            blocked = true;
        }
        if blocked {
            plan.blocked.push(path.clone());
        }
    }
    Ok((plan, on_disk))
}

/// Whether the directory `path` (`rel` from the output root) holds nothing but files in
/// `removed` (hidden entries count as the user's).
fn only_holds(path: &Path, rel: &str, removed: &BTreeSet<&str>) -> io::Result<bool> {
    Ok(list(path, Hidden::Include)?
        .iter()
        .all(|p| removed.contains(format!("{rel}/{p}").as_str())))
}

/// Compares `dir` with `files` without writing anything.
pub fn check(dir: &Path, files: &FileSet) -> Result<Drift, WriteError> {
    let (plan, on_disk) = plan(dir, &Output::new(files))?;
    Ok(plan.drift(&on_disk))
}

/// Makes `dir` hold `files` (and their manifest), atomically; removes only the files an
/// earlier run wrote and no longer generated, and leaves every other file alone.
pub fn write(dir: &Path, files: &FileSet, opts: WriteOptions) -> Result<WriteReport, WriteError> {
    let files = Output::new(files);
    match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            tree::create(dir, &files)?;
            return Ok(WriteReport {
                written: files.len(),
                ..WriteReport::default()
            });
        }
        Err(e) => return Err(at(dir)(e)),
        Ok(_) if !dir.is_dir() => return Err(WriteError::NotADirectory(dir.to_path_buf())),
        Ok(_) => {}
    }
    let (plan, _) = plan(dir, &files)?;
    if !plan.has_manifest && !plan.foreign.is_empty() && !opts.force {
        return Err(WriteError::NotOurs {
            dir: dir.to_path_buf(),
            count: plan.foreign.len(),
            examples: plan.foreign.iter().take(5).cloned().collect(),
        });
    }
    if !plan.blocked.is_empty() {
        return Err(WriteError::Blocked {
            dir: dir.to_path_buf(),
            paths: plan.blocked,
        });
    }
    if !plan.replace_foreign.is_empty() && !opts.force {
        return Err(WriteError::WouldReplace {
            dir: dir.to_path_buf(),
            paths: plan.replace_foreign,
        });
    }
    let report = WriteReport {
        written: plan.write.len(),
        unchanged: plan.unchanged,
        removed: plan.remove.len(),
        left_alone: plan.foreign.len(),
    };
    if !plan.write.is_empty() || !plan.remove.is_empty() {
        tree::update(dir, &files, &plan.write, &plan.remove)?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests;
