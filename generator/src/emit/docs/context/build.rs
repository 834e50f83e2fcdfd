//! The template data, built from the Rust surface: the pages describe the Rust API as the
//! [`Surface`] has it (argument or setter, `Option` or not, type names, examples, streams),
//! never by rules of their own.

use minijinja::HtmlEscape;

use super::{
    ApiInfo, EnumValueDoc, ErrorCodeDoc, FieldDoc, ModelLink, ModelPage, OperationDoc,
    OperationLink, Pages, ParamDoc, TagPage, TopicDoc, TypeDoc, VariantDoc,
};
use crate::emit::{EmitOptions, links};
use crate::ir::{self, ModelKind, Operation, TypeRef};
use crate::surface::{Passing, Source, Spelling, Surface, feature_name, spell};

/// The surface, and what every page's examples need.
pub struct Context<'s, 'a> {
    pub surface: &'s Surface<'a>,
    /// The crate's name in Rust code, for example code.
    crate_ident: String,
}

impl<'s, 'a> Context<'s, 'a> {
    pub fn new(surface: &'s Surface<'a>, opts: &EmitOptions) -> Self {
        Self {
            surface,
            crate_ident: opts.identity(surface.api).ident(),
        }
    }
}

pub fn api_info(cx: &Context<'_, '_>, opts: &EmitOptions) -> ApiInfo {
    let api = cx.surface.api;
    let identity = opts.identity(api);
    ApiInfo {
        title: api.title.clone(),
        version: api.version.clone(),
        description: api.description.clone(),
        base_url: api.servers.first().cloned(),
        crate_ident: identity.ident(),
        crate_name: identity.name,
        crate_version: identity.version,
        spec: opts.spec_name.clone(),
    }
}

pub fn pages(cx: &Context<'_, '_>) -> Pages {
    let surface = cx.surface;
    let api = surface.api;
    let link = |op: &Operation| {
        let tag = api.tag(&op.tag);
        OperationLink {
            method_name: op.rust_name.clone(),
            module: tag.map_or_else(String::new, |t| t.module.clone()),
            page: tag.map_or_else(String::new, |t| format!("{}.md", t.api_type)),
            anchor: op.rust_name.clone(),
            label: tag.map_or_else(String::new, |t| links::operation_label(t, op)),
            string_args: surface
                .operation(op)
                .arguments()
                .map(|i| {
                    (i.source != Source::Body && i.docs_type == "String")
                        .then(|| format!("{}_example", i.field))
                })
                .collect(),
        }
    };
    let ops = || api.operations.iter().zip(&surface.operations);
    Pages {
        apis: api.tags.iter().map(|t| tag_page(cx, t)).collect(),
        models: api
            .models
            .iter()
            .map(|m| ModelLink {
                name: m.rust_name.clone(),
                page: model_page_name(&m.rust_name),
                label: links::model_label(&m.rust_name),
            })
            .collect(),
        paginated: ops()
            .filter(|(_, s)| s.history.is_some())
            .map(|(o, _)| link(o))
            .collect(),
        preview: api
            .operations
            .iter()
            .filter(|o| o.preview)
            .map(link)
            .collect(),
        deprecated: api
            .operations
            .iter()
            .filter(|o| o.deprecated)
            .map(link)
            .collect(),
        quick_start: ops()
            .find(|(o, s)| {
                o.http_method == ir::HttpMethod::Get
                    && s.returns != crate::surface::Returns::Empty
                    && s.arguments().next().is_none()
                    && !o.deprecated
            })
            .map(|(o, _)| link(o)),
        error_codes: surface.error_codes.len(),
        topics: api.topics.iter().map(topic_doc).collect(),
    }
}

fn topic_doc(t: &ir::Topic) -> TopicDoc {
    TopicDoc {
        name: t.name.clone(),
        function: (!t.system).then(|| t.rust_name.clone()),
        variant: t.variant.clone(),
        ids: t
            .segments
            .iter()
            .filter_map(|s| match s {
                ir::TopicSegment::Id(id) => Some(id.clone()),
                ir::TopicSegment::Literal(_) => None,
            })
            .collect(),
        payload: type_doc(&t.payload),
        description: t.description.clone(),
        permissions: t.permissions.clone(),
        system: t.system,
    }
}

pub fn model_page_name(name: &str) -> String {
    format!("{name}.md")
}

pub fn tag_page(cx: &Context<'_, '_>, tag: &ir::Tag) -> TagPage {
    TagPage {
        name: tag.name.clone(),
        api_type: tag.api_type.clone(),
        module: tag.module.clone(),
        feature: feature_name(tag),
        page: format!("{}.md", tag.api_type),
        label: links::api_label(tag),
        description: tag.description.clone(),
        operations: cx
            .surface
            .tag_operations(tag)
            .map(|(o, _)| operation(cx, tag, o))
            .collect(),
    }
}

fn operation(cx: &Context<'_, '_>, tag: &ir::Tag, op: &Operation) -> OperationDoc {
    let s = cx.surface.operation(op);
    let params: Vec<ParamDoc> = s
        .inputs
        .iter()
        .enumerate()
        .map(|(i, input)| {
            // Parameters come first, in spec order; then the body, or its fields.
            let body = op.body.as_ref();
            let field = body.and_then(|b| b.fields.iter().find(|f| f.wire_name == input.wire));
            let (ty, description, default, enum_values) = match (op.params.get(i), input.source) {
                (Some(p), Source::Path | Source::Query | Source::Header | Source::Cookie) => (
                    &p.ty,
                    p.description.clone(),
                    p.default.as_ref().map(|d| d.to_string()),
                    p.enum_values.clone(),
                ),
                (_, Source::FormField | Source::FilePart) if field.is_some() => {
                    let f = field.expect("checked");
                    (&f.ty, f.description.clone(), None, Vec::new())
                }
                _ => {
                    let body = body.expect("an input that is not a parameter is the body");
                    (&body.ty, body.description.clone(), None, Vec::new())
                }
            };
            let example = match enum_values.first() {
                Some(v) if *ty == TypeRef::String => {
                    crate::surface::Example::Str { value: v.clone() }
                }
                _ => cx.surface.example(ty, &input.field),
            };
            // Arguments take `&str` for strings; the body is a value.
            let example_code = match input.source {
                Source::FilePart if matches!(ty, TypeRef::Array(_)) => format!(
                    "vec![{}::FilePart::new(b\"example\".to_vec()).file_name(\"example.txt\")]",
                    cx.crate_ident
                ),
                Source::FilePart => format!(
                    "{}::FilePart::new(b\"example\".to_vec()).file_name(\"example.txt\")",
                    cx.crate_ident
                ),
                _ => example.code(&cx.crate_ident, input.source != Source::Body),
            };
            ParamDoc {
                name: input.field.clone(),
                wire_name: input.wire.clone(),
                location: match input.source {
                    Source::Path => "path",
                    Source::Query => "query",
                    Source::Header => "header",
                    Source::Cookie => "cookie",
                    Source::Body => "body",
                    Source::FormField => "form field",
                    Source::FilePart => "file part",
                }
                .to_owned(),
                required: input.passing == Passing::Argument,
                ty: type_doc(ty),
                description,
                default,
                enum_values,
                example,
                example_code,
            }
        })
        .collect();
    let uses_models = params.iter().any(|p| p.example_code.contains("models::"));
    OperationDoc {
        id: op.id.clone(),
        method_name: op.rust_name.clone(),
        builder: op.type_name.clone(),
        anchor: op.rust_name.clone(),
        label: links::operation_label(tag, op),
        http_method: op.http_method.as_str().to_owned(),
        path: op.path.template.clone(),
        summary: op.docs.summary.clone(),
        description: op.docs.description.clone(),
        preview: op.preview,
        deprecated: op.deprecated,
        permission_type: op.permissions.kind().to_owned(),
        permissions: op.permissions.list().to_vec(),
        returns: op.success.ty.as_ref().map(type_doc),
        paginated: s.history.is_some(),
        uses_models,
        user_context: op.user_context,
        error_codes: op
            .error_codes
            .iter()
            .zip(&s.error_codes)
            .map(|(e, constant)| ErrorCodeDoc {
                status: e
                    .status
                    .map_or_else(|| "default".to_owned(), |s| s.to_string()),
                code: e.code.clone(),
                message: e.message.clone(),
                constant: constant.clone(),
            })
            .collect(),
        params,
    }
}

pub fn model_page(cx: &Context<'_, '_>, m: &ir::Model) -> ModelPage {
    let field_surfaces = cx
        .surface
        .model(&m.rust_name)
        .map(|(_, s)| s.fields.as_slice())
        .unwrap_or_default();
    let (kind, fields, values, alias) = match &m.kind {
        ModelKind::Struct { fields } => {
            let fields = fields
                .iter()
                .zip(field_surfaces)
                .map(|(f, s)| FieldDoc {
                    name: f.rust_name.clone(),
                    wire_name: f.wire_name.clone(),
                    ty: type_doc(&f.ty),
                    required: !s.presence.can_be_left_out(),
                    read_only: f.read_only,
                    nullable: f.nullable,
                    deprecated: f.deprecated,
                    description: f.description.clone(),
                    enum_values: enum_values_of(cx, &f.ty),
                })
                .collect();
            ("struct", fields, Vec::new(), None)
        }
        ModelKind::Enum { values } => {
            let values = values
                .iter()
                .map(|v| EnumValueDoc {
                    wire_name: v.wire_name.clone(),
                    rust_name: v.rust_name.clone(),
                })
                .collect();
            ("enum", Vec::new(), values, None)
        }
        ModelKind::Alias { ty } => ("alias", Vec::new(), Vec::new(), Some(type_doc(ty))),
        ModelKind::OneOf { .. } => ("one_of", Vec::new(), Vec::new(), None),
        ModelKind::Untagged { .. } => ("untagged", Vec::new(), Vec::new(), None),
    };
    let variant_docs = |variants: &[ir::Variant]| -> Vec<VariantDoc> {
        variants
            .iter()
            .map(|v| VariantDoc {
                tag: v.tag.clone(),
                rust_name: v.rust_name.clone(),
                ty: type_doc(&v.ty),
            })
            .collect()
    };
    let (discriminator, variants) = match &m.kind {
        ModelKind::OneOf { property, variants } => (Some(property.clone()), variant_docs(variants)),
        ModelKind::Untagged { variants, .. } => (None, variant_docs(variants)),
        _ => (None, Vec::new()),
    };
    ModelPage {
        name: m.rust_name.clone(),
        page: model_page_name(&m.rust_name),
        description: m.description.clone(),
        deprecated: m.deprecated,
        kind: kind.to_owned(),
        fields,
        values,
        alias,
        discriminator,
        variants,
    }
}

fn enum_values_of(cx: &Context<'_, '_>, ty: &TypeRef) -> Vec<String> {
    let TypeRef::Model(name) = ty else {
        return Vec::new();
    };
    match cx.surface.model(name).map(|(m, _)| &m.kind) {
        Some(ModelKind::Enum { values }) => values.iter().map(|v| v.wire_name.clone()).collect(),
        _ => Vec::new(),
    }
}

pub fn type_doc(ty: &TypeRef) -> TypeDoc {
    let rust = spell(ty, Spelling::Docs);
    let model = ty.model().map(str::to_owned);
    let link = match &model {
        Some(m) => format!("[**{}**][{}]", HtmlEscape(&rust), links::model_label(m)),
        None => format!("**{}**", HtmlEscape(&rust)),
    };
    TypeDoc { rust, model, link }
}
