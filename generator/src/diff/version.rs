//! The next version after a change, the way Cargo reads semver.

use super::Level;

/// The next version of a crate at `current` after changes of `level`, the way Cargo reads semver:
/// below 1.0.0 a breaking change bumps the minor number and anything else the patch number.
pub fn next_version(current: &str, level: Option<Level>) -> Result<String, String> {
    let v = semver::Version::parse(current)
        .map_err(|e| format!("`{current}` is not a semver version (MAJOR.MINOR.PATCH): {e}"))?;
    let (major, minor, patch) = (v.major, v.minor, v.patch);
    Ok(match (level, major) {
        (None, _) => current.to_owned(),
        (Some(Level::Major), 0) => format!("0.{}.0", minor + 1),
        (Some(_), 0) => format!("0.{minor}.{}", patch + 1),
        (Some(Level::Major), _) => format!("{}.0.0", major + 1),
        (Some(Level::Minor), _) => format!("{major}.{}.0", minor + 1),
        (Some(Level::Point), _) => format!("{major}.{minor}.{}", patch + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_the_cargo_way() {
        assert_eq!(next_version("1.2.3", Some(Level::Major)).unwrap(), "2.0.0");
        assert_eq!(next_version("1.2.3", Some(Level::Minor)).unwrap(), "1.3.0");
        assert_eq!(next_version("1.2.3", Some(Level::Point)).unwrap(), "1.2.4");
        assert_eq!(next_version("0.1.0", Some(Level::Major)).unwrap(), "0.2.0");
        assert_eq!(next_version("0.1.0", Some(Level::Minor)).unwrap(), "0.1.1");
        assert_eq!(next_version("0.1.0", None).unwrap(), "0.1.0");
        assert!(next_version("one", Some(Level::Major)).is_err());
    }
}
