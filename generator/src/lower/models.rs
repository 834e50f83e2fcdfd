//! `components/schemas` -> models, and the boxing of fields inside type cycles.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::ReferenceOr;

use super::types::model;
use super::{Lowerer, naming};
use crate::diagnostics::pointer_push;
use crate::ir::{Model, ModelKind, TypeRef};

impl Lowerer<'_> {
    /// Every component schema becomes a model of the same name (in `UpperCamelCase`).
    pub(super) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (name, schema) in &components.schemas {
            let pointer = pointer_push("/components/schemas", name);
            let rust_name = naming::pascal(name);
            let m = match schema {
                ReferenceOr::Item(s) => {
                    let kind = self.model_kind(s, &pointer, &rust_name);
                    model(name, &rust_name, s, kind)
                }
                ReferenceOr::Reference { reference } => {
                    // A schema that is only a `$ref` is another name for its target.
                    let ty = self.type_of(
                        super::types::SchemaRef::Ref(reference),
                        &pointer,
                        &rust_name,
                    );
                    Model {
                        name: name.clone(),
                        module: naming::snake(&rust_name),
                        rust_name,
                        description: None,
                        deprecated: false,
                        kind: ModelKind::Alias { ty },
                    }
                }
            };
            self.add_model(m, &pointer);
        }
    }

    /// A struct that holds itself by value, directly or through other structs, has no size:
    /// every field that closes such a cycle is boxed. (`Vec` and maps already allocate.)
    pub(super) fn mark_boxed_fields(&mut self) {
        let edges: BTreeMap<String, BTreeSet<String>> = self
            .models
            .iter()
            .map(|(name, (m, _))| (name.clone(), direct_models(m).map(str::to_owned).collect()))
            .collect();
        for (name, (m, _)) in &mut self.models {
            let ModelKind::Struct { fields } = &mut m.kind else {
                continue;
            };
            for field in fields {
                if let TypeRef::Model(target) = &field.ty {
                    field.boxed = reaches(&edges, target, name);
                }
            }
        }
    }
}

/// The models a model holds by value.
fn direct_models(m: &Model) -> impl Iterator<Item = &str> {
    let tys: Vec<&TypeRef> = match &m.kind {
        ModelKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
        ModelKind::Alias { ty } => vec![ty],
        ModelKind::Enum { .. } => Vec::new(),
    };
    tys.into_iter().filter_map(|t| match t {
        TypeRef::Model(n) => Some(n.as_str()),
        _ => None,
    })
}

/// Whether `to` can be reached from `from` along by-value edges.
fn reaches(edges: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n) {
            stack.extend(edges.get(n).into_iter().flatten().map(String::as_str));
        }
    }
    false
}
