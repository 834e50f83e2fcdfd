//! Hostile input and secrets: path parameters stay in their segment, secrets stay out of `Debug`
//! output and logs, and plain HTTP is refused off loopback.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{TOKEN, server_and_client};
use genesys_cloud_chat::{Client, Error, Region};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

#[tokio::test]
async fn room_jid_with_slash_question_mark_and_hash_stays_one_segment() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/rooms/a%2F..%2Fsettings%3Fx%3D1%23frag"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "weird"})))
        .expect(1)
        .mount(&server)
        .await;
    let room = client
        .chat()
        .get_chats_room("a/../settings?x=1#frag")
        .send()
        .await
        .unwrap();
    assert_eq!(room.id.as_deref(), Some("weird"));
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_sending() {
    let (server, client) = server_and_client().await;
    for bad in ["..", ".", ""] {
        let err = client.chat().get_chats_room(bad).send().await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidArgument {
                    name: "roomJid",
                    ..
                }
            ),
            "{bad:?}: {err:?}"
        );
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "something was sent"
    );
}

#[tokio::test]
async fn query_values_are_encoded() {
    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .and(wiremock::matchers::query_param("limit", "1&after=2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    client
        .chat()
        .get_chats_thread_messages("t")
        .limit("1&after=2")
        .send()
        .await
        .unwrap();
    let url = server.received_requests().await.unwrap()[0].url.clone();
    assert_eq!(url.query(), Some("limit=1%26after%3D2"));
}

#[test]
fn debug_output_never_shows_secrets() {
    let builder = Client::builder().client_credentials("my-client", "super-secret-value");
    let client = builder.clone().build().unwrap();
    for text in [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(!text.contains("super-secret-value"), "{text}");
        assert!(
            text.contains("my-client"),
            "the client id helps debugging: {text}"
        );
    }
    let token_client = Client::builder()
        .access_token("tok-abcdef")
        .build()
        .unwrap();
    let text = format!("{token_client:?}");
    assert!(
        !text.contains("tok-abcdef") && text.contains("redacted"),
        "{text}"
    );
}

#[tokio::test]
async fn errors_and_logs_never_show_the_token() {
    // Capture everything the SDK logs, at the most verbose level.
    #[derive(Clone, Default)]
    struct Buffer(Arc<Mutex<Vec<u8>>>);
    impl Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let logs = Buffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let (server, client) = server_and_client().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("retrying"),
        "the retries are logged: {logged}"
    );
    assert!(
        logged.contains("getChatsSettings"),
        "the operation is in the span: {logged}"
    );
    for text in [logged, err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(TOKEN), "{text}");
    }
}

#[test]
fn plain_http_is_refused_off_loopback() {
    let err = Client::builder()
        .base_url("http://gateway.example.com")
        .access_token("t")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("allow_insecure_http"), "{err}");
    Client::builder()
        .base_url("http://gateway.example.com")
        .allow_insecure_http(true)
        .access_token("t")
        .build()
        .unwrap();
    for loopback in [
        "http://127.0.0.1:8080",
        "http://localhost:1",
        "http://[::1]:9",
    ] {
        Client::builder()
            .base_url(loopback)
            .access_token("t")
            .build()
            .unwrap();
    }
    let err = Client::builder()
        .base_url("ftp://x")
        .access_token("t")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("use https"), "{err}");
}

#[test]
fn a_client_needs_credentials() {
    let err = Client::builder().build().unwrap_err();
    assert!(err.to_string().contains("no credentials"), "{err}");
}

#[test]
fn regions_pick_api_and_login_hosts() {
    let client = Client::builder()
        .region(Region::ApNortheast2)
        .access_token("t")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.apne2.pure.cloud");
    assert_eq!(Region::ALL.len(), 18);
    assert_eq!("mypurecloud.ie".parse::<Region>().unwrap(), Region::EuWest1);
    let err = "mars-1".parse::<Region>().unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown Genesys Cloud region `mars-1`"),
        "{err}"
    );
}
