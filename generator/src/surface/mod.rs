//! How the API looks in Rust, worked out once from the IR: each type's spelling, each field's
//! `Option`, `Box` and `Default`, each input as an argument or a builder setter, what `send`
//! returns, history pagination resolved to fields (or none), the cargo feature of each API, and
//! what each API module imports.
//!
//! The Rust emitter prints it, the docs emitter describes it, and the diff compares it; none of
//! them re-derives it. It reads only the IR.

mod errors;
mod example;
mod imports;
mod inputs;
mod models;
mod pagination;
mod types;

pub use errors::{ErrorCodeConst, ErrorCodes};
pub use example::{Example, ExampleField};
pub use imports::Imports;
pub use inputs::{Input, ObjectStyle, Passing, Returns, Source, Write};
pub use models::{FieldSurface, ModelSurface, Presence};
pub use pagination::{Access, Cursor, History};
pub use types::{Spelling, has_default, is_string, spell};

use serde::Serialize;

use crate::ir::{Api, Model, Operation, Permissions, Tag};

/// The Rust surface of an [`Api`].
#[derive(Debug)]
pub struct Surface<'a> {
    pub api: &'a Api,
    /// Parallel to `api.models`.
    pub models: Vec<ModelSurface>,
    /// Parallel to `api.operations`.
    pub operations: Vec<OperationSurface>,
    /// The documented error codes, as constants of the `error_codes` module.
    pub error_codes: Vec<ErrorCodeConst>,
}

/// One operation in Rust: its method's arguments and its builder's setters, what `send`
/// returns, and its history stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationSurface {
    /// Parameters in spec order, then the body.
    pub inputs: Vec<Input>,
    pub returns: Returns,
    /// `.stream()`, when the operation reads a history that can be emitted.
    pub history: Option<History>,
    /// The constants of the error codes it documents, in spec order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub error_codes: Vec<String>,
}

impl OperationSurface {
    /// The method's arguments, in order.
    pub fn arguments(&self) -> impl Iterator<Item = &Input> {
        self.inputs
            .iter()
            .filter(|i| i.passing == Passing::Argument)
    }

    /// The builder's setters, in order.
    pub fn setters(&self) -> impl Iterator<Item = &Input> {
        self.inputs.iter().filter(|i| i.passing == Passing::Setter)
    }
}

impl<'a> Surface<'a> {
    /// Works out the surface of `api`.
    pub fn of(api: &'a Api) -> Self {
        let errors = ErrorCodes::of(api);
        Self {
            api,
            models: api.models.iter().map(ModelSurface::of).collect(),
            operations: api
                .operations
                .iter()
                .zip(errors.per_operation)
                .map(|(op, error_codes)| OperationSurface {
                    inputs: inputs::inputs(api, op),
                    returns: inputs::returns(op),
                    history: pagination::history(api, op),
                    error_codes,
                })
                .collect(),
            error_codes: errors.consts,
        }
    }

    /// The surface of `op`, an operation of this API.
    ///
    /// # Panics
    ///
    /// If `op` is not one of the API's operations: a bug of the caller.
    pub fn operation(&self, op: &Operation) -> &OperationSurface {
        let i = self
            .api
            .operations
            .binary_search_by(|o| o.id.as_str().cmp(&op.id))
            .unwrap_or_else(|_| panic!("operation `{}` is not in the IR", op.id));
        &self.operations[i]
    }

    /// The model of this Rust name and its surface, if there is one.
    pub fn model(&self, rust_name: &str) -> Option<(&'a Model, &ModelSurface)> {
        let i = self
            .api
            .models
            .binary_search_by(|m| m.rust_name.as_str().cmp(rust_name))
            .ok()?;
        Some((&self.api.models[i], &self.models[i]))
    }

    /// The operations listed under `tag`, with their surfaces, sorted by operation id.
    pub fn tag_operations<'s>(
        &'s self,
        tag: &'s Tag,
    ) -> impl Iterator<Item = (&'a Operation, &'s OperationSurface)> + 's {
        self.api
            .operations
            .iter()
            .zip(&self.operations)
            .filter(move |(o, _)| o.tags().any(|t| t == tag.name))
    }
}

/// The cargo feature of an API, in a crate of several: `chat`, `telephony-providers-edge`.
pub fn feature_name(tag: &Tag) -> String {
    // `default` is Cargo's own feature.
    let name = tag.module.trim_end_matches('_').replace('_', "-");
    if name == "default" {
        "default-api".to_owned()
    } else {
        name
    }
}

/// `Requires ANY permissions: `a`, `b``, as the official pages put it.
pub fn permissions_sentence(permissions: &Permissions) -> String {
    match permissions {
        Permissions::None => "Requires NO permissions.".to_owned(),
        _ => {
            let items: Vec<String> = permissions
                .list()
                .iter()
                .map(|p| format!("`{p}`"))
                .collect();
            format!(
                "Requires {} permissions: {}",
                permissions.kind(),
                items.join(", ")
            )
        }
    }
}
