//! Request bodies and responses -> [`Body`] and [`Success`], and the error schema.

use openapiv3::{Operation as SpecOperation, ReferenceOr, RequestBody, Response, StatusCode};
use serde_json::Value;

use super::operations::non_empty;
use super::{Lowerer, refs};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Body, Success, TypeRef};

/// JSON media types, most preferred first.
const JSON_MEDIA: [&str; 2] = ["application/json", "application/scim+json"];

impl<'a> Lowerer<'a> {
    pub(super) fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        op: &SpecOperation,
        pointer: &str,
        type_name: &str,
    ) -> Result<Option<Body>, ()> {
        let table = self.spec.components.as_ref().map(|c| &c.request_bodies);
        let (body, at) = match refs::resolve(body, pointer, "requestBodies", table) {
            Ok(found) => found,
            Err(d) => {
                self.report(d);
                return Ok(None);
            }
        };
        let Some((media_type, ty)) =
            self.content_type(&body.content, &at, &format!("{type_name}Body"))
        else {
            return Ok(None);
        };
        if !is_json(&media_type) {
            let d = Diagnostic::warning(
                pointer_push(&at, "content"),
                format!(
                    "request bodies of type `{media_type}` are not supported; the operation is left out of the SDK"
                ),
            );
            self.report(d);
            return Err(());
        }
        let wire_name = match op.extensions.get("x-codegen-request-body-name") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => "body".to_owned(),
        };
        Ok(Some(Body {
            rust_name: self.names.snake(&wire_name),
            wire_name,
            media_type,
            ty,
            required: body.required,
            description: non_empty(body.description.as_deref()),
        }))
    }

    /// The preferred media type of a `content` map and the type of its schema.
    fn content_type(
        &mut self,
        content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
        pointer: &str,
        name: &str,
    ) -> Option<(String, TypeRef)> {
        let (media, m) = JSON_MEDIA
            .iter()
            .find_map(|j| content.get_key_value(*j))
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
                            Some((media, ty)) if status != 204 && is_json(&media) => {
                                (Some(ty), Some(media))
                            }
                            Some((media, _)) if status != 204 && media.starts_with("text/") => {
                                (Some(TypeRef::String), Some(media))
                            }
                            Some((media, _)) if status != 204 => {
                                let d = Diagnostic::warning(
                                    pointer_push(&at, "content"),
                                    format!(
                                        "responses of type `{media}` are not read; the method returns nothing"
                                    ),
                                );
                                self.report(d);
                                (None, None)
                            }
                            _ => (None, None),
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

/// JSON, or a JSON-based type (`application/scim+json`).
fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}
