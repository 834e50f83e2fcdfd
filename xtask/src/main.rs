//! The project's commands, run as `cargo xtask <command>`.

mod bench;
mod codegen;
mod diff;
mod fuzz;
mod import;
mod project;
mod release;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Generation makes millions of small allocations on every core; the system allocator spends a
// third of the run in itself (measured with `perf`), mimalloc a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    /// Time each stage of generation (optimized build), with peak memory.
    Bench(bench::Args),
    /// Run the generator on mutated specs; fail on any crash.
    Fuzz(fuzz::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Codegen(args) => codegen::run(&args),
        Command::Diff(args) => diff::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Release(args) => release::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Fuzz(args) => fuzz::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
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
