//! Bytes -> `openapiv3::OpenAPI`, with every problem located.

mod positions;
pub mod swagger2;

use std::sync::OnceLock;

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, pointer_push};

pub use positions::Positions;
pub use swagger2::PointerMap;

/// A loaded document: the OpenAPI 3.0 model, and, when the file was Swagger 2.0, where the
/// converted nodes come from and what the conversion left out.
#[derive(Debug)]
pub struct Loaded {
    pub spec: OpenAPI,
    /// Maps pointers into `spec` back to the file (Swagger 2.0 only).
    pub origin: Option<PointerMap>,
    /// Warnings of the conversion, located in the file.
    pub warnings: Diagnostics,
}

/// The spec text and the name the user gave it, with positions indexed on first use.
#[derive(Debug)]
pub struct Source {
    pub name: String,
    pub text: String,
    positions: OnceLock<Positions>,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
            positions: OnceLock::new(),
        }
    }

    /// The position of the node at `pointer` (or of its nearest existing ancestor).
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        self.positions
            .get_or_init(|| Positions::index(&self.text))
            .locate(pointer)
    }

    /// Whether the text is JSON rather than YAML.
    pub fn is_json(&self) -> bool {
        let yaml = [".yaml", ".yml"].iter().any(|e| self.name.ends_with(e));
        self.name.ends_with(".json") || (!yaml && self.text.trim_start().starts_with('{'))
    }

    /// Whether the text may be Swagger 2.0 (a cheap look at the text, so that OpenAPI 3.0
    /// documents go straight to the typed parser; a document this misses is still recognised
    /// when that parser fails).
    fn may_be_swagger(&self) -> bool {
        if self.is_json() {
            self.text.contains("\"swagger\"")
        } else {
            self.text.lines().any(|l| {
                ["swagger:", "\"swagger\":", "'swagger':"]
                    .iter()
                    .any(|k| l.starts_with(k))
            })
        }
    }
}

/// Parses `source`, OpenAPI 3.0 or Swagger 2.0 (converted to OpenAPI 3.0 on the way).
///
/// Errors come back unsorted and unlocated where serde gave no position; the caller runs
/// [`Diagnostics::finish`] with [`Source::locate`]. For Swagger 2.0, pointers are into the
/// original document already.
pub fn load(source: &Source) -> Result<Loaded, Diagnostics> {
    if source.may_be_swagger() {
        if let Ok(value) = parse_value(source) {
            if swagger2::is_swagger2(&value) {
                return from_swagger2(value);
            }
        }
    }
    match load_openapi3(source) {
        Ok(spec) => Ok(Loaded {
            spec,
            origin: None,
            warnings: Diagnostics::default(),
        }),
        Err(diags) => {
            // A Swagger 2.0 document the look at the text missed (`{swagger: '2.0'}` in YAML).
            if let Ok(value) = parse_value(source) {
                if swagger2::is_swagger2(&value) {
                    return from_swagger2(value);
                }
            }
            Err(diags)
        }
    }
}

/// Converts a Swagger 2.0 document and reads the result into the typed model.
fn from_swagger2(value: serde_json::Value) -> Result<Loaded, Diagnostics> {
    let swagger2::Converted {
        document,
        origin,
        mut diagnostics,
    } = swagger2::convert(value);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    // openapiv3's untagged enums buffer what they read, which is twice as slow from a value as
    // from text: the converted document is read back as JSON text (measured on the 2017
    // document: 190 ms from the value, 100 ms written and read back).
    let text = serde_json::to_string(&document).unwrap_or_default();
    match serde_json::from_str::<OpenAPI>(&text) {
        Ok(spec) => Ok(Loaded {
            spec,
            origin: Some(origin),
            warnings: diagnostics,
        }),
        Err(_) => {
            let e = serde_path_to_error::deserialize::<_, OpenAPI>(&document)
                .expect_err("the same document failed to deserialize a moment ago");
            let pointer = origin.original(&path_pointer(e.path()));
            let message = match e.inner().to_string() {
                m if m.starts_with("data did not match any variant of untagged enum ") => {
                    "this is neither a `$ref` nor a valid object here".to_owned()
                }
                m => m,
            };
            diagnostics.push(Diagnostic::error(
                pointer,
                format!("the spec does not match Swagger 2.0: {message}"),
            ));
            Err(diagnostics)
        }
    }
}

/// Parses `source` into an OpenAPI 3.0 document.
fn load_openapi3(source: &Source) -> Result<OpenAPI, Diagnostics> {
    let mut diags = Diagnostics::default();
    // Tracking the path of every node costs a sixth of the parse on a large document, and is
    // only needed to word an error: parse plainly first, and again with the path on failure.
    let plain = if source.is_json() {
        serde_json::from_str::<OpenAPI>(&source.text).ok()
    } else {
        serde_yaml::from_str::<OpenAPI>(&source.text).ok()
    };
    let parsed = if let Some(spec) = plain {
        Ok(spec)
    } else if source.is_json() {
        let de = &mut serde_json::Deserializer::from_str(&source.text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let at = Location {
                line: e.inner().line(),
                col: e.inner().column(),
            };
            typed_error(
                source,
                e.path(),
                e.inner().to_string(),
                e.inner().is_syntax().then_some(at),
            )
        })
    } else {
        from_yaml(source)
    };
    let spec: OpenAPI = match parsed {
        Ok(spec) => spec,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    if !spec.openapi.starts_with("3.0.") {
        let d = if spec.openapi.starts_with("3.1") {
            Diagnostic::error(
                "/openapi",
                format!("OpenAPI {} is not supported: this generator reads OpenAPI 3.0", spec.openapi),
            )
            .with_help("write the document as OpenAPI 3.0.3 (3.1-only features: `type` lists, `const`, `webhooks`)")
        } else {
            Diagnostic::error(
                "/openapi",
                format!(
                    "unsupported OpenAPI version `{}`: this generator reads OpenAPI 3.0",
                    spec.openapi
                ),
            )
        };
        diags.push(d);
        return Err(diags);
    }
    Ok(spec)
}

/// Parses `source` as plain JSON values (YAML or JSON), for tools that work on the document as
/// written (slicing). Syntax errors are located.
pub fn parse_value(source: &Source) -> Result<serde_json::Value, Diagnostic> {
    if source.is_json() {
        serde_json::from_str(&source.text).map_err(|e| {
            Diagnostic::error("", format!("the document is not valid JSON: {e}")).at(Location {
                line: e.line(),
                col: e.column(),
            })
        })
    } else {
        serde_yaml::from_str(&source.text).map_err(|e| yaml_syntax_error(&e))
    }
}

/// A document as plain JSON values in OpenAPI 3.0 form (see [`parse_openapi3_value`]).
#[derive(Debug)]
pub struct Openapi3Value {
    pub value: serde_json::Value,
    /// Maps pointers into `value` back to the file (Swagger 2.0 only).
    pub origin: Option<PointerMap>,
    /// What the conversion left out, located in the file.
    pub warnings: Diagnostics,
}

impl Openapi3Value {
    /// The pointer into the file of a node of `value`.
    pub fn original(&self, pointer: &str) -> String {
        match &self.origin {
            Some(origin) => origin.original(pointer),
            None => pointer.to_owned(),
        }
    }
}

/// Parses `source` as plain JSON values in OpenAPI 3.0 form, for tools that work on the
/// document as written (slicing, merging): a Swagger 2.0 document is converted (see
/// [`swagger2`]), an OpenAPI document comes back as written. Diagnostics point into the file.
pub fn parse_openapi3_value(source: &Source) -> Result<Openapi3Value, Diagnostics> {
    let value = parse_value(source).map_err(|d| {
        let mut diags = Diagnostics::default();
        diags.push(d);
        diags
    })?;
    if !swagger2::is_swagger2(&value) {
        return Ok(Openapi3Value {
            value,
            origin: None,
            warnings: Diagnostics::default(),
        });
    }
    let converted = swagger2::convert(value);
    if converted.diagnostics.has_errors() {
        return Err(converted.diagnostics);
    }
    Ok(Openapi3Value {
        value: converted.document,
        origin: Some(converted.origin),
        warnings: converted.diagnostics,
    })
}

/// Writes a value (a document, the IR) as YAML, keys in the order they have. With
/// [`deserialize`] and the loading functions, this module is the one place YAML is read and
/// written.
pub fn to_yaml(value: &impl serde::Serialize) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// What the spec is, as far as [`deserialize`] is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    OpenApi3,
    Swagger2,
}

/// The spec deserialized and nothing more: no positions, no diagnostics, no conversion. What no
/// generator can be faster than (the bench's floor): into the typed model for OpenAPI 3.0;
/// for Swagger 2.0, which has no typed model here, as JSON values.
pub fn deserialize(source: &Source) -> Result<Format, String> {
    if source.may_be_swagger() {
        let value: serde_json::Value = if source.is_json() {
            serde_json::from_str(&source.text).map_err(|e| e.to_string())?
        } else {
            serde_yaml::from_str(&source.text).map_err(|e| e.to_string())?
        };
        if swagger2::is_swagger2(&value) {
            return Ok(Format::Swagger2);
        }
    }
    let _: OpenAPI = if source.is_json() {
        serde_json::from_str(&source.text).map_err(|e| e.to_string())?
    } else {
        serde_yaml::from_str(&source.text).map_err(|e| e.to_string())?
    };
    Ok(Format::OpenApi3)
}

/// Parses YAML into the typed model, with the path of a failure.
fn from_yaml(source: &Source) -> Result<OpenAPI, Diagnostic> {
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
fn yaml_syntax_error(e: &serde_yaml::Error) -> Diagnostic {
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
fn typed_error(
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
fn path_pointer(path: &serde_path_to_error::Path) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn load_str(name: &str, text: &str) -> Result<OpenAPI, Vec<String>> {
        let source = Source::new(name, text);
        load(&source).map(|l| l.spec).map_err(|mut d| {
            d.finish(name, |p| source.locate(p));
            d.iter().map(|d| d.to_string()).collect()
        })
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn loads_minimal_yaml_and_json() {
        assert!(load_str("a.yaml", MINIMAL).is_ok());
        let json = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}"#;
        assert!(load_str("a.json", json).is_ok());
    }

    #[test]
    fn an_unclosed_quote_is_located_where_it_opens() {
        for quote in ['"', '\''] {
            let text = format!(
                "openapi: 3.0.3\ninfo:\n  title: {quote}Broken\n  version: 1\npaths: {{}}\n"
            );
            let err = load_str("a.yaml", &text).unwrap_err();
            assert_eq!(err.len(), 1);
            assert!(
                err[0].contains("a quoted string opened here is never closed"),
                "{}",
                err[0]
            );
            assert!(err[0].contains("--> a.yaml:3:10"), "{}", err[0]);
        }
    }

    #[test]
    fn bad_yaml_is_located() {
        let err = load_str("a.yaml", "openapi: 3.0.3\ninfo: {title: t\npaths: {}\n").unwrap_err();
        assert_eq!(err.len(), 1);
        assert!(
            err[0].starts_with("error: the spec is not valid YAML: "),
            "{}",
            err[0]
        );
        assert!(err[0].contains("--> a.yaml:3:"), "{}", err[0]);
    }

    #[test]
    fn bad_json_is_located() {
        let err = load_str("a.json", "{\n \"openapi\": \"3.0.3\",\n \"info\": }\n").unwrap_err();
        assert!(
            err[0].starts_with("error: the spec is not valid JSON: "),
            "{}",
            err[0]
        );
        assert!(err[0].contains("--> a.json:3:10"), "{}", err[0]);
    }

    #[test]
    fn swagger_2_is_read_in_yaml_and_json_and_other_versions_are_named() {
        for text in [
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "swagger: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "{swagger: '2.0', info: {title: t, version: '1'}, paths: {}}\n",
        ] {
            let spec = load_str("a.yaml", text).unwrap();
            assert_eq!(spec.openapi, "3.0.3");
        }
        let json = r#"{"swagger":"2.0","info":{"title":"t","version":"1"},"host":"h","paths":{}}"#;
        let spec = load_str("a.json", json).unwrap();
        assert_eq!(spec.servers[0].url, "https://h");
        let err =
            load_str("a.yaml", "swagger: '1.2'\ninfo: {title: t, version: '1'}\n").unwrap_err();
        assert!(err[0].contains("Swagger 1.2 document"), "{}", err[0]);
        assert!(err[0].contains("--> a.yaml:1:10"), "{}", err[0]);
    }

    #[test]
    fn openapi_31_is_refused_clearly() {
        let err = load_str("a.yaml", &MINIMAL.replace("3.0.3", "3.1.0")).unwrap_err();
        assert!(
            err[0].starts_with("error: OpenAPI 3.1.0 is not supported"),
            "{}",
            err[0]
        );
    }

    #[test]
    fn missing_info_names_the_field() {
        let err = load_str("a.yaml", "openapi: 3.0.3\npaths: {}\n").unwrap_err();
        assert!(err[0].contains("missing field `info`"), "{}", err[0]);
        assert!(err[0].contains("--> a.yaml:1:1"), "{}", err[0]);
    }

    #[test]
    fn wrong_type_deep_inside_is_pointed_at() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = load_str("a.yaml", text).unwrap_err();
        // openapiv3 buffers path items, so serde knows the path item, not the field.
        assert!(
            err[0].contains("invalid type: integer `7`, expected struct Responses"),
            "{}",
            err[0]
        );
        assert!(err[0].contains("--> a.yaml:4:3"), "{}", err[0]);
        assert!(err[0].contains("#/paths"), "{}", err[0]);
    }
}
