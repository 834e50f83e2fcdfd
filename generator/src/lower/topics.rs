//! `x-genesys-notifications` -> [`Topic`]s: the notification topics a spec carries, each with
//! the schema of its events' `eventBody` (as `cargo xtask import --topics` writes them, from
//! Genesys's `notificationMappings.json`):
//!
//! ```yaml
//! x-genesys-notifications:
//!   topics:
//!   - topic: v2.users.{id}.badges.chats
//!     schema: {$ref: '#/components/schemas/ChatBadgeTopicChatBadge'}
//!     description: The user's unread chat badge.   # optional
//!     permissions: [chat:chat:access]                # optional
//! ```
//!
//! A topic's Rust name is its words without `v2` and the ids (`users_badges_chats`); each id is
//! named after the word before it (`user_id`). `v2.system.*` and `v2.subscription.updated` are
//! system topics: the service sends them on every channel.

use serde_json::Value;

use super::{Lowerer, naming};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::{Topic, TopicSegment, TypeRef};

use crate::topics::EXTENSION;

impl Lowerer<'_> {
    /// The spec's topics, sorted by name; problems are reported, located.
    pub(super) fn lower_topics(&mut self) -> Vec<Topic> {
        let Some(ext) = self.spec.extensions.get(EXTENSION) else {
            return Vec::new();
        };
        let at = pointer_push("", EXTENSION);
        let Some(list) = ext.get("topics").and_then(Value::as_array) else {
            self.report(Diagnostic::error(
                &at,
                format!("`{EXTENSION}` must be an object with a `topics` list"),
            ));
            return Vec::new();
        };
        let mut topics: Vec<(Topic, String)> = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let at = pointer_push(&pointer_push(&at, "topics"), &i.to_string());
            if let Some(topic) = self.topic(entry, &at) {
                if let Some((_, first)) = topics.iter().find(|(t, _)| t.name == topic.name) {
                    self.report(Diagnostic::error(
                        &at,
                        format!("topic `{}` is listed twice (first at {first})", topic.name),
                    ));
                    continue;
                }
                topics.push((topic, at));
            }
        }
        topics.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        // Two topics whose words are the same in Rust get numbered names.
        let names: Vec<String> = topics.iter().map(|(t, _)| t.rust_name.clone()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (distinct, renamed) = naming::distinct(&names, naming::snake, "_");
        for i in renamed {
            let (topic, at) = &topics[i];
            self.report(Diagnostic::warning(
                at,
                format!(
                    "topic `{}` would be `topics::{}` like another one; it is `{}`",
                    topic.name, topic.rust_name, distinct[i]
                ),
            ));
        }
        topics
            .into_iter()
            .zip(distinct)
            .map(|((mut topic, _), name)| {
                topic.variant = naming::pascal(&name);
                topic.rust_name = name;
                topic
            })
            .collect()
    }

    fn topic(&mut self, entry: &Value, at: &str) -> Option<Topic> {
        let Some(name) = entry.get("topic").and_then(Value::as_str) else {
            return self.report_none(Diagnostic::error(at, "a topic needs a `topic` name"));
        };
        let segments = match segments(name) {
            Ok(s) => s,
            Err(why) => {
                return self.report_none(Diagnostic::error(
                    pointer_push(at, "topic"),
                    format!("topic `{name}`: {why}"),
                ));
            }
        };
        let payload = match entry.get("schema").and_then(|s| s.get("$ref")) {
            // A dangling `$ref` is reported by the lookup; the topic stays, its events as JSON.
            Some(Value::String(reference)) => {
                self.type_of_ref(reference, &pointer_push(at, "schema"))
            }
            _ => {
                self.report(Diagnostic::warning(
                    pointer_push(at, "schema"),
                    format!(
                        "topic `{name}` has no `schema` `$ref` to a component; its events are read as JSON"
                    ),
                ));
                TypeRef::Json
            }
        };
        let permissions = entry
            .get("permissions")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let words: Vec<&str> = segments
            .iter()
            .filter_map(|s| match s {
                TopicSegment::Literal(w) if w != "v2" => Some(w.as_str()),
                _ => None,
            })
            .collect();
        let rust_name = naming::snake(&words.join("_"));
        Some(Topic {
            name: name.to_owned(),
            variant: naming::pascal(&rust_name),
            rust_name,
            segments,
            payload,
            system: name.starts_with("v2.system.") || name == "v2.subscription.updated",
            description: entry
                .get("description")
                .and_then(Value::as_str)
                .filter(|d| !d.trim().is_empty())
                .map(str::to_owned),
            permissions,
        })
    }
}

/// `v2.users.{id}.badges.chats` -> its segments, each id named after the word before it.
fn segments(name: &str) -> Result<Vec<TopicSegment>, String> {
    let mut out: Vec<TopicSegment> = Vec::new();
    for part in name.split('.') {
        if part.is_empty() {
            return Err("an empty segment (two dots, or a dot at an end)".to_owned());
        }
        if part.starts_with('{') && part.ends_with('}') {
            let before = match out.last() {
                Some(TopicSegment::Literal(w)) => singular(w),
                _ => String::new(),
            };
            let base = if before.is_empty() {
                "id".to_owned()
            } else {
                naming::snake(&format!("{before}_id"))
            };
            let id = naming::numbered(&base, |n| {
                out.iter()
                    .any(|s| matches!(s, TopicSegment::Id(x) if x == n))
            });
            out.push(TopicSegment::Id(id));
        } else if part.contains(['{', '}']) {
            return Err(format!(
                "`{part}` mixes a placeholder with text; an id must be a whole segment"
            ));
        } else {
            out.push(TopicSegment::Literal(part.to_owned()));
        }
    }
    Ok(out)
}

/// `users` -> `user`, `queues` -> `queue`; words not ending in a plain `s` stay.
fn singular(word: &str) -> String {
    match word.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && !stem.is_empty() => stem.to_owned(),
        _ => word.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{TopicSegment, segments};

    #[test]
    fn ids_are_named_after_the_word_before_them() {
        let got = segments("v2.users.{id}.badges.chats").unwrap();
        assert_eq!(got[2], TopicSegment::Id("user_id".to_owned()));
        let got = segments("v2.detail.events.collaboratechat.group.{id}.messages").unwrap();
        assert_eq!(got[5], TopicSegment::Id("group_id".to_owned()));
        let got = segments("v2.system.{id}.{id}").unwrap();
        assert_eq!(
            got[2..],
            [
                TopicSegment::Id("system_id".to_owned()),
                TopicSegment::Id("id".to_owned())
            ]
        );
        let got = segments("v2.system.token_revoked.{id}").unwrap();
        assert_eq!(got[3], TopicSegment::Id("token_revoked_id".to_owned()));
    }

    #[test]
    fn malformed_names_say_why() {
        assert!(segments("v2..users").unwrap_err().contains("empty segment"));
        assert!(
            segments("v2.users.x{id}")
                .unwrap_err()
                .contains("whole segment")
        );
    }
}
