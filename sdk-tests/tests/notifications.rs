//! The notification stream against a scripted service on loopback (REST on wiremock, sockets
//! on a tokio-tungstenite listener): typed events, heartbeats and pings, socket rollover with
//! duplicates, channel renewal (with a 401 on the way), token revocation, malformed frames, a
//! socket cut mid-frame, lost subscriptions, a channel that is gone, a service that keeps
//! dropping sockets. (Subscribing itself: `notifications_subscribe.rs`.) Every scenario is
//! bounded in time by `within`.

mod common;

use std::time::Duration;

use common::hostile::within;
use common::ws::{Conn, WsServer, channel, event, heartbeat, requests, rest};
use futures_util::StreamExt;
use genesys_cloud_chat::notifications::{ChannelConfig, EventStream, Message};
use genesys_cloud_chat::topics::{self, Event};
use genesys_cloud_chat::{ChannelProblem, Client, Error};
use serde_json::json;
use tokio::io::AsyncWriteExt;
use wiremock::MockServer;

const LIMIT: Duration = Duration::from_secs(20);

/// A config with short timers, so the scenarios run in a second or two.
fn quick() -> ChannelConfig {
    let mut c = ChannelConfig::default();
    c.heartbeat_timeout = Duration::from_millis(300);
    c.pong_timeout = Duration::from_secs(1);
    c.rollover_grace = Duration::from_millis(500);
    c
}

async fn client(server: &MockServer) -> Client {
    common::builder(server).build().unwrap()
}

fn badge(user: &str, count: i64, correlation: &str) -> serde_json::Value {
    event(
        &format!("v2.users.{user}.badges.chats"),
        json!({"unreadCount": count}),
        correlation,
    )
}

/// The next item, which must come within the limit.
async fn next(stream: &mut EventStream) -> Option<Result<Message, Error>> {
    within(LIMIT, stream.next()).await
}

fn unread(item: Option<Result<Message, Error>>) -> i64 {
    match item {
        Some(Ok(Message::Event(Event::UsersBadgesChats { body, .. }))) => {
            body.unread_count.unwrap()
        }
        other => panic!("not a badge: {other:?}"),
    }
}

async fn subscribe(server: &MockServer, config: ChannelConfig) -> EventStream {
    let client = client(server).await;
    let topics = [topics::users_badges_chats("u1").unwrap()];
    within(
        LIMIT,
        client.notifications().config(config).subscribe(topics),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn typed_events_for_each_chat_topic_and_unknown_for_the_rest() {
    let ws = WsServer::start(|mut c: Conn| async move {
        c.send(heartbeat()).await;
        c.send(badge("u1", 3, "e1")).await;
        c.send(event(
            "v2.detail.events.collaboratechat.group.r1.messages",
            json!({"messageId": "m1", "body": "hello", "actionType": "Create"}),
            "e2",
        ))
        .await;
        c.send(event(
            "v2.detail.events.collaboratechat.adhoc.a1.messages",
            json!({"messageId": "m2", "body": "psst"}),
            "e3",
        ))
        .await;
        c.send(event(
            "v2.users.u1.presence",
            json!({"presence": "Away"}),
            "e4",
        ))
        .await;
        c.send_raw("this is not JSON").await;
        c.send(json!({"not": "a notification"})).await;
        // The same message twice, minutes apart in real life: two events, not a duplicate.
        let again =
            json!({"topicName": "v2.users.u1.badges.chats", "eventBody": {"unreadCount": 9}});
        c.send(again.clone()).await;
        c.send(again).await;
        c.send(badge("u1", 4, "e5")).await;
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let client = client(&server).await;
    let topics: Vec<String> = vec![
        topics::users_badges_chats("u1").unwrap().into(),
        topics::detail_events_collaboratechat_group_messages("r1")
            .unwrap()
            .into(),
        topics::detail_events_collaboratechat_adhoc_messages("a1")
            .unwrap()
            .into(),
    ];
    let mut stream = within(
        LIMIT,
        client.notifications().config(quick()).subscribe(topics),
    )
    .await
    .unwrap();
    assert_eq!(stream.channels(), ["c1"]);
    // The subscription named the topics.
    let put = &requests(&server, "PUT", "/subscriptions").await[0];
    let body: serde_json::Value = serde_json::from_slice(&put.body).unwrap();
    assert_eq!(body[0]["id"], "v2.users.u1.badges.chats");
    assert_eq!(unread(next(&mut stream).await), 3);
    match next(&mut stream).await {
        Some(Ok(Message::Event(Event::DetailEventsCollaboratechatGroupMessages {
            group_id,
            body,
        }))) => {
            assert_eq!(
                (group_id.as_str(), body.body.as_deref()),
                ("r1", Some("hello"))
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        next(&mut stream).await,
        Some(Ok(Message::Event(
            Event::DetailEventsCollaboratechatAdhocMessages { .. }
        )))
    ));
    match next(&mut stream).await {
        Some(Ok(Message::Event(Event::Unknown { topic, body }))) => {
            assert_eq!(
                (topic.as_str(), &body),
                ("v2.users.u1.presence", &json!({"presence": "Away"}))
            );
        }
        other => panic!("{other:?}"),
    }
    match next(&mut stream).await {
        Some(Ok(Message::Event(Event::Unknown { topic, body }))) => {
            assert_eq!((topic.as_str(), &body), ("", &json!("this is not JSON")));
        }
        other => panic!("{other:?}"),
    }
    match next(&mut stream).await {
        Some(Ok(Message::Event(Event::Unknown { topic, body }))) => {
            assert_eq!(
                (topic.as_str(), &body),
                ("", &json!({"not": "a notification"}))
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(unread(next(&mut stream).await), 9);
    assert_eq!(unread(next(&mut stream).await), 9);
    assert_eq!(unread(next(&mut stream).await), 4);
}

#[tokio::test]
async fn silence_then_an_unanswered_ping_replaces_the_socket_with_a_gap() {
    let ws = WsServer::start(|mut c: Conn| async move {
        if c.index == 0 {
            c.send(badge("u1", 1, "e1")).await;
            // Silent: heartbeats stop, the ping goes unanswered.
            c.listen(Duration::from_secs(5)).await;
        } else {
            c.send(badge("u1", 2, "e2")).await;
            c.listen(Duration::from_secs(5)).await;
        }
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let mut stream = subscribe(&server, quick()).await;
    assert_eq!(unread(next(&mut stream).await), 1);
    match next(&mut stream).await {
        Some(Ok(Message::Gap(gap))) => {
            assert_eq!(gap.channel, "c1");
            assert_eq!(gap.topics, ["v2.users.u1.badges.chats"]);
            assert!(gap.reason.contains("no answer to a ping"), "{}", gap.reason);
            // From the last message received, 5 s early: a cursor for re-reading history.
            let age = chrono::Utc::now() - gap.since;
            assert!(
                age > chrono::Duration::seconds(5) && age < chrono::Duration::seconds(15),
                "{age}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(unread(next(&mut stream).await), 2);
    assert_eq!(ws.accepted(), 2);
    // The silent socket was pinged before it was given up.
    assert!(
        ws.received
            .lock()
            .unwrap()
            .iter()
            .any(|t| t.contains("\"ping\""))
    );
}

#[tokio::test]
async fn an_answered_ping_keeps_the_socket() {
    let ws = WsServer::start(|mut c: Conn| async move {
        c.send(badge("u1", 1, "e1")).await;
        // Answers each ping with a pong, as the service does; no heartbeats.
        for _ in 0..4 {
            c.listen(Duration::from_millis(350)).await;
            c.send(json!({"topicName": "channel.metadata", "eventBody": {"message": "pong"}}))
                .await;
        }
        c.send(badge("u1", 2, "e2")).await;
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let mut stream = subscribe(&server, quick()).await;
    assert_eq!(unread(next(&mut stream).await), 1);
    assert_eq!(unread(next(&mut stream).await), 2);
    assert_eq!(ws.accepted(), 1, "no new socket");
}

#[tokio::test]
async fn socket_closing_opens_the_next_socket_first_and_drops_duplicates() {
    let ws = WsServer::start(|mut c: Conn| async move {
        if c.index == 0 {
            c.send(badge("u1", 1, "e1")).await;
            c.send(event(
                "v2.system.socket_closing",
                json!({"systemTopicType": "socket_closing"}),
                "s1",
            ))
            .await;
            // Still delivering on the old socket while the new one opens: overlapping events.
            tokio::time::sleep(Duration::from_millis(150)).await;
            c.send(badge("u1", 2, "e2")).await;
            c.send(badge("u1", 3, "e3")).await;
            c.listen(Duration::from_millis(100)).await;
            let _ = c.ws.close(None).await;
        } else {
            c.send(badge("u1", 2, "e2")).await;
            c.send(badge("u1", 3, "e3")).await;
            tokio::time::sleep(Duration::from_millis(400)).await;
            c.send(badge("u1", 4, "e4")).await;
            c.listen(Duration::from_secs(5)).await;
        }
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let mut stream = subscribe(&server, quick()).await;
    let counts: Vec<i64> = [
        next(&mut stream).await,
        next(&mut stream).await,
        next(&mut stream).await,
        next(&mut stream).await,
    ]
    .into_iter()
    .map(unread)
    .collect();
    assert_eq!(counts, [1, 2, 3, 4], "each event once, no gap");
    assert_eq!(ws.accepted(), 2);
    assert_eq!(
        requests(&server, "POST", "/channels").await.len(),
        1,
        "same channel"
    );
}

#[tokio::test]
async fn a_channel_about_to_expire_is_renewed_without_a_gap() {
    let ws = WsServer::start(|mut c: Conn| async move {
        let n = if c.path.ends_with("c1") { 1 } else { 2 };
        c.send(badge("u1", n, &format!("e{n}"))).await;
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    rest(
        &server,
        vec![
            ("c1".to_owned(), ws.uri("c1"), soon),
            channel("c2", ws.uri("c2")),
        ],
    )
    .await;
    let mut config = quick();
    config.heartbeat_timeout = Duration::from_secs(10);
    config.renew_before = Duration::from_millis(1500);
    let mut stream = subscribe(&server, config).await;
    assert_eq!(unread(next(&mut stream).await), 1);
    // About half a second on, c2 is made, subscribed and opened; c1's socket is dropped.
    assert_eq!(unread(next(&mut stream).await), 2);
    assert_eq!(requests(&server, "POST", "/channels").await.len(), 2);
    let puts = requests(&server, "PUT", "/subscriptions").await;
    assert!(puts[1].url.path().contains("/c2/"), "{:?}", puts[1].url);
}

#[tokio::test]
async fn a_401_during_renewal_refreshes_the_token_and_renews() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let ws = WsServer::start(|mut c: Conn| async move {
        let n = if c.path.ends_with("c1") { 1 } else { 2 };
        c.send(badge("u1", n, &format!("e{n}"))).await;
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    let tokens = Arc::new(AtomicUsize::new(0));
    let count = tokens.clone();
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(move |_: &wiremock::Request| {
            let n = count.fetch_add(1, Ordering::SeqCst) + 1;
            ResponseTemplate::new(200).set_body_json(
                json!({"access_token": format!("token-{n}"), "token_type": "bearer", "expires_in": 3600}),
            )
        })
        .mount(&server)
        .await;
    // The first channel expires in 2 s; the renewal's request, still with token-1, gets a 401
    // (the service revoked that token); with token-2 it gets the second channel.
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let (c1, c2) = (ws.uri("c1"), ws.uri("c2"));
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    Mock::given(method("POST"))
        .and(path("/api/v2/notifications/channels"))
        .respond_with(move |req: &wiremock::Request| {
            seen.fetch_add(1, Ordering::SeqCst);
            let auth = req
                .headers
                .get("authorization")
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            if auth == "Bearer token-1" && seen.load(Ordering::SeqCst) > 1 {
                ResponseTemplate::new(401)
                    .set_body_json(json!({"status": 401, "code": "bad.credentials"}))
            } else if auth == "Bearer token-1" {
                ResponseTemplate::new(200)
                    .set_body_json(json!({"id": "c1", "connectUri": c1, "expires": soon}))
            } else {
                ResponseTemplate::new(200).set_body_json(
                    json!({"id": "c2", "connectUri": c2, "expires": "2099-01-01T00:00:00Z"}),
                )
            }
        })
        .with_priority(1)
        .mount(&server)
        .await;
    rest(&server, vec![channel("unused", ws.uri("unused"))]).await;
    let client = Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .client_credentials("client-id", "client-secret")
        .retry(common::fast_retries())
        .build()
        .unwrap();
    let mut config = quick();
    config.heartbeat_timeout = Duration::from_secs(10);
    config.renew_before = Duration::from_millis(1500);
    let topics = [topics::users_badges_chats("u1").unwrap()];
    let mut stream = within(
        LIMIT,
        client.notifications().config(config).subscribe(topics),
    )
    .await
    .unwrap();
    assert_eq!(unread(next(&mut stream).await), 1);
    assert_eq!(
        unread(next(&mut stream).await),
        2,
        "renewed after the refresh"
    );
    assert_eq!(tokens.load(Ordering::SeqCst), 2, "one refresh");
    assert_eq!(calls.load(Ordering::SeqCst), 3, "made, refused, made again");
}

#[tokio::test]
async fn token_revoked_ends_the_stream_with_a_typed_error() {
    let ws = WsServer::start(|mut c: Conn| async move {
        c.send(badge("u1", 1, "e1")).await;
        c.send(event(
            "v2.system.token_revoked.c1",
            json!({"systemTopicType": "token_revoked"}),
            "s",
        ))
        .await;
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let mut stream = subscribe(&server, quick()).await;
    assert_eq!(unread(next(&mut stream).await), 1);
    match next(&mut stream).await {
        Some(Err(Error::Channel { channel, problem })) => {
            assert_eq!(channel, "c1");
            assert_eq!(problem, ChannelProblem::TokenRevoked);
        }
        other => panic!("{other:?}"),
    }
    assert!(next(&mut stream).await.is_none(), "the stream ends");
    assert_eq!(ws.accepted(), 1, "no reconnect after a revocation");
}

#[tokio::test]
async fn a_socket_cut_mid_frame_is_replaced_with_a_gap() {
    let ws = WsServer::start(|mut c: Conn| async move {
        if c.index == 0 {
            c.send(badge("u1", 1, "e1")).await;
            // A text frame announcing 256 bytes, 5 of them sent, then the connection drops.
            let tcp = c.ws.get_mut();
            let _ = tcp
                .write_all(&[0x81, 0x7e, 0x01, 0x00, b'{', b'"', b't', b'o', b'p'])
                .await;
            let _ = tcp.shutdown().await;
        } else {
            c.send(badge("u1", 2, "e2")).await;
            c.listen(Duration::from_secs(5)).await;
        }
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let mut stream = subscribe(&server, quick()).await;
    assert_eq!(unread(next(&mut stream).await), 1);
    assert!(matches!(next(&mut stream).await, Some(Ok(Message::Gap(_)))));
    assert_eq!(unread(next(&mut stream).await), 2);
}

#[tokio::test]
async fn no_longer_subscribed_subscribes_again_with_a_gap() {
    let ws = WsServer::start(|mut c: Conn| async move {
        c.send(event("v2.system.no_longer_subscribed.c1", json!({}), "s"))
            .await;
        c.send(badge("u1", 1, "e1")).await;
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let mut stream = subscribe(&server, quick()).await;
    assert!(matches!(next(&mut stream).await, Some(Ok(Message::Gap(_)))));
    assert_eq!(unread(next(&mut stream).await), 1);
    assert_eq!(requests(&server, "PUT", "/subscriptions").await.len(), 2);
}

#[tokio::test]
async fn a_service_that_keeps_dropping_sockets_ends_the_stream() {
    // Every socket is accepted, sends a heartbeat, and is closed at once: sockets that do not
    // last count as failures, so this is not an endless loop of gaps.
    let ws = WsServer::start(|mut c: Conn| async move {
        c.send(heartbeat()).await;
        let _ = c.ws.close(None).await;
    })
    .await;
    let server = MockServer::start().await;
    rest(&server, vec![channel("c1", ws.uri("c1"))]).await;
    let mut config = quick();
    config.reconnect_attempts = 3;
    let mut stream = subscribe(&server, config).await;
    let mut gaps = 0;
    loop {
        match next(&mut stream).await {
            Some(Ok(Message::Gap(_))) => gaps += 1,
            Some(Err(Error::Channel {
                problem: ChannelProblem::Unreachable { attempts, .. },
                ..
            })) => {
                assert_eq!(attempts, 3);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(gaps, 3, "one per socket opened again");
    assert!(next(&mut stream).await.is_none());
    assert_eq!(ws.accepted(), 4);
    // The channel was not gone (no 4xx on the handshake): no new channel was made.
    assert_eq!(requests(&server, "POST", "/channels").await.len(), 1);
}

#[tokio::test]
async fn a_channel_that_is_gone_is_made_anew() {
    // c1's socket delivers an event and closes; its handshakes then get a 404 (the channel is
    // gone): the stream makes c2 with the same topics and goes on there, after a gap.
    let first = WsServer::start_n(1, |mut c: Conn| async move {
        c.send(badge("u1", 1, "e1")).await;
        let _ = c.ws.close(None).await;
    })
    .await;
    let second = WsServer::start(|mut c: Conn| async move {
        c.send(badge("u1", 2, "e2")).await;
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    rest(
        &server,
        vec![
            channel("c1", first.uri("c1")),
            channel("c2", second.uri("c2")),
        ],
    )
    .await;
    let mut stream = subscribe(&server, quick()).await;
    assert_eq!(unread(next(&mut stream).await), 1);
    match next(&mut stream).await {
        Some(Ok(Message::Gap(gap))) => assert_eq!(gap.channel, "c2"),
        other => panic!("{other:?}"),
    }
    assert_eq!(unread(next(&mut stream).await), 2);
    assert_eq!(requests(&server, "POST", "/channels").await.len(), 2);
    let puts = requests(&server, "PUT", "/subscriptions").await;
    assert!(puts[1].url.path().contains("/c2/"), "{:?}", puts[1].url);
}

#[tokio::test]
async fn the_stream_ends_after_an_error_even_when_other_channels_go_on() {
    let ws = WsServer::start(|mut c: Conn| async move {
        if c.path.ends_with("c1") {
            c.send(event("v2.system.token_revoked.c1", json!({}), "s"))
                .await;
            c.listen(Duration::from_secs(5)).await;
        } else {
            for n in 0..50 {
                c.send(badge("u1", n, &format!("e{n}"))).await;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            c.listen(Duration::from_secs(5)).await;
        }
    })
    .await;
    let server = MockServer::start().await;
    rest(
        &server,
        vec![channel("c1", ws.uri("c1")), channel("c2", ws.uri("c2"))],
    )
    .await;
    let client = client(&server).await;
    let many: Vec<String> = (0..1001)
        .map(|i| format!("v2.users.u{i}.badges.chats"))
        .collect();
    let mut stream = within(
        LIMIT,
        client.notifications().config(quick()).subscribe(many),
    )
    .await
    .unwrap();
    loop {
        match next(&mut stream).await {
            Some(Ok(_)) => {}
            Some(Err(Error::Channel {
                problem: ChannelProblem::TokenRevoked,
                ..
            })) => break,
            other => panic!("{other:?}"),
        }
    }
    assert!(next(&mut stream).await.is_none(), "nothing after the error");
}
