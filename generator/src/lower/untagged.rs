//! `oneOf` and `anyOf` without a discriminator -> an untagged enum, when a value's shape tells
//! the alternatives apart (as typify does): at most one alternative per JSON type (an integer
//! and a number may both be there), and objects that each require a property no other object
//! alternative has. Otherwise the value stays untyped JSON, with a warning.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::types::SchemaRef;
use super::{Lowerer, naming};
use crate::diagnostics::pointer_push;
use crate::ir::{ModelKind, Variant};

/// The JSON type of an alternative, in the order the variants are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    Object,
    Array,
    Integer,
    Number,
    String,
    Boolean,
}

impl Shape {
    fn tag(self) -> &'static str {
        match self {
            Self::Object => "object",
            Self::Array => "array",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::String => "string",
            Self::Boolean => "boolean",
        }
    }

    fn variant(self) -> &'static str {
        match self {
            Self::Object => "Object",
            Self::Array => "List",
            Self::Integer => "Integer",
            Self::Number => "Number",
            Self::String => "String",
            Self::Boolean => "Bool",
        }
    }
}

/// One alternative, understood.
pub(super) struct Alternative<'a> {
    schema: SchemaRef<'a>,
    at: String,
    shape: Shape,
    /// The component schema's name, for a `$ref`.
    component: Option<&'a str>,
    /// For an object: the properties it declares and those it requires.
    properties: Vec<&'a str>,
    required: Vec<&'a str>,
}

impl<'a> Lowerer<'a> {
    /// The alternatives of a `oneOf`/`anyOf` without a discriminator, when their shapes tell
    /// them apart (see the module).
    pub(super) fn untagged_plan(
        &mut self,
        s: &'a Schema,
        pointer: &str,
    ) -> Option<Vec<Alternative<'a>>> {
        let (key, list) = match &s.schema_kind {
            SchemaKind::OneOf { one_of } if s.schema_data.discriminator.is_none() => {
                ("oneOf", one_of)
            }
            SchemaKind::AnyOf { any_of } if s.schema_data.discriminator.is_none() => {
                ("anyOf", any_of)
            }
            _ => return None,
        };
        if list.is_empty() {
            return None;
        }
        let mut plan = Vec::with_capacity(list.len());
        for (i, alt) in list.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, key), &i.to_string());
            let (schema, component) = match alt {
                ReferenceOr::Item(schema) => (schema, None),
                ReferenceOr::Reference { reference } => {
                    let table = self.spec.components.as_ref().map(|c| &c.schemas);
                    let name = super::refs::component_name(reference, "schemas", &at).ok()?;
                    let (name, entry) = table?.get_key_value(&name)?;
                    let ReferenceOr::Item(schema) = entry else {
                        return None;
                    };
                    (schema, Some(name.as_str()))
                }
            };
            let shape = shape(schema)?;
            let (properties, required) = self.object_keys(schema);
            plan.push(Alternative {
                schema: alt.into(),
                at,
                shape,
                component,
                properties,
                required,
            });
        }
        distinguishable(&plan).then_some(plan)
    }

    /// The properties an object schema declares and requires (through one level of `allOf`).
    fn object_keys(&self, schema: &'a Schema) -> (Vec<&'a str>, Vec<&'a str>) {
        let mut properties = Vec::new();
        let mut required = Vec::new();
        let mut add = |s: &'a Schema| match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                properties.extend(o.properties.keys().map(String::as_str));
                required.extend(o.required.iter().map(String::as_str));
            }
            SchemaKind::Any(a) => {
                properties.extend(a.properties.keys().map(String::as_str));
                required.extend(a.required.iter().map(String::as_str));
            }
            _ => {}
        };
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => {
                let table = self.spec.components.as_ref().map(|c| &c.schemas);
                for part in all_of {
                    match part {
                        ReferenceOr::Item(s) => add(s),
                        ReferenceOr::Reference { reference } => {
                            let name = reference.rsplit('/').next().unwrap_or_default();
                            if let Some(ReferenceOr::Item(s)) = table.and_then(|t| t.get(name)) {
                                add(s);
                            }
                        }
                    }
                }
            }
            _ => add(schema),
        }
        (properties, required)
    }

    /// The untagged enum of a plan: a variant per alternative, objects first.
    pub(super) fn untagged_kind(
        &mut self,
        s: &'a Schema,
        mut plan: Vec<Alternative<'a>>,
        _pointer: &str,
        name: &str,
    ) -> ModelKind {
        plan.sort_by_key(|a| a.shape);
        let objects = plan.iter().filter(|a| a.shape == Shape::Object).count();
        let mut spelled = Vec::with_capacity(plan.len());
        let mut types = Vec::with_capacity(plan.len());
        let mut nth_object = 0;
        for alt in &plan {
            let variant = match (alt.component, alt.shape) {
                (Some(component), _) => self.component_rust_name(component),
                (None, Shape::Object) if objects > 1 => {
                    nth_object += 1;
                    format!("Object{nth_object}")
                }
                (None, shape) => shape.variant().to_owned(),
            };
            let ty = self.type_of(alt.schema, &alt.at, &format!("{name}{variant}"));
            spelled.push(variant);
            types.push(ty);
        }
        let refs: Vec<&str> = spelled.iter().map(String::as_str).collect();
        let (rust_names, _) = naming::distinct(&refs, str::to_owned, "");
        let variants = plan
            .iter()
            .zip(rust_names)
            .zip(types)
            .map(|((alt, rust_name), ty)| Variant {
                tag: alt.shape.tag().to_owned(),
                rust_name,
                ty,
            })
            .collect();
        ModelKind::Untagged {
            variants,
            nullable: s.schema_data.nullable,
        }
    }
}

fn shape(s: &Schema) -> Option<Shape> {
    Some(match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => Shape::String,
        SchemaKind::Type(Type::Integer(_)) => Shape::Integer,
        SchemaKind::Type(Type::Number(_)) => Shape::Number,
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::Type(Type::Array(_)) => Shape::Array,
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Shape::Object,
        SchemaKind::Any(a) if !a.properties.is_empty() || a.additional_properties.is_some() => {
            Shape::Object
        }
        _ => return None,
    })
}

/// At most one alternative per JSON type, and objects each requiring a property that no other
/// object alternative declares.
fn distinguishable(plan: &[Alternative<'_>]) -> bool {
    for shape in [
        Shape::Array,
        Shape::Integer,
        Shape::Number,
        Shape::String,
        Shape::Boolean,
    ] {
        if plan.iter().filter(|a| a.shape == shape).count() > 1 {
            return false;
        }
    }
    let objects: Vec<&Alternative<'_>> = plan.iter().filter(|a| a.shape == Shape::Object).collect();
    if objects.len() < 2 {
        return true;
    }
    objects.iter().enumerate().all(|(i, a)| {
        a.required.iter().any(|r| {
            objects
                .iter()
                .enumerate()
                .all(|(j, b)| i == j || !b.properties.contains(r))
        })
    })
}
