//! Real-time events: notification channels over WebSocket, and a stream of typed events that
//! survives what the service does to a socket.
//!
//! `client.notifications().subscribe(topics).await?` makes a channel
//! (`POST /api/v2/notifications/channels`) per 1,000 topics, subscribes them
//! (`PUT .../subscriptions`, a rejected topic is [`Error::TopicsRejected`] and nothing is
//! subscribed), opens each channel's socket, and returns an [`EventStream`]. Behind it, one task
//! per channel:
//! - answers the service's heartbeats: when none comes within
//!   [`ChannelConfig::heartbeat_timeout`], it pings; without an answer within
//!   [`ChannelConfig::pong_timeout`], it opens a new socket;
//! - on `v2.system.socket_closing`, opens the new socket *before* the old one closes, reads
//!   both for a while ([`ChannelConfig::rollover_grace`]) and drops the events seen on both;
//! - renews the channel before it expires (channels last 24 h): a new channel, the same topics,
//!   its socket open before the old one is dropped;
//! - on a lost socket, opens a new one on the same channel (on a new one once the service says
//!   the channel is gone), with jittered backoff, up to [`ChannelConfig::reconnect_attempts`]
//!   sockets in a row that fail or do not last, and yields a [`Gap`]: events may have been missed
//!   in between; the same after `v2.system.no_longer_subscribed`, once resubscribed;
//! - ends the stream with [`ChannelProblem::TokenRevoked`] on `v2.system.token_revoked`.
//!
//! The REST calls go through the client (its auth, refresh on 401, retries, limits). The socket
//! must be `wss://` (plain `ws://` on loopback only), its messages are bounded
//! ([`ChannelConfig::max_message_bytes`]), and what it sends that is not a known event is
//! `Event::Unknown`, never a panic. Dropping the stream stops its tasks.

use std::collections::HashSet;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use serde::Deserialize;
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use tracing::Instrument;

use crate::channel_task::Channel;
use crate::client::Client;
use crate::error::{ChannelProblem, Error, Result, TopicRejection};
use crate::operation::{Method, Operation, OperationParts, Permissions};
use crate::options::RequestOptions;
use crate::request::Request;
use crate::topics::Event;

/// Topics one channel carries at most (the service's limit).
pub const MAX_TOPICS_PER_CHANNEL: usize = 1000;
/// Channels one user or OAuth client has at most (the service's limit).
pub const MAX_CHANNELS: usize = 20;

const CREATE: Operation = Operation::new(OperationParts {
    id: "postNotificationsChannels",
    tag: "Notifications",
    method: Method::Post,
    path: "/api/v2/notifications/channels",
    permissions: Permissions::None,
    error_codes: &[],
    preview: false,
    deprecated: false,
});

const SUBSCRIBE: Operation = Operation::new(OperationParts {
    id: "putNotificationsChannelSubscriptions",
    tag: "Notifications",
    method: Method::Put,
    path: "/api/v2/notifications/channels/{channelId}/subscriptions",
    permissions: Permissions::None,
    error_codes: &[],
    preview: false,
    deprecated: false,
});

/// How a notification stream watches and renews its channels.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ChannelConfig {
    /// Silence after which the socket is pinged (the service beats every 30 s). Default 75 s.
    pub heartbeat_timeout: Duration,
    /// How long the ping's answer may take before the socket is replaced. Default 10 s.
    pub pong_timeout: Duration,
    /// How long before a channel expires it is replaced by a new one. Default 30 min.
    pub renew_before: Duration,
    /// Failed attempts in a row to open a socket before the stream ends. Default 5.
    pub reconnect_attempts: u32,
    /// How long an old socket is still read once its replacement is open. Default 30 s.
    pub rollover_grace: Duration,
    /// The largest message a socket may send. Default 8 MiB.
    pub max_message_bytes: usize,
    /// Events held for a slow reader before the channel waits for it. Default 1,024.
    pub buffer: usize,
}

impl Default for ChannelConfig {
    fn default() -> Self {
        Self {
            heartbeat_timeout: Duration::from_secs(75),
            pong_timeout: Duration::from_secs(10),
            renew_before: Duration::from_secs(30 * 60),
            reconnect_attempts: 5,
            rollover_grace: Duration::from_secs(30),
            max_message_bytes: 8 << 20,
            buffer: 1024,
        }
    }
}

/// What a notification stream yields.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Message {
    /// An event, read into its topic's variant.
    Event(Event),
    /// The channel's socket was replaced after a loss, or its topics subscribed again: events
    /// may have been missed since [`Gap::since`]. Re-read what matters: a room's history with
    /// `get_chats_room_messages(room_jid).after(gap.since).stream()`.
    Gap(Gap),
}

/// Events may have been missed on a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Gap {
    /// The channel the events resume on.
    pub channel: String,
    /// The topics of the channel: the events that may have been missed are theirs.
    pub topics: Vec<String>,
    /// What happened.
    pub reason: String,
    /// From when events may be missing: the last message the channel received, 5 s earlier
    /// for clock skew. A cursor for re-reading history:
    /// `client.chat().get_chats_room_messages(room_jid).after(gap.since).stream()`.
    pub since: chrono::DateTime<chrono::Utc>,
}

/// The notification channels of a client: `client.notifications()`.
#[derive(Debug, Clone)]
pub struct Notifications {
    client: Client,
    config: ChannelConfig,
}

impl Client {
    /// The notification channels: real-time events for `topics`.
    pub fn notifications(&self) -> Notifications {
        Notifications {
            client: self.clone(),
            config: ChannelConfig::default(),
        }
    }
}

impl Notifications {
    /// How the stream watches and renews its channels.
    pub fn config(mut self, config: ChannelConfig) -> Self {
        self.config = config;
        self
    }

    /// Subscribes `topics` (the `topics` module's constructors, or names) on as many channels
    /// as they need, 1,000 topics each, and streams their events. More topics than
    /// [`MAX_CHANNELS`] channels carry is [`Error::InvalidArgument`]; a topic the service
    /// rejects is [`Error::TopicsRejected`]; in both cases nothing is left subscribed.
    pub async fn subscribe<I>(&self, topics: I) -> Result<EventStream>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let mut seen = HashSet::new();
        let topics: Vec<String> = topics
            .into_iter()
            .map(Into::into)
            .filter(|t| seen.insert(t.clone()))
            .collect();
        if topics.is_empty() || topics.len() > MAX_TOPICS_PER_CHANNEL * MAX_CHANNELS {
            return Err(Error::InvalidArgument {
                name: "topics",
                reason: format!(
                    "{} topics: a subscription needs at least one, and {MAX_CHANNELS} channels of \
                     {MAX_TOPICS_PER_CHANNEL} carry at most {}",
                    topics.len(),
                    MAX_TOPICS_PER_CHANNEL * MAX_CHANNELS
                ),
            });
        }
        let mut opened: Vec<(ChannelInfo, Socket, Vec<String>)> = Vec::new();
        for chunk in topics.chunks(MAX_TOPICS_PER_CHANNEL) {
            match open(&self.client, &self.config, chunk).await {
                Ok((info, socket)) => opened.push((info, socket, chunk.to_vec())),
                Err(e) => {
                    // Nothing is left subscribed: the channels made so far are emptied.
                    for (info, ..) in &opened {
                        unsubscribe(&self.client, &info.id).await;
                    }
                    return Err(e);
                }
            }
        }
        let (tx, rx) = mpsc::channel(self.config.buffer.max(1));
        let mut channels = Vec::new();
        let mut tasks = Vec::new();
        for (info, socket, topics) in opened {
            channels.push(info.id.clone());
            let span = tracing::info_span!("notification_channel", channel = %info.id);
            let channel = Channel::new(
                self.client.clone(),
                self.config.clone(),
                info,
                topics,
                tx.clone(),
            );
            tasks.push(tokio::spawn(channel.run(socket).instrument(span)).abort_handle());
        }
        Ok(EventStream {
            rx,
            channels,
            tasks,
            ended: false,
        })
    }
}

/// The events of a subscription: `Stream<Item = Result<Message>>`, `Send + 'static`. It ends
/// after its first error (whatever its other channels do), or when every channel ended;
/// dropping it stops its channels' tasks.
#[derive(Debug)]
pub struct EventStream {
    rx: mpsc::Receiver<Result<Message>>,
    channels: Vec<String>,
    tasks: Vec<tokio::task::AbortHandle>,
    /// An error was yielded: the stream has ended, whatever the other channels do.
    ended: bool,
}

impl EventStream {
    /// The ids of the channels the stream started on.
    pub fn channels(&self) -> &[String] {
        &self.channels
    }
}

impl futures_core::Stream for EventStream {
    type Item = Result<Message>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.ended {
            return Poll::Ready(None);
        }
        let item = self.rx.poll_recv(cx);
        if let Poll::Ready(Some(Err(_))) = &item {
            self.ended = true;
            for task in &self.tasks {
                task.abort();
            }
        }
        item
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ChannelInfo {
    pub(crate) id: String,
    connect_uri: String,
    pub(crate) expires: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Deserialize)]
struct TopicListing {
    #[serde(default)]
    entities: Vec<TopicState>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TopicState {
    id: String,
    state: Option<String>,
    rejection_reason: Option<String>,
    #[serde(default)]
    missing_permissions: Vec<String>,
}

/// A new channel with `topics` subscribed, and its socket.
pub(crate) async fn open(
    client: &Client,
    config: &ChannelConfig,
    topics: &[String],
) -> Result<(ChannelInfo, Socket)> {
    let info = make(client, topics).await?;
    match connect(&info, config).await {
        Ok(socket) => Ok((info, socket)),
        Err(e) => {
            unsubscribe(client, &info.id).await;
            Err(Error::Channel {
                channel: info.id.clone(),
                problem: e.problem,
            })
        }
    }
}

/// A new channel with `topics` subscribed. When the service rejects some, the others are
/// unsubscribed again: nothing is left subscribed.
pub(crate) async fn make(client: &Client, topics: &[String]) -> Result<ChannelInfo> {
    let request = Request::new(&CREATE, RequestOptions::default());
    let info: ChannelInfo = client.send_json(request).await?.into_body();
    if let Err(e) = subscribe(client, &info.id, topics).await {
        unsubscribe(client, &info.id).await;
        return Err(e);
    }
    Ok(info)
}

/// Best effort: the channel's topics unsubscribed (a channel itself cannot be deleted; the
/// service drops it when it expires or has had no socket for a while).
pub(crate) async fn unsubscribe(client: &Client, id: &str) {
    if let Err(e) = subscribe(client, id, &[]).await {
        tracing::debug!(channel = id, error = %e, "unsubscribing failed");
    }
}

/// Subscribes `topics` on channel `id`, replacing what it had.
pub(crate) async fn subscribe(client: &Client, id: &str, topics: &[String]) -> Result<()> {
    #[derive(serde::Serialize)]
    struct Id<'a> {
        id: &'a str,
    }
    let body: Vec<Id<'_>> = topics.iter().map(|t| Id { id: t }).collect();
    let mut request = Request::new(&SUBSCRIBE, RequestOptions::default());
    request.path_param("channelId", &id);
    request.json("body", &body);
    let listing: TopicListing = client.send_json(request).await?.into_body();
    let rejected: Vec<TopicRejection> = listing
        .entities
        .into_iter()
        .filter(|t| t.state.as_deref() == Some("Rejected"))
        .map(|t| TopicRejection {
            topic: t.id,
            reason: t.rejection_reason,
            missing_permissions: t.missing_permissions,
        })
        .collect();
    if rejected.is_empty() {
        Ok(())
    } else {
        Err(Error::TopicsRejected(rejected))
    }
}

/// Why a socket did not open.
pub(crate) struct ConnectError {
    pub(crate) problem: ChannelProblem,
    /// The service refused the handshake with a 4xx: the channel is gone, a new one is needed.
    pub(crate) gone: bool,
}

impl From<ChannelProblem> for ConnectError {
    fn from(problem: ChannelProblem) -> Self {
        Self {
            problem,
            gone: false,
        }
    }
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.problem.fmt(f)
    }
}

/// Opens the channel's socket: `wss://`, or `ws://` on loopback.
pub(crate) async fn connect(
    info: &ChannelInfo,
    config: &ChannelConfig,
) -> std::result::Result<Socket, ConnectError> {
    let uri = &info.connect_uri;
    let parsed = url::Url::parse(uri).map_err(|_| ChannelProblem::InsecureUri(redact(uri)))?;
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    let connector = match parsed.scheme() {
        "wss" => Connector::Rustls(tls_config().map_err(|e| ChannelProblem::Unreachable {
            attempts: 1,
            last: e,
        })?),
        "ws" if loopback => Connector::Plain,
        _ => return Err(ChannelProblem::InsecureUri(redact(uri)).into()),
    };
    let ws_config = WebSocketConfig::default()
        .max_message_size(Some(config.max_message_bytes))
        .max_frame_size(Some(config.max_message_bytes));
    let attempt = tokio_tungstenite::connect_async_tls_with_config(
        uri.as_str(),
        Some(ws_config),
        true,
        Some(connector),
    );
    match timeout(Duration::from_secs(30), attempt).await {
        Ok(Ok((socket, _))) => {
            tracing::debug!(uri = %redact(uri), "notification socket open");
            Ok(socket)
        }
        Ok(Err(e)) => {
            let gone = matches!(
                &e,
                tokio_tungstenite::tungstenite::Error::Http(response)
                    if response.status().is_client_error()
            );
            Err(ConnectError {
                problem: ChannelProblem::Unreachable {
                    attempts: 1,
                    last: e.to_string(),
                },
                gone,
            })
        }
        Err(_) => Err(ChannelProblem::Unreachable {
            attempts: 1,
            last: "no WebSocket handshake within 30 s".to_owned(),
        }
        .into()),
    }
}

/// The socket's address without its query (where a token could be), for logs and errors.
fn redact(uri: &str) -> String {
    match uri.split_once('?') {
        Some((base, _)) => format!("{base}?<redacted>"),
        None => uri.to_owned(),
    }
}

/// rustls with the platform's verifier and the aws-lc-rs provider, as reqwest has them.
fn tls_config() -> std::result::Result<Arc<rustls::ClientConfig>, String> {
    static CONFIG: OnceLock<std::result::Result<Arc<rustls::ClientConfig>, String>> =
        OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
                .map_err(|e| format!("TLS verifier: {e}"))?;
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| format!("TLS versions: {e}"))?
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth();
            Ok(Arc::new(config))
        })
        .clone()
}

#[cfg(test)]
mod tests {
    use super::{redact, tls_config};

    #[test]
    fn query_strings_are_redacted_and_tls_builds() {
        assert_eq!(redact("wss://h/c/1?token=x"), "wss://h/c/1?<redacted>");
        assert_eq!(redact("wss://h/c/1"), "wss://h/c/1");
        assert!(tls_config().is_ok());
    }
}
