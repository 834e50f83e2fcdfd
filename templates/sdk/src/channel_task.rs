//! The task behind each channel of an [`EventStream`](crate::notifications::EventStream): it
//! reads the channel's socket, yields its events once each, and keeps the channel alive (see
//! the `channel` module for what it does when).

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, sleep_until};
use tokio_tungstenite::tungstenite::Message as Frame;

use crate::channel::{ChannelConfig, ChannelInfo, Gap, Message, Socket, connect, open, subscribe};
use crate::client::Client;
use crate::error::{ChannelProblem, Error, Result};
use crate::topics::Event;

/// Recently seen events, to drop those two overlapping sockets both deliver.
#[derive(Default)]
struct Seen {
    order: VecDeque<String>,
    keys: HashSet<String>,
}

impl Seen {
    const KEEP: usize = 4096;

    /// Whether `key` is new; remembers it.
    fn first(&mut self, key: String) -> bool {
        if !self.keys.insert(key.clone()) {
            return false;
        }
        self.order.push_back(key);
        if self.order.len() > Self::KEEP
            && let Some(old) = self.order.pop_front()
        {
            self.keys.remove(&old);
        }
        true
    }
}

/// What reading a socket came to.
enum Outcome {
    /// The stream was dropped.
    Closed,
    /// `v2.system.socket_closing`: open the next socket before this one goes.
    Rollover,
    /// The channel is about to expire.
    Renew,
    /// The socket is gone or silent.
    Lost(String),
    /// `v2.system.no_longer_subscribed`.
    Resubscribe,
    /// `v2.system.token_revoked`.
    Revoked,
}

/// What one message asks for.
enum Step {
    Continue,
    Stop(Outcome),
}

pub(crate) struct Channel {
    client: Client,
    config: ChannelConfig,
    info: ChannelInfo,
    topics: Vec<String>,
    tx: mpsc::Sender<Result<Message>>,
    seen: Seen,
    /// After a failed renewal, when to try again.
    retry_renewal: Option<Instant>,
    /// Sockets opened since one last delivered a message.
    failures: u32,
    /// When the last message came (heartbeats too): where a gap starts.
    last_message: std::time::SystemTime,
}

impl Channel {
    pub(crate) fn new(
        client: Client,
        config: ChannelConfig,
        info: ChannelInfo,
        topics: Vec<String>,
        tx: mpsc::Sender<Result<Message>>,
    ) -> Self {
        Self {
            client,
            config,
            info,
            topics,
            tx,
            seen: Seen::default(),
            retry_renewal: None,
            failures: 0,
            last_message: std::time::SystemTime::now(),
        }
    }

    pub(crate) async fn run(mut self, socket: Socket) {
        if let Err(problem) = self.drive(socket).await {
            let error = Error::Channel {
                channel: self.info.id.clone(),
                problem,
            };
            tracing::warn!(%error, "notification stream ends");
            let _ = self.tx.send(Err(error)).await;
        }
    }

    async fn drive(&mut self, mut socket: Socket) -> std::result::Result<(), ChannelProblem> {
        loop {
            let outcome = self.read(&mut socket).await;
            match outcome {
                Outcome::Closed => return Ok(()),
                Outcome::Revoked => return Err(ChannelProblem::TokenRevoked),
                Outcome::Rollover => {
                    tracing::info!("the service is closing the socket; opening the next one");
                    match connect(&self.info, &self.config).await {
                        Ok(next) => socket = self.overlap(socket, next).await?,
                        Err(e) => {
                            socket = self.reconnect(format!("socket closing: {e}")).await?;
                        }
                    }
                }
                Outcome::Renew => {
                    tracing::info!("the channel expires soon; renewing it");
                    match open(&self.client, &self.config, &self.topics).await {
                        Ok((info, next)) => {
                            self.info = info;
                            self.retry_renewal = None;
                            socket = self.overlap(socket, next).await?;
                        }
                        Err(e) => {
                            tracing::warn!(error = %e, "renewal failed; the channel is kept");
                            // Tried again a minute on.
                            self.retry_renewal = Some(Instant::now() + Duration::from_secs(60));
                        }
                    }
                }
                Outcome::Lost(why) => socket = self.reconnect(why).await?,
                Outcome::Resubscribe => {
                    if let Err(e) = subscribe(&self.client, &self.info.id, &self.topics).await {
                        return Err(ChannelProblem::Unreachable {
                            attempts: 1,
                            last: format!("subscribing again: {e}"),
                        });
                    }
                    if !self
                        .gap("the service dropped the subscriptions; subscribed again")
                        .await
                    {
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Reads `socket` until something needs doing.
    async fn read(&mut self, socket: &mut Socket) -> Outcome {
        let mut quiet_until = Instant::now() + self.config.heartbeat_timeout;
        let mut pinged = false;
        loop {
            let renew_at = self.renew_at();
            tokio::select! {
                frame = socket.next() => {
                    quiet_until = Instant::now() + self.config.heartbeat_timeout;
                    pinged = false;
                    match frame {
                        Some(Ok(frame)) => {
                            if let Step::Stop(outcome) = self.handle(frame).await {
                                return outcome;
                            }
                        }
                        Some(Err(e)) => return Outcome::Lost(format!("socket error: {e}")),
                        None => return Outcome::Lost("the socket closed".to_owned()),
                    }
                }
                () = sleep_until(quiet_until) => {
                    if pinged {
                        return Outcome::Lost(format!(
                            "no heartbeat for {:?} and no answer to a ping within {:?}",
                            self.config.heartbeat_timeout, self.config.pong_timeout
                        ));
                    }
                    tracing::debug!("no heartbeat; pinging");
                    let ping = Frame::text(r#"{"message":"ping"}"#);
                    if let Err(e) = socket.send(ping).await {
                        return Outcome::Lost(format!("ping failed: {e}"));
                    }
                    pinged = true;
                    quiet_until = Instant::now() + self.config.pong_timeout;
                }
                () = sleep_until(renew_at) => return Outcome::Renew,
                () = self.tx.closed() => return Outcome::Closed,
            }
        }
    }

    /// When the channel is to be renewed: `renew_before` its expiry, a second from now at the
    /// earliest (an expiry in the past must not spin).
    fn renew_at(&self) -> Instant {
        let far = Instant::now() + Duration::from_secs(365 * 24 * 3600);
        let Some(expires) = self.info.expires else {
            return far;
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        let left = Duration::from_millis(
            u64::try_from(expires.timestamp_millis().saturating_sub(now)).unwrap_or(0),
        );
        let wait = left
            .saturating_sub(self.config.renew_before)
            .max(Duration::from_secs(1));
        let at = Instant::now().checked_add(wait).unwrap_or(far);
        self.retry_renewal.map_or(at, |retry| at.max(retry))
    }

    /// One frame: heartbeats and pongs keep the socket alive, system topics are acted on,
    /// events are yielded (once, however many sockets deliver them).
    async fn handle(&mut self, frame: Frame) -> Step {
        let text = match frame {
            Frame::Text(text) => text.as_str().to_owned(),
            Frame::Binary(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            // A socket that delivers nothing is not one that works: a close ends the loss count
            // only if a message came before it.
            Frame::Close(_) => {
                return Step::Stop(Outcome::Lost("the service closed the socket".to_owned()));
            }
            // Answered by the socket itself.
            Frame::Ping(_) | Frame::Pong(_) | Frame::Frame(_) => return Step::Continue,
        };
        // The socket delivered a message: it works, the losses before it are forgiven.
        self.failures = 0;
        self.last_message = std::time::SystemTime::now();
        let value: Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(error = %e, "a notification message is not JSON; yielded as Unknown");
                return self
                    .yield_event(text.clone(), Event::parse("", Value::String(text)))
                    .await;
            }
        };
        let topic = value
            .get("topicName")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        match topic.as_str() {
            "channel.metadata" => return Step::Continue,
            "v2.system.socket_closing" => return Step::Stop(Outcome::Rollover),
            _ if topic.starts_with("v2.system.token_revoked") => {
                return Step::Stop(Outcome::Revoked);
            }
            _ if topic.starts_with("v2.system.no_longer_subscribed") => {
                return Step::Stop(Outcome::Resubscribe);
            }
            _ => {}
        }
        // The same event on two sockets carries the same correlation id.
        let key = value
            .pointer("/metadata/CorrelationId")
            .and_then(Value::as_str)
            .map_or_else(|| text.clone(), |id| format!("{topic}\u{0}{id}"));
        let body = value.get("eventBody").cloned().unwrap_or(Value::Null);
        self.yield_event(key, Event::parse(&topic, body)).await
    }

    async fn yield_event(&mut self, key: String, event: Event) -> Step {
        if !self.seen.first(key) {
            return Step::Continue;
        }
        match self.tx.send(Ok(Message::Event(event))).await {
            Ok(()) => Step::Continue,
            Err(_) => Step::Stop(Outcome::Closed),
        }
    }

    /// Reads `old` and `next` side by side until `old` ends or the grace runs out; goes on
    /// with `next`. What `next` asks for meanwhile is done after.
    async fn overlap(
        &mut self,
        mut old: Socket,
        mut next: Socket,
    ) -> std::result::Result<Socket, ChannelProblem> {
        let until = Instant::now() + self.config.rollover_grace;
        let mut old_open = true;
        let mut pending = None;
        while old_open && pending.is_none() {
            tokio::select! {
                frame = old.next() => match frame {
                    Some(Ok(frame)) => {
                        // The old socket's system messages are about the old socket, but a
                        // revoked token is the channel's.
                        match self.handle(frame).await {
                            Step::Stop(Outcome::Closed) => return Ok(next),
                            Step::Stop(Outcome::Revoked) => pending = Some(Outcome::Revoked),
                            _ => {}
                        }
                    }
                    _ => old_open = false,
                },
                frame = next.next() => match frame {
                    Some(Ok(frame)) => if let Step::Stop(outcome) = self.handle(frame).await {
                        pending = Some(outcome);
                    },
                    Some(Err(e)) => pending = Some(Outcome::Lost(format!("socket error: {e}"))),
                    None => pending = Some(Outcome::Lost("the socket closed".to_owned())),
                },
                () = sleep_until(until) => old_open = false,
            }
        }
        let _ = old.close(None).await;
        match pending {
            None | Some(Outcome::Rollover | Outcome::Renew) => Ok(next),
            Some(Outcome::Closed) => Ok(next),
            Some(Outcome::Revoked) => Err(ChannelProblem::TokenRevoked),
            Some(Outcome::Lost(why)) => self.reconnect(why).await,
            Some(Outcome::Resubscribe) => {
                subscribe(&self.client, &self.info.id, &self.topics)
                    .await
                    .map_err(|e| ChannelProblem::Unreachable {
                        attempts: 1,
                        last: format!("subscribing again: {e}"),
                    })?;
                self.gap("the service dropped the subscriptions; subscribed again")
                    .await;
                Ok(next)
            }
        }
    }

    /// A new socket after a loss: on the same channel, else on a new one with the same topics;
    /// with backoff. Attempts count until a socket delivers a message, so a service that
    /// accepts sockets and drops them at once ends the stream too, after `reconnect_attempts`.
    /// Yields a [`Gap`].
    async fn reconnect(&mut self, why: String) -> std::result::Result<Socket, ChannelProblem> {
        tracing::warn!(reason = %why, "notification socket lost; opening a new one");
        let mut last = why.clone();
        loop {
            if self.failures >= self.config.reconnect_attempts {
                return Err(ChannelProblem::Unreachable {
                    attempts: self.failures,
                    last,
                });
            }
            if self.failures > 0 {
                let wait = Duration::from_millis(250u64 << self.failures.min(6));
                sleep(wait.min(Duration::from_secs(10))).await;
            }
            self.failures += 1;
            let socket = match connect(&self.info, &self.config).await {
                Ok(socket) => Ok(socket),
                // The channel may be gone: a new one, with the same topics.
                Err(ChannelProblem::Unreachable { last: e, .. }) => {
                    match open(&self.client, &self.config, &self.topics).await {
                        Ok((info, socket)) => {
                            self.info = info;
                            Ok(socket)
                        }
                        Err(e2 @ Error::TopicsRejected(_)) => {
                            return Err(ChannelProblem::Unreachable {
                                attempts: self.failures,
                                last: e2.to_string(),
                            });
                        }
                        Err(e2) => Err(format!("{e}; a new channel: {e2}")),
                    }
                }
                Err(problem) => return Err(problem),
            };
            match socket {
                Ok(socket) => {
                    if !self.gap(&format!("the socket was replaced ({why})")).await {
                        return Err(ChannelProblem::Unreachable {
                            attempts: self.failures,
                            last: "the stream was dropped".to_owned(),
                        });
                    }
                    return Ok(socket);
                }
                Err(e) => last = e,
            }
        }
    }

    /// Yields a [`Gap`]; `false` when the stream was dropped.
    async fn gap(&mut self, reason: &str) -> bool {
        let since = self.last_message - Duration::from_secs(5);
        let gap = Gap {
            channel: self.info.id.clone(),
            topics: self.topics.clone(),
            reason: reason.to_owned(),
            since: since.into(),
        };
        self.tx.send(Ok(Message::Gap(gap))).await.is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::Seen;

    #[test]
    fn seen_remembers_the_last_keys() {
        let mut seen = Seen::default();
        assert!(seen.first("a".to_owned()));
        assert!(!seen.first("a".to_owned()));
        for i in 0..Seen::KEEP {
            seen.first(i.to_string());
        }
        assert!(seen.first("a".to_owned()), "forgotten after KEEP others");
        assert_eq!(seen.order.len(), Seen::KEEP);
    }
}
