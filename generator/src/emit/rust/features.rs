//! Cargo features: one per API (spec tag), when there is more than one.
//!
//! Each API module is behind its feature, and each model behind the features of the APIs that
//! reach it (through parameters, bodies, responses and other models), so that
//! `--no-default-features --features chat` compiles only what Chat needs. The error body, which
//! every API uses, is always compiled. Models no operation reaches are behind
//! `unreferenced-models`. All API features are on by default.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::ir::{Api, ModelKind, Operation, TypeRef};

/// The feature of the models no operation reaches.
pub const UNREFERENCED: &str = "unreferenced-models";

/// The feature of the notification topics (`topics`) and the models their events carry.
pub const TOPICS: &str = "notification-topics";

pub struct Features {
    /// Per tag name, its feature.
    tags: BTreeMap<String, String>,
    /// Per model, the features that need it; absent: always compiled.
    models: HashMap<String, BTreeSet<String>>,
    /// Whether the spec has notification topics (then behind [`TOPICS`]).
    topics: bool,
}

impl Features {
    pub fn new(api: &Api, always: &[&str]) -> Self {
        if api.tags.len() < 2 {
            return Self {
                tags: BTreeMap::new(),
                models: HashMap::new(),
                topics: false,
            };
        }
        let tags: BTreeMap<String, String> = api
            .tags
            .iter()
            .map(|t| (t.name.clone(), crate::surface::feature_name(t)))
            .collect();
        let by_name: HashMap<&str, &crate::ir::Model> = api
            .models
            .iter()
            .map(|m| (m.rust_name.as_str(), m))
            .collect();
        // Everything the always-compiled models reach is always compiled too.
        let mut always_set = HashSet::new();
        for name in always {
            reach_model(name, &by_name, &mut always_set);
        }
        // What each feature's operations reach, walked once per feature: a model the walk
        // has seen is not walked again.
        let mut per_feature: BTreeMap<&str, HashSet<&str>> = BTreeMap::new();
        for op in &api.operations {
            for feature in op.tags().filter_map(|t| tags.get(t)) {
                let reached = per_feature.entry(feature).or_default();
                for ty in operation_types(op) {
                    reach(ty, &by_name, reached);
                }
            }
        }
        if !api.topics.is_empty() {
            let reached = per_feature.entry(TOPICS).or_default();
            for topic in &api.topics {
                reach(&topic.payload, &by_name, reached);
            }
        }
        let mut models: HashMap<String, BTreeSet<String>> = HashMap::new();
        for (feature, reached) in per_feature {
            for m in reached {
                models
                    .entry(m.to_owned())
                    .or_default()
                    .insert(feature.to_owned());
            }
        }
        // The models no operation or topic reaches, and everything they reach, are also
        // compiled under `unreferenced-models`.
        let unreferenced: Vec<&str> = api
            .models
            .iter()
            .map(|m| m.rust_name.as_str())
            .filter(|m| !models.contains_key(*m))
            .collect();
        let mut reached = HashSet::new();
        for name in unreferenced {
            reach_model(name, &by_name, &mut reached);
        }
        for m in reached {
            models
                .entry(m.to_owned())
                .or_default()
                .insert(UNREFERENCED.to_owned());
        }
        for name in always_set {
            models.remove(name);
        }
        Self {
            tags,
            models,
            topics: !api.topics.is_empty(),
        }
    }

    pub fn enabled(&self) -> bool {
        !self.tags.is_empty()
    }

    /// `#[cfg(...)]` for a model, if it is gated.
    pub fn model_cfg(&self, model: &str) -> Option<String> {
        self.models.get(model).map(cfg_any)
    }

    /// The `#[cfg(...)]` of an operation: any of the features of its APIs.
    pub fn operation_cfg(&self, op: &Operation) -> Option<String> {
        let features: BTreeSet<String> = op
            .tags()
            .filter_map(|t| self.tags.get(t))
            .cloned()
            .collect();
        (!features.is_empty()).then(|| cfg_any(&features))
    }

    /// `#[cfg(...)]` of any API's feature, when there are features.
    pub fn any_api_cfg(&self) -> Option<String> {
        let all: BTreeSet<String> = self.tags.values().cloned().collect();
        (!all.is_empty()).then(|| cfg_any(&all))
    }

    /// The `#[cfg(...)]` of the `shared` API module: any feature of an API that shares an
    /// operation with another.
    pub fn shared_cfg(&self, api: &Api) -> Option<String> {
        let features: BTreeSet<String> = api
            .operations
            .iter()
            .filter(|op| !op.also_in.is_empty())
            .flat_map(|op| op.tags())
            .filter_map(|t| self.tags.get(t))
            .cloned()
            .collect();
        (!features.is_empty()).then(|| cfg_any(&features))
    }

    /// The feature of the API of `tag`, when there are features.
    pub fn tag_feature(&self, tag: &str) -> Option<&str> {
        self.tags.get(tag).map(String::as_str)
    }

    /// `#[cfg(feature = "...")]` for an API module, as text.
    pub fn tag_cfg_text(&self, tag: &str) -> Option<String> {
        self.tags
            .get(tag)
            .map(|f| format!("#[cfg(feature = {})]", super::text::string(f)))
    }

    /// `#[cfg(feature = "notification-topics")]` for `topics` and `notifications`, as text.
    pub fn topics_cfg_text(&self) -> Option<String> {
        self.topics_feature()
            .map(|f| format!("#[cfg(feature = {})]", super::text::string(f)))
    }

    /// The feature of the notification topics, when there are features and topics.
    pub fn topics_feature(&self) -> Option<&'static str> {
        self.topics.then_some(TOPICS)
    }

    /// The features of the models no operation uses and of the notification topics, besides
    /// one per API: every feature a model may be gated by.
    pub fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.tags.values().map(String::as_str).collect();
        if self.topics {
            names.push(TOPICS);
        }
        names.push(UNREFERENCED);
        names
    }

    /// The features that compile a model; `None`: always compiled.
    pub fn model_features(&self, model: &str) -> Option<&BTreeSet<String>> {
        self.models.get(model)
    }

    /// The `[features]` table of `Cargo.toml`, if there are features; `enables` says what each
    /// feature turns on besides itself (the model crates of a split layout).
    pub fn cargo_table(&self, enables: impl Fn(&str) -> Vec<String>) -> String {
        if !self.enabled() {
            return String::new();
        }
        let names = self.names();
        let (defaults, unreferenced) = names.split_at(names.len() - 1);
        let mut out = String::from(if self.topics {
            "\n[features]\n# One feature per API, and the notification topics; all of them by default.\ndefault = ["
        } else {
            "\n[features]\n# One feature per API; all of them by default.\ndefault = ["
        });
        out.push_str(
            &defaults
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push_str("]\n");
        let entry = |out: &mut String, name: &str| {
            let list: Vec<String> = enables(name).iter().map(|e| format!("\"{e}\"")).collect();
            out.push_str(&format!("{name} = [{}]\n", list.join(", ")));
        };
        for n in defaults {
            entry(&mut out, n);
        }
        out.push_str("# Models that no operation uses (notification topics and the like).\n");
        entry(&mut out, unreferenced[0]);
        out
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", ...))]` laid out as rustfmt does.
pub(super) fn cfg_any(features: &BTreeSet<String>) -> String {
    let list: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {}", super::text::string(f)))
        .collect();
    if let [one] = list.as_slice() {
        return format!("#[cfg({one})]");
    }
    let mut any = String::new();
    super::text::attribute(&mut any, 0, "#[cfg(any(", &list, "))]");
    any.truncate(any.trim_end().len());
    any
}

fn operation_types(op: &Operation) -> impl Iterator<Item = &TypeRef> {
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.as_ref().map(|b| &b.ty))
        .chain(op.success.ty.as_ref())
        .chain(op.error.as_ref())
}

/// Every model `ty` reaches, through fields, items, values, aliases and variants.
fn reach<'a>(
    ty: &'a TypeRef,
    models: &HashMap<&'a str, &'a crate::ir::Model>,
    out: &mut HashSet<&'a str>,
) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Array(inner) | TypeRef::Map(inner) => stack.push(inner),
            TypeRef::Model(name) if out.insert(name.as_str()) => {
                if let Some(model) = models.get(name.as_str()) {
                    push_types(model, &mut stack);
                }
            }
            _ => {}
        }
    }
}

/// The model named `name` and everything it reaches ([`reach`]).
fn reach_model<'a>(
    name: &str,
    models: &HashMap<&'a str, &'a crate::ir::Model>,
    out: &mut HashSet<&'a str>,
) {
    if let Some((name, model)) = models.get_key_value(name) {
        if out.insert(name) {
            let mut types = Vec::new();
            push_types(model, &mut types);
            for ty in types {
                reach(ty, models, out);
            }
        }
    }
}

/// Pushes the types a model holds directly.
pub(super) fn push_types<'a>(model: &'a crate::ir::Model, stack: &mut Vec<&'a TypeRef>) {
    match &model.kind {
        ModelKind::Struct { fields } => stack.extend(fields.iter().map(|f| &f.ty)),
        ModelKind::Alias { ty } => stack.push(ty),
        ModelKind::OneOf { variants, .. } | ModelKind::Untagged { variants, .. } => {
            stack.extend(variants.iter().map(|v| &v.ty))
        }
        _ => {}
    }
}
