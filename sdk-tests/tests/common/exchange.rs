//! Expectations on one exchange with the SDK, for the per-operation tests.

use serde_json::Value;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockBuilder, MockServer, ResponseTemplate};

use super::TOKEN;

/// A request with the SDK's headers, expected exactly once (checked when the server drops).
pub fn expect(verb: &str, route: &str) -> MockBuilder {
    Mock::given(method(verb))
        .and(path(route))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
}

pub async fn answer(server: &MockServer, mock: MockBuilder, response: ResponseTemplate) {
    mock.respond_with(response).expect(1).mount(server).await;
}

pub fn json_body(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

pub fn with_body(mock: MockBuilder, body: Value) -> MockBuilder {
    mock.and(header("content-type", "application/json"))
        .and(body_json(body))
}
