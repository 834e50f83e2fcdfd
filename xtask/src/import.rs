//! `cargo xtask import --from FILE --tag Chat [--out spec/chat.yaml] [--preview-from FILE]`

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use generator::diagnostics::Diagnostics;
use generator::load::{Openapi3Value, Source, parse_openapi3_value, to_yaml};
use generator::preview;
use generator::slice::slice;

use crate::project::{SpecProblems, display_name, paths, read_source, write_atomic};

/// Where a slice comes from: the upstream document (and its preview document), and the tag to
/// keep; `import` and `release` share these.
#[derive(clap::Args, Debug)]
pub struct Upstream {
    /// The whole platform document (JSON or YAML; OpenAPI 3.0, or Swagger 2.0 as Genesys
    /// publishes it).
    #[arg(long, value_name = "FILE")]
    pub from: PathBuf,
    /// The tag whose operations to keep.
    #[arg(long, default_value = "Chat")]
    pub tag: String,
    /// The preview document: its operations are added where missing and marked
    /// `x-genesys-preview: true`; those of `--from` it no longer lists lose the mark.
    #[arg(long, value_name = "FILE")]
    pub preview_from: Option<PathBuf>,
    /// Genesys's `notificationMappings.json`: the notification topics to bring in (with the
    /// system topics), as `x-genesys-notifications`, and the schemas of their events.
    #[arg(long, value_name = "FILE")]
    pub topics: Option<PathBuf>,
    /// With `--topics`: the topics to bring in, by name; `*` is any text
    /// (`v2.users.*.badges.chats`). Repeatable. Default: the topics the spec has now.
    #[arg(long = "topic", value_name = "PATTERN", requires = "topics")]
    pub topic: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub source: Upstream,
    /// Where to write the slice (YAML).
    #[arg(long, value_name = "FILE", default_value_os_t = paths::spec())]
    pub out: PathBuf,
}

/// A slice, ready to write, and a line saying what is in it.
pub struct Sliced {
    pub yaml: String,
    pub summary: String,
}

/// Reads `from` (and `preview_from`), slices `tag` out, and checks that the result generates.
/// `out` is the spec the slice replaces, whose topics are kept when `--topic` is not given.
pub fn slice_file(source: &Upstream, out: &Path) -> Result<Sliced> {
    let out_name = display_name(out);
    let (from, tag, preview_from) = (
        source.from.as_path(),
        source.tag.as_str(),
        source.preview_from.as_deref(),
    );
    // Both documents in OpenAPI 3.0 form; what a conversion leaves out is said, located in
    // the file it is in.
    let parse = |path: &Path| -> Result<(Source, Openapi3Value)> {
        let source = read_source(path)?;
        let mut doc = parse_openapi3_value(&source).map_err(|mut d| {
            d.finish(&source.name, |p| source.locate(p));
            SpecProblems(d)
        })?;
        if !doc.warnings.is_empty() {
            doc.warnings.finish(&source.name, |p| source.locate(p));
            eprintln!("{}", doc.warnings);
        }
        Ok((source, doc))
    };
    let (from_source, mut doc) = parse(from)?;
    let mut merged = None;
    if let Some(path) = preview_from {
        let (source, preview) = parse(path)?;
        let mut m = preview::merge(&mut doc.value, &preview.value);
        if !m.conflicts.is_empty() {
            m.conflicts.repoint(|p| preview.original(p));
            m.conflicts.finish(&source.name, |p| source.locate(p));
            eprintln!("{}", m.conflicts);
        }
        merged = Some(m);
    }
    let mut topics = None;
    if let Some(path) = &source.topics {
        let patterns = if source.topic.is_empty() {
            current_topics(out)?
        } else {
            source.topic.clone()
        };
        let mappings = read_source(path)?;
        let value = generator::load::parse_value(&mappings)
            .map_err(|d| anyhow::anyhow!("{}: {}", mappings.name, d.message))?;
        let added =
            generator::topics::add_topics(&mut doc.value, &value, &patterns).map_err(|mut d| {
                d.finish(&mappings.name, |p| mappings.locate(p));
                SpecProblems(d)
            })?;
        topics = Some(added.topics);
    }
    let sliced = slice(&doc.value, tag).map_err(|mut d: Diagnostics| {
        d.repoint(|p| doc.original(p));
        d.finish(&from_source.name, |p| from_source.locate(p));
        SpecProblems(d)
    })?;
    let file = from.file_name().map_or_else(
        || from.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let body = to_yaml(&sliced.document)
        .map_err(anyhow::Error::msg)
        .context("cannot write YAML")?;
    let yaml = format!(
        "# The `{tag}` operations of {file}, and every schema they reach, sliced by `cargo xtask import`.\n\
         # To update, import again from a newer document rather than editing by hand.\n{body}"
    );
    // The slice must stand on its own: load and lower it like any spec.
    let check = Source::new(&out_name, yaml.clone());
    if let Err(diags) = generator::to_ir(&check) {
        eprintln!("the slice does not generate:");
        return Err(SpecProblems(diags).into());
    }
    let mut summary = format!(
        "{} operations tagged `{tag}`, {} components",
        sliced.operations, sliced.components
    );
    if let Some(n) = topics {
        summary.push_str(&format!(", {n} notification topics"));
    }
    if let Some(m) = merged {
        summary.push_str(&format!(
            ", {} preview (of the whole document: {} found only in the preview document, {} no longer preview)",
            sliced.preview, m.added, m.unmarked
        ));
    }
    Ok(Sliced { yaml, summary })
}

/// The topic names of the spec at `out`, for an import that does not name topics.
fn current_topics(out: &Path) -> Result<Vec<String>> {
    let names = if out.exists() {
        let source = read_source(out)?;
        let value = generator::load::parse_value(&source)
            .map_err(|d| anyhow::anyhow!("{}: {}", source.name, d.message))?;
        generator::topics::topic_names(&value)
    } else {
        Vec::new()
    };
    if names.is_empty() {
        anyhow::bail!(
            "--topics: name the topics to bring in with --topic PATTERN ({} has none to keep)",
            display_name(out)
        );
    }
    Ok(names)
}

pub fn run(args: &Args) -> Result<()> {
    let out_name = display_name(&args.out);
    let sliced = slice_file(&args.source, &args.out)?;
    write_atomic(&args.out, sliced.yaml.as_bytes())?;
    eprintln!(
        "import: {} -> {out_name}: {}",
        display_name(&args.source.from),
        sliced.summary
    );
    Ok(())
}
