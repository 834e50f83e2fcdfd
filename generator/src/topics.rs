//! Notification topics brought into a spec from Genesys's `notificationMappings.json` (the map
//! of every topic to the schema of its events' `eventBody`), as `x-genesys-notifications`:
//! the topics whose names match the patterns asked for, and the system topics the service
//! sends on every channel. [`crate::slice`] then keeps the schemas they reach.

use serde_json::{Value, json};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The extension at the document's root that carries the topics (read by `lower`).
pub const EXTENSION: &str = "x-genesys-notifications";

/// The topics the service sends on every channel, added whenever any topic is.
pub const SYSTEM: &[&str] = &[
    "v2.system.socket_closing",
    "v2.system.no_longer_subscribed.{id}",
    "v2.system.token_revoked.{id}",
    "v2.subscription.updated",
];

/// What [`add_topics`] did.
#[derive(Debug)]
pub struct Added {
    /// Topics written, system topics included.
    pub topics: usize,
    /// The patterns, each with how many topics it matched.
    pub matched: Vec<(String, usize)>,
}

/// Writes into `doc`'s `x-genesys-notifications` the topics of `mappings` whose names match
/// one of `patterns` (`*` is any text, dots included: `v2.users.*.badges.chats`), and the
/// system topics; each topic's schema is `#/components/schemas/<class>`, which must exist in
/// `doc`. A pattern that matches nothing is an error: it is a typo or a topic Genesys removed.
pub fn add_topics(
    doc: &mut Value,
    mappings: &Value,
    patterns: &[String],
) -> Result<Added, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(list) = mappings.get("notifications").and_then(Value::as_array) else {
        diags.push(Diagnostic::error(
            "/notifications",
            "not a notification mapping: no `notifications` list of `{topic, class}`",
        ));
        return Err(diags);
    };
    let mut globs = Vec::new();
    for p in patterns {
        match glob::Pattern::new(p) {
            Ok(g) => globs.push((p.clone(), g, 0)),
            Err(e) => diags.push(Diagnostic::error("", format!("topic pattern `{p}`: {e}"))),
        }
    }
    let schemas = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let mut topics: Vec<Value> = Vec::new();
    for (i, entry) in list.iter().enumerate() {
        let at = format!("/notifications/{i}");
        let (Some(topic), Some(class)) = (
            entry.get("topic").and_then(Value::as_str),
            entry.get("class").and_then(Value::as_str),
        ) else {
            diags.push(Diagnostic::error(
                at,
                "a mapping needs a `topic` and a `class`",
            ));
            continue;
        };
        let mut wanted = SYSTEM.contains(&topic);
        for (_, g, n) in &mut globs {
            if g.matches(topic) {
                *n += 1;
                wanted = true;
            }
        }
        if !wanted {
            continue;
        }
        if !schemas.is_some_and(|s| s.contains_key(class)) {
            diags.push(Diagnostic::error(
                at,
                format!(
                    "topic `{topic}`: its schema `{class}` is not in the document's components"
                ),
            ));
            continue;
        }
        topics.push(json!({
            "topic": topic,
            "schema": { "$ref": format!("#/components/schemas/{class}") },
        }));
    }
    for (p, _, n) in &globs {
        if *n == 0 {
            diags.push(Diagnostic::error(
                "/notifications",
                format!("topic pattern `{p}` matches no topic"),
            ));
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    topics.sort_by(|a, b| a["topic"].as_str().cmp(&b["topic"].as_str()));
    let count = topics.len();
    if let Some(root) = doc.as_object_mut() {
        root.insert(EXTENSION.to_owned(), json!({ "topics": topics }));
    }
    Ok(Added {
        topics: count,
        matched: globs.into_iter().map(|(p, _, n)| (p, n)).collect(),
    })
}

/// The topic names of a spec's `x-genesys-notifications`, to import the same topics again.
pub fn topic_names(doc: &Value) -> Vec<String> {
    doc.get(EXTENSION)
        .and_then(|e| e.get("topics"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("topic").and_then(Value::as_str))
        .filter(|t| !SYSTEM.contains(t))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({"components": {"schemas": {"Badge": {}, "Msg": {}, "Sys": {}, "Upd": {}}}})
    }

    fn mappings() -> Value {
        json!({"notifications": [
            {"topic": "v2.users.{id}.badges.chats", "class": "Badge"},
            {"topic": "v2.detail.events.collaboratechat.group.{id}.messages", "class": "Msg"},
            {"topic": "v2.routing.queues.{id}.users", "class": "Other"},
            {"topic": "v2.system.socket_closing", "class": "Sys"},
            {"topic": "v2.system.no_longer_subscribed.{id}", "class": "Sys"},
            {"topic": "v2.system.token_revoked.{id}", "class": "Sys"},
            {"topic": "v2.subscription.updated", "class": "Upd"},
        ]})
    }

    #[test]
    fn matching_topics_and_the_system_ones_are_added_sorted() {
        let mut d = doc();
        let patterns = [
            "v2.users.*.badges.chats".to_owned(),
            "*collaboratechat*".to_owned(),
        ];
        let added = add_topics(&mut d, &mappings(), &patterns).unwrap();
        assert_eq!(added.topics, 6);
        let names = topic_names(&d);
        assert_eq!(
            names,
            [
                "v2.detail.events.collaboratechat.group.{id}.messages",
                "v2.users.{id}.badges.chats"
            ]
        );
        let first = &d[EXTENSION]["topics"][0];
        assert_eq!(
            first["topic"],
            "v2.detail.events.collaboratechat.group.{id}.messages"
        );
        assert_eq!(first["schema"]["$ref"], "#/components/schemas/Msg");
    }

    #[test]
    fn a_pattern_that_matches_nothing_or_a_missing_schema_is_an_error() {
        let err = add_topics(&mut doc(), &mappings(), &["v2.nothing.*".to_owned()]).unwrap_err();
        assert!(format!("{err:?}").contains("matches no topic"), "{err:?}");
        let err = add_topics(&mut doc(), &mappings(), &["v2.routing.*".to_owned()]).unwrap_err();
        assert!(
            format!("{err:?}").contains("`Other` is not in the document"),
            "{err:?}"
        );
    }
}
