//! Create a room, send a message to it, and read the room's history as a stream.
//!
//! ```sh
//! GENESYS_CLIENT_ID=... GENESYS_CLIENT_SECRET=... GENESYS_REGION=eu-central-1 \
//!     cargo run --example chat_tour
//! ```
//!
//! The OAuth client needs the `chat:chat:access` permission (or the finer `chat:room:add`,
//! `chat:roomMessage:add` and `chat:room:view`).

use std::env;
use std::error::Error;

use futures_util::StreamExt;
use genesys_cloud_chat::models::{CreateRoomRequest, SendMessageBody};
use genesys_cloud_chat::{Client, Region};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let var =
        |name: &str| env::var(name).map_err(|_| format!("set {name} (see the top of this file)"));
    let region: Region = var("GENESYS_REGION")?.parse()?;
    let client = Client::builder()
        .region(region)
        .client_credentials(var("GENESYS_CLIENT_ID")?, var("GENESYS_CLIENT_SECRET")?)
        .build()?;
    let chat = client.chat();

    // Models are `non_exhaustive`: built with `new` (the fields they must carry), then set.
    let mut request = CreateRoomRequest::new("SDK tour".to_owned());
    request.description = Some("Created by the genesys-cloud-chat example".to_owned());
    let room = chat.post_chats_rooms(request).send().await?;
    println!("created room {}", room.jid);

    let sent = chat
        .post_chats_room_messages(
            &room.jid,
            SendMessageBody::new("Hello from Rust".to_owned()),
        )
        .send()
        .await?;
    println!("sent message {}", sent.id);

    let mut history = chat.get_chats_room_messages(&room.jid).limit("50").stream();
    while let Some(message) = history.next().await {
        let message = message?;
        println!("{} {}: {}", message.date_created, message.id, message.body);
    }
    Ok(())
}
