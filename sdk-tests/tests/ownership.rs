//! Requests own their client (a cheap clone of it): `send()` futures and `.stream()` streams are
//! `Send + 'static`, so they can be spawned on a runtime or kept in a struct. History cursors
//! also take dates.

mod common;

use common::{message, server_and_client};
use futures_util::StreamExt;
use genesys_cloud_chat::apis::chat::{GetChatsRoom, GetChatsRoomMessages};
use genesys_cloud_chat::chrono::{TimeZone, Utc};
use genesys_cloud_chat::pagination::History;
use genesys_cloud_chat::{ChatApi, models};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

fn is_send_static<T: Send + 'static>(_: &T) {}

/// What an application keeps: an API handle and requests to send later.
struct Pending {
    chat: ChatApi,
    room: GetChatsRoom,
    history: GetChatsRoomMessages,
}

#[tokio::test]
async fn a_request_is_spawned_and_outlives_its_client() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/rooms/r1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": "r1", "jid": "r1@conference"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let send = client.chat().get_chats_room("r1").send();
    is_send_static(&send);
    drop(client);
    let room = tokio::spawn(send).await.unwrap().unwrap();
    assert_eq!(room.id.as_deref(), Some("r1"));
}

#[tokio::test]
async fn handles_and_requests_are_stored_and_streams_spawned() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/rooms/r1/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "entities": [message("m1", "2026-11-01T10:01:00Z")]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/rooms/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "r1"})))
        .mount(&server)
        .await;
    let chat = client.chat();
    let pending = Pending {
        room: chat.get_chats_room("r1"),
        history: chat.get_chats_room_messages("r1").limit("1"),
        chat,
    };
    drop(client);
    let stream: History<models::ChatMessageResponse> = pending.history.stream();
    is_send_static(&stream);
    let read = tokio::spawn(async move { stream.collect::<Vec<_>>().await });
    let messages = read.await.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].as_ref().unwrap().id, "m1");
    let room = tokio::spawn(pending.room.send()).await.unwrap().unwrap();
    assert_eq!(room.id.as_deref(), Some("r1"));
    // The handle still makes requests after the client it came from is gone.
    is_send_static(&pending.chat.get_chats_settings().send());
}

#[tokio::test]
async fn history_cursors_take_dates_and_text() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/rooms/r1/messages"))
        .and(query_param("before", "2026-11-30T09:15:00.000Z"))
        .and(query_param("after", "2026-11-01T00:00:00Z"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"entities": []})))
        .expect(2)
        .mount(&server)
        .await;
    let before = Utc.with_ymd_and_hms(2026, 11, 30, 9, 15, 0).unwrap();
    let chat = client.chat();
    chat.get_chats_room_messages("r1")
        .before(before)
        .after("2026-11-01T00:00:00Z")
        .send()
        .await
        .unwrap();
    let text = String::from("2026-11-30T09:15:00.000Z");
    chat.get_chats_room_messages("r1")
        .before(&text)
        .after(String::from("2026-11-01T00:00:00Z"))
        .send()
        .await
        .unwrap();
    // The 1:1 history has the same cursors (it is not a stream: its answer is one message).
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/users/u1/messages"))
        .and(query_param("after", "2026-11-30T09:15:00.000Z"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(message("m1", "2026-11-30T09:16:00Z")),
        )
        .expect(1)
        .mount(&server)
        .await;
    chat.get_chats_user_messages("u1")
        .after(before)
        .send()
        .await
        .unwrap();
}
