//! IR -> the files of the SDK crate: manifest, models, API modules, the operation table, and the
//! runtime copied from `templates/sdk/`.

mod api;
pub mod features;
mod models;
mod operations;
mod runtime;
mod text;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use super::{EmitOptions, header};
use crate::ir::{Api, ModelKind, TypeRef};
use crate::output::FileSet;
use features::Features;
use types::ident;

pub use api::permissions_sentence;
pub(crate) use types::has_default;

/// One Rust file of the crate. The crate root is built as a token stream and pretty-printed; the
/// other files, many or large, are printed as text (see [`text`]). Token streams cannot cross
/// threads, so each job builds its file where it runs.
#[derive(Debug, Clone, Copy)]
pub enum RustJob<'a> {
    Lib,
    ModelsMod,
    Model(&'a crate::ir::Model),
    ApisMod,
    Tag(&'a crate::ir::Tag),
    /// The builders of operations listed under several tags.
    Shared,
    Operations,
}

impl RustJob<'_> {
    pub fn path(&self) -> String {
        match self {
            Self::Lib => "src/lib.rs".to_owned(),
            Self::ModelsMod => "src/models/mod.rs".to_owned(),
            Self::Model(m) => format!("src/models/{}.rs", m.module),
            Self::ApisMod => "src/apis/mod.rs".to_owned(),
            Self::Tag(t) => format!("src/apis/{}.rs", t.module),
            Self::Shared => "src/apis/shared.rs".to_owned(),
            Self::Operations => "src/operations.rs".to_owned(),
        }
    }

    /// Whether the file is built as a token stream and pretty-printed (else it is printed as
    /// text).
    pub fn is_pretty_printed(&self) -> bool {
        matches!(self, Self::Lib)
    }

    /// The file's items, to be formatted; `None` for the files printed as text.
    pub fn tokens(&self, api: &Api, features: &Features) -> Option<TokenStream> {
        match self {
            Self::Lib => Some(lib_rs(api, features)),
            _ => None,
        }
    }

    /// The file's text, after the header, for the files printed as text.
    pub fn text(&self, api: &Api, features: &Features) -> Option<String> {
        match self {
            Self::Model(m) => Some(models::model_file(m)),
            Self::Tag(t) => Some(api::tag_module(api, t)),
            Self::Operations => Some(operations::operations_module(api, features)),
            Self::ModelsMod => Some(models_mod(api, features)),
            Self::ApisMod => Some(apis_mod(api, features)),
            Self::Shared => api::shared_module(api, features),
            Self::Lib => None,
        }
    }

    /// The file's text, formatted, with the header.
    pub fn render(
        &self,
        api: &Api,
        features: &Features,
        opts: &EmitOptions,
    ) -> Result<String, String> {
        if let Some(text) = self.text(api, features) {
            return Ok(format!("{}{text}", header("//", opts)));
        }
        match self.tokens(api, features) {
            Some(tokens) => rust_file(opts, self.prelude(api), tokens)
                .map_err(|e| format!("{}: {e}", self.path())),
            None => Err(format!("{}: nothing to render", self.path())),
        }
    }
}

impl RustJob<'_> {
    /// Text that goes before the pretty-printed items: the crate root's doc links.
    fn prelude(&self, api: &Api) -> String {
        match self {
            Self::Lib => crate::emit::links::rustdoc_prelude_for_index(api),
            _ => String::new(),
        }
    }
}

/// Every Rust file of the crate.
pub fn rust_jobs(api: &Api) -> Vec<RustJob<'_>> {
    let mut jobs = vec![
        RustJob::Lib,
        RustJob::ModelsMod,
        RustJob::ApisMod,
        RustJob::Operations,
    ];
    jobs.extend(api.models.iter().map(RustJob::Model));
    jobs.extend(api.tags.iter().map(RustJob::Tag));
    if api.operations.iter().any(|op| !op.also_in.is_empty()) {
        jobs.push(RustJob::Shared);
    }
    jobs
}

/// The crate's Cargo features (see [`features`]).
pub fn features(api: &Api) -> Features {
    let always: Vec<&str> = error_body_model(api)
        .map(|(m, _)| m.rust_name.as_str())
        .into_iter()
        .collect();
    Features::new(api, &always)
}

/// The files that are not Rust: the manifest, `rustfmt.toml`, and the copied runtime.
pub fn text_files(api: &Api, features: &Features, opts: &EmitOptions) -> Vec<(String, String)> {
    let mut out = vec![
        ("Cargo.toml".to_owned(), cargo_toml(api, features, opts)),
        // The generator formats its own output; `cargo fmt` must not fight it (`--check` would
        // then report every file as stale).
        (
            "rustfmt.toml".to_owned(),
            format!("{}disable_all_formatting = true\n", header("#", opts)),
        ),
    ];
    let identity = opts.identity(api);
    for (path, text) in runtime::SOURCES {
        let copied = format!(
            "{}// (copied from templates/sdk/{path})\n\n{}",
            header("//", opts),
            runtime::for_crate(text, &identity)
        );
        out.push(((*path).to_owned(), copied));
    }
    for example in runtime::examples(api) {
        let path = format!("examples/{}.rs", example.name);
        let copied = format!(
            "{}// (copied from templates/sdk/{path})\n\n{}",
            header("//", opts),
            runtime::for_crate(example.text, &identity)
        );
        out.push((path, copied));
    }
    out
}

/// Adds the crate's files to `files`, building and formatting the Rust files on every core.
pub fn emit(api: &Api, opts: &EmitOptions, files: &mut FileSet) -> Result<(), String> {
    use rayon::prelude::*;
    let features = features(api);
    for (path, text) in text_files(api, &features, opts) {
        files.insert(path, text);
    }
    let rendered: Vec<(String, String)> = rust_jobs(api)
        .par_iter()
        .map(|job| Ok((job.path(), job.render(api, &features, opts)?)))
        .collect::<Result<_, String>>()?;
    for (path, text) in rendered {
        files.insert(path, text);
    }
    Ok(())
}

/// Formats `items` with prettyplease under the generated-file header and `prelude`.
fn rust_file(opts: &EmitOptions, prelude: String, items: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(items).map_err(|e| format!("emitted Rust does not parse: {e}"))?;
    Ok(format!(
        "{}{prelude}{}",
        header("//", opts),
        space_items(&prettyplease::unparse(&file))
    ))
}

/// prettyplease puts items right after each other; hand-written Rust has a blank line after
/// each item that ends a block, between groups of one-line items (`mod`s, `use`s, ...), between
/// `std` imports and the others, and after the module documentation.
fn space_items(src: &str) -> String {
    fn indent(l: &str) -> usize {
        l.len() - l.trim_start().len()
    }
    /// The kind of a one-line item: `use`, `pub use`, `mod`, `pub mod`, ...
    fn kind(l: &str) -> &str {
        let l = l.trim_start();
        let words = if l.starts_with("pub ") { 2 } else { 1 };
        let end = l
            .match_indices(' ')
            .nth(words - 1)
            .map_or(l.len(), |(i, _)| i);
        &l[..end]
    }
    let mut out = String::with_capacity(src.len() + src.len() / 16);
    let mut prev: Option<&str> = None;
    for line in src.lines() {
        if let Some(p) = prev {
            let (pt, lt) = (p.trim(), line.trim());
            let same_level = indent(p) == indent(line);
            let closes = (pt == "}" || pt == "};") && same_level && !lt.starts_with('}');
            let group_ends =
                same_level && pt.ends_with(';') && !lt.is_empty() && kind(p) != kind(line);
            let std_ends =
                pt.starts_with("use std") && lt.starts_with("use ") && !lt.starts_with("use std");
            let docs_end = pt.starts_with("//!") && !lt.starts_with("//!");
            let attrs_end = pt.starts_with("#![") && !lt.starts_with("#![");
            if closes || group_ends || std_ends || docs_end || attrs_end {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

fn lib_rs(api: &Api, features: &Features) -> TokenStream {
    let handles = api.tags.iter().map(|t| {
        let (module, handle) = (ident(&t.module), ident(&t.api_type));
        let cfg = features.tag_cfg(&t.name);
        quote!(#cfg pub use apis::#module::#handle;)
    });
    let (error_body, error_message) = error_body(api);
    quote! {
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![doc(test(attr(deny(warnings))))]

        mod auth;
        mod body;
        mod client;
        mod config;
        mod error;
        mod grant;
        mod macros;
        mod operation;
        mod options;
        mod region;
        mod request;
        mod retry;
        mod send;

        pub mod apis;
        pub mod models;
        pub mod nullable;
        pub mod operations;
        pub mod pagination;
        pub mod pkce;

        #(#handles)*
        pub use auth::{MemoryTokenStore, Secret, TokenStore, Tokens};
        pub use client::{Client, ClientBuilder};
        pub use config::{ClientConfig, RetryConfig};
        pub use error::{ApiError, Error, GaveUp, Result, RetryInfo, StreamProblem, TransportKind};
        pub use operation::{Method, Operation, Permissions};
        pub use options::{Hooks, RateLimit, RequestInfo, RequestOptions, Response, ResponseInfo};
        pub use region::{Region, UnknownRegion};
        pub use retry::RetryPolicy;

        // The crates of types that appear in the API, so callers need not pin their versions.
        pub use chrono;
        pub use reqwest;
        pub use reqwest_middleware;
        pub use serde_json;

        /// The body of API error responses.
        pub type ApiErrorBody = #error_body;

        /// The human-readable message of an error body.
        pub(crate) fn error_message(body: &ApiErrorBody) -> Option<&str> {
            #error_message
        }
    }
}

/// The error schema most operations use, when it has a `message` string, with that field.
fn error_body_model(api: &Api) -> Option<(&crate::ir::Model, &crate::ir::Field)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for op in &api.operations {
        if let Some(TypeRef::Model(m)) = &op.error {
            *counts.entry(m.as_str()).or_default() += 1;
        }
    }
    let best = counts
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))
        .map(|(n, _)| *n)?;
    let model = api.models.iter().find(|m| m.rust_name == best)?;
    let ModelKind::Struct { fields } = &model.kind else {
        return None;
    };
    let field = fields
        .iter()
        .find(|f| f.wire_name == "message" && f.ty == TypeRef::String)?;
    Some((model, field))
}

/// The type of API error bodies, and how to get the message out of one: the model of
/// [`error_body_model`], else untyped JSON.
fn error_body(api: &Api) -> (TokenStream, TokenStream) {
    match error_body_model(api) {
        Some((model, f)) => {
            let name = ident(&model.rust_name);
            let field = ident(&f.rust_name);
            let get = if f.required && !f.read_only && !f.nullable {
                quote!(Some(body.#field.as_str()))
            } else {
                quote!(body.#field.as_deref())
            };
            (quote!(models::#name), get)
        }
        None => (
            quote!(serde_json::Value),
            quote!(body.get("message").and_then(serde_json::Value::as_str)),
        ),
    }
}

fn apis_mod(api: &Api, features: &Features) -> String {
    // Sorted by name, as rustfmt orders `mod` items.
    let mut mods: Vec<(&str, String, Option<String>)> = api
        .tags
        .iter()
        .map(|t| {
            (
                t.module.as_str(),
                format!("pub mod {};", t.module),
                features.tag_cfg_text(&t.name),
            )
        })
        .collect();
    if api.operations.iter().any(|op| !op.also_in.is_empty()) {
        mods.push(("shared", "mod shared;".to_owned(), features.shared_cfg(api)));
    }
    mods.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from("//! One module per API (spec tag).\n\n");
    for (_, item, cfg) in mods {
        if let Some(cfg) = cfg {
            out.push_str(&cfg);
            out.push('\n');
        }
        out.push_str(&item);
        out.push('\n');
    }
    out
}

fn models_mod(api: &Api, features: &Features) -> String {
    let mut out = String::with_capacity(api.models.len() * 120 + 100);
    out.push_str("//! The data types of the API, one module per schema.\n\n");
    for m in &api.models {
        if let Some(cfg) = features.model_cfg(&m.rust_name) {
            out.push_str(&cfg);
            out.push('\n');
        }
        out.push_str(&format!("mod {};\n", m.module));
    }
    out.push('\n');
    for m in &api.models {
        if let Some(cfg) = features.model_cfg(&m.rust_name) {
            out.push_str(&cfg);
            out.push('\n');
        }
        out.push_str(&format!("pub use {}::{};\n", m.module, m.rust_name));
    }
    out
}

fn cargo_toml(api: &Api, features: &Features, opts: &EmitOptions) -> String {
    let identity = opts.identity(api);
    let description = format!("Typed async client for the {}", api.title).replace('"', "'");
    let keywords: Vec<String> = keywords(api).iter().map(|k| format!("{k:?}")).collect();
    let mut examples = String::new();
    for example in runtime::examples(api) {
        let required: Vec<String> = example
            .tags(api)
            .iter()
            .filter_map(|t| features.tag_feature(t))
            .map(|f| format!("{f:?}"))
            .collect();
        if !required.is_empty() {
            examples.push_str(&format!(
                "\n[[example]]\nname = \"{}\"\nrequired-features = [{}]\n",
                example.name,
                required.join(", ")
            ));
        }
    }
    format!(
        r#"{header}[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = "{description}"
license = "MIT OR Apache-2.0"
keywords = [{keywords}]
categories = ["api-bindings", "web-programming::http-client"]
publish = false

[dependencies]
base64 = "0.22"
bytes = "1"
chrono = {{ version = "0.4", default-features = false, features = ["std", "serde"] }}
fastrand = "2"
futures-core = "0.3"
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
getrandom = "0.3"
httpdate = "1"
hyper = "1"
percent-encoding = "2"
reqwest = {{ version = "0.13", default-features = false, features = ["rustls", "http2"] }}
reqwest-middleware = "0.5"
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
sha2 = "0.10"
thiserror = "2"
tokio = {{ version = "1", features = ["io-util", "net", "sync", "time"] }}
tracing = "0.1"
url = "2"

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
{features}{examples}"#,
        header = header("#", opts),
        name = identity.name,
        version = identity.version,
        keywords = keywords.join(", "),
        features = features.cargo_table(),
    )
}

/// The crate's keywords (crates.io takes at most five): for a Genesys crate the vendor's names
/// and, for a crate of one API, that API.
fn keywords(api: &Api) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if super::is_genesys(api) {
        out.extend(["genesys".to_owned(), "purecloud".to_owned()]);
        match api.tags.as_slice() {
            [one] => {
                let k = one.module.trim_end_matches('_').replace('_', "-");
                if k.len() <= 20 && k.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    out.push(k);
                }
            }
            _ => out.push("genesys-cloud".to_owned()),
        }
    } else {
        out.push("openapi".to_owned());
    }
    out.extend(["sdk".to_owned(), "api".to_owned()]);
    out
}
