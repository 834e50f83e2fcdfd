//! Which operations read a history that can be followed page by page.
//!
//! The rule, from the shape of the Chat history operations: a `GET` with optional string `before`
//! and `after` query parameters whose success body is a listing (an `entities` array of a model) whose
//! items carry a `dateCreated` date-time. The dates are the cursors.

use std::collections::BTreeMap;

use crate::ir::{
    Field, HttpMethod, Model, ModelKind, Operation, Pagination, ParamLocation, TypeRef,
};

/// Sets `pagination` on every operation that fits the rule.
pub(super) fn detect(operations: &mut [Operation], models: &BTreeMap<String, (Model, String)>) {
    let fields = |name: &str| -> Option<&[Field]> {
        match &models.get(name)?.0.kind {
            ModelKind::Struct { fields } => Some(fields),
            _ => None,
        }
    };
    for op in operations
        .iter_mut()
        .filter(|op| op.http_method == HttpMethod::Get)
    {
        let cursor = |name: &str| {
            // Date cursors travel as strings.
            op.params.iter().any(|p| {
                p.wire_name == name
                    && p.location == ParamLocation::Query
                    && !p.required
                    && p.ty == TypeRef::String
            })
        };
        if !(cursor("before") && cursor("after")) {
            continue;
        }
        let Some(TypeRef::Model(listing)) = &op.success.ty else {
            continue;
        };
        let Some(items) =
            fields(listing).and_then(|f| f.iter().find(|f| f.wire_name == "entities"))
        else {
            continue;
        };
        let TypeRef::Array(item) = &items.ty else {
            continue;
        };
        let TypeRef::Model(item_type) = &**item else {
            continue;
        };
        let Some(item_fields) = fields(item_type) else {
            continue;
        };
        let Some(date) = item_fields
            .iter()
            .find(|f| f.wire_name == "dateCreated" && f.ty == TypeRef::DateTime)
        else {
            continue;
        };
        let id = item_fields
            .iter()
            .find(|f| f.wire_name == "id" && f.ty == TypeRef::String);
        op.pagination = Some(Pagination {
            before_param: "before".to_owned(),
            after_param: "after".to_owned(),
            items_field: items.wire_name.clone(),
            item_type: item_type.clone(),
            date_field: date.wire_name.clone(),
            id_field: id.map(|f| f.wire_name.clone()),
        });
    }
}
