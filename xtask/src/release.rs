//! `cargo xtask release --from FILE [--tag Chat] [--preview-from FILE] [--dry-run]`
//!
//! Import, diff against the current spec, bump the SDK version, regenerate, and prepend the
//! release notes to `CHANGELOG.md`. Everything is computed in memory first; nothing is written
//! unless all of it succeeded, and `--dry-run` writes nothing at all.

use std::process::ExitCode;

use generator::diff::{diff, next_version};
use generator::load::Source;
use generator::output;

use crate::import::slice_file;
use crate::project::{
    SdkManifest, diagnostics_failure, display_name, fail, project_root, read_source, templates,
    write_atomic,
};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub source: crate::import::From,
    /// Show the release notes and the plan; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let root = project_root();
    let spec_path = root.join("spec/chat.yaml");
    let spec_name = display_name(&spec_path);

    // 1. Import.
    let sliced = match slice_file(&args.source, &spec_name) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // 2. Diff against the current spec.
    let old = match read_source(&spec_path) {
        Ok(s) => s,
        Err(m) => return fail(&m),
    };
    let new = Source::new(spec_name.clone(), sliced.yaml.clone());
    let (old_api, new_api) = match (generator::to_ir(&old), generator::to_ir(&new)) {
        (Ok((a, _)), Ok((b, _))) => (a, b),
        (Err(d), _) | (_, Err(d)) => return diagnostics_failure(&d),
    };
    let report = diff(&old_api, &new_api);
    // 3. The version.
    let manifest = match SdkManifest::read() {
        Ok(m) => m,
        Err(m) => return fail(&m),
    };
    let current = manifest.package.version.clone();
    let next = match next_version(&current, report.level()) {
        Ok(v) => v,
        Err(m) => return fail(&m),
    };
    let bump = crate::diff::bump_line(&report, &current, &next);
    if report.level().is_none() {
        eprintln!(
            "release: {spec_name} already matches {} ({}); nothing to release",
            display_name(&args.source.from),
            sliced.summary
        );
        return ExitCode::SUCCESS;
    }
    // 4. Regenerate, in memory.
    let mut bumped = manifest.clone();
    bumped.package.version.clone_from(&next);
    let templates = match templates(None) {
        Ok(t) => t,
        Err(d) => return diagnostics_failure(&d),
    };
    let generated = match generator::generate(&new, &bumped.emit_options(&spec_name, templates)) {
        Ok(g) => g,
        Err(d) => return diagnostics_failure(&d),
    };
    // 5. The changelog entry.
    let source_file = args
        .source
        .from
        .file_name()
        .map_or_else(String::new, |f| f.to_string_lossy().into_owned());
    let level = crate::diff::level_words(report.level());
    let entry = format!(
        "## {next}\n\nFrom `{source_file}`: {}. Version {next} (from {current}): {level} changes.\n\n{}",
        sliced.summary,
        report.markdown(3)
    );
    let changelog_path = root.join("CHANGELOG.md");
    let changelog = std::fs::read_to_string(&changelog_path).unwrap_or_default();
    let changelog = prepend(&changelog, &entry);

    println!("{}", report.markdown(1));
    println!("{bump}");
    if args.dry_run {
        eprintln!(
            "\nrelease --dry-run: would write spec/chat.yaml ({}), sdk.toml ({next}), CHANGELOG.md and generated/ ({} files); wrote nothing",
            sliced.summary,
            generated.files.len()
        );
        return ExitCode::SUCCESS;
    }

    // 6. Write: the generated crate first (atomically), then the inputs that describe it.
    let sdk_toml = match SdkManifest::with_version(&next) {
        Ok(t) => t,
        Err(m) => return fail(&m),
    };
    let written = output::write(
        &root.join("generated"),
        &generated.files,
        Default::default(),
    )
    .map_err(|e| format!("generated/: {e}"))
    .and_then(|r| {
        write_atomic(&spec_path, sliced.yaml.as_bytes())
            .map_err(|e| format!("spec/chat.yaml: {e}"))?;
        write_atomic(&SdkManifest::path(), sdk_toml.as_bytes())
            .map_err(|e| format!("sdk.toml: {e}"))?;
        write_atomic(&changelog_path, changelog.as_bytes())
            .map_err(|e| format!("CHANGELOG.md: {e}"))?;
        Ok(r)
    });
    match written {
        Ok(r) => {
            eprintln!(
                "\nrelease {next}: spec/chat.yaml ({}), sdk.toml, CHANGELOG.md, generated/ ({} written, {} unchanged, {} removed)",
                sliced.summary, r.written, r.unchanged, r.removed
            );
            eprintln!(
                "review before committing:\n  git diff --stat\n  git diff spec/chat.yaml CHANGELOG.md\n  git diff generated/docs/\n  cargo insta test --review\n  cargo test --workspace"
            );
            ExitCode::SUCCESS
        }
        Err(message) => fail(&format!("release stopped while writing {message}")),
    }
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
