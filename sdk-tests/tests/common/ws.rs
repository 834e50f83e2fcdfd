//! A scripted notification service on loopback: the REST half on wiremock (channels and
//! subscriptions), the WebSocket half on a listener whose every connection runs a script.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::Message;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// One accepted socket, as the script sees it.
pub struct Conn {
    /// 0 for the first socket the client opened, 1 for the next, ...
    pub index: usize,
    /// The path the client asked for: `/channels/c1`.
    pub path: String,
    pub ws: WebSocketStream<TcpStream>,
    /// Text frames the client sent, shared with the test.
    pub received: Arc<Mutex<Vec<String>>>,
}

impl Conn {
    pub async fn send(&mut self, message: Value) {
        let _ = self.ws.send(Message::text(message.to_string())).await;
    }

    pub async fn send_raw(&mut self, text: &str) {
        let _ = self.ws.send(Message::text(text.to_owned())).await;
    }

    /// Reads the client's frames for `duration`, recording text ones; `false` if it closed.
    pub async fn listen(&mut self, duration: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + duration;
        loop {
            match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return true,
                Ok(Some(Ok(Message::Text(t)))) => {
                    self.received.lock().unwrap().push(t.as_str().to_owned());
                }
                Ok(Some(Ok(_))) => {}
                Ok(_) => return false,
            }
        }
    }
}

pub struct WsServer {
    pub port: u16,
    pub accepted: Arc<AtomicUsize>,
    pub received: Arc<Mutex<Vec<String>>>,
}

impl WsServer {
    /// Accepts sockets on 127.0.0.1 and runs `script` on each.
    pub async fn start<F, Fut>(script: F) -> Self
    where
        F: Fn(Conn) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        Self::start_n(usize::MAX, script).await
    }

    /// As [`WsServer::start`], for `limit` sockets; later handshakes get a 404, as the service
    /// answers for a channel that is gone.
    pub async fn start_n<F, Fut>(limit: usize, script: F) -> Self
    where
        F: Fn(Conn) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(AtomicUsize::new(0));
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(script);
        let (count, seen) = (accepted.clone(), received.clone());
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let index = count.fetch_add(1, Ordering::SeqCst);
                if index >= limit {
                    tokio::spawn(refuse(tcp));
                    continue;
                }
                let (script, seen) = (script.clone(), seen.clone());
                tokio::spawn(serve(tcp, index, script, seen));
            }
        });
        Self {
            port,
            accepted,
            received,
        }
    }

    pub fn uri(&self, channel: &str) -> String {
        format!("ws://127.0.0.1:{}/channels/{channel}", self.port)
    }

    pub fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }
}

/// Answers the handshake with a 404.
async fn refuse(tcp: TcpStream) {
    #[allow(clippy::result_large_err)]
    let callback = |_: &tokio_tungstenite::tungstenite::handshake::server::Request, _| {
        let mut response = tokio_tungstenite::tungstenite::handshake::server::ErrorResponse::new(
            Some("no such channel".to_owned()),
        );
        *response.status_mut() = http::StatusCode::NOT_FOUND;
        Err(response)
    };
    let _ = tokio_tungstenite::accept_hdr_async(tcp, callback).await;
}

/// Completes the handshake of socket `index` and runs `script` on it.
async fn serve<F, Fut>(tcp: TcpStream, index: usize, script: Arc<F>, seen: Arc<Mutex<Vec<String>>>)
where
    F: Fn(Conn) -> Fut,
    Fut: Future<Output = ()>,
{
    let path = Arc::new(Mutex::new(String::new()));
    let p = path.clone();
    // The handshake callback's error type is tungstenite's, whatever its size.
    #[allow(clippy::result_large_err)]
    let callback = move |req: &tokio_tungstenite::tungstenite::handshake::server::Request, resp| {
        *p.lock().unwrap() = req.uri().path().to_owned();
        Ok(resp)
    };
    let Ok(ws) = tokio_tungstenite::accept_hdr_async(tcp, callback).await else {
        return;
    };
    let path = path.lock().unwrap().clone();
    script(Conn {
        index,
        path,
        ws,
        received: seen,
    })
    .await;
}

/// `POST /api/v2/notifications/channels` answering `channels` in turn (`(id, connectUri,
/// expires)`), the last one again when they run out; every subscription permitted.
pub async fn rest(server: &MockServer, channels: Vec<(String, String, String)>) {
    let next = Arc::new(AtomicUsize::new(0));
    Mock::given(method("POST"))
        .and(path("/api/v2/notifications/channels"))
        .respond_with(move |_: &Request| {
            let i = next.fetch_add(1, Ordering::SeqCst).min(channels.len() - 1);
            let (id, uri, expires) = &channels[i];
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": id, "connectUri": uri, "expires": expires}))
        })
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path_regex(
            "^/api/v2/notifications/channels/[^/]+/subscriptions$",
        ))
        .respond_with(|req: &Request| {
            let topics: Vec<Value> = serde_json::from_slice(&req.body).unwrap();
            let entities: Vec<Value> = topics
                .iter()
                .map(|t| json!({"id": t["id"], "state": "Permitted"}))
                .collect();
            ResponseTemplate::new(200).set_body_json(json!({ "entities": entities }))
        })
        .mount(server)
        .await;
}

/// A channel that expires in a day.
pub fn channel(id: &str, uri: String) -> (String, String, String) {
    (id.to_owned(), uri, "2099-01-01T00:00:00Z".to_owned())
}

/// A notification message.
pub fn event(topic: &str, body: Value, correlation: &str) -> Value {
    json!({"topicName": topic, "eventBody": body, "metadata": {"CorrelationId": correlation}})
}

pub fn heartbeat() -> Value {
    json!({"topicName": "channel.metadata", "eventBody": {"message": "WebSocket Heartbeat"}})
}

/// The requests wiremock saw with `verb` on a path ending in `suffix`.
pub async fn requests(server: &MockServer, verb: &str, suffix: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r.method.as_str() == verb && r.url.path().ends_with(suffix))
        .collect()
}
