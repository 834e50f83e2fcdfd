//! The intermediate representation: what the spec says, in the generator's own terms.
//!
//! Plain data. It holds no token streams, no text pre-rendered for one output, and nothing that
//! points back into the spec; every emitter reads only this. Where the spec gives a name, both the
//! wire name (as sent over HTTP) and the Rust name are kept.

use serde::Serialize;

/// The whole API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Base URLs from `servers`, in spec order.
    pub servers: Vec<String>,
    pub tags: Vec<Tag>,
    /// Sorted by operation id.
    pub operations: Vec<Operation>,
    /// Sorted by Rust name.
    pub models: Vec<Model>,
    /// Operations of the spec that are not in the SDK, by pointer (each has a diagnostic
    /// saying why).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub left_out: Vec<String>,
    /// Notification topics (`x-genesys-notifications`), sorted by topic.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Topic>,
}

impl Api {
    /// The model of this Rust name (`models` is sorted by it).
    pub fn model(&self, rust_name: &str) -> Option<&Model> {
        self.models
            .binary_search_by(|m| m.rust_name.as_str().cmp(rust_name))
            .ok()
            .map(|i| &self.models[i])
    }

    /// The operation with this id (`operations` is sorted by it).
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations
            .binary_search_by(|o| o.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.operations[i])
    }

    /// The tag of this name, as the spec writes it.
    pub fn tag(&self, name: &str) -> Option<&Tag> {
        self.tags.iter().find(|t| t.name == name)
    }
}

/// A notification topic: events the service pushes on a notification channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// As the service names it, ids as placeholders: `v2.users.{id}.badges.chats`.
    pub name: String,
    /// Its segments: literal words and ids, each id named after the word before it.
    pub segments: Vec<TopicSegment>,
    /// The topic's constructor in `topics`: `users_badges_chats`.
    pub rust_name: String,
    /// Its variant of the event enum: `UsersBadgesChats`.
    pub variant: String,
    /// The type of the events' `eventBody`.
    pub payload: TypeRef,
    /// Sent by the service on every channel, not subscribed to: `v2.system.socket_closing`.
    pub system: bool,
    pub description: Option<String>,
    /// Permissions needed to subscribe, when the spec lists them.
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TopicSegment {
    Literal(String),
    /// An id, by its Rust name: `user_id`.
    Id(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tag {
    /// As in the spec: `Chat`.
    pub name: String,
    /// The Rust module: `chat`.
    pub module: String,
    /// The API handle type: `ChatApi`.
    pub api_type: String,
    pub description: Option<String>,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// `getChatsRoomMessages`
    pub id: String,
    /// The method's name in the official SDKs (`x-purecloud-method-name`), else the operation
    /// id: `getChatsRoomMessages`. The Rust method is [`Operation::rust_name`].
    pub sdk_name: String,
    /// `get_chats_room_messages`
    pub rust_name: String,
    /// `GetChatsRoomMessages`, for per-operation types (request builders).
    pub type_name: String,
    /// The first tag; operations without one go to `default`.
    pub tag: String,
    /// The other tags the spec lists the operation under, in order: its method is on those
    /// APIs too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also_in: Vec<String>,
    pub http_method: HttpMethod,
    pub path: PathTemplate,
    /// Path, query and header parameters, in spec order (path-item parameters first).
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    /// The schema of error responses (`default` or 4xx/5xx), if any.
    pub error: Option<TypeRef>,
    pub permissions: Permissions,
    /// The error codes the responses document (`x-inin-error-codes`), in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub error_codes: Vec<ErrorCode>,
    pub preview: bool,
    pub deprecated: bool,
    pub docs: Docs,
    /// Set when the operation reads a history that can be followed page by page.
    pub pagination: Option<Pagination>,
    /// The operation acts as the signed-in user: it needs a user's token (authorization code,
    /// PKCE, SAML2), not one of the client-credentials grant. Known from the path (`/me`, chat
    /// messaging) or from the error code `not.a.user` it documents.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub user_context: bool,
}

impl Operation {
    /// Every tag of the operation, the first one first.
    pub fn tags(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.tag.as_str()).chain(self.also_in.iter().map(String::as_str))
    }
}

/// A history read with date cursors: query parameters `before` and `after`, and a listing whose
/// items carry a date (see the SDK's `pagination` module for the rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pagination {
    /// Wire names of the cursor parameters.
    pub before_param: String,
    pub after_param: String,
    /// Wire name of the listing's array field (`entities`).
    pub items_field: String,
    /// The model of the items.
    pub item_type: String,
    /// Wire names of the item's date (`dateCreated`) and id fields.
    pub date_field: String,
    pub id_field: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    /// Every method, in the order OpenAPI lists them in a path item.
    pub const ALL: [HttpMethod; 8] = [
        Self::Get,
        Self::Put,
        Self::Post,
        Self::Delete,
        Self::Options,
        Self::Head,
        Self::Patch,
        Self::Trace,
    ];

    /// The method of a path item's key: `get` -> `Get`.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The path item's key of the method: `get`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Get => "get",
            Self::Put => "put",
            Self::Post => "post",
            Self::Delete => "delete",
            Self::Options => "options",
            Self::Head => "head",
            Self::Patch => "patch",
            Self::Trace => "trace",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
        }
    }
}

/// A path template split into literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTemplate {
    /// The template as written: `/api/v2/chats/rooms/{roomJid}`.
    pub template: String,
    pub segments: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathSegment {
    Literal(String),
    /// The wire name of a path parameter.
    Param(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// `roomJid`
    pub wire_name: String,
    /// `room_jid`
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub ty: TypeRef,
    pub description: Option<String>,
    /// The default value, as JSON.
    pub default: Option<serde_json::Value>,
    /// Allowed values of a string (or string array) parameter, in spec order.
    pub enum_values: Vec<String>,
    pub deprecated: bool,
    /// A string query parameter `before` or `after` that the spec describes as a date: a history
    /// cursor, which the SDK also takes as a date.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub date_cursor: bool,
    /// How the value is written, when not as its location writes values by default (`form`,
    /// exploded, in the query; `simple` in the path and headers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style: Option<Style>,
}

/// How a parameter's value is written (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Style {
    pub kind: StyleKind,
    pub explode: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum StyleKind {
    /// `a=1&a=2` exploded, `a=1,2` not; an object's properties as pairs, or `a=k,v,k2,v2`.
    Form,
    /// `a=1%202`
    SpaceDelimited,
    /// `a=1|2`
    PipeDelimited,
    /// `a[k]=v`, for objects.
    DeepObject,
    /// `1,2`, for path and header values.
    Simple,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The body parameter's name in the official SDKs (`x-codegen-request-body-name`), else `body`.
    pub wire_name: String,
    pub rust_name: String,
    pub media_type: String,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    /// How the body is written; JSON unless said.
    #[serde(skip_serializing_if = "BodyEncoding::is_json")]
    pub encoding: BodyEncoding,
    /// The fields of a form or multipart body of an object schema: each is an input of its own,
    /// in the schema's order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FormField>,
}

/// How a request body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyEncoding {
    Json,
    /// `application/x-www-form-urlencoded`
    Form,
    /// `multipart/form-data`
    Multipart,
    /// Bytes as given (`application/octet-stream`, `image/png`, ...).
    Binary,
    /// Text as given (`text/plain`, `application/xml`, ...).
    Text,
}

impl BodyEncoding {
    pub fn is_json(&self) -> bool {
        *self == Self::Json
    }
}

/// A field of a form or multipart body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormField {
    pub wire_name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    /// A file part (`format: binary`) of a multipart body.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub file: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Success {
    /// The lowest 2xx status the spec lists (`200`, `204`); `default` counts as 200.
    pub status: u16,
    /// `None` when the response has no body.
    pub ty: Option<TypeRef>,
    pub media_type: Option<String>,
}

/// An error an operation documents (`x-inin-error-codes`): the `code` an error body can carry
/// with a status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCode {
    /// The status of the response that lists it; `None` for `default` and ranges (`4XX`).
    pub status: Option<u16>,
    /// `chat.error.room.not.found`
    pub code: String,
    /// What the error means, as the spec words it (may hold `%s` placeholders).
    pub message: String,
}

/// The permissions an operation requires (`x-inin-requires-permissions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "permissions", rename_all = "UPPERCASE")]
pub enum Permissions {
    /// Any one of these is enough.
    Any(Vec<String>),
    /// All of these are needed.
    All(Vec<String>),
    /// No permission is needed (the extension is absent).
    None,
}

impl Permissions {
    /// `ANY`, `ALL` or `NO`, as the official pages say.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Any(_) => "ANY",
            Self::All(_) => "ALL",
            Self::None => "NO",
        }
    }

    /// The permissions listed (none for [`Permissions::None`]).
    pub fn list(&self) -> &[String] {
        match self {
            Self::Any(l) | Self::All(l) => l,
            Self::None => &[],
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Docs {
    pub summary: Option<String>,
    pub description: Option<String>,
}

/// A type as used by a field, parameter, body or response.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "of", rename_all = "snake_case")]
pub enum TypeRef {
    String,
    Int32,
    Int64,
    Float,
    Double,
    Bool,
    DateTime,
    Date,
    Uri,
    Uuid,
    /// Any JSON value (untyped objects, `oneOf` without a discriminator, ...).
    Json,
    Array(Box<TypeRef>),
    /// A JSON object with string keys and values of one type (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A model, by its Rust name.
    Model(String),
    /// Bytes as they are: a binary request body or response (`application/octet-stream`).
    Binary,
}

impl TypeRef {
    /// The model this type is or holds (in an array or map), if any.
    pub fn model(&self) -> Option<&str> {
        match self {
            Self::Model(name) => Some(name),
            Self::Array(inner) | Self::Map(inner) => inner.model(),
            _ => None,
        }
    }
}

/// A named type: a component schema, or an inline object or enum given a name by its position.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// The schema name in the spec (`ChatMessageResponse`), or the derived name of an inline one.
    pub name: String,
    /// `ChatMessageResponse`
    pub rust_name: String,
    /// The module file: `chat_message_response`.
    pub module: String,
    pub description: Option<String>,
    pub deprecated: bool,
    pub kind: ModelKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelKind {
    Struct {
        fields: Vec<Field>,
    },
    /// A string enum; unknown values are kept by the emitted type.
    Enum {
        values: Vec<EnumValue>,
    },
    /// Another name for a type (`type: array` at the top level, say).
    Alias {
        ty: TypeRef,
    },
    /// A `oneOf` of component schemas told apart by a `discriminator` property: one variant per
    /// value of the property. Unknown values are kept by the emitted type.
    OneOf {
        /// The discriminator property: `petType`.
        property: String,
        variants: Vec<Variant>,
    },
    /// A `oneOf` or `anyOf` without a discriminator whose alternatives a value's shape tells
    /// apart (a string, a number, objects with a required property of their own): the first
    /// variant the value fits is taken, in this order. `tag` says the alternative's JSON kind.
    Untagged {
        variants: Vec<Variant>,
        /// `null` is a value too (`nullable: true`): a unit variant `Null`.
        nullable: bool,
    },
}

/// One alternative of a [`ModelKind::OneOf`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// The discriminator's value that selects it: `cat`.
    pub tag: String,
    /// The Rust variant: `Cat`.
    pub rust_name: String,
    /// The model it holds: always a [`TypeRef::Model`].
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// `dateCreated`
    pub wire_name: String,
    /// `date_created`
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    /// Set by the server only; never required when sending.
    pub read_only: bool,
    /// `nullable: true`: the value may be an explicit `null`.
    pub nullable: bool,
    /// The field holds its model by value inside a cycle, so it must be boxed.
    pub boxed: bool,
    pub deprecated: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// `supervisorAssistance`
    pub wire_name: String,
    /// `SupervisorAssistance`
    pub rust_name: String,
}
