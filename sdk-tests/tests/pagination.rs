//! History streams follow the date cursors until the history is exhausted.

mod common;

use common::{message, server_and_client};
use futures_util::StreamExt;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

async fn page(server: &MockServer, mock: MockBuilder, entities: Vec<Value>) {
    mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({ "entities": entities })))
        .expect(1)
        .mount(server)
        .await;
}

fn room_messages() -> MockBuilder {
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/rooms/r1/messages"))
        .and(query_param("limit", "2"))
}

#[tokio::test]
async fn room_history_streams_backwards_across_three_pages() {
    let (server, client) = server_and_client().await;
    page(
        &server,
        room_messages().and(query_param_is_missing("before")),
        vec![
            message("m6", "2026-11-01T10:06:00Z"),
            message("m5", "2026-11-01T10:05:00Z"),
        ],
    )
    .await;
    page(
        &server,
        room_messages().and(query_param("before", "2026-11-01T10:05:00.000Z")),
        // The cutoff is inclusive here: m5 comes again and is not yielded twice.
        vec![
            message("m5", "2026-11-01T10:05:00Z"),
            message("m4", "2026-11-01T10:04:00Z"),
            message("m3", "2026-11-01T10:03:00Z"),
        ],
    )
    .await;
    page(
        &server,
        room_messages().and(query_param("before", "2026-11-01T10:03:00.000Z")),
        vec![
            message("m2", "2026-11-01T10:02:00Z"),
            message("m1", "2026-11-01T10:01:00Z"),
        ],
    )
    .await;
    page(
        &server,
        room_messages().and(query_param("before", "2026-11-01T10:01:00.000Z")),
        vec![],
    )
    .await;

    let ids: Vec<String> = client
        .chat()
        .get_chats_room_messages("r1")
        .limit("2")
        .stream()
        .map(|m| m.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["m6", "m5", "m4", "m3", "m2", "m1"]);
}

#[tokio::test]
async fn thread_history_streams_forwards_from_after() {
    let (server, client) = server_and_client().await;
    let thread = || {
        Mock::given(method("GET"))
            .and(path("/api/v2/chats/threads/t1/messages"))
            .and(query_param_is_missing("before"))
    };
    page(
        &server,
        thread().and(query_param("after", "2026-11-01T00:00:00Z")),
        vec![
            message("a", "2026-11-01T10:00:00Z"),
            message("b", "2026-11-01T11:00:00Z"),
        ],
    )
    .await;
    page(
        &server,
        thread().and(query_param("after", "2026-11-01T11:00:00.000Z")),
        vec![message("c", "2026-11-01T12:00:00Z")],
    )
    .await;
    page(
        &server,
        thread().and(query_param("after", "2026-11-01T12:00:00.000Z")),
        vec![],
    )
    .await;
    let ids: Vec<String> = client
        .chat()
        .get_chats_thread_messages("t1")
        .after("2026-11-01T00:00:00Z")
        .stream()
        .map(|m| m.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c"]);
}

#[tokio::test]
async fn a_failed_page_ends_the_stream_with_its_error() {
    let (server, client) = server_and_client().await;
    let room = || Mock::given(method("GET")).and(path("/api/v2/chats/rooms/r1/messages"));
    page(
        &server,
        room().and(query_param_is_missing("before")),
        vec![message("m2", "2026-11-01T10:02:00Z")],
    )
    .await;
    room()
        .and(query_param("before", "2026-11-01T10:02:00.000Z"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let items: Vec<_> = client
        .chat()
        .get_chats_room_messages("r1")
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().id, "m2");
    assert_eq!(items[1].as_ref().unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn a_page_with_nothing_new_ends_the_stream() {
    let (server, client) = server_and_client().await;
    // A server that ignores the cursor would loop forever without the repeat check.
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"entities": [message("m1", "2026-11-01T10:00:00Z")]})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let items: Vec<_> = client
        .chat()
        .get_chats_room_messages("r1")
        .stream()
        .collect()
        .await;
    assert_eq!(items.len(), 1);
}
