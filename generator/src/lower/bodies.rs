//! Request bodies and responses -> [`Body`] and [`Success`], and the error schema.

use openapiv3::{
    Operation as SpecOperation, ReferenceOr, RequestBody, Response, Schema, SchemaKind, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::operations::non_empty;
use super::{Lowerer, refs};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Body, BodyEncoding, FormField, ModelKind, Success, TypeRef};

/// JSON media types, most preferred first.
const JSON_MEDIA: [&str; 2] = ["application/json", "application/scim+json"];
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

impl<'a> Lowerer<'a> {
    /// The request body, written as its media type says: JSON, a form, multipart parts, text
    /// or bytes. A form's or multipart body's properties become inputs of their own
    /// ([`Body::fields`]).
    pub(super) fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        op: &SpecOperation,
        pointer: &str,
        type_name: &str,
    ) -> Option<Body> {
        let table = self.spec.components.as_ref().map(|c| &c.request_bodies);
        let (body, at) = match refs::resolve(body, pointer, "requestBodies", table) {
            Ok(found) => found,
            Err(d) => {
                self.report(d);
                return None;
            }
        };
        let (media_type, ty) =
            self.content_type(&body.content, &at, &format!("{type_name}Body"))?;
        let encoding = encoding_of(&media_type);
        let ty = match encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => ty,
            BodyEncoding::Text => TypeRef::String,
            BodyEncoding::Binary => TypeRef::Binary,
        };
        let fields = match encoding {
            BodyEncoding::Form | BodyEncoding::Multipart => {
                let schema_at = pointer_push(
                    &pointer_push(&pointer_push(&at, "content"), &media_type),
                    "schema",
                );
                let schema = body
                    .content
                    .get(&media_type)
                    .and_then(|m| m.schema.as_ref());
                self.form_fields(&ty, schema, encoding, &schema_at)
            }
            _ => Vec::new(),
        };
        let wire_name = match op.extensions.get("x-codegen-request-body-name") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => "body".to_owned(),
        };
        Some(Body {
            rust_name: self.names.snake(&wire_name),
            wire_name,
            media_type,
            ty,
            required: body.required,
            description: non_empty(body.description.as_deref()),
            encoding,
            fields,
        })
    }

    /// The fields of a form or multipart body whose schema is an object (its model's fields);
    /// in a multipart body, a `format: binary` string (or an array of them) is a file part.
    fn form_fields(
        &mut self,
        ty: &TypeRef,
        schema: Option<&'a ReferenceOr<Schema>>,
        encoding: BodyEncoding,
        at: &str,
    ) -> Vec<FormField> {
        let Some(ModelKind::Struct { fields }) = ty
            .model()
            .filter(|_| matches!(ty, TypeRef::Model(_)))
            .and_then(|name| self.models.get(name))
            .map(|(m, _)| m.kind.clone())
        else {
            return Vec::new();
        };
        let schema = match schema {
            Some(ReferenceOr::Item(s)) => Some(s),
            Some(ReferenceOr::Reference { reference }) => {
                self.schema_by_ref(reference, at).map(|(_, s)| s)
            }
            None => None,
        };
        fields
            .into_iter()
            .map(|f| {
                let file = encoding == BodyEncoding::Multipart
                    && schema.is_some_and(|s| self.is_binary_property(s, &f.wire_name, at));
                let ty = match (&f.ty, file) {
                    (TypeRef::Array(_), true) => TypeRef::Array(Box::new(TypeRef::Binary)),
                    (_, true) => TypeRef::Binary,
                    (ty, false) => ty.clone(),
                };
                FormField {
                    wire_name: f.wire_name,
                    rust_name: f.rust_name,
                    ty,
                    required: f.required,
                    description: f.description,
                    file,
                }
            })
            .collect()
    }

    /// Whether the property `name` of an object schema is `format: binary` (or an array of
    /// such strings).
    fn is_binary_property(&mut self, schema: &'a Schema, name: &str, at: &str) -> bool {
        let properties = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => &o.properties,
            SchemaKind::Any(a) => &a.properties,
            _ => return false,
        };
        let Some(property) = properties.get(name) else {
            return false;
        };
        let property: Option<&Schema> = match property {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                self.schema_by_ref(reference, at).map(|(_, s)| s)
            }
        };
        let binary = |s: &Schema| {
            matches!(
                &s.schema_kind,
                SchemaKind::Type(Type::String(st))
                    if st.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        };
        match property {
            Some(s) if binary(s) => true,
            Some(Schema {
                schema_kind: SchemaKind::Type(Type::Array(a)),
                ..
            }) => matches!(&a.items, Some(ReferenceOr::Item(item)) if binary(item)),
            _ => false,
        }
    }

    /// The preferred media type of a `content` map and the type of its schema.
    fn content_type(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        name: &str,
    ) -> Option<(String, TypeRef)> {
        // JSON first, then a form, then multipart, then what the spec lists first.
        let (media, m) = JSON_MEDIA
            .iter()
            .chain(&[FORM, MULTIPART])
            .find_map(|j| content.get_key_value(*j))
            .or_else(|| content.iter().find(|(m, _)| is_json(m)))
            .or_else(|| content.first())?;
        let at = pointer_push(&pointer_push(pointer, "content"), media);
        let ty = match &m.schema {
            Some(s) => self.type_of(s.into(), &pointer_push(&at, "schema"), name),
            None => TypeRef::Json,
        };
        Some((media.clone(), ty))
    }

    /// The success response (the lowest 2xx) and the error schema (`default`, else the first
    /// 4xx/5xx with one).
    pub(super) fn lower_responses(
        &mut self,
        op: &'a SpecOperation,
        pointer: &str,
        type_name: &str,
    ) -> (Success, Option<TypeRef>) {
        let table = self.spec.components.as_ref().map(|c| &c.responses);
        let mut success: Option<(u16, &'a ReferenceOr<Response>, String)> = None;
        let mut errors: Vec<(&'a ReferenceOr<Response>, String)> = Vec::new();
        for (code, resp) in &op.responses.responses {
            let at = pointer_push(pointer, &code.to_string());
            let status = match code {
                StatusCode::Code(c) => *c,
                StatusCode::Range(r) => r * 100,
            };
            if (200..300).contains(&status) {
                if success.as_ref().is_none_or(|(s, ..)| status < *s) {
                    success = Some((status, resp, at));
                }
            } else if status >= 400 {
                errors.push((resp, at));
            }
        }
        if let Some(d) = &op.responses.default {
            errors.insert(0, (d, pointer_push(pointer, "default")));
        }
        let success = match success {
            Some((status, resp, at)) => {
                let (ty, media_type) = match refs::resolve(resp, &at, "responses", table) {
                    Ok((r, at)) => {
                        match self.content_type(&r.content, &at, &format!("{type_name}Response")) {
                            Some(_) if status == 204 => (None, None),
                            Some((media, ty)) => match encoding_of(&media) {
                                BodyEncoding::Json => (Some(ty), Some(media)),
                                BodyEncoding::Text => (Some(TypeRef::String), Some(media)),
                                _ => (Some(TypeRef::Binary), Some(media)),
                            },
                            None => (None, None),
                        }
                    }
                    Err(d) => {
                        self.report(d);
                        (None, None)
                    }
                };
                Success {
                    status,
                    ty,
                    media_type,
                }
            }
            None => {
                let d = Diagnostic::warning(
                    pointer,
                    "no 2xx response: the operation is treated as returning nothing",
                );
                self.report(d);
                Success {
                    status: 200,
                    ty: None,
                    media_type: None,
                }
            }
        };
        let mut error = None;
        for (resp, at) in errors {
            match refs::resolve(resp, &at, "responses", table) {
                Ok((r, at)) => {
                    if error.is_none() {
                        error = self
                            .content_type(&r.content, &at, &format!("{type_name}Error"))
                            .map(|(_, ty)| ty);
                    }
                }
                Err(d) => self.report(d),
            }
        }
        (success, error)
    }
}

/// How a body of this media type is written or read.
fn encoding_of(media: &str) -> BodyEncoding {
    let media = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    if is_json(&media) {
        BodyEncoding::Json
    } else if media == FORM {
        BodyEncoding::Form
    } else if media.starts_with("multipart/") {
        BodyEncoding::Multipart
    } else if media.starts_with("text/")
        || media.ends_with("+xml")
        || matches!(
            media.as_str(),
            "application/xml"
                | "application/x-yaml"
                | "application/yaml"
                | "application/javascript"
        )
    {
        BodyEncoding::Text
    } else {
        BodyEncoding::Binary
    }
}

/// JSON, or a JSON-based type (`application/scim+json`).
fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}
