//! `cargo xtask diff OLD NEW [--format markdown|json] [--version V] [--fail-on LEVEL]`

use std::path::Path;
use std::path::PathBuf;

use anyhow::Result;
use generator::diff::{Level, Report, diff, next_version};

use crate::project::{SdkManifest, read_source, to_ir};

#[derive(clap::ValueEnum, Debug, Clone, Copy, Default)]
pub enum Format {
    #[default]
    Markdown,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The earlier spec.
    pub old: PathBuf,
    /// The later spec.
    pub new: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// The SDK version the earlier spec was released as (default: `sdk.toml`).
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,
    /// Exit with 1 when there is a change of this level or above (for CI: `--fail-on major`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum FailOn {
    Major,
    Minor,
    Point,
}

impl FailOn {
    fn level(self) -> Level {
        match self {
            FailOn::Major => Level::Major,
            FailOn::Minor => Level::Minor,
            FailOn::Point => Level::Point,
        }
    }
}

/// Loads two specs and classifies what changed.
pub fn compare(old: &Path, new: &Path) -> Result<Report> {
    let old = to_ir(&read_source(old)?)?;
    let new = to_ir(&read_source(new)?)?;
    Ok(diff(&old, &new))
}

/// "major (breaking)".
pub fn level_words(level: Option<Level>) -> &'static str {
    match level {
        Some(Level::Major) => "major (breaking)",
        Some(Level::Minor) => "minor (additions)",
        Some(Level::Point) => "point (text only)",
        None => "no",
    }
}

/// "Suggested version: 0.2.0 (from 0.1.0; major (breaking) changes)".
pub fn bump_line(report: &Report, current: &str, next: &str) -> String {
    format!(
        "Suggested version: {next} (from {current}; {} changes)",
        level_words(report.level())
    )
}

pub fn run(args: &Args) -> Result<()> {
    let report = compare(&args.old, &args.new)?;
    let current = match &args.version {
        Some(v) => v.clone(),
        None => SdkManifest::read()?.package.version,
    };
    let next = next_version(&current, report.level()).map_err(anyhow::Error::msg)?;
    match args.format {
        Format::Markdown => {
            print!("{}", report.markdown(1));
            println!("\n{}", bump_line(&report, &current, &next));
        }
        Format::Json => {
            let json = serde_json::json!({
                "current_version": current,
                "suggested_version": next,
                "level": report.level(),
                "counts": {
                    "major": report.count(Level::Major),
                    "minor": report.count(Level::Minor),
                    "point": report.count(Level::Point),
                },
                "changes": report.changes,
            });
            println!("{}", serde_json::to_string_pretty(&json)?);
        }
    }
    if let (Some(fail_on), Some(level)) = (args.fail_on, report.level()) {
        if level <= fail_on.level() {
            eprintln!(
                "diff: {} changes (--fail-on {})",
                level_words(Some(level)),
                fail_on.level().title().to_lowercase()
            );
            return Err(crate::project::Reported.into());
        }
    }
    Ok(())
}
