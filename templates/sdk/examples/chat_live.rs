//! Live chat: subscribe to a room's messages and the signed-in user's unread badge, and print
//! them as they arrive, until Ctrl-C.
//!
//! ```sh
//! GENESYS_ACCESS_TOKEN=... GENESYS_REGION=eu-central-1 GENESYS_USER_ID=... CHAT_ROOM_ID=... \
//!     CHAT_ROOM_JID=... cargo run --example chat_live
//! ```
//!
//! The token is a user's (see the `chat_as_user` example for signing in with PKCE); the user
//! needs `chat:chat:access`. The stream answers heartbeats, rolls sockets over, renews the
//! channel and reconnects by itself; after a gap, where events may have been missed, the room's
//! history since then is read again.

use std::env;
use std::error::Error;

use futures_util::StreamExt;
use genesys_cloud_chat::notifications::Message;
use genesys_cloud_chat::topics::{self, Event};
use genesys_cloud_chat::{Client, Region};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let var =
        |name: &str| env::var(name).map_err(|_| format!("set {name} (see the top of this file)"));
    let region: Region = var("GENESYS_REGION")?.parse()?;
    let client = Client::builder()
        .region(region)
        .access_token(var("GENESYS_ACCESS_TOKEN")?)
        .build()?;

    let badge = topics::users_badges_chats(&var("GENESYS_USER_ID")?)?;
    let room = topics::detail_events_collaboratechat_group_messages(&var("CHAT_ROOM_ID")?)?;
    let room_jid = var("CHAT_ROOM_JID")?;
    // Topics of different event types, as names.
    let names = [String::from(badge), String::from(room)];
    let mut events = client.notifications().subscribe(names).await?;
    println!("listening on channel(s) {:?}", events.channels());

    while let Some(item) = events.next().await {
        match item? {
            Message::Event(Event::UsersBadgesChats { body, .. }) => {
                println!("unread: {}", body.unread_count.unwrap_or_default());
            }
            Message::Event(Event::DetailEventsCollaboratechatGroupMessages { body, .. }) => {
                let from = body
                    .from
                    .as_ref()
                    .and_then(|f| f.entity_id.as_deref())
                    .unwrap_or("?");
                println!("{from}: {}", body.body.as_deref().unwrap_or_default());
            }
            Message::Event(other) => println!("other event: {other:?}"),
            Message::Gap(gap) => {
                println!("({}; reading the room since {})", gap.reason, gap.since);
                let mut history = client
                    .chat()
                    .get_chats_room_messages(&room_jid)
                    .after(gap.since)
                    .stream();
                while let Some(message) = history.next().await {
                    let message = message?;
                    println!("{} (again): {}", message.jid, message.body);
                }
            }
            _ => {}
        }
    }
    Ok(())
}
