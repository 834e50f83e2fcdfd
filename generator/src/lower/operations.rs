//! `paths` -> operations: parameters, bodies, responses, permissions, preview.

use std::collections::BTreeMap;

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody,
    Response, Schema, SchemaKind, StatusCode, Type,
};
use serde_json::Value;

use super::types::SchemaRef;
use super::{Lowerer, naming, refs};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{
    Body, Docs, HttpMethod, Operation, Param, ParamLocation, PathSegment, PathTemplate,
    Permissions, Success, TypeRef,
};

/// JSON media types, most preferred first.
const JSON_MEDIA: [&str; 2] = ["application/json", "application/scim+json"];

impl<'a> Lowerer<'a> {
    /// Every operation, sorted by operation id.
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut ops: Vec<Operation> = Vec::new();
        // Operation ids and method names seen so far, with where.
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut methods: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &self.spec.paths.paths {
            let path_ptr = pointer_push("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    let d = Diagnostic::error(
                        pointer_push(&path_ptr, "$ref"),
                        "path items given by `$ref` are not supported",
                    );
                    self.error(d);
                    continue;
                }
            };
            for (key, op) in item.iter() {
                let Some(http_method) = HttpMethod::from_key(key) else {
                    continue;
                };
                let pointer = pointer_push(&path_ptr, key);
                let Some(lowered) = self.lower_operation(
                    path,
                    &path_ptr,
                    &item.parameters,
                    op,
                    http_method,
                    &pointer,
                ) else {
                    continue;
                };
                if let Some(first) = ids.insert(lowered.id.clone(), pointer.clone()) {
                    let d = Diagnostic::error(
                        pointer_push(&pointer, "operationId"),
                        format!("duplicate operationId `{}`", lowered.id),
                    )
                    .with_help(format!(
                        "it is also used at #{first}; operation ids must be unique"
                    ));
                    self.error(d);
                    continue;
                }
                if let Some(first) = methods.insert(lowered.rust_name.clone(), pointer.clone()) {
                    let d = Diagnostic::error(
                        pointer.clone(),
                        format!("two operations would both be the Rust method `{}`", lowered.rust_name),
                    )
                    .with_help(format!("the other one is at #{first}; change `x-purecloud-method-name` or `operationId`"));
                    self.error(d);
                    continue;
                }
                ops.push(lowered);
            }
        }
        ops.sort_by(|a, b| a.id.cmp(&b.id));
        ops
    }

    fn lower_operation(
        &mut self,
        path: &str,
        path_ptr: &str,
        shared_params: &'a [ReferenceOr<Parameter>],
        op: &'a SpecOperation,
        http_method: HttpMethod,
        pointer: &str,
    ) -> Option<Operation> {
        let id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                // Derived, so that a spec without ids still generates: `get /api/v2/x/{id}` ->
                // `getApiV2XId`.
                let derived = format!(
                    "{}{}",
                    http_method.as_str().to_lowercase(),
                    naming::pascal(path)
                );
                let d = Diagnostic::warning(
                    pointer,
                    format!("operation has no operationId; using `{derived}`"),
                );
                self.error(d);
                derived
            }
        };
        let method_name = match op.extensions.get("x-purecloud-method-name") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            _ => id.clone(),
        };
        let type_name = naming::pascal(&method_name);
        let path_template = self.path_template(path, path_ptr);

        let params = self.lower_params(shared_params, op, pointer, &type_name);
        self.check_path_params(&path_template, &params, pointer);
        let params = params.into_iter().map(|(p, _)| p).collect();

        let body = match &op.request_body {
            Some(b) => self
                .lower_body(b, op, &pointer_push(pointer, "requestBody"), &type_name)
                .ok()?,
            None => None,
        };
        let (success, error) =
            self.lower_responses(op, &pointer_push(pointer, "responses"), &type_name);

        Some(Operation {
            rust_name: naming::snake(&method_name),
            type_name,
            method_name,
            tag: op
                .tags
                .first()
                .cloned()
                .unwrap_or_else(|| "default".to_owned()),
            also_in: op
                .tags
                .iter()
                .skip(1)
                .fold(Vec::new(), |mut seen: Vec<String>, t| {
                    if Some(t) != op.tags.first() && !seen.contains(t) {
                        seen.push(t.clone());
                    }
                    seen
                }),
            http_method,
            path: path_template,
            params,
            body,
            success,
            error,
            permissions: self.permissions(op, pointer),
            preview: self.flag(op, "x-genesys-preview", pointer),
            deprecated: op.deprecated,
            docs: Docs {
                summary: non_empty(op.summary.as_deref()),
                description: non_empty(op.description.as_deref()),
            },
            pagination: None,
            user_context: user_context(path),
            id,
        })
    }

    /// `/rooms/{roomJid}/messages` -> `[Literal("/rooms/"), Param("roomJid"), Literal("/messages")]`.
    fn path_template(&mut self, path: &str, path_ptr: &str) -> PathTemplate {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_owned()));
            }
            segments.push(PathSegment::Param(rest[open + 1..close].to_owned()));
            rest = &rest[close + 1..];
        }
        if rest.contains(['{', '}']) {
            let d = Diagnostic::error(
                path_ptr,
                format!("unbalanced `{{` or `}}` in path `{path}`"),
            );
            self.error(d);
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        PathTemplate {
            template: path.to_owned(),
            segments,
        }
    }

    /// Path-item parameters first, then the operation's; an operation parameter replaces a
    /// path-item one with the same name and location. Each comes with its pointer.
    fn lower_params(
        &mut self,
        shared: &'a [ReferenceOr<Parameter>],
        op: &'a SpecOperation,
        pointer: &str,
        type_name: &str,
    ) -> Vec<(Param, String)> {
        let table = self.spec.components.as_ref().map(|c| &c.parameters);
        let mut out: Vec<(Param, String)> = Vec::new();
        let shared_ptr = pointer_push(&pointer[..pointer.rfind('/').unwrap_or(0)], "parameters");
        let own_ptr = pointer_push(pointer, "parameters");
        let all = shared
            .iter()
            .enumerate()
            .map(|(i, p)| (p, pointer_push(&shared_ptr, &i.to_string())));
        let all = all.chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, pointer_push(&own_ptr, &i.to_string()))),
        );
        for (param, at) in all {
            let (param, at) = match refs::resolve(param, &at, "parameters", table) {
                Ok(found) => found,
                Err(d) => {
                    self.error(d);
                    continue;
                }
            };
            let Some(p) = self.lower_param(param, &at, type_name) else {
                continue;
            };
            out.retain(|(q, _)| !(q.wire_name == p.wire_name && q.location == p.location));
            if let Some((other, _)) = out.iter().find(|(q, _)| q.rust_name == p.rust_name) {
                let d = Diagnostic::error(
                    &at,
                    format!(
                        "parameters `{}` and `{}` would both be the Rust argument `{}`",
                        other.wire_name, p.wire_name, p.rust_name
                    ),
                );
                self.error(d);
                continue;
            }
            out.push((p, at));
        }
        out
    }

    fn lower_param(&mut self, param: &'a Parameter, at: &str, type_name: &str) -> Option<Param> {
        let (data, location) = match param {
            Parameter::Path { parameter_data, .. } => (parameter_data, ParamLocation::Path),
            Parameter::Query { parameter_data, .. } => (parameter_data, ParamLocation::Query),
            Parameter::Header { parameter_data, .. } => (parameter_data, ParamLocation::Header),
            Parameter::Cookie { parameter_data, .. } => (parameter_data, ParamLocation::Cookie),
        };
        if location == ParamLocation::Cookie {
            let d = Diagnostic::warning(
                at,
                format!(
                    "cookie parameter `{}` is not sent by the SDK",
                    parameter_data_name(param)
                ),
            );
            self.error(d);
        }
        let schema_ptr = pointer_push(at, "schema");
        let (ty, enum_values, default) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => {
                let schema: Option<&'a Schema> = match s {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { reference } => {
                        self.schema_by_ref(reference, &schema_ptr).map(|(_, s)| s)
                    }
                };
                match schema {
                    Some(schema) => {
                        let inline_name = self.names.nested(type_name, &data.name);
                        self.param_type(schema, s.into(), &schema_ptr, &inline_name)
                    }
                    None => (TypeRef::Json, Vec::new(), None),
                }
            }
            ParameterSchemaOrContent::Content(_) => {
                let d = Diagnostic::warning(
                    at,
                    "parameters described by `content` are passed as JSON text",
                );
                self.error(d);
                (TypeRef::Json, Vec::new(), None)
            }
        };
        let description = non_empty(data.description.as_deref());
        let date_cursor = location == ParamLocation::Query
            && ty == TypeRef::String
            && matches!(data.name.as_str(), "before" | "after")
            && description.as_deref().is_some_and(|d| {
                d.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case("date"))
            });
        let mut rust_name = self.names.snake(&data.name);
        if BUILDER_NAMES.contains(&rust_name.as_str()) {
            let renamed = format!("{rust_name}_param");
            self.error(Diagnostic::warning(
                at,
                format!(
                    "parameter `{}` would be `{rust_name}`, a name the request builder uses itself; it is `{renamed}` in Rust",
                    data.name
                ),
            ));
            rust_name = renamed;
        }
        Some(Param {
            rust_name,
            wire_name: data.name.clone(),
            location,
            // Path parameters are always required, whatever the spec says.
            required: data.required || location == ParamLocation::Path,
            ty,
            description,
            default,
            enum_values,
            deprecated: data.deprecated.unwrap_or(false),
            date_cursor,
        })
    }

    /// Parameters keep string enums as strings, with the allowed values beside them: a value added
    /// upstream then needs no new SDK release.
    fn param_type(
        &mut self,
        schema: &'a Schema,
        as_ref: SchemaRef<'a>,
        at: &str,
        name: &str,
    ) -> (TypeRef, Vec<String>, Option<Value>) {
        let default = schema.schema_data.default.clone();
        let strings = |s: &Schema| match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                st.enumeration.iter().flatten().cloned().collect()
            }
            _ => Vec::new(),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => {
                (TypeRef::String, strings(schema), default)
            }
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(ReferenceOr::Item(item)) => Some(&**item),
                    _ => None,
                };
                match item {
                    Some(item) if !strings(item).is_empty() => (
                        TypeRef::Array(Box::new(TypeRef::String)),
                        strings(item),
                        default,
                    ),
                    _ => (self.type_of(as_ref, at, name), Vec::new(), default),
                }
            }
            _ => (self.type_of(as_ref, at, name), Vec::new(), default),
        }
    }

    /// Every `{placeholder}` needs a path parameter, and every path parameter a placeholder.
    fn check_path_params(
        &mut self,
        path: &PathTemplate,
        params: &[(Param, String)],
        pointer: &str,
    ) {
        for seg in &path.segments {
            let PathSegment::Param(name) = seg else {
                continue;
            };
            if !params
                .iter()
                .any(|(p, _)| p.location == ParamLocation::Path && &p.wire_name == name)
            {
                let d = Diagnostic::error(
                    pointer,
                    format!("path placeholder `{{{name}}}` is not declared as a path parameter"),
                )
                .with_help(format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to `parameters`"));
                self.error(d);
            }
        }
        for (p, at) in params
            .iter()
            .filter(|(p, _)| p.location == ParamLocation::Path)
        {
            let used = path
                .segments
                .iter()
                .any(|s| matches!(s, PathSegment::Param(n) if *n == p.wire_name));
            if !used {
                let d = Diagnostic::error(
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        p.wire_name, path.template
                    ),
                )
                .with_help("remove the parameter, or add its `{placeholder}` to the path");
                self.error(d);
            }
        }
    }

    fn lower_body(
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
                self.error(d);
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
            self.error(d);
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
    fn lower_responses(
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
                                self.error(d);
                                (None, None)
                            }
                            _ => (None, None),
                        }
                    }
                    Err(d) => {
                        self.error(d);
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
                self.error(d);
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
                Err(d) => self.error(d),
            }
        }
        (success, error)
    }

    /// `x-inin-requires-permissions: {type: ANY|ALL, permissions: [..]}`; absent means none.
    fn permissions(&mut self, op: &SpecOperation, pointer: &str) -> Permissions {
        let Some(ext) = op.extensions.get("x-inin-requires-permissions") else {
            return Permissions::None;
        };
        let at = pointer_push(pointer, "x-inin-requires-permissions");
        let kind = ext.get("type").and_then(Value::as_str);
        let list: Option<Vec<String>> = ext
            .get("permissions")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_owned)).collect());
        match (kind, list) {
            (Some("ANY"), Some(list)) => Permissions::Any(list),
            (Some("ALL"), Some(list)) => Permissions::All(list),
            _ => {
                let d = Diagnostic::error(
                    at,
                    "`x-inin-requires-permissions` must be `{type: ANY|ALL, permissions: [strings]}`",
                );
                self.error(d);
                Permissions::None
            }
        }
    }

    /// A boolean vendor extension; absent means false.
    fn flag(&mut self, op: &SpecOperation, name: &str, pointer: &str) -> bool {
        match op.extensions.get(name) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                let d = Diagnostic::error(
                    pointer_push(pointer, name),
                    format!("`{name}` must be `true` or `false`"),
                );
                self.error(d);
                false
            }
        }
    }
}

fn parameter_data_name(p: &Parameter) -> &str {
    &p.parameter_data_ref().name
}

/// JSON, or a JSON-based type (`application/scim+json`).
fn is_json(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media == "application/json" || media.ends_with("+json") || media == "*/*"
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// Whether an operation acts as the signed-in user, so that a token of the client-credentials
/// grant (which has no user) cannot make it: a path with a `me` segment
/// (`/api/v2/chats/users/me/settings`), or Genesys Cloud Chat's messaging (rooms, 1:1s, threads
/// and messages are read and written as a user; only `/api/v2/chats/settings` is the
/// organization's).
fn user_context(path: &str) -> bool {
    path.split('/').any(|segment| segment == "me")
        || (path.starts_with("/api/v2/chats/") && !path.starts_with("/api/v2/chats/settings"))
}

/// The fields and methods every request builder has: a parameter cannot take their names.
const BUILDER_NAMES: [&str; 5] = ["client", "options", "send", "send_with_response", "stream"];
