//! Error mapping, timeouts, and tolerance of what the spec does not promise.

mod common;

use std::time::Duration;

use common::{builder, message, server_and_client};
use genesys_cloud_chat::Error;
use genesys_cloud_chat::models::{ChatMessageResponse, Room, RoomType};
use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answer(server: &MockServer, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn api_errors_carry_status_body_and_correlation_id() {
    let (server, client) = server_and_client().await;
    let body = json!({"message": "Room r9 was not found", "code": "not.found", "status": 404, "contextId": "ctx"});
    answer(
        &server,
        ResponseTemplate::new(404)
            .insert_header("inin-correlation-id", "corr-404")
            .set_body_json(body),
    )
    .await;
    let err = client.chat().get_chats_room("r9").send().await.unwrap_err();
    let api = err.as_api().expect("an API error");
    assert_eq!(api.operation, "getChatsRoom");
    assert_eq!(api.status, 404);
    let parsed = api.body.as_ref().expect("a parsed ErrorBody");
    assert_eq!(parsed.code.as_deref(), Some("not.found"));
    // The code, to match on.
    assert_eq!(api.code(), Some("not.found"));
    assert_eq!(err.code(), Some("not.found"));
    assert!(api.is("not.found"));
    assert!(!api.is("bad.request"));
    // This spec documents no codes per operation (the platform's Swagger document does).
    assert!(
        genesys_cloud_chat::operations::GET_CHATS_ROOM
            .error_codes
            .is_empty()
    );
    assert_eq!(api.documented(), None);
    assert_eq!(api.correlation_id.as_deref(), Some("corr-404"));
    assert_eq!(api.retry.attempts, 1);
    assert_eq!(
        err.to_string(),
        "getChatsRoom: Genesys Cloud answered 404: Room r9 was not found (check the ids in the path); correlation id corr-404"
    );
}

#[tokio::test]
async fn a_403_says_a_permission_is_missing() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(403)).await;
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    assert!(err.as_api().unwrap().body.is_none());
    assert!(err.to_string().contains("lacks a permission"), "{err}");
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_a_snippet() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        ResponseTemplate::new(200)
            .insert_header("inin-correlation-id", "c1")
            .set_body_string("{\"id\": \"r1\", \"name\": "),
    )
    .await;
    let err = client.chat().get_chats_room("r1").send().await.unwrap_err();
    match &err {
        Error::Decode {
            operation,
            status,
            expected,
            snippet,
            correlation_id,
            ..
        } => {
            assert_eq!((*operation, *status), ("getChatsRoom", 200));
            // The type as a caller names it, not the private module path.
            assert_eq!(expected, "models::Room");
            assert_eq!(snippet, "{\"id\": \"r1\", \"name\": ");
            assert_eq!(correlation_id.as_deref(), Some("c1"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_empty_200_where_a_model_is_expected_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    answer(&server, ResponseTemplate::new(200)).await;
    let err = client
        .chat()
        .get_chats_message("m1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
}

#[tokio::test]
async fn a_missing_required_field_is_a_decode_error() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_json(json!({"id": "m1"})),
    )
    .await;
    let err = client
        .chat()
        .get_chats_message("m1")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("missing field"), "{err}");
}

#[tokio::test]
async fn an_unexpected_content_type_is_still_read_as_json_or_reported() {
    let (server, client) = server_and_client().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
    )
    .await;
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    match err {
        Error::Decode { snippet, .. } => assert_eq!(snippet, "<html>maintenance</html>"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn slow_answers_time_out() {
    let server = MockServer::start().await;
    answer(
        &server,
        ResponseTemplate::new(200).set_delay(Duration::from_secs(5)),
    )
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .retry(common::fast_retries().max_attempts(2))
        .build()
        .unwrap();
    let err = client.chat().get_chats_settings().send().await.unwrap_err();
    match &err {
        Error::Transport {
            attempts, source, ..
        } => {
            assert!(source.is_timeout());
            assert_eq!(*attempts, 2, "a GET that timed out is retried");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_are_kept_or_ignored() {
    let (server, client) = server_and_client().await;
    let room = json!({"id": "r1", "roomType": "broadcast", "brandNewField": {"x": 1}});
    answer(&server, ResponseTemplate::new(200).set_body_json(room)).await;
    let room: Room = client.chat().get_chats_room("r1").send().await.unwrap();
    assert_eq!(
        room.room_type,
        Some(RoomType::Unknown("broadcast".to_owned()))
    );
    // An unknown value goes back out unchanged.
    assert_eq!(
        serde_json::to_value(&room).unwrap()["roomType"],
        "broadcast"
    );
    assert_eq!(RoomType::from("oneOnOne"), RoomType::OneOnOne);
    assert_eq!(RoomType::OneOnOne.to_string(), "oneOnOne");
}

#[test]
fn absent_options_are_not_serialized_and_read_only_fields_are_optional() {
    let m: ChatMessageResponse =
        serde_json::from_value(message("m1", "2026-11-01T10:00:00.5Z")).unwrap();
    let back = serde_json::to_value(&m).unwrap();
    assert_eq!(back["dateCreated"], "2026-11-01T10:00:00.500Z");
    assert!(
        back.get("dateModified").is_none(),
        "absent fields are skipped: {back}"
    );
    let room = Room::default();
    assert_eq!(serde_json::to_value(&room).unwrap(), json!({}));
}

#[tokio::test]
async fn a_huge_malformed_body_gives_a_short_snippet() {
    let (server, client) = server_and_client().await;
    let huge = format!("{{\"entities\": [{}", "\"x\",".repeat(5_000_000));
    answer(&server, ResponseTemplate::new(200).set_body_string(huge)).await;
    let err = client
        .chat()
        .get_chats_room_messages("r1")
        .send()
        .await
        .unwrap_err();
    match &err {
        Error::Decode { snippet, .. } => assert!(snippet.len() <= 203, "{}", snippet.len()),
        other => panic!("{other:?}"),
    }
    assert!(err.to_string().len() < 1_000, "the message stays readable");
}

#[tokio::test]
async fn a_connection_reset_mid_answer_is_a_transport_error_after_retries() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    // A server that reads the request, starts an answer, and hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 4096];
            let _ = socket.read(&mut buf).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"id\":")
                .await;
            drop(socket);
        }
    });
    let client = genesys_cloud_chat::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token("t")
        .retry(common::fast_retries().max_attempts(3))
        .build()
        .unwrap();
    let err = client.chat().get_chats_room("r1").send().await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(accepted.load(std::sync::atomic::Ordering::SeqCst) >= 1);
}
