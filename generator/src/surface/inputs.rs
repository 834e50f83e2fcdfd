//! An operation's inputs in Rust: which are the method's arguments and which the builder's
//! setters, how each is taken and stored, and what `send` returns.
//!
//! Required parameters (and a required body) are arguments; optional ones are setters on the
//! request builder, so a parameter added upstream as optional changes no signature. Strings are
//! taken as `impl Into<String>`, date cursors as `impl Into<DateCursor>`.

use serde::Serialize;

use super::types::{Spelling, is_string, spell};
use crate::ir::{Operation, ParamLocation};

/// Where an input goes on the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Path,
    Query,
    Header,
    /// Not sent by this SDK (the lowering warned).
    Cookie,
    Body,
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
}

/// What `send` gives back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "type", rename_all = "snake_case")]
pub enum Returns {
    /// A JSON body decoded as this type: `models::Room`.
    Json(String),
    /// A text body (`text/plain`, ...), as `String`; the media type to accept.
    Text(String),
    /// No body.
    Empty,
}

impl Returns {
    /// The Rust type `send` returns: `models::Room`, `String`, `()`.
    pub fn rust_type(&self) -> &str {
        match self {
            Self::Json(ty) => ty,
            Self::Text(_) => "String",
            Self::Empty => "()",
        }
    }
}

/// The inputs of `op`, parameters in spec order, then the body.
pub fn inputs(op: &Operation) -> Vec<Input> {
    let mut out: Vec<Input> = op
        .params
        .iter()
        .map(|p| {
            let (stored, taken, convert) = if p.date_cursor {
                (
                    "DateCursor".to_owned(),
                    "impl Into<DateCursor>".to_owned(),
                    Some(format!("{}.into()", p.rust_name)),
                )
            } else if is_string(&p.ty) {
                (
                    "String".to_owned(),
                    "impl Into<String>".to_owned(),
                    Some(format!("{}.into()", p.rust_name)),
                )
            } else {
                let ty = spell(&p.ty, Spelling::Code("models"));
                (ty.clone(), ty, None)
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
                convert,
                docs_type: spell(&p.ty, Spelling::Docs),
                date_cursor: p.date_cursor,
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = spell(&body.ty, Spelling::Code("models"));
        out.push(Input {
            field: body.rust_name.clone(),
            wire: body.wire_name.clone(),
            source: Source::Body,
            passing: if body.required {
                Passing::Argument
            } else {
                Passing::Setter
            },
            stored: ty.clone(),
            taken: ty,
            convert: None,
            docs_type: spell(&body.ty, Spelling::Docs),
            date_cursor: false,
        });
    }
    out
}

/// What `send` of `op` returns.
pub fn returns(op: &Operation) -> Returns {
    let text = op
        .success
        .media_type
        .as_deref()
        .filter(|m| m.starts_with("text/"));
    match (&op.success.ty, text) {
        (Some(_), Some(media)) => Returns::Text(media.to_owned()),
        (Some(ty), None) => Returns::Json(spell(ty, Spelling::Code("models"))),
        (None, _) => Returns::Empty,
    }
}
