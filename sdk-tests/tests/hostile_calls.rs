//! The SDK against a hostile or broken server, continued: streams that always end, deadlines and
//! shared failures, failures no retry can cure, and server text that cannot forge log lines.
//! Every test is bounded in time.

mod common;

use std::time::{Duration, Instant};

use common::hostile::{client_for, credentials, login_and_api, token_fetches, within};
use common::message;
use common::raw::RawServer;
use futures_util::StreamExt;
use genesys_cloud_chat::{Client, Error, GaveUp, RetryPolicy, StreamProblem, TransportKind};
use serde_json::json;

// ---- Streams ----

/// A history server whose pages come from `page(n)` for the n-th request.
async fn history(page: fn(usize) -> Vec<serde_json::Value>) -> RawServer {
    RawServer::start("127.0.0.1", move |mut e| async move {
        let body = json!({ "entities": page(e.index) }).to_string();
        e.respond("200 OK", &[], body.as_bytes()).await;
    })
    .await
}

#[tokio::test]
async fn a_cursor_that_moves_back_ends_the_stream_with_an_error() {
    // Page dates go 10:05, 10:04, then back to 10:06 with an id seen before, forever.
    let server = history(|n| match n {
        0 => vec![message("m5", "2026-11-01T10:05:00Z")],
        1 => vec![message("m4", "2026-11-01T10:04:00Z")],
        _ => vec![
            message("m5", "2026-11-01T10:05:00Z"),
            message("x", "2026-11-01T10:06:00Z"),
        ],
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let items: Vec<_> = within(
        Duration::from_secs(5),
        client
            .chat()
            .get_chats_room_messages("r1")
            .stream()
            .collect::<Vec<_>>(),
    )
    .await;
    let ids: Vec<String> = items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|m| m.id.clone())
        .collect();
    assert_eq!(ids, ["m5", "m4", "x"], "m5 is not yielded again");
    match items.last().unwrap() {
        Err(Error::Stream {
            problem: StreamProblem::CursorBackwards { from, to },
            ..
        }) => assert_eq!(
            (from.as_str(), to.as_str()),
            ("2026-11-01T10:04:00.000Z", "2026-11-01T10:05:00.000Z")
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests(), 3);
}

#[tokio::test]
async fn a_cursor_that_does_not_move_ends_the_stream_with_an_error() {
    let server = history(|n| vec![message(&format!("m{n}"), "2026-11-01T10:00:00Z")]).await;
    let client = client_for(&server).build().unwrap();
    let items: Vec<_> = within(
        Duration::from_secs(5),
        client
            .chat()
            .get_chats_room_messages("r1")
            .stream()
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(matches!(
        items.last().unwrap(),
        Err(Error::Stream {
            problem: StreamProblem::CursorStuck { .. },
            ..
        })
    ));
}

#[tokio::test]
async fn a_stream_reads_at_most_the_page_limit() {
    // Always one more, older message: a history without end.
    let server = history(|n| {
        let date = chrono::DateTime::parse_from_rfc3339("2026-11-01T10:00:00Z").unwrap()
            - chrono::Duration::seconds(n as i64);
        vec![message(&format!("m{n}"), &date.to_rfc3339())]
    })
    .await;
    let client = client_for(&server).max_stream_pages(25).build().unwrap();
    let items: Vec<_> = within(
        Duration::from_secs(10),
        client
            .chat()
            .get_chats_room_messages("r1")
            .stream()
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 25);
    assert!(matches!(
        items.last().unwrap(),
        Err(Error::Stream {
            problem: StreamProblem::PageLimit(25),
            ..
        })
    ));
    assert_eq!(server.requests(), 25);
}

// ---- Deadlines and shared failures ----

#[tokio::test]
async fn the_budget_is_a_deadline_for_the_whole_call() {
    // Each attempt gets a 503 after 300 ms: with a 700 ms budget, the call ends by then.
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        e.respond("503 Service Unavailable", &[], b"{}").await;
    })
    .await;
    let policy = common::fast_retries().budget(Duration::from_millis(700));
    let client = client_for(&server).retry(policy).build().unwrap();
    let started = Instant::now();
    let err = within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    let took = started.elapsed();
    assert!(took < Duration::from_millis(900), "{took:?}");
    assert!(
        matches!(&err, Error::Deadline { budget, .. } if *budget == Duration::from_millis(700))
            || err
                .as_api()
                .is_some_and(|a| a.retry.gave_up == Some(GaveUp::Budget)),
        "{err:?}"
    );
    assert!(server.requests() <= 3);
}

#[tokio::test]
async fn a_hanging_login_host_is_waited_for_once_by_everyone() {
    let login = RawServer::start("127.0.0.1", |e| async move {
        // Reads the request and never answers.
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(e);
    })
    .await;
    let client = Client::builder()
        .base_url(login.url())
        .login_base_url(login.url())
        .client_credentials("id", "secret")
        .timeout(Duration::from_millis(400))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let started = Instant::now();
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.chat().get_chats_settings().send().await })
        })
        .collect();
    for call in calls {
        let err = within(Duration::from_secs(5), call)
            .await
            .unwrap()
            .unwrap_err();
        assert!(matches!(err, Error::Auth { status: None, .. }), "{err:?}");
    }
    let took = started.elapsed();
    assert!(
        took < Duration::from_millis(1_000),
        "five callers waited {took:?}"
    );
    assert_eq!(login.requests(), 1, "one fetch for everyone");
}

#[tokio::test]
async fn the_token_fetch_is_retried_on_503() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        match (e.request.target.as_str(), e.index) {
            ("/oauth/token", 0) => {
                e.respond("503 Service Unavailable", &[("retry-after", "0")], b"{}")
                    .await
            }
            ("/oauth/token", _) => {
                e.respond(
                    "200 OK",
                    &[],
                    br#"{"access_token":"tok","expires_in":3600}"#,
                )
                .await
            }
            _ => {
                e.respond("200 OK", &[], br#"{"reactionsEnabled":true}"#)
                    .await
            }
        }
    })
    .await;
    let client = credentials(&server).build().unwrap();
    within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap();
    assert_eq!(token_fetches(&server), 2);
    let api_call = server
        .seen()
        .into_iter()
        .find(|r| r.target != "/oauth/token")
        .unwrap();
    assert_eq!(api_call.header("authorization"), Some("Bearer tok"));
}

// ---- Failures a retry cannot cure ----

#[tokio::test]
async fn a_token_with_line_breaks_is_refused_and_not_sent() {
    let err = Client::builder()
        .access_token("abc\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    let server = login_and_api(json!({"access_token": "abc\u{0}def", "expires_in": 3600})).await;
    let client = credentials(&server).build().unwrap();
    let err = within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    assert!(
        err.to_string().contains("cannot be sent in an HTTP header"),
        "{err}"
    );
    assert_eq!(server.requests(), 1, "only the token fetch");
}

#[tokio::test]
async fn over_limit_response_headers_are_a_protocol_error_not_retried() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let huge = "a".repeat(2 << 20);
        let answer = format!("HTTP/1.1 200 OK\r\nx-huge: {huge}\r\ncontent-length: 2\r\n\r\n{{}}");
        e.write(answer.as_bytes()).await;
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let err = within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Protocol,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.requests(), 1);
    assert!(err.to_string().contains("not valid HTTP"), "{err}");
}

// ---- Output hygiene ----

#[tokio::test]
async fn server_text_is_escaped_in_messages() {
    let forged = "denied\r\n2026-11-30T00:00:00Z INFO all good\u{1b}[2J\u{7}";
    let server = RawServer::start("127.0.0.1", move |mut e| async move {
        let body = json!({ "message": forged, "error_description": forged });
        let status = if e.request.target == "/oauth/token" {
            "400 Bad Request"
        } else {
            "403 Forbidden"
        };
        e.respond(status, &[], body.to_string().as_bytes()).await;
    })
    .await;
    let api_err = client_for(&server)
        .build()
        .unwrap()
        .chat()
        .get_chats_settings()
        .send();
    let auth_err = credentials(&server)
        .build()
        .unwrap()
        .chat()
        .get_chats_settings()
        .send();
    for err in [
        within(Duration::from_secs(5), api_err).await.unwrap_err(),
        within(Duration::from_secs(5), auth_err).await.unwrap_err(),
    ] {
        let text = err.to_string();
        assert!(!text.chars().any(char::is_control), "{text:?}");
        assert!(text.contains(r"denied\r\n2026"), "{text}");
        assert!(text.contains(r"\u{1b}[2J\u{7}"), "{text}");
    }
}
