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
        let code = self.code()?;
        let listed = || self.spec.error_codes.iter().filter(|e| e.code == code);
        listed()
            .find(|e| e.status == Some(self.status))
            .or_else(|| listed().find(|e| e.status.is_none()))
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
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_as_it_says() {
        use std::error::Error as _;
        let transport = reqwest::Client::new().get("http://").build().unwrap_err();
        let chain = crate::failure::error_chain(&transport);
        let error = Error::Transport {
            operation: "getRoom",
            attempts: 2,
            kind: TransportKind::Connect,
            source: transport,
        };
        assert_eq!(
            error.to_string(),
            format!(
                "getRoom: could not connect to Genesys Cloud after 2 attempt(s): {chain} \
                 (check the network and the base URL)"
            )
        );
        assert!(error.source().is_some());
        let cases = [
            (
                Error::Deadline {
                    operation: "getRoom",
                    attempts: 3,
                    budget: std::time::Duration::from_millis(1500),
                },
                "getRoom: no answer within the call's time budget of 1.5s (3 attempt(s)); \
                 raise RetryPolicy::budget or retry later",
            ),
            (
                Error::Redirect {
                    operation: "getRoom",
                    status: 302,
                    location: Some("https://elsewhere.example/\n".to_owned()),
                },
                "getRoom: the server answered 302 with a redirect to https://elsewhere.example/\\n, \
                 which is not followed (check the base URL, or a proxy between you and Genesys Cloud)",
            ),
            (
                Error::Redirect {
                    operation: "getRoom",
                    status: 301,
                    location: None,
                },
                "getRoom: the server answered 301 with a redirect, which is not followed (check the \
                 base URL, or a proxy between you and Genesys Cloud)",
            ),
            (
                Error::TooLarge {
                    operation: "getRoom",
                    status: 200,
                    limit: 10,
                    declared: Some(99),
                },
                "getRoom: the 200 answer's body is larger than the limit of 10 bytes (it declares \
                 99 bytes) (raise ClientBuilder::max_response_bytes if the answer is expected to \
                 be this large)",
            ),
            (
                Error::TooLarge {
                    operation: "getRoom",
                    status: 200,
                    limit: 10,
                    declared: None,
                },
                "getRoom: the 200 answer's body is larger than the limit of 10 bytes (raise \
                 ClientBuilder::max_response_bytes if the answer is expected to be this large)",
            ),
            (
                Error::Decode {
                    operation: "getRoom",
                    status: 200,
                    expected: "models::Room".to_owned(),
                    message: "expected value\u{1b}".to_owned(),
                    snippet: "<html>".to_owned(),
                    correlation_id: None,
                },
                "getRoom: the 200 response could not be read as models::Room: expected \
                 value\\u{1b} (body starts: \"<html>\"; correlation id none)",
            ),
            (
                Error::Middleware {
                    operation: "getRoom",
                    source: Box::new(std::io::Error::other("boom")),
                },
                "getRoom: a middleware of the HTTP client failed: boom",
            ),
            (
                Error::Stream {
                    operation: "getRoomMessages",
                    problem: StreamProblem::PageLimit(5),
                },
                "getRoomMessages: the history stream stopped: it read 5 pages, the most the \
                 client allows (ClientBuilder::max_stream_pages)",
            ),
            (
                Error::InvalidArgument {
                    name: "roomId",
                    reason: "it is empty".to_owned(),
                },
                "invalid argument `roomId`: it is empty",
            ),
            (
                Error::Config("no region".to_owned()),
                "invalid client configuration: no region",
            ),
            (
                Error::TopicsRejected(vec![
                    TopicRejection {
                        topic: "v2.a".to_owned(),
                        reason: Some("no".to_owned()),
                        missing_permissions: vec!["chat:read".to_owned(), "chat:write".to_owned()],
                    },
                    TopicRejection {
                        topic: "v2.b".to_owned(),
                        reason: None,
                        missing_permissions: Vec::new(),
                    },
                ]),
                "notification topics rejected: `v2.a` (no), missing chat:read, chat:write; `v2.b`",
            ),
        ];
        for (error, text) in cases {
            assert_eq!(error.to_string(), text);
        }
        let middleware = Error::Middleware {
            operation: "getRoom",
            source: Box::new(std::io::Error::other("boom")),
        };
        assert_eq!(
            middleware.source().map(ToString::to_string).as_deref(),
            Some("boom")
        );
        assert!(Error::Config(String::new()).source().is_none());
        let channel = Error::Channel {
            channel: "ch-1".to_owned(),
            problem: ChannelProblem::TokenRevoked,
        };
        assert_eq!(
            channel.to_string(),
            format!(
                "notification channel ch-1: {}",
                ChannelProblem::TokenRevoked
            )
        );
        let hint = crate::auth::hint(Some("invalid_grant"));
        let auth = Error::Auth {
            status: Some(400),
            code: Some("invalid_grant".to_owned()),
            message: "refused\r".to_owned(),
            correlation_id: Some("c-1".to_owned()),
        };
        assert_eq!(
            auth.to_string(),
            format!(
                "authentication failed with status 400 (invalid_grant): refused\\r ({hint}; correlation id c-1)"
            )
        );
        let auth = Error::Auth {
            status: None,
            code: None,
            message: "no answer".to_owned(),
            correlation_id: None,
        };
        assert_eq!(
            auth.to_string(),
            format!(
                "authentication failed: no answer ({})",
                crate::auth::hint(None)
            )
        );
    }

    #[test]
    fn a_documented_code_is_found_for_its_status_or_under_default() {
        use crate::operation::{ErrorCodeParts, Method, OperationParts, Permissions};
        const NOT_FOUND: ErrorCode = ErrorCode::new(ErrorCodeParts {
            status: Some(404),
            code: "room.not.found",
            message: "The room does not exist.",
        });
        const ANY: ErrorCode = ErrorCode::new(ErrorCodeParts {
            status: None,
            code: "too.many.requests",
            message: "Slow down.",
        });
        static OP: Operation = Operation::new(OperationParts {
            id: "getRoom",
            tag: "Chat",
            method: Method::Get,
            path: "/rooms/{id}",
            permissions: Permissions::None,
            error_codes: &[NOT_FOUND, ANY],
            preview: false,
            deprecated: false,
        });
        let error = |status: u16, code: &str| ApiError {
            operation: OP.id,
            status,
            body: serde_json::from_value(serde_json::json!({ "code": code, "message": "m" })).ok(),
            correlation_id: None,
            retry: RetryInfo::default(),
            spec: &OP,
        };
        assert_eq!(error(404, "room.not.found").documented(), Some(&NOT_FOUND));
        // The same code with another status than the one it is documented with is not it.
        assert_eq!(error(400, "room.not.found").documented(), None);
        assert_eq!(error(429, "too.many.requests").documented(), Some(&ANY));
        assert_eq!(error(404, "other").documented(), None);
        assert!(error(404, "room.not.found").is("room.not.found"));
        assert_eq!(
            NOT_FOUND.to_string(),
            "room.not.found (404): The room does not exist."
        );
    }
}
