//! History pagination resolved to Rust: the cursor fields, the listing's items, the item's date
//! and id, each with whether it is an `Option`. An operation whose pagination cannot be emitted
//! (a field or parameter is missing, or has another type) has none: no `.stream()` and no
//! mention of one in the docs.

use serde::Serialize;

use super::models::Presence;
use crate::ir::{Api, Field, Model, ModelKind, Operation, TypeRef};

/// A cursor parameter: its builder field, and whether it is stored as a `DateCursor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cursor {
    pub field: String,
    pub typed: bool,
}

/// A struct field read by the stream, and whether it is an `Option`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Access {
    pub field: String,
    pub option: bool,
}

/// The `.stream()` of a history operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// The model of one entry: `ChatMessageResponse`.
    pub item: String,
    pub before: Cursor,
    pub after: Cursor,
    /// The listing's array of entries.
    pub items: Access,
    /// The entry's date, the cursor's unit.
    pub date: Access,
    /// The entry's id, to drop repeats; `None` when entries have none.
    pub id: Option<Access>,
}

/// The history of `op`, if it has one that can be emitted.
pub fn history(api: &Api, op: &Operation) -> Option<History> {
    let p = op.pagination.as_ref()?;
    let field_of = |model: &Model, wire: &str| -> Option<Access> {
        let ModelKind::Struct { fields } = &model.kind else {
            return None;
        };
        fields.iter().find(|f| f.wire_name == wire).map(access)
    };
    let listing = match &op.success.ty {
        Some(TypeRef::Model(m)) => api.model(m)?,
        _ => return None,
    };
    let item = api.model(&p.item_type)?;
    let cursor = |wire: &str| {
        op.params
            .iter()
            .find(|x| x.wire_name == wire)
            .map(|x| Cursor {
                field: x.rust_name.clone(),
                typed: x.date_cursor,
            })
    };
    Some(History {
        item: p.item_type.clone(),
        before: cursor(&p.before_param)?,
        after: cursor(&p.after_param)?,
        items: field_of(listing, &p.items_field)?,
        date: field_of(item, &p.date_field)?,
        id: p.id_field.as_deref().and_then(|w| field_of(item, w)),
    })
}

fn access(f: &Field) -> Access {
    Access {
        field: f.rust_name.clone(),
        option: Presence::of(f).is_option(),
    }
}
