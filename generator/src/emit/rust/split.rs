//! The split layout: the models of a large spec in crates of their own, beside the SDK crate.
//!
//! One crate of the whole platform (10,225 models, 3,355 operations) made one rustc process
//! check all of it: about 8 GB at its peak for `--all-features`, on one core. Split, the SDK
//! is:
//! - `crates/<name>-core`: the models every API needs (the error body and what it reaches),
//!   and the models' runtime (`de`, `ser` and the `string_enum!`/`one_of!` macros),
//!   re-exported from the runtime crate;
//! - `crates/<name>-models`: the models that several features need, each behind those
//!   features, as in one crate;
//! - `crates/<name>-models-<feature>`: the models only one feature needs, one crate per API
//!   (and for the notification topics and the models no operation uses);
//! - the SDK crate at the root, as before: its part of the runtime, the APIs, the operation
//!   table and the topics, whose `models` module re-exports the model crates, so paths
//!   (`<crate>::models::X`), features and `client.chat()` stay what they are in one crate.
//!
//! The crates cannot depend on each other in a circle: a model only feature `f` needs reaches
//! only models `f` needs (its own crate's, shared ones or core ones), and a model several
//! features need reaches only models all of them need (shared or core ones). So the model
//! crates of different APIs are checked in parallel, and each rustc holds one part.

use std::collections::{BTreeSet, HashMap};

use super::crate_root::{CHRONO, SERDE, SERDE_JSON, models_mod_text, package_head};
use super::features::{Features, push_types};
use super::runtime;
use crate::emit::{CrateIdentity, EmitOptions, Layout, header};
use crate::ir::{Api, Model, ModelKind, TypeRef};

/// Under [`Layout::Auto`], a spec of more than one API with at least this many models is split.
pub const AUTO_MODELS: usize = 1000;

/// The crates of the split layout, and where each model lives.
pub struct Split<'a> {
    /// The SDK crate's package name: `genesys-cloud`.
    name: String,
    version: String,
    core: ModelCrate<'a>,
    /// The shared models' crate, when some model is needed by several features.
    shared: Option<ModelCrate<'a>>,
    /// One crate per feature that has models of its own, sorted by feature.
    own: Vec<ModelCrate<'a>>,
    /// Per model, its crate.
    home: HashMap<&'a str, Home>,
    /// Which features compile each model.
    features: &'a Features,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Home {
    Core,
    Shared,
    Own(usize),
}

/// One crate of models.
struct ModelCrate<'a> {
    /// `genesys-cloud-models-chat`
    package: String,
    /// The feature whose models it holds (for the crate of one feature's models).
    feature: Option<String>,
    /// The features its models are behind (the shared crate's features).
    features: BTreeSet<String>,
    models: Vec<&'a Model>,
}

impl ModelCrate<'_> {
    fn ident(&self) -> String {
        self.package.replace('-', "_")
    }

    fn dir(&self) -> String {
        format!("crates/{}", self.package)
    }
}

/// Whether `api` is written as a split workspace under `layout`.
pub fn splits(api: &Api, layout: Layout) -> bool {
    api.tags.len() > 1
        && match layout {
            Layout::Single => false,
            Layout::Split => true,
            Layout::Auto => api.models.len() >= AUTO_MODELS,
        }
}

/// The split of `api`'s models, when its layout splits it.
pub fn plan<'a>(api: &'a Api, features: &'a Features, opts: &EmitOptions) -> Option<Split<'a>> {
    if !splits(api, opts.layout) || !features.enabled() {
        return None;
    }
    let identity = opts.identity(api);
    let crate_of = |suffix: &str, feature: Option<String>| ModelCrate {
        package: format!("{}-{suffix}", identity.name),
        feature,
        features: BTreeSet::new(),
        models: Vec::new(),
    };
    let mut core = crate_of("core", None);
    let mut shared = crate_of("models", None);
    let mut own: Vec<ModelCrate<'a>> = Vec::new();
    let mut own_index: HashMap<&str, usize> = HashMap::new();
    // Features in the order of the manifest's table, so the crates are numbered the same way
    // on every run.
    let names = features.names();
    for &f in &names {
        own_index.insert(f, own.len());
        // `unreferenced-models`: `<name>-models-unreferenced`, unless an API took that name.
        let suffix = f
            .strip_suffix("-models")
            .filter(|s| !names.contains(s))
            .unwrap_or(f);
        own.push(crate_of(&format!("models-{suffix}"), Some(f.to_owned())));
    }
    let mut home = HashMap::with_capacity(api.models.len());
    for m in &api.models {
        let place = match features.model_features(&m.rust_name) {
            None => {
                core.models.push(m);
                Home::Core
            }
            Some(set) if set.len() == 1 => {
                let f = set.first().map(String::as_str).unwrap_or_default();
                let i = own_index[f];
                own[i].models.push(m);
                Home::Own(i)
            }
            Some(set) => {
                shared.features.extend(set.iter().cloned());
                shared.models.push(m);
                Home::Shared
            }
        };
        home.insert(m.rust_name.as_str(), place);
    }
    // Number the crates that hold models; drop the others.
    let mut renumber = vec![usize::MAX; own.len()];
    let mut kept = Vec::new();
    for (i, c) in own.into_iter().enumerate() {
        if !c.models.is_empty() {
            renumber[i] = kept.len();
            kept.push(c);
        }
    }
    for place in home.values_mut() {
        if let Home::Own(i) = place {
            *i = renumber[*i];
        }
    }
    Some(Split {
        name: identity.name,
        version: identity.version,
        core,
        shared: (!shared.models.is_empty()).then_some(shared),
        own: kept,
        home,
        features,
    })
}

impl<'a> Split<'a> {
    /// The SDK crate's name and version.
    fn identity(&self) -> CrateIdentity {
        CrateIdentity {
            name: self.name.clone(),
            version: self.version.clone(),
        }
    }

    fn crate_at(&self, home: Home) -> &ModelCrate<'a> {
        match home {
            Home::Core => &self.core,
            Home::Shared => self
                .shared
                .as_ref()
                .expect("a model placed in the shared crate makes that crate"),
            Home::Own(i) => &self.own[i],
        }
    }

    fn home(&self, model: &str) -> Home {
        self.home.get(model).copied().unwrap_or(Home::Core)
    }

    /// The path of a model's file.
    pub fn model_path(&self, model: &Model) -> String {
        format!(
            "{}/src/models/{}.rs",
            self.crate_at(self.home(&model.rust_name)).dir(),
            model.module
        )
    }

    /// The core crate's name in Rust code: `genesys_cloud_core`.
    pub fn core_ident(&self) -> String {
        self.core.ident()
    }

    /// What the SDK crate's feature `feature` turns on: the crate of its own models, and its
    /// models in the shared crate.
    pub fn enables(&self, feature: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(c) = self
            .own
            .iter()
            .find(|c| c.feature.as_deref() == Some(feature))
        {
            out.push(format!("dep:{}", c.package));
        }
        if let Some(s) = self
            .shared
            .as_ref()
            .filter(|s| s.features.contains(feature))
        {
            out.push(format!("dep:{}", s.package));
            out.push(format!("{}/{feature}", s.package));
        }
        out
    }

    /// The SDK crate's `[dependencies]` lines of the model crates.
    pub fn dependencies(&self) -> String {
        let mut out =
            String::from("# The models, in crates of their own: `models` re-exports them.\n");
        out.push_str(&self.dependency(&self.core, "crates", false, &[]));
        for c in self.shared.iter().chain(&self.own) {
            out.push_str(&self.dependency(c, "crates", true, &[]));
        }
        out
    }

    fn dependency(
        &self,
        c: &ModelCrate<'_>,
        dir: &str,
        optional: bool,
        features: &[&str],
    ) -> String {
        let mut line = format!(
            "{} = {{ version = \"={}\", path = \"{dir}/{}\"",
            c.package, self.version, c.package
        );
        if optional {
            line.push_str(", optional = true");
        }
        if !features.is_empty() {
            let list: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
            line.push_str(&format!(", features = [{}]", list.join(", ")));
        }
        line.push_str(" }\n");
        line
    }

    /// The SDK crate's `src/models/mod.rs`: the model crates re-exported, each behind the
    /// features that need it.
    pub fn facade_models_mod(&self) -> String {
        let mut out = String::from(
            "//! The data types of the API, one module per schema: they live in the model crates\n\
             //! beside this one, and are re-exported here.\n",
        );
        // A glob re-export of nothing is an unused import: a spec with no error body model
        // has no core models.
        if !self.core.models.is_empty() {
            out.push_str(&format!("\npub use {}::models::*;\n", self.core.ident()));
        }
        for c in self.shared.iter().chain(&self.own) {
            let features: BTreeSet<String> = match &c.feature {
                Some(f) => BTreeSet::from([f.clone()]),
                None => c.features.clone(),
            };
            out.push('\n');
            out.push_str(&super::features::cfg_any(&features));
            out.push_str(&format!("\npub use {}::models::*;\n", c.ident()));
        }
        out
    }

    /// The files of the model crates: manifests, `lib.rs` and `models/mod.rs`. The models' own
    /// files are printed with the SDK's (see [`Self::model_path`]).
    pub fn files(&self, opts: &EmitOptions) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (c, home) in std::iter::once((&self.core, Home::Core))
            .chain(self.shared.iter().map(|s| (s, Home::Shared)))
            .chain(self.own.iter().enumerate().map(|(i, c)| (c, Home::Own(i))))
        {
            out.push((
                format!("{}/Cargo.toml", c.dir()),
                self.cargo_toml(c, home, opts),
            ));
            out.push((
                format!("{}/src/lib.rs", c.dir()),
                format!("{}{}", header("//", opts), self.lib_rs(c, home)),
            ));
            out.push((
                format!("{}/src/models/mod.rs", c.dir()),
                format!("{}{}", header("//", opts), self.models_mod(c, home)),
            ));
        }
        out
    }

    fn cargo_toml(&self, c: &ModelCrate<'_>, home: Home, opts: &EmitOptions) -> String {
        let what = match &c.feature {
            Some(f) => format!("the models only the `{f}` feature needs"),
            None => describe(home).to_owned(),
        };
        let mut deps = String::new();
        if home == Home::Core {
            deps.push_str(&runtime::dependency(&self.identity(), &c.dir()));
        } else {
            deps.push_str(&self.dependency(&self.core, "..", false, &[]));
        }
        if let (Some(f), Some(shared)) = (&c.feature, &self.shared) {
            if shared.features.contains(f) {
                deps.push_str(&self.dependency(shared, "..", false, &[f.as_str()]));
            }
        }
        let mut features = String::new();
        if c.feature.is_none() && !c.features.is_empty() {
            features
                .push_str("\n[features]\n# The features of the SDK crate whose models are here.\n");
            for f in &c.features {
                features.push_str(&format!("{f} = []\n"));
            }
        }
        let description = format!("A part of {sdk}: {what} (depend on {sdk})", sdk = self.name);
        format!(
            "{header}{package}publish = false\n\n[dependencies]\n{CHRONO}\n{deps}{SERDE}\n{SERDE_JSON}\n{features}",
            header = header("#", opts),
            package = package_head(&c.package, &self.version, &description),
        )
    }

    fn lib_rs(&self, c: &ModelCrate<'_>, home: Home) -> String {
        let sdk = self.name.replace('-', "_");
        let mut out = format!(
            "//! A part of [`{sdk}`](https://docs.rs/{name}):\n\
             //! {what}.\n\
             //!\n\
             //! Its items are re-exported as `{sdk}::models`; depend on `{name}` rather than on\n\
             //! this crate.\n\n\
             #![forbid(unsafe_code)]\n\
             // Deprecated models are still the types of fields and re-exported: only their users\n\
             // are warned.\n\
             #![allow(deprecated)]\n\
             #![warn(missing_docs)]\n\n",
            name = self.name,
            what = describe(home),
        );
        if home == Home::Core {
            // The models' runtime, for the models here and the crates above.
            out.push_str(&format!(
                "#[doc(hidden)]\npub use {}::{{de, one_of, ser, string_enum}};\n\npub mod models;\n",
                runtime::ident(&self.identity())
            ));
            return out;
        }
        // The models are written against the runtime at `crate::de`, `crate::ser` and the
        // macros at `crate::string_enum!`/`crate::one_of!`, as in one crate.
        let names = model_runtime(&c.models);
        match names.as_slice() {
            [] => {}
            [one] => out.push_str(&format!(
                "#[doc(hidden)]\npub use {}::{one};\n",
                self.core.ident()
            )),
            _ => {
                out.push_str("#[doc(hidden)]\n");
                let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
                let head = format!("pub use {}::{{", self.core.ident());
                super::text::use_list(&mut out, &head, &names, "};");
            }
        }
        out.push_str("\npub mod models;\n");
        out
    }

    /// A model crate's `models/mod.rs`: the models of the crates below it in scope (the models
    /// name each other `super::X`), then its own.
    fn models_mod(&self, c: &ModelCrate<'_>, home: Home) -> String {
        let mut out = match home {
            Home::Core => "//! The models every API needs.\n".to_owned(),
            _ => format!("//! {}.\n", capitalized(describe(home))),
        };
        // Per crate below, the features of the models here that name one of its models.
        let mut below: Vec<(Home, BTreeSet<String>, bool)> = Vec::new();
        for m in &c.models {
            for other in direct_models(m) {
                let h = self.home(other);
                if h == home {
                    continue;
                }
                let gate = self.features.model_features(&m.rust_name);
                match below.iter_mut().find(|(x, _, _)| *x == h) {
                    Some((_, set, always)) => {
                        *always |= gate.is_none();
                        set.extend(gate.into_iter().flatten().cloned());
                    }
                    None => below.push((h, gate.cloned().unwrap_or_default(), gate.is_none())),
                }
            }
        }
        below.sort_by_key(|(h, _, _)| *h != Home::Core);
        for (h, set, always) in below {
            out.push('\n');
            if home == Home::Shared && !always {
                out.push_str(&super::features::cfg_any(&set));
                out.push('\n');
            }
            out.push_str(&format!("use {}::models::*;\n", self.crate_at(h).ident()));
        }
        let gated = home == Home::Shared;
        out.push('\n');
        models_mod_text(&mut out, &c.models, |m| {
            gated
                .then(|| self.features.model_cfg(&m.rust_name))
                .flatten()
        });
        out
    }
}

/// The parts of the models' runtime that `models` are written against (`de`, `one_of`, `ser`,
/// `string_enum`), sorted as rustfmt sorts a use list: a crate imports only these, as an unused
/// import is a warning.
pub fn model_runtime(models: &[&Model]) -> Vec<&'static str> {
    model_runtime_users(models)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// [`model_runtime`], each part with the models that use it.
pub fn model_runtime_users<'m>(models: &[&'m Model]) -> Vec<(&'static str, Vec<&'m Model>)> {
    let of = |pick: fn(&ModelKind) -> bool| -> Vec<&'m Model> {
        models.iter().copied().filter(|m| pick(&m.kind)).collect()
    };
    let structs = of(|k| matches!(k, ModelKind::Struct { .. }));
    [
        ("de", structs.clone()),
        ("one_of", of(|k| matches!(k, ModelKind::OneOf { .. }))),
        ("ser", structs),
        ("string_enum", of(|k| matches!(k, ModelKind::Enum { .. }))),
    ]
    .into_iter()
    .filter(|(_, users)| !users.is_empty())
    .collect()
}

/// What the crate of `home` holds, for its manifest and docs.
fn describe(home: Home) -> &'static str {
    match home {
        Home::Core => "the models' runtime and the models every API needs",
        Home::Shared => "the models several features need, each behind the features that need it",
        Home::Own(_) => "the models only one feature needs",
    }
}

fn capitalized(text: &str) -> String {
    let mut out = text.to_owned();
    out[..1].make_ascii_uppercase();
    out
}

/// The models a model names directly (in its fields, items, values and variants).
fn direct_models(model: &Model) -> impl Iterator<Item = &str> {
    let mut types = Vec::new();
    push_types(model, &mut types);
    let mut out = Vec::new();
    while let Some(ty) = types.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => types.push(inner),
            TypeRef::Model(name) => out.push(name.as_str()),
            _ => {}
        }
    }
    out.into_iter()
}
