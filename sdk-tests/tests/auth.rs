//! The client-credentials grant: fetch, cache, refresh, shared refresh, and 401 handling.

mod common;

use std::time::Duration;

use common::fast_retries;
use genesys_cloud_chat::{Client, Error};
use serde_json::json;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `client-id:client-secret`, base64.
const BASIC: &str = "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=";

fn credentials_client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .client_credentials("client-id", "client-secret")
        .retry(fast_retries())
        .build()
        .unwrap()
}

/// Moves the runtime's clock (which the client's token cache reads) forward by `by`, at once.
async fn skip(by: Duration) {
    tokio::time::pause();
    tokio::time::advance(by).await;
    tokio::time::resume();
}

fn token_response(token: &str, expires_in: u64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(
        json!({"access_token": token, "token_type": "bearer", "expires_in": expires_in}),
    )
}

fn token_endpoint() -> wiremock::MockBuilder {
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
}

async fn settings_with_token(server: &MockServer, token: &str) {
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/settings"))
        .and(header("authorization", format!("Bearer {token}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"reactionsEnabled": true})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn fetches_a_token_with_basic_auth_and_caches_it() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(token_response("tok-1", 3600))
        .expect(1)
        .mount(&server)
        .await;
    settings_with_token(&server, "tok-1").await;
    let client = credentials_client(&server);
    for _ in 0..3 {
        client.chat().get_chats_settings().send().await.unwrap();
    }
    // Clones share the cache too.
    client
        .clone()
        .chat()
        .get_chats_settings()
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn refreshes_the_token_before_it_expires() {
    let server = MockServer::start().await;
    // A 2-minute token is refreshed after at most 1 minute (half its life for short tokens).
    token_endpoint()
        .respond_with(token_response("short", 120))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    token_endpoint()
        .respond_with(token_response("fresh", 3600))
        .expect(1)
        .mount(&server)
        .await;
    settings_with_token(&server, "short").await;
    settings_with_token(&server, "fresh").await;
    let client = credentials_client(&server);
    client.chat().get_chats_settings().send().await.unwrap();
    skip(Duration::from_secs(61)).await;
    client.chat().get_chats_settings().send().await.unwrap();
    let tokens: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/api/v2/chats/settings")
        .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(tokens, ["Bearer short", "Bearer fresh"]);
}

#[tokio::test]
async fn concurrent_callers_share_one_token_fetch() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(token_response("shared", 3600).set_delay(Duration::from_millis(300)))
        .expect(1)
        .mount(&server)
        .await;
    settings_with_token(&server, "shared").await;
    let client = credentials_client(&server);
    let calls = (0..16).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.chat().get_chats_settings().send().await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
}

#[tokio::test]
async fn a_401_fetches_one_new_token_and_retries_once() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(token_response("revoked", 3600))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    token_endpoint()
        .respond_with(token_response("renewed", 3600))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    settings_with_token(&server, "renewed").await;
    let client = credentials_client(&server);
    client.chat().get_chats_settings().send().await.unwrap();
    let fetches = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .count();
    assert_eq!(fetches, 2);
}

#[tokio::test]
async fn a_second_401_is_returned_not_retried_forever() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(token_response("t", 3600))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401).insert_header("inin-correlation-id", "corr-401"))
        .expect(2)
        .mount(&server)
        .await;
    let err = credentials_client(&server)
        .chat()
        .get_chats_settings()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.correlation_id(), Some("corr-401"));
    assert!(
        err.to_string().contains("the access token was refused"),
        "{err}"
    );
}

#[tokio::test]
async fn a_fixed_token_is_not_refreshed_on_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    let client = common::builder(&server).build().unwrap();
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
}

#[tokio::test]
async fn a_refused_grant_is_an_auth_error_with_the_reason() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("inin-correlation-id", "corr-auth")
                .set_body_json(
                    json!({"error": "invalid_client", "error_description": "client not found"}),
                ),
        )
        .mount(&server)
        .await;
    let err = credentials_client(&server)
        .chat()
        .get_chats_settings()
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Auth {
            status,
            code,
            message,
            correlation_id,
        } => {
            assert_eq!(*status, Some(400));
            assert_eq!(code.as_deref(), Some("invalid_client"));
            assert_eq!(message, "client not found");
            assert_eq!(correlation_id.as_deref(), Some("corr-auth"));
        }
        other => panic!("not an auth error: {other:?}"),
    }
    assert!(
        err.to_string()
            .contains("check the OAuth client id and secret, and the region"),
        "{err}"
    );
}

#[tokio::test]
async fn an_unreachable_login_host_is_an_auth_error() {
    let port = common::closed_port().await;
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .login_base_url(format!("http://127.0.0.1:{port}"))
        .client_credentials("id", "secret")
        .build()
        .unwrap();
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth { status: None, .. }), "{err:?}");
}
