//! OpenAPI 3.0 -> IR -> a Rust SDK crate (and, later, Markdown docs).
//!
//! The pipeline runs one way: [`load`] parses the spec, [`lower`] builds the [`ir`], [`emit`]
//! renders files into an in-memory [`output::FileSet`], and [`output`] writes or checks them.
//! [`generate`] runs all of it; it is the only entry point the command line needs.

// A `Diagnostic` is large, but it only travels on the error path, once per problem.
#![allow(clippy::result_large_err)]

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod output;

use diagnostics::{Diagnostic, Diagnostics};
use emit::EmitOptions;
use load::Source;
use output::FileSet;

/// A successful run: the IR, the files, and any warnings.
#[derive(Debug)]
pub struct Generated {
    pub api: ir::Api,
    pub files: FileSet,
    pub warnings: Diagnostics,
}

/// Loads and lowers a spec. On success the returned diagnostics hold only warnings.
pub fn to_ir(source: &Source) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let result = match load::load(source) {
        Ok(spec) => Some(lower::lower(&spec, &mut diags)),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    diags.finish(&source.name, |p| source.locate(p));
    match result {
        Some(api) if !diags.has_errors() => Ok((api, diags)),
        _ => Err(diags),
    }
}

/// Runs the whole pipeline in memory. Nothing is written.
pub fn generate(source: &Source, opts: &EmitOptions) -> Result<Generated, Diagnostics> {
    let (api, warnings) = to_ir(source)?;
    let mut files = FileSet::default();
    if let Err(message) = emit::rust::emit(&api, opts, &mut files) {
        // An emitter bug, not a spec problem: still a diagnostic, never a panic.
        let mut diags = warnings;
        diags.push(Diagnostic::error("", format!("internal error: {message}")));
        diags.finish(&source.name, |_| None);
        return Err(diags);
    }
    Ok(Generated {
        api,
        files,
        warnings,
    })
}
