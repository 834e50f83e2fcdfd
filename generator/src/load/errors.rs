//! Located, worded errors of loading: YAML and JSON syntax, documents that are not OpenAPI 3.0.

use super::Source;
use crate::diagnostics::{Diagnostic, Location, pointer_push};
use openapiv3::OpenAPI;

/// Parses YAML into the typed model, with the path of a failure.
pub(super) fn from_yaml(source: &Source) -> Result<OpenAPI, Diagnostic> {
    let de = serde_yaml::Deserializer::from_str(&source.text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let at = e.inner().location().map(|l| Location {
            line: l.line(),
            col: l.column(),
        });
        // serde_yaml reports syntax errors lazily, as the typed walk reaches them: a second,
        // untyped parse tells them apart from documents that are YAML but not OpenAPI.
        if let Err(syntax) = serde_yaml::from_str::<serde_yaml::Value>(&source.text) {
            return yaml_syntax_error(&syntax);
        }
        let mut d = typed_error(source, e.path(), yaml_message(e.inner()), None);
        if let (Some(at), false) = (
            at,
            d.pointer.starts_with("/swagger") || d.pointer.is_empty(),
        ) {
            d = d.at(at);
        }
        d
    })
}

/// A YAML syntax error, located where the user must look: for a quoted string that is never
/// closed, where the quote opens, not the end of the file where the parser gave up.
pub(super) fn yaml_syntax_error(e: &serde_yaml::Error) -> Diagnostic {
    let text = e.to_string();
    // `<problem> at line L column C, while scanning a quoted scalar at line L column C`
    let context_at = |context: &str| -> Option<Location> {
        let rest = &text[text.find(context)? + context.len()..];
        let rest = rest.strip_prefix(" at line ")?;
        let (line, rest) = rest.split_once(" column ")?;
        let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some(Location {
            line: line.parse().ok()?,
            col: col.parse().ok()?,
        })
    };
    if text.starts_with("found unexpected end of stream") {
        if let Some(at) = context_at("while scanning a quoted scalar") {
            return Diagnostic::error(
                "",
                "the spec is not valid YAML: a quoted string opened here is never closed",
            )
            .at(at)
            .with_help("add the closing quote (`\"` or `'`) where the string ends");
        }
    }
    let d = Diagnostic::error(
        "",
        format!("the spec is not valid YAML: {}", yaml_message(e)),
    );
    match e.location() {
        Some(l) => d.at(Location {
            line: l.line(),
            col: l.column(),
        }),
        None => d,
    }
}

/// serde_yaml's message without the path in front and the position behind: both are shown on
/// lines of their own.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let message = e.to_string();
    let message = match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => &message,
    };
    match message.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') && e.location().is_some() => rest.to_owned(),
        _ => message.to_owned(),
    }
}

/// Turns a serde failure into a diagnostic that names the node, and recognises documents that
/// are not OpenAPI 3.0 at all.
pub(super) fn typed_error(
    source: &Source,
    path: &serde_path_to_error::Path,
    message: String,
    syntax_at: Option<Location>,
) -> Diagnostic {
    if let Some(at) = syntax_at {
        let kind = if source.is_json() { "JSON" } else { "YAML" };
        return Diagnostic::error("", format!("the spec is not valid {kind}: {message}")).at(at);
    }
    if let Some(d) = sniff_version(source) {
        return d;
    }
    let pointer = path_pointer(path);
    let message = match message.strip_prefix("data did not match any variant of untagged enum ") {
        Some(what) => format!("this is neither a `$ref` nor a valid {what} object"),
        None => message,
    };
    Diagnostic::error(
        pointer,
        format!("the spec does not match OpenAPI 3.0: {message}"),
    )
}

/// The JSON pointer of a serde path.
pub(super) fn path_pointer(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::new();
    for seg in path.iter() {
        use serde_path_to_error::Segment;
        match seg {
            Segment::Map { key } => pointer = pointer_push(&pointer, key),
            Segment::Seq { index } => pointer = pointer_push(&pointer, &index.to_string()),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// Finds out whether a document that failed to deserialize is Swagger 2.0 or lacks `openapi`.
fn sniff_version(source: &Source) -> Option<Diagnostic> {
    let value: serde_json::Value = if source.is_json() {
        serde_json::from_str(&source.text).ok()?
    } else {
        serde_yaml::from_str(&source.text).ok()?
    };
    let obj = value.as_object()?;
    if let Some(v) = obj.get("swagger") {
        let version = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        return Some(Diagnostic::error(
            "/swagger",
            format!(
                "this is a Swagger {version} document; this generator reads Swagger 2.0 and OpenAPI 3.0"
            ),
        ));
    }
    if !obj.contains_key("openapi") {
        return Some(
            Diagnostic::error(
                "",
                "the document has no `openapi` field: is it an OpenAPI 3.0 document?",
            )
            .with_help("an OpenAPI 3.0 document starts with `openapi: 3.0.3`"),
        );
    }
    None
}
