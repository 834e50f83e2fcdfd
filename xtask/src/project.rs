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
    if path.is_dir() {
        return Err(format!(
            "{name} is a directory; give the path of a file (an OpenAPI document, YAML or JSON)"
        ));
    }
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
        opts.crate_name = Some(self.package.name.clone());
        opts.crate_version = Some(self.package.version.clone());
        opts
    }
}

/// The project's own spec, whose crate `sdk.toml` names.
pub fn project_spec() -> PathBuf {
    project_root().join("spec/chat.yaml")
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
) -> Result<EmitOptions, String> {
    let same = |a: &Path, b: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let mut opts = if same(spec, &project_spec()) {
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
pub fn templates(dir: Option<&Path>) -> Result<Templates, Diagnostics> {
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
        return Err(diags);
    }
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
