//! Models in Rust: which fields are `Option`s, which are boxed, which structs have a `Default`.

use serde::Serialize;

use super::types::{Spelling, has_default, spell};
use crate::ir::{Field, Model, ModelKind};

/// How a struct field holds its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// `T`: required, and set by the caller.
    Required,
    /// `Option<T>`, left out when `None`: not required, or read-only (set by the server, so a
    /// request never carries it).
    Optional,
    /// `Option<Option<T>>`: optional and `nullable`, so that `None` (absent) and `Some(None)`
    /// (an explicit `null`) differ.
    Nullable,
    /// `Option<T>`, always sent: required and `nullable`.
    RequiredNullable,
}

impl Presence {
    /// The presence of an IR field.
    pub fn of(field: &Field) -> Self {
        let optional = !field.required || field.read_only;
        match (optional, field.nullable) {
            (false, false) => Self::Required,
            (true, false) => Self::Optional,
            (true, true) => Self::Nullable,
            (false, true) => Self::RequiredNullable,
        }
    }

    /// Whether a caller may leave the field out of a struct literal's meaning (it is an
    /// `Option` that is not sent when `None`).
    pub fn can_be_left_out(self) -> bool {
        matches!(self, Self::Optional | Self::Nullable)
    }

    /// Whether the Rust type is an `Option` (of some depth).
    pub fn is_option(self) -> bool {
        !matches!(self, Self::Required)
    }
}

/// One struct field in Rust.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldSurface {
    pub presence: Presence,
    /// Held by a `Box` (the field is part of a cycle).
    pub boxed: bool,
    /// The field's whole type in the model's module: `Option<Vec<super::Room>>`.
    pub rust_type: String,
}

/// One model in Rust.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSurface {
    /// A struct that derives `Default` (every field it cannot leave out has a default).
    pub default: bool,
    /// The struct's fields, in spec order; empty for other kinds.
    pub fields: Vec<FieldSurface>,
}

impl ModelSurface {
    pub fn of(model: &Model) -> Self {
        match &model.kind {
            ModelKind::Struct { fields } => {
                let fields: Vec<FieldSurface> = fields.iter().map(field).collect();
                let default = model_fields(model)
                    .zip(&fields)
                    .all(|(f, s)| s.presence.is_option() || has_default(&f.ty));
                Self { default, fields }
            }
            _ => Self {
                default: false,
                fields: Vec::new(),
            },
        }
    }
}

fn model_fields(model: &Model) -> impl Iterator<Item = &Field> {
    match &model.kind {
        ModelKind::Struct { fields } => fields.iter(),
        _ => [].iter(),
    }
}

fn field(f: &Field) -> FieldSurface {
    let presence = Presence::of(f);
    let mut ty = spell(&f.ty, Spelling::Code("super"));
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    let rust_type = match presence {
        Presence::Required => ty,
        Presence::Optional | Presence::RequiredNullable => format!("Option<{ty}>"),
        Presence::Nullable => format!("Option<Option<{ty}>>"),
    };
    FieldSurface {
        presence,
        boxed: f.boxed,
        rust_type,
    }
}
