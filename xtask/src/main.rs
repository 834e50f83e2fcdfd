//! The project's commands, run as `cargo xtask <command>`.

mod codegen;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Codegen(args) => codegen::run(&args),
    }
}
