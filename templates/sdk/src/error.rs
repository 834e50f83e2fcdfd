//! Errors: one enum, a variant per kind of failure, each with what a caller needs to act.
//!
//! Text that comes from the server (error messages, `error_description`) is shown with its
//! control characters escaped, so an answer cannot forge log lines or drive a terminal.

use std::fmt;
use std::time::Duration;

use crate::ApiErrorBody;
use crate::failure::Failure;
pub use crate::failure::{ChannelProblem, GaveUp, RetryInfo, StreamProblem, TransportKind};
use crate::grant;
use crate::operation::{ErrorCode, Operation};
use crate::text;

/// The result of every call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong with a call.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status.
    Api(Box<ApiError>),

    /// The request did not get a usable answer: the connection failed or was lost, the call ran
    /// out of time, or the server's answer is not valid HTTP.
    Transport {
        /// The operation id.
        operation: &'static str,
        /// How many times the request was sent.
        attempts: u32,
        /// What kind of failure it was; only connection failures and timeouts are retried.
        kind: TransportKind,
        /// What the HTTP client reported.
        source: reqwest::Error,
    },

    /// The call's time budget ([`crate::RetryPolicy::budget`]) ran out before an answer came:
    /// waiting for an access token, for the server, or between attempts.
    Deadline {
        /// The operation id.
        operation: &'static str,
        /// How many times the request was sent.
        attempts: u32,
        /// The budget that ran out.
        budget: Duration,
    },

    /// The server answered with a redirect that the SDK does not follow: to another origin (the
    /// request, its body and its token stay with the API's host), from the login service, or
    /// one too many.
    Redirect {
        /// The operation id.
        operation: &'static str,
        /// The redirect status (`301`, `302`, `307`, ...).
        status: u16,
        /// Where the server pointed, if it said.
        location: Option<String>,
    },

    /// The answer's body is larger than the client accepts; the rest of it was not read.
    TooLarge {
        /// The operation id.
        operation: &'static str,
        /// The HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
        /// The length the server declared (`Content-Length`), if it did.
        declared: Option<u64>,
    },

    /// The API answered with success, but the body is not what the spec describes.
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

    /// Getting an access token failed: the credentials were refused (a wrong client id or
    /// secret, an expired or revoked refresh token, a used code), or the login service failed.
    /// When the credentials themselves were refused, every later call of the client fails with
    /// this error at once, without asking the login service again.
    Auth {
        /// The login service's status, if it answered.
        status: Option<u16>,
        /// The OAuth error code, if the login service sent one: `invalid_grant`,
        /// `invalid_client`, `unauthorized_client`, ...
        code: Option<String>,
        /// What went wrong.
        message: String,
        /// `Inin-Correlation-Id`, if the login service sent one.
        correlation_id: Option<String>,
    },

    /// A middleware of the caller's HTTP client ([`crate::ClientBuilder::http_client`]) failed
    /// the request. Not retried.
    Middleware {
        /// The operation id.
        operation: &'static str,
        /// What the middleware reported.
        source: Box<dyn std::error::Error + Send + Sync>,
    },

    /// A history stream stopped because the server's pages do not move the cursor the way a
    /// history is read (they would be read forever), or it read more pages than the client
    /// allows. The entries read before are not lost: they were yielded before this error.
    Stream {
        /// The operation id.
        operation: &'static str,
        /// What the server did.
        problem: StreamProblem,
    },

    /// An argument cannot be sent as given; nothing was sent.
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// Why it was refused.
        reason: String,
    },

    /// The client configuration is not usable.
    Config(String),

    /// The notification service would not subscribe these topics (each with why, and the
    /// permissions the caller lacks); the subscription was not made.
    TopicsRejected(Vec<TopicRejection>),

    /// A notification stream ended: its channel could not go on (see [`ChannelProblem`]).
    /// The events read before were yielded.
    Channel {
        /// The channel's id.
        channel: String,
        /// Why it ended.
        problem: ChannelProblem,
    },
}

/// A notification topic the service would not subscribe.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TopicRejection {
    /// The topic's name.
    pub topic: String,
    /// The service's `rejectionReason`, if it gave one.
    pub reason: Option<String>,
    /// The permissions the caller lacks for it (`missingPermissions`).
    pub missing_permissions: Vec<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Api(e) => fmt::Display::fmt(e, f),
            Self::Transport {
                operation,
                attempts,
                kind,
                source,
            } => text::transport(f, operation, *attempts, *kind, source),
            Self::Deadline {
                operation,
                attempts,
                budget,
            } => text::deadline(f, operation, *attempts, *budget),
            Self::Redirect {
                operation,
                status,
                location,
            } => text::redirect(f, operation, *status, location.as_deref()),
            Self::TooLarge {
                operation,
                status,
                limit,
                declared,
            } => text::too_large(f, operation, *status, *limit, *declared),
            Self::Decode {
                operation,
                status,
                expected,
                message,
                snippet,
                correlation_id,
            } => text::decode(
                f,
                operation,
                *status,
                expected,
                message,
                snippet,
                correlation_id.as_deref(),
            ),
            Self::Auth {
                status,
                code,
                message,
                correlation_id,
            } => text::auth(
                f,
                *status,
                code.as_deref(),
                message,
                correlation_id.as_deref(),
            ),
            Self::Middleware { operation, source } => {
                text::middleware(f, operation, source.as_ref())
            }
            Self::Stream { operation, problem } => text::stream(f, operation, problem),
            Self::InvalidArgument { name, reason } => text::invalid_argument(f, name, reason),
            Self::Config(message) => text::config(f, message),
            Self::TopicsRejected(list) => text::topics_rejected(
                f,
                list.iter().map(|r| {
                    (
                        r.topic.as_str(),
                        r.reason.as_deref(),
                        r.missing_permissions.as_slice(),
                    )
                }),
            ),
            Self::Channel { channel, problem } => text::channel(f, channel, problem),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Api(e) => e.source(),
            Self::Transport { source, .. } => Some(source),
            Self::Middleware { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::Decode { status, .. }
            | Self::TooLarge { status, .. }
            | Self::Redirect { status, .. } => Some(*status),
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

    /// The error code of the API's error body ([`ApiError::code`]).
    pub fn code(&self) -> Option<&str> {
        self.as_api().and_then(ApiError::code)
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
    /// The error body, when the server sent one that parses (the first 64 KiB are read).
    pub body: Option<ApiErrorBody>,
    /// `Inin-Correlation-Id`, to quote to Genesys support.
    pub correlation_id: Option<String>,
    /// How the retries went.
    pub retry: RetryInfo,
    /// The operation, for the error codes it documents.
    pub(crate) spec: &'static Operation,
}

impl ApiError {
    /// The error code the body carries: `chat.error.room.not.found`.
    pub fn code(&self) -> Option<&str> {
        self.body.as_ref().and_then(crate::error_code)
    }

    /// Whether the body carries `code`, one of the operation's documented codes
    /// ([`Operation::error_codes`]) or any other:
    ///
    /// ```
    /// # fn handle(error: &genesys_cloud_chat::Error) {
    /// if let Some(e) = error.as_api() {
    ///     if e.is("chat.error.room.not.found") {
    ///         // create the room, say
    ///     }
    /// }
    /// # }
    /// # let _ = handle;
    /// ```
    pub fn is(&self, code: &str) -> bool {
        self.code() == Some(code)
    }

    /// What the spec says about this error, when it documents the body's code for the
    /// operation (for this status, or under `default`).
    pub fn documented(&self) -> Option<&'static ErrorCode> {
        crate::operation::documented(self.spec, self.code()?, self.status)
    }
}

impl Error {
    /// The error of a call that failed in the runtime: an error status's body is read as the
    /// API's error body here.
    pub(crate) fn from_failure(failure: Failure) -> Self {
        match failure {
            Failure::Api {
                operation,
                status,
                body,
                correlation_id,
                retry,
                spec,
            } => Self::Api(Box::new(ApiError {
                operation,
                status,
                body: serde_json::from_slice(&body).ok(),
                correlation_id,
                retry,
                spec,
            })),
            Failure::Transport {
                operation,
                attempts,
                kind,
                source,
            } => Self::Transport {
                operation,
                attempts,
                kind,
                source,
            },
            Failure::Deadline {
                operation,
                attempts,
                budget,
            } => Self::Deadline {
                operation,
                attempts,
                budget,
            },
            Failure::Redirect {
                operation,
                status,
                location,
            } => Self::Redirect {
                operation,
                status,
                location,
            },
            Failure::TooLarge {
                operation,
                status,
                limit,
                declared,
            } => Self::TooLarge {
                operation,
                status,
                limit,
                declared,
            },
            Failure::Decode {
                operation,
                status,
                expected,
                message,
                snippet,
                correlation_id,
            } => Self::Decode {
                operation,
                status,
                expected,
                message,
                snippet,
                correlation_id,
            },
            Failure::Auth(failure) => Self::from_auth(failure),
            Failure::Middleware { operation, source } => Self::Middleware { operation, source },
            Failure::InvalidArgument { name, reason } => Self::InvalidArgument { name, reason },
            Failure::Config(message) => Self::Config(message),
        }
    }

    /// The error of a failed token exchange.
    pub(crate) fn from_auth(failure: grant::Failure) -> Self {
        Self::Auth {
            status: failure.status,
            code: failure.code,
            message: failure.message,
            correlation_id: failure.correlation_id,
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        text::api(
            f,
            self.operation,
            self.status,
            self.body.as_ref().and_then(crate::error_message),
            self.correlation_id.as_deref(),
            &self.retry,
        )
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests;
