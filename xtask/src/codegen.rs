//! `cargo xtask codegen [--spec FILE] [--out DIR] [--check] [--dump-ir] [--templates DIR]`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use generator::output;

use crate::project::{
    SdkManifest, diagnostics_failure, display_name, fail, project_root, read_source,
    report_warnings, templates,
};

#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// The OpenAPI 3.0 spec, YAML or JSON.
    #[arg(long, value_name = "FILE", default_value_os_t = project_root().join("spec/chat.yaml"))]
    pub spec: PathBuf,
    /// The directory of the generated crate.
    #[arg(long, value_name = "DIR", default_value_os_t = project_root().join("generated"))]
    pub out: PathBuf,
    /// Write nothing; exit 1 and list every stale, missing or extra file if the output differs.
    #[arg(long)]
    pub check: bool,
    /// A directory of Markdown templates overriding the defaults in `templates/docs/` (any of
    /// `api.md.j2`, `model.md.j2`, `index.md.j2`).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Print the intermediate representation as YAML instead of generating.
    #[arg(long)]
    pub dump_ir: bool,
    /// Fail when the spec has warnings.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let started = Instant::now();
    let source = match read_source(&args.spec) {
        Ok(s) => s,
        Err(message) => return fail(&message),
    };
    let name = source.name.clone();

    if args.dump_ir {
        return match generator::to_ir(&source) {
            Ok((api, warnings)) => {
                report_warnings(&warnings);
                match serde_yaml::to_string(&api) {
                    Ok(yaml) => {
                        print!("{yaml}");
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(&format!("cannot print the IR: {e}")),
                }
            }
            Err(diags) => diagnostics_failure(&diags),
        };
    }

    let manifest = match SdkManifest::read() {
        Ok(m) => m,
        Err(message) => return fail(&message),
    };
    let templates = match templates(args.templates.as_deref()) {
        Ok(t) => t,
        Err(diags) => return diagnostics_failure(&diags),
    };
    let generated = match generator::generate(&source, &manifest.emit_options(&name, templates)) {
        Ok(g) => g,
        Err(diags) => return diagnostics_failure(&diags),
    };
    report_warnings(&generated.warnings);
    if args.deny_warnings && !generated.warnings.is_empty() {
        eprintln!("error: --deny-warnings: the spec has warnings; nothing was written");
        return ExitCode::FAILURE;
    }
    let out = display_name(&args.out);
    let summary = format!(
        "{name}: {} operations, {} models",
        generated.api.operations.len(),
        generated.api.models.len()
    );
    if args.check {
        return match output::check(&args.out, &generated.files) {
            Ok(drift) if drift.is_empty() => {
                eprintln!(
                    "codegen --check: {summary}; {out} is up to date ({} files, {:.0?})",
                    generated.files.len(),
                    started.elapsed()
                );
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                eprintln!("codegen --check: {out} is not what {name} generates:\n{drift}");
                eprintln!("run `cargo xtask codegen` and commit the result");
                ExitCode::FAILURE
            }
            Err(e) => fail(&format!("cannot read {out}: {e}")),
        };
    }
    match output::write(&args.out, &generated.files) {
        Ok(r) => {
            eprintln!(
                "codegen: {summary} -> {out}: {} written, {} unchanged, {} removed ({:.0?})",
                r.written,
                r.unchanged,
                r.removed,
                started.elapsed()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("cannot write {out} (it was left as it was): {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rust-analyzer pattern: `cargo test` fails when `generated/` is stale.
    #[test]
    fn generated_crate_is_up_to_date() {
        let args = Args {
            spec: project_root().join("spec/chat.yaml"),
            out: project_root().join("generated"),
            check: true,
            ..Args::default()
        };
        assert_eq!(
            run(&args),
            ExitCode::SUCCESS,
            "generated/ is stale: run `cargo xtask codegen`"
        );
    }
}
