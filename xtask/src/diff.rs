//! `cargo xtask diff OLD NEW [--format markdown|json] [--version V]`

use std::path::PathBuf;
use std::process::ExitCode;

use generator::diff::{Level, Report, diff, next_version};

use crate::project::{SdkManifest, diagnostics_failure, fail, read_source};

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
}

/// Loads two specs and classifies what changed.
pub fn compare(old: &PathBuf, new: &PathBuf) -> Result<Report, ExitCode> {
    let mut apis = Vec::new();
    for path in [old, new] {
        let source = read_source(path).map_err(|m| fail(&m))?;
        let (api, _) = generator::to_ir(&source).map_err(|d| diagnostics_failure(&d))?;
        apis.push(api);
    }
    Ok(diff(&apis[0], &apis[1]))
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

pub fn run(args: &Args) -> ExitCode {
    let report = match compare(&args.old, &args.new) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let current = match &args.version {
        Some(v) => v.clone(),
        None => match SdkManifest::read() {
            Ok(m) => m.package.version,
            Err(message) => return fail(&message),
        },
    };
    let next = match next_version(&current, report.level()) {
        Ok(v) => v,
        Err(message) => return fail(&message),
    };
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
            match serde_json::to_string_pretty(&json) {
                Ok(text) => println!("{text}"),
                Err(e) => return fail(&e.to_string()),
            }
        }
    }
    ExitCode::SUCCESS
}
