//! Operations -> one module per tag: an API handle with one method per operation
//! ([`method`]), and one request builder per operation ([`builder`]), with `.stream()` for a
//! history ([`stream`]). The builders of operations listed under several tags live in
//! `apis::shared` and are re-exported by each of their modules.
//!
//! What the methods take and the builders hold is the [`Surface`]'s: this module only prints it.

mod builder;
mod method;
mod stream;

use std::fmt::Write as _;

use super::features::Features;
use super::text::{doc_text, docs, line, use_list, version_cmp};
use crate::ir::Tag;
use crate::surface::{Imports, Surface};
use builder::Home;

/// The file of one tag's module, after the header.
pub fn tag_module(surface: &Surface<'_>, tag: &Tag) -> String {
    let ops: Vec<_> = surface.tag_operations(tag).collect();
    let mut body = String::with_capacity(ops.len() * 3000 + 1000);
    let handle = &tag.api_type;
    docs(
        &mut body,
        0,
        &match &tag.description {
            Some(d) => format!("{}\n\nGet it from [`Client::{}`].", doc_text(d), tag.module),
            None => format!(
                "The operations tagged `{}`. Get it from [`Client::{}`].",
                tag.name, tag.module
            ),
        },
    );
    let _ = write!(
        body,
        "#[derive(Debug, Clone)]\n\
         pub struct {handle} {{\n    client: Client,\n}}\n\n\
         impl Client {{\n    /// The {} API.\n    \
         pub fn {}(&self) -> {handle} {{\n        {handle} {{\n            client: self.clone(),\n        }}\n    }}\n}}\n\n\
         impl {handle} {{\n",
        tag.name, tag.module
    );
    for (i, (op, s)) in ops.iter().enumerate() {
        if i > 0 {
            body.push('\n');
        }
        method::method(&mut body, op, s);
    }
    body.push_str("}\n");
    let mut shared = Vec::new();
    for (op, s) in &ops {
        if op.also_in.is_empty() {
            body.push('\n');
            builder::builder(&mut body, surface, op, s, Home::Own);
        } else {
            shared.push(op.type_name.clone());
        }
    }

    let mut out = String::with_capacity(body.len() + 1000);
    // The module's documentation is the API's reference page, whose examples rustdoc compiles.
    out.push_str(&crate::emit::links::rustdoc_prelude_for_tag(
        surface.api,
        tag,
    ));
    line(
        &mut out,
        0,
        &format!("#![doc = include_str!(\"../../docs/{}.md\")]", tag.api_type),
    );
    out.push('\n');
    for u in import_lines(surface.tag_imports(tag)) {
        line(&mut out, 0, &u);
    }
    shared.sort_by(|a, b| version_cmp(a, b));
    if !shared.is_empty() {
        out.push('\n');
        docs(
            &mut out,
            0,
            "Requests of operations that other APIs list too.",
        );
        match shared.as_slice() {
            [one] => line(&mut out, 0, &format!("pub use super::shared::{one};")),
            _ => use_list(&mut out, "pub use super::shared::{", &shared, "};"),
        }
    }
    out.push('\n');
    out.push_str(&body);
    out
}

/// `src/apis/shared.rs`: the builders of the operations listed under several tags, each
/// compiled when any of their APIs is; `None` when there are none.
pub fn shared_module(surface: &Surface<'_>, features: &Features) -> Option<String> {
    let ops: Vec<_> = surface.shared_operations().collect();
    if ops.is_empty() {
        return None;
    }
    let mut body = String::with_capacity(ops.len() * 3000);
    for (op, s) in &ops {
        body.push('\n');
        let cfg = features.operation_cfg(op);
        let home = Home::Shared {
            cfg: cfg.as_deref(),
            features,
        };
        builder::builder(&mut body, surface, op, s, home);
    }
    let mut out = String::from(
        "//! The requests of operations that the spec lists under several APIs. Each of those APIs\n\
         //! re-exports them; each is compiled when any of its APIs is.\n\n",
    );
    for u in import_lines(surface.shared_imports()) {
        // Which of these a build uses depends on the features it enables.
        line(&mut out, 0, "#[allow(unused_imports)]");
        line(&mut out, 0, &u);
    }
    out.push_str(&body);
    Some(out)
}

/// The `use` lines of `imports`, in the order rustfmt keeps them.
fn import_lines(imports: Imports) -> Vec<String> {
    let mut out = vec!["use crate::client::Client;".to_owned()];
    let encode: Vec<&str> = [
        (imports.file_part, "FilePart"),
        (imports.form, "Form"),
        (imports.object_style, "ObjectStyle"),
    ]
    .into_iter()
    .filter_map(|(used, name)| used.then_some(name))
    .collect();
    match encode.as_slice() {
        [] => {}
        [one] => out.push(format!("use crate::encode::{one};")),
        many => out.push(format!("use crate::encode::{{{}}};", many.join(", "))),
    }
    if imports.result {
        out.push("use crate::error::Result;".to_owned());
    }
    if imports.models {
        out.push("use crate::models;".to_owned());
    }
    if imports.operations {
        out.push("use crate::operations;".to_owned());
    }
    match (imports.request_options, imports.response) {
        (true, true) => out.push("use crate::options::{RequestOptions, Response};".to_owned()),
        (true, false) => out.push("use crate::options::RequestOptions;".to_owned()),
        (false, true) => out.push("use crate::options::Response;".to_owned()),
        (false, false) => {}
    }
    let mut pagination = Vec::new();
    if imports.date_cursor {
        pagination.push("DateCursor");
    }
    if imports.history {
        pagination.extend(["Direction", "History", "HistoryPage"]);
    }
    match pagination.as_slice() {
        [] => {}
        [one] => out.push(format!("use crate::pagination::{one};")),
        many => out.push(format!("use crate::pagination::{{{}}};", many.join(", "))),
    }
    if imports.request {
        out.push("use crate::request::Request;".to_owned());
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
