//! The data the Markdown templates see. This shape is the contract with user templates
//! (`--templates DIR`): fields are added, never renamed or removed, within a major version.
//!
//! Every page gets `api` ([`ApiInfo`]) and `pages` ([`Pages`]); the API page also gets `tag`
//! ([`TagPage`]), a model page `model` ([`ModelPage`]). Text is as written in the spec: templates
//! escape it for where it goes (filters `cell` for table cells, `e` for HTML).

use serde::Serialize;

use crate::emit::links;
use crate::emit::rust::has_default;
use crate::ir::{self, Api, Model, ModelKind, Operation, ParamLocation, TypeRef};

/// The API as a whole.
#[derive(Debug, Serialize)]
pub struct ApiInfo {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL: `https://api.mypurecloud.com`.
    pub base_url: Option<String>,
    /// The crate's package name: `genesys-cloud-chat`.
    pub crate_name: String,
    /// The crate's name in Rust code: `genesys_cloud_chat`.
    pub crate_ident: String,
    /// The crate's version.
    pub crate_version: String,
    /// The spec the pages come from: `spec/chat.yaml`.
    pub spec: String,
}

/// Every page, for indexes and links.
#[derive(Debug, Serialize)]
pub struct Pages {
    pub apis: Vec<TagPage>,
    /// Model pages, by name.
    pub models: Vec<ModelLink>,
    /// Operations with pagination (`.stream()`).
    pub paginated: Vec<OperationLink>,
    /// Preview operations.
    pub preview: Vec<OperationLink>,
    /// Deprecated operations.
    pub deprecated: Vec<OperationLink>,
    /// An operation for short examples: the first `GET` with no required parameter that
    /// returns a body, if any.
    pub quick_start: Option<OperationLink>,
}

#[derive(Debug, Serialize)]
pub struct ModelLink {
    pub name: String,
    /// The page's file name: `Room.md`.
    pub page: String,
    /// The label to link the page with: `[Room][models::Room]` (see [`crate::emit::links`]).
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct OperationLink {
    pub method_name: String,
    /// The API handle accessor: `chat`.
    pub module: String,
    pub page: String,
    pub anchor: String,
    /// The label to link the operation with: `ChatApi::get_chats_room`.
    pub label: String,
    /// Example values of the required arguments, when they are all strings.
    pub string_args: Option<Vec<String>>,
}

/// One API page: a spec tag and its operations.
#[derive(Debug, Serialize)]
pub struct TagPage {
    /// The spec tag: `Chat`.
    pub name: String,
    /// The handle type: `ChatApi`, also the page title.
    pub api_type: String,
    /// The Rust module and accessor: `chat` (`client.chat()`).
    pub module: String,
    /// The cargo feature of the API, in a crate of several APIs: `chat`.
    pub feature: String,
    /// The page's file name: `ChatApi.md`.
    pub page: String,
    /// The label to link the page with: `ChatApi`.
    pub label: String,
    pub description: Option<String>,
    /// Sorted by operation id, like the official pages.
    pub operations: Vec<OperationDoc>,
}

#[derive(Debug, Serialize)]
pub struct OperationDoc {
    /// `getChatsRoomMessages`
    pub id: String,
    /// The Rust method: `get_chats_room_messages`.
    pub method_name: String,
    /// The request builder type: `GetChatsRoomMessages`.
    pub builder: String,
    /// The anchor of the operation's section.
    pub anchor: String,
    /// The label to link the operation's section with: `ChatApi::get_chats_room`.
    pub label: String,
    /// `GET`
    pub http_method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub preview: bool,
    pub deprecated: bool,
    /// `ANY`, `ALL` or `NO`.
    pub permission_type: String,
    pub permissions: Vec<String>,
    /// Path, query and header parameters, then the body, in spec order.
    pub params: Vec<ParamDoc>,
    /// The success type; `None` for an empty answer.
    pub returns: Option<TypeDoc>,
    /// Whether the builder has `.stream()`.
    pub paginated: bool,
    /// Whether the example code names `models::` (and must import it).
    pub uses_models: bool,
    /// The operation acts as the signed-in user: its example signs in with a user grant.
    pub user_context: bool,
}

#[derive(Debug, Serialize)]
pub struct ParamDoc {
    /// The Rust name: `room_jid`.
    pub name: String,
    /// The name on the wire: `roomJid`.
    pub wire_name: String,
    /// `path`, `query`, `header`, `cookie` or `body`.
    pub location: String,
    pub required: bool,
    pub ty: TypeDoc,
    pub description: Option<String>,
    /// The default, as JSON text.
    pub default: Option<String>,
    pub enum_values: Vec<String>,
    /// A value for examples.
    pub example: Example,
    /// [`example`](Self::example) as Rust code, as the argument or builder value:
    /// `"roomJid_example"`, `models::CreateRoomRequest { ..Default::default() }`.
    pub example_code: String,
}

/// A type, named as Rust code names it.
#[derive(Debug, Serialize)]
pub struct TypeDoc {
    /// `String`, `Vec<Room>`, `DateTime<Utc>`.
    pub rust: String,
    /// The model it is or holds, for a link to its page.
    pub model: Option<String>,
    /// The type in bold, HTML-escaped, linked to the model's page when there is one:
    /// `[**Vec&lt;Room&gt;**][models::Room]` (see [`crate::emit::links`]). (Built here rather than by a template macro: on the
    /// whole platform, 200,000 macro calls were a third of the docs' rendering time.)
    pub link: String,
}

/// One model page.
#[derive(Debug, Serialize)]
pub struct ModelPage {
    pub name: String,
    pub page: String,
    pub description: Option<String>,
    pub deprecated: bool,
    /// `struct`, `enum`, `alias` or `one_of`.
    pub kind: String,
    /// Struct fields, in spec order.
    pub fields: Vec<FieldDoc>,
    /// Enum values, in spec order.
    pub values: Vec<EnumValueDoc>,
    /// The aliased type.
    pub alias: Option<TypeDoc>,
    /// For `one_of`: the discriminator property.
    pub discriminator: Option<String>,
    /// For `one_of`: the variants, in spec order.
    pub variants: Vec<VariantDoc>,
}

#[derive(Debug, Serialize)]
pub struct FieldDoc {
    pub name: String,
    pub wire_name: String,
    pub ty: TypeDoc,
    /// Required and not read-only: the Rust field is not an `Option`.
    pub required: bool,
    pub read_only: bool,
    pub nullable: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    /// The values of the field's enum type, if it is one.
    pub enum_values: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct EnumValueDoc {
    pub wire_name: String,
    pub rust_name: String,
}

/// An example value, as a tree a template turns into Rust code.
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
    },
    /// A struct literal: the listed fields, then `..Default::default()` when `default`.
    Struct {
        name: String,
        fields: Vec<ExampleField>,
        default: bool,
    },
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
            Self::Vec { item } => format!("vec![{}]", item.code(crate_ident, false)),
            Self::Enum { name, variant } => format!("models::{name}::{variant}"),
            Self::Variant {
                name,
                variant,
                value,
            } => format!(
                "models::{name}::{variant}(Box::new({}))",
                value.code(crate_ident, false)
            ),
            Self::Struct {
                name,
                fields,
                default,
            } => {
                let mut out = format!("models::{name} {{");
                for (i, f) in fields.iter().enumerate() {
                    let value = match &f.value {
                        None => "None".to_owned(),
                        Some(v) if f.some => format!("Some({})", v.code(crate_ident, false)),
                        Some(v) => v.code(crate_ident, false),
                    };
                    out.push_str(&format!(" {}: {value}", f.name));
                    if i + 1 < fields.len() || *default {
                        out.push(',');
                    }
                }
                if *default {
                    out.push_str(" ..Default::default()");
                }
                out.push_str(" }");
                out
            }
        }
    }
}

/// One variant of a `one_of` model.
#[derive(Debug, Serialize)]
pub struct VariantDoc {
    /// The discriminator's value: `cat`.
    pub tag: String,
    /// The Rust variant: `Cat`.
    pub rust_name: String,
    /// The model it holds.
    pub ty: TypeDoc,
}

#[derive(Debug, Serialize)]
pub struct ExampleField {
    pub name: String,
    /// `None` for an optional field written as `None`.
    pub value: Option<Example>,
    /// The field is an `Option` that must be given (`Some(value)`).
    pub some: bool,
}

/// The API with its models by name, for lookups while building pages.
pub struct Index<'a> {
    pub api: &'a Api,
    models: std::collections::HashMap<&'a str, &'a Model>,
    /// The crate's name in Rust code, for example code.
    crate_ident: String,
}

impl<'a> Index<'a> {
    pub fn new(api: &'a Api, opts: &crate::emit::EmitOptions) -> Self {
        Self {
            api,
            crate_ident: opts.identity(api).ident(),
            models: api
                .models
                .iter()
                .map(|m| (m.rust_name.as_str(), m))
                .collect(),
        }
    }

    fn model(&self, name: &str) -> Option<&'a Model> {
        self.models.get(name).copied()
    }
}

pub fn api_info(api: &Api, opts: &crate::emit::EmitOptions) -> ApiInfo {
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

pub fn pages(api: &Api, opts: &crate::emit::EmitOptions) -> Pages {
    let link = |op: &Operation| OperationLink {
        method_name: op.rust_name.clone(),
        module: api
            .tags
            .iter()
            .find(|t| t.name == op.tag)
            .map_or_else(String::new, |t| t.module.clone()),
        page: page_of_tag(api, &op.tag),
        anchor: op.rust_name.clone(),
        label: api
            .tags
            .iter()
            .find(|t| t.name == op.tag)
            .map_or_else(String::new, |t| links::operation_label(t, op)),
        string_args: op
            .params
            .iter()
            .filter(|p| p.required)
            .map(|p| (p.ty == TypeRef::String).then(|| format!("{}_example", p.rust_name)))
            .chain(op.body.iter().filter(|b| b.required).map(|_| None))
            .collect(),
    };
    let index = Index::new(api, opts);
    Pages {
        apis: api.tags.iter().map(|t| tag_page(&index, t)).collect(),
        models: api
            .models
            .iter()
            .map(|m| ModelLink {
                name: m.rust_name.clone(),
                page: model_page_name(&m.rust_name),
                label: links::model_label(&m.rust_name),
            })
            .collect(),
        paginated: api
            .operations
            .iter()
            .filter(|o| o.pagination.is_some())
            .map(link)
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
        quick_start: api
            .operations
            .iter()
            .find(|o| {
                o.http_method == ir::HttpMethod::Get
                    && o.success.ty.is_some()
                    && !o.params.iter().any(|p| p.required)
                    && !o.deprecated
            })
            .map(link),
    }
}

fn page_of_tag(api: &Api, tag: &str) -> String {
    api.tags
        .iter()
        .find(|t| t.name == tag)
        .map_or_else(String::new, |t| format!("{}.md", t.api_type))
}

pub fn model_page_name(name: &str) -> String {
    format!("{name}.md")
}

pub fn tag_page(index: &Index<'_>, tag: &ir::Tag) -> TagPage {
    let api = index.api;
    TagPage {
        name: tag.name.clone(),
        api_type: tag.api_type.clone(),
        module: tag.module.clone(),
        feature: crate::emit::feature_name(tag),
        page: format!("{}.md", tag.api_type),
        label: links::api_label(tag),
        description: tag.description.clone(),
        operations: api
            .operations
            .iter()
            .filter(|o| o.tags().any(|t| t == tag.name))
            .map(|o| operation(index, tag, o))
            .collect(),
    }
}

fn operation(api: &Index<'_>, tag: &ir::Tag, op: &Operation) -> OperationDoc {
    let (permission_type, permissions) = match &op.permissions {
        ir::Permissions::Any(l) => ("ANY", l.clone()),
        ir::Permissions::All(l) => ("ALL", l.clone()),
        ir::Permissions::None => ("NO", Vec::new()),
    };
    let mut params: Vec<ParamDoc> = op
        .params
        .iter()
        .map(|p| ParamDoc {
            name: p.rust_name.clone(),
            wire_name: p.wire_name.clone(),
            location: match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            }
            .to_owned(),
            required: p.required,
            ty: type_doc(&p.ty),
            description: p.description.clone(),
            default: p.default.as_ref().map(|d| d.to_string()),
            enum_values: p.enum_values.clone(),
            example: match p.enum_values.first() {
                Some(v) if p.ty == TypeRef::String => Example::Str { value: v.clone() },
                _ => example(api, &p.ty, &p.rust_name, 0),
            },
            example_code: String::new(),
        })
        .collect();
    if let Some(body) = &op.body {
        params.push(ParamDoc {
            name: body.rust_name.clone(),
            wire_name: body.wire_name.clone(),
            location: "body".to_owned(),
            required: body.required,
            ty: type_doc(&body.ty),
            description: body.description.clone(),
            default: None,
            enum_values: Vec::new(),
            example: example(api, &body.ty, &body.rust_name, 0),
            example_code: String::new(),
        });
    }
    for p in &mut params {
        // Arguments take `&str` for strings; the body is a value.
        p.example_code = p.example.code(&api.crate_ident, p.location != "body");
    }
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
        permission_type: permission_type.to_owned(),
        permissions,
        returns: op.success.ty.as_ref().map(type_doc),
        paginated: op.pagination.is_some(),
        uses_models: params.iter().any(|p| p.example_code.contains("models::")),
        user_context: op.user_context,
        params,
    }
}

pub fn model_page(api: &Index<'_>, m: &Model) -> ModelPage {
    let (kind, fields, values, alias) = match &m.kind {
        ModelKind::Struct { fields } => {
            let fields = fields
                .iter()
                .map(|f| FieldDoc {
                    name: f.rust_name.clone(),
                    wire_name: f.wire_name.clone(),
                    ty: type_doc(&f.ty),
                    required: f.required && !f.read_only,
                    read_only: f.read_only,
                    nullable: f.nullable,
                    deprecated: f.deprecated,
                    description: f.description.clone(),
                    enum_values: enum_values_of(api, &f.ty),
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
    };
    let (discriminator, variants) = match &m.kind {
        ModelKind::OneOf { property, variants } => (
            Some(property.clone()),
            variants
                .iter()
                .map(|v| VariantDoc {
                    tag: v.tag.clone(),
                    rust_name: v.rust_name.clone(),
                    ty: type_doc(&v.ty),
                })
                .collect(),
        ),
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

fn enum_values_of(api: &Index<'_>, ty: &TypeRef) -> Vec<String> {
    let TypeRef::Model(name) = ty else {
        return Vec::new();
    };
    match api.model(name).map(|m| &m.kind) {
        Some(ModelKind::Enum { values }) => values.iter().map(|v| v.wire_name.clone()).collect(),
        _ => Vec::new(),
    }
}

pub fn type_doc(ty: &TypeRef) -> TypeDoc {
    let rust = rust_name(ty);
    let model = ty.model().map(str::to_owned);
    let link = match &model {
        Some(m) => format!("[**{}**][{}]", html_escape(&rust), links::model_label(m)),
        None => format!("**{}**", html_escape(&rust)),
    };
    TypeDoc { rust, model, link }
}

/// What minijinja's `e` filter makes of `text`.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2f;"),
            c => out.push(c),
        }
    }
    out
}

fn rust_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String | TypeRef::Uri | TypeRef::Uuid => "String".to_owned(),
        TypeRef::Int32 => "i32".to_owned(),
        TypeRef::Int64 => "i64".to_owned(),
        TypeRef::Float => "f32".to_owned(),
        TypeRef::Double => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::DateTime => "DateTime<Utc>".to_owned(),
        TypeRef::Date => "NaiveDate".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_name(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", rust_name(value)),
        TypeRef::Model(name) => name.clone(),
    }
}

/// An example value of `ty`, named after `name`; required fields are filled in, optional ones
/// left out, down to a few levels.
fn example(api: &Index<'_>, ty: &TypeRef, name: &str, depth: usize) -> Example {
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
            item: Box::new(example(api, item, name, depth + 1)),
        },
        TypeRef::Model(model) => match api.model(model) {
            Some(m) => model_example(api, m, depth),
            None => Example::Json,
        },
    }
}

fn model_example(api: &Index<'_>, m: &Model, depth: usize) -> Example {
    match &m.kind {
        ModelKind::Enum { values } => Example::Enum {
            name: m.rust_name.clone(),
            variant: values.first().map_or_else(
                || "Unknown(String::new())".to_owned(),
                |v| v.rust_name.clone(),
            ),
        },
        ModelKind::Alias { ty } => example(api, ty, &m.module, depth + 1),
        ModelKind::OneOf { variants, .. } => match variants.first() {
            Some(v) if depth < 6 => Example::Variant {
                name: m.rust_name.clone(),
                variant: v.rust_name.clone(),
                value: Box::new(example(api, &v.ty, &m.module, depth + 1)),
            },
            _ => Example::Json,
        },
        ModelKind::Struct { fields } => {
            let optional = |f: &ir::Field| !f.required || f.read_only;
            let default = fields.iter().all(|f| optional(f) || has_default(&f.ty));
            let fields = fields
                .iter()
                .filter(|f| !(default && optional(f)))
                .map(|f| ExampleField {
                    name: f.rust_name.clone(),
                    value: (!optional(f) && depth < 6)
                        .then(|| example(api, &f.ty, &f.rust_name, depth + 1)),
                    some: !optional(f) && f.nullable,
                })
                .collect();
            Example::Struct {
                name: m.rust_name.clone(),
                fields,
                default,
            }
        }
    }
}
