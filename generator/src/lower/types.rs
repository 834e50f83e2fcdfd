//! Schemas -> [`TypeRef`]s, giving inline objects and enums a model of their own.
//!
//! Type mapping:
//!
//! | schema | type |
//! |---|---|
//! | `string` | `String`; `date-time` -> `DateTime`, `date` -> `Date`, `uri`/`url` -> `Uri`, `uuid` -> `Uuid` |
//! | `integer` | `int64` -> `Int64`, anything else -> `Int32` |
//! | `number` | `float` -> `Float`, anything else -> `Double` |
//! | `boolean` | `Bool` |
//! | `array` | `Array(items)`; no `items` -> `Array(Json)` |
//! | `object` with `properties`, or `allOf` | a struct model |
//! | `object` with only `additionalProperties` | `Map(value)`, `true` -> `Map(Json)` |
//! | `oneOf` of `$ref`s with a `discriminator` | a one-of model: a variant per discriminator value |
//! | free-form `object`, other `oneOf`, `anyOf`, `not` | `Json` (the last three with a warning) |
//! | `string` with `enum` | an enum model |
//!
//! An inline model is named after where it sits (see [`naming::nested`]).

use std::collections::HashSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::{Lowerer, naming, refs};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{EnumValue, Field, Model, ModelKind, TypeRef};

/// A schema or a reference to one, whatever box it came in.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => Self::Ref(reference),
            ReferenceOr::Item(s) => Self::Item(s),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The type of the schema at `pointer`. An inline object or enum becomes a model named `name`.
    pub(super) fn type_of(&mut self, schema: SchemaRef<'a>, pointer: &str, name: &str) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => self.type_of_ref(reference, pointer),
            SchemaRef::Item(s) if needs_model(s) => {
                let name = self.inline_name(name, s);
                let kind = self.model_kind(s, pointer, &name);
                self.add_model(model(&name, &name, s, kind), pointer);
                TypeRef::Model(name)
            }
            SchemaRef::Item(s) if self.untagged_plan(s, pointer).is_some() => {
                let name = self.inline_name(name, s);
                let kind = self.model_kind(s, pointer, &name);
                self.add_model(model(&name, &name, s, kind), pointer);
                TypeRef::Model(name)
            }
            SchemaRef::Item(s) => self.plain_type(s, pointer, name),
        }
    }

    /// A free name for an inline model: the derived one, unless a component schema or another
    /// model has it; then with `Enum` or `Object` after it, then with a number.
    fn inline_name(&self, derived: &str, s: &Schema) -> String {
        let taken = |n: &str| self.models.contains_key(n) || self.reserved.contains(n);
        if !taken(derived) {
            return derived.to_owned();
        }
        let kind = match &s.schema_kind {
            SchemaKind::Type(Type::String(_)) => "Enum",
            _ => "Object",
        };
        super::naming::numbered(&format!("{derived}{kind}"), taken)
    }

    /// The model a `$ref` names, checked to exist.
    pub(super) fn type_of_ref(&mut self, reference: &str, pointer: &str) -> TypeRef {
        match self.schema_by_ref(reference, pointer) {
            Some((name, _)) => TypeRef::Model(self.component_rust_name(name)),
            None => TypeRef::Json,
        }
    }

    /// The component schema behind `reference`, reporting a dangling or foreign one.
    pub(super) fn schema_by_ref(
        &mut self,
        reference: &str,
        pointer: &str,
    ) -> Option<(&'a str, &'a Schema)> {
        let table = self.spec.components.as_ref().map(|c| &c.schemas);
        let found = refs::component_name(reference, "schemas", pointer)
            .ok()
            .and_then(|name| table?.get_key_value(&name));
        let Some((name, entry)) = found else {
            // Not there: let `resolve` word the error.
            let r = ReferenceOr::Reference {
                reference: reference.to_owned(),
            };
            if let Err(d) = refs::resolve(&r, pointer, "schemas", table) {
                self.report(d);
            }
            return None;
        };
        let at = pointer_push("/components/schemas", name);
        match refs::resolve(entry, &at, "schemas", table) {
            Ok((schema, _)) => Some((name.as_str(), schema)),
            Err(d) => self.report_none(d),
        }
    }

    /// A struct, enum or alias for a schema that gets a name.
    pub(super) fn model_kind(&mut self, s: &'a Schema, pointer: &str, name: &str) -> ModelKind {
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o))
                if !o.properties.is_empty() || o.additional_properties.is_none() =>
            {
                self.struct_kind(
                    o.properties.iter().map(|(k, v)| (k, v.into())),
                    &o.required,
                    pointer,
                    name,
                )
            }
            SchemaKind::Any(a) if !a.properties.is_empty() => self.struct_kind(
                a.properties.iter().map(|(k, v)| (k, v.into())),
                &a.required,
                pointer,
                name,
            ),
            SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => {
                self.enum_kind(st.enumeration.iter().flatten(), pointer)
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                self.all_of_kind(all_of, pointer, name)
            }
            SchemaKind::OneOf { one_of } if discriminated(s) => {
                match self.one_of_kind(s, one_of, pointer) {
                    Some(kind) => kind,
                    None => ModelKind::Alias { ty: TypeRef::Json },
                }
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                match self.untagged_plan(s, pointer) {
                    Some(plan) => self.untagged_kind(s, plan, pointer, name),
                    None => ModelKind::Alias {
                        ty: self.plain_type(s, pointer, name),
                    },
                }
            }
            _ => ModelKind::Alias {
                ty: self.plain_type(s, pointer, name),
            },
        }
    }

    fn struct_kind<'p>(
        &mut self,
        properties: impl Iterator<Item = (&'p String, SchemaRef<'a>)>,
        required: &[String],
        pointer: &str,
        name: &str,
    ) -> ModelKind {
        let properties: Vec<(&'p String, SchemaRef<'a>)> = properties.collect();
        let wires: Vec<&str> = properties.iter().map(|(w, _)| w.as_str()).collect();
        let names = &mut self.names;
        let (rust_names, renamed) = naming::distinct(&wires, |n| names.snake(n), "_");
        let mut fields: Vec<Field> = Vec::with_capacity(properties.len());
        for (i, ((wire, prop), rust_name)) in properties.into_iter().zip(rust_names).enumerate() {
            let at = pointer_push(&pointer_push(pointer, "properties"), wire);
            if renamed.contains(&i) {
                let d = Diagnostic::warning(
                    &at,
                    format!(
                        "property `{wire}` would be the Rust field `{}` like another one; it is `{rust_name}`",
                        self.names.snake(wire)
                    ),
                );
                self.report(d);
            }
            let inline_name = self.names.nested(name, wire);
            let ty = self.type_of(prop, &at, &inline_name);
            let data = match prop {
                SchemaRef::Item(s) => Some(&s.schema_data),
                SchemaRef::Ref(_) => None,
            };
            fields.push(Field {
                wire_name: wire.clone(),
                rust_name,
                ty,
                required: required.contains(wire),
                read_only: data.is_some_and(|d| d.read_only),
                nullable: data.is_some_and(|d| d.nullable),
                boxed: false,
                deprecated: data.is_some_and(|d| d.deprecated),
                description: data
                    .and_then(|d| super::operations::non_empty(d.description.as_deref())),
            });
        }
        ModelKind::Struct { fields }
    }

    /// `allOf`: the properties of every part, in order, merged into one struct.
    fn all_of_kind(
        &mut self,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
        name: &str,
    ) -> ModelKind {
        let mut properties: Vec<(&'a String, SchemaRef<'a>)> = Vec::new();
        let mut required: Vec<String> = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
            let schema = match part {
                ReferenceOr::Reference { reference } => match self.schema_by_ref(reference, &at) {
                    Some((_, s)) => s,
                    None => continue,
                },
                ReferenceOr::Item(s) => s,
            };
            let (props, req) = match &schema.schema_kind {
                SchemaKind::Type(Type::Object(o)) => (&o.properties, &o.required),
                SchemaKind::Any(a) => (&a.properties, &a.required),
                _ => {
                    let d = Diagnostic::warning(
                        &at,
                        "this `allOf` part is not an object schema (a `oneOf`, a string, ...): its properties are not merged into the type",
                    );
                    self.report(d);
                    continue;
                }
            };
            for (k, v) in props {
                properties.retain(|(existing, _)| *existing != k);
                properties.push((k, v.into()));
            }
            required.extend(req.iter().cloned());
        }
        self.struct_kind(properties.into_iter(), &required, pointer, name)
    }

    /// A discriminated `oneOf` (see [`discriminated`]): a variant per discriminator value, the
    /// values from `mapping`, or the schema's own name for an alternative the mapping leaves out
    /// (as OpenAPI says). Two variants that would get one Rust name are numbered, with a warning.
    fn one_of_kind(
        &mut self,
        s: &'a Schema,
        one_of: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> Option<ModelKind> {
        let discriminator = s.schema_data.discriminator.as_ref()?;
        let mut variants: Vec<crate::ir::Variant> = Vec::new();
        for (i, alternative) in one_of.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, "oneOf"), &i.to_string());
            let ReferenceOr::Reference { reference } = alternative else {
                continue;
            };
            let Some((name, _)) = self.schema_by_ref(reference, &at) else {
                continue;
            };
            let model = self.component_rust_name(name);
            let mut tags: Vec<&String> = discriminator
                .mapping
                .iter()
                .filter(|(_, target)| {
                    target.as_str() == name
                        || refs::component_name(target, "schemas", &at).ok().as_deref()
                            == Some(name)
                })
                .map(|(tag, _)| tag)
                .collect();
            let own = name.to_owned();
            if tags.is_empty() {
                tags.push(&own);
            }
            let several = tags.len() > 1;
            for tag in tags {
                let mut rust_name = if several {
                    self.names.pascal(tag)
                } else {
                    model.clone()
                };
                if rust_name == "Unknown" {
                    // `Unknown(Value)` holds the kinds the SDK does not know.
                    rust_name = "UnknownValue".to_owned();
                }
                variants.push(crate::ir::Variant {
                    tag: tag.clone(),
                    rust_name,
                    ty: TypeRef::Model(model.clone()),
                });
            }
        }
        // Two tags spelled alike (`dog`, `Dog`) get numbered variants.
        let spelled: Vec<String> = variants.iter().map(|v| v.rust_name.clone()).collect();
        let spelled: Vec<&str> = spelled.iter().map(String::as_str).collect();
        let (rust_names, renamed) = naming::distinct(&spelled, str::to_owned, "");
        for i in renamed {
            let d = Diagnostic::warning(
                pointer,
                format!(
                    "two alternatives of this `oneOf` would both be the variant `{}`; one is `{}`",
                    spelled[i], rust_names[i]
                ),
            );
            self.report(d);
        }
        for (v, rust_name) in variants.iter_mut().zip(rust_names) {
            v.rust_name = rust_name;
        }
        (!variants.is_empty()).then(|| ModelKind::OneOf {
            property: discriminator.property_name.clone(),
            variants,
        })
    }

    fn enum_kind<'s>(
        &mut self,
        values: impl Iterator<Item = &'s String>,
        pointer: &str,
    ) -> ModelKind {
        let at = |i: usize| pointer_push(&pointer_push(pointer, "enum"), &i.to_string());
        let mut wires: Vec<&str> = Vec::new();
        let mut index_of: Vec<usize> = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for (i, wire) in values.enumerate() {
            if !seen.insert(wire.as_str()) {
                let d = Diagnostic::warning(
                    at(i),
                    format!("enum value `{wire}` is listed twice; once is enough"),
                );
                self.report(d);
                continue;
            }
            wires.push(wire);
            index_of.push(i);
        }
        let names = &mut self.names;
        let (rust_names, renamed) = naming::distinct(&wires, |w| variant_name(names, w), "");
        for i in renamed {
            let d = Diagnostic::warning(
                at(index_of[i]),
                format!(
                    "enum value `{}` would be the Rust variant `{}` like another one; it is `{}`",
                    wires[i],
                    variant_name(&mut self.names, wires[i]),
                    rust_names[i]
                ),
            );
            self.report(d);
        }
        let values = wires
            .iter()
            .zip(rust_names)
            .map(|(wire, rust_name)| EnumValue {
                wire_name: (*wire).to_owned(),
                rust_name,
            })
            .collect();
        ModelKind::Enum { values }
    }

    /// A type that needs no model of its own.
    pub(super) fn plain_type(&mut self, s: &'a Schema, pointer: &str, name: &str) -> TypeRef {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => match &st.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uri" || f == "url" => TypeRef::Uri,
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => TypeRef::Int64,
                _ => TypeRef::Int32,
            },
            SchemaKind::Type(Type::Number(n)) => match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::Float,
                _ => TypeRef::Double,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let at = pointer_push(pointer, "items");
                    TypeRef::Array(Box::new(self.type_of(
                        items.into(),
                        &at,
                        &format!("{name}Item"),
                    )))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(o)) => {
                self.map_type(o.additional_properties.as_ref(), pointer, name)
            }
            SchemaKind::Any(a) if a.additional_properties.is_some() => {
                self.map_type(a.additional_properties.as_ref(), pointer, name)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let at = pointer_push(&pointer_push(pointer, "allOf"), "0");
                self.type_of((&all_of[0]).into(), &at, name)
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                let d = Diagnostic::warning(
                    pointer,
                    "the alternatives of this `oneOf`/`anyOf` cannot be told apart by a value's shape (two of one JSON type, objects without a required property of their own) and there is no `discriminator`: this value is untyped JSON",
                );
                self.report(d);
                TypeRef::Json
            }
            SchemaKind::Not { .. } => {
                let d =
                    Diagnostic::warning(pointer, "`not` is not typed: this value is untyped JSON");
                self.report(d);
                TypeRef::Json
            }
            _ => TypeRef::Json,
        }
    }

    fn map_type(
        &mut self,
        extra: Option<&'a AdditionalProperties>,
        pointer: &str,
        name: &str,
    ) -> TypeRef {
        match extra {
            Some(AdditionalProperties::Schema(s)) => {
                let at = pointer_push(pointer, "additionalProperties");
                TypeRef::Map(Box::new(self.type_of(
                    (&**s).into(),
                    &at,
                    &format!("{name}Value"),
                )))
            }
            Some(AdditionalProperties::Any(true)) => TypeRef::Map(Box::new(TypeRef::Json)),
            _ => TypeRef::Json,
        }
    }
}

/// An enum value's variant: [`naming::pascal`], but never `Unknown`, which holds the values the
/// SDK does not know (`unknown` is `UnknownValue`).
fn variant_name(names: &mut naming::Names, wire: &str) -> String {
    match names.pascal(wire) {
        name if name == "Unknown" => "UnknownValue".to_owned(),
        name => name,
    }
}

/// Whether an inline schema needs a named type.
fn needs_model(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Type(Type::String(st)) => !st.enumeration.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::Any(a) => !a.properties.is_empty(),
        SchemaKind::OneOf { .. } => discriminated(s),
        _ => false,
    }
}

/// Whether `s` is a `oneOf` whose alternatives are all `$ref`s, with a `discriminator`: such a
/// `oneOf` becomes an enum with a variant per alternative.
fn discriminated(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::OneOf { one_of } => {
            s.schema_data.discriminator.is_some()
                && !one_of.is_empty()
                && one_of
                    .iter()
                    .all(|a| matches!(a, ReferenceOr::Reference { .. }))
        }
        _ => false,
    }
}

/// A model for `schema`, named `name` in the spec and `rust_name` in Rust.
pub(super) fn model(name: &str, rust_name: &str, schema: &Schema, kind: ModelKind) -> Model {
    Model {
        name: name.to_owned(),
        rust_name: rust_name.to_owned(),
        module: naming::snake(rust_name),
        description: super::operations::non_empty(schema.schema_data.description.as_deref()),
        deprecated: schema.schema_data.deprecated,
        kind,
    }
}
