//! OpenAPI 3.0 -> IR -> the Rust surface -> a Rust SDK crate and its Markdown reference docs.
//!
//! The pipeline runs one way: [`load`] parses the spec, [`lower`] builds the [`ir`],
//! [`surface`] works out how it looks in Rust, [`emit`] renders files into an in-memory
//! [`output::FileSet`], and [`output`] writes or checks them.
//! [`generate`] runs all of it; it is the only entry point the command line needs.

// A `Diagnostic` is large, but it only travels on the error path, once per problem.
#![allow(clippy::result_large_err)]

pub mod diagnostics;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod output;
pub mod preview;
pub mod slice;
pub mod surface;
pub mod topics;

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
    in_pool(source, || guarded(source, || load_and_lower(source)))
}

/// Runs `f` on the generator's threads ([`pool`]), whose stacks are large: parsing and lowering
/// recurse as deep as the spec nests, and a deeply nested spec must get a diagnostic, not a
/// stack overflow.
fn in_pool<T: Send>(
    source: &Source,
    f: impl FnOnce() -> Result<T, Diagnostics> + Send,
) -> Result<T, Diagnostics> {
    match pool() {
        Ok(pool) => pool.install(f),
        Err(e) => {
            let mut diags = Diagnostics::default();
            diags.push(Diagnostic::error(
                "",
                format!("cannot start the generator's threads: {e}"),
            ));
            diags.finish(&source.name, |_| None);
            Err(diags)
        }
    }
}

/// The generator's threads, one per core, each with a stack large enough for the deepest
/// document (address space: only the pages used are committed). Reading, lowering and
/// emitting all run here, so memory one stage frees is reused by the next on the same
/// threads.
pub(crate) fn pool() -> Result<&'static rayon::ThreadPool, &'static str> {
    const STACK: usize = 512 << 20;
    static POOL: std::sync::OnceLock<Result<rayon::ThreadPool, String>> =
        std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .stack_size(STACK)
            .thread_name(|i| format!("generator-{i}"))
            .build()
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(String::as_str)
}

fn load_and_lower(source: &Source) -> Result<(ir::Api, Diagnostics), Diagnostics> {
    load_lower_then(source, |_| ()).map(|(api, diags, ())| (api, diags))
}

/// Loads and lowers a spec, then runs `then` on the IR. `then` runs while the document may
/// still be checked against the OpenAPI schema on another core: that check's warnings are only
/// reported, and nothing waits for them. It does not run when lowering found an error, which is
/// then returned. (When the check finds that the document needs a repair the typed read could
/// not see, the first IR and what `then` made of it are thrown away, and the repaired document
/// is lowered, and `then` run, again.)
fn load_lower_then<X>(
    source: &Source,
    then: impl Fn(&ir::Api) -> X,
) -> Result<(ir::Api, Diagnostics, X), Diagnostics> {
    let mut diags = Diagnostics::default();
    let lowered = |spec: &openapiv3::OpenAPI| {
        let mut diags = Diagnostics::default();
        let api = lower::lower(spec, &mut diags);
        let after = (!diags.has_errors()).then(|| then(&api));
        (api, diags, after)
    };
    // Lowering starts while the schema check still runs beside it.
    let result = match load::load_then(source, lowered) {
        Ok((loaded, early)) => {
            let (api, lowering, after) = early.unwrap_or_else(|| lowered(&loaded.spec));
            // The document is no longer needed: freed on another core, off the way to the output
            // (a tree of a hundred thousand allocations for the whole platform).
            let load::Loaded {
                spec,
                origin,
                swagger,
                warnings,
                schema_warnings,
            } = loaded;
            rayon::spawn(move || drop(spec));
            diags.extend(lowering);
            if let Some(origin) = &origin {
                diags.repoint(|p| origin.original(p));
            }
            if swagger {
                diags.reword(load::swagger2::reword);
            }
            diags.extend(warnings);
            // What the schema says about a place something else already spoke of is left out;
            // so is its vague "none of the forms" when something inside says more.
            for issue in schema_warnings {
                let at = &issue.diagnostic.pointer;
                let inside = format!("{at}/");
                let covered = diags
                    .iter()
                    .any(|o| o.pointer == *at || (issue.vague && o.pointer.starts_with(&inside)));
                if !covered {
                    diags.push(issue.diagnostic);
                }
            }
            Some((api, after))
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    diags.finish(&source.name, |p| source.locate(p));
    match result {
        // No error, so lowering found none, and `then` ran.
        Some((api, Some(after))) if !diags.has_errors() => Ok((api, diags, after)),
        _ => Err(diags),
    }
}

/// Runs the whole pipeline in memory. Nothing is written.
pub fn generate(source: &Source, opts: &EmitOptions) -> Result<Generated, Diagnostics> {
    in_pool(source, || generate_here(source, opts))
}

/// What emitting the crate and the docs gave: the files, or an emitter bug (a message), or
/// diagnostics (a template error, or a crash turned into one).
type Emitted = Result<Result<FileSet, String>, Diagnostics>;

fn generate_here(source: &Source, opts: &EmitOptions) -> Result<Generated, Diagnostics> {
    // The crate and the docs are emitted as soon as the IR is there, while the schema check
    // may still run beside them.
    let (api, warnings, emitted) = guarded(source, || {
        load_lower_then(source, |api| emit_all(source, api, opts))
    })?;
    match emitted? {
        Ok(files) => Ok(Generated {
            api,
            files,
            warnings,
        }),
        Err(message) => {
            // An emitter bug, not a spec problem: still a diagnostic, never a panic.
            let mut diags = warnings;
            diags.push(Diagnostic::error("", format!("internal error: {message}")));
            diags.finish(&source.name, |_| None);
            Err(diags)
        }
    }
}

/// The crate and the docs of `api`, built side by side, each on every core.
fn emit_all(source: &Source, api: &ir::Api, opts: &EmitOptions) -> Emitted {
    let surface = guarded(source, || Ok(surface::Surface::of(api)))?;
    let (mut files, mut docs) = (FileSet::default(), FileSet::default());
    let (emitted, documented) = rayon::join(
        || guarded(source, || Ok(emit::rust::emit(&surface, opts, &mut files))),
        || {
            guarded(source, || {
                emit::docs::emit(&surface, opts, &opts.templates, &mut docs)
            })
        },
    );
    drop(surface);
    if let Err(message) = emitted? {
        return Ok(Err(message));
    }
    documented?;
    files.extend(docs);
    Ok(Ok(files))
}

/// Runs `f`, turning a panic (a generator bug, or one in a dependency) into a diagnostic, so that
/// a user always gets a report and an untouched output directory.
fn guarded<T>(
    source: &Source,
    f: impl FnOnce() -> Result<T, Diagnostics>,
) -> Result<T, Diagnostics> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let mut diags = Diagnostics::default();
        diags.push(
            Diagnostic::error(
                "",
                format!("internal error: the generator crashed on this spec: {what}"),
            )
            .with_help("please report this, with the spec, as a bug of the generator"),
        );
        diags.finish(&source.name, |_| None);
        Err(diags)
    })
}
