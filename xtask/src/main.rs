//! The project's commands, run as `cargo xtask <command>`.

mod bench;
mod codegen;
mod diff;
mod fuzz;
mod import;
mod project;
mod release;
mod review;
mod semver_checks;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Generation makes millions of small allocations on every core; the system allocator spends a
// third of the run in itself (measured with `perf`), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in `mimalloc.h` (v2 and v3; the sys crate names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Generation frees and allocates hundreds of megabytes between its stages. By default mimalloc
/// gives freed memory back to the OS after 10 ms, and the next stage faults it in again, each
/// page zeroed by the kernel (2 MiB at a time where transparent huge pages are on): a fifth of a
/// platform run was the kernel clearing pages (measured with `perf`). Keeping freed memory for a
/// second cuts the system time in half; the process is short-lived, its peak RSS barely moves.
fn keep_freed_memory_a_while() {
    // SAFETY: sets a plain integer option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000) };
}

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Project commands for the Genesys Cloud SDK generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the SDK crate from the spec (or check that it is up to date).
    Codegen(codegen::Args),
    /// Classify the changes between two specs; print release notes and the version bump.
    Diff(diff::Args),
    /// Slice one tag's operations, and the schemas they reach, out of a platform document.
    Import(import::Args),
    /// Import, diff, bump the version, regenerate and update CHANGELOG.md, in one go.
    Release(release::Args),
    /// What a change does to users: spec, Rust API and semver, files and cost, base vs head.
    Review(review::Args),
    /// Time each stage of generation (optimized build), with peak memory.
    Bench(bench::Args),
    /// Run the generator on mutated specs; fail on any crash.
    Fuzz(fuzz::Args),
}

fn main() -> ExitCode {
    keep_freed_memory_a_while();
    let result = match Cli::parse().command {
        Command::Codegen(args) => codegen::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Release(args) => release::run(&args),
        Command::Review(args) => review::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Fuzz(args) => fuzz::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<project::Refused>().is_some() => ExitCode::from(2),
        Err(e) => {
            if let Some(project::SpecProblems(diags)) = e.downcast_ref() {
                eprintln!("{diags}");
                eprintln!("nothing was written");
            } else if e.downcast_ref::<project::Reported>().is_none() {
                eprintln!("error: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}
