//! What a caller can ask of one request, and see of its answer: per-request options (timeout,
//! retry policy, extra headers), the answer with its status and headers, and hooks that watch
//! every attempt.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::auth::Secret;
use crate::operation::Operation;
use crate::retry::RetryPolicy;

/// Options for one request, set on any operation's builder with `.options(...)`, without
/// changing the client.
///
/// ```
/// # extern crate genesys_cloud_chat_runtime as genesys_cloud_chat;
/// use std::time::Duration;
/// use genesys_cloud_chat::{RequestOptions, RetryPolicy};
///
/// // For one request: `.options(options)` on its builder, before `.send()`.
/// let options = RequestOptions::new()
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::none())
///     .header("x-app-request-id", "7f3c");
/// # drop(options);
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestOptions {
    #[doc(hidden)]
    pub timeout: Option<Duration>,
    #[doc(hidden)]
    pub retry: Option<RetryPolicy>,
    #[doc(hidden)]
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// The first header that cannot be sent; the request then fails before anything is sent.
    #[doc(hidden)]
    pub invalid: Option<(String, String)>,
}

impl RequestOptions {
    /// No options: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The most time one attempt may take, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How this request is retried, instead of the client's policy (its budget is this call's
    /// deadline).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// A header to send as well. A name or value HTTP does not allow, and the headers the
    /// client sets itself (`Authorization`, `Host`, `Content-Length`, `Content-Type`,
    /// `Transfer-Encoding`), make the request fail before anything is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        const OWN: [&str; 5] = [
            "authorization",
            "host",
            "content-length",
            "content-type",
            "transfer-encoding",
        ];
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(value).ok());
        match parsed {
            Some((n, _)) if OWN.contains(&n.as_str()) => {
                self.invalid.get_or_insert((
                    name.to_owned(),
                    "the client sets this header itself".to_owned(),
                ));
            }
            Some((n, v)) => self.headers.push((n, v)),
            None => {
                self.invalid.get_or_insert((
                    name.to_owned(),
                    "not a header name and value HTTP allows (line breaks, control characters)"
                        .to_owned(),
                ));
            }
        }
        self
    }
}

/// A successful answer with its status and headers: what `send_with_response()` returns.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    #[doc(hidden)]
    pub fn new(status: u16, headers: HeaderMap, body: T) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    /// The HTTP status: `200`, `201`, `204`.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Every header of the answer.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, without the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// `Inin-Correlation-Id`, to quote to Genesys support.
    pub fn correlation_id(&self) -> Option<&str> {
        self.header("inin-correlation-id")
    }

    /// A header's value, when it is text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The rate limit the answer reports (`inin-ratelimit-*`), when it does.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        let number = |name: &str| self.header(name).and_then(|v| v.trim().parse::<u64>().ok());
        let limit = RateLimit {
            allowed: number("inin-ratelimit-allowed"),
            count: number("inin-ratelimit-count"),
            reset: number("inin-ratelimit-reset").map(Duration::from_secs),
        };
        (limit.allowed.is_some() || limit.count.is_some() || limit.reset.is_some()).then_some(limit)
    }
}

/// The rate limit an answer reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimit {
    /// Requests allowed in the window (`inin-ratelimit-allowed`).
    pub allowed: Option<u64>,
    /// Requests made in the window (`inin-ratelimit-count`).
    pub count: Option<u64>,
    /// Until the window resets (`inin-ratelimit-reset`).
    pub reset: Option<Duration>,
}

/// Watches every attempt of every call, for logging and metrics: called on the caller's task,
/// synchronously, so a hook must be quick (hand slow work to a channel).
///
/// Hooks see no secret: the `Authorization` header is not among the headers they get, unless
/// they are registered with `ClientBuilder::hooks_with_secrets`,
/// which gives [`RequestInfo::token`].
pub trait Hooks: Send + Sync {
    /// Before each attempt is sent.
    fn before_send(&self, request: &RequestInfo<'_>) {
        let _ = request;
    }

    /// After each attempt: when the answer's status and headers came, or when it failed.
    fn after_receive(&self, response: &ResponseInfo<'_>) {
        let _ = response;
    }
}

/// Shared hooks: the application keeps one handle (to read its metrics), the client another.
impl<T: Hooks + ?Sized> Hooks for std::sync::Arc<T> {
    fn before_send(&self, request: &RequestInfo<'_>) {
        (**self).before_send(request);
    }

    fn after_receive(&self, response: &ResponseInfo<'_>) {
        (**self).after_receive(response);
    }
}

/// One attempt about to be sent.
#[non_exhaustive]
pub struct RequestInfo<'a> {
    /// The operation.
    pub operation: &'static Operation,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The method.
    pub method: &'a reqwest::Method,
    /// The URL, query included.
    pub url: &'a reqwest::Url,
    /// The headers, but `Authorization`.
    pub headers: &'a HeaderMap,
    #[doc(hidden)]
    pub token: Option<&'a Secret>,
}

impl RequestInfo<'_> {
    /// The access token sent, for hooks registered with
    /// `ClientBuilder::hooks_with_secrets`; `None`
    /// for the others.
    pub fn token(&self) -> Option<&Secret> {
        self.token
    }
}

impl fmt::Debug for RequestInfo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestInfo")
            .field("operation", &self.operation.id)
            .field("attempt", &self.attempt)
            .field("method", self.method)
            .field("url", &self.url.as_str())
            .field("headers", self.headers)
            .finish_non_exhaustive()
    }
}

/// What an attempt came to.
#[derive(Debug)]
#[non_exhaustive]
pub struct ResponseInfo<'a> {
    /// The operation.
    pub operation: &'static Operation,
    /// 1 for the first attempt.
    pub attempt: u32,
    /// The status, when the server answered.
    pub status: Option<u16>,
    /// The answer's headers, when the server answered.
    pub headers: Option<&'a HeaderMap>,
    /// From sending to the answer's headers (or the failure).
    pub elapsed: Duration,
}

/// The hooks of a client, and whether they may see secrets.
#[derive(Clone)]
pub struct HookSet {
    #[doc(hidden)]
    pub hooks: std::sync::Arc<dyn Hooks>,
    #[doc(hidden)]
    pub secrets: bool,
}

impl fmt::Debug for HookSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("secrets", &self.secrets)
            .finish_non_exhaustive()
    }
}
