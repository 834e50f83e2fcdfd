//! Two public APIs compared, each difference classified by what it does to code written against
//! the older one.

use generator::diff::Level;
use serde::Serialize;

use super::{Kind, RustApi};

/// One difference between two APIs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiChange {
    pub level: Level,
    /// The module it is in: `models`, `apis::chat`.
    pub module: String,
    pub path: String,
    pub message: String,
}

/// The differences from `old` to `new`, classified by what they do to code written against
/// `old`. Members of an added or removed struct or enum are not listed on their own.
pub fn compare(old: &RustApi, new: &RustApi) -> Vec<ApiChange> {
    // What an entry belongs to: `models::Room` for `models::Room.id`, `models::Room::new` and
    // `models::Room impl Default`.
    let container = |key: &str| -> Option<String> {
        key.split_once(" impl ")
            .map(|(c, _)| c.to_owned())
            .or_else(|| key.rsplit_once('.').map(|(c, _)| c.to_owned()))
            .or_else(|| key.rsplit_once("::").map(|(c, _)| c.to_owned()))
    };
    let module = |key: &str| -> String {
        let path = key.split(' ').next().unwrap_or(key);
        let path = path.split('.').next().unwrap_or(path);
        match path.rsplit_once("::") {
            Some((m, _)) if m.chars().next().is_some_and(|c| c.is_lowercase()) => {
                // Up to the first capitalised segment: the item's module.
                m.split("::")
                    .take_while(|s| s.chars().next().is_some_and(|c| c.is_lowercase()))
                    .collect::<Vec<_>>()
                    .join("::")
            }
            _ => "crate".to_owned(),
        }
    };
    let mut out = Vec::new();
    let mut push = |level, key: &str, message: String| {
        out.push(ApiChange {
            level,
            module: module(key),
            path: key.to_owned(),
            message,
        });
    };
    for (key, o) in &old.entries {
        // Whatever belongs to a removed item goes with it, unlisted.
        let parent_gone = container(key)
            .is_some_and(|c| old.entries.contains_key(&c) && !new.entries.contains_key(&c));
        match new.entries.get(key) {
            None if parent_gone => {}
            None => push(
                Level::Major,
                key,
                format!("{} removed: `{}`", o.kind.word(), o.signature),
            ),
            Some(n) if n.shape != o.shape || n.kind != o.kind => push(
                Level::Major,
                key,
                format!(
                    "{} changed: `{}` -> `{}`",
                    o.kind.word(),
                    o.signature,
                    n.signature
                ),
            ),
            Some(n) if !o.non_exhaustive && n.non_exhaustive => push(
                Level::Major,
                key,
                if o.kind == Kind::Enum {
                    "enum became `#[non_exhaustive]`: exhaustive matches outside the crate break"
                        .to_owned()
                } else {
                    "struct became `#[non_exhaustive]`: struct literals and exhaustive patterns outside the crate break".to_owned()
                },
            ),
            Some(n) if o.non_exhaustive && !n.non_exhaustive => push(
                Level::Minor,
                key,
                format!("{} is no longer `#[non_exhaustive]`", o.kind.word()),
            ),
            Some(_) => {}
        }
    }
    for (key, n) in &new.entries {
        if old.entries.contains_key(key) {
            continue;
        }
        let parent = container(key).and_then(|c| old.entries.get(&c));
        let parent_added = container(key)
            .is_some_and(|c| new.entries.contains_key(&c) && !old.entries.contains_key(&c));
        if parent_added {
            // Part of an added item.
            continue;
        }
        if n.kind.is_member() {
            match parent {
                // Part of an added item.
                None => {}
                Some(p) if p.non_exhaustive => push(
                    Level::Minor,
                    key,
                    format!("{} added: `{}`", n.kind.word(), n.signature),
                ),
                Some(p) => push(
                    Level::Major,
                    key,
                    format!(
                        "{} added to an exhaustive {}: `{}` (literals and exhaustive matches break)",
                        n.kind.word(),
                        p.kind.word(),
                        n.signature
                    ),
                ),
            }
        } else if n.kind == Kind::TraitMethod && n.signature.starts_with("required ") {
            push(
                Level::Major,
                key,
                format!(
                    "required trait method added: `{}` (implementations outside the crate break)",
                    n.signature
                ),
            );
        } else {
            push(
                Level::Minor,
                key,
                format!("{} added: `{}`", n.kind.word(), n.signature),
            );
        }
    }
    out.sort_by(|a, b| (a.level, &a.module, &a.path).cmp(&(b.level, &b.module, &b.path)));
    out
}
