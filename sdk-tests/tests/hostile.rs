//! The SDK against a hostile or broken server, scripted on loopback: no panic on the numbers it
//! sends, bounded memory, and no request or token sent to another origin (see
//! `hostile_calls.rs` for streams, deadlines and the rest). Every test is bounded in time.

mod common;

use std::time::Duration;

use common::hostile::{client_for, credentials, login_and_api, token_fetches, within};
use common::raw::RawServer;
use genesys_cloud_chat::models::SendMessageBody;
use genesys_cloud_chat::{Error, GaveUp, TransportKind};
use serde_json::json;

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
        let body = SendMessageBody::new("secret plans".to_owned());
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
