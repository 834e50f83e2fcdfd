//! `openapiv3::OpenAPI` -> [`ir::Api`](crate::ir::Api).
//!
//! Lowering never stops at the first problem: each one becomes a diagnostic and lowering goes on
//! with a stand-in (an untyped JSON value, say), so that one run reports everything.

mod bodies;
mod errors;
mod models;
pub mod naming;
mod operations;
mod pagination;
mod params;
mod refs;
mod types;

use std::collections::BTreeMap;

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::ir::{Api, Model, Tag};

/// Lowers a loaded spec. The IR is complete even when `diags` gains errors, but it should not be
/// emitted then.
pub fn lower(spec: &OpenAPI, diags: &mut Diagnostics) -> Api {
    // Component schemas own their names; inline types take what is left.
    let mut names = naming::Names::default();
    let reserved = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .map(|name| names.pascal(name))
        .collect();
    let mut cx = Lowerer {
        spec,
        diags,
        models: BTreeMap::new(),
        reserved,
        names,
    };
    cx.lower_component_schemas();
    let mut operations = cx.lower_operations();
    cx.mark_boxed_fields();
    pagination::detect(&mut operations, &cx.models);
    let tags = tags(spec, &operations);
    Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        servers: spec.servers.iter().map(|s| s.url.clone()).collect(),
        tags,
        operations,
        models: cx.models.into_values().map(|(m, _)| m).collect(),
    }
}

/// The state of one lowering run.
struct Lowerer<'a> {
    spec: &'a OpenAPI,
    diags: &'a mut Diagnostics,
    /// Models by Rust name, with the pointer of the schema each came from.
    models: BTreeMap<String, (Model, String)>,
    /// The Rust names of the component schemas, which inline models must not take.
    reserved: std::collections::BTreeSet<String>,
    /// Rust spellings of spec names, remembered.
    names: naming::Names,
}

impl Lowerer<'_> {
    /// Reports `d`, an error or a warning.
    fn report(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// Reports `d` and gives up on the current item.
    fn report_none<T>(&mut self, d: Diagnostic) -> Option<T> {
        self.report(d);
        None
    }

    /// Adds a model, unless another schema already took its Rust name.
    fn add_model(&mut self, model: Model, pointer: &str) {
        if let Some((_, first)) = self.models.get(&model.rust_name) {
            let d = Diagnostic::error(
                pointer,
                format!(
                    "two types would both be named `{}` in Rust",
                    model.rust_name
                ),
            )
            .with_help(format!(
                "the other one is at #{first}; rename one of the schemas"
            ));
            self.report(d);
            return;
        }
        self.models
            .insert(model.rust_name.clone(), (model, pointer.to_owned()));
    }
}

/// The tags operations use: the spec's `tags` order first, then the rest by name.
fn tags(spec: &OpenAPI, operations: &[crate::ir::Operation]) -> Vec<Tag> {
    let used: std::collections::BTreeSet<&str> = operations.iter().flat_map(|o| o.tags()).collect();
    let mut names: Vec<&str> = spec
        .tags
        .iter()
        .map(|t| t.name.as_str())
        .filter(|n| used.contains(n))
        .collect();
    names.extend(
        used.iter()
            .filter(|n| !names.contains(n))
            .copied()
            .collect::<Vec<_>>(),
    );
    names
        .into_iter()
        .map(|name| Tag {
            name: name.to_owned(),
            module: naming::snake(name),
            api_type: format!("{}Api", naming::pascal(name)),
            description: spec
                .tags
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| t.description.clone()),
        })
        .collect()
}
