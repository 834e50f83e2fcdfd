//! Every operation of `spec/chat.yaml` sends the right method, path, query, headers and body, and
//! parses the answer.

mod common;

use common::exchange::{answer, expect, json_body, with_body};
use common::{message, server_and_client};
use genesys_cloud_chat::models::{
    ChatSettings, ChatUserSettings, CreateRoomRequest, MobileNotificationSettings,
    MobileNotificationSettingsWhen, MobileSettings, PinnedMessageRequest, RoomType,
    RoomUpdateRequest, SendMessageBody,
};
use serde_json::json;
use wiremock::ResponseTemplate;
use wiremock::matchers::{query_param, query_param_is_missing};

fn send_message_body() -> SendMessageBody {
    let mut body = SendMessageBody::new("hi @bob".to_owned());
    body.mentions = Some(vec!["bob".to_owned()]);
    body
}

fn user_settings() -> ChatUserSettings {
    ChatUserSettings::new(MobileSettings::new(MobileNotificationSettings::new(
        MobileNotificationSettingsWhen::OnlyWhenInactive,
    )))
}

#[tokio::test]
async fn delete_chats_room_message() {
    let (server, client) = server_and_client().await;
    let mock = expect("DELETE", "/api/v2/chats/rooms/room@conf/messages/m1");
    answer(&server, mock, ResponseTemplate::new(204)).await;
    client
        .chat()
        .delete_chats_room_message("room@conf", "m1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_chats_room_participant() {
    let (server, client) = server_and_client().await;
    let mock = expect("DELETE", "/api/v2/chats/rooms/r1/participants/u1");
    answer(&server, mock, ResponseTemplate::new(204)).await;
    client
        .chat()
        .delete_chats_room_participant("r1", "u1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_chats_room_messages_pin() {
    let (server, client) = server_and_client().await;
    let mock = expect("DELETE", "/api/v2/chats/rooms/r1/messages/pins/p1");
    answer(&server, mock, ResponseTemplate::new(204)).await;
    client
        .chat()
        .delete_chats_room_messages_pin("r1", "p1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_chats_user_message() {
    let (server, client) = server_and_client().await;
    let mock = expect("DELETE", "/api/v2/chats/users/u1/messages/m1");
    answer(&server, mock, ResponseTemplate::new(204)).await;
    client
        .chat()
        .delete_chats_user_message("u1", "m1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn get_chats_message() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/messages/m1");
    answer(
        &server,
        mock,
        json_body(message("m1", "2026-11-01T10:00:00.000Z")),
    )
    .await;
    let m = client.chat().get_chats_message("m1").send().await.unwrap();
    assert_eq!(m.id, "m1");
    assert_eq!(m.date_created.to_rfc3339(), "2026-11-01T10:00:00+00:00");
    assert_eq!(m.thread.id.as_deref(), Some("thread-1"));
}

#[tokio::test]
async fn get_chats_room() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/rooms/r1");
    let room = json!({
        "id": "r1", "name": "Ops", "roomType": "adhoc", "participantLimit": 50,
        "dateCreated": "2026-11-01T10:00:00Z", "owners": [{"id": "u1", "selfUri": "/api/v2/users/u1"}],
        "selfUri": "/api/v2/chats/rooms/r1"
    });
    answer(&server, mock, json_body(room)).await;
    let room = client.chat().get_chats_room("r1").send().await.unwrap();
    assert_eq!(room.room_type, Some(RoomType::Adhoc));
    assert_eq!(room.participant_limit, Some(50));
    assert_eq!(room.owners.unwrap()[0].id.as_deref(), Some("u1"));
    assert_eq!(room.self_uri.as_deref(), Some("/api/v2/chats/rooms/r1"));
}

#[tokio::test]
async fn get_chats_room_message() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/rooms/r1/messages/m1%2Cm2");
    let listing = json!({"entities": [message("m1", "2026-11-01T10:00:00Z"), message("m2", "2026-11-01T10:01:00Z")]});
    answer(&server, mock, json_body(listing)).await;
    let listing = client
        .chat()
        .get_chats_room_message("r1", "m1,m2")
        .send()
        .await
        .unwrap();
    assert_eq!(listing.entities.unwrap().len(), 2);
}

#[tokio::test]
async fn get_chats_room_messages_with_every_query_parameter() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/rooms/r1/messages")
        .and(query_param("limit", "25"))
        .and(query_param("before", "2026-11-02T00:00:00.000Z"))
        .and(query_param("after", "2026-11-01T00:00:00.000Z"));
    answer(&server, mock, json_body(json!({"entities": []}))).await;
    let listing = client
        .chat()
        .get_chats_room_messages("r1")
        .limit("25")
        .before("2026-11-02T00:00:00.000Z")
        .after("2026-11-01T00:00:00.000Z")
        .send()
        .await
        .unwrap();
    assert_eq!(listing.entities, Some(vec![]));
}

#[tokio::test]
async fn get_chats_room_messages_without_optional_parameters_sends_none() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/rooms/r1/messages")
        .and(query_param_is_missing("limit"))
        .and(query_param_is_missing("before"))
        .and(query_param_is_missing("after"));
    answer(&server, mock, json_body(json!({}))).await;
    let listing = client
        .chat()
        .get_chats_room_messages("r1")
        .send()
        .await
        .unwrap();
    assert_eq!(listing.entities, None);
}

#[tokio::test]
async fn get_chats_settings() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/settings");
    answer(
        &server,
        mock,
        json_body(json!({"messageRetentionPeriodDays": 365, "reactionsEnabled": true})),
    )
    .await;
    let s = client.chat().get_chats_settings().send().await.unwrap();
    assert_eq!(
        (s.message_retention_period_days, s.reactions_enabled),
        (Some(365), Some(true))
    );
}

#[tokio::test]
async fn get_chats_thread_messages() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/threads/t1/messages").and(query_param("limit", "10"));
    answer(
        &server,
        mock,
        json_body(json!({"entities": [message("m1", "2026-11-01T10:00:00Z")]})),
    )
    .await;
    let listing = client
        .chat()
        .get_chats_thread_messages("t1")
        .limit("10")
        .send()
        .await
        .unwrap();
    assert_eq!(listing.entities.unwrap()[0].body, "message m1");
}

#[tokio::test]
async fn get_chats_user_message() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/users/u1/messages/m1");
    answer(
        &server,
        mock,
        json_body(json!({"entities": [message("m1", "2026-11-01T10:00:00Z")]})),
    )
    .await;
    let listing = client
        .chat()
        .get_chats_user_message("u1", "m1")
        .send()
        .await
        .unwrap();
    assert_eq!(listing.entities.unwrap()[0].id, "m1");
}

#[tokio::test]
async fn get_chats_user_messages() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/users/u1/messages")
        .and(query_param("limit", "5"))
        .and(query_param("before", "2026-11-02T00:00:00Z"))
        .and(query_param_is_missing("after"));
    // The spec says this operation answers with one message.
    answer(
        &server,
        mock,
        json_body(message("m9", "2026-11-01T10:00:00Z")),
    )
    .await;
    let m = client
        .chat()
        .get_chats_user_messages("u1")
        .limit("5")
        .before("2026-11-02T00:00:00Z")
        .send()
        .await
        .unwrap();
    assert_eq!(m.id, "m9");
}

#[tokio::test]
async fn get_chats_user_settings() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/users/u1/settings");
    answer(
        &server,
        mock,
        json_body(json!({"mobile": {"notifications": {"when": "Always"}}})),
    )
    .await;
    let s = client
        .chat()
        .get_chats_user_settings("u1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        s.mobile.notifications.when,
        MobileNotificationSettingsWhen::Always
    );
}

#[tokio::test]
async fn patch_chats_room() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("PATCH", "/api/v2/chats/rooms/r1"),
        json!({"subject": "New subject", "ownerIds": ["u2"]}),
    );
    answer(&server, mock, ResponseTemplate::new(204)).await;
    let mut update = RoomUpdateRequest::new();
    update.subject = Some("New subject".to_owned());
    update.owner_ids = Some(vec!["u2".to_owned()]);
    client
        .chat()
        .patch_chats_room("r1", update)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn patch_chats_room_message() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("PATCH", "/api/v2/chats/rooms/r1/messages/m1"),
        json!({"message": "hi @bob", "mentions": ["bob"]}),
    );
    answer(&server, mock, json_body(json!({"id": "m1"}))).await;
    let sent = client
        .chat()
        .patch_chats_room_message("r1", "m1", send_message_body())
        .send()
        .await
        .unwrap();
    assert_eq!(sent.id, "m1");
}

#[tokio::test]
async fn patch_chats_settings() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("PATCH", "/api/v2/chats/settings"),
        json!({"reactionsEnabled": false}),
    );
    answer(
        &server,
        mock,
        json_body(json!({"messageRetentionPeriodDays": 30, "reactionsEnabled": false})),
    )
    .await;
    let mut patch = ChatSettings::new();
    patch.reactions_enabled = Some(false);
    let s = client
        .chat()
        .patch_chats_settings(patch)
        .send()
        .await
        .unwrap();
    assert_eq!(s.message_retention_period_days, Some(30));
}

#[tokio::test]
async fn patch_chats_user_message() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("PATCH", "/api/v2/chats/users/u1/messages/m1"),
        json!({"message": "hi @bob", "mentions": ["bob"]}),
    );
    answer(&server, mock, json_body(json!({"id": "m1"}))).await;
    let sent = client
        .chat()
        .patch_chats_user_message("u1", "m1", send_message_body())
        .send()
        .await
        .unwrap();
    assert_eq!(sent.id, "m1");
}

#[tokio::test]
async fn patch_chats_user_settings() {
    let (server, client) = server_and_client().await;
    let body = json!({"mobile": {"notifications": {"when": "OnlyWhenInactive"}}});
    let mock = with_body(
        expect("PATCH", "/api/v2/chats/users/u1/settings"),
        body.clone(),
    );
    answer(&server, mock, json_body(body)).await;
    let s = client
        .chat()
        .patch_chats_user_settings("u1", user_settings())
        .send()
        .await
        .unwrap();
    assert_eq!(s, user_settings());
}

#[tokio::test]
async fn post_chats_room_messages() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("POST", "/api/v2/chats/rooms/r1/messages"),
        json!({"message": "hi @bob", "mentions": ["bob"]}),
    );
    answer(&server, mock, json_body(json!({"id": "m2"}))).await;
    let sent = client
        .chat()
        .post_chats_room_messages("r1", send_message_body())
        .send()
        .await
        .unwrap();
    assert_eq!(sent.id, "m2");
}

#[tokio::test]
async fn post_chats_room_participant() {
    let (server, client) = server_and_client().await;
    let mock = expect("POST", "/api/v2/chats/rooms/r1/participants/u1");
    answer(&server, mock, ResponseTemplate::new(204)).await;
    client
        .chat()
        .post_chats_room_participant("r1", "u1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn post_chats_room_messages_pins() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("POST", "/api/v2/chats/rooms/r1/messages/pins"),
        json!({"pinnedMessageIds": ["m1", "m2"]}),
    );
    answer(&server, mock, ResponseTemplate::new(204)).await;
    let pins = PinnedMessageRequest::new(vec!["m1".to_owned(), "m2".to_owned()]);
    client
        .chat()
        .post_chats_room_messages_pins("r1", pins)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn post_chats_rooms() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("POST", "/api/v2/chats/rooms"),
        json!({"subject": "Incident 42", "userIds": ["u1", "u2"]}),
    );
    answer(
        &server,
        mock,
        json_body(json!({"jid": "incident42@conference"})),
    )
    .await;
    let mut request = CreateRoomRequest::new("Incident 42".to_owned());
    request.user_ids = Some(vec!["u1".to_owned(), "u2".to_owned()]);
    let room = client
        .chat()
        .post_chats_rooms(request)
        .send()
        .await
        .unwrap();
    assert_eq!(room.jid, "incident42@conference");
}

#[tokio::test]
async fn post_chats_user_messages() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("POST", "/api/v2/chats/users/u1/messages"),
        json!({"message": "hi @bob", "mentions": ["bob"]}),
    );
    answer(&server, mock, json_body(json!({"id": "m3"}))).await;
    let sent = client
        .chat()
        .post_chats_user_messages("u1", send_message_body())
        .send()
        .await
        .unwrap();
    assert_eq!(sent.id, "m3");
}

#[tokio::test]
async fn put_chats_settings() {
    let (server, client) = server_and_client().await;
    let body = json!({"messageRetentionPeriodDays": 90, "reactionsEnabled": true});
    let mock = with_body(expect("PUT", "/api/v2/chats/settings"), body.clone());
    answer(&server, mock, json_body(body)).await;
    let mut settings = ChatSettings::new();
    settings.message_retention_period_days = Some(90);
    settings.reactions_enabled = Some(true);
    let s = client
        .chat()
        .put_chats_settings(settings.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(s, settings);
}

#[tokio::test]
async fn history_operations_take_exclude_metadata() {
    let (server, client) = server_and_client().await;
    for route in [
        "/api/v2/chats/rooms/r1/messages",
        "/api/v2/chats/threads/t1/messages",
    ] {
        let mock = expect("GET", route).and(query_param("excludeMetadata", "true"));
        answer(&server, mock, json_body(json!({"entities": []}))).await;
    }
    let mock = expect("GET", "/api/v2/chats/users/u1/messages")
        .and(query_param("excludeMetadata", "false"));
    answer(
        &server,
        mock,
        json_body(message("m1", "2026-11-01T10:00:00Z")),
    )
    .await;
    let chat = client.chat();
    chat.get_chats_room_messages("r1")
        .exclude_metadata(true)
        .send()
        .await
        .unwrap();
    chat.get_chats_thread_messages("t1")
        .exclude_metadata(true)
        .send()
        .await
        .unwrap();
    chat.get_chats_user_messages("u1")
        .exclude_metadata(false)
        .send()
        .await
        .unwrap();
}
