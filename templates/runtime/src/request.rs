//! A request being put together by a generated method, from an [`Operation`] and its
//! arguments: path parameters encoded as one segment each, query pairs, headers and a body.
//! Arguments that cannot be sent are refused here, before anything goes out; sending is in
//! [`crate::send`].

// An API uses the part of this that its parameters and bodies need.
#![allow(dead_code)]

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde::Serialize;

use crate::encode::{self, Form, ObjectStyle};
use crate::failure::Failure;
use crate::operation::Operation;
use crate::options::RequestOptions;
use crate::query::QueryValue;

/// What a path parameter may keep as is: the unreserved characters of RFC 3986, and `:` and `@`
/// (allowed in a segment, and common in Genesys JIDs). Everything else is percent-encoded, so a
/// value can never add a segment (`/`), start a query (`?`) or a fragment (`#`), carry a matrix
/// parameter (`;`), or be split as a list (`,` is the OpenAPI `simple` style delimiter: a
/// comma-separated id list is one string value, and the server decodes `%2C`).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@');

/// A request being put together by a generated method.
pub struct Request {
    #[doc(hidden)]
    pub op: &'static Operation,
    #[doc(hidden)]
    pub accept: &'static str,
    #[doc(hidden)]
    pub path: String,
    #[doc(hidden)]
    pub query: Vec<(Cow<'static, str>, String)>,
    #[doc(hidden)]
    pub headers: Vec<(&'static str, HeaderValue)>,
    /// The body, and its media type.
    #[doc(hidden)]
    pub body: Option<(HeaderValue, bytes::Bytes)>,
    /// The first argument that cannot be sent; reported by `send` before anything goes out.
    #[doc(hidden)]
    pub invalid: Option<Failure>,
    /// The caller's options for this request.
    #[doc(hidden)]
    pub options: RequestOptions,
}

impl Request {
    #[doc(hidden)]
    pub fn new(op: &'static Operation, options: RequestOptions) -> Self {
        Self {
            op,
            accept: "application/json",
            path: op.path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            invalid: None,
            options,
        }
    }

    fn refuse(&mut self, name: &'static str, reason: String) {
        if self.invalid.is_none() {
            self.invalid = Some(Failure::InvalidArgument { name, reason });
        }
    }

    /// Fills `{name}` with `value`, encoded as exactly one path segment.
    #[doc(hidden)]
    pub fn path_param(&mut self, name: &'static str, value: &impl ToString) {
        let value = value.to_string();
        if value.is_empty() || value == "." || value == ".." {
            // An empty, `.` or `..` segment would be dropped or resolved away by URL
            // normalization, and the request would go to another resource.
            self.refuse(name, format!("`{value}` is not a valid path segment"));
            return;
        }
        let encoded = utf8_percent_encode(&value, SEGMENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
    }

    /// Fills `{name}` with a list, `a,b` (`simple` style), each item encoded as in a segment.
    #[doc(hidden)]
    pub fn path_joined<V: ToString>(&mut self, name: &'static str, values: &[V]) {
        let encoded: Vec<String> = values
            .iter()
            .map(|v| utf8_percent_encode(&v.to_string(), SEGMENT).to_string())
            .collect();
        self.path = self
            .path
            .replace(&format!("{{{name}}}"), &encoded.join(","));
    }

    /// Fills `{name}` with a value written through serde (`simple` style: `k,v,k2,v2`).
    #[doc(hidden)]
    pub fn path_object(&mut self, name: &'static str, value: &impl Serialize, style: ObjectStyle) {
        match encode::to_value(value) {
            Ok(value) => {
                let text = encode::simple_text(&value, style == ObjectStyle::SimpleExploded)
                    .unwrap_or_default();
                let encoded: Vec<String> = text
                    .split(',')
                    .map(|part| utf8_percent_encode(part, SEGMENT).to_string())
                    .collect();
                self.path = self
                    .path
                    .replace(&format!("{{{name}}}"), &encoded.join(","));
            }
            Err(reason) => self.refuse(name, reason),
        }
    }

    /// Adds `name=value` when the value is set; a list adds one pair per item.
    #[doc(hidden)]
    pub fn query<V: QueryValue>(&mut self, name: &'static str, value: &Option<V>) {
        if let Some(value) = value {
            let mut pairs = Vec::new();
            value.append(name, &mut pairs);
            self.query
                .extend(pairs.into_iter().map(|(k, v)| (Cow::Borrowed(k), v)));
        }
    }

    /// Adds a list as one pair, its items joined with `separator` (`a=1,2`, `a=1%202`,
    /// `a=1|2`).
    #[doc(hidden)]
    pub fn query_joined<V: QueryValue>(
        &mut self,
        name: &'static str,
        value: &Option<V>,
        separator: char,
    ) {
        if let Some(value) = value {
            let mut pairs = Vec::new();
            value.append(name, &mut pairs);
            let items: Vec<String> = pairs.into_iter().map(|(_, v)| v).collect();
            self.query
                .push((Cow::Borrowed(name), items.join(&separator.to_string())));
        }
    }

    /// Adds a value written through serde in `style` (`name[key]=value`, ...).
    #[doc(hidden)]
    pub fn query_object(
        &mut self,
        name: &'static str,
        value: &Option<impl Serialize>,
        style: ObjectStyle,
    ) {
        let Some(value) = value else { return };
        match encode::to_value(value) {
            Ok(value) => self.query.extend(encode::object_pairs(name, &value, style)),
            Err(reason) => self.refuse(name, reason),
        }
    }

    /// Adds a header when the value is set; line breaks and other characters HTTP does not
    /// allow in a header are refused (header injection).
    #[doc(hidden)]
    pub fn header(&mut self, name: &'static str, value: &Option<impl ToString>) {
        if let Some(value) = value {
            let value = value.to_string();
            if value.contains(['\r', '\n']) {
                self.refuse(
                    name,
                    "header values must not contain line breaks".to_owned(),
                );
                return;
            }
            match HeaderValue::from_str(&value) {
                Ok(value) => self.headers.push((name, value)),
                Err(_) => self.refuse(
                    name,
                    "header values must not contain control characters".to_owned(),
                ),
            }
        }
    }

    /// Adds a list as one header value, its items joined with commas.
    #[doc(hidden)]
    pub fn header_joined<V: ToString>(
        &mut self,
        name: &'static str,
        value: &Option<impl AsRef<[V]>>,
    ) {
        if let Some(value) = value {
            let items: Vec<String> = value.as_ref().iter().map(ToString::to_string).collect();
            self.header(name, &Some(items.join(",")));
        }
    }

    /// Adds a value written through serde as a header (`simple` style: `k,v,k2,v2`).
    #[doc(hidden)]
    pub fn header_object(
        &mut self,
        name: &'static str,
        value: &Option<impl Serialize>,
        style: ObjectStyle,
    ) {
        let Some(value) = value else { return };
        match encode::to_value(value) {
            Ok(value) => {
                let text = encode::simple_text(&value, style == ObjectStyle::SimpleExploded);
                self.header(name, &text);
            }
            Err(reason) => self.refuse(name, reason),
        }
    }

    /// Asks for another media type than JSON (`text/plain`, `image/png`).
    #[doc(hidden)]
    pub fn accept(&mut self, media: &'static str) {
        self.accept = media;
    }

    /// Sends `body` as JSON.
    #[doc(hidden)]
    pub fn json(&mut self, name: &'static str, body: &impl Serialize) {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Some((
                    HeaderValue::from_static("application/json"),
                    bytes::Bytes::from(bytes),
                ));
            }
            Err(e) => self.refuse(name, format!("cannot be written as JSON: {e}")),
        }
    }

    /// Sends `body` as it is, as `media`.
    #[doc(hidden)]
    pub fn bytes(&mut self, media: &'static str, body: &bytes::Bytes) {
        self.body = Some((HeaderValue::from_static(media), body.clone()));
    }

    /// Sends `body` as it is, as `media` (`text/plain`).
    #[doc(hidden)]
    pub fn text(&mut self, media: &'static str, body: &str) {
        self.body = Some((
            HeaderValue::from_static(media),
            bytes::Bytes::from(body.to_owned()),
        ));
    }

    /// Sends the fields of `form` as `application/x-www-form-urlencoded`.
    #[doc(hidden)]
    pub fn form(&mut self, mut form: Form) {
        if let Some((name, reason)) = form.invalid.take() {
            return self.refuse(name, reason);
        }
        self.body = Some((
            HeaderValue::from_static("application/x-www-form-urlencoded"),
            bytes::Bytes::from(form.urlencoded()),
        ));
    }

    /// Sends the fields of `form` as `multipart/form-data`.
    #[doc(hidden)]
    pub fn multipart(&mut self, mut form: Form) {
        if let Some((name, reason)) = form.invalid.take() {
            return self.refuse(name, reason);
        }
        let boundary = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
        let media = HeaderValue::from_str(&format!("multipart/form-data; boundary={boundary}"))
            .unwrap_or_else(|_| HeaderValue::from_static("multipart/form-data"));
        self.body = Some((media, bytes::Bytes::from(form.multipart(&boundary))));
    }

    /// Sends the properties of `body` as a form.
    #[doc(hidden)]
    pub fn form_of(&mut self, name: &'static str, body: &impl Serialize) {
        let mut form = Form::new();
        form.fields_of(name, body);
        self.form(form);
    }

    /// Sends the properties of `body` as multipart parts.
    #[doc(hidden)]
    pub fn multipart_of(&mut self, name: &'static str, body: &impl Serialize) {
        let mut form = Form::new();
        form.fields_of(name, body);
        self.multipart(form);
    }
}

impl QueryValue for crate::cursor::DateCursor {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.as_str().to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::{Method, Permissions};

    const OP: Operation = Operation {
        id: "x",
        tag: "T",
        method: Method::Get,
        path: "/rooms/{roomJid}/messages/{id}",
        permissions: Permissions::None,
        error_codes: &[],
        preview: false,
        deprecated: false,
    };

    #[test]
    fn path_values_stay_inside_their_segment() {
        let mut r = Request::new(&OP, RequestOptions::new());
        r.path_param("roomJid", &"a/b?c#d e%;x@y");
        r.path_param("id", &"..x,y");
        assert_eq!(r.path, "/rooms/a%2Fb%3Fc%23d%20e%25%3Bx@y/messages/..x%2Cy");
        assert!(r.invalid.is_none());
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for bad in ["..", ".", ""] {
            let mut r = Request::new(&OP, RequestOptions::new());
            r.path_param("roomJid", &bad);
            assert!(
                matches!(
                    r.invalid,
                    Some(Failure::InvalidArgument {
                        name: "roomJid",
                        ..
                    })
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn header_line_breaks_are_refused() {
        let mut r = Request::new(&OP, RequestOptions::new());
        r.header("X-Thing", &Some("a\r\nInjected: yes"));
        assert!(matches!(
            r.invalid,
            Some(Failure::InvalidArgument {
                name: "X-Thing",
                ..
            })
        ));
    }
}
