//! Example values for the reference pages' code: a value of each input's type, as a tree (which
//! templates see) and as Rust code, built by the same rules as the models (which fields a
//! struct literal must name, which are `Option`s, which structs have a `Default`).

use serde::Serialize;

use super::Surface;
use crate::ir::{ModelKind, TypeRef};

/// An example value, as a tree a template can turn into code of its own.
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Example {
    Str {
        value: String,
    },
    Number {
        value: String,
    },
    Bool {
        value: bool,
    },
    DateTime,
    Date,
    Json,
    Map,
    /// Bytes, as a `Vec<u8>` (which converts into `bytes::Bytes` and `FilePart`).
    Bytes,
    Vec {
        item: Box<Example>,
    },
    Enum {
        name: String,
        variant: String,
    },
    /// A variant of a `one_of` model holding a value: `models::Pet::Cat(Box::new(..))`.
    Variant {
        name: String,
        variant: String,
        value: Box<Example>,
        /// The variant holds its value in a `Box` (a model).
        boxed: bool,
    },
    /// A struct built by its constructor, `models::Name::new(..)`, from the fields it must
    /// carry (models are `non_exhaustive`: no struct literals outside the crate).
    Struct {
        name: String,
        fields: Vec<ExampleField>,
    },
}

#[derive(Debug, Serialize)]
pub struct ExampleField {
    pub name: String,
    /// `None` for a field written as `None` (too deep to fill in).
    pub value: Option<Example>,
    /// The field is an `Option` that must be given (`Some(value)`).
    pub some: bool,
}

impl Example {
    /// The value as Rust code; strings as `&str` when `arg`, else as `String`.
    pub fn code(&self, crate_ident: &str, arg: bool) -> String {
        match self {
            Self::Str { value } if arg => format!("\"{value}\""),
            Self::Str { value } => format!("\"{value}\".to_owned()"),
            Self::Number { value } => value.clone(),
            Self::Bool { value } => value.to_string(),
            Self::DateTime => format!("{crate_ident}::chrono::Utc::now()"),
            Self::Date => format!("{crate_ident}::chrono::NaiveDate::default()"),
            Self::Json => format!("{crate_ident}::serde_json::Value::Null"),
            Self::Map => "Default::default()".to_owned(),
            Self::Bytes => "b\"example\".to_vec()".to_owned(),
            Self::Vec { item } => format!("vec![{}]", item.code(crate_ident, false)),
            Self::Enum { name, variant } => format!("models::{name}::{variant}"),
            Self::Variant {
                name,
                variant,
                value,
                boxed: true,
            } => format!(
                "models::{name}::{variant}(Box::new({}))",
                value.code(crate_ident, false)
            ),
            Self::Variant {
                name,
                variant,
                value,
                boxed: false,
            } => format!(
                "models::{name}::{variant}({})",
                value.code(crate_ident, false)
            ),
            Self::Struct { name, fields } => {
                let args: Vec<String> = fields
                    .iter()
                    .map(|f| match &f.value {
                        None => "None".to_owned(),
                        Some(v) if f.some => format!("Some({})", v.code(crate_ident, false)),
                        Some(v) => v.code(crate_ident, false),
                    })
                    .collect();
                format!("models::{name}::new({})", args.join(", "))
            }
        }
    }
}

/// How deep example structs are filled in before fields are left at `None`.
const MAX_DEPTH: usize = 6;

impl Surface<'_> {
    /// An example value of `ty`, named after `name`; required fields are filled in, optional
    /// ones left out, down to a few levels.
    pub fn example(&self, ty: &TypeRef, name: &str) -> Example {
        self.example_at(ty, name, 0)
    }

    fn example_at(&self, ty: &TypeRef, name: &str, depth: usize) -> Example {
        match ty {
            TypeRef::String | TypeRef::Uri | TypeRef::Uuid => Example::Str {
                value: format!("{name}_example"),
            },
            TypeRef::Int32 | TypeRef::Int64 => Example::Number {
                value: "56".to_owned(),
            },
            TypeRef::Float | TypeRef::Double => Example::Number {
                value: "3.4".to_owned(),
            },
            TypeRef::Bool => Example::Bool { value: true },
            TypeRef::DateTime => Example::DateTime,
            TypeRef::Date => Example::Date,
            TypeRef::Json => Example::Json,
            TypeRef::Map(_) => Example::Map,
            TypeRef::Array(item) => Example::Vec {
                item: Box::new(self.example_at(item, name, depth + 1)),
            },
            TypeRef::Model(model) => self.model_example(model, depth),
            TypeRef::Binary => Example::Bytes,
        }
    }

    fn model_example(&self, name: &str, depth: usize) -> Example {
        let Some((m, surface)) = self.model(name) else {
            return Example::Json;
        };
        match &m.kind {
            ModelKind::Enum { values } => Example::Enum {
                name: m.rust_name.clone(),
                variant: values.first().map_or_else(
                    || "Unknown(String::new())".to_owned(),
                    |v| v.rust_name.clone(),
                ),
            },
            ModelKind::Alias { ty } => self.example_at(ty, &m.module, depth + 1),
            ModelKind::OneOf { variants, .. } => match variants.first() {
                Some(v) if depth < MAX_DEPTH => Example::Variant {
                    name: m.rust_name.clone(),
                    variant: v.rust_name.clone(),
                    value: Box::new(self.example_at(&v.ty, &m.module, depth + 1)),
                    boxed: true,
                },
                _ => Example::Json,
            },
            ModelKind::Untagged { variants, nullable } => match variants.first() {
                Some(v) if depth < MAX_DEPTH => Example::Variant {
                    name: m.rust_name.clone(),
                    variant: v.rust_name.clone(),
                    value: Box::new(self.example_at(&v.ty, &m.module, depth + 1)),
                    boxed: matches!(v.ty, TypeRef::Model(_)),
                },
                _ if *nullable => Example::Enum {
                    name: m.rust_name.clone(),
                    variant: "Null".to_owned(),
                },
                _ => Example::Json,
            },
            ModelKind::Struct { fields } => {
                let fields = fields
                    .iter()
                    .zip(&surface.fields)
                    .filter(|(_, s)| !s.presence.can_be_left_out())
                    .map(|(f, s)| ExampleField {
                        name: f.rust_name.clone(),
                        value: (depth < MAX_DEPTH)
                            .then(|| self.example_at(&f.ty, &f.rust_name, depth + 1)),
                        some: s.presence.is_option(),
                    })
                    .collect();
                Example::Struct {
                    name: m.rust_name.clone(),
                    fields,
                }
            }
        }
    }
}
