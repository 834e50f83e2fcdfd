//! `cargo xtask bench [--spec FILE] [--runs N]`: where generation time goes.
//!
//! In one process, N times: (1) bare deserialization of the spec into `openapiv3::OpenAPI`, the
//! floor no generator can beat; (2) load and lower to the IR; (3) the Rust surface; (4) Rust
//! emission (text laid out as rustfmt lays it out); (5) docs emission (templates); (6) writing
//! the crate to a new scratch directory. Stages 1-5 run on one thread so their times add up.
//! Then, for comparison and not part of the pipeline, the least the token path would cost: the
//! same Rust files parsed by syn and printed by prettyplease. "parallel" is the real pipeline as
//! `codegen` runs it, on every core: generating in memory, then also writing a new directory,
//! then regenerating over an up-to-date one (read back and compared, nothing written). Median
//! times are reported, with the median of each run's ratio to that run's floor, and the peak RSS
//! of the real pipeline (generate + write, nothing else held).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow};

use generator::emit::rust::{features, rust_files, split, text_files};
use generator::output::FileSet;
use generator::surface::Surface;

use crate::project::{Reported, SpecProblems, emit_options_for, paths, read_source, templates};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The spec to generate from.
    #[arg(long, value_name = "FILE", default_value_os_t = paths::spec())]
    pub spec: PathBuf,
    /// How many times to run each stage (the median is reported).
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Where to write (default: the system's temporary directory). File creation is most of
    /// the writing time and depends on the file system: compare a disk with a tmpfs.
    #[arg(long, value_name = "DIR")]
    pub scratch: Option<PathBuf>,
}

const STAGES: [&str; 10] = [
    "1 deserialize (floor)",
    "2 load + lower",
    "3 rust surface",
    "4 rust emission (text)",
    "5 docs emission",
    "6 writing (new directory)",
    "token path (syn+prettyplease)",
    "parallel: generate",
    "parallel: generate + write",
    "parallel: regenerate, same",
];

pub fn run(args: &Args) -> Result<()> {
    if cfg!(debug_assertions) {
        // Timings of a debug build mean nothing: run the optimized build instead.
        eprintln!("bench: re-running as an optimized build (cargo run --release)");
        let status = std::process::Command::new(env!("CARGO"))
            .args([
                "run",
                "--quiet",
                "--release",
                "--package",
                "xtask",
                "--",
                "bench",
            ])
            .arg("--spec")
            .arg(&args.spec)
            .args(["--runs", &args.runs.to_string()])
            .args(
                args.scratch
                    .iter()
                    .flat_map(|s| [std::ffi::OsStr::new("--scratch"), s.as_os_str()]),
            )
            .status();
        return match status.context("cannot run cargo")? {
            s if s.success() => Ok(()),
            _ => Err(Reported.into()),
        };
    }
    let source = read_source(&args.spec)?;
    let opts = emit_options_for(&args.spec, &source.name, templates(None)?, None, None)?;
    let scratch = args
        .scratch
        .as_ref()
        .map_or_else(tempfile::tempdir, tempfile::tempdir_in)
        .context("no scratch directory")?;
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); STAGES.len()];
    let mut counts = (0, 0, 0);
    let mut pipeline_peak = 0;
    let mut format = generator::load::Format::OpenApi3;
    for run in 0..args.runs.max(1) {
        let t = Instant::now();
        let floor = generator::load::deserialize(&source);
        times[0].push(t.elapsed());
        match floor {
            Ok(f) => format = f,
            Err(e) => return Err(anyhow!("the spec does not deserialize: {e}")),
        }

        let t = Instant::now();
        let api = generator::to_ir(&source).map_err(SpecProblems)?.0;
        times[1].push(t.elapsed());

        let t = Instant::now();
        let surface = Surface::of(&api);
        times[2].push(t.elapsed());

        let files = rust_files(&api);
        let features = features(&api);
        let t = Instant::now();
        let split = split::plan(&api, &features, &opts);
        let mut texts = Vec::with_capacity(files.len());
        for file in &files {
            match file.text(&surface, &features, split.as_ref(), &opts) {
                Some(text) => texts.push(text),
                None => return Err(anyhow!("{}: nothing to render", file.path(split.as_ref()))),
            }
        }
        let _ = text_files(&api, &features, split.as_ref(), &opts);
        times[3].push(t.elapsed());

        let t = Instant::now();
        let mut docs = FileSet::default();
        if let Err(d) = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map_err(|e| e.to_string())
            .and_then(|pool| {
                pool.install(|| {
                    generator::emit::docs::emit(&surface, &opts, &opts.templates, &mut docs)
                })
                .map_err(|d| d.to_string())
            })
        {
            return Err(anyhow!(d));
        }
        times[4].push(t.elapsed());

        // The token path's floor: parsing the printed files with syn and printing them with
        // prettyplease (building token streams with quote would come on top).
        let t = Instant::now();
        for text in &texts {
            match syn::parse_file(text) {
                Ok(file) => drop(prettyplease::unparse(&file)),
                Err(e) => return Err(anyhow!("a generated file does not parse: {e}")),
            }
        }
        times[6].push(t.elapsed());
        drop((docs, texts, files, features, surface));
        drop(api);

        let generated = generator::generate(&source, &opts).map_err(SpecProblems)?;
        let out = scratch.path().join(format!("write-{run}"));
        let t = Instant::now();
        generator::output::write(&out, &generated.files, Default::default())
            .map_err(|e| anyhow!("write: {e}"))?;
        times[5].push(t.elapsed());
        drop(generated);

        // The real pipeline, as `codegen` runs it, with nothing else held: its peak memory is
        // measured from here.
        reset_peak_rss();
        let t = Instant::now();
        let generated = generator::generate(&source, &opts).map_err(SpecProblems)?;
        times[7].push(t.elapsed());
        let out = scratch.path().join(format!("parallel-{run}"));
        generator::output::write(&out, &generated.files, Default::default())
            .map_err(|e| anyhow!("write: {e}"))?;
        times[8].push(t.elapsed());
        counts = (
            generated.api.operations.len(),
            generated.api.models.len(),
            generated.files.len(),
        );
        drop(generated);
        pipeline_peak = pipeline_peak.max(peak_rss().unwrap_or(0));

        // Regenerating over an up-to-date tree: everything is read back and compared.
        let t = Instant::now();
        let generated = generator::generate(&source, &opts).map_err(SpecProblems)?;
        match generator::output::write(&out, &generated.files, Default::default()) {
            Ok(report) if report.written == 0 => {}
            Ok(_) => {
                return Err(anyhow!(
                    "regenerating changed files: the output is not deterministic"
                ));
            }
            Err(e) => return Err(anyhow!("write: {e}")),
        }
        times[9].push(t.elapsed());
    }

    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    // Each run's stages over the same run's floor, then the median of those ratios: the machine's
    // slow and fast spells (a shared host) then move the floor and the stages together.
    let ratios: Vec<f64> = times
        .iter()
        .map(|stage| {
            let mut r: Vec<f64> = stage
                .iter()
                .zip(&times[0])
                .map(|(t, floor)| ms(*t) / ms(*floor))
                .collect();
            r.sort_by(f64::total_cmp);
            r[r.len() / 2]
        })
        .collect();
    let sequential_ratio = {
        let mut r: Vec<f64> = (0..times[0].len())
            .map(|run| times[..6].iter().map(|t| ms(t[run])).sum::<f64>() / ms(times[0][run]))
            .collect();
        r.sort_by(f64::total_cmp);
        r[r.len() / 2]
    };
    let medians: Vec<Duration> = times.iter_mut().map(median).collect();
    println!(
        "bench: {} ({} operations, {} models, {} files), median of {} runs, {} threads",
        source.name,
        counts.0,
        counts.1,
        counts.2,
        args.runs.max(1),
        rayon::current_num_threads()
    );
    if format == generator::load::Format::Swagger2 {
        println!(
            "  (Swagger 2.0: the floor reads it as JSON values; stage 2 converts it to OpenAPI 3.0 first)"
        );
    }
    println!("  (times: medians; ratios: the median of each run's time over that run's floor)");
    for ((name, d), ratio) in STAGES.iter().zip(&medians).zip(&ratios) {
        println!("  {name:<28} {:>9.1} ms  {ratio:>5.2}x floor", ms(*d));
    }
    let sequential: Duration = medians[..6].iter().sum();
    println!(
        "  {:<28} {:>9.1} ms  {sequential_ratio:>5.2}x floor",
        "sum of stages 1-6",
        ms(sequential),
    );
    match pipeline_peak {
        0 => println!("  peak RSS                     unknown (no /proc/self/status)"),
        kb => println!(
            "  peak RSS, generate + write   {:>9.1} MB",
            kb as f64 / 1024.0
        ),
    }
    Ok(())
}

/// Starts a new peak: the kernel resets `VmHWM` to the current RSS.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// `VmHWM` of this process (its peak RSS since the last reset), in KiB.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
