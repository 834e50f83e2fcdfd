//! Two IRs -> classified changes, release notes and the semver bump. What is breaking for a
//! Rust caller is read from the two [`Surface`]s (an input's argument or setter, a field's
//! `Option`), not worked out again here.
//!
//! [`operations`] and [`models`] classify; [`notes`] writes the release notes; [`version`]
//! bumps the version.
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

mod models;
mod notes;
mod operations;
mod topics;
mod version;

use serde::Serialize;

use crate::ir::{Api, TypeRef};
use crate::surface::Surface;

pub use version::next_version;

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
    pub fn title(self) -> &'static str {
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
    /// A notification topic.
    Topic,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub level: Level,
    pub kind: SubjectKind,
    /// The operation id, model name or topic name.
    pub subject: String,
    /// How Rust code names an operation: `ChatApi::get_chats_room` (before the change).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust: Option<String>,
    pub message: String,
}

/// Every change between two versions of an API.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
}

/// Compares two APIs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let (old, new) = (Surface::of(old), Surface::of(new));
    let mut out = Changes::default();
    operations::diff_operations(&old, &new, &mut out);
    models::diff_models(&old, &new, &mut out);
    topics::diff_topics(&old, &new, &mut out);
    let mut changes = out.0;
    changes.sort_by(|a, b| (a.level, a.kind, &a.subject).cmp(&(b.level, b.kind, &b.subject)));
    Report { changes }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn op(&mut self, level: Level, subject: &str, rust: &str, message: String) {
        self.0.push(Change {
            level,
            kind: SubjectKind::Operation,
            subject: subject.to_owned(),
            rust: Some(rust.to_owned()),
            message,
        });
    }

    fn topic(&mut self, level: Level, subject: &str, message: String) {
        self.0.push(Change {
            level,
            kind: SubjectKind::Topic,
            subject: subject.to_owned(),
            rust: None,
            message,
        });
    }

    fn model(&mut self, level: Level, subject: &str, message: String) {
        self.0.push(Change {
            level,
            kind: SubjectKind::Model,
            subject: subject.to_owned(),
            rust: None,
            message,
        });
    }
}

pub(crate) fn type_name(ty: Option<&TypeRef>) -> String {
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
            TypeRef::Binary => "binary".to_owned(),
        }
    }
    ty.map_or_else(|| "void".to_owned(), name)
}
