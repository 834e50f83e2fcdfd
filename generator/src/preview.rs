//! Merges Genesys's preview document into the public one, as the official SDK build does.
//!
//! Genesys publishes preview operations in a document of their own. An operation found only
//! there is added; one found in both is kept from the public document; either way it is
//! marked `x-genesys-preview: true`. An operation of the public document that the preview
//! document no longer lists loses the mark: it has left preview. Components (schemas and the
//! rest) found only in the preview document are added; of a name in both, the public one is
//! kept, and a difference is reported.
//!
//! Both documents are OpenAPI 3.0 JSON values (a Swagger 2.0 document is converted first).

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Diagnostics, pointer_push};
use crate::ir::HttpMethod;

/// The extension that marks a preview operation.
pub const PREVIEW: &str = "x-genesys-preview";

/// What [`merge`] did.
#[derive(Debug, Default)]
pub struct Merged {
    /// Operations found only in the preview document, added.
    pub added: usize,
    /// Operations marked preview (the added ones and those found in both).
    pub marked: usize,
    /// Operations that carried the mark and lost it.
    pub unmarked: usize,
    /// Components found only in the preview document, added.
    pub components_added: usize,
    /// Components of the same name that differ (the public one is kept), as warnings whose
    /// pointers are into the preview document.
    pub conflicts: Diagnostics,
}

/// Merges `preview` into `public`.
pub fn merge(public: &mut Value, preview: &Value) -> Merged {
    let mut merged = Merged::default();
    let Some(public_obj) = public.as_object_mut() else {
        return merged;
    };
    let paths = public_obj
        .entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(paths) = paths.as_object_mut() else {
        return merged;
    };
    let preview_paths = preview.get("paths").and_then(Value::as_object);
    let in_preview = |path: &str, method: &str| {
        preview_paths
            .and_then(|p| p.get(path))
            .and_then(|item| item.get(method))
            .is_some()
    };
    // Marks (and unmarks) the public operations.
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            let (Some(_), Some(op)) = (HttpMethod::from_key(method), op.as_object_mut()) else {
                continue;
            };
            if in_preview(path, method) {
                op.insert(PREVIEW.to_owned(), Value::Bool(true));
                merged.marked += 1;
            } else if op.remove(PREVIEW).is_some() {
                merged.unmarked += 1;
            }
        }
    }
    // Adds the operations (and path items) only the preview document has.
    for (path, item) in preview_paths.into_iter().flatten() {
        let Some(item) = item.as_object() else {
            continue;
        };
        let target = paths
            .entry(path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(target) = target.as_object_mut() else {
            continue;
        };
        for (key, value) in item {
            if target.contains_key(key) {
                continue;
            }
            let mut value = value.clone();
            if HttpMethod::from_key(key).is_some() {
                if let Some(op) = value.as_object_mut() {
                    op.insert(PREVIEW.to_owned(), Value::Bool(true));
                    merged.added += 1;
                    merged.marked += 1;
                }
            }
            target.insert(key.clone(), value);
        }
    }
    // Adds the components only the preview document has.
    let Some(preview_components) = preview.get("components").and_then(Value::as_object) else {
        return merged;
    };
    let components = public_obj
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return merged;
    };
    for (kind, table) in preview_components {
        let Some(table) = table.as_object() else {
            continue;
        };
        let target = components
            .entry(kind.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(target) = target.as_object_mut() else {
            continue;
        };
        for (name, value) in table {
            match target.get(name) {
                None => {
                    target.insert(name.clone(), value.clone());
                    merged.components_added += 1;
                }
                Some(existing) if existing != value => {
                    let at = pointer_push(&pointer_push("/components", kind), name);
                    merged.conflicts.push(Diagnostic::warning(
                        at,
                        format!(
                            "`{name}` differs from the public document's; the public one is kept"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn preview_only_both_and_leaving_operations() {
        let mut public = json!({
            "openapi": "3.0.3",
            "paths": {
                "/rooms": {"get": {"operationId": "getRooms"},
                           "post": {"operationId": "postRooms", "x-genesys-preview": true}},
                "/settings": {"get": {"operationId": "getSettings"}}
            },
            "components": {"schemas": {"Room": {"type": "object"}}}
        });
        let preview = json!({
            "openapi": "3.0.3",
            "paths": {
                "/rooms": {"get": {"operationId": "getRooms", "summary": "preview wording"},
                           "delete": {"operationId": "deleteRooms"}},
                "/threads": {"get": {"operationId": "getThreads"}}
            },
            "components": {"schemas": {
                "Room": {"type": "object", "description": "preview wording"},
                "Thread": {"type": "object"}
            }}
        });
        let merged = merge(&mut public, &preview);
        assert_eq!(
            (
                merged.added,
                merged.marked,
                merged.unmarked,
                merged.components_added
            ),
            (2, 3, 1, 1)
        );
        let op = |path: &str, method: &str| public["paths"][path][method].clone();
        // In both: the public operation, marked.
        assert_eq!(
            op("/rooms", "get"),
            json!({"operationId": "getRooms", "x-genesys-preview": true})
        );
        // Only in preview: added, marked.
        assert_eq!(op("/rooms", "delete")["x-genesys-preview"], true);
        assert_eq!(op("/threads", "get")["x-genesys-preview"], true);
        // Left the preview document: no longer preview.
        assert_eq!(op("/rooms", "post"), json!({"operationId": "postRooms"}));
        assert_eq!(
            op("/settings", "get"),
            json!({"operationId": "getSettings"})
        );
        assert_eq!(
            public["components"]["schemas"]["Thread"],
            json!({"type": "object"})
        );
        assert_eq!(
            public["components"]["schemas"]["Room"],
            json!({"type": "object"})
        );
        let conflicts: Vec<&str> = merged
            .conflicts
            .iter()
            .map(|d| d.pointer.as_str())
            .collect();
        assert_eq!(conflicts, ["/components/schemas/Room"]);
    }
}
