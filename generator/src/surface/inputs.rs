//! An operation's inputs in Rust: which are the method's arguments and which the builder's
//! setters, how each is taken and stored, and what `send` returns.
//!
//! Required parameters (and a required body) are arguments; optional ones are setters on the
//! request builder, so a parameter added upstream as optional changes no signature. Strings are
//! taken as `impl Into<String>`, date cursors as `impl Into<DateCursor>`.

use serde::Serialize;

use super::types::{Spelling, is_string, spell};
use crate::ir::{
    Api, Body, BodyEncoding, ModelKind, Operation, Param, ParamLocation, Style, StyleKind, TypeRef,
};

/// Where an input goes on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Path,
    Query,
    Header,
    /// Not sent by this SDK (the lowering warned).
    Cookie,
    /// The whole body.
    Body,
    /// A field of a form or multipart body.
    FormField,
    /// A file part of a multipart body.
    FilePart,
}

/// How `send` writes an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "with", rename_all = "snake_case")]
pub enum Write {
    /// One value (a list: one query pair per item; a form field: pairs or parts as its value
    /// has them).
    Plain,
    /// A list as one value, its items joined with this separator (`a=1,2`, `X-Ids: 1,2`).
    Joined(char),
    /// A value written through serde in this style (objects, and what the SDK cannot tell is
    /// not one).
    Object(ObjectStyle),
    /// The whole body, as JSON.
    Json,
    /// The whole body as a form (a value whose properties are the fields).
    Form,
    /// The whole body as multipart parts (a value whose properties are the parts).
    Multipart,
    /// The whole body, text as given.
    Text,
    /// The whole body, bytes as given.
    Bytes,
}

/// How an object parameter is written (OpenAPI's `style` and `explode` for objects).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectStyle {
    /// `name[key]=value`, nested as deep as the value.
    DeepObject,
    /// `key=value` for each property.
    Form,
    /// `name=key,value,key2,value2`.
    FormJoined,
    /// `key,value,key2,value2` (path and header values).
    Simple,
    /// `key=value,key2=value2` (path and header values).
    SimpleExploded,
}

/// How a caller gives an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Passing {
    /// An argument of the API method.
    Argument,
    /// A setter of the request builder.
    Setter,
}

/// One argument or setter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// The argument, setter and builder field: `room_jid`.
    pub field: String,
    /// The name on the wire: `roomJid` (the body's name in the official SDKs, for a body).
    pub wire: String,
    pub source: Source,
    pub passing: Passing,
    /// How the builder stores it (inside an `Option` for a setter): `String`.
    pub stored: String,
    /// How the method or setter takes it: `impl Into<String>`.
    pub taken: String,
    /// From the taken value to the stored one (`room_jid.into()`); `None` when it is stored as
    /// taken.
    pub convert: Option<String>,
    /// The type as the reference pages name it: `String`, `Vec<Room>`.
    pub docs_type: String,
    /// A history cursor that also takes a date.
    pub date_cursor: bool,
    /// How `send` writes it.
    pub write: Write,
    /// The media type of a whole text or bytes body (its `Content-Type`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
}

/// What `send` gives back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Returns {
    /// A JSON body decoded as this type: `models::Room`.
    Json(String),
    /// A text body (`text/plain`, ...), as `String`; the media type to accept.
    Text(String),
    /// Any other body (`application/octet-stream`, `image/png`, ...), as bytes; the media
    /// type to accept.
    Bytes(String),
    /// No body.
    Empty,
}

impl Returns {
    /// The Rust type `send` returns: `models::Room`, `String`, `bytes::Bytes`, `()`.
    pub fn rust_type(&self) -> &str {
        match self {
            Self::Json(ty) => ty,
            Self::Text(_) => "String",
            Self::Bytes(_) => "bytes::Bytes",
            Self::Empty => "()",
        }
    }

    /// The media type to ask for, when not JSON.
    pub fn accept(&self) -> Option<&str> {
        match self {
            Self::Text(media) | Self::Bytes(media) => Some(media),
            _ => None,
        }
    }
}

/// The inputs of `op`, parameters in spec order, then the body (or its fields).
pub fn inputs(api: &Api, op: &Operation) -> Vec<Input> {
    let mut out: Vec<Input> = op.params.iter().map(|p| param_input(api, p)).collect();
    let Some(body) = &op.body else {
        return out;
    };
    if body.fields.is_empty() {
        out.push(body_input(body));
        return out;
    }
    for f in &body.fields {
        let (stored, taken, convert) = if f.file {
            match &f.ty {
                TypeRef::Array(_) => ("Vec<FilePart>".to_owned(), "Vec<FilePart>".to_owned(), None),
                _ => (
                    "FilePart".to_owned(),
                    "impl Into<FilePart>".to_owned(),
                    Some(".into()"),
                ),
            }
        } else {
            taking(&f.ty)
        };
        // A field spelled like a parameter or a member of the builder says it is the body's.
        let mut field = f.rust_name.clone();
        while out.iter().any(|i| i.field == field) || BUILDER_MEMBERS.contains(&field.as_str()) {
            field.push_str("_body");
        }
        out.push(Input {
            convert: convert.map(|c| format!("{field}{c}")),
            field,
            wire: f.wire_name.clone(),
            source: if f.file {
                Source::FilePart
            } else {
                Source::FormField
            },
            passing: if f.required {
                Passing::Argument
            } else {
                Passing::Setter
            },
            stored,
            taken,
            docs_type: if f.file {
                spell(&f.ty, Spelling::Docs).replace("Bytes", "FilePart")
            } else {
                spell(&f.ty, Spelling::Docs)
            },
            date_cursor: false,
            write: Write::Plain,
            media_type: None,
        });
    }
    out
}

/// The members every request builder has, which an input cannot be called.
const BUILDER_MEMBERS: [&str; 5] = ["client", "options", "send", "send_with_response", "stream"];

/// How a value of `ty` is stored, taken, and turned from one into the other (`.into()` after
/// the name); strings are taken as `impl Into<String>`.
fn taking(ty: &TypeRef) -> (String, String, Option<&'static str>) {
    if is_string(ty) {
        (
            "String".to_owned(),
            "impl Into<String>".to_owned(),
            Some(".into()"),
        )
    } else {
        let ty = spell(ty, Spelling::Code("models"));
        (ty.clone(), ty, None)
    }
}

fn param_input(api: &Api, p: &Param) -> Input {
    let (stored, taken, convert) = if p.date_cursor {
        (
            "DateCursor".to_owned(),
            "impl Into<DateCursor>".to_owned(),
            Some(".into()"),
        )
    } else {
        taking(&p.ty)
    };
    Input {
        field: p.rust_name.clone(),
        wire: p.wire_name.clone(),
        source: match p.location {
            ParamLocation::Path => Source::Path,
            ParamLocation::Query => Source::Query,
            ParamLocation::Header => Source::Header,
            ParamLocation::Cookie => Source::Cookie,
        },
        passing: if p.required {
            Passing::Argument
        } else {
            Passing::Setter
        },
        stored,
        taken,
        convert: convert.map(|c| format!("{}{c}", p.rust_name)),
        docs_type: spell(&p.ty, Spelling::Docs),
        date_cursor: p.date_cursor,
        write: param_write(api, p),
        media_type: None,
    }
}

/// What a parameter's type is, for writing it.
enum Shape {
    /// A string, number, boolean or date: written as it prints.
    Scalar,
    /// A list of scalars.
    List,
    /// Anything else: through serde.
    Other,
}

fn shape(api: &Api, ty: &TypeRef) -> Shape {
    let scalar = |ty: &TypeRef| match ty {
        TypeRef::Json | TypeRef::Map(_) | TypeRef::Array(_) | TypeRef::Binary => false,
        TypeRef::Model(name) => {
            matches!(
                api.model(name).map(|m| &m.kind),
                Some(ModelKind::Enum { .. })
            )
        }
        _ => true,
    };
    match ty {
        TypeRef::Array(item) if scalar(item) => Shape::List,
        ty if scalar(ty) => Shape::Scalar,
        _ => Shape::Other,
    }
}

/// How a parameter is written: by its location, its type and its style.
fn param_write(api: &Api, p: &Param) -> Write {
    let (kind, explode) = match p.style {
        Some(Style { kind, explode }) => (kind, explode),
        None if p.location == ParamLocation::Query => (StyleKind::Form, true),
        None => (StyleKind::Simple, false),
    };
    match (shape(api, &p.ty), p.location, kind) {
        (Shape::Scalar, ..) => Write::Plain,
        (Shape::List, ParamLocation::Query, StyleKind::SpaceDelimited) => Write::Joined(' '),
        (Shape::List, ParamLocation::Query, StyleKind::PipeDelimited) => Write::Joined('|'),
        (Shape::List, ParamLocation::Query, _) if explode => Write::Plain,
        (Shape::List, ..) => Write::Joined(','),
        (Shape::Other, ParamLocation::Query, StyleKind::DeepObject) => {
            Write::Object(ObjectStyle::DeepObject)
        }
        (Shape::Other, ParamLocation::Query, _) if explode => Write::Object(ObjectStyle::Form),
        (Shape::Other, ParamLocation::Query, _) => Write::Object(ObjectStyle::FormJoined),
        (Shape::Other, ..) if explode => Write::Object(ObjectStyle::SimpleExploded),
        (Shape::Other, ..) => Write::Object(ObjectStyle::Simple),
    }
}

/// The whole body as one input.
fn body_input(body: &Body) -> Input {
    let (stored, taken, convert, write) = match body.encoding {
        BodyEncoding::Text => (
            "String".to_owned(),
            "impl Into<String>".to_owned(),
            Some(".into()"),
            Write::Text,
        ),
        BodyEncoding::Binary => (
            "bytes::Bytes".to_owned(),
            "impl Into<bytes::Bytes>".to_owned(),
            Some(".into()"),
            Write::Bytes,
        ),
        encoding => {
            let ty = spell(&body.ty, Spelling::Code("models"));
            let write = match encoding {
                BodyEncoding::Form => Write::Form,
                BodyEncoding::Multipart => Write::Multipart,
                _ => Write::Json,
            };
            (ty.clone(), ty, None, write)
        }
    };
    Input {
        field: body.rust_name.clone(),
        wire: body.wire_name.clone(),
        source: Source::Body,
        passing: if body.required {
            Passing::Argument
        } else {
            Passing::Setter
        },
        stored,
        taken,
        convert: convert.map(|c| format!("{}{c}", body.rust_name)),
        docs_type: spell(&body.ty, Spelling::Docs),
        date_cursor: false,
        write,
        media_type: matches!(write, Write::Text | Write::Bytes).then(|| body.media_type.clone()),
    }
}

/// What `send` of `op` returns.
pub fn returns(op: &Operation) -> Returns {
    match (&op.success.ty, &op.success.media_type) {
        (Some(TypeRef::Binary), Some(media)) => Returns::Bytes(media.clone()),
        (Some(TypeRef::Binary), None) => Returns::Bytes("application/octet-stream".to_owned()),
        (Some(_), Some(media)) if is_text(media) => Returns::Text(media.clone()),
        (Some(ty), _) => Returns::Json(spell(ty, Spelling::Code("models"))),
        (None, _) => Returns::Empty,
    }
}

/// A media type read as text: `text/*`, XML, YAML.
fn is_text(media: &str) -> bool {
    let media = media.split(';').next().unwrap_or(media).trim();
    media.starts_with("text/")
        || media.ends_with("+xml")
        || matches!(
            media,
            "application/xml"
                | "application/x-yaml"
                | "application/yaml"
                | "application/javascript"
        )
}
