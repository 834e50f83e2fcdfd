//! The review report: Markdown sized for a pull request comment, or JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use anyhow::Result;
use generator::diff::{Level, Report};
use generator::output::{FileSet, MANIFEST};
use heck::ToSnakeCase as _;
use serde::Serialize;

use super::rust_api::ApiChange;

/// At most this many lines per section of the Markdown report; the rest are counted.
const SHOWN: usize = 25;

#[derive(Debug, Serialize)]
pub struct Side {
    pub revision: String,
    pub version: String,
}

impl Side {
    pub fn describe(revision: &str, version: &str) -> Self {
        Self {
            revision: revision.to_owned(),
            version: version.to_owned(),
        }
    }
}

/// Generated files added, changed and removed, per group (an API, `models`, the rest).
#[derive(Debug, Default, Serialize)]
pub struct Files {
    pub groups: BTreeMap<String, [usize; 3]>,
}

impl Files {
    pub fn compare(base: &Path, head: &Path) -> Result<Self> {
        let (a, b) = (FileSet::read_dir(base)?, FileSet::read_dir(head)?);
        let mut groups: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        for (path, contents) in b.iter().filter(|(p, _)| *p != MANIFEST) {
            match a.get(path) {
                None => groups.entry(group(path)).or_default()[0] += 1,
                Some(old) if old != contents => groups.entry(group(path)).or_default()[1] += 1,
                Some(_) => {}
            }
        }
        for (path, _) in a.iter().filter(|(p, _)| *p != MANIFEST) {
            if b.get(path).is_none() {
                groups.entry(group(path)).or_default()[2] += 1;
            }
        }
        Ok(Self { groups })
    }

    pub fn changed(&self) -> usize {
        self.groups.values().map(|c| c.iter().sum::<usize>()).sum()
    }
}

/// `src/apis/chat.rs` and `docs/ChatApi.md` -> `API chat`; models and their pages -> `models`
/// (a split layout's `crates/*/src/models/` too).
fn group(path: &str) -> String {
    if let Some(api) = path
        .strip_prefix("src/apis/")
        .and_then(|p| p.strip_suffix(".rs"))
        .filter(|p| *p != "mod")
    {
        return format!("API {api}");
    }
    if let Some(page) = path
        .strip_prefix("docs/")
        .and_then(|p| p.strip_suffix("Api.md"))
    {
        return format!("API {}", page.to_snake_case());
    }
    if path.starts_with("src/models/")
        || (path.starts_with("crates/") && path.contains("/src/models/"))
        || (path.starts_with("docs/") && path != "docs/Notifications.md")
    {
        return "models".to_owned();
    }
    "crate (runtime, README, manifests)".to_owned()
}

#[derive(Debug, Serialize)]
pub struct Cost {
    /// Lines of generated Rust, base and head.
    pub lines: (usize, usize),
    /// Crates generated (the SDK crate, its runtime crate, and the model crates of a split
    /// layout), base and head.
    pub crates: (usize, usize),
    /// `cargo check` of the crate, base and head.
    pub check: Option<(Duration, Duration)>,
}

#[derive(Debug)]
pub struct Review {
    pub base: Side,
    pub head: Side,
    /// The largest change: spec, Rust API, or generated text.
    pub level: Option<Level>,
    /// The version the change requires, from the base's.
    pub required_version: String,
    pub spec: Report,
    pub rust: Vec<ApiChange>,
    pub files: Files,
    pub cost: Cost,
}

impl Review {
    /// Whether the head's version carries the bump the change needs.
    fn bumped_enough(&self) -> bool {
        match (
            semver::Version::parse(&self.head.version),
            semver::Version::parse(&self.required_version),
        ) {
            (Ok(have), Ok(need)) => have >= need,
            _ => false,
        }
    }

    /// A breaking change without a breaking bump: CI fails.
    pub fn refused(&self) -> bool {
        self.level == Some(Level::Major) && !self.bumped_enough()
    }

    fn verdict(&self) -> String {
        let words = crate::diff::level_words(self.level);
        let carried = if self.level.is_none() || self.bumped_enough() {
            format!("`sdk.toml` has {}: enough", self.head.version)
        } else if self.refused() {
            format!(
                "`sdk.toml` has {}: **not enough, a breaking change needs {}**",
                self.head.version, self.required_version
            )
        } else {
            format!(
                "`sdk.toml` has {}; the release will need {}",
                self.head.version, self.required_version
            )
        };
        format!(
            "**Semver: {words} changes** (from {}, this needs {}); {carried}.",
            self.base.version, self.required_version
        )
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "## Review: `{}` -> `{}`\n\n{}\n",
            self.base.revision,
            self.head.revision,
            self.verdict()
        );
        // The spec.
        let _ = writeln!(
            out,
            "### Spec changes: {} major, {} minor, {} point\n",
            self.spec.count(Level::Major),
            self.spec.count(Level::Minor),
            self.spec.count(Level::Point)
        );
        let mut lines: Vec<String> = self
            .spec
            .changes
            .iter()
            .map(|c| {
                let subject = match &c.rust {
                    Some(rust) => format!("`{rust}`"),
                    None => format!("`{}`", c.subject),
                };
                format!("- {}: {subject}: {}", c.level.title(), c.message)
            })
            .collect();
        bounded(&mut out, &mut lines, "spec changes");
        // The Rust API.
        let count = |l| self.rust.iter().filter(|c| c.level == l).count();
        let _ = writeln!(
            out,
            "### Rust API changes: {} breaking, {} additions\n",
            count(Level::Major),
            count(Level::Minor)
        );
        let mut by_module: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for c in &self.rust {
            by_module.entry(&c.module).or_default().push(format!(
                "- {}: `{}`: {}",
                if c.level == Level::Major {
                    "breaking"
                } else {
                    "addition"
                },
                c.path,
                c.message
            ));
        }
        for (module, mut lines) in by_module {
            let _ = writeln!(out, "#### `{module}`\n");
            bounded(&mut out, &mut lines, "API changes");
        }
        if self.rust.is_empty() {
            out.push_str("None.\n\n");
        }
        // Files.
        let _ = writeln!(
            out,
            "### Generated files: {} changed\n",
            self.files.changed()
        );
        if !self.files.groups.is_empty() {
            out.push_str("| | added | changed | removed |\n|---|---|---|---|\n");
            for (group, [a, c, r]) in &self.files.groups {
                let _ = writeln!(out, "| {group} | {a} | {c} | {r} |");
            }
            out.push('\n');
        }
        // Cost.
        let (a, b) = self.cost.lines;
        let _ = writeln!(out, "### Cost\n\n| | base | head |\n|---|---|---|");
        let _ = writeln!(out, "| generated Rust lines | {a} | {b} |");
        // Shown when the count changed, or a side is split: every SDK has its runtime crate.
        let (a, b) = self.cost.crates;
        if a != b || a.max(b) > 2 {
            let _ = writeln!(
                out,
                "| crates (the SDK crate, its runtime crate and a split layout's model crates) | {a} | {b} |"
            );
        }
        if let Some((x, y)) = self.cost.check {
            let _ = writeln!(
                out,
                "| `cargo check` of the crate (median of 3, dependencies built) | {:.2} s | {:.2} s |",
                x.as_secs_f64(),
                y.as_secs_f64()
            );
        }
        out
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "base": self.base,
            "head": self.head,
            "level": self.level,
            "required_version": self.required_version,
            "refused": self.refused(),
            "spec_changes": self.spec.changes,
            "rust_api_changes": self.rust,
            "files": self.files.groups,
            "cost": {
                "generated_rust_lines": { "base": self.cost.lines.0, "head": self.cost.lines.1 },
                "crates": { "base": self.cost.crates.0, "head": self.cost.crates.1 },
                "check_seconds": self.cost.check.map(|(a, b)| serde_json::json!({
                    "base": a.as_secs_f64(),
                    "head": b.as_secs_f64(),
                })),
            },
        })
    }
}

/// Writes `lines`, at most [`SHOWN`] of them, and how many were left out.
fn bounded(out: &mut String, lines: &mut Vec<String>, what: &str) {
    let more = lines.len().saturating_sub(SHOWN);
    lines.truncate(SHOWN);
    for l in lines.iter() {
        let _ = writeln!(out, "{l}");
    }
    if more > 0 {
        let _ = writeln!(
            out,
            "- ... and {more} more {what} (`--format json` lists all)"
        );
    }
    if !lines.is_empty() {
        out.push('\n');
    }
}
