//! What the commands share: where the project's files are, how files are named and read, the SDK
//! manifest (`sdk.toml`), and the two failures that are not plain messages.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};
use generator::diagnostics::Diagnostics;
use generator::emit::EmitOptions;
use generator::emit::docs::Templates;
use generator::load::Source;

/// The project's files, in one place.
pub mod paths {
    use std::path::{Path, PathBuf};

    /// The workspace root: the parent of this crate.
    pub fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// The project's spec: `spec/chat.yaml`.
    pub fn spec() -> PathBuf {
        root().join("spec/chat.yaml")
    }

    /// The generated crate: `generated/`.
    pub fn generated() -> PathBuf {
        root().join("generated")
    }

    /// The generated crate's name and version: `sdk.toml`.
    pub fn sdk_toml() -> PathBuf {
        root().join("sdk.toml")
    }

    /// The release notes: `CHANGELOG.md`.
    pub fn changelog() -> PathBuf {
        root().join("CHANGELOG.md")
    }

    /// The default Markdown templates: `templates/docs/`.
    pub fn doc_templates() -> PathBuf {
        root().join("templates/docs")
    }
}

/// A spec's problems: printed as diagnostics, then `nothing was written`.
#[derive(Debug)]
pub struct SpecProblems(pub Diagnostics);

impl fmt::Display for SpecProblems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for SpecProblems {}

/// A gate that said no, in its own words: a breaking change without a breaking bump (exit 2,
/// so that CI tells it from a failure to run).
#[derive(Debug)]
pub struct Refused;

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("refused")
    }
}

impl std::error::Error for Refused {}

/// A failure the command has already reported in its own words (a check that found drift):
/// only the exit code is left to set.
#[derive(Debug)]
pub struct Reported;

impl fmt::Display for Reported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("reported")
    }
}

impl std::error::Error for Reported {}

/// How a file is named in diagnostics and file headers: relative to the project when it is inside
/// it (so the output does not depend on where the command ran), else as given.
pub fn display_name(path: &Path) -> String {
    let root = paths::root();
    let absolute = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let canonical_root = std::fs::canonicalize(&root).unwrap_or(root);
    match absolute.strip_prefix(&canonical_root) {
        Ok(rel) => rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
        Err(_) => path.display().to_string(),
    }
}

/// Reads a spec (or any text file) as a [`Source`].
pub fn read_source(path: &Path) -> Result<Source> {
    let name = display_name(path);
    if path.is_dir() {
        return Err(anyhow!(
            "{name} is a directory; give the path of a file (an OpenAPI document, YAML or JSON)"
        ));
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{name} is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Source::new(name, text))
}

/// Loads and lowers a spec; its problems become [`SpecProblems`].
pub fn to_ir(source: &Source) -> Result<generator::ir::Api> {
    generator::to_ir(source)
        .map(|(api, _)| api)
        .map_err(|d| SpecProblems(d).into())
}

/// `sdk.toml`: the name and version of the generated crate.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct SdkManifest {
    pub package: SdkPackage,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct SdkPackage {
    pub name: String,
    pub version: String,
}

impl SdkManifest {
    pub fn read() -> Result<Self> {
        let text = std::fs::read_to_string(paths::sdk_toml()).context("cannot read sdk.toml")?;
        toml::from_str(&text).context("sdk.toml")
    }

    /// `sdk.toml` with another version, comments and layout kept.
    pub fn with_version(version: &str) -> Result<String> {
        let text = std::fs::read_to_string(paths::sdk_toml()).context("cannot read sdk.toml")?;
        let mut doc: toml_edit::DocumentMut = text.parse().context("sdk.toml")?;
        let package = doc
            .get_mut("package")
            .and_then(toml_edit::Item::as_table_like_mut)
            .ok_or_else(|| anyhow!("sdk.toml has no [package] table"))?;
        if package.get("version").is_none() {
            return Err(anyhow!("sdk.toml has no `version` in [package]"));
        }
        package.insert("version", toml_edit::value(version));
        Ok(doc.to_string())
    }

    /// The emitter options for this crate, the spec named `spec_name` and `templates`.
    pub fn emit_options(&self, spec_name: &str, templates: Templates) -> EmitOptions {
        let mut opts = EmitOptions::for_spec(spec_name, templates);
        opts.crate_name = Some(self.package.name.clone());
        opts.crate_version = Some(self.package.version.clone());
        opts
    }
}

/// The emitter options for the spec at `spec`: the crate is named and versioned by `sdk.toml`
/// when `spec` is the project's own spec, else after the spec itself (see
/// [`generator::emit::CrateIdentity`]); `name` and `version` override either.
pub fn emit_options_for(
    spec: &Path,
    spec_name: &str,
    templates: Templates,
    name: Option<&str>,
    version: Option<&str>,
) -> Result<EmitOptions> {
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut opts = if same(spec, &paths::spec()) {
        SdkManifest::read()?.emit_options(spec_name, templates)
    } else {
        EmitOptions::for_spec(spec_name, templates)
    };
    if let Some(name) = name {
        opts.crate_name = Some(name.to_owned());
    }
    if let Some(version) = version {
        opts.crate_version = Some(version.to_owned());
    }
    Ok(opts)
}

/// The doc templates: `dir` first when given, then the project's defaults. A `dir` that is not
/// a directory is an error, never a silent fall back to the defaults.
pub fn templates(dir: Option<&Path>) -> Result<Templates> {
    if let Some(dir) = dir.filter(|d| !d.is_dir()) {
        let mut diags = Diagnostics::default();
        let what = if dir.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        diags.push(generator::diagnostics::Diagnostic::error(
            "",
            format!("--templates {}: the directory {what}", dir.display()),
        ));
        diags.finish(&dir.display().to_string(), |_| None);
        return Err(SpecProblems(diags).into());
    }
    let dirs: Vec<PathBuf> = dir
        .map(Path::to_path_buf)
        .into_iter()
        .chain([paths::doc_templates()])
        .collect();
    Templates::load(&dirs).map_err(|d| SpecProblems(d).into())
}

/// Writes `contents` to `path` through a temporary file beside it, so readers never see half a
/// file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let mut file = tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new(".")))
        .with_context(|| format!("cannot write {}", display_name(path)))?;
    file.write_all(contents)
        .with_context(|| format!("cannot write {}", display_name(path)))?;
    file.persist(path)
        .with_context(|| format!("cannot write {}", display_name(path)))?;
    Ok(())
}

/// Prints a spec's warnings, if it has any.
pub fn report_warnings(warnings: &Diagnostics) {
    if !warnings.is_empty() {
        eprintln!("{warnings}");
    }
}
