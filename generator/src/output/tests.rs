use super::*;

fn set(files: &[(&str, &str)]) -> FileSet {
    let mut s = FileSet::default();
    for (p, c) in files {
        s.insert(*p, c.as_bytes());
    }
    s
}

/// The files under `dir` but the manifest.
fn contents(dir: &Path) -> FileSet {
    let mut all = FileSet::read_dir(dir).unwrap();
    all.0.remove(MANIFEST);
    all
}

fn write_ok(dir: &Path, files: &FileSet) -> WriteReport {
    write(dir, files, WriteOptions::default()).unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

#[test]
fn write_replaces_changes_and_removes_what_it_wrote_before() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let first = set(&[("a.rs", "a"), ("sub/b.rs", "b"), ("gone.rs", "x")]);
    assert_eq!(
        write_ok(&out, &first),
        WriteReport {
            written: 4,
            ..WriteReport::default()
        }
    );
    assert_eq!(
        fs::read_to_string(out.join(MANIFEST))
            .unwrap()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>(),
        ["a.rs", "gone.rs", "sub/b.rs"]
    );
    let second = set(&[("a.rs", "a"), ("sub/b.rs", "B"), ("new.rs", "n")]);
    assert_eq!(
        write_ok(&out, &second),
        WriteReport {
            written: 3, // sub/b.rs, new.rs and the manifest
            unchanged: 1,
            removed: 1,
            left_alone: 0,
        }
    );
    assert_eq!(contents(&out), second);
    assert_eq!(
        names(tmp.path()),
        ["out"],
        "nothing is left beside the output"
    );
}

#[test]
fn files_the_generator_did_not_write_are_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write_ok(&out, &set(&[("a.rs", "a"), ("src/gone.rs", "g")]));
    fs::write(out.join("notes.txt"), "mine").unwrap();
    fs::create_dir_all(out.join("src/custom")).unwrap();
    fs::write(out.join("src/custom/mine.rs"), "mine").unwrap();
    fs::create_dir_all(out.join(".git/objects")).unwrap();
    fs::write(out.join(".git/objects/ab"), "blob").unwrap();
    fs::write(out.join(".env"), "SECRET=1").unwrap();
    let report = write_ok(&out, &set(&[("a.rs", "A")]));
    assert_eq!(report.removed, 1);
    assert_eq!(report.left_alone, 2);
    for (path, text) in [
        ("notes.txt", "mine"),
        ("src/custom/mine.rs", "mine"),
        (".git/objects/ab", "blob"),
        (".env", "SECRET=1"),
    ] {
        assert_eq!(fs::read_to_string(out.join(path)).unwrap(), text, "{path}");
    }
    assert!(!out.join("src/gone.rs").exists());
    assert!(
        out.join("src").is_dir(),
        "a directory holding a user's file stays"
    );
}

#[test]
fn a_directory_of_someone_elses_files_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("project");
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("src/main.rs"), "fn main() {}").unwrap();
    fs::write(out.join("notes.txt"), "notes").unwrap();
    let before = FileSet::read_dir(&out).unwrap();
    let err = write(&out, &set(&[("Cargo.toml", "x")]), WriteOptions::default()).unwrap_err();
    assert!(matches!(err, WriteError::NotOurs { count: 2, .. }), "{err}");
    assert!(err.can_force());
    assert!(
        err.to_string().contains("`notes.txt`, `src/main.rs`"),
        "{err}"
    );
    assert_eq!(FileSet::read_dir(&out).unwrap(), before);
    // Forced: written beside the user's files, which stay.
    let report = write(
        &out,
        &set(&[("Cargo.toml", "x")]),
        WriteOptions { force: true },
    )
    .unwrap();
    assert_eq!(report.left_alone, 2);
    assert_eq!(
        fs::read_to_string(out.join("src/main.rs")).unwrap(),
        "fn main() {}"
    );
    // And from then on the directory is the generator's, for the files it wrote.
    let report = write_ok(&out, &set(&[("Cargo.toml", "y")]));
    assert_eq!(report.left_alone, 2);
}

#[test]
fn a_directory_holding_only_hidden_entries_counts_as_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("repo");
    fs::create_dir_all(out.join(".git")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    write_ok(&out, &set(&[("a.rs", "a")]));
    assert_eq!(
        fs::read_to_string(out.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/main\n"
    );
}

#[test]
fn a_users_file_where_a_generated_one_goes_is_refused_unless_forced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write_ok(&out, &set(&[("a.rs", "a")]));
    fs::write(out.join("b.rs"), "the user's").unwrap();
    let next = set(&[("a.rs", "a"), ("b.rs", "generated")]);
    let err = write(&out, &next, WriteOptions::default()).unwrap_err();
    assert!(
        matches!(&err, WriteError::WouldReplace { paths, .. } if paths == &["b.rs"]),
        "{err}"
    );
    assert_eq!(fs::read_to_string(out.join("b.rs")).unwrap(), "the user's");
    // The same contents are no conflict.
    fs::write(out.join("b.rs"), "generated").unwrap();
    write_ok(&out, &next);
    fs::write(out.join("b.rs"), "the user's").unwrap();
    write(
        &out,
        &set(&[("b.rs", "forced")]),
        WriteOptions { force: true },
    )
    .unwrap();
    assert_eq!(fs::read_to_string(out.join("b.rs")).unwrap(), "forced");
}

#[test]
fn a_users_file_in_the_way_of_a_directory_is_never_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write_ok(&out, &set(&[("a.rs", "a")]));
    fs::write(out.join("docs"), "a file of the user's").unwrap();
    for force in [false, true] {
        let err = write(&out, &set(&[("docs/x.md", "x")]), WriteOptions { force }).unwrap_err();
        assert!(matches!(err, WriteError::Blocked { .. }), "{err}");
        assert!(!err.can_force());
    }
    assert_eq!(
        fs::read_to_string(out.join("docs")).unwrap(),
        "a file of the user's"
    );
}

#[test]
fn a_manifest_that_points_outside_is_not_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(tmp.path().join("victim.txt"), "keep").unwrap();
    fs::write(out.join(MANIFEST), "../victim.txt\n").unwrap();
    let err = write(&out, &set(&[("a.rs", "a")]), WriteOptions { force: true }).unwrap_err();
    assert!(matches!(err, WriteError::BadManifest { .. }), "{err}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("victim.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn an_update_touches_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write_ok(
        &out,
        &set(&[("same.rs", "s"), ("old.rs", "o"), ("gone/x.rs", "x")]),
    );
    let before = fs::metadata(out.join("same.rs"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let next = set(&[("same.rs", "s"), ("old.rs", "O"), ("new/deep/n.rs", "n")]);
    write_ok(&out, &next);
    assert_eq!(contents(&out), next);
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
    write_ok(&out, &first);
    let before = FileSet::read_dir(&out).unwrap();
    // A file name no file system takes: staging fails.
    let long = format!("sub/{}.rs", "n".repeat(300));
    let second = set(&[("a.rs", "A"), ("b.rs", "B"), (long.as_str(), "x")]);
    assert!(write(&out, &second, WriteOptions::default()).is_err());
    assert_eq!(FileSet::read_dir(&out).unwrap(), before);
    assert_eq!(
        names(tmp.path()),
        ["out"],
        "nothing is left beside the output"
    );
}

#[test]
fn a_failed_new_tree_leaves_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let long = format!("{}.rs", "n".repeat(300));
    let err = write(&out, &set(&[(long.as_str(), "x")]), WriteOptions::default()).unwrap_err();
    assert!(matches!(err, WriteError::Io { .. }), "{err}");
    assert!(names(tmp.path()).is_empty());
}

#[test]
fn a_file_that_becomes_a_directory_and_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    write_ok(&out, &set(&[("a", "file"), ("b.rs", "b")]));
    let next = set(&[("a/inner.rs", "i"), ("b.rs", "b")]);
    write_ok(&out, &next);
    assert_eq!(contents(&out), next);
    let back = set(&[("a", "file again"), ("b.rs", "b")]);
    write_ok(&out, &back);
    assert_eq!(contents(&out), back);
    assert_eq!(names(tmp.path()), ["out"]);
}

#[test]
fn unwritable_output_is_said_plainly() {
    let err = write(
        Path::new("/proc/codegen-test/out"),
        &set(&[("a.rs", "a")]),
        WriteOptions::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cannot write /proc/codegen-test"),
        "{err}"
    );
}

#[test]
fn check_lists_stale_missing_and_extra() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("o");
    write_ok(&out, &set(&[("a", "1"), ("b", "2"), ("c", "3")]));
    fs::write(out.join("mine"), "the user's").unwrap();
    let drift = check(&out, &set(&[("a", "1"), ("b", "two"), ("d", "4")])).unwrap();
    assert_eq!(drift.stale, ["b", MANIFEST]);
    assert_eq!(drift.missing, ["d"]);
    assert_eq!(drift.extra, ["c"], "the user's file is not drift");
    assert!(drift.to_string().starts_with("  stale   b\n"));
}
