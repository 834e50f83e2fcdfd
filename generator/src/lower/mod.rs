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
mod topics;
mod types;
mod untagged;

use std::collections::BTreeMap;

use openapiv3::OpenAPI;

use crate::diagnostics::{self, Diagnostic, Diagnostics};
use crate::ir::{Api, Model, Tag};

/// Lowers a loaded spec. The IR is complete even when `diags` gains errors, but it should not be
/// emitted then.
pub fn lower(spec: &OpenAPI, diags: &mut Diagnostics) -> Api {
    // Component schemas own their names; inline types take what is left. Two schemas spelled
    // alike in Rust (`foo_bar`, `FooBar`) get numbered names, with a warning.
    let mut names = naming::Names::default();
    let schema_names: Vec<&str> = spec
        .components
        .iter()
        .flat_map(|c| c.schemas.keys())
        .map(String::as_str)
        .collect();
    // A model named like a type or trait of the prelude (`Result`, `String`) would shadow it in
    // its own module, where the model's code names the prelude's: it takes a `Model` suffix.
    let (rust_names, renamed) = naming::distinct(
        &schema_names,
        |n| naming::clear_of_prelude(names.pascal(n)),
        "",
    );
    for (i, name) in schema_names.iter().enumerate() {
        let plain = names.pascal(name);
        if naming::PRELUDE.contains(&plain.as_str()) {
            diags.push(Diagnostic::warning(
                diagnostics::pointer_push("/components/schemas", name),
                format!(
                    "schema `{name}` would be the Rust type `{plain}`, which would hide the \
                     prelude's `{plain}` from its code; it is `{}`",
                    rust_names[i]
                ),
            ));
        }
    }
    for i in renamed {
        diags.push(Diagnostic::warning(
            diagnostics::pointer_push("/components/schemas", schema_names[i]),
            format!(
                "schema `{}` would be the Rust type `{}` like another one; it is `{}`",
                schema_names[i],
                names.pascal(schema_names[i]),
                rust_names[i]
            ),
        ));
    }
    // Inline models take neither a component's name nor one of the prelude's.
    let reserved = rust_names
        .iter()
        .cloned()
        .chain(naming::PRELUDE.iter().map(|p| (*p).to_owned()))
        .collect();
    let component_names = schema_names
        .iter()
        .map(|n| (*n).to_owned())
        .zip(rust_names)
        .collect();
    let mut cx = Lowerer {
        spec,
        diags,
        models: BTreeMap::new(),
        reserved,
        component_names,
        names,
    };
    cx.lower_component_schemas();
    let mut operations = cx.lower_operations();
    let left_out = left_out(spec, &operations);
    let topics = cx.lower_topics();
    cx.mark_boxed_fields();
    pagination::detect(&mut operations, &cx.models);
    let tags = tags(spec, &operations, cx.diags);
    Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        servers: spec.servers.iter().map(|s| s.url.clone()).collect(),
        tags,
        operations,
        models: cx.models.into_values().map(|(m, _)| m).collect(),
        left_out,
        topics,
    }
}

/// The pointers of the spec's operations that lowering did not keep.
fn left_out(spec: &OpenAPI, kept: &[crate::ir::Operation]) -> Vec<String> {
    let kept: std::collections::BTreeSet<(String, &str)> = kept
        .iter()
        .map(|o| (o.path.template.clone(), o.http_method.key()))
        .collect();
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let at = diagnostics::pointer_push("/paths", path);
        match item {
            openapiv3::ReferenceOr::Item(item) => {
                for (method, _) in item.iter() {
                    if !kept.contains(&(path.clone(), method)) {
                        out.push(diagnostics::pointer_push(&at, method));
                    }
                }
            }
            openapiv3::ReferenceOr::Reference { .. } => out.push(at),
        }
    }
    out
}

/// The state of one lowering run.
struct Lowerer<'a> {
    spec: &'a OpenAPI,
    diags: &'a mut Diagnostics,
    /// Models by Rust name, with the pointer of the schema each came from.
    models: BTreeMap<String, (Model, String)>,
    /// The Rust names of the component schemas, which inline models must not take.
    reserved: std::collections::BTreeSet<String>,
    /// Component schema name -> its Rust name.
    component_names: std::collections::HashMap<String, String>,
    /// Rust spellings of spec names, remembered.
    names: naming::Names,
}

impl Lowerer<'_> {
    /// The Rust name of the component schema `name`.
    fn component_rust_name(&mut self, name: &str) -> String {
        match self.component_names.get(name) {
            Some(rust) => rust.clone(),
            None => self.names.pascal(name),
        }
    }

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
fn tags(spec: &OpenAPI, operations: &[crate::ir::Operation], diags: &mut Diagnostics) -> Vec<Tag> {
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
    // Two tags spelled alike in Rust (`Account`, `account`) are two APIs, numbered.
    let (modules, renamed) = naming::distinct(&names, naming::snake, "_");
    let (types, _) = naming::distinct(&names, naming::pascal, "");
    for i in renamed {
        let at = spec
            .tags
            .iter()
            .position(|t| t.name == names[i])
            .map_or_else(String::new, |p| format!("/tags/{p}"));
        diags.push(Diagnostic::warning(
            at,
            format!(
                "tag `{}` would be the API `{}` like another one; it is `{}`",
                names[i],
                naming::snake(names[i]),
                modules[i]
            ),
        ));
    }
    names
        .into_iter()
        .zip(modules.into_iter().zip(types))
        .map(|(name, (module, ty))| Tag {
            name: name.to_owned(),
            module,
            api_type: format!("{ty}Api"),
            description: spec
                .tags
                .iter()
                .find(|t| t.name == name)
                .and_then(|t| t.description.clone()),
        })
        .collect()
}
