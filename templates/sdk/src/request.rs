//! A request being put together by a generated method, from an [`Operation`] and its
//! arguments: path parameters encoded as one segment each, query pairs, headers and a body.
//! Arguments that cannot be sent are refused here, before anything goes out; sending is in
//! [`crate::send`].

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::HeaderValue;
use serde::Serialize;

use crate::error::Error;
use crate::operation::Operation;
use crate::options::RequestOptions;

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
pub(crate) struct Request {
    pub(crate) op: &'static Operation,
    pub(crate) accept: &'static str,
    pub(crate) path: String,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) headers: Vec<(&'static str, HeaderValue)>,
    pub(crate) body: Option<Vec<u8>>,
    /// The first argument that cannot be sent; reported by `send` before anything goes out.
    pub(crate) invalid: Option<Error>,
    /// The caller's options for this request.
    pub(crate) options: RequestOptions,
}

impl Request {
    pub(crate) fn new(op: &'static Operation, options: RequestOptions) -> Self {
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
            self.invalid = Some(Error::InvalidArgument { name, reason });
        }
    }

    /// Fills `{name}` with `value`, encoded as exactly one path segment.
    pub(crate) fn path_param(&mut self, name: &'static str, value: &impl ToString) {
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

    /// Adds `name=value` when the value is set; a list adds one pair per item.
    pub(crate) fn query<V: QueryValue>(&mut self, name: &'static str, value: &Option<V>) {
        if let Some(value) = value {
            value.append(name, &mut self.query);
        }
    }

    /// Adds a header when the value is set; line breaks and other characters HTTP does not
    /// allow in a header are refused (header injection).
    #[allow(dead_code)] // Not every API has header parameters.
    pub(crate) fn header(&mut self, name: &'static str, value: &Option<impl ToString>) {
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

    /// Asks for another media type than JSON (`text/plain`).
    #[allow(dead_code)] // Not every API has text responses.
    pub(crate) fn accept(&mut self, media: &'static str) {
        self.accept = media;
    }

    /// Sends `body` as JSON.
    pub(crate) fn json(&mut self, name: &'static str, body: &impl Serialize) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.refuse(name, format!("cannot be written as JSON: {e}")),
        }
    }
}

/// A value that can go in a query string.
pub(crate) trait QueryValue {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>);
}

macro_rules! query_value_by_display {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.to_string()));
            }
        }
    )*};
}

query_value_by_display!(String, i32, i64, f32, f64, bool, chrono::NaiveDate);

impl QueryValue for chrono::DateTime<chrono::Utc> {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((
            name,
            self.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ));
    }
}

impl QueryValue for crate::pagination::DateCursor {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.as_str().to_owned()));
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        (**self).append(name, out);
    }
}

impl QueryValue for serde_json::Value {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.to_string()));
    }
}

impl<T: QueryValue> QueryValue for Vec<T> {
    fn append(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        for item in self {
            item.append(name, out);
        }
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
                    Some(Error::InvalidArgument {
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
            Some(Error::InvalidArgument {
                name: "X-Thing",
                ..
            })
        ));
    }
}
