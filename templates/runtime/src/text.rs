//! The text of the SDK crate's errors. Its `Display` impls hand their fields to these
//! functions, so the formatting is compiled once, here, and not again in every generated SDK.
//!
//! The server's error messages, OAuth error codes and redirect locations are written through
//! [`sanitize`]: an answer cannot forge log lines or drive a terminal with them.

use std::fmt::{Formatter, Result};
use std::time::Duration;

use crate::failure::{ChannelProblem, GaveUp, RetryInfo, StreamProblem, TransportKind};
use crate::failure::{error_chain, sanitize};

/// `Error::Api`: the status, the body's message, a hint for the status, the correlation id and
/// how the retries went.
pub fn api(
    f: &mut Formatter<'_>,
    operation: &str,
    status: u16,
    message: Option<&str>,
    correlation_id: Option<&str>,
    retry: &RetryInfo,
) -> Result {
    write!(f, "{operation}: Genesys Cloud answered {status}")?;
    if let Some(message) = message {
        write!(f, ": {}", sanitize(message))?;
    }
    let hint = match status {
        400 | 422 => "check the arguments",
        401 => "the access token was refused: check the credentials",
        403 => {
            "the OAuth client lacks a permission this operation requires (see `crate::operations`)"
        }
        404 => "check the ids in the path",
        409 => "the resource changed meanwhile: read it again and retry",
        429 => "rate limited: slow down or raise the retry budget",
        500..=599 => "a server-side failure: retry later",
        _ => "",
    };
    if !hint.is_empty() {
        write!(f, " ({hint})")?;
    }
    if let Some(id) = correlation_id {
        write!(f, "; correlation id {}", sanitize(id))?;
    }
    match retry.gave_up {
        Some(GaveUp::Budget) => match retry.retry_after {
            Some(wait) => write!(
                f,
                "; gave up after {} attempt(s): the server asked to wait {wait:?}, beyond the retry budget",
                retry.attempts
            ),
            None => write!(
                f,
                "; gave up after {} attempt(s): retry budget spent",
                retry.attempts
            ),
        },
        Some(GaveUp::MaxAttempts) => write!(f, "; gave up after {} attempts", retry.attempts),
        // Not retried for its method, or a reason this runtime does not print.
        _ => Ok(()),
    }
}

/// `Error::Transport`.
pub fn transport(
    f: &mut Formatter<'_>,
    operation: &str,
    attempts: u32,
    kind: TransportKind,
    source: &reqwest::Error,
) -> Result {
    write!(
        f,
        "{operation}: {} after {attempts} attempt(s): {} ({})",
        kind.what(),
        error_chain(source),
        kind.hint()
    )
}

/// `Error::Deadline`.
pub fn deadline(f: &mut Formatter<'_>, operation: &str, attempts: u32, budget: Duration) -> Result {
    write!(
        f,
        "{operation}: no answer within the call's time budget of {budget:?} ({attempts} attempt(s)); raise RetryPolicy::budget or retry later"
    )
}

/// `Error::Redirect`.
pub fn redirect(
    f: &mut Formatter<'_>,
    operation: &str,
    status: u16,
    location: Option<&str>,
) -> Result {
    write!(
        f,
        "{operation}: the server answered {status} with a redirect"
    )?;
    if let Some(location) = location {
        write!(f, " to {}", sanitize(location))?;
    }
    f.write_str(
        ", which is not followed (check the base URL, or a proxy between you and Genesys Cloud)",
    )
}

/// `Error::TooLarge`.
pub fn too_large(
    f: &mut Formatter<'_>,
    operation: &str,
    status: u16,
    limit: u64,
    declared: Option<u64>,
) -> Result {
    write!(
        f,
        "{operation}: the {status} answer's body is larger than the limit of {limit} bytes"
    )?;
    if let Some(declared) = declared {
        write!(f, " (it declares {declared} bytes)")?;
    }
    f.write_str(
        " (raise ClientBuilder::max_response_bytes if the answer is expected to be this large)",
    )
}

/// `Error::Decode`.
pub fn decode(
    f: &mut Formatter<'_>,
    operation: &str,
    status: u16,
    expected: &str,
    message: &str,
    snippet: &str,
    correlation_id: Option<&str>,
) -> Result {
    write!(
        f,
        "{operation}: the {status} response could not be read as {expected}: {} (body starts: {snippet:?}; correlation id {})",
        sanitize(message),
        correlation_id.unwrap_or("none")
    )
}

/// `Error::Auth`.
pub fn auth(
    f: &mut Formatter<'_>,
    status: Option<u16>,
    code: Option<&str>,
    message: &str,
    correlation_id: Option<&str>,
) -> Result {
    f.write_str("authentication failed")?;
    if let Some(status) = status {
        write!(f, " with status {status}")?;
    }
    if let Some(code) = code {
        write!(f, " ({})", sanitize(code))?;
    }
    write!(f, ": {} ({}", sanitize(message), crate::auth::hint(code))?;
    if let Some(id) = correlation_id {
        write!(f, "; correlation id {id}")?;
    }
    f.write_str(")")
}

/// `Error::Middleware`.
pub fn middleware(
    f: &mut Formatter<'_>,
    operation: &str,
    source: &(dyn std::error::Error + 'static),
) -> Result {
    write!(
        f,
        "{operation}: a middleware of the HTTP client failed: {}",
        error_chain(source)
    )
}

/// `Error::Stream`.
pub fn stream(f: &mut Formatter<'_>, operation: &str, problem: &StreamProblem) -> Result {
    write!(f, "{operation}: the history stream stopped: {problem}")
}

/// `Error::InvalidArgument`.
pub fn invalid_argument(f: &mut Formatter<'_>, name: &str, reason: &str) -> Result {
    write!(f, "invalid argument `{name}`: {reason}")
}

/// `Error::Config`.
pub fn config(f: &mut Formatter<'_>, message: &str) -> Result {
    write!(f, "invalid client configuration: {message}")
}

/// `Error::TopicsRejected`: each topic as (name, the service's reason, the missing
/// permissions).
pub fn topics_rejected<'a>(
    f: &mut Formatter<'_>,
    topics: impl Iterator<Item = (&'a str, Option<&'a str>, &'a [String])>,
) -> Result {
    f.write_str("notification topics rejected: ")?;
    for (i, (topic, reason, missing)) in topics.enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write!(f, "`{topic}`")?;
        if let Some(reason) = reason {
            write!(f, " ({reason})")?;
        }
        if !missing.is_empty() {
            write!(f, ", missing {}", missing.join(", "))?;
        }
    }
    Ok(())
}

/// `Error::Channel`.
pub fn channel(f: &mut Formatter<'_>, channel: &str, problem: &ChannelProblem) -> Result {
    write!(f, "notification channel {channel}: {problem}")
}
