//! Errors: one enum, a variant per kind of failure, each with what a caller needs to act.

use std::fmt;
use std::time::Duration;

use crate::ApiErrorBody;

/// The result of every call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// The request did not get an answer: connection refused or reset, DNS, TLS, or a timeout.
    #[error(
        "{operation}: no answer from Genesys Cloud after {attempts} attempt(s): {chain}{hint}",
        chain = error_chain(source),
        hint = if source.is_timeout() { " (the request timed out: raise the client's timeout or retry later)" } else { " (check the network and the base URL)" }
    )]
    Transport {
        /// The operation id.
        operation: &'static str,
        /// How many times the request was sent.
        attempts: u32,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },

    /// The API answered with success, but the body is not what the spec describes.
    #[error(
        "{operation}: the {status} response could not be read as {expected}: {message} (body starts: {snippet:?}; correlation id {correlation})",
        correlation = correlation_id.as_deref().unwrap_or("none")
    )]
    Decode {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The Rust type that was expected, as the caller names it: `models::ChatSettings`.
        expected: String,
        /// What the decoder said.
        message: String,
        /// The first bytes of the body, as text.
        snippet: String,
        /// `Inin-Correlation-Id`, to quote to Genesys support.
        correlation_id: Option<String>,
    },

    /// Getting an access token failed: wrong client id or secret, or the login service failed.
    #[error(
        "authentication failed{status}: {message} (check the OAuth client id, secret and region{correlation})",
        status = status.map(|s| format!(" with status {s}")).unwrap_or_default(),
        correlation = correlation_id.as_deref().map(|c| format!("; correlation id {c}")).unwrap_or_default()
    )]
    Auth {
        /// The login service's status, if it answered.
        status: Option<u16>,
        /// What went wrong.
        message: String,
        /// `Inin-Correlation-Id`, if the login service sent one.
        correlation_id: Option<String>,
    },

    /// An argument cannot be sent as given; nothing was sent.
    #[error("invalid argument `{name}`: {reason}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },

    /// The client configuration is not usable.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

/// An error and its causes, `: `-separated: `error sending request: client error (Connect):
/// tcp connect error: Connection refused (os error 111)`. Causes that repeat the previous
/// message are left out.
pub(crate) fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
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
    out
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode { status, .. } => Some(*status),
            Self::Auth { status, .. } => *status,
            _ => None,
        }
    }

    /// The `Inin-Correlation-Id` the server sent, to quote to Genesys support.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Self::Api(e) => e.correlation_id.as_deref(),
            Self::Decode { correlation_id, .. } | Self::Auth { correlation_id, .. } => {
                correlation_id.as_deref()
            }
            _ => None,
        }
    }

    /// The API error, when the server answered with an error status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }
}

/// An error status from the API.
#[derive(Debug)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation id: `getChatsRoom`.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The error body, when the server sent one that parses.
    pub body: Option<ApiErrorBody>,
    /// `Inin-Correlation-Id`, to quote to Genesys support.
    pub correlation_id: Option<String>,
    /// How the retries went.
    pub retry: RetryInfo,
}

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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: Genesys Cloud answered {}",
            self.operation, self.status
        )?;
        if let Some(message) = self.body.as_ref().and_then(crate::error_message) {
            write!(f, ": {message}")?;
        }
        let hint = match self.status {
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
        if let Some(id) = &self.correlation_id {
            write!(f, "; correlation id {id}")?;
        }
        match self.retry.gave_up {
            Some(GaveUp::Budget) => match self.retry.retry_after {
                Some(wait) => write!(
                    f,
                    "; gave up after {} attempt(s): the server asked to wait {wait:?}, beyond the retry budget",
                    self.retry.attempts
                ),
                None => write!(
                    f,
                    "; gave up after {} attempt(s): retry budget spent",
                    self.retry.attempts
                ),
            },
            Some(GaveUp::MaxAttempts) => {
                write!(f, "; gave up after {} attempts", self.retry.attempts)
            }
            Some(GaveUp::NotIdempotent) | None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}
