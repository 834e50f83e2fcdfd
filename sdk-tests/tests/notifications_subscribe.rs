//! Subscribing: a topic the service rejects is a typed error naming it and the permissions
//! it needs; topics are spread over channels of 1,000 and more than 20 channels' worth is
//! refused before anything is sent; a socket address that is not `wss://` off loopback is
//! refused. Against wiremock and a tokio-tungstenite listener on loopback.

mod common;

use std::time::Duration;

use common::hostile::within;
use common::ws::{Conn, WsServer, channel, requests, rest};
use genesys_cloud_chat::topics;
use genesys_cloud_chat::{ChannelProblem, Client, Error};
use serde_json::json;
use wiremock::MockServer;

const LIMIT: Duration = Duration::from_secs(20);

async fn client(server: &MockServer) -> Client {
    common::builder(server).build().unwrap()
}

#[tokio::test]
async fn a_rejected_topic_is_a_typed_error_naming_it_and_the_missing_permissions() {
    use wiremock::matchers::{method, path, path_regex};
    use wiremock::{Mock, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v2/notifications/channels"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": "c1", "connectUri": "ws://127.0.0.1:9/x"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path_regex("subscriptions$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entities": [
            {"id": "v2.users.u1.badges.chats", "state": "Permitted"},
            {"id": "v2.users.u2.badges.chats", "state": "Rejected", "rejectionReason": "Missing permissions", "missingPermissions": ["chat:badge:view"]},
        ]})))
        .mount(&server)
        .await;
    let client = client(&server).await;
    let topics = [
        topics::users_badges_chats("u1").unwrap(),
        topics::users_badges_chats("u2").unwrap(),
    ];
    let err = within(LIMIT, client.notifications().subscribe(topics))
        .await
        .unwrap_err();
    let Error::TopicsRejected(rejected) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].topic, "v2.users.u2.badges.chats");
    assert_eq!(rejected[0].missing_permissions, ["chat:badge:view"]);
    assert!(err.to_string().contains("missing chat:badge:view"), "{err}");
    // Nothing is left subscribed: the permitted topic was unsubscribed again.
    let puts = requests(&server, "PUT", "subscriptions").await;
    assert_eq!(puts.len(), 2);
    assert_eq!(puts[1].body, b"[]");
}

#[tokio::test]
async fn topics_are_spread_over_channels_of_a_thousand_and_the_limit_is_refused() {
    let ws = WsServer::start(|mut c: Conn| async move {
        c.listen(Duration::from_secs(5)).await;
    })
    .await;
    let server = MockServer::start().await;
    rest(
        &server,
        vec![channel("c1", ws.uri("c1")), channel("c2", ws.uri("c2"))],
    )
    .await;
    let client = client(&server).await;
    let many: Vec<String> = (0..1500)
        .map(|i| format!("v2.users.u{i}.badges.chats"))
        .collect();
    let stream = within(LIMIT, client.notifications().subscribe(many))
        .await
        .unwrap();
    assert_eq!(stream.channels(), ["c1", "c2"]);
    let puts = requests(&server, "PUT", "/subscriptions").await;
    let sizes: Vec<usize> = puts
        .iter()
        .map(|r| {
            serde_json::from_slice::<Vec<serde_json::Value>>(&r.body)
                .unwrap()
                .len()
        })
        .collect();
    assert_eq!(sizes, [1000, 500]);
    // Over 20 channels of 1,000: refused before anything is sent.
    let before = server.received_requests().await.unwrap().len();
    let too_many: Vec<String> = (0..20_001)
        .map(|i| format!("v2.users.u{i}.badges.chats"))
        .collect();
    let err = client
        .notifications()
        .subscribe(too_many)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidArgument { name: "topics", .. }),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), before);
}

#[tokio::test]
async fn a_socket_address_that_is_not_wss_off_loopback_is_refused() {
    let server = MockServer::start().await;
    rest(
        &server,
        vec![channel(
            "c1",
            "ws://streaming.example.com/channels/c1".to_owned(),
        )],
    )
    .await;
    let client = client(&server).await;
    let err = within(
        LIMIT,
        client
            .notifications()
            .subscribe(["v2.users.u1.badges.chats"]),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Channel {
                problem: ChannelProblem::InsecureUri(_),
                ..
            }
        ),
        "{err:?}"
    );
}
