//! Two IRs -> classified changes, release notes and the semver bump.
//!
//! The rules follow the official Genesys release notes, with these deliberate differences:
//!
//! - An added *optional* parameter is minor: this SDK takes optional parameters through request
//!   builders, so no call breaks. (An added required parameter is major, as upstream.)
//! - Permissions are compared by what a caller needs: a new requirement (a permission added to
//!   an ALL list, removed from an ANY list, or a first list) is major; a relaxation is minor.
//! - Preview to GA is minor; GA to preview is major. A deprecation is minor.
//! - A property that changes between required and optional is major: its Rust type changes
//!   between `T` and `Option<T>`.
//! - An operation removed while another with the same tag, method, permissions, body and
//!   response appears is reported once, as "moved/renamed".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{Api, Body, Model, ModelKind, Operation, Param, Permissions, TypeRef};

/// How a change affects callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Breaks some caller: a major version.
    Major,
    /// Adds something: a minor version.
    Minor,
    /// Changes only text: a patch version.
    Point,
}

impl Level {
    fn title(self) -> &'static str {
        match self {
            Self::Major => "Major",
            Self::Minor => "Minor",
            Self::Point => "Point",
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubjectKind {
    Operation,
    Model,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub level: Level,
    pub kind: SubjectKind,
    /// The operation id or model name.
    pub subject: String,
    pub message: String,
}

/// Every change between two versions of an API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// Compares two APIs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let mut out = Changes::default();
    diff_operations(old, new, &mut out);
    diff_models(old, new, &mut out);
    let mut changes = out.0;
    changes.sort_by(|a, b| (a.level, a.kind, &a.subject).cmp(&(b.level, b.kind, &b.subject)));
    Report { changes }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn op(&mut self, level: Level, subject: &str, message: String) {
        self.0.push(Change {
            level,
            kind: SubjectKind::Operation,
            subject: subject.to_owned(),
            message,
        });
    }

    fn model(&mut self, level: Level, subject: &str, message: String) {
        self.0.push(Change {
            level,
            kind: SubjectKind::Model,
            subject: subject.to_owned(),
            message,
        });
    }
}

fn endpoint(op: &Operation) -> String {
    format!("`{} {}`", op.http_method.as_str(), op.path.template)
}

fn diff_operations(old: &Api, new: &Api, out: &mut Changes) {
    let old_ops: BTreeMap<&str, &Operation> =
        old.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let new_ops: BTreeMap<&str, &Operation> =
        new.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let mut added: Vec<&Operation> = new_ops
        .iter()
        .filter(|(id, _)| !old_ops.contains_key(*id))
        .map(|(_, o)| *o)
        .collect();
    for (id, o) in &old_ops {
        match new_ops.get(id) {
            Some(n) => compare_operation(o, n, id, out),
            None => match take_move(o, &mut added) {
                Some(n) => {
                    let message = format!(
                        "Moved/renamed: `{}` -> `{}` ({} -> {})",
                        o.id,
                        n.id,
                        endpoint(o),
                        endpoint(n)
                    );
                    out.op(Level::Major, id, message);
                    compare_operation(o, n, id, out);
                }
                None => out.op(
                    Level::Major,
                    id,
                    format!("Operation removed: {}", endpoint(o)),
                ),
            },
        }
    }
    for n in added {
        out.op(
            Level::Minor,
            &n.id,
            format!("Operation added: {}", endpoint(n)),
        );
    }
}

/// The added operation that `removed` most likely became: same tag, method, permissions, body and
/// response, and of those the one with the most similar path.
fn take_move<'a>(removed: &Operation, added: &mut Vec<&'a Operation>) -> Option<&'a Operation> {
    let same_shape = |n: &Operation| {
        n.tag == removed.tag
            && n.http_method == removed.http_method
            && n.permissions == removed.permissions
            && n.body.as_ref().map(|b| &b.ty) == removed.body.as_ref().map(|b| &b.ty)
            && n.success.ty == removed.success.ty
    };
    let best = added
        .iter()
        .enumerate()
        .filter(|(_, n)| same_shape(n))
        .max_by(|(_, a), (_, b)| {
            let score =
                |n: &Operation| strsim::jaro_winkler(&n.path.template, &removed.path.template);
            score(a).total_cmp(&score(b))
        })
        .map(|(i, _)| i)?;
    Some(added.remove(best))
}

fn compare_operation(o: &Operation, n: &Operation, id: &str, out: &mut Changes) {
    // A move already reported the new endpoint.
    let moved = o.id != n.id;
    if !moved && (o.http_method != n.http_method || o.path.template != n.path.template) {
        out.op(
            Level::Major,
            id,
            format!("Path or method changed: {} -> {}", endpoint(o), endpoint(n)),
        );
    }
    if !moved && o.rust_name != n.rust_name {
        out.op(
            Level::Major,
            id,
            format!("Method renamed: `{}` -> `{}`", o.rust_name, n.rust_name),
        );
    }
    if o.also_in.is_empty() && n.also_in.is_empty() {
        if o.tag != n.tag {
            out.op(
                Level::Major,
                id,
                format!("Moved from API `{}` to `{}`", o.tag, n.tag),
            );
        }
    } else {
        // Listed under several APIs: the method is on each of them.
        for gone in o.tags().filter(|t| !n.tags().any(|u| u == *t)) {
            out.op(Level::Major, id, format!("No longer on API `{gone}`"));
        }
        for added in n.tags().filter(|t| !o.tags().any(|u| u == *t)) {
            out.op(Level::Minor, id, format!("Also on API `{added}`"));
        }
    }
    compare_params(&o.params, &n.params, id, out);
    compare_body(o.body.as_ref(), n.body.as_ref(), id, out);
    if o.success.ty != n.success.ty {
        let (a, b) = (
            type_name(o.success.ty.as_ref()),
            type_name(n.success.ty.as_ref()),
        );
        out.op(
            Level::Major,
            id,
            format!("Response type changed: {a} -> {b}"),
        );
    }
    compare_permissions(&o.permissions, &n.permissions, id, out);
    match (o.preview, n.preview) {
        (true, false) => out.op(
            Level::Minor,
            id,
            "Left preview: now generally available".to_owned(),
        ),
        (false, true) => out.op(
            Level::Major,
            id,
            "Became a preview operation: may change without notice".to_owned(),
        ),
        _ => {}
    }
    match (o.deprecated, n.deprecated) {
        (false, true) => out.op(Level::Minor, id, "Deprecated".to_owned()),
        (true, false) => out.op(Level::Point, id, "No longer deprecated".to_owned()),
        _ => {}
    }
    if o.docs.summary != n.docs.summary {
        out.op(Level::Point, id, "Summary changed".to_owned());
    }
    if o.docs.description != n.docs.description {
        out.op(Level::Point, id, "Description changed".to_owned());
    }
}

fn location(p: &Param) -> String {
    format!("{:?}", p.location).to_lowercase()
}

fn compare_params(old: &[Param], new: &[Param], id: &str, out: &mut Changes) {
    for o in old {
        let Some(n) = new.iter().find(|n| n.wire_name == o.wire_name) else {
            out.op(
                Level::Major,
                id,
                format!("Parameter `{}` ({}) removed", o.wire_name, location(o)),
            );
            continue;
        };
        let name = &o.wire_name;
        if o.location != n.location {
            out.op(
                Level::Major,
                id,
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
                id,
                format!("Type of parameter `{name}` changed: {a} -> {b}"),
            );
        }
        match (o.required, n.required) {
            (true, false) => out.op(
                Level::Minor,
                id,
                format!("Parameter `{name}` is now optional"),
            ),
            (false, true) => out.op(
                Level::Major,
                id,
                format!("Parameter `{name}` is now required"),
            ),
            _ => {}
        }
        for v in o.enum_values.iter().filter(|v| !n.enum_values.contains(v)) {
            out.op(
                Level::Major,
                id,
                format!("Value `{v}` of parameter `{name}` removed"),
            );
        }
        for v in n.enum_values.iter().filter(|v| !o.enum_values.contains(v)) {
            out.op(
                Level::Minor,
                id,
                format!("Value `{v}` of parameter `{name}` added"),
            );
        }
        if o.description != n.description {
            out.op(
                Level::Point,
                id,
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
        if n.required {
            out.op(Level::Major, id, format!("Required parameter {what} added"));
        } else {
            out.op(Level::Minor, id, format!("Optional parameter {what} added"));
        }
    }
}

fn compare_body(old: Option<&Body>, new: Option<&Body>, id: &str, out: &mut Changes) {
    match (old, new) {
        (None, Some(n)) if n.required => out.op(
            Level::Major,
            id,
            format!("Required request body ({}) added", type_name(Some(&n.ty))),
        ),
        (None, Some(n)) => out.op(
            Level::Minor,
            id,
            format!("Optional request body ({}) added", type_name(Some(&n.ty))),
        ),
        (Some(_), None) => out.op(Level::Major, id, "Request body removed".to_owned()),
        (Some(o), Some(n)) => {
            if o.ty != n.ty {
                let (a, b) = (type_name(Some(&o.ty)), type_name(Some(&n.ty)));
                out.op(
                    Level::Major,
                    id,
                    format!("Request body type changed: {a} -> {b}"),
                );
            }
            match (o.required, n.required) {
                (false, true) => {
                    out.op(Level::Major, id, "Request body is now required".to_owned())
                }
                (true, false) => {
                    out.op(Level::Minor, id, "Request body is now optional".to_owned())
                }
                _ => {}
            }
        }
        (None, None) => {}
    }
}

fn compare_permissions(old: &Permissions, new: &Permissions, id: &str, out: &mut Changes) {
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
                id,
                format!("Now requires {kind} of these permissions: {}", list(l)),
            );
        }
        (_, Permissions::None) => out.op(
            Level::Minor,
            id,
            "No longer requires any permission".to_owned(),
        ),
        (Permissions::Any(a), Permissions::Any(b)) => {
            for p in a.iter().filter(|p| !b.contains(p)) {
                out.op(
                    Level::Major,
                    id,
                    format!("Permission `{p}` no longer grants access (removed from the ANY list)"),
                );
            }
            for p in b.iter().filter(|p| !a.contains(p)) {
                out.op(
                    Level::Minor,
                    id,
                    format!("Permission `{p}` now also grants access (added to the ANY list)"),
                );
            }
        }
        (Permissions::All(a), Permissions::All(b)) => {
            for p in b.iter().filter(|p| !a.contains(p)) {
                out.op(
                    Level::Major,
                    id,
                    format!("Permission `{p}` is now required (added to the ALL list)"),
                );
            }
            for p in a.iter().filter(|p| !b.contains(p)) {
                out.op(
                    Level::Minor,
                    id,
                    format!("Permission `{p}` is no longer required (removed from the ALL list)"),
                );
            }
        }
        (Permissions::Any(a), Permissions::All(b)) => {
            out.op(
                Level::Major,
                id,
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
                id,
                format!(
                    "Permissions changed from ALL of {} to ANY of {}",
                    list(a),
                    list(b)
                ),
            );
        }
    }
}

fn diff_models(old: &Api, new: &Api, out: &mut Changes) {
    let old_models: BTreeMap<&str, &Model> = old
        .models
        .iter()
        .map(|m| (m.rust_name.as_str(), m))
        .collect();
    let new_models: BTreeMap<&str, &Model> = new
        .models
        .iter()
        .map(|m| (m.rust_name.as_str(), m))
        .collect();
    for (name, o) in &old_models {
        match new_models.get(name) {
            None => out.model(Level::Major, name, "Model removed".to_owned()),
            Some(n) => compare_model(o, n, name, out),
        }
    }
    for name in new_models.keys().filter(|n| !old_models.contains_key(*n)) {
        out.model(Level::Minor, name, "Model added".to_owned());
    }
}

fn compare_model(o: &Model, n: &Model, name: &str, out: &mut Changes) {
    if o.description != n.description {
        out.model(Level::Point, name, "Description changed".to_owned());
    }
    match (&o.kind, &n.kind) {
        (ModelKind::Struct { fields: a }, ModelKind::Struct { fields: b }) => {
            let optional = |f: &crate::ir::Field| (!f.required || f.read_only, f.nullable);
            for f in a {
                let prop = &f.wire_name;
                let Some(g) = b.iter().find(|g| g.wire_name == f.wire_name) else {
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
                if optional(f) != optional(g) {
                    let now = if optional(g).0 {
                        "optional"
                    } else {
                        "required"
                    };
                    out.model(
                        Level::Major,
                        name,
                        format!("Property `{prop}` is now {now}"),
                    );
                }
                if f.description != g.description {
                    out.model(
                        Level::Point,
                        name,
                        format!("Description of property `{prop}` changed"),
                    );
                }
            }
            for g in b
                .iter()
                .filter(|g| !a.iter().any(|f| f.wire_name == g.wire_name))
            {
                let what = format!("`{}` ({})", g.wire_name, type_name(Some(&g.ty)));
                if g.required && !g.read_only {
                    out.model(
                        Level::Major,
                        name,
                        format!("Required property {what} added"),
                    );
                } else {
                    out.model(
                        Level::Minor,
                        name,
                        format!("Optional property {what} added"),
                    );
                }
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
            for v in b.difference(&a) {
                out.model(Level::Minor, name, format!("Enum value `{v}` added"));
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
        _ => out.model(
            Level::Major,
            name,
            "Changed kind (struct, enum, alias or oneOf)".to_owned(),
        ),
    }
}

fn type_name(ty: Option<&TypeRef>) -> String {
    fn name(ty: &TypeRef) -> String {
        match ty {
            TypeRef::String => "string".to_owned(),
            TypeRef::Int32 => "int32".to_owned(),
            TypeRef::Int64 => "int64".to_owned(),
            TypeRef::Float => "float".to_owned(),
            TypeRef::Double => "double".to_owned(),
            TypeRef::Bool => "boolean".to_owned(),
            TypeRef::DateTime => "date-time".to_owned(),
            TypeRef::Date => "date".to_owned(),
            TypeRef::Uri => "uri".to_owned(),
            TypeRef::Uuid => "uuid".to_owned(),
            TypeRef::Json => "any JSON".to_owned(),
            TypeRef::Array(item) => format!("array of {}", name(item)),
            TypeRef::Map(value) => format!("map of {}", name(value)),
            TypeRef::Model(m) => m.clone(),
        }
    }
    ty.map_or_else(|| "void".to_owned(), name)
}

impl Report {
    /// The highest level of any change, `None` when nothing changed.
    pub fn level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.level).min()
    }

    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// Release notes: a section per level, a group per operation or model, a bullet per change.
    /// `depth` is the heading level of the sections (1 for `#`).
    pub fn markdown(&self, depth: usize) -> String {
        let h = "#".repeat(depth);
        let mut out = String::new();
        for level in [Level::Major, Level::Minor, Level::Point] {
            let n = self.count(level);
            let plural = if n == 1 { "change" } else { "changes" };
            let _ = writeln!(out, "{h} {} Changes ({n} {plural})\n", level.title());
            let mut last: Option<(SubjectKind, &str)> = None;
            for c in self.changes.iter().filter(|c| c.level == level) {
                if last != Some((c.kind, &c.subject)) {
                    if last.is_some() {
                        out.push('\n');
                    }
                    let kind = match c.kind {
                        SubjectKind::Operation => "",
                        SubjectKind::Model => " (model)",
                    };
                    let _ = writeln!(out, "{h}# {}{kind}\n", c.subject);
                    last = Some((c.kind, &c.subject));
                }
                let _ = writeln!(out, "- {}", c.message);
            }
            if last.is_some() {
                out.push('\n');
            }
        }
        out.trim_end().to_owned() + "\n"
    }
}

/// The next version of a crate at `current` after changes of `level`, the way Cargo reads semver:
/// below 1.0.0 a breaking change bumps the minor number and anything else the patch number.
pub fn next_version(current: &str, level: Option<Level>) -> Result<String, String> {
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let parts: Vec<u64> = core
        .split('.')
        .map(|p| {
            p.parse::<u64>()
                .map_err(|_| format!("`{current}` is not a semver version"))
        })
        .collect::<Result<_, _>>()?;
    let [major, minor, patch] = parts[..] else {
        return Err(format!(
            "`{current}` is not a semver version (MAJOR.MINOR.PATCH)"
        ));
    };
    Ok(match (level, major) {
        (None, _) => current.to_owned(),
        (Some(Level::Major), 0) => format!("0.{}.0", minor + 1),
        (Some(_), 0) => format!("0.{minor}.{}", patch + 1),
        (Some(Level::Major), _) => format!("{}.0.0", major + 1),
        (Some(Level::Minor), _) => format!("{major}.{}.0", minor + 1),
        (Some(Level::Point), _) => format!("{major}.{minor}.{}", patch + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_the_cargo_way() {
        assert_eq!(next_version("1.2.3", Some(Level::Major)).unwrap(), "2.0.0");
        assert_eq!(next_version("1.2.3", Some(Level::Minor)).unwrap(), "1.3.0");
        assert_eq!(next_version("1.2.3", Some(Level::Point)).unwrap(), "1.2.4");
        assert_eq!(next_version("0.1.0", Some(Level::Major)).unwrap(), "0.2.0");
        assert_eq!(next_version("0.1.0", Some(Level::Minor)).unwrap(), "0.1.1");
        assert_eq!(next_version("0.1.0", None).unwrap(), "0.1.0");
        assert!(next_version("one", Some(Level::Major)).is_err());
    }
}
