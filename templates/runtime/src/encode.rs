//! Writing values the way OpenAPI describes them on the wire: lists and objects in query
//! strings, paths and headers (`style` and `explode`), form bodies and multipart bodies.
//!
//! Values go through serde into JSON values first, so that any model, enum or map can be
//! written; strings are written as they are, numbers and booleans as JSON prints them.

// An API uses the part of this that its parameters and bodies need.
#![allow(dead_code)]

use std::borrow::Cow;

use serde::Serialize;
use serde_json::Value;

/// How an object (or a value that is not a plain string, number or list) is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `name[key]=value`, nested as deep as the value (`name[key][0]=value` for a list).
    DeepObject,
    /// `key=value` for each property.
    Form,
    /// `name=key,value,key2,value2`.
    FormJoined,
    /// `key,value,key2,value2` (path and header values).
    Simple,
    /// `key=value,key2=value2` (path and header values).
    SimpleExploded,
}

/// A value as a JSON value, or why it cannot be one.
pub fn to_value(value: &impl Serialize) -> Result<Value, String> {
    serde_json::to_value(value).map_err(|e| format!("cannot be written: {e}"))
}

/// A scalar as it goes on the wire: a string as it is, a number or boolean as JSON prints it;
/// `None` for `null`. Lists and objects are JSON text.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The query pairs of `value` written as `name` in `style`.
pub fn object_pairs(
    name: &'static str,
    value: &Value,
    style: ObjectStyle,
) -> Vec<(Cow<'static, str>, String)> {
    let mut out = Vec::new();
    match (value, style) {
        (Value::Object(map), ObjectStyle::Form) => {
            for (key, v) in map {
                match v {
                    Value::Array(items) => {
                        for item in items {
                            if let Some(text) = scalar_text(item) {
                                out.push((Cow::Owned(key.clone()), text));
                            }
                        }
                    }
                    v => {
                        if let Some(text) = scalar_text(v) {
                            out.push((Cow::Owned(key.clone()), text));
                        }
                    }
                }
            }
        }
        (Value::Object(_) | Value::Array(_), ObjectStyle::DeepObject) => {
            deep_pairs(name.to_owned(), value, &mut out);
        }
        (Value::Array(items), _) => {
            let joined: Vec<String> = items.iter().filter_map(scalar_text).collect();
            out.push((Cow::Borrowed(name), joined.join(",")));
        }
        (v, _) => {
            if let Some(text) = simple_text(v, style == ObjectStyle::SimpleExploded) {
                out.push((Cow::Borrowed(name), text));
            }
        }
    }
    out
}

/// `key,value,key2,value2` (or `key=value,key2=value2` exploded) for an object; a list's items
/// joined with commas; a scalar as it is.
pub fn simple_text(value: &Value, explode: bool) -> Option<String> {
    match value {
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .filter_map(|(k, v)| {
                    scalar_text(v).map(|v| {
                        if explode {
                            format!("{k}={v}")
                        } else {
                            format!("{k},{v}")
                        }
                    })
                })
                .collect();
            Some(parts.join(","))
        }
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(scalar_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => scalar_text(other),
    }
}

/// `prefix[key]=value`, recursively; list items as `prefix[0]`.
fn deep_pairs(prefix: String, value: &Value, out: &mut Vec<(Cow<'static, str>, String)>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                deep_pairs(format!("{prefix}[{key}]"), v, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                deep_pairs(format!("{prefix}[{i}]"), v, out);
            }
        }
        v => {
            if let Some(text) = scalar_text(v) {
                out.push((Cow::Owned(prefix), text));
            }
        }
    }
}

/// A file to upload in a multipart body: its bytes, and the file name and media type to send
/// with them.
///
/// ```
/// # extern crate genesys_cloud_chat_runtime as genesys_cloud_chat;
/// use genesys_cloud_chat::FilePart;
///
/// let part = FilePart::new(b"hello".to_vec())
///     .file_name("hello.txt")
///     .media_type("text/plain");
/// # let _ = part;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePart {
    bytes: bytes::Bytes,
    file_name: Option<String>,
    media_type: Option<String>,
}

impl FilePart {
    /// A part holding `bytes`, sent as `application/octet-stream` with no file name.
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            file_name: None,
            media_type: None,
        }
    }

    /// The file name the server is told.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type (`image/png`); `application/octet-stream` when not set.
    pub fn media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }
}

impl From<Vec<u8>> for FilePart {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<bytes::Bytes> for FilePart {
    fn from(bytes: bytes::Bytes) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for FilePart {
    fn from(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }
}

/// One or more file parts, as a builder holds them.
#[doc(hidden)]
pub trait Files {
    fn parts(&self) -> Vec<&FilePart>;
}

impl Files for FilePart {
    fn parts(&self) -> Vec<&FilePart> {
        vec![self]
    }
}

impl Files for Vec<FilePart> {
    fn parts(&self) -> Vec<&FilePart> {
        self.iter().collect()
    }
}

impl<T: Files + ?Sized> Files for &T {
    fn parts(&self) -> Vec<&FilePart> {
        (**self).parts()
    }
}

/// A form or multipart body being put together, field by field.
#[derive(Debug, Default)]
pub struct Form {
    fields: Vec<(Cow<'static, str>, Field)>,
    /// The first field that cannot be written.
    #[doc(hidden)]
    pub invalid: Option<(&'static str, String)>,
}

#[derive(Debug)]
enum Field {
    Text(String),
    /// A structured value: `name[key]` pairs in a form, a JSON part in a multipart body.
    Json(Value),
    File(FilePart),
}

impl Form {
    #[doc(hidden)]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a field when it is set: a scalar as one field, a list of scalars as one field per
    /// item, an object as `name[key]` fields (as one JSON part in a multipart body).
    #[doc(hidden)]
    pub fn field(&mut self, name: &'static str, value: &Option<impl Serialize>) {
        let Some(value) = value else { return };
        match to_value(value) {
            Ok(value) => self.push_value(name, &value),
            Err(reason) => {
                if self.invalid.is_none() {
                    self.invalid = Some((name, reason));
                }
            }
        }
    }

    /// Adds the properties of `value` (a whole body) as fields.
    #[doc(hidden)]
    pub fn fields_of(&mut self, name: &'static str, value: &impl Serialize) {
        match to_value(value) {
            Ok(Value::Object(map)) => {
                for (key, v) in map {
                    self.push_owned(Cow::Owned(key), &v);
                }
            }
            Ok(other) => self.push_value(name, &other),
            Err(reason) => {
                if self.invalid.is_none() {
                    self.invalid = Some((name, reason));
                }
            }
        }
    }

    /// Adds one or more file parts, when set.
    #[doc(hidden)]
    pub fn file(&mut self, name: &'static str, value: &Option<impl Files>) {
        for part in value.iter().flat_map(Files::parts) {
            self.fields
                .push((Cow::Borrowed(name), Field::File(part.clone())));
        }
    }

    fn push_value(&mut self, name: &'static str, value: &Value) {
        self.push_owned(Cow::Borrowed(name), value);
    }

    fn push_owned(&mut self, name: Cow<'static, str>, value: &Value) {
        match value {
            Value::Null => {}
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                for item in items {
                    if let Some(text) = scalar_text(item) {
                        self.fields.push((name.clone(), Field::Text(text)));
                    }
                }
            }
            Value::Object(_) | Value::Array(_) => {
                self.fields.push((name, Field::Json(value.clone())));
            }
            scalar => {
                if let Some(text) = scalar_text(scalar) {
                    self.fields.push((name, Field::Text(text)));
                }
            }
        }
    }

    /// `application/x-www-form-urlencoded`: objects as `name[key]=value` pairs, files as
    /// their bytes read as text.
    #[doc(hidden)]
    pub fn urlencoded(&self) -> Vec<u8> {
        let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
        for (name, field) in &self.fields {
            match field {
                Field::Text(text) => pairs.push((Cow::Borrowed(name), Cow::Borrowed(text))),
                Field::Json(value) => {
                    let mut deep = Vec::new();
                    deep_pairs(name.to_string(), value, &mut deep);
                    pairs.extend(
                        deep.into_iter()
                            .map(|(k, v)| (Cow::Owned(k.into_owned()), Cow::Owned(v))),
                    );
                }
                Field::File(part) => {
                    pairs.push((Cow::Borrowed(name), String::from_utf8_lossy(&part.bytes)))
                }
            }
        }
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in &pairs {
            out.append_pair(name, value);
        }
        out.finish().into_bytes()
    }

    /// `multipart/form-data` with this boundary: the body's bytes.
    ///
    /// Written here rather than with reqwest's multipart form, which is a stream sent once:
    /// a request that is retried needs the same bytes again.
    #[doc(hidden)]
    pub fn multipart(&self, boundary: &str) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, field) in &self.fields {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
            out.extend_from_slice(disposition.as_bytes());
            match field {
                Field::Text(text) => {
                    out.extend_from_slice(b"\r\n\r\n");
                    out.extend_from_slice(text.as_bytes());
                }
                Field::Json(value) => {
                    out.extend_from_slice(b"\r\nContent-Type: application/json\r\n\r\n");
                    out.extend_from_slice(value.to_string().as_bytes());
                }
                Field::File(part) => {
                    let file_name = part.file_name.as_deref().unwrap_or(name);
                    out.extend_from_slice(
                        format!("; filename=\"{}\"\r\n", quoted(file_name)).as_bytes(),
                    );
                    let media = part
                        .media_type
                        .as_deref()
                        .filter(|m| !m.contains(['\r', '\n']))
                        .unwrap_or("application/octet-stream");
                    out.extend_from_slice(format!("Content-Type: {media}\r\n\r\n").as_bytes());
                    out.extend_from_slice(&part.bytes);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        out
    }
}

/// A name or file name inside a quoted header parameter: quotes and line breaks escaped as
/// browsers do (`%22`, `%0D`, `%0A`), so a name cannot end the header.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(value: Value, style: ObjectStyle) -> Vec<(String, String)> {
        object_pairs("f", &value, style)
            .into_iter()
            .map(|(k, v)| (k.into_owned(), v))
            .collect()
    }

    fn p(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn objects_in_the_query_follow_their_style() {
        let value = json!({"name": "a b", "min": 2, "tags": ["x", "y"]});
        assert_eq!(
            pairs(value.clone(), ObjectStyle::DeepObject),
            [
                p("f[name]", "a b"),
                p("f[min]", "2"),
                p("f[tags][0]", "x"),
                p("f[tags][1]", "y")
            ]
        );
        assert_eq!(
            pairs(value.clone(), ObjectStyle::Form),
            [
                p("name", "a b"),
                p("min", "2"),
                p("tags", "x"),
                p("tags", "y")
            ]
        );
        assert_eq!(
            pairs(json!({"a": 1, "b": "c"}), ObjectStyle::FormJoined),
            [p("f", "a,1,b,c")]
        );
        assert_eq!(pairs(json!("plain"), ObjectStyle::Form), [p("f", "plain")]);
        assert_eq!(
            simple_text(&json!({"a": 1, "b": "c"}), true).as_deref(),
            Some("a=1,b=c")
        );
    }

    #[test]
    fn forms_and_multipart_bodies_are_written_from_their_fields() {
        let mut form = Form::new();
        form.field("name", &Some("Ann & Bob"));
        form.field("tags", &Some(vec!["a", "b"]));
        form.field("meta", &Some(json!({"k": "v"})));
        form.field("absent", &None::<String>);
        assert_eq!(
            String::from_utf8(form.urlencoded()).unwrap(),
            "name=Ann+%26+Bob&tags=a&tags=b&meta%5Bk%5D=v"
        );
        form.file(
            "file",
            &Some(FilePart::new(b"\x00\x01".to_vec()).file_name("a\"b.bin")),
        );
        let body = form.multipart("XyZ");
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.starts_with(
                "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAnn & Bob\r\n"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":\"v\"}\r\n"
            ),
            "{text}"
        );
        assert!(text.contains("name=\"file\"; filename=\"a%22b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}\r\n"), "{text}");
        assert!(text.ends_with("--XyZ--\r\n"));
    }
}
