//! Links between the reference pages, written so that one Markdown source reads right both as
//! Markdown files and as rustdoc.
//!
//! The pages link with reference-style links whose labels name Rust items: `[**Room**][models::Room]`,
//! `[**get_chats_room**][ChatApi::get_chats_room]`, `[ChatApi][ChatApi]`. Each page ends with the
//! definitions of the labels it uses, pointing at the Markdown files
//! (`[models::Room]: Room.md`). The API pages and the README are also the rustdoc of the
//! `apis::<api>` modules and of the crate root; there, the Rust file puts its own definitions of
//! the same labels before the page (`[models::Room]: crate::models::Room`), and since the first
//! definition of a label wins, rustdoc links to the items. The Rust file then opens an HTML
//! comment that the page's generated-file comment closes, so rustdoc does not show the front
//! matter either.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::ir::{Api, Operation, Tag};

/// The label of a model's page: `models::Room`.
pub fn model_label(rust_name: &str) -> String {
    format!("models::{rust_name}")
}

/// The label of an API's page: `ChatApi`.
pub fn api_label(tag: &Tag) -> String {
    tag.api_type.clone()
}

/// The label of an operation's section on an API's page: `ChatApi::get_chats_room`.
pub fn operation_label(tag: &Tag, op: &Operation) -> String {
    format!("{}::{}", tag.api_type, op.rust_name)
}

/// Where a page sits, for the Markdown targets of its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `README.md`, at the top of the crate.
    Index,
    /// A page in `docs/`.
    Docs,
}

/// The Markdown definitions of `labels`, one per line.
pub fn definitions(labels: &BTreeSet<&str>, page: Page) -> String {
    let dir = match page {
        Page::Index => "docs/",
        Page::Docs => "",
    };
    let mut out = String::new();
    for label in labels {
        let target = if let Some(model) = label.strip_prefix("models::") {
            format!("{dir}{model}.md")
        } else if let Some((api, method)) = label.split_once("::") {
            format!("{dir}{api}.md#{method}")
        } else {
            format!("{dir}{label}.md")
        };
        let _ = writeln!(out, "[{label}]: {target}");
    }
    out
}

/// Adds the labels of our kinds that `line` (outside code) uses as `[text][label]` to `out`.
pub fn labels_in<'a>(line: &'a str, out: &mut BTreeSet<&'a str>) {
    let mut from = 0;
    // Each `]`, then whether `[` follows: one byte search per `]`, not a substring search.
    while let Some(at) = line[from..].find(']').map(|i| from + i) {
        if line.as_bytes().get(at + 1) != Some(&b'[') {
            from = at + 1;
            continue;
        }
        let after = &line[at + 2..];
        let Some(end) = after.find(']') else { break };
        let label = &after[..end];
        if is_label(label) {
            out.insert(label);
        }
        from = at + 2 + end;
    }
}

/// `models::Room`, `ChatApi`, `ChatApi::get_chats_room`: identifiers and `::` only.
fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.split("::").all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        && label.split("::").count() <= 2
}

/// The rustdoc lines (`//! ...`) that go before an API page included as the module doc of
/// `tag`: its operations' sections (anchors on the same page) and the models its operations
/// name, then the opening of the comment that hides the page's front matter.
pub fn rustdoc_prelude_for_tag(api: &Api, tag: &Tag) -> String {
    let mut defs = Vec::new();
    let mut models = BTreeSet::new();
    for op in api
        .operations
        .iter()
        .filter(|o| o.tags().any(|t| t == tag.name))
    {
        defs.push((operation_label(tag, op), format!("#{}", op.rust_name)));
        let types = op
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(op.body.as_ref().map(|b| &b.ty))
            .chain(op.success.ty.as_ref());
        models.extend(types.filter_map(|t| t.model()));
    }
    defs.extend(
        models
            .into_iter()
            .map(|m| (model_label(m), format!("crate::models::{m}"))),
    );
    prelude(&defs)
}

/// What a link of the crate root's doc points at: the Rust emitter compiles each behind its
/// own features, and a link to an item left out of the build is a rustdoc warning.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// An API module, or one of its methods.
    Api(&'a Tag),
    /// A model.
    Model(&'a str),
    /// The notification topics.
    Topics,
}

/// One definition of the crate root's doc: `[label]: path`.
pub struct ItemLink<'a> {
    pub target: Target<'a>,
    pub label: String,
    pub path: String,
}

/// The links that go before the README included as the crate's root doc: every API,
/// operation and model, as items.
pub fn index_links(api: &Api) -> Vec<ItemLink<'_>> {
    let mut links = Vec::new();
    for tag in &api.tags {
        links.push(ItemLink {
            target: Target::Api(tag),
            label: api_label(tag),
            path: format!("crate::apis::{}", tag.module),
        });
    }
    for op in &api.operations {
        for tag in op.tags().filter_map(|t| api.tag(t)) {
            links.push(ItemLink {
                target: Target::Api(tag),
                label: operation_label(tag, op),
                path: format!("crate::{}::{}", tag.api_type, op.rust_name),
            });
        }
    }
    links.extend(api.models.iter().map(|m| ItemLink {
        target: Target::Model(&m.rust_name),
        label: model_label(&m.rust_name),
        path: format!("crate::models::{}", m.rust_name),
    }));
    // The notifications page is the `topics` module's documentation.
    if !api.topics.is_empty() {
        links.push(ItemLink {
            target: Target::Topics,
            label: "Notifications".to_owned(),
            path: "crate::topics".to_owned(),
        });
    }
    links
}

/// The rustdoc lines that go before the notifications page included as `topics`' doc: the
/// models the topics' events carry.
pub fn rustdoc_prelude_for_topics(api: &Api) -> String {
    let models: BTreeSet<&str> = api
        .topics
        .iter()
        .filter_map(|t| t.payload.model())
        .collect();
    let defs: Vec<(String, String)> = models
        .into_iter()
        .map(|m| (model_label(m), format!("crate::models::{m}")))
        .collect();
    prelude(&defs)
}

fn prelude(defs: &[(String, String)]) -> String {
    let mut out = prelude_head();
    for (label, target) in defs {
        let _ = writeln!(out, "//! [{label}]: {target}");
    }
    out.push_str(PRELUDE_TAIL);
    out
}

/// The comment that opens a prelude of item links.
pub fn prelude_head() -> String {
    String::from(
        "// rustdoc reads the page below with these links to items: the first definition of a\n\
         // label wins over the page's own links to Markdown files. The comment opened last hides\n\
         // the page's front matter; the page's generated-file comment closes it.\n",
    )
}

/// The end of a prelude: the opening of the comment that hides the page's front matter.
pub const PRELUDE_TAIL: &str = "//!\n//! <!--\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_follow_the_labels_a_page_uses() {
        // (Code blocks are left out by the caller, which reads the page line by line.)
        let page = "| [**get**][ChatApi::get] | [**Vec&lt;Room&gt;**][models::Room] |\n\
                    [ChatApi][ChatApi] and [x](http://e.com) [y][not a label]\n";
        let mut labels = BTreeSet::new();
        for line in page.lines() {
            labels_in(line, &mut labels);
        }
        assert_eq!(
            definitions(&labels, Page::Docs),
            "[ChatApi]: ChatApi.md\n[ChatApi::get]: ChatApi.md#get\n[models::Room]: Room.md\n"
        );
        assert_eq!(
            definitions(&labels, Page::Index),
            "[ChatApi]: docs/ChatApi.md\n[ChatApi::get]: docs/ChatApi.md#get\n[models::Room]: docs/Room.md\n"
        );
        // Chained references, and a `]` at the end of the line.
        let mut chained = BTreeSet::new();
        labels_in("[a][b][c]]", &mut chained);
        assert_eq!(Vec::from_iter(chained), ["b", "c"]);
    }
}
