//! Contract check: every operation, sent by the SDK to Prism mocking `spec/chat.yaml` with
//! request validation on, is accepted, and every mocked answer parses.
//!
//! Prism comes from `contract/package.json` (`npm ci --prefix contract`, which `.ci/run` does).
//! It needs Node.js, so the test is `#[ignore]`d by default, which `cargo test` reports with the
//! reason; run it with `cargo test -p sdk-tests --test contract -- --ignored` (CI does). Run so
//! without Prism installed, it fails and says how to install it.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use genesys_cloud_chat::models::{
    ChatReactionUpdate, ChatSettings, ChatUserSettings, CreateRoomRequest,
    MobileNotificationSettings, MobileNotificationSettingsWhen, MobileSettings,
    PinnedMessageRequest, RoomUpdateRequest, SendMessageBody, UserChatSettingsPost,
    UserSettingsForChat,
};
use genesys_cloud_chat::{Client, RetryPolicy};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Prism, started on a free loopback port; killed on drop.
struct Prism {
    child: Child,
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Prism {
    async fn start(bin: &Path) -> Self {
        let port = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut child = Command::new(bin)
            .args([
                "mock",
                "spec/chat.yaml",
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--errors",
            ])
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("prism starts");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stdout: Box<dyn tokio::io::AsyncRead + Unpin + Send> =
            Box::new(child.stdout.take().unwrap());
        let stderr: Box<dyn tokio::io::AsyncRead + Unpin + Send> =
            Box::new(child.stderr.take().unwrap());
        for stream in [stdout, stderr] {
            let log = log.clone();
            let mut lines = BufReader::new(stream).lines();
            tokio::spawn(async move {
                while let Ok(Some(line)) = lines.next_line().await {
                    log.lock().unwrap().push(line);
                }
            });
        }
        let started = Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(90),
                "prism did not start: {:?}",
                log.lock().unwrap()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Self { child, port, log }
    }
}

#[tokio::test]
#[ignore = "needs Prism (Node.js): npm ci --prefix contract, then cargo test -p sdk-tests --test contract -- --ignored"]
async fn every_operation_passes_prism_validation() {
    let bin = root().join("contract/node_modules/.bin/prism");
    assert!(
        bin.exists(),
        "Prism is not installed: run `npm ci --prefix contract` (Node.js 20 or newer), then this test again"
    );
    let mut prism = Prism::start(&bin).await;
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{}", prism.port))
        .access_token("contract-test-token")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let chat = client.chat();
    let message = || {
        let mut body = SendMessageBody::new("hello".to_owned());
        body.mentions = Some(vec!["u2".to_owned()]);
        body
    };
    let mobile = |when| MobileSettings::new(MobileNotificationSettings::new(when));
    let user_settings = || ChatUserSettings::new(mobile(MobileNotificationSettingsWhen::Always));
    let pins = || PinnedMessageRequest::new(vec!["m1".to_owned()]);
    let my_settings = || {
        let mut settings =
            UserSettingsForChat::new(mobile(MobileNotificationSettingsWhen::OnlyWhenInactive));
        settings.muted = Some(false);
        settings.mentions_only = Some(true);
        settings
    };
    let settings = || {
        let mut settings = ChatSettings::new();
        settings.message_retention_period_days = Some(30);
        settings.reactions_enabled = Some(true);
        settings
    };

    let mut results: Vec<(&str, Result<(), String>)> = Vec::new();
    macro_rules! call {
        ($name:literal, $call:expr) => {
            results.push((
                $name,
                $call.send().await.map(drop).map_err(|e| e.to_string()),
            ));
        };
    }
    call!(
        "deleteChatsRoomMessage",
        chat.delete_chats_room_message("room@conference.example", "m1")
    );
    call!(
        "deleteChatsRoomMessagesPin",
        chat.delete_chats_room_messages_pin("r1", "p1")
    );
    call!(
        "deleteChatsRoomParticipant",
        chat.delete_chats_room_participant("r1", "u1")
    );
    call!(
        "deleteChatsUserMessage",
        chat.delete_chats_user_message("u1", "m1")
    );
    call!(
        "deleteChatsUserMessagesPin",
        chat.delete_chats_user_messages_pin("u1", "p1")
    );
    call!(
        "deleteChatsUsersMeSettings",
        chat.delete_chats_users_me_settings()
    );
    call!("getChatsMessage", chat.get_chats_message("m1"));
    call!("getChatsRoom", chat.get_chats_room("r1"));
    call!(
        "getChatsRoomMessage",
        chat.get_chats_room_message("r1", "m1,m2")
    );
    call!(
        "getChatsRoomMessages",
        chat.get_chats_room_messages("r1")
            .limit("10")
            .before("2026-11-01T00:00:00.000Z")
            .exclude_metadata(true)
    );
    call!(
        "getChatsRoomParticipant",
        chat.get_chats_room_participant("r1", "u1@example")
    );
    call!(
        "getChatsRoomParticipants",
        chat.get_chats_room_participants("r1").notify(false)
    );
    call!("getChatsSettings", chat.get_chats_settings());
    call!(
        "getChatsThreadMessages",
        chat.get_chats_thread_messages("t1")
            .after("2026-11-01T00:00:00.000Z")
    );
    call!("getChatsUser", chat.get_chats_user("u1"));
    call!(
        "getChatsUserMessage",
        chat.get_chats_user_message("u1", "m1")
    );
    call!(
        "getChatsUserMessages",
        chat.get_chats_user_messages("u1").limit("5")
    );
    call!("getChatsUserSettings", chat.get_chats_user_settings("u1"));
    call!(
        "getChatsUsersMeSettings",
        chat.get_chats_users_me_settings()
    );
    let mut room_update = RoomUpdateRequest::new();
    room_update.subject = Some("s".to_owned());
    call!("patchChatsRoom", chat.patch_chats_room("r1", room_update));
    call!(
        "patchChatsRoomMessage",
        chat.patch_chats_room_message("r1", "m1", message())
    );
    call!("patchChatsSettings", chat.patch_chats_settings(settings()));
    call!(
        "patchChatsUserMessage",
        chat.patch_chats_user_message("u1", "m1", message())
    );
    call!(
        "patchChatsUserSettings",
        chat.patch_chats_user_settings("u1", user_settings())
    );
    call!(
        "patchChatsUsersMeSettings",
        chat.patch_chats_users_me_settings(my_settings())
    );
    call!(
        "postChatsRoomMessages",
        chat.post_chats_room_messages("r1", message())
    );
    call!(
        "postChatsRoomMessagesPins",
        chat.post_chats_room_messages_pins("r1", pins())
    );
    call!(
        "postChatsRoomParticipant",
        chat.post_chats_room_participant("r1", "u1")
    );
    let room = CreateRoomRequest::new("s".to_owned());
    call!("postChatsRooms", chat.post_chats_rooms(room));
    call!(
        "postChatsUserMessages",
        chat.post_chats_user_messages("u1", message())
    );
    call!(
        "postChatsUserMessagesPins",
        chat.post_chats_user_messages_pins("u1", pins())
    );
    let me = UserChatSettingsPost::new(true);
    call!(
        "postChatsUsersMeSettings",
        chat.post_chats_users_me_settings(me)
    );
    let reactions = ChatReactionUpdate::new(vec!["thumbsup".to_owned()]);
    call!(
        "putChatsMessageReactions",
        chat.put_chats_message_reactions("m1", reactions)
    );
    call!("putChatsSettings", chat.put_chats_settings(settings()));

    let _ = prism.child.kill().await;
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(op, r)| r.as_ref().err().map(|e| format!("{op}: {e}")))
        .collect();
    let violations: Vec<String> = prism
        .log
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.contains("Violation"))
        .cloned()
        .collect();
    let covered: Vec<&str> = results.iter().map(|(op, _)| *op).collect();
    let all: Vec<&str> = genesys_cloud_chat::operations::all()
        .map(|op| op.id)
        .collect();
    assert_eq!(covered, all, "the contract check covers every operation");
    assert!(
        failures.is_empty() && violations.is_empty(),
        "failures: {failures:#?}\nviolations: {violations:#?}"
    );
    eprintln!(
        "contract: {}/{} operations passed Prism validation, 0 violations",
        results.len(),
        all.len()
    );
}
