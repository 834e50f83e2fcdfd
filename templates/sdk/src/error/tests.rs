//! The text, the source and the documented codes of errors.

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
