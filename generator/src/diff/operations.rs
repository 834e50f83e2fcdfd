//! Operations compared: endpoint, method name, APIs, inputs, body, response, permissions,
//! preview and deprecation.

use std::collections::BTreeMap;

use super::{Changes, Level, type_name};
use crate::ir::{Body, Operation, Param, Permissions};
use crate::surface::{Input, Passing, Surface};

fn endpoint(op: &Operation) -> String {
    format!("`{} {}`", op.http_method.as_str(), op.path.template)
}

pub(super) fn diff_operations(old: &Surface<'_>, new: &Surface<'_>, out: &mut Changes) {
    let old_ops: BTreeMap<&str, &Operation> = old
        .api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let new_ops: BTreeMap<&str, &Operation> = new
        .api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let added: Vec<&Operation> = new_ops
        .iter()
        .filter(|(id, _)| !old_ops.contains_key(*id))
        .map(|(_, o)| *o)
        .collect();
    for (id, o) in &old_ops {
        let rust = rust_method(old, o);
        match new_ops.get(id) {
            Some(n) => compare_operation((o, old), (n, new), id, out),
            None => match moved_to(o, &added) {
                Some(n) => {
                    let message = format!(
                        "Moved: operation id `{}` -> `{}`, {} -> {}, now `{}`",
                        o.id,
                        n.id,
                        endpoint(o),
                        endpoint(n),
                        rust_method(new, n)
                    );
                    out.op(Level::Major, id, &rust, message);
                    compare_operation((o, old), (n, new), id, out);
                }
                None => out.op(
                    Level::Major,
                    id,
                    &rust,
                    format!("Operation removed: {}", endpoint(o)),
                ),
            },
        }
    }
    for n in added {
        out.op(
            Level::Minor,
            &n.id,
            &rust_method(new, n),
            format!("Operation added: {}", endpoint(n)),
        );
    }
}

/// `ChatApi::get_chats_room`: how a Rust user calls the operation.
fn rust_method(surface: &Surface<'_>, op: &Operation) -> String {
    let api = surface
        .api
        .tag(&op.tag)
        .map_or_else(|| op.tag.clone(), |t| t.api_type.clone());
    format!("{api}::{}", op.rust_name)
}

/// The added operation that `removed` became, on real evidence only: the same Rust method on the
/// same API (the spec's method name kept while the id or path changed). Similar shapes or paths
/// are not evidence: two unrelated operations can share both. The added operation is still
/// listed as added.
fn moved_to<'a>(removed: &Operation, added: &[&'a Operation]) -> Option<&'a Operation> {
    let mut same = added
        .iter()
        .filter(|n| n.rust_name == removed.rust_name && n.tag == removed.tag);
    match (same.next(), same.next()) {
        (Some(n), None) => Some(*n),
        _ => None,
    }
}

/// The changes of one operation, each noted with its Rust method.
struct OpChanges<'a> {
    out: &'a mut Changes,
    id: &'a str,
    rust: &'a str,
}

impl OpChanges<'_> {
    fn op(&mut self, level: Level, message: String) {
        self.out.op(level, self.id, self.rust, message);
    }
}

/// An operation of each side, with the surface it is read through.
type Side<'a, 's> = (&'a Operation, &'a Surface<'s>);

fn compare_operation((o, os): Side<'_, '_>, (n, ns): Side<'_, '_>, id: &str, out: &mut Changes) {
    let rust = rust_method(os, o);
    let out = &mut OpChanges {
        out,
        id,
        rust: &rust,
    };
    // A move already reported the new endpoint.
    let moved = o.id != n.id;
    if !moved && (o.http_method != n.http_method || o.path.template != n.path.template) {
        out.op(
            Level::Major,
            format!("Path or method changed: {} -> {}", endpoint(o), endpoint(n)),
        );
    }
    if !moved && o.rust_name != n.rust_name {
        out.op(
            Level::Major,
            format!(
                "Method renamed: `{}` -> `{}`",
                rust_method(os, o),
                rust_method(ns, n)
            ),
        );
    }
    if o.also_in.is_empty() && n.also_in.is_empty() {
        if o.tag != n.tag {
            out.op(
                Level::Major,
                format!("Moved from API `{}` to `{}`", o.tag, n.tag),
            );
        }
    } else {
        // Listed under several APIs: the method is on each of them.
        for gone in o.tags().filter(|t| !n.tags().any(|u| u == *t)) {
            out.op(Level::Major, format!("No longer on API `{gone}`"));
        }
        for added in n.tags().filter(|t| !o.tags().any(|u| u == *t)) {
            out.op(Level::Minor, format!("Also on API `{added}`"));
        }
    }
    let (oi, ni) = (&os.operation(o).inputs, &ns.operation(n).inputs);
    compare_params(&o.params, oi, &n.params, ni, out);
    compare_body(body(o, oi), body(n, ni), out);
    if o.success.ty != n.success.ty {
        let (a, b) = (
            type_name(o.success.ty.as_ref()),
            type_name(n.success.ty.as_ref()),
        );
        out.op(Level::Major, format!("Response type changed: {a} -> {b}"));
    }
    compare_permissions(&o.permissions, &n.permissions, out);
    match (o.preview, n.preview) {
        (true, false) => out.op(
            Level::Minor,
            "Left preview: now generally available".to_owned(),
        ),
        (false, true) => out.op(
            Level::Major,
            "Became a preview operation: may change without notice".to_owned(),
        ),
        _ => {}
    }
    match (o.deprecated, n.deprecated) {
        (false, true) => out.op(Level::Minor, "Deprecated".to_owned()),
        // The `#[deprecated]` attribute goes: the code changes, nothing breaks.
        (true, false) => out.op(
            Level::Minor,
            "No longer deprecated (the `#[deprecated]` attribute is gone)".to_owned(),
        ),
        _ => {}
    }
    match (&os.operation(o).history, &ns.operation(n).history) {
        (Some(_), None) => out.op(
            Level::Major,
            "`.stream()` is gone: the history can no longer be read page by page (its cursor or items changed)".to_owned(),
        ),
        (None, Some(_)) => out.op(
            Level::Minor,
            "`.stream()` added: reads the whole history page by page".to_owned(),
        ),
        _ => {}
    }
    if o.docs.summary != n.docs.summary {
        out.op(Level::Point, "Summary changed".to_owned());
    }
    if o.docs.description != n.docs.description {
        out.op(Level::Point, "Description changed".to_owned());
    }
}

fn location(p: &Param) -> String {
    format!("{:?}", p.location).to_lowercase()
}

/// Whether the input of a parameter is an argument of the method (a required parameter).
fn is_argument(inputs: &[Input], params: &[Param], p: &Param) -> bool {
    params
        .iter()
        .position(|x| std::ptr::eq(x, p))
        .is_some_and(|i| inputs[i].passing == Passing::Argument)
}

fn compare_params(
    old: &[Param],
    old_inputs: &[Input],
    new: &[Param],
    new_inputs: &[Input],
    out: &mut OpChanges<'_>,
) {
    for o in old {
        let Some(n) = new.iter().find(|n| n.wire_name == o.wire_name) else {
            out.op(
                Level::Major,
                format!("Parameter `{}` ({}) removed", o.wire_name, location(o)),
            );
            continue;
        };
        let name = &o.wire_name;
        if o.location != n.location {
            out.op(
                Level::Major,
                format!(
                    "Parameter `{name}` moved from {} to {}",
                    location(o),
                    location(n)
                ),
            );
        }
        if o.ty != n.ty {
            let (a, b) = (type_name(Some(&o.ty)), type_name(Some(&n.ty)));
            out.op(
                Level::Major,
                format!("Type of parameter `{name}` changed: {a} -> {b}"),
            );
        }
        match (
            is_argument(old_inputs, old, o),
            is_argument(new_inputs, new, n),
        ) {
            // An argument becomes a setter: every call breaks.
            (true, false) => out.op(
                Level::Major,
                format!(
                    "Parameter `{name}` is now optional: no longer an argument of the method, set with the builder's `.{}(..)`",
                    n.rust_name
                ),
            ),
            (false, true) => out.op(
                Level::Major,
                format!(
                    "Parameter `{name}` is now required: an argument of the method (the builder's `.{}(..)` is gone)",
                    o.rust_name
                ),
            ),
            _ => {}
        }
        for v in o.enum_values.iter().filter(|v| !n.enum_values.contains(v)) {
            out.op(
                Level::Major,
                format!("Value `{v}` of parameter `{name}` removed"),
            );
        }
        for v in n.enum_values.iter().filter(|v| !o.enum_values.contains(v)) {
            out.op(
                Level::Minor,
                format!("Value `{v}` of parameter `{name}` added"),
            );
        }
        if o.description != n.description {
            out.op(
                Level::Point,
                format!("Description of parameter `{name}` changed"),
            );
        }
    }
    for n in new
        .iter()
        .filter(|n| !old.iter().any(|o| o.wire_name == n.wire_name))
    {
        let what = format!(
            "`{}` ({}, {})",
            n.wire_name,
            location(n),
            type_name(Some(&n.ty))
        );
        if is_argument(new_inputs, new, n) {
            out.op(Level::Major, format!("Required parameter {what} added"));
        } else {
            out.op(Level::Minor, format!("Optional parameter {what} added"));
        }
    }
}

/// A request body, and whether it is an argument of the method (required).
type BodySide<'a> = Option<(&'a Body, bool)>;

fn body<'a>(op: &'a Operation, inputs: &[Input]) -> BodySide<'a> {
    // A form or multipart body of an object is an input per field; its own `required` says
    // whether the method takes it at all.
    op.body.as_ref().map(|b| {
        let argument = if b.fields.is_empty() {
            inputs[op.params.len()].passing == Passing::Argument
        } else {
            b.required
        };
        (b, argument)
    })
}

fn compare_body(old: BodySide<'_>, new: BodySide<'_>, out: &mut OpChanges<'_>) {
    match (old, new) {
        (None, Some((n, true))) => out.op(
            Level::Major,
            format!("Required request body ({}) added", type_name(Some(&n.ty))),
        ),
        (None, Some((n, false))) => out.op(
            Level::Minor,
            format!("Optional request body ({}) added", type_name(Some(&n.ty))),
        ),
        (Some(_), None) => out.op(Level::Major, "Request body removed".to_owned()),
        (Some((o, o_required)), Some((n, n_required))) => {
            if o.ty != n.ty {
                let (a, b) = (type_name(Some(&o.ty)), type_name(Some(&n.ty)));
                out.op(
                    Level::Major,
                    format!("Request body type changed: {a} -> {b}"),
                );
            }
            match (o_required, n_required) {
                (false, true) => {
                    out.op(Level::Major, "Request body is now required".to_owned())
                }
                (true, false) => out.op(
                    Level::Major,
                    format!(
                        "Request body is now optional: no longer an argument of the method, set with the builder's `.{}(..)`",
                        n.rust_name
                    ),
                ),
                _ => {}
            }
        }
        (None, None) => {}
    }
}

fn compare_permissions(old: &Permissions, new: &Permissions, out: &mut OpChanges<'_>) {
    let list = |l: &[String]| {
        l.iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (old, new) {
        (a, b) if a == b => {}
        (Permissions::None, Permissions::Any(l) | Permissions::All(l)) => {
            let kind = if matches!(new, Permissions::Any(_)) {
                "ANY"
            } else {
                "ALL"
            };
            out.op(
                Level::Major,
                format!("Now requires {kind} of these permissions: {}", list(l)),
            );
        }
        (_, Permissions::None) => {
            out.op(Level::Minor, "No longer requires any permission".to_owned())
        }
        (Permissions::Any(a), Permissions::Any(b)) => {
            for p in a.iter().filter(|p| !b.contains(p)) {
                out.op(
                    Level::Major,
                    format!("Permission `{p}` no longer grants access (removed from the ANY list)"),
                );
            }
            for p in b.iter().filter(|p| !a.contains(p)) {
                out.op(
                    Level::Minor,
                    format!("Permission `{p}` now also grants access (added to the ANY list)"),
                );
            }
        }
        (Permissions::All(a), Permissions::All(b)) => {
            for p in b.iter().filter(|p| !a.contains(p)) {
                out.op(
                    Level::Major,
                    format!("Permission `{p}` is now required (added to the ALL list)"),
                );
            }
            for p in a.iter().filter(|p| !b.contains(p)) {
                out.op(
                    Level::Minor,
                    format!("Permission `{p}` is no longer required (removed from the ALL list)"),
                );
            }
        }
        (Permissions::Any(a), Permissions::All(b)) => {
            out.op(
                Level::Major,
                format!(
                    "Permissions changed from ANY of {} to ALL of {}",
                    list(a),
                    list(b)
                ),
            );
        }
        (Permissions::All(a), Permissions::Any(b)) => {
            out.op(
                Level::Minor,
                format!(
                    "Permissions changed from ALL of {} to ANY of {}",
                    list(a),
                    list(b)
                ),
            );
        }
    }
}
