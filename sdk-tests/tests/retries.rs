//! Retries: 429 with `Retry-After`, 5xx for idempotent methods only, and the budget.

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::{builder, fast_retries, server_and_client};
use genesys_cloud_chat::models::SendMessageBody;
use genesys_cloud_chat::{Error, GaveUp, RetryPolicy};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn then_ok(server: &MockServer) {
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"reactionsEnabled": true})))
        .expect(1)
        .mount(server)
        .await;
}

async fn first(server: &MockServer, times: u64, response: ResponseTemplate) {
    Mock::given(path("/api/v2/chats/settings"))
        .respond_with(response)
        .up_to_n_times(times)
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn retries_429_after_retry_after_seconds() {
    let (server, client) = server_and_client().await;
    first(
        &server,
        1,
        ResponseTemplate::new(429).insert_header("retry-after", "1"),
    )
    .await;
    then_ok(&server).await;
    let started = Instant::now();
    client.chat().get_chats_settings().send().await.unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_secs(1),
        "did not honour Retry-After: {waited:?}"
    );
    assert!(
        waited < Duration::from_secs(3),
        "waited too long: {waited:?}"
    );
}

#[tokio::test]
async fn retries_429_after_retry_after_http_date() {
    let (server, client) = server_and_client().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    first(
        &server,
        1,
        ResponseTemplate::new(429).insert_header("retry-after", date.as_str()),
    )
    .await;
    then_ok(&server).await;
    let started = Instant::now();
    client.chat().get_chats_settings().send().await.unwrap();
    // HTTP dates have whole seconds: the wait is between 1 and 2 s.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retries_429_for_post_too() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "m1"})))
        .expect(1)
        .mount(&server)
        .await;
    let body = SendMessageBody::new("hi".to_owned());
    let sent = client
        .chat()
        .post_chats_room_messages("r1", body)
        .send()
        .await
        .unwrap();
    assert_eq!(sent.id, "m1");
}

#[tokio::test]
async fn gives_up_at_once_when_retry_after_exceeds_the_budget() {
    let server = MockServer::start().await;
    first(
        &server,
        1,
        ResponseTemplate::new(429)
            .insert_header("retry-after", "120")
            .insert_header("inin-correlation-id", "c-429"),
    )
    .await;
    let client = builder(&server)
        .retry(fast_retries().budget(Duration::from_secs(10)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "slept beyond the budget"
    );
    let api = err.as_api().expect("an API error");
    assert_eq!(api.status, 429);
    assert_eq!(api.retry.attempts, 1);
    assert_eq!(api.retry.retry_after, Some(Duration::from_secs(120)));
    assert_eq!(api.retry.gave_up, Some(GaveUp::Budget));
    assert_eq!(api.correlation_id.as_deref(), Some("c-429"));
    let text = err.to_string();
    assert!(
        text.contains("asked to wait 120s, beyond the retry budget"),
        "{text}"
    );
}

#[tokio::test]
async fn retries_503_then_succeeds_for_get() {
    let (server, client) = server_and_client().await;
    first(&server, 2, ResponseTemplate::new(503)).await;
    then_ok(&server).await;
    client.chat().get_chats_settings().send().await.unwrap();
}

#[tokio::test]
async fn retries_502_and_504_for_put() {
    let (server, client) = server_and_client().await;
    first(&server, 1, ResponseTemplate::new(502)).await;
    first(&server, 1, ResponseTemplate::new(504)).await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .chat()
        .put_chats_settings(Default::default())
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn post_is_not_retried_on_503() {
    let (server, client) = server_and_client().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let body = SendMessageBody::new("once".to_owned());
    let err = client
        .chat()
        .post_chats_room_messages("r1", body)
        .send()
        .await
        .unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(
        (api.status, api.retry.attempts, api.retry.gave_up),
        (503, 1, Some(GaveUp::NotIdempotent))
    );
}

#[tokio::test]
async fn patch_is_not_retried_on_502() {
    let (server, client) = server_and_client().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(502))
        .expect(1)
        .mount(&server)
        .await;
    let err = client
        .chat()
        .patch_chats_settings(Default::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
}

#[tokio::test]
async fn stops_after_max_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    let client = builder(&server)
        .retry(fast_retries().max_attempts(3))
        .build()
        .unwrap();
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    let api = err.as_api().unwrap();
    assert_eq!(
        (api.retry.attempts, api.retry.gave_up),
        (3, Some(GaveUp::MaxAttempts))
    );
    assert!(
        err.to_string().contains("gave up after 3 attempts"),
        "{err}"
    );
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server).retry(RetryPolicy::none()).build().unwrap();
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    assert_eq!(err.status(), Some(429));
}

#[tokio::test]
async fn connection_failures_are_retried_for_get_then_reported() {
    let port = common::closed_port().await;
    let client = genesys_cloud_chat::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token("t")
        .retry(fast_retries().max_attempts(3))
        .build()
        .unwrap();
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    match &err {
        Error::Transport {
            attempts,
            operation,
            ..
        } => assert_eq!((*attempts, *operation), (3, "getChatsSettings")),
        other => panic!("{other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("check the network and the base URL"),
        "{message}"
    );
    // The cause is named, not only "error sending request".
    assert!(
        message.to_lowercase().contains("connection refused"),
        "{message}"
    );
}

#[tokio::test]
async fn connection_failures_are_not_retried_for_post() {
    let port = common::closed_port().await;
    let client = genesys_cloud_chat::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token("t")
        .retry(fast_retries())
        .build()
        .unwrap();
    let body = SendMessageBody::new("x".to_owned());
    let err = client
        .chat()
        .post_chats_room_messages("r", body)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
}
