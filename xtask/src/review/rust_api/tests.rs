//! Reading and comparing small crates.

use generator::diff::Level;

use super::*;

/// A crate of two versions of `lib.rs` and a private module.
fn api(lib: &str, private: &str) -> RustApi {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), lib).unwrap();
    std::fs::write(dir.path().join("src/inner.rs"), private).unwrap();
    read(dir.path()).unwrap()
}

const LIB: &str = "mod inner;\npub use inner::{Store, Thing};\n";

fn levels(old: &RustApi, new: &RustApi) -> Vec<(Level, String)> {
    compare(old, new)
        .into_iter()
        .map(|c| (c.level, c.path))
        .collect()
}

#[test]
fn only_what_the_crate_shows_is_api_and_only_what_callers_use_is_compared() {
    let base = "pub struct Thing;\npub struct Helper;\npub trait Hidden {}\nimpl Hidden for Thing {}\n\
                impl Thing { pub fn get(&self, id: u32) -> u32 { id } }\n\
                pub trait Store { fn load(&self) -> u8; fn clear(&self) {} }\n";
    let old = api(LIB, base);
    assert!(old.entries.contains_key("inner::Thing"));
    assert!(
        !old.entries.contains_key("inner::Helper"),
        "not re-exported"
    );
    assert!(
        !old.entries.contains_key("inner::Thing impl Hidden"),
        "a hidden trait"
    );
    // A parameter renamed: nothing breaks.
    let renamed = api(
        LIB,
        &base.replace(
            "get(&self, id: u32) -> u32 { id }",
            "get(&self, key: u32) -> u32 { key }",
        ),
    );
    assert_eq!(levels(&old, &renamed), []);
    // A required method added to a trait users implement: breaking; a provided one: not.
    let required = api(
        LIB,
        &base.replace(
            "fn clear(&self) {}",
            "fn clear(&self) {}\nfn size(&self) -> usize;",
        ),
    );
    assert_eq!(
        levels(&old, &required),
        [(Level::Major, "inner::Store::size".to_owned())]
    );
    let provided = api(
        LIB,
        &base.replace(
            "fn clear(&self) {}",
            "fn clear(&self) {}\nfn size(&self) -> usize { 0 }",
        ),
    );
    assert_eq!(
        levels(&old, &provided),
        [(Level::Minor, "inner::Store::size".to_owned())]
    );
    // A default body removed: every implementation must now write it.
    let no_default = api(LIB, &base.replace("fn clear(&self) {}", "fn clear(&self);"));
    assert_eq!(
        levels(&old, &no_default),
        [(Level::Major, "inner::Store::clear".to_owned())]
    );
}

/// The same spec in one crate and split into model crates is the same API: the split layout's
/// models read as `models`, its core's `nullable` as `nullable`.
#[test]
fn a_split_layout_reads_as_the_same_api_as_one_crate() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = "xtask/tests/fixtures/unusual.yaml";
    let source =
        generator::load::Source::new(path, std::fs::read_to_string(root.join(path)).unwrap());
    let templates = generator::emit::docs::Templates::load(&[root.join("templates/docs")]).unwrap();
    let read_layout = |layout: generator::emit::Layout| {
        let mut opts = generator::emit::EmitOptions::for_spec(path, templates.clone());
        opts.layout = layout;
        let generated = generator::generate(&source, &opts).unwrap();
        let dir = tempfile::tempdir().unwrap();
        generator::output::write(dir.path(), &generated.files, Default::default()).unwrap();
        (read(dir.path()).unwrap(), dir)
    };
    let (single, _a) = read_layout(generator::emit::Layout::Single);
    let (split, b) = read_layout(generator::emit::Layout::Split);
    assert!(b.path().join("crates").is_dir(), "the fixture was split");
    assert!(single.entries.keys().any(|k| k.starts_with("models::")));
    assert!(single.entries.keys().any(|k| k.starts_with("nullable::")));
    assert_eq!(compare(&single, &split), Vec::new());
    assert_eq!(single, split);
}

#[test]
fn a_derived_error_is_its_written_out_impls_and_field_attributes_are_not_types() {
    const ERROR_LIB: &str = "mod inner;\npub use inner::Error;\n";
    let derived = "#[derive(Debug, thiserror::Error)]\npub enum Error {\n\
                   #[error(\"io: {source}\")]\n\
                   Io {\n/// What failed.\n#[source]\nsource: std::io::Error,\n},\n}\n";
    let written = "#[derive(Debug)]\npub enum Error {\n\
                   Io {\n/// What failed, as the OS said.\nsource: std::io::Error,\n},\n}\n\
                   impl std::fmt::Display for Error {\n\
                   fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }\n}\n\
                   impl std::error::Error for Error {}\n";
    let (old, new) = (api(ERROR_LIB, derived), api(ERROR_LIB, written));
    assert_eq!(levels(&old, &new), vec![]);
    // A field's type is still compared.
    let other = api(ERROR_LIB, &written.replace("std::io::Error", "String"));
    assert_eq!(
        levels(&new, &other),
        vec![(Level::Major, "inner::Error::Io".to_owned())]
    );
}
