//! The generated topic catalogue: constructors that check their ids, and `Event::parse`, which
//! reads every message into its topic's variant or `Unknown`, never failing.

use genesys_cloud_chat::topics::{self, Event};
use genesys_cloud_chat::{Error, models};
use serde_json::json;

#[test]
fn constructors_fill_the_ids_and_carry_the_payload_type() {
    let badge: genesys_cloud_chat::notifications::Topic<models::ChatBadgeTopicChatBadge> =
        topics::users_badges_chats("6f3c-1").unwrap();
    assert_eq!(badge.name(), "v2.users.6f3c-1.badges.chats");
    assert_eq!(
        topics::detail_events_collaboratechat_group_messages("r1")
            .unwrap()
            .to_string(),
        "v2.detail.events.collaboratechat.group.r1.messages"
    );
    assert_eq!(
        topics::detail_events_collaboratechat_adhoc_messages("a1")
            .unwrap()
            .name(),
        "v2.detail.events.collaboratechat.adhoc.a1.messages"
    );
}

#[test]
fn ids_that_would_name_another_topic_are_refused() {
    for bad in ["", "a.b", "*", "{id}", "a b", "u1?presence", "u1&u2"] {
        match topics::users_badges_chats(bad) {
            Err(Error::InvalidArgument { name, reason }) => {
                assert_eq!(name, "user_id");
                assert!(reason.contains("not a topic id"), "{reason}");
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
}

#[test]
fn messages_are_read_into_their_topics_variant() {
    let badge = Event::parse(
        "v2.users.u1.badges.chats",
        json!({"entity": {"jid": "room@conference"}, "unreadCount": 3, "lastUnreadNotificationDate": "2026-11-30T10:00:00Z"}),
    );
    let Event::UsersBadgesChats { user_id, body } = badge else {
        panic!("{badge:?}")
    };
    assert_eq!(user_id, "u1");
    assert_eq!(body.unread_count, Some(3));
    assert!(body.last_unread_notification_date.is_some());

    let message = Event::parse(
        "v2.detail.events.collaboratechat.group.r1.messages",
        json!({"messageId": "m1", "body": "hello", "actionType": "Create", "from": {"id": "u2"}, "notifyAll": false}),
    );
    let Event::DetailEventsCollaboratechatGroupMessages { group_id, body } = message else {
        panic!("{message:?}")
    };
    assert_eq!(
        (group_id.as_str(), body.body.as_deref()),
        ("r1", Some("hello"))
    );

    let closing = Event::parse(
        "v2.system.socket_closing",
        json!({"systemTopicType": "socket_closing", "message": "The socket is closing"}),
    );
    assert!(
        matches!(closing, Event::SystemSocketClosing { .. }),
        "{closing:?}"
    );
    let revoked = Event::parse("v2.system.token_revoked.c1", json!({"channelId": "c1"}));
    assert!(
        matches!(&revoked, Event::SystemTokenRevoked { token_revoked_id, .. } if token_revoked_id == "c1"),
        "{revoked:?}"
    );
}

#[test]
fn unknown_topics_and_bodies_of_the_wrong_shape_are_kept_as_json() {
    let unknown = Event::parse("v2.users.u1.presence", json!({"presence": "Available"}));
    assert_eq!(
        unknown,
        Event::Unknown {
            topic: "v2.users.u1.presence".to_owned(),
            body: json!({"presence": "Available"})
        }
    );
    // A known topic whose body is not its type: kept, not dropped, not a panic.
    let wrong = Event::parse("v2.users.u1.badges.chats", json!({"unreadCount": "three"}));
    assert!(matches!(wrong, Event::Unknown { .. }), "{wrong:?}");
    let wrong = Event::parse("v2.users.u1.badges.chats", json!([1, 2]));
    assert!(matches!(wrong, Event::Unknown { .. }), "{wrong:?}");
    // Near misses of a pattern are other topics.
    for topic in [
        "v2.users..badges.chats",
        "v2.users.u1.badges.chats.x",
        "v2.users.u1.badges",
    ] {
        assert!(
            matches!(Event::parse(topic, json!({})), Event::Unknown { .. }),
            "{topic}"
        );
    }
}
