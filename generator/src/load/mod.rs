//! Bytes -> `openapiv3::OpenAPI`, with every problem located.

mod errors;
mod pieces;
mod positions;
pub mod repair;
pub mod swagger2;
pub mod validate;

use std::sync::OnceLock;

use openapiv3::OpenAPI;

use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use errors::{from_yaml, path_pointer, typed_error, yaml_syntax_error};

pub use positions::Positions;
pub use swagger2::PointerMap;

/// A loaded document: the OpenAPI 3.0 model, and, when the file was Swagger 2.0, where the
/// converted nodes come from and what the conversion left out.
#[derive(Debug)]
pub struct Loaded {
    pub spec: OpenAPI,
    /// Maps pointers into `spec` back to the file, when it was converted or repaired first.
    pub origin: Option<PointerMap>,
    /// The file is Swagger 2.0 (messages about `spec` are reworded for it).
    pub swagger: bool,
    /// Where the file breaks its format's JSON Schema, located in the file.
    pub schema_warnings: Vec<validate::Issue>,
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

/// Parses `source`, OpenAPI 3.0 or Swagger 2.0 (converted to OpenAPI 3.0 on the way), put
/// right where the typed model would drop or refuse something (see [`repair`]).
///
/// Errors come back unsorted and unlocated where serde gave no position; the caller runs
/// [`Diagnostics::finish`] with [`Source::locate`]. Pointers are into the original document
/// already, except those of later stages, which [`Loaded::origin`] maps back.
pub fn load(source: &Source) -> Result<Loaded, Diagnostics> {
    load_then(source, |_| ()).map(|(loaded, _)| loaded)
}

/// [`load`], running `then` on the typed document as soon as it is read, while the document read
/// as values is still being checked on another core. `Some` when `then` ran on
/// [`Loaded::spec`]; `None` when the document had to be converted or repaired first (run it on
/// the result then).
pub fn load_then<T>(
    source: &Source,
    then: impl FnOnce(&OpenAPI) -> T,
) -> Result<(Loaded, Option<T>), Diagnostics> {
    if source.may_be_swagger() {
        if let Ok(value) = parse_value(source) {
            if let Some(loaded) = load_value(value) {
                return loaded.map(|loaded| (loaded, None));
            }
        }
    }
    // The typed read on this thread; beside it, on another core, the text and the document
    // read as values, looked at for what the typed read would drop or refuse, and checked
    // against the schema.
    enum Beside {
        Checked(Vec<validate::Issue>),
        Repair(serde_json::Value, bool),
    }
    // The look at the text for what the typed read would refuse or drop, taken once by
    // whichever thread needs it first (the others wait for it).
    let look = std::sync::OnceLock::new();
    let text_says_repair = || *look.get_or_init(|| repair::needed_by_text(source));
    let check = || match parse_value(source) {
        Ok(value) => match value_format(&value) {
            Some(swagger) if text_says_repair() || repair::odd_path_keys(&value) => {
                Beside::Repair(value, swagger)
            }
            _ => Beside::Checked(validate::check(&value, false)),
        },
        Err(_) => Beside::Checked(Vec::new()),
    };
    let (typed, early, beside) = std::thread::scope(|scope| {
        let spawn_check = || {
            std::thread::Builder::new()
                .name("schema-check".to_owned())
                .stack_size(256 << 20)
                .spawn_scoped(scope, check)
        };
        // The look at the text runs beside the typed read: a document it says needs a repair
        // is lowered only once repaired.
        scope.spawn(text_says_repair);
        // JSON is read in pieces on every core: the check waits for it, then runs beside
        // lowering. YAML is read on one core, with the check beside it.
        let (typed, checked) = if source.is_json() {
            let typed = load_openapi3(source);
            (typed, spawn_check())
        } else {
            let checked = spawn_check();
            (load_openapi3(source), checked)
        };
        let early = if text_says_repair() {
            None
        } else {
            typed.as_ref().ok().map(then)
        };
        let beside = match checked {
            Ok(handle) => handle.join().unwrap_or(Beside::Checked(Vec::new())),
            Err(_) => Beside::Checked(Vec::new()),
        };
        (typed, early, beside)
    });
    let schema_warnings = match beside {
        Beside::Checked(warnings) => warnings,
        Beside::Repair(value, swagger) => {
            // What `then` made of the document as read is thrown away, before the repaired
            // document is read.
            drop((early, typed));
            return from_value(value, swagger).map(|l| (l, None));
        }
    };
    match typed {
        Ok(spec) => Ok((
            Loaded {
                spec,
                origin: None,
                swagger: false,
                warnings: Diagnostics::default(),
                schema_warnings,
            },
            early,
        )),
        Err(diags) => {
            // A Swagger 2.0 document the look at the text missed (`{swagger: '2.0'}` in YAML).
            if let Ok(value) = parse_value(source) {
                if swagger2::is_swagger2(&value) {
                    return from_value(value, true).map(|l| (l, None));
                }
            }
            Err(diags)
        }
    }
}

/// Reads a document parsed as values when it is Swagger 2.0 or OpenAPI 3.0 (else `None`: the
/// typed read words what is wrong).
fn load_value(value: serde_json::Value) -> Option<Result<Loaded, Diagnostics>> {
    let swagger = value_format(&value)?;
    Some(from_value(value, swagger))
}

/// `Some(true)` for Swagger 2.0, `Some(false)` for OpenAPI 3.0, else `None`.
fn value_format(value: &serde_json::Value) -> Option<bool> {
    if swagger2::is_swagger2(value) {
        return Some(true);
    }
    let openapi_30 = value
        .get("openapi")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|v| v.starts_with("3.0."));
    openapi_30.then_some(false)
}

/// Reads a document from JSON values: converted first if it is Swagger 2.0, then repaired, then
/// read into the typed model.
fn from_value(value: serde_json::Value, swagger: bool) -> Result<Loaded, Diagnostics> {
    let schema_warnings = validate::check(&value, swagger);
    let (mut document, origin, mut diagnostics) = if swagger {
        let converted = swagger2::convert(value);
        (converted.document, converted.origin, converted.diagnostics)
    } else {
        (value, PointerMap::default(), Diagnostics::default())
    };
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let (repaired, mut repairs) = repair::repair(&mut document);
    if swagger {
        repairs.repoint(|p| origin.original(p));
        repairs.reword(swagger2::reword);
    }
    diagnostics.extend(repairs);
    let origin = repaired.after(origin);
    // openapiv3's untagged enums buffer what they read, which is twice as slow from a value as
    // from text: the document is read back as JSON text (measured on the 2017 Swagger
    // document: 190 ms from the value, 100 ms written and read back).
    let text = serde_json::to_string(&document).unwrap_or_default();
    match serde_json::from_str::<OpenAPI>(&text) {
        Ok(spec) => Ok(Loaded {
            spec,
            origin: Some(origin),
            swagger,
            warnings: diagnostics,
            schema_warnings,
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
            let what = if swagger {
                "Swagger 2.0"
            } else {
                "OpenAPI 3.0"
            };
            diagnostics.push(Diagnostic::error(
                pointer,
                format!("the spec does not match {what}: {message}"),
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
        pieces::read(&source.text).or_else(|| serde_json::from_str::<OpenAPI>(&source.text).ok())
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

#[cfg(test)]
mod tests;
