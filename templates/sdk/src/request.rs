//! The one path every call takes: build the request from an [`Operation`] and its arguments,
//! authenticate, send, retry, and turn the answer into a value or an [`Error`].

use std::time::Instant;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::client::Client;
use crate::error::{ApiError, Error, GaveUp, Result, RetryInfo};
use crate::operation::Operation;
use crate::retry::retry_after;

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
    op: &'static Operation,
    accept: &'static str,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
    /// The first argument that cannot be sent; reported by `send` before anything goes out.
    invalid: Option<Error>,
}

impl Request {
    pub(crate) fn new(op: &'static Operation) -> Self {
        Self {
            op,
            accept: "application/json",
            path: op.path.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            invalid: None,
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

    /// Adds a header when the value is set; line breaks are refused (header injection).
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
            self.headers.push((name, value));
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

/// A successful answer.
struct Answer {
    status: u16,
    correlation_id: Option<String>,
    body: bytes::Bytes,
}

impl Client {
    /// Sends `request` and decodes a JSON body as `T`.
    pub(crate) async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let op = request.op;
        let answer = self.execute(request).await?;
        serde_json::from_slice(&answer.body).map_err(|e| Error::Decode {
            operation: op.id,
            status: answer.status,
            expected: public_type_name(std::any::type_name::<T>()),
            message: e.to_string(),
            snippet: snippet(&answer.body),
            correlation_id: answer.correlation_id,
        })
    }

    /// Sends `request` and reads the body as text.
    #[allow(dead_code)] // Not every API has text responses.
    pub(crate) async fn send_text(&self, request: Request) -> Result<String> {
        let op = request.op;
        let answer = self.execute(request).await?;
        String::from_utf8(answer.body.to_vec()).map_err(|e| Error::Decode {
            operation: op.id,
            status: answer.status,
            expected: "UTF-8 text".to_owned(),
            message: e.to_string(),
            snippet: snippet(&answer.body),
            correlation_id: answer.correlation_id,
        })
    }

    /// Sends `request`, expecting no body.
    pub(crate) async fn send_empty(&self, request: Request) -> Result<()> {
        self.execute(request).await.map(drop)
    }

    async fn execute(&self, mut request: Request) -> Result<Answer> {
        if let Some(invalid) = request.invalid.take() {
            return Err(invalid);
        }
        let op = request.op;
        let span = tracing::debug_span!(
            "genesys_cloud",
            operation = op.id,
            method = op.method.as_str(),
            path = op.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.retry_loop(&request).instrument(span).await
    }

    async fn retry_loop(&self, request: &Request) -> Result<Answer> {
        let inner = &self.inner;
        let op = request.op;
        let policy = &inner.retry;
        let started = Instant::now();
        let mut url = reqwest::Url::parse(&format!("{}{}", inner.base_url, request.path))
            .map_err(|e| Error::Config(format!("the request URL is not valid: {e}")))?;
        if !request.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let mut attempts = 0u32;
        let mut refused_token = None;
        let mut reauthenticated = false;
        let mut last_retry_after = None;
        loop {
            attempts += 1;
            tracing::Span::current().record("attempt", attempts);
            let token = inner
                .auth
                .token(&inner.http, refused_token.as_ref())
                .await?;
            let mut builder = inner
                .http
                .request(op.method.to_reqwest(), url.clone())
                .bearer_auth(token.expose())
                .header(ACCEPT, request.accept);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value);
            }
            if let Some(body) = &request.body {
                builder = builder
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }

            // What went wrong this time, and what the next wait would be if it is retried.
            let (failure, retryable, wait) = match builder.send().await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    tracing::Span::current().record("status", status);
                    let correlation_id = correlation_id(response.headers());
                    let server_wait = retry_after(response.headers());
                    let body = response.bytes().await;
                    if (200..300).contains(&status) {
                        return match body {
                            Ok(body) => Ok(Answer {
                                status,
                                correlation_id,
                                body,
                            }),
                            Err(source) => Err(Error::Transport {
                                operation: op.id,
                                attempts,
                                source,
                            }),
                        };
                    }
                    if status == 401 && inner.auth.can_refresh() && !reauthenticated {
                        // The token may have been revoked or expired early: one new token, one
                        // more try.
                        tracing::debug!("401: fetching a new token and trying once more");
                        reauthenticated = true;
                        refused_token = Some(token);
                        attempts -= 1;
                        continue;
                    }
                    let body = body.unwrap_or_default();
                    let api_error = ApiError {
                        operation: op.id,
                        status,
                        body: serde_json::from_slice(&body).ok(),
                        correlation_id,
                        retry: RetryInfo {
                            attempts,
                            retry_after: server_wait,
                            gave_up: None,
                        },
                    };
                    last_retry_after = server_wait;
                    match status {
                        429 => (Error::Api(Box::new(api_error)), Ok(()), server_wait),
                        502..=504 if op.method.is_idempotent() => {
                            (Error::Api(Box::new(api_error)), Ok(()), server_wait)
                        }
                        502..=504 => (
                            Error::Api(Box::new(api_error)),
                            Err(GaveUp::NotIdempotent),
                            None,
                        ),
                        _ => return Err(Error::Api(Box::new(api_error))),
                    }
                }
                Err(source) => {
                    let retryable = if op.method.is_idempotent() {
                        Ok(())
                    } else {
                        Err(GaveUp::NotIdempotent)
                    };
                    (
                        Error::Transport {
                            operation: op.id,
                            attempts,
                            source,
                        },
                        retryable,
                        None,
                    )
                }
            };

            let gave_up = match retryable {
                Err(reason) => Some(reason),
                Ok(()) if attempts >= policy.attempts() => Some(GaveUp::MaxAttempts),
                Ok(()) => {
                    let wait = wait.unwrap_or_else(|| policy.backoff(attempts));
                    if started.elapsed() + wait > policy.total_budget() {
                        Some(GaveUp::Budget)
                    } else {
                        tracing::warn!(attempt = attempts, wait_ms = wait.as_millis() as u64, error = %failure, "retrying");
                        tokio::time::sleep(wait).await;
                        None
                    }
                }
            };
            if let Some(reason) = gave_up {
                return Err(match failure {
                    Error::Api(mut e) => {
                        e.retry = RetryInfo {
                            attempts,
                            retry_after: last_retry_after,
                            gave_up: Some(reason),
                        };
                        Error::Api(e)
                    }
                    other => other,
                });
            }
        }
    }
}

/// A type's name as a caller writes it: `models::ChatSettings`, `Vec<models::Room>`, not the
/// compiler's `genesys_cloud_chat::models::chat_settings::ChatSettings`.
pub(crate) fn public_type_name(name: &str) -> String {
    let models = concat!(env!("CARGO_CRATE_NAME"), "::models::");
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find(models) {
        out.push_str(&rest[..at]);
        out.push_str("models::");
        rest = &rest[at + models.len()..];
        // Drop the private module the type sits in (`chat_settings::`).
        let ident = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if rest[ident..].starts_with("::") {
            rest = &rest[ident + 2..];
        }
    }
    out.push_str(rest);
    for prefix in [
        "alloc::vec::",
        "alloc::string::",
        "alloc::boxed::",
        "alloc::collections::btree::map::",
        "core::option::",
        "serde_json::value::",
        "chrono::datetime::",
        "chrono::offset::utc::",
        "chrono::naive::date::",
    ] {
        out = out.replace(prefix, "");
    }
    out
}

/// `Inin-Correlation-Id`, which Genesys support asks for.
pub(crate) fn correlation_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("inin-correlation-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The start of a body, as text, for error messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    if body.len() > MAX {
        format!("{text}...")
    } else {
        text.into_owned()
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
        preview: false,
        deprecated: false,
    };

    #[test]
    fn path_values_stay_inside_their_segment() {
        let mut r = Request::new(&OP);
        r.path_param("roomJid", &"a/b?c#d e%;x@y");
        r.path_param("id", &"..x,y");
        assert_eq!(r.path, "/rooms/a%2Fb%3Fc%23d%20e%25%3Bx@y/messages/..x%2Cy");
        assert!(r.invalid.is_none());
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        for bad in ["..", ".", ""] {
            let mut r = Request::new(&OP);
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
        let mut r = Request::new(&OP);
        r.header("X-Thing", &Some("a\r\nInjected: yes"));
        assert!(matches!(
            r.invalid,
            Some(Error::InvalidArgument {
                name: "X-Thing",
                ..
            })
        ));
    }

    #[test]
    fn type_names_are_the_public_paths() {
        let krate = env!("CARGO_CRATE_NAME");
        assert_eq!(
            public_type_name(&format!("{krate}::models::chat_settings::ChatSettings")),
            "models::ChatSettings"
        );
        assert_eq!(
            public_type_name(&format!(
                "alloc::vec::Vec<alloc::collections::btree::map::BTreeMap<alloc::string::String, {krate}::models::room::Room>>"
            )),
            "Vec<BTreeMap<String, models::Room>>"
        );
    }

    #[test]
    fn snippets_are_cut() {
        assert_eq!(snippet(b"short"), "short");
        assert_eq!(snippet(&[b'x'; 300]).len(), 203);
    }
}
