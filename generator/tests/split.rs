//! The split layout (`emit::rust::split`): each model in exactly one crate, the model crates
//! depending only downward (a feature's crate on the shared and core ones, the shared one on the
//! core), every model another one names in scope where it is named, and the SDK crate's
//! features turning on the crates they need. `.ci/unusual-check` and `.ci/platform-check`
//! compile such workspaces; this pins the rules on the files.

use std::collections::{BTreeMap, BTreeSet};

use generator::emit::docs::Templates;
use generator::emit::{EmitOptions, Layout};
use generator::load::Source;
use generator::output::FileSet;

fn generate(path: &str, layout: Layout) -> FileSet {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let source = Source::new(path, std::fs::read_to_string(root.join(path)).unwrap());
    let templates = Templates::load(&[root.join("templates/docs")]).unwrap();
    let mut opts = EmitOptions::for_spec(path, templates);
    opts.layout = layout;
    match generator::generate(&source, &opts) {
        Ok(g) => g.files,
        Err(d) => panic!("{d}"),
    }
}

const UNUSUAL: &str = "xtask/tests/fixtures/unusual.yaml";

fn text<'a>(files: &'a FileSet, path: &str) -> &'a str {
    std::str::from_utf8(files.get(path).unwrap_or_else(|| panic!("no {path}"))).unwrap()
}

/// `crates/<package>/...` -> `<package>`.
fn package_of(path: &str) -> Option<&str> {
    path.strip_prefix("crates/")?.split('/').next()
}

#[test]
fn each_model_lives_in_one_crate_and_crates_depend_downward() {
    let files = generate(UNUSUAL, Layout::Split);
    let single = generate(UNUSUAL, Layout::Single);
    let models_of = |files: &FileSet, under: &dyn Fn(&str) -> bool| -> Vec<String> {
        let mut out: Vec<String> = files
            .paths()
            .filter(|p| under(p) && !p.ends_with("/mod.rs"))
            .filter_map(|p| p.rsplit_once("/models/").map(|(_, m)| m.to_owned()))
            .collect();
        out.sort();
        out
    };
    let split_models = models_of(&files, &|p| {
        p.starts_with("crates/") && p.contains("/src/models/")
    });
    let single_models = models_of(&single, &|p| p.starts_with("src/models/"));
    assert_eq!(split_models, single_models, "every model once, none lost");
    assert!(
        !files
            .paths()
            .any(|p| p.starts_with("src/models/") && !p.ends_with("mod.rs")),
        "the SDK crate keeps no model of its own"
    );
    // Each model crate's dependencies among the crates.
    let packages: BTreeSet<&str> = files.paths().filter_map(package_of).collect();
    let core = packages
        .iter()
        .find(|p| p.ends_with("-core"))
        .unwrap()
        .to_owned();
    let shared = packages
        .iter()
        .find(|p| p.ends_with("-models"))
        .map(|p| p.to_owned());
    let runtime = packages
        .iter()
        .find(|p| p.ends_with("-runtime"))
        .unwrap()
        .to_owned();
    for package in &packages {
        let manifest = text(&files, &format!("crates/{package}/Cargo.toml"));
        let deps: BTreeSet<&str> = manifest
            .lines()
            .filter_map(|l| l.split_once(" = { version = \"=").map(|(name, _)| name))
            .collect();
        // The runtime crate depends on none of the others; the core on the runtime alone.
        let allowed: BTreeSet<&str> = if *package == runtime {
            BTreeSet::new()
        } else if *package == core {
            BTreeSet::from([runtime])
        } else if Some(*package) == shared {
            BTreeSet::from([core])
        } else {
            shared.into_iter().chain([core]).collect()
        };
        assert!(deps.is_subset(&allowed), "{package} depends on {deps:?}");
    }
    // Every model a model names (`super::X`) is its crate's own or in a crate it imports.
    let mut defined: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for path in files.paths().filter(|p| p.ends_with("/src/models/mod.rs")) {
        let package = package_of(path).unwrap();
        for line in text(&files, path).lines() {
            if let Some(rest) = line.strip_prefix("pub use ") {
                if let Some((_, name)) = rest.trim_end_matches(';').rsplit_once("::") {
                    defined.entry(package).or_default().insert(name.to_owned());
                }
            }
        }
    }
    for path in files
        .paths()
        .filter(|p| p.starts_with("crates/") && p.contains("/src/models/"))
    {
        let package = package_of(path).unwrap();
        let in_scope: BTreeSet<&String> = std::iter::once(package)
            .chain(
                text(&files, &format!("crates/{package}/src/models/mod.rs"))
                    .lines()
                    .filter_map(|l| l.strip_prefix("use ")?.strip_suffix("::models::*;"))
                    .map(|ident| {
                        packages
                            .iter()
                            .find(|p| p.replace('-', "_") == ident)
                            .copied()
                            .unwrap()
                    }),
            )
            .flat_map(|p| defined.get(p).into_iter().flatten())
            .collect();
        for named in text(&files, path).split("super::").skip(1) {
            let name: String = named
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            assert!(
                in_scope.contains(&name),
                "{path} names {name}, not in scope"
            );
        }
    }
}

#[test]
fn the_sdk_crate_reexports_the_model_crates_behind_their_features() {
    let files = generate(UNUSUAL, Layout::Split);
    let manifest = text(&files, "Cargo.toml");
    let models = text(&files, "src/models/mod.rs");
    let lib = text(&files, "src/lib.rs");
    let packages: BTreeSet<&str> = files.paths().filter_map(package_of).collect();
    for package in &packages {
        let ident = package.replace('-', "_");
        assert!(
            manifest.contains(&format!("{package} = {{ version = \"=")),
            "{package}"
        );
        if package.ends_with("-runtime") {
            continue;
        }
        assert!(
            models.contains(&format!("pub use {ident}::models::*;")),
            "{package}"
        );
        if let Some(feature) = package.split_once("-models-").map(|(_, f)| f) {
            let feature = if feature == "unreferenced" {
                "unreferenced-models"
            } else {
                feature
            };
            let line = manifest
                .lines()
                .find(|l| l.starts_with(&format!("{feature} = [")))
                .unwrap_or_else(|| panic!("no feature {feature}"));
            assert!(line.contains(&format!("\"dep:{package}\"")), "{line}");
        }
    }
    // The models' runtime comes from the runtime crate, as in one crate; the part of the
    // runtime that names the spec's types stays.
    assert!(
        lib.contains("pub use ") && lib.contains("_runtime::nullable;"),
        "{lib}"
    );
    for moved in [
        "src/de.rs",
        "src/ser.rs",
        "src/macros.rs",
        "src/query.rs",
        "src/nullable.rs",
    ] {
        assert!(files.get(moved).is_none(), "{moved} stays in the SDK crate");
    }
    assert!(files.get("src/client.rs").is_some());
    let core_lib = files
        .paths()
        .find(|p| p.ends_with("-core/src/lib.rs"))
        .unwrap();
    assert!(
        text(&files, core_lib).contains("_runtime::{de, one_of, ser, string_enum};"),
        "the core crate re-exports the models' runtime for the model crates"
    );
}

#[test]
fn auto_keeps_small_specs_in_one_crate() {
    for path in [UNUSUAL, "spec/chat.yaml"] {
        let files = generate(path, Layout::Auto);
        // Beside the SDK crate, its runtime crate only.
        assert!(
            files
                .paths()
                .filter_map(package_of)
                .all(|p| p.ends_with("-runtime")),
            "{path} was split"
        );
    }
}

/// An API whose feature is `unreferenced` and the models no operation uses each get a crate:
/// the second keeps its full name, `-models-unreferenced-models`.
#[test]
fn crate_names_stay_distinct_when_an_api_takes_a_shortened_name() {
    let spec = r#"
openapi: 3.0.3
info: { title: Names, version: 1.0.0 }
paths:
  /a:
    get:
      tags: [Unreferenced]
      operationId: getA
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/A' } } } }
  /b:
    get:
      tags: [Other]
      operationId: getB
      responses:
        '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/B' } } } }
components:
  schemas:
    A: { type: object, properties: { id: { type: string } } }
    B: { type: object, properties: { id: { type: string } } }
    Lonely: { type: object, properties: { id: { type: string } } }
"#;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let source = Source::new("names.yaml", spec.to_owned());
    let templates = Templates::load(&[root.join("templates/docs")]).unwrap();
    let mut opts = EmitOptions::for_spec("names.yaml", templates);
    opts.layout = Layout::Split;
    let files = generator::generate(&source, &opts).unwrap().files;
    let packages: BTreeSet<&str> = files.paths().filter_map(package_of).collect();
    assert!(
        packages.contains("names-models-unreferenced"),
        "{packages:?}"
    );
    assert!(
        packages.contains("names-models-unreferenced-models"),
        "{packages:?}"
    );
    assert!(
        files
            .get("crates/names-models-unreferenced/src/models/a.rs")
            .is_some()
    );
    assert!(
        files
            .get("crates/names-models-unreferenced-models/src/models/lonely.rs")
            .is_some()
    );
    // No error body, so no core models: a glob re-export of nothing would be an unused import.
    assert!(files.get("crates/names-core/src/models/mod.rs").is_some());
    assert!(!text(&files, "src/models/mod.rs").contains("names_core"));
}

/// In one crate, the SDK crate imports the models' runtime from the runtime crate, each part
/// with the features of the models that use it: with none on, an import would be unused.
#[test]
fn one_crate_imports_the_models_runtime_with_the_features_that_use_it() {
    let files = generate(UNUSUAL, Layout::Single);
    let lib = text(&files, "src/lib.rs");
    assert!(
        lib.contains(
            "#[cfg(feature = \"odd-things\")]\nuse unusual_spec_b_with_b_markup_runtime::one_of;\n"
        ),
        "{lib}"
    );
    let list = lib
        .split("use unusual_spec_b_with_b_markup_runtime::{")
        .nth(1)
        .and_then(|rest| rest.split("};").next())
        .unwrap();
    for part in ["auth", "de", "ser", "failure"] {
        assert!(list.contains(part), "{part} in {list}");
    }
    assert!(
        !list.contains("one_of") && !list.contains("string_enum"),
        "{list}"
    );
    assert!(
        files
            .paths()
            .any(|p| p == "crates/unusual-spec-b-with-b-markup-runtime/src/lib.rs")
    );
}
