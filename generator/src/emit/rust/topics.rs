//! The notification topics -> `src/topics.rs`: a constructor per topic, which checks its ids
//! and returns a `Topic<T>` typed by the topic's event body, and the `Event` enum that reads a
//! received message into the variant of its topic (see the runtime's `notifications`).

use std::fmt::Write as _;

use super::text::{doc_text, docs, returns_tail, string};
use crate::ir::{Api, Topic, TopicSegment};
use crate::surface::{Spelling, spell};

/// The text of `src/topics.rs`, after the header; `None` without topics.
pub fn topics_module(api: &Api) -> Option<String> {
    if api.topics.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(4096);
    // The module's documentation is the notifications page, whose example rustdoc compiles.
    out.push_str(&crate::emit::links::rustdoc_prelude_for_topics(api));
    out.push_str(
        "#![doc = include_str!(\"../docs/Notifications.md\")]\n\n\
         use crate::Error;\n\
         use crate::notifications::{Topic, ids, read};\n",
    );
    for topic in api.topics.iter().filter(|t| !t.system) {
        out.push('\n');
        constructor(&mut out, topic);
    }
    out.push('\n');
    event_enum(&mut out, api);
    Some(out)
}

fn payload(topic: &Topic) -> String {
    spell(&topic.payload, Spelling::Code("crate::models"))
}

fn id_names(topic: &Topic) -> Vec<&str> {
    topic
        .segments
        .iter()
        .filter_map(|s| match s {
            TopicSegment::Id(name) => Some(name.as_str()),
            TopicSegment::Literal(_) => None,
        })
        .collect()
}

fn topic_docs(topic: &Topic) -> String {
    let mut text = format!("`{}`", topic.name);
    if let Some(d) = &topic.description {
        text.push_str(": ");
        text.push_str(&doc_text(d));
    }
    if let Some(model) = topic.payload.model() {
        let _ = write!(
            text,
            "\n\nIts events carry a [`{model}`](crate::models::{model})."
        );
    }
    if !topic.permissions.is_empty() {
        let list: Vec<String> = topic.permissions.iter().map(|p| format!("`{p}`")).collect();
        let _ = write!(text, "\n\nPermissions: {}.", list.join(", "));
    }
    text
}

fn constructor(out: &mut String, topic: &Topic) {
    let ids = id_names(topic);
    let mut text = topic_docs(topic);
    if !ids.is_empty() {
        text.push_str(
            "\n\nAn id must be non-empty, without `.`, `?`, `&`, `*`, braces or white space: \
             anything else would name another topic, and is refused with \
             [`Error::InvalidArgument`].",
        );
    }
    docs(out, 0, &text);
    let args: Vec<String> = ids.iter().map(|id| format!("{id}: &str")).collect();
    let returns = format!("Result<Topic<{}>, Error>", payload(topic));
    let head = format!("pub fn {}({}", topic.rust_name, args.join(", "));
    let one = format!("{head}{}", returns_tail(0, &returns));
    if one.len() <= super::text::MAX_WIDTH && !one.contains('\n') {
        let _ = writeln!(out, "{one}");
    } else {
        let _ = writeln!(out, "pub fn {}(", topic.rust_name);
        for a in &args {
            let _ = writeln!(out, "    {a},");
        }
        let _ = writeln!(out, "{}", returns_tail(0, &returns));
    }
    let pairs: Vec<String> = ids
        .iter()
        .map(|id| format!("({}, {id})", string(id)))
        .collect();
    let args = [string(&topic.name), format!("&[{}]", pairs.join(", "))];
    // rustfmt's `fn_call_width`: arguments over 60 columns go one a line.
    let call = format!("    Topic::new({})", args.join(", "));
    if args.join(", ").len() <= 60 && call.len() <= super::text::MAX_WIDTH {
        let _ = writeln!(out, "{call}");
    } else {
        let _ = writeln!(
            out,
            "    Topic::new(\n        {},\n        {},\n    )",
            args[0], args[1]
        );
    }
    out.push_str("}\n");
}

fn event_enum(out: &mut String, api: &Api) {
    docs(
        out,
        0,
        "An event from a notification channel: the variant of its topic, with the topic's ids \
         and its body, or [`Event::Unknown`].",
    );
    out.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\npub enum Event {\n");
    for topic in &api.topics {
        docs(out, 4, &topic_docs(topic));
        let _ = writeln!(out, "    {} {{", topic.variant);
        for id in id_names(topic) {
            docs(
                out,
                8,
                &format!("The `{{id}}` the topic's name holds for `{id}`."),
            );
            let _ = writeln!(out, "        {id}: String,");
        }
        docs(out, 8, "The event's `eventBody`.");
        let _ = writeln!(out, "        body: Box<{}>,", payload(topic));
        out.push_str("    },\n");
    }
    docs(
        out,
        4,
        "A topic this crate does not know, or a body that is not of its topic's type (logged \
         at `WARN` with the reason): the message as it came.",
    );
    out.push_str(concat!(
        "    Unknown {\n",
        "        /// The message's `topicName`.\n",
        "        topic: String,\n",
        "        /// The message's `eventBody`.\n",
        "        body: serde_json::Value,\n",
        "    },\n}\n\n",
    ));
    out.push_str("impl Event {\n");
    docs(
        out,
        4,
        "Reads a message of `topic` (its `topicName`) with `body` (its `eventBody`); never \
         fails: what it cannot read is [`Event::Unknown`].",
    );
    out.push_str("    pub fn parse(topic: &str, body: serde_json::Value) -> Self {\n");
    for topic in &api.topics {
        let ids = id_names(topic);
        let bound = format!("[{}]", ids.join(", "));
        // A let chain, laid out as rustfmt 1.8 lays it out: always one condition a line.
        let args = format!("topic, {}", string(&topic.name));
        let head = format!("        if let Some({bound}) = ids({args})");
        if head.len() <= super::text::MAX_WIDTH && args.len() <= 60 {
            let _ = writeln!(
                out,
                "{head}\n            && let Some(body) = read(topic, &body)\n        {{"
            );
        } else {
            let _ = writeln!(
                out,
                "        if let Some({bound}) = ids(\n            topic,\n            {},\n        ) && let Some(body) = read(topic, &body)\n        {{",
                string(&topic.name)
            );
        }
        let fields: Vec<String> = ids
            .iter()
            .map(|id| format!("{id}: {id}.to_owned()"))
            .chain(std::iter::once("body".to_owned()))
            .collect();
        let one = format!(
            "            return Self::{} {{ {} }};",
            topic.variant,
            fields.join(", ")
        );
        // rustfmt's `struct_lit_width`: fields that fit in 18 columns stay on one line.
        if one.len() <= super::text::MAX_WIDTH && fields.join(", ").len() <= 18 {
            let _ = writeln!(out, "{one}");
        } else {
            let _ = writeln!(out, "            return Self::{} {{", topic.variant);
            for f in &fields {
                let _ = writeln!(out, "                {f},");
            }
            out.push_str("            };\n");
        }
        out.push_str("        }\n");
    }
    out.push_str(concat!(
        "        Self::Unknown {\n",
        "            topic: topic.to_owned(),\n",
        "            body,\n",
        "        }\n",
        "    }\n",
        "}\n",
    ));
}
