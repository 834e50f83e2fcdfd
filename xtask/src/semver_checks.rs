//! cargo-semver-checks as the last gate of a release: the crate about to be released against the
//! previous one (`generated/` as committed). A release whose version bump is too small for what
//! it finds is refused. Our rules see more (type changes, behaviour); this is a second opinion
//! from the compiled API.

use std::path::Path;
use std::process::Command;

use anyhow::{Context as _, Result, bail};
use generator::output::FileSet;

/// Whether `current` -> `next` is a breaking bump the way Cargo reads semver.
fn breaking(current: &str, next: &str) -> Result<bool> {
    let (a, b) = (
        semver::Version::parse(current)?,
        semver::Version::parse(next)?,
    );
    Ok(if a.major == 0 {
        b.major > 0 || b.minor > a.minor
    } else {
        b.major > a.major
    })
}

/// Refuses the release when cargo-semver-checks finds a break that the bump from `current` to
/// `next` may not carry. A breaking bump may carry anything: nothing to check.
pub fn gate(previous: &Path, files: &FileSet, current: &str, next: &str) -> Result<()> {
    if breaking(current, next)? {
        eprintln!("release: cargo-semver-checks not needed ({current} -> {next} may break)");
        return Ok(());
    }
    let installed = Command::new("cargo")
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        bail!(
            "cargo-semver-checks is not installed; install it (`cargo install cargo-semver-checks --locked`) or pass --no-semver-checks"
        );
    }
    let scratch = tempfile::tempdir().context("cannot make a scratch directory")?;
    let lock = crate::project::paths::root().join("Cargo.lock");
    let base = scratch.path().join("previous");
    let head = scratch.path().join("next");
    generator::output::write(&base, &FileSet::read_dir(previous)?, Default::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    generator::output::write(&head, files, Default::default())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    for dir in [&base, &head] {
        std::fs::copy(&lock, dir.join("Cargo.lock"))?;
    }
    eprintln!("release: cargo-semver-checks of {next} against {current} ...");
    let out = Command::new("cargo")
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .arg("--baseline-root")
        .arg(&base)
        .arg("--manifest-path")
        .arg(head.join("Cargo.toml"))
        .env(
            "CARGO_TARGET_DIR",
            crate::project::paths::root().join("target/semver-checks"),
        )
        .output()
        .context("cannot run cargo semver-checks")?;
    if !out.status.success() {
        let text = String::from_utf8_lossy(&out.stderr);
        if text.contains("semver requires new major version") {
            bail!(
                "cargo-semver-checks finds breaking changes that {current} -> {next} may not carry:\n{text}"
            );
        }
        bail!("cargo semver-checks failed:\n{text}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::breaking;

    #[test]
    fn breaking_bumps_are_read_the_cargo_way() {
        assert!(breaking("0.2.0", "0.3.0").unwrap());
        assert!(!breaking("0.2.0", "0.2.1").unwrap());
        assert!(breaking("1.2.0", "2.0.0").unwrap());
        assert!(!breaking("1.2.0", "1.3.0").unwrap());
    }
}
