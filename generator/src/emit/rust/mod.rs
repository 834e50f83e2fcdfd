//! The Rust surface -> the files of the SDK crate: manifest, `lib.rs`, models, API modules, the
//! operation table, the runtime copied from `templates/sdk/`, and the runtime crate beside it.
//!
//! Every Rust file is printed as text laid out the way rustfmt lays it out (see [`text`]); what
//! it says comes from the [`Surface`].

mod api;
mod crate_root;
pub mod features;
mod models;
mod operations;
mod runtime;
pub mod split;
pub mod text;
mod topics;

use super::{EmitOptions, header};
use crate::ir::{Api, Model, Tag};
use crate::output::FileSet;
use crate::surface::Surface;
use features::Features;
use split::Split;

pub use crate_root::error_body_model;

/// One Rust file of the crate.
#[derive(Debug, Clone, Copy)]
pub enum RustFile<'a> {
    Lib,
    ModelsMod,
    Model(&'a Model),
    ApisMod,
    Tag(&'a Tag),
    /// The builders of operations listed under several tags.
    Shared,
    Operations,
    /// The documented error codes, when the spec has any.
    ErrorCodes,
    /// The notification topics, when the spec has any.
    Topics,
}

impl RustFile<'_> {
    /// The file's path in the crate; a model's is in its model crate when the layout is split.
    pub fn path(&self, split: Option<&Split<'_>>) -> String {
        match self {
            Self::Lib => "src/lib.rs".to_owned(),
            Self::ModelsMod => "src/models/mod.rs".to_owned(),
            Self::Model(m) => match split {
                Some(split) => split.model_path(m),
                None => format!("src/models/{}.rs", m.module),
            },
            Self::ApisMod => "src/apis/mod.rs".to_owned(),
            Self::Tag(t) => format!("src/apis/{}.rs", t.module),
            Self::Shared => "src/apis/shared.rs".to_owned(),
            Self::Operations => "src/operations.rs".to_owned(),
            Self::ErrorCodes => "src/error_codes.rs".to_owned(),
            Self::Topics => "src/topics.rs".to_owned(),
        }
    }

    /// The file's text, after the header; `None` for a file this crate does not have.
    pub fn text(
        &self,
        surface: &Surface<'_>,
        features: &Features,
        split: Option<&Split<'_>>,
        opts: &EmitOptions,
    ) -> Option<String> {
        let api = surface.api;
        match self {
            Self::Lib => Some(crate_root::lib_rs(
                api,
                features,
                split,
                &opts.identity(api),
            )),
            Self::Model(m) => {
                let (_, s) = surface.model(&m.rust_name)?;
                Some(models::model_file(m, s))
            }
            Self::Tag(t) => Some(api::tag_module(surface, t)),
            Self::Operations => Some(operations::operations_module(
                surface,
                features,
                &opts.identity(api).ident(),
            )),
            Self::ErrorCodes => (!surface.error_codes.is_empty())
                .then(|| operations::error_codes_module(surface, &opts.identity(api).ident())),
            Self::ModelsMod => Some(match split {
                Some(split) => split.facade_models_mod(),
                None => crate_root::models_mod(api, features),
            }),
            Self::ApisMod => Some(crate_root::apis_mod(api, features)),
            Self::Shared => api::shared_module(surface, features),
            Self::Topics => topics::topics_module(api),
        }
    }

    /// The file's text, with the header.
    pub fn render(
        &self,
        surface: &Surface<'_>,
        features: &Features,
        split: Option<&Split<'_>>,
        opts: &EmitOptions,
    ) -> Result<String, String> {
        match self.text(surface, features, split, opts) {
            Some(text) => Ok(format!("{}{text}", header("//", opts))),
            None => Err(format!("{}: nothing to render", self.path(split))),
        }
    }
}

/// Every Rust file of the crate.
pub fn rust_files(api: &Api) -> Vec<RustFile<'_>> {
    let mut files = vec![
        RustFile::Lib,
        RustFile::ModelsMod,
        RustFile::ApisMod,
        RustFile::Operations,
    ];
    files.extend(api.models.iter().map(RustFile::Model));
    files.extend(api.tags.iter().map(RustFile::Tag));
    if api.operations.iter().any(|op| !op.also_in.is_empty()) {
        files.push(RustFile::Shared);
    }
    if has_error_codes(api) {
        files.push(RustFile::ErrorCodes);
    }
    if !api.topics.is_empty() {
        files.push(RustFile::Topics);
    }
    files
}

/// Whether any operation documents error codes (the crate then has `error_codes`).
pub fn has_error_codes(api: &Api) -> bool {
    api.operations.iter().any(|op| !op.error_codes.is_empty())
}

/// The crate's Cargo features (see [`features`]).
pub fn features(api: &Api) -> Features {
    let always: Vec<&str> = error_body_model(api)
        .map(|(m, _)| m.rust_name.as_str())
        .into_iter()
        .collect();
    Features::new(api, &always)
}

/// The files that are not Rust: the manifest, `rustfmt.toml`, the runtime crate and the SDK
/// crate's copied runtime; with a split layout, also the model crates' frames.
pub fn text_files(
    api: &Api,
    features: &Features,
    split: Option<&Split<'_>>,
    opts: &EmitOptions,
) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "Cargo.toml".to_owned(),
            crate_root::cargo_toml(api, features, split, opts),
        ),
        // The generator formats its own output; `cargo fmt` must not fight it (`--check` would
        // then report every file as stale).
        (
            "rustfmt.toml".to_owned(),
            format!("{}disable_all_formatting = true\n", header("#", opts)),
        ),
    ];
    let identity = opts.identity(api);
    out.extend(runtime::crate_files(&identity, opts));
    for (path, text) in runtime::SOURCES {
        if runtime::NOTIFICATIONS.contains(path) && api.topics.is_empty() {
            continue;
        }
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
    if let Some(split) = split {
        out.extend(split.files(opts));
    }
    out
}

/// Adds the crate's files to `files`, printing the Rust files on every core.
pub fn emit(surface: &Surface<'_>, opts: &EmitOptions, files: &mut FileSet) -> Result<(), String> {
    use rayon::prelude::*;
    let api = surface.api;
    let features = features(api);
    let split = split::plan(api, &features, opts);
    let split = split.as_ref();
    for (path, text) in text_files(api, &features, split, opts) {
        files.insert(path, text);
    }
    let rendered: Vec<(String, String)> = rust_files(api)
        .par_iter()
        .map(|file| {
            let text = file.render(surface, &features, split, opts)?;
            Ok((file.path(split), text))
        })
        .collect::<Result<_, String>>()?;
    for (path, text) in rendered {
        files.insert(path, text);
    }
    Ok(())
}
