//! The data the Markdown templates see. This shape is the contract with user templates
//! (`--templates DIR`): fields are added, never renamed or removed, within a major version.
//!
//! Every page gets `api` ([`ApiInfo`]) and `pages` ([`Pages`]); the API page also gets `tag`
//! ([`TagPage`]), a model page `model` ([`ModelPage`]). Text is as written in the spec: templates
//! escape it for where it goes (filters `cell` for table cells, `e` for HTML).

use serde::Serialize;

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
    /// How many error codes the spec documents (constants of `error_codes`).
    pub error_codes: usize,
    /// The notification topics (`Notifications.md`), sorted by name; empty without any.
    pub topics: Vec<TopicDoc>,
}

/// A notification topic.
#[derive(Debug, Serialize)]
pub struct TopicDoc {
    /// `v2.users.{id}.badges.chats`
    pub name: String,
    /// Its constructor in `topics`: `users_badges_chats`; none for a system topic, which the
    /// service sends on every channel.
    pub function: Option<String>,
    /// Its variant of `topics::Event`: `UsersBadgesChats`.
    pub variant: String,
    /// The Rust names of its ids, in order: `user_id`.
    pub ids: Vec<String>,
    /// The type of its events' body.
    pub payload: TypeDoc,
    pub description: Option<String>,
    /// Permissions needed to subscribe, when the spec lists them.
    pub permissions: Vec<String>,
    pub system: bool,
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
    /// The error codes it documents, in spec order.
    pub error_codes: Vec<ErrorCodeDoc>,
}

#[derive(Debug, Serialize)]
pub struct ErrorCodeDoc {
    /// `404`, or `default`.
    pub status: String,
    pub code: String,
    pub message: String,
    /// The constant of the `error_codes` module: `NOT_FOUND`.
    pub constant: String,
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

mod build;

pub use crate::surface::{Example, ExampleField};
pub use build::{Context, api_info, model_page, pages, tag_page};
