//! Notification topics: added (minor: `topics::Event` is `#[non_exhaustive]`), removed (major:
//! its constructor and its variant go), or carrying another body type (major: the variant's
//! `body` changes type).

use super::{Changes, Level, type_name};
use crate::surface::Surface;

pub(super) fn diff_topics(old: &Surface<'_>, new: &Surface<'_>, out: &mut Changes) {
    let (old, new) = (&old.api.topics, &new.api.topics);
    for t in new {
        match old.iter().find(|o| o.name == t.name) {
            None => out.topic(
                Level::Minor,
                &t.name,
                format!(
                    "Topic `{}` added: `{}`, events of `{}`",
                    t.name,
                    if t.system {
                        format!("Event::{}", t.variant)
                    } else {
                        format!("topics::{}", t.rust_name)
                    },
                    type_name(Some(&t.payload))
                ),
            ),
            Some(o) if o.payload != t.payload => out.topic(
                Level::Major,
                &t.name,
                format!(
                    "Topic `{}`: its events are `{}`, not `{}`",
                    t.name,
                    type_name(Some(&t.payload)),
                    type_name(Some(&o.payload))
                ),
            ),
            Some(_) => {}
        }
    }
    for o in old {
        if !new.iter().any(|t| t.name == o.name) {
            out.topic(
                Level::Major,
                &o.name,
                format!(
                    "Topic `{}` removed (`Event::{}` with it)",
                    o.name, o.variant
                ),
            );
        }
    }
}
