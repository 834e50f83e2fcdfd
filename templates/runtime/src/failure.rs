//! The parts of the SDK's errors that do not depend on the spec: what kind of transport failure
//! it was, how the retries went, why a stream or a channel stopped, and text from a server made
//! safe to print; and [`Failure`], a call's failure before the SDK crate reads its error body.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;

use crate::operation::Operation;

/// What the retry loop did before giving up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryInfo {
    /// How many times the request was sent.
    pub attempts: u32,
    /// The last `Retry-After` the server asked for.
    pub retry_after: Option<Duration>,
    /// Why the loop stopped retrying, when the status was retryable.
    pub gave_up: Option<GaveUp>,
}

/// Why a retryable failure was not retried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GaveUp {
    /// The policy's maximum number of attempts was reached.
    MaxAttempts,
    /// Waiting again would pass the policy's total time budget (for 429, the server asked for
    /// a longer wait than the budget has left).
    Budget,
    /// The method is not idempotent, so a server or connection failure is not retried.
    NotIdempotent,
}

/// What went wrong with a call, as the runtime sees it: the SDK crate's `Error` without the
/// error body parsed into the spec's type. The SDK crate turns it into its `Error`.
#[derive(Debug)]
#[doc(hidden)]
pub enum Failure {
    /// An error status; `body` is the start of the body (the first 64 KiB).
    Api {
        operation: &'static str,
        status: u16,
        body: bytes::Bytes,
        correlation_id: Option<String>,
        retry: RetryInfo,
        spec: &'static Operation,
    },
    Transport {
        operation: &'static str,
        attempts: u32,
        kind: TransportKind,
        source: reqwest::Error,
    },
    Deadline {
        operation: &'static str,
        attempts: u32,
        budget: Duration,
    },
    Redirect {
        operation: &'static str,
        status: u16,
        location: Option<String>,
    },
    TooLarge {
        operation: &'static str,
        status: u16,
        limit: u64,
        declared: Option<u64>,
    },
    Decode {
        operation: &'static str,
        status: u16,
        expected: String,
        message: String,
        snippet: String,
        correlation_id: Option<String>,
    },
    /// The login service refused or failed a token exchange.
    Auth(crate::grant::Failure),
    Middleware {
        operation: &'static str,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    InvalidArgument {
        name: &'static str,
        reason: String,
    },
    Config(String),
}

impl fmt::Display for Failure {
    /// A line for the logs: what failed, without the error body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api {
                operation, status, ..
            } => write!(f, "{operation}: the server answered {status}"),
            Self::Transport {
                operation,
                kind,
                source,
                ..
            } => write!(f, "{operation}: {}: {}", kind.what(), error_chain(source)),
            Self::Deadline { operation, .. } => write!(f, "{operation}: out of time"),
            Self::Redirect {
                operation, status, ..
            } => write!(f, "{operation}: a redirect ({status})"),
            Self::TooLarge {
                operation, status, ..
            } => write!(f, "{operation}: the {status} answer is too large"),
            Self::Decode {
                operation, status, ..
            } => write!(f, "{operation}: the {status} answer does not decode"),
            Self::Auth(failure) => {
                write!(f, "authentication failed: {}", sanitize(&failure.message))
            }
            Self::Middleware { operation, .. } => write!(f, "{operation}: a middleware failed"),
            Self::InvalidArgument { name, .. } => write!(f, "invalid argument `{name}`"),
            Self::Config(message) => write!(f, "invalid client configuration: {message}"),
        }
    }
}

/// Why a notification stream ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChannelProblem {
    /// The service revoked the token the channel was made with
    /// (`v2.system.token_revoked`): sign in again, then subscribe again.
    TokenRevoked,
    /// The channel's socket was lost and could not be opened again.
    Unreachable {
        /// How many times a new socket was tried.
        attempts: u32,
        /// What the last attempt reported.
        last: String,
    },
    /// The service gave a socket address the SDK does not connect to: not `wss://` (plain
    /// `ws://` is accepted on loopback only, as plain `http://` is).
    InsecureUri(String),
}

impl fmt::Display for ChannelProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TokenRevoked => f.write_str(
                "the service revoked the channel's token; sign in again and subscribe again",
            ),
            Self::Unreachable { attempts, last } => write!(
                f,
                "the socket was lost and {attempts} attempt(s) to open a new one failed; the last: {last}"
            ),
            Self::InsecureUri(uri) => write!(
                f,
                "the service's socket address `{uri}` is not wss:// (plain ws:// only on loopback)"
            ),
        }
    }
}

/// What kind of transport failure an `Error::Transport` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be made (refused, DNS, TLS). Retried for idempotent methods.
    Connect,
    /// The attempt took longer than the client's timeout. Retried for idempotent methods.
    Timeout,
    /// The connection was lost before the answer was complete. Retried for idempotent methods.
    ConnectionLost,
    /// The answer is not valid HTTP, or its headers are too large. Not retried.
    Protocol,
    /// Too many redirects (a loop). Not retried.
    TooManyRedirects,
    /// The request could not be built. Not retried.
    Request,
    /// Anything else the HTTP client reports. Not retried.
    Other,
}

impl TransportKind {
    /// Whether another attempt could succeed.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Connect | Self::Timeout | Self::ConnectionLost)
    }

    #[doc(hidden)]
    pub fn what(self) -> &'static str {
        match self {
            Self::Connect => "could not connect to Genesys Cloud",
            Self::Timeout => "the request timed out",
            Self::ConnectionLost => "the connection was lost before the answer was complete",
            Self::Protocol => "the server's answer is not valid HTTP",
            Self::TooManyRedirects => "the server redirected too many times",
            Self::Request => "the request could not be built",
            Self::Other => "the request failed",
        }
    }

    #[doc(hidden)]
    pub fn hint(self) -> &'static str {
        match self {
            Self::Connect => "check the network and the base URL",
            Self::Timeout => "raise the client's timeout or retry later",
            Self::ConnectionLost => "retry later; a proxy may be cutting connections",
            Self::Protocol => "a proxy or a server that is not Genesys Cloud answered",
            Self::TooManyRedirects => "check the base URL",
            Self::Request => "a header value holds a character HTTP does not allow",
            Self::Other => "see the cause",
        }
    }
}

/// How a history stream's server misbehaved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StreamProblem {
    /// A page moved the cursor against the reading direction.
    CursorBackwards {
        /// The cursor before the page.
        from: String,
        /// Where the page would move it.
        to: String,
    },
    /// A page with new entries left the cursor where it was: the next page would be the same.
    CursorStuck {
        /// The cursor.
        at: String,
    },
    /// The stream read as many pages as the client allows
    /// (`ClientBuilder::max_stream_pages`).
    PageLimit(usize),
}

impl fmt::Display for StreamProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CursorBackwards { from, to } => {
                write!(f, "a page moved the cursor backwards, from {from} to {to}")
            }
            Self::CursorStuck { at } => write!(
                f,
                "a page did not move the cursor from {at}, so the next page would be the same"
            ),
            Self::PageLimit(n) => write!(
                f,
                "it read {n} pages, the most the client allows (ClientBuilder::max_stream_pages)"
            ),
        }
    }
}

/// `text` from a server, safe to print: control characters (line breaks, escape sequences,
/// bell) escaped, and cut to 1,000 characters.
#[doc(hidden)]
pub fn sanitize(text: &str) -> String {
    const MAX: usize = 1_000;
    let mut out = String::with_capacity(text.len().min(MAX + 8));
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push_str("...");
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// An error and its causes, `: `-separated: `error sending request: client error (Connect):
/// tcp connect error: Connection refused (os error 111)`. Causes that repeat the previous
/// message are left out.
#[doc(hidden)]
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut last = out.clone();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !text.is_empty() && !last.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        last = text;
        source = cause.source();
    }
    sanitize(&out)
}

/// What kind of failure the HTTP client reports, from the error and its causes.
#[doc(hidden)]
pub fn transport_kind(error: &reqwest::Error) -> TransportKind {
    if error.is_timeout() {
        return TransportKind::Timeout;
    }
    if error.is_connect() {
        return TransportKind::Connect;
    }
    if error.is_redirect() {
        return TransportKind::TooManyRedirects;
    }
    if error.is_builder() {
        return TransportKind::Request;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(e) = cause {
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            if h.is_parse() || h.is_parse_status() {
                return TransportKind::Protocol;
            }
            if h.is_incomplete_message() || h.is_closed() || h.is_canceled() {
                return TransportKind::ConnectionLost;
            }
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            ) {
                return TransportKind::ConnectionLost;
            }
            if io.kind() == TimedOut {
                return TransportKind::Timeout;
            }
        }
        cause = e.source();
    }
    TransportKind::Other
}

/// `Inin-Correlation-Id`, which Genesys support asks for.
#[doc(hidden)]
pub fn correlation_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("inin-correlation-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The start of a body, as text, for error messages.
#[doc(hidden)]
pub fn snippet(body: &[u8]) -> String {
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

    #[test]
    fn server_text_cannot_forge_lines_or_drive_a_terminal() {
        assert_eq!(
            sanitize("ok\r\n[INFO] forged\x1b[2J\x07"),
            "ok\\r\\n[INFO] forged\\u{1b}[2J\\u{7}"
        );
        assert_eq!(sanitize(&"x".repeat(5_000)).len(), 1_003);
        assert_eq!(sanitize("café ünïcode"), "café ünïcode");
    }

    #[test]
    fn snippets_are_cut() {
        assert_eq!(snippet(b"short"), "short");
        assert_eq!(snippet(&[b'x'; 300]).len(), 203);
    }
}
