//! Sign a user in with PKCE through the browser, then send a 1:1 message as that user.
//!
//! ```sh
//! GENESYS_CLIENT_ID=... GENESYS_REGION=eu-central-1 CHAT_TO_USER_ID=... \
//!     cargo run --example chat_as_user
//! ```
//!
//! The OAuth client is a "Code Authorization" (PKCE) client whose redirect URI is
//! `http://127.0.0.1:8085/callback` (or the port in `GENESYS_REDIRECT_PORT`); the user needs
//! `chat:chat:access` (or `chat:1on1Message:add`).

use std::env;
use std::error::Error;
use std::time::Duration;

use genesys_cloud_chat::models::SendMessageBody;
use genesys_cloud_chat::pkce::{AuthorizeUrl, LoopbackRedirect, Verifier, new_state};
use genesys_cloud_chat::{Client, Region};

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let var =
        |name: &str| env::var(name).map_err(|_| format!("set {name} (see the top of this file)"));
    let region: Region = var("GENESYS_REGION")?.parse()?;
    let client_id = var("GENESYS_CLIENT_ID")?;
    let to_user = var("CHAT_TO_USER_ID")?;
    let port: u16 = env::var("GENESYS_REDIRECT_PORT").map_or(Ok(8085), |p| p.parse())?;

    // 1. The login page, with a PKCE challenge and a state; the answer comes back to a
    //    listener on 127.0.0.1.
    let redirect = LoopbackRedirect::bind(([127, 0, 0, 1], port)).await?;
    let (verifier, state) = (Verifier::new(), new_state());
    let url = AuthorizeUrl::new(region, &client_id, redirect.redirect_uri())
        .pkce(&verifier)
        .state(&state)
        .build()?;
    println!("Open this address to sign in:\n\n  {url}\n");
    let code = redirect
        .wait_for_code(&state, Duration::from_secs(300))
        .await?;

    // 2. A client acting as that user: the code is exchanged for tokens, which are refreshed
    //    as needed.
    let client = Client::builder()
        .region(region)
        .authorization_code_pkce(&client_id, code, redirect.redirect_uri(), &verifier)
        .build()?;

    // 3. A 1:1 message, sent by the signed-in user.
    let sent = client
        .chat()
        .post_chats_user_messages(
            &to_user,
            SendMessageBody::new("Hello from Rust, as myself".to_owned()),
        )
        .send()
        .await?;
    println!("sent message {}", sent.id);
    Ok(())
}
