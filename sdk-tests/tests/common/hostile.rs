//! Shared pieces of the hostile-server tests: a time bound, clients aimed at a scripted server,
//! and a login service with an API on one server.

use std::future::Future;
use std::time::Duration;

use genesys_cloud_chat::{Client, ClientBuilder};

use super::raw::RawServer;

/// Fails the test if `f` takes longer than `limit`: a hostile server must not make a call hang.
pub async fn within<T>(limit: Duration, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(limit, f)
        .await
        .expect("the call did not end in time")
}

pub fn client_for(server: &RawServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .access_token("t")
        .retry(super::fast_retries())
}

/// A login service answering `token_body` on `/oauth/token`, and an API answering chat
/// settings to any token, on one server.
pub async fn login_and_api(token_body: serde_json::Value) -> RawServer {
    let token = token_body.to_string();
    RawServer::start("127.0.0.1", move |mut e| {
        let token = token.clone();
        async move {
            if e.request.target == "/oauth/token" {
                e.respond("200 OK", &[], token.as_bytes()).await;
            } else {
                e.respond("200 OK", &[], br#"{"reactionsEnabled":true}"#)
                    .await;
            }
        }
    })
    .await
}

pub fn credentials(server: &RawServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .login_base_url(server.url())
        .client_credentials("id", "secret")
        .retry(super::fast_retries())
}

pub fn token_fetches(server: &RawServer) -> usize {
    server
        .seen()
        .iter()
        .filter(|r| r.target == "/oauth/token")
        .count()
}
