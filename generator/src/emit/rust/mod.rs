//! IR -> the files of the SDK crate.

mod models;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use super::{EmitOptions, header};
use crate::ir::Api;
use crate::output::FileSet;
use types::{doc_text, ident, inner_doc_attrs};

/// Adds the crate's Rust files and its manifest to `files`.
pub fn emit(api: &Api, opts: &EmitOptions, files: &mut FileSet) -> Result<(), String> {
    files.insert("Cargo.toml", cargo_toml(api, opts));
    // The generator formats its own output; `cargo fmt` must not fight it (`--check` would then
    // report every file as stale).
    let rustfmt = format!("{}disable_all_formatting = true\n", header("#", opts));
    files.insert("rustfmt.toml", rustfmt);
    files.insert("src/lib.rs", rust_file(opts, lib_rs(api))?);
    files.insert("src/models/mod.rs", rust_file(opts, models_mod(api))?);
    for model in &api.models {
        let path = format!("src/models/{}.rs", model.module);
        files.insert(path, rust_file(opts, models::model_file(model))?);
    }
    Ok(())
}

/// Formats `items` with prettyplease under the generated-file header.
fn rust_file(opts: &EmitOptions, items: TokenStream) -> Result<String, String> {
    let file: syn::File =
        syn::parse2(items).map_err(|e| format!("emitted Rust does not parse: {e}"))?;
    Ok(format!(
        "{}{}",
        header("//", opts),
        space_items(&prettyplease::unparse(&file))
    ))
}

/// prettyplease puts items right after each other; hand-written Rust has a blank line after each
/// item that ends a block, and after the imports.
fn space_items(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + src.len() / 16);
    let mut prev: Option<&str> = None;
    for line in src.lines() {
        if let Some(p) = prev {
            let indent = |l: &str| l.len() - l.trim_start().len();
            let (pt, lt) = (p.trim(), line.trim());
            let closes =
                (pt == "}" || pt == "};") && indent(p) == indent(line) && !lt.starts_with('}');
            let after_imports = pt.starts_with("use ") && !lt.starts_with("use ")
                || pt.starts_with("use std")
                    && lt.starts_with("use ")
                    && !lt.starts_with("use std");
            let after_mods = pt.starts_with("mod ") && !lt.starts_with("mod ")
                || pt.starts_with("#![") && !lt.starts_with("#![");
            if closes || after_imports || after_mods {
                out.push('\n');
            }
        }
        out.push_str(line);
        out.push('\n');
        prev = Some(line);
    }
    out
}

fn lib_rs(api: &Api) -> TokenStream {
    let mut text = format!(
        "{}\n\nA typed Rust client for the {} ({}).",
        doc_text(&api.title),
        doc_text(&api.title),
        api.version
    );
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(&doc_text(d));
    }
    let docs = inner_doc_attrs(&text);
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod models;
    }
}

fn models_mod(api: &Api) -> TokenStream {
    let mods = api.models.iter().map(|m| ident(&m.module));
    let uses = api.models.iter().map(|m| {
        let module = ident(&m.module);
        let name = ident(&m.rust_name);
        quote!(pub use #module::#name;)
    });
    quote! {
        //! The data types of the API, one module per schema.
        #(mod #mods;)*
        #(#uses)*
    }
}

fn cargo_toml(api: &Api, opts: &EmitOptions) -> String {
    let description = format!("Typed async client for the {}", api.title).replace('"', "'");
    format!(
        r#"{header}[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.85"
description = "{description}"
license = "MIT OR Apache-2.0"
keywords = ["genesys", "purecloud", "chat", "sdk", "api"]
categories = ["api-bindings", "web-programming::http-client"]
publish = false

[dependencies]
chrono = {{ version = "0.4", default-features = false, features = ["std", "serde"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = "1"
"#,
        header = header("#", opts),
        name = opts.crate_name,
        version = opts.crate_version,
    )
}
