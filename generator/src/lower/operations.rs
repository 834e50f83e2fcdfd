//! `paths` -> operations: the operation itself, its path template, permissions and flags. Its
//! parameters are lowered in [`super::params`], its body and responses in [`super::bodies`].

use std::collections::BTreeMap;

use openapiv3::{Operation as SpecOperation, Parameter, ReferenceOr};
use serde_json::Value;

use super::{Lowerer, naming};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Docs, HttpMethod, Operation, PathSegment, PathTemplate, Permissions};

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
                        "this path item's `$ref` does not point at a path item of this document (other files are not read)",
                    );
                    self.report(d);
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
                let mut lowered = lowered;
                if let Some(first) = ids.get(&lowered.id).cloned() {
                    // Numbered, so that both operations stay in the SDK.
                    let id = (2..)
                        .map(|n| format!("{}{n}", lowered.id))
                        .find(|id| !ids.contains_key(id))
                        .unwrap_or_default();
                    let d = Diagnostic::warning(
                        pointer_push(&pointer, "operationId"),
                        format!("duplicate operationId `{}`: this one is `{id}`", lowered.id),
                    )
                    .with_help(format!(
                        "it is also used at #{first}; operation ids must be unique"
                    ));
                    self.report(d);
                    if lowered.sdk_name == lowered.id {
                        rename_method(&mut lowered, &id);
                    }
                    lowered.id = id;
                }
                ids.insert(lowered.id.clone(), pointer.clone());
                if let Some(first) = methods.get(&lowered.rust_name).cloned() {
                    let name = (2..)
                        .map(|n| format!("{}{n}", lowered.sdk_name))
                        .find(|name| !methods.contains_key(&naming::snake(name)))
                        .unwrap_or_default();
                    let d = Diagnostic::warning(
                        pointer.clone(),
                        format!(
                            "two operations would both be the Rust method `{}`; this one is `{}`",
                            lowered.rust_name,
                            naming::snake(&name)
                        ),
                    )
                    .with_help(format!("the other one is at #{first}; change `x-purecloud-method-name` or `operationId`"));
                    self.report(d);
                    rename_method(&mut lowered, &name);
                }
                methods.insert(lowered.rust_name.clone(), pointer.clone());
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
                self.report(d);
                derived
            }
        };
        // The official SDKs name methods by `x-purecloud-method-name`; older documents carry
        // `x-inin-method-name` too, or alone.
        let method_name = ["x-purecloud-method-name", "x-inin-method-name"]
            .iter()
            .find_map(|key| match op.extensions.get(*key) {
                Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                _ => None,
            })
            .unwrap_or_else(|| id.clone());
        let type_name = naming::pascal(&method_name);
        let path_template = self.path_template(path, path_ptr);

        let mut params = self.lower_params(shared_params, op, pointer, &type_name);
        self.check_path_params(&path_template, &mut params, pointer);
        let params = params.into_iter().map(|(p, _)| p).collect();

        let body = match &op.request_body {
            Some(b) => self.lower_body(b, op, &pointer_push(pointer, "requestBody"), &type_name),
            None => None,
        };
        let (success, error) =
            self.lower_responses(op, &pointer_push(pointer, "responses"), &type_name);
        let error_codes = self.error_codes(op, pointer);
        // Genesys documents `not.a.user` ("requires a user context") on such operations.
        let user_context = user_context(path) || error_codes.iter().any(|e| e.code == "not.a.user");

        Some(Operation {
            rust_name: naming::snake(&method_name),
            type_name,
            sdk_name: method_name,
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
            error_codes,
            preview: self.flag(op, "x-genesys-preview", pointer),
            deprecated: op.deprecated,
            docs: Docs {
                summary: non_empty(op.summary.as_deref()),
                description: non_empty(op.description.as_deref()),
            },
            pagination: None,
            user_context,
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
            self.report(d);
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_owned()));
        }
        PathTemplate {
            template: path.to_owned(),
            segments,
        }
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
            (Some("ANY" | "ALL"), Some(list)) if list.is_empty() => {
                let d = Diagnostic::warning(
                    at,
                    "`x-inin-requires-permissions` lists no permission; the operation is documented as needing none",
                );
                self.report(d);
                Permissions::None
            }
            (Some("ANY"), Some(list)) => Permissions::Any(list),
            (Some("ALL"), Some(list)) => Permissions::All(list),
            _ => {
                let d = Diagnostic::error(
                    at,
                    "`x-inin-requires-permissions` must be `{type: ANY|ALL, permissions: [strings]}`",
                );
                self.report(d);
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
                self.report(d);
                false
            }
        }
    }
}

/// Gives an operation another method name (`sdk_name`), and the Rust names that follow from it.
fn rename_method(op: &mut Operation, name: &str) {
    op.sdk_name = name.to_owned();
    op.rust_name = naming::snake(name);
    op.type_name = naming::pascal(name);
}

pub(super) fn non_empty(s: Option<&str>) -> Option<String> {
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
