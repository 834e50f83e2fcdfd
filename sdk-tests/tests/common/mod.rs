//! Shared setup: a real HTTP server on 127.0.0.1 and a client pointed at it.

#![allow(dead_code)] // Each test file uses a part.

pub mod exchange;
pub mod hostile;
pub mod raw;
pub mod ws;

use std::time::Duration;

use genesys_cloud_chat::{Client, ClientBuilder, RetryPolicy};
use wiremock::MockServer;

pub const TOKEN: &str = "test-access-token";

/// A retry policy with short waits, so retry tests run in milliseconds.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(5))
        .max_backoff(Duration::from_millis(20))
}

/// A builder aimed at `server`, with a fixed token and fast retries.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .access_token(TOKEN)
        .retry(fast_retries())
}

pub async fn server_and_client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = builder(&server).build().unwrap();
    (server, client)
}

/// A message as the API returns it.
pub fn message(id: &str, date: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "dateCreated": date,
        "toJid": "room@conference.example",
        "jid": "user@example",
        "body": format!("message {id}"),
        "thread": {"id": "thread-1"}
    })
}

/// A loopback port nothing listens on (bound, then released).
pub async fn closed_port() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}
