//! Parameters -> [`Param`]s: names, locations, types, enum values, defaults and date cursors.

use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr, Schema, SchemaKind, Type,
};
use serde_json::Value;

use super::operations::non_empty;
use super::types::SchemaRef;
use super::{Lowerer, refs};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Param, ParamLocation, PathSegment, PathTemplate, Style, StyleKind, TypeRef};

impl<'a> Lowerer<'a> {
    /// Path-item parameters first, then the operation's; an operation parameter replaces a
    /// path-item one with the same name and location. Each comes with its pointer.
    pub(super) fn lower_params(
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
                    self.report(d);
                    continue;
                }
            };
            let Some(p) = self.lower_param(param, &at, type_name) else {
                continue;
            };
            out.retain(|(q, _)| !(q.wire_name == p.wire_name && q.location == p.location));
            let mut p = p;
            if let Some((other, _)) = out.iter().find(|(q, _)| q.rust_name == p.rust_name) {
                // `id` in the path and `id` in the query: the later one says where it goes.
                let taken = |name: &str| out.iter().any(|(q, _)| q.rust_name == name);
                let base = format!("{}_{}", p.rust_name, location_name(p.location));
                let renamed = std::iter::once(base.clone())
                    .chain((2..).map(|n| format!("{base}_{n}")))
                    .find(|n| !taken(n))
                    .unwrap_or(base);
                let d = Diagnostic::warning(
                    &at,
                    format!(
                        "parameters `{}` ({}) and `{}` ({}) would both be the Rust argument `{}`; this one is `{renamed}`",
                        other.wire_name,
                        location_name(other.location),
                        p.wire_name,
                        location_name(p.location),
                        p.rust_name
                    ),
                );
                self.report(d);
                p.rust_name = renamed;
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
            self.report(d);
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
                self.report(d);
                (TypeRef::Json, Vec::new(), None)
            }
        };
        let style = self.param_style(param, at);
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
            self.report(Diagnostic::warning(
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
            style,
        })
    }

    /// The parameter's `style` and `explode`, when they differ from its location's default.
    /// Path styles `label` and `matrix` are not written by the SDK: warned about, and written as
    /// `simple`.
    fn param_style(&mut self, param: &Parameter, at: &str) -> Option<Style> {
        let data = param.parameter_data_ref();
        let (kind, default_explode) = match param {
            Parameter::Query { style, .. } => match style {
                QueryStyle::Form => (StyleKind::Form, true),
                QueryStyle::SpaceDelimited => (StyleKind::SpaceDelimited, false),
                QueryStyle::PipeDelimited => (StyleKind::PipeDelimited, false),
                QueryStyle::DeepObject => (StyleKind::DeepObject, true),
            },
            Parameter::Path { style, .. } => {
                if !matches!(style, PathStyle::Simple) {
                    self.report(Diagnostic::warning(
                        at,
                        format!(
                            "path parameter `{}` asks for `style: {}`, which the SDK does not write; it writes `simple` (`a,b`)",
                            data.name,
                            match style {
                                PathStyle::Label => "label",
                                PathStyle::Matrix => "matrix",
                                PathStyle::Simple => "simple",
                            }
                        ),
                    ));
                }
                (StyleKind::Simple, false)
            }
            Parameter::Header { .. } | Parameter::Cookie { .. } => (StyleKind::Simple, false),
        };
        let style = Style {
            kind,
            explode: data.explode.unwrap_or(default_explode),
        };
        let default = match param {
            Parameter::Query { .. } => Style {
                kind: StyleKind::Form,
                explode: true,
            },
            _ => Style {
                kind: StyleKind::Simple,
                explode: false,
            },
        };
        (style != default).then_some(style)
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

    /// Every `{placeholder}` needs a path parameter: one the spec does not declare is taken as
    /// a required string, with a warning. A path parameter with no placeholder cannot be sent:
    /// it is left out, with a warning.
    pub(super) fn check_path_params(
        &mut self,
        path: &PathTemplate,
        params: &mut Vec<(Param, String)>,
        pointer: &str,
    ) {
        params.retain(|(p, at)| {
            let used = p.location != ParamLocation::Path
                || path
                    .segments
                    .iter()
                    .any(|s| matches!(s, PathSegment::Param(n) if *n == p.wire_name));
            if !used {
                let d = Diagnostic::warning(
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`; it is left out",
                        p.wire_name, path.template
                    ),
                )
                .with_help("remove the parameter, or add its `{placeholder}` to the path");
                self.diags.push(d);
            }
            used
        });
        for seg in &path.segments {
            let PathSegment::Param(name) = seg else {
                continue;
            };
            let declared = params
                .iter()
                .any(|(p, _)| p.location == ParamLocation::Path && &p.wire_name == name);
            if declared {
                continue;
            }
            let d = Diagnostic::warning(
                pointer,
                format!(
                    "path placeholder `{{{name}}}` is not declared as a path parameter; it is taken as a required string"
                ),
            )
            .with_help(format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to `parameters`"));
            self.report(d);
            let mut rust_name = self.names.snake(name);
            while params.iter().any(|(p, _)| p.rust_name == rust_name) {
                rust_name.push_str("_path");
            }
            params.push((
                Param {
                    wire_name: name.clone(),
                    rust_name,
                    location: ParamLocation::Path,
                    required: true,
                    ty: TypeRef::String,
                    description: None,
                    default: None,
                    enum_values: Vec::new(),
                    deprecated: false,
                    date_cursor: false,
                    style: None,
                },
                pointer.to_owned(),
            ));
        }
    }
}

fn parameter_data_name(p: &Parameter) -> &str {
    &p.parameter_data_ref().name
}

/// The fields and methods every request builder has: a parameter cannot take their names.
const BUILDER_NAMES: [&str; 5] = ["client", "options", "send", "send_with_response", "stream"];

fn location_name(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
