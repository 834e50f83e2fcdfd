//! Operations as data: the permission audit an application can run before calling anything.

use genesys_cloud_chat::{Method, Permissions, operations};

#[test]
fn every_operation_is_described() {
    assert_eq!(operations::ALL.len(), 34);
    let none: Vec<&str> = operations::all()
        .filter(|op| op.permissions == Permissions::None)
        .map(|op| op.id)
        .collect();
    assert_eq!(
        none,
        [
            "deleteChatsUsersMeSettings",
            "getChatsRoomParticipant",
            "getChatsUsersMeSettings",
            "patchChatsUsersMeSettings",
            "postChatsUsersMeSettings"
        ]
    );
    assert!(
        operations::all()
            .filter(|op| !none.contains(&op.id))
            .all(|op| matches!(op.permissions, Permissions::Any(_)))
    );
    assert_eq!(
        operations::all().filter(|op| op.preview).count(),
        0,
        "upstream has no preview Chat operation today"
    );
    let ids: Vec<&str> = operations::all().map(|op| op.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "sorted by id");
}

#[test]
fn an_operation_carries_method_path_and_permissions() {
    let op = operations::find("getChatsRoomMessages").unwrap();
    assert_eq!(op.method, Method::Get);
    assert_eq!(op.path, "/api/v2/chats/rooms/{roomJid}/messages");
    assert_eq!(
        op.permissions.list(),
        ["chat:chat:access", "chat:room:view"]
    );
    assert!(!op.preview && !op.deprecated);
    assert_eq!(*op, operations::GET_CHATS_ROOM_MESSAGES);
    assert_eq!(
        op.to_string(),
        "getChatsRoomMessages (GET /api/v2/chats/rooms/{roomJid}/messages)"
    );
    assert!(operations::find("nope").is_none());
}

#[test]
fn audit_finds_what_a_role_cannot_call() {
    let granted = ["chat:room:view", "chat:setting:*"];
    let blocked: Vec<&str> = operations::all()
        .filter(|op| !op.permissions.is_satisfied_by(&granted))
        .map(|op| op.id)
        .collect();
    assert!(blocked.contains(&"postChatsRooms"));
    assert!(!blocked.contains(&"getChatsRoom"));
    assert!(!blocked.contains(&"putChatsSettings"), "wildcards count");
    // `chat:chat:access` opens everything but the organization's and users' settings.
    let without_access: Vec<&str> = operations::all()
        .filter(|op| !op.permissions.is_satisfied_by(&["chat:chat:access"]))
        .map(|op| op.id)
        .collect();
    assert_eq!(
        without_access,
        [
            "getChatsSettings",
            "getChatsUserSettings",
            "patchChatsSettings",
            "patchChatsUserSettings",
            "putChatsSettings"
        ]
    );
}
