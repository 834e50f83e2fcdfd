//! `cargo xtask release --from FILE [--tag Chat] [--preview-from FILE] [--dry-run]`
//!
//! Import, diff against the current spec, bump the SDK version, regenerate, and prepend the
//! release notes to `CHANGELOG.md`. Everything is computed in memory first; nothing is written
//! unless all of it succeeded, and `--dry-run` writes nothing at all.

use anyhow::{Context as _, Result, anyhow};
use generator::diff::{diff, next_version};
use generator::load::Source;
use generator::output;

use crate::import::slice_file;
use crate::project::{
    SdkManifest, SpecProblems, display_name, paths, read_source, templates, to_ir, write_atomic,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub source: crate::import::Upstream,
    /// Show the release notes and the plan; write nothing (cargo-semver-checks does not run).
    #[arg(long)]
    pub dry_run: bool,
    /// Do not run cargo-semver-checks against the previous release before writing.
    #[arg(long)]
    pub no_semver_checks: bool,
}

pub fn run(args: &Args) -> Result<()> {
    let spec_path = paths::spec();
    let spec_name = display_name(&spec_path);

    // 1. Import.
    let sliced = slice_file(&args.source, &spec_path)?;
    // 2. Diff against the current spec.
    let old = read_source(&spec_path)?;
    let new = Source::new(spec_name.clone(), sliced.yaml.clone());
    let new_ir = to_ir(&new)?;
    let report = diff(&to_ir(&old)?, &new_ir);
    // 3. The version.
    let manifest = SdkManifest::read()?;
    let current = manifest.package.version.clone();
    let next = next_version(&current, report.level()).map_err(anyhow::Error::msg)?;
    let bump = crate::diff::bump_line(&report, &current, &next);
    if report.level().is_none() {
        eprintln!(
            "release: {spec_name} already matches {} ({}); nothing to release",
            display_name(&args.source.from),
            sliced.summary
        );
        return Ok(());
    }
    // 4. Regenerate, in memory.
    let mut bumped = manifest.clone();
    bumped.package.version.clone_from(&next);
    let generated = generator::generate(&new, &bumped.emit_options(&spec_name, templates(None)?))
        .map_err(SpecProblems)?;
    // 5. The changelog entry.
    let source_file = args
        .source
        .from
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let level = crate::diff::level_words(report.level());
    let entry = format!(
        "## {next}\n\nFrom `{source_file}` (upstream `info.version` {}): {}. Version {next} (from {current}): {level} changes.\n\n{}",
        new_ir.version,
        sliced.summary,
        report.markdown(3)
    );
    let changelog = std::fs::read_to_string(paths::changelog()).unwrap_or_default();
    let changelog = prepend(&changelog, &entry);

    println!("{}", report.markdown(1));
    println!("{bump}");
    if args.dry_run {
        let drift = output::check(&paths::generated(), &generated.files)
            .map_err(|e| anyhow!("cannot compare generated/: {e}"))?;
        eprintln!(
            "\nrelease --dry-run: would write spec/chat.yaml ({}), sdk.toml ({next}), CHANGELOG.md and generated/ ({} of {} files changed, {} new, {} removed); wrote nothing",
            sliced.summary,
            drift
                .stale
                .iter()
                .filter(|p| *p != output::MANIFEST)
                .count(),
            generated.files.len(),
            drift.missing.len(),
            drift.extra.len()
        );
        return Ok(());
    }

    // 6. A second opinion from the compiled API: a bump too small for it is refused.
    if !args.no_semver_checks {
        crate::semver_checks::gate(&paths::generated(), &generated.files, &current, &next)
            .context("release refused, nothing was written")?;
    }
    // 7. Write: the generated crate first (atomically), then the inputs that describe it.
    let sdk_toml = SdkManifest::with_version(&next)?;
    let r = output::write(&paths::generated(), &generated.files, Default::default())
        .map_err(|e| anyhow!("release stopped while writing generated/: {e}"))?;
    write_atomic(&spec_path, sliced.yaml.as_bytes()).context("release stopped")?;
    write_atomic(&paths::sdk_toml(), sdk_toml.as_bytes()).context("release stopped")?;
    write_atomic(&paths::changelog(), changelog.as_bytes()).context("release stopped")?;
    eprintln!(
        "\nrelease {next}: spec/chat.yaml ({}), sdk.toml, CHANGELOG.md, generated/ ({} written, {} unchanged, {} removed)",
        sliced.summary, r.written, r.unchanged, r.removed
    );
    eprintln!(
        "review before committing:\n  git diff --stat\n  git diff spec/chat.yaml CHANGELOG.md\n  git diff generated/docs/\n  cargo insta test --review\n  cargo test --workspace"
    );
    Ok(())
}

/// `entry` placed after the changelog's title (created when missing), before older entries.
fn prepend(changelog: &str, entry: &str) -> String {
    const TITLE: &str = "# Changelog\n";
    let rest = changelog
        .strip_prefix(TITLE)
        .unwrap_or(changelog)
        .trim_start();
    if rest.is_empty() {
        format!("{TITLE}\n{}", entry.trim_end()) + "\n"
    } else {
        format!("{TITLE}\n{}\n\n{rest}", entry.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::prepend;

    #[test]
    fn entries_go_on_top_under_the_title() {
        assert_eq!(
            prepend("", "## 1.0.0\n\nA\n"),
            "# Changelog\n\n## 1.0.0\n\nA\n"
        );
        assert_eq!(
            prepend("# Changelog\n\n## 1.0.0\n\nA\n", "## 2.0.0\n\nB\n"),
            "# Changelog\n\n## 2.0.0\n\nB\n\n## 1.0.0\n\nA\n"
        );
    }
}
