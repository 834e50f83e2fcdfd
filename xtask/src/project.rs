//! What the commands share: where the project is, how files are named and read, the SDK
//! manifest (`sdk.toml`), and how failures are reported.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::diagnostics::Diagnostics;
use generator::emit::EmitOptions;
use generator::emit::docs::Templates;
use generator::load::Source;

/// The workspace root: the parent of this crate.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// How a file is named in diagnostics and file headers: relative to the project when it is inside
/// it (so the output does not depend on where the command ran), else as given.
pub fn display_name(path: &Path) -> String {
    let root = project_root();
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
pub fn read_source(path: &Path) -> Result<Source, String> {
    let name = display_name(path);
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(Source::new(name, text))
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
    pub fn path() -> PathBuf {
        project_root().join("sdk.toml")
    }

    pub fn read() -> Result<Self, String> {
        let text = std::fs::read_to_string(Self::path())
            .map_err(|e| format!("cannot read sdk.toml: {e}"))?;
        toml::from_str(&text).map_err(|e| format!("sdk.toml: {e}"))
    }

    /// `sdk.toml` with another version, comments and layout kept.
    pub fn with_version(version: &str) -> Result<String, String> {
        let text = std::fs::read_to_string(Self::path())
            .map_err(|e| format!("cannot read sdk.toml: {e}"))?;
        let mut replaced = false;
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                if !replaced && l.trim_start().starts_with("version") && l.contains('=') {
                    replaced = true;
                    format!("version = \"{version}\"")
                } else {
                    l.to_owned()
                }
            })
            .collect();
        if !replaced {
            return Err("sdk.toml has no `version` line".to_owned());
        }
        Ok(lines.join("\n") + "\n")
    }

    /// The emitter options for this crate, the spec named `spec_name` and `templates`.
    pub fn emit_options(&self, spec_name: &str, templates: Templates) -> EmitOptions {
        let mut opts = EmitOptions::for_spec(spec_name, templates);
        opts.crate_name = self.package.name.clone();
        opts.crate_version = self.package.version.clone();
        opts
    }
}

/// The doc templates: `dir` first when given, then the project's defaults.
pub fn templates(dir: Option<&Path>) -> Result<Templates, Diagnostics> {
    let dirs: Vec<PathBuf> = dir
        .map(Path::to_path_buf)
        .into_iter()
        .chain([project_root().join("templates/docs")])
        .collect();
    Templates::load(&dirs)
}

/// Writes `contents` to `path` through a temporary file beside it, so readers never see half a file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, contents)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

pub fn report_warnings(warnings: &Diagnostics) {
    if !warnings.is_empty() {
        eprintln!("{warnings}");
    }
}

pub fn diagnostics_failure(diags: &Diagnostics) -> ExitCode {
    eprintln!("{diags}");
    eprintln!("nothing was written");
    ExitCode::FAILURE
}

pub fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}
