//! `components/schemas` -> models, and the boxing of fields inside type cycles.

use std::collections::BTreeMap;

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
            let rust_name = self.component_rust_name(name);
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
    /// every by-value field that stays inside such a cycle (its model's strongly connected
    /// component) is boxed. (`Vec` and maps already allocate.)
    pub(super) fn mark_boxed_fields(&mut self) {
        let names: Vec<&String> = self.models.keys().collect();
        let index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let edges: Vec<Vec<usize>> = self
            .models
            .values()
            .map(|(m, _)| {
                direct_models(m)
                    .filter_map(|t| index.get(t).copied())
                    .collect()
            })
            .collect();
        let component = strongly_connected(&edges);
        let component_of = |name: &str| index.get(name).map(|i| component[*i]);
        let boxed: Vec<(String, usize)> = self
            .models
            .iter()
            .flat_map(|(name, (m, _))| {
                let own = component_of(name);
                let fields = match &m.kind {
                    ModelKind::Struct { fields } => fields.as_slice(),
                    _ => &[],
                };
                fields
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, f)| match &f.ty {
                        TypeRef::Model(target) if component_of(target) == own => {
                            Some((name.clone(), i))
                        }
                        _ => None,
                    })
            })
            .collect();
        for (name, i) in boxed {
            if let Some((
                Model {
                    kind: ModelKind::Struct { fields },
                    ..
                },
                _,
            )) = self.models.get_mut(&name)
            {
                fields[i].boxed = true;
            }
        }
    }
}

/// The models a model holds by value.
fn direct_models(m: &Model) -> impl Iterator<Item = &str> {
    let tys: Vec<&TypeRef> = match &m.kind {
        ModelKind::Struct { fields } => fields.iter().map(|f| &f.ty).collect(),
        ModelKind::Alias { ty } => vec![ty],
        // Variants are boxed.
        ModelKind::Enum { .. } | ModelKind::OneOf { .. } | ModelKind::Untagged { .. } => Vec::new(),
    };
    tys.into_iter().filter_map(|t| match t {
        TypeRef::Model(n) => Some(n.as_str()),
        _ => None,
    })
}

/// The strongly connected component of every node (Tarjan's algorithm, without recursion so
/// that deep type graphs cannot overflow the stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_order, mut next_component) = (0, 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && order[v] == UNSEEN {
                order[v] = next_order;
                low[v] = next_order;
                next_order += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if order[w] == UNSEEN {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_of_a_small_graph() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 a self loop; 4 -> 0 is outside both.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = strongly_connected(&edges);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[4] != c[3]);
    }

    #[test]
    fn a_long_chain_does_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let c = strongly_connected(&edges);
        assert!(c.iter().all(|x| *x == c[0]));
    }
}
