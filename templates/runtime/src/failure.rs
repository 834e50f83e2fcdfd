//! The parts of the SDK's errors that do not depend on the spec: what kind of transport failure
//! it was, why a stream or a channel stopped, and text from a server made safe to print. The
//! SDK crate's `Error` carries them.

use std::fmt;

use reqwest::header::HeaderMap;

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
