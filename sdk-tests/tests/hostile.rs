//! The SDK against a hostile or broken server, scripted on loopback: no panic, bounded memory
//! and time, no request or token sent to another origin, streams that always end, and server
//! text that cannot forge log lines. Every test is bounded in time.

mod common;

use std::future::Future;
use std::time::{Duration, Instant};

use common::message;
use common::raw::RawServer;
use futures_util::StreamExt;
use genesys_cloud_chat::models::SendMessageBody;
use genesys_cloud_chat::{
    Client, ClientBuilder, Error, GaveUp, RetryPolicy, StreamProblem, TransportKind,
};
use serde_json::json;

/// Fails the test if `f` takes longer than `limit`: a hostile server must not make a call hang.
async fn within<T>(limit: Duration, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(limit, f)
        .await
        .expect("the call did not end in time")
}

fn client_for(server: &RawServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .access_token("t")
        .retry(common::fast_retries())
}

/// A login service answering `token_body` on `/oauth/token`, and an API answering chat
/// settings to any token, on one server.
async fn login_and_api(token_body: serde_json::Value) -> RawServer {
    let token = token_body.to_string();
    RawServer::start("127.0.0.1", move |mut e| {
        let token = token.clone();
        async move {
            if e.request.target == "/oauth/token" {
                e.respond("200 OK", &[], token.as_bytes()).await;
            } else {
                e.respond("200 OK", &[], br#"{"reactionsEnabled":true}"#)
                    .await;
            }
        }
    })
    .await
}

fn credentials(server: &RawServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .login_base_url(server.url())
        .client_credentials("id", "secret")
        .retry(common::fast_retries())
}

fn token_fetches(server: &RawServer) -> usize {
    server
        .seen()
        .iter()
        .filter(|r| r.target == "/oauth/token")
        .count()
}

// ---- Numbers a server sends that meet `Instant` and `Duration` ----

#[tokio::test]
async fn a_huge_expires_in_is_clamped_not_a_panic() {
    let server =
        login_and_api(json!({"access_token": "tok", "expires_in": 9_223_372_036_854_775_807_u64}))
            .await;
    let client = credentials(&server).build().unwrap();
    for _ in 0..3 {
        within(
            Duration::from_secs(5),
            client.chat().get_chats_settings().send(),
        )
        .await
        .unwrap();
    }
    assert_eq!(token_fetches(&server), 1, "the token is cached");
}

#[tokio::test]
async fn expires_in_as_decimal_string_or_zero_keeps_the_token() {
    for expires_in in [
        json!(3600.0),
        json!("3600"),
        json!(0),
        json!(-1),
        json!("x"),
    ] {
        let server = login_and_api(json!({"access_token": "tok", "expires_in": expires_in})).await;
        let client = credentials(&server).build().unwrap();
        for _ in 0..3 {
            within(
                Duration::from_secs(5),
                client.chat().get_chats_settings().send(),
            )
            .await
            .unwrap();
        }
        assert_eq!(token_fetches(&server), 1, "expires_in {expires_in}");
    }
}

#[tokio::test]
async fn a_huge_retry_after_after_a_delay_gives_up_cleanly() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        e.respond(
            "429 Too Many Requests",
            &[("retry-after", "18446744073709551615")],
            b"{}",
        )
        .await;
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let err = within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    let api = err.as_api().expect("the 429");
    assert_eq!(api.retry.gave_up, Some(GaveUp::Budget));
    assert_eq!(server.requests(), 1);
}

// ---- Memory ----

#[tokio::test]
async fn a_declared_2_gib_body_is_refused_before_it_is_read() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2147483648\r\n\r\n";
        e.write(head.as_bytes()).await;
        e.stream_bytes(2 << 30, b' ').await;
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let err = within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    match &err {
        Error::TooLarge {
            status: 200,
            limit,
            declared: Some(2_147_483_648),
            ..
        } => assert_eq!(*limit, 32 << 20),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests(), 1, "not retried");
    assert!(err.to_string().contains("max_response_bytes"), "{err}");
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        e.write(head.as_bytes()).await;
        let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
        while e.write(chunk.as_bytes()).await {}
    })
    .await;
    let limit = 1 << 20;
    let client = client_for(&server)
        .max_response_bytes(limit)
        .build()
        .unwrap();
    let err = within(
        Duration::from_secs(10),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                declared: None,
                limit: 1_048_576,
                ..
            }
        ),
        "{err:?}"
    );
    // What the server got into the socket before the client stopped reading: the limit plus
    // what the loopback socket buffers hold.
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(
        server.bytes_written() < limit + (16 << 20),
        "{}",
        server.bytes_written()
    );
}

#[tokio::test]
async fn huge_error_bodies_are_cut_on_every_retry() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let head =
            "HTTP/1.1 429 Too Many Requests\r\nretry-after: 0\r\ncontent-length: 536870912\r\n\r\n";
        e.write(head.as_bytes()).await;
        e.write(br#"{"message":"slow down","#).await;
        e.stream_bytes(512 << 20, b' ').await;
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let err = within(
        Duration::from_secs(10),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    let api = err.as_api().expect("the 429");
    assert_eq!((api.status, api.retry.attempts), (429, 4));
    assert_eq!(api.retry.gave_up, Some(GaveUp::MaxAttempts));
    tokio::time::sleep(Duration::from_millis(50)).await;
    // Four attempts, each read up to 64 KiB; the socket buffers hold some more.
    assert!(
        server.bytes_written() < 4 * (16 << 20),
        "{}",
        server.bytes_written()
    );
}

// ---- Redirects ----

/// A foreign origin (another loopback address) that records whatever reaches it.
async fn foreign() -> RawServer {
    RawServer::start("127.0.0.2", |mut e| async move {
        e.respond(
            "200 OK",
            &[("content-type", "application/json")],
            br#"{"access_token":"attacker","expires_in":3600,"id":"evil","reactionsEnabled":false}"#,
        )
        .await;
    })
    .await
}

async fn redirecting(status: &'static str, to: String) -> RawServer {
    RawServer::start("127.0.0.1", move |mut e| {
        let to = to.clone();
        async move {
            e.respond(status, &[("location", to.as_str())], b"").await;
        }
    })
    .await
}

#[tokio::test]
async fn a_post_is_never_redirected_to_another_origin() {
    let evil = foreign().await;
    for status in [
        "307 Temporary Redirect",
        "308 Permanent Redirect",
        "302 Found",
        "303 See Other",
    ] {
        let server = redirecting(status, format!("{}/steal", evil.url())).await;
        let client = client_for(&server).build().unwrap();
        let body = SendMessageBody {
            message: "secret plans".to_owned(),
            ..Default::default()
        };
        let err = within(
            Duration::from_secs(5),
            client.chat().post_chats_room_messages("r1", body).send(),
        )
        .await
        .unwrap_err();
        match &err {
            Error::Redirect {
                status: s,
                location,
                ..
            } => {
                assert_eq!(s.to_string(), status[..3]);
                assert_eq!(
                    location.as_deref(),
                    Some(format!("{}/steal", evil.url()).as_str())
                );
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(server.requests(), 1, "{status}: not retried");
    }
    assert_eq!(evil.requests(), 0, "nothing reached the other origin");
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        if e.request.target == "/api/v2/chats/settings" {
            e.respond(
                "301 Moved Permanently",
                &[("location", "/api/v2/chats/settings-v2")],
                b"",
            )
            .await;
        } else {
            e.respond("200 OK", &[], br#"{"reactionsEnabled":true}"#)
                .await;
        }
    })
    .await;
    let client = client_for(&server).build().unwrap();
    let settings = within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap();
    assert_eq!(settings.reactions_enabled, Some(true));
}

#[tokio::test]
async fn a_redirected_token_endpoint_hands_out_no_token() {
    let evil = foreign().await;
    let to = format!("{}/oauth/token", evil.url());
    let server = RawServer::start("127.0.0.1", move |mut e| {
        let to = to.clone();
        async move {
            if e.request.target == "/oauth/token" {
                e.respond("307 Temporary Redirect", &[("location", to.as_str())], b"")
                    .await;
            } else {
                e.respond("200 OK", &[], br#"{"reactionsEnabled":true}"#)
                    .await;
            }
        }
    })
    .await;
    let client = credentials(&server).build().unwrap();
    let err = within(
        Duration::from_secs(5),
        client.chat().get_chats_settings().send(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                status: Some(307),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("redirect"), "{err}");
    assert_eq!(
        evil.requests(),
        0,
        "the secret did not go to the other origin"
    );
    assert!(
        server.seen().iter().all(|r| r.target == "/oauth/token"),
        "no API call was made"
    );
}

#[tokio::test]
async fn a_redirect_loop_ends_at_once_and_says_so() {
    let server = RawServer::start("127.0.0.1", |mut e| async move {
        let next = if e.request.target.ends_with("/a") {
            "/loop/b"
        } else {
            "/loop/a"
        };
        e.respond("302 Found", &[("location", next)], b"").await;
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
                kind: TransportKind::TooManyRedirects,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(server.requests() <= 6, "{} requests", server.requests());
    assert!(
        err.to_string().contains("redirected too many times"),
        "{err}"
    );
}

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
