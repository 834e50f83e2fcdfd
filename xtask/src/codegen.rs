//! `cargo xtask codegen [--spec FILE] [--out DIR] [--force] [--check] [--dump-ir] [--templates DIR]`

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow};
use generator::emit::Layout;
use generator::output::{self, WriteOptions};

use crate::project::{
    Reported, SpecProblems, display_name, emit_options_for, paths, read_source, report_warnings,
    templates,
};

#[derive(clap::Args, Debug, Default)]
#[command(after_long_help = AFTER_HELP)]
pub struct Args {
    /// The OpenAPI 3.0 spec, YAML or JSON.
    #[arg(long, value_name = "FILE", default_value_os_t = paths::spec())]
    pub spec: PathBuf,
    /// The directory of the generated crate. Only files an earlier run wrote there (listed in
    /// its codegen-manifest.txt) are replaced or removed; a directory holding other files and
    /// no manifest is refused unless --force is given.
    #[arg(long, value_name = "DIR", default_value_os_t = paths::generated())]
    pub out: PathBuf,
    /// Write into a directory that holds files but no manifest of an earlier run, and replace
    /// files where generated files go. Files the manifest does not list are still never
    /// removed, and hidden entries (.git, ...) are never touched.
    #[arg(long)]
    pub force: bool,
    /// The generated crate's package name. Default: sdk.toml's for spec/chat.yaml; for any
    /// other spec, `genesys-cloud` for a Genesys Cloud document (`genesys-cloud-<api>` for one
    /// API), else the spec's title in kebab case.
    #[arg(long, value_name = "NAME")]
    pub crate_name: Option<String>,
    /// The generated crate's version. Default: sdk.toml's for spec/chat.yaml; for any other
    /// spec, its info.version when that is a semantic version, else 0.1.0.
    #[arg(long, value_name = "VERSION")]
    pub crate_version: Option<String>,
    /// One crate, or the models in crates of their own beside it (a workspace that rustc checks
    /// in parallel and in bounded memory). `auto` splits a spec of more than one API with at
    /// least 1,000 models (the whole platform); `split` splits any spec of more than one API.
    #[arg(long, value_enum, default_value_t = LayoutArg::Auto)]
    pub layout: LayoutArg,
    /// Write nothing; exit 1 and list every stale, missing or extra file if the output differs.
    #[arg(long)]
    pub check: bool,
    /// A directory of Markdown templates overriding the defaults in `templates/docs/` (any of
    /// `api.md.j2`, `model.md.j2`, `index.md.j2`, `notifications.md.j2`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print the intermediate representation as YAML instead of generating.
    #[arg(long)]
    pub dump_ir: bool,
    /// Fail when the spec has warnings.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `--layout`: see [`generator::emit::Layout`].
#[derive(clap::ValueEnum, Debug, Clone, Copy, Default)]
pub enum LayoutArg {
    #[default]
    Auto,
    Single,
    Split,
}

impl From<LayoutArg> for Layout {
    fn from(layout: LayoutArg) -> Self {
        match layout {
            LayoutArg::Auto => Layout::Auto,
            LayoutArg::Single => Layout::Single,
            LayoutArg::Split => Layout::Split,
        }
    }
}

pub fn run(args: &Args) -> Result<()> {
    let started = Instant::now();
    let source = read_source(&args.spec)?;
    let name = source.name.clone();

    if args.dump_ir {
        let (api, warnings) = generator::to_ir(&source).map_err(SpecProblems)?;
        report_warnings(&warnings);
        print!(
            "{}",
            generator::load::to_yaml(&api)
                .map_err(anyhow::Error::msg)
                .context("cannot print the IR")?
        );
        return Ok(());
    }

    let templates = templates(args.templates.as_deref())?;
    let mut opts = emit_options_for(
        &args.spec,
        &name,
        templates,
        args.crate_name.as_deref(),
        args.crate_version.as_deref(),
    )?;
    opts.layout = args.layout.into();
    let generated = generator::generate(&source, &opts).map_err(SpecProblems)?;
    report_warnings(&generated.warnings);
    if args.deny_warnings && !generated.warnings.is_empty() {
        return Err(anyhow!(
            "--deny-warnings: the spec has warnings; nothing was written"
        ));
    }
    let out = display_name(&args.out);
    let identity = opts.identity(&generated.api);
    let summary = format!(
        "{name}: {} operations ({} left out), {} models, crate {} {}",
        generated.api.operations.len(),
        generated.api.left_out.len(),
        generated.api.models.len(),
        identity.name,
        identity.version
    );
    if args.check {
        let drift = output::check(&args.out, &generated.files)
            .with_context(|| format!("cannot check {out}"))?;
        if drift.is_empty() {
            eprintln!(
                "codegen --check: {summary}; {out} is up to date ({} files, {:.0?})",
                generated.files.len(),
                started.elapsed()
            );
            return Ok(());
        }
        eprintln!("codegen --check: {out} is not what {name} generates:\n{drift}");
        eprintln!("run `cargo xtask codegen` and commit the result");
        return Err(Reported.into());
    }
    match output::write(
        &args.out,
        &generated.files,
        WriteOptions { force: args.force },
    ) {
        Ok(r) => {
            let left = match r.left_alone {
                0 => String::new(),
                n => format!(", {n} not written by the generator left alone"),
            };
            eprintln!(
                "codegen: {summary} -> {out}: {} written, {} unchanged, {} removed{left} ({:.0?})",
                r.written,
                r.unchanged,
                r.removed,
                started.elapsed()
            );
            Ok(())
        }
        Err(e) => {
            eprintln!("error: {e}");
            if e.can_force() {
                eprintln!(
                    "help: point --out at a new or empty directory, or pass --force to write there anyway \
                     (files of yours are never removed; files at generated paths are replaced)"
                );
            }
            eprintln!("nothing was written");
            Err(Reported.into())
        }
    }
}

const AFTER_HELP: &str = "\
The output directory is the generator's only where it wrote before: each run records the files it
wrote in DIR/codegen-manifest.txt, and the next run replaces or removes only those. Every other
file in DIR is left alone, hidden entries (.git, .gitignore, ...) are never read or written, and
a non-empty DIR without a manifest is refused unless --force is given. A run that fails leaves DIR
as it was.
";

#[cfg(test)]
mod tests {
    use super::*;

    /// The rust-analyzer pattern: `cargo test` fails when `generated/` is stale.
    #[test]
    fn generated_crate_is_up_to_date() {
        let args = Args {
            spec: paths::spec(),
            out: paths::generated(),
            check: true,
            ..Args::default()
        };
        assert!(
            run(&args).is_ok(),
            "generated/ is stale: run `cargo xtask codegen`"
        );
    }
}
