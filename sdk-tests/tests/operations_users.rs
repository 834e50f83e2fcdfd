//! Every operation of `spec/chat.yaml`, continued: 1:1 messages and pins, the signed-in user's
//! settings, room participants and reactions.

mod common;

use common::exchange::{answer, expect, json_body, with_body};
use common::server_and_client;
use genesys_cloud_chat::models::{
    ChatReactionUpdate, MobileNotificationSettings, MobileNotificationSettingsWhen, MobileSettings,
    PinnedMessageRequest, UserChatSettingsPost, UserSettingsForChat,
};
use serde_json::{Value, json};
use wiremock::ResponseTemplate;
use wiremock::matchers::query_param;

#[tokio::test]
async fn delete_chats_user_messages_pin() {
    let (server, client) = server_and_client().await;
    let mock = expect("DELETE", "/api/v2/chats/users/u1/messages/pins/p1");
    answer(&server, mock, ResponseTemplate::new(204)).await;
    client
        .chat()
        .delete_chats_user_messages_pin("u1", "p1")
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn delete_chats_users_me_settings() {
    let (server, client) = server_and_client().await;
    let mock = expect("DELETE", "/api/v2/chats/users/me/settings");
    answer(&server, mock, ResponseTemplate::new(204)).await;
    client
        .chat()
        .delete_chats_users_me_settings()
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn get_chats_room_participant() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/rooms/r1/participants/u1@example");
    answer(
        &server,
        mock,
        json_body(json!({"participantJid": "u1@example"})),
    )
    .await;
    let p = client
        .chat()
        .get_chats_room_participant("r1", "u1@example")
        .send()
        .await
        .unwrap();
    assert_eq!(p.participant_jid, "u1@example");
}

#[tokio::test]
async fn get_chats_room_participants() {
    let (server, client) = server_and_client().await;
    let mock =
        expect("GET", "/api/v2/chats/rooms/r1/participants").and(query_param("notify", "true"));
    let body = json!({"participants": [{"jid": "u1@example", "user": {"id": "u1"}}]});
    answer(&server, mock, json_body(body)).await;
    let r = client
        .chat()
        .get_chats_room_participants("r1")
        .notify(true)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.participants.unwrap()[0].jid.as_deref(),
        Some("u1@example")
    );
}

#[tokio::test]
async fn get_chats_user() {
    let (server, client) = server_and_client().await;
    let mock = expect("GET", "/api/v2/chats/users/u1");
    answer(
        &server,
        mock,
        json_body(json!({"pinnedMessages": [{"id": "m1"}]})),
    )
    .await;
    let one = client.chat().get_chats_user("u1").send().await.unwrap();
    assert_eq!(one.pinned_messages.unwrap()[0].id.as_deref(), Some("m1"));
}

fn my_settings() -> Value {
    json!({"muted": true, "mentionsOnly": false, "mobile": {"notifications": {"when": "Always"}}})
}

#[tokio::test]
async fn get_chats_users_me_settings() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        expect("GET", "/api/v2/chats/users/me/settings"),
        json_body(my_settings()),
    )
    .await;
    let s = client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap();
    assert_eq!((s.muted, s.mentions_only), (Some(true), Some(false)));
}

#[tokio::test]
async fn patch_chats_users_me_settings() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("PATCH", "/api/v2/chats/users/me/settings"),
        json!({"muted": true, "mobile": {"notifications": {"when": "Always"}}}),
    );
    answer(&server, mock, json_body(my_settings())).await;
    let mut patch = UserSettingsForChat::new(MobileSettings::new(MobileNotificationSettings::new(
        MobileNotificationSettingsWhen::Always,
    )));
    patch.muted = Some(true);
    patch.mentions_only = None;
    patch.notify_on_reactions = None;
    let s = client
        .chat()
        .patch_chats_users_me_settings(patch)
        .send()
        .await
        .unwrap();
    assert_eq!(s.muted, Some(true));
}

#[tokio::test]
async fn post_chats_users_me_settings() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("POST", "/api/v2/chats/users/me/settings"),
        json!({"muted": false, "notifyOnReactions": true}),
    );
    answer(&server, mock, ResponseTemplate::new(204)).await;
    let mut settings = UserChatSettingsPost::new(false);
    settings.notify_on_reactions = Some(true);
    client
        .chat()
        .post_chats_users_me_settings(settings)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn post_chats_user_messages_pins() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("POST", "/api/v2/chats/users/u1/messages/pins"),
        json!({"pinnedMessageIds": ["m1"]}),
    );
    answer(&server, mock, ResponseTemplate::new(204)).await;
    let pins = PinnedMessageRequest::new(vec!["m1".to_owned()]);
    client
        .chat()
        .post_chats_user_messages_pins("u1", pins)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn put_chats_message_reactions() {
    let (server, client) = server_and_client().await;
    let mock = with_body(
        expect("PUT", "/api/v2/chats/messages/m1/reactions"),
        json!({"reactions": ["thumbsup"]}),
    );
    answer(&server, mock, ResponseTemplate::new(204)).await;
    let update = ChatReactionUpdate::new(vec!["thumbsup".to_owned()]);
    client
        .chat()
        .put_chats_message_reactions("m1", update)
        .send()
        .await
        .unwrap();
}
