//! Models compared: properties (type, `Option`), enum values, aliases and `oneOf` variants.

use std::collections::{BTreeMap, BTreeSet};

use super::{Changes, Level, type_name};
use crate::ir::{Model, ModelKind};
use crate::surface::{ModelSurface, Surface};

pub(super) fn diff_models(old: &Surface<'_>, new: &Surface<'_>, out: &mut Changes) {
    let index = |s: &'_ Surface<'_>| -> BTreeMap<String, usize> {
        s.api
            .models
            .iter()
            .enumerate()
            .map(|(i, m)| (m.rust_name.clone(), i))
            .collect()
    };
    let (old_models, new_models) = (index(old), index(new));
    for (name, &o) in &old_models {
        match new_models.get(name) {
            None => out.model(Level::Major, name, "Model removed".to_owned()),
            Some(&n) => compare_model(
                (&old.api.models[o], &old.models[o]),
                (&new.api.models[n], &new.models[n]),
                name,
                out,
            ),
        }
    }
    for name in new_models.keys().filter(|n| !old_models.contains_key(*n)) {
        out.model(Level::Minor, name, "Model added".to_owned());
    }
}

fn compare_model(
    (o, os): (&Model, &ModelSurface),
    (n, ns): (&Model, &ModelSurface),
    name: &str,
    out: &mut Changes,
) {
    if o.description != n.description {
        out.model(Level::Point, name, "Description changed".to_owned());
    }
    match (&o.kind, &n.kind) {
        (ModelKind::Struct { fields: a }, ModelKind::Struct { fields: b }) => {
            for (f, fs) in a.iter().zip(&os.fields) {
                let prop = &f.wire_name;
                let Some((g, gs)) = b
                    .iter()
                    .zip(&ns.fields)
                    .find(|(g, _)| g.wire_name == f.wire_name)
                else {
                    out.model(Level::Major, name, format!("Property `{prop}` removed"));
                    continue;
                };
                if f.ty != g.ty {
                    let (x, y) = (type_name(Some(&f.ty)), type_name(Some(&g.ty)));
                    out.model(
                        Level::Major,
                        name,
                        format!("Type of property `{prop}` changed: {x} -> {y}"),
                    );
                }
                if fs.presence != gs.presence {
                    // Said as the Rust field's type changes: `readOnly`, `nullable` and
                    // `required` each move it in their own way.
                    let why = match (f.read_only, g.read_only, f.nullable, g.nullable) {
                        (false, true, ..) => "now read-only (set by the server)",
                        (true, false, ..) => "no longer read-only",
                        (.., false, true) => "now nullable",
                        (.., true, false) => "no longer nullable",
                        _ if g.required => "now required",
                        _ => "now optional",
                    };
                    let mut message = if fs.rust_type == gs.rust_type {
                        format!("Property `{prop}` is {why}: field `{}`", g.rust_name)
                    } else {
                        format!(
                            "Property `{prop}` is {why}: field `{}` changes type `{}` -> `{}`",
                            g.rust_name, fs.rust_type, gs.rust_type
                        )
                    };
                    match (fs.presence.can_be_left_out(), gs.presence.can_be_left_out()) {
                        (true, false) => message.push_str(&format!("; `{name}::new` now takes it")),
                        (false, true) => {
                            message.push_str(&format!("; `{name}::new` no longer takes it"))
                        }
                        _ => {}
                    }
                    out.model(Level::Major, name, message);
                } else if f.read_only != g.read_only {
                    let now = if g.read_only {
                        "now read-only: set by the server, ignored in requests"
                    } else {
                        "no longer read-only: requests may set it"
                    };
                    out.model(Level::Point, name, format!("Property `{prop}` is {now}"));
                }
                if f.description != g.description {
                    out.model(
                        Level::Point,
                        name,
                        format!("Description of property `{prop}` changed"),
                    );
                }
            }
            for (g, gs) in b
                .iter()
                .zip(&ns.fields)
                .filter(|(g, _)| !a.iter().any(|f| f.wire_name == g.wire_name))
            {
                let what = format!("`{}` ({})", g.wire_name, type_name(Some(&g.ty)));
                if !gs.presence.can_be_left_out() {
                    out.model(
                        Level::Major,
                        name,
                        format!("Required property {what} added: `{name}::new` takes it"),
                    );
                } else {
                    // Models are `#[non_exhaustive]`: no literal or exhaustive pattern breaks.
                    out.model(
                        Level::Minor,
                        name,
                        format!("Optional property {what} added"),
                    );
                }
            }
            match (os.default, ns.default) {
                (true, false) => out.model(
                    Level::Major,
                    name,
                    "No longer implements `Default` (a required field has no default value)"
                        .to_owned(),
                ),
                (false, true) => out.model(Level::Minor, name, "Implements `Default`".to_owned()),
                _ => {}
            }
        }
        (ModelKind::Enum { values: a }, ModelKind::Enum { values: b }) => {
            let wires = |v: &[crate::ir::EnumValue]| {
                v.iter()
                    .map(|x| x.wire_name.clone())
                    .collect::<BTreeSet<_>>()
            };
            let (a, b) = (wires(a), wires(b));
            for v in a.difference(&b) {
                out.model(Level::Major, name, format!("Enum value `{v}` removed"));
            }
            // The enum is `#[non_exhaustive]`; what changes is behaviour: the value used to
            // arrive as `Unknown`.
            for v in b.difference(&a) {
                out.model(
                    Level::Minor,
                    name,
                    format!(
                        "Enum value `{v}` added (it used to arrive as `{name}::Unknown(\"{v}\")`)"
                    ),
                );
            }
        }
        (ModelKind::Alias { ty: a }, ModelKind::Alias { ty: b }) if a != b => {
            out.model(
                Level::Major,
                name,
                format!(
                    "Type changed: {} -> {}",
                    type_name(Some(a)),
                    type_name(Some(b))
                ),
            );
        }
        (ModelKind::Alias { .. }, ModelKind::Alias { .. }) => {}
        (
            ModelKind::OneOf {
                property: p,
                variants: a,
            },
            ModelKind::OneOf {
                property: q,
                variants: b,
            },
        ) => {
            if p != q {
                out.model(
                    Level::Major,
                    name,
                    format!("Discriminator changed: `{p}` -> `{q}`"),
                );
            }
            for v in a.iter().filter(|v| !b.iter().any(|w| w.tag == v.tag)) {
                out.model(Level::Major, name, format!("Variant `{}` removed", v.tag));
            }
            for v in b.iter().filter(|v| !a.iter().any(|w| w.tag == v.tag)) {
                out.model(Level::Minor, name, format!("Variant `{}` added", v.tag));
            }
            for v in a {
                if let Some(w) = b.iter().find(|w| w.tag == v.tag && w.ty != v.ty) {
                    out.model(
                        Level::Major,
                        name,
                        format!(
                            "Variant `{}` changed type: {} -> {}",
                            v.tag,
                            type_name(Some(&v.ty)),
                            type_name(Some(&w.ty))
                        ),
                    );
                }
            }
        }
        (
            ModelKind::Untagged {
                variants: a,
                nullable: x,
            },
            ModelKind::Untagged {
                variants: b,
                nullable: y,
            },
        ) => {
            let key = |v: &crate::ir::Variant| (v.rust_name.clone(), v.ty.clone());
            for v in a.iter().filter(|v| !b.iter().any(|w| key(w) == key(v))) {
                out.model(
                    Level::Major,
                    name,
                    format!("Variant `{}` removed or changed", v.rust_name),
                );
            }
            for v in b.iter().filter(|v| !a.iter().any(|w| key(w) == key(v))) {
                out.model(
                    Level::Minor,
                    name,
                    format!("Variant `{}` added", v.rust_name),
                );
            }
            if x != y {
                let level = if *x { Level::Major } else { Level::Minor };
                out.model(level, name, format!("`null` allowed: {x} -> {y}"));
            }
        }
        _ => out.model(
            Level::Major,
            name,
            "Changed kind (struct, enum, alias or oneOf)".to_owned(),
        ),
    }
}
