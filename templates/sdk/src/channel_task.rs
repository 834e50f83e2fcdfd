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

use crate::channel::{
    ChannelConfig, ChannelInfo, Gap, Message, Socket, connect, make, subscribe, unsubscribe,
};
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
    /// Sockets opened in a row that did not last: reset when the socket being replaced had
    /// lived `heartbeat_timeout` or more.
    failures: u32,
    /// When the current socket opened.
    opened_at: Instant,
    /// When the last message came (heartbeats too): where a gap starts.
    last_message: std::time::SystemTime,
    /// A channel made and subscribed whose socket did not open: used next, not leaked.
    spare: Option<ChannelInfo>,
    /// Something a rollover's new socket asked for while both were read: done next.
    pending: Option<Outcome>,
    /// Until when events are checked for duplicates (two sockets overlapping, and a while).
    dedupe_until: Option<Instant>,
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
            opened_at: Instant::now(),
            last_message: std::time::SystemTime::now(),
            spare: None,
            pending: None,
            dedupe_until: None,
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
                        Ok(next) => socket = self.overlap(socket, next, true).await?,
                        Err(e) => {
                            socket = self.reconnect(format!("socket closing: {e}")).await?;
                        }
                    }
                }
                Outcome::Renew => {
                    tracing::info!("the channel expires soon; renewing it");
                    match self.renewal().await {
                        Ok((info, next)) => {
                            let old = std::mem::replace(&mut self.info, info);
                            self.retry_renewal = None;
                            socket = self.overlap(socket, next, false).await?;
                            unsubscribe(&self.client, &old.id).await;
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

    /// The next channel: the spare one if a renewal made it before, else a new one; and its
    /// socket. A channel whose socket does not open is kept as the spare.
    async fn renewal(&mut self) -> std::result::Result<(ChannelInfo, Socket), String> {
        let info = match self.spare.take() {
            Some(info) => info,
            None => make(&self.client, &self.topics)
                .await
                .map_err(|e| e.to_string())?,
        };
        match connect(&info, &self.config).await {
            Ok(socket) => Ok((info, socket)),
            Err(e) => {
                if !e.gone {
                    self.spare = Some(info);
                }
                Err(e.to_string())
            }
        }
    }

    /// Reads `socket` until something needs doing.
    async fn read(&mut self, socket: &mut Socket) -> Outcome {
        if let Some(outcome) = self.pending.take() {
            return outcome;
        }
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
        let Some(topic) = value.get("topicName").and_then(Value::as_str) else {
            // JSON, but not a notification: kept whole.
            return self.yield_event(text, Event::parse("", value)).await;
        };
        let topic = topic.to_owned();
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
        let body = value.get("eventBody").cloned().unwrap_or(Value::Null);
        // The same event on two sockets: the same topic, correlation id and body.
        let key = match value
            .pointer("/metadata/CorrelationId")
            .and_then(Value::as_str)
        {
            Some(id) => format!("{topic}\u{0}{id}\u{0}{body}"),
            None => text.clone(),
        };
        self.yield_event(key, Event::parse(&topic, body)).await
    }

    async fn yield_event(&mut self, key: String, event: Event) -> Step {
        // Duplicates are dropped only while two sockets may both deliver an event (and a
        // grace after): the same message twice at other times is two events.
        match self.dedupe_until {
            Some(until) if Instant::now() <= until && !self.seen.first(key) => {
                return Step::Continue;
            }
            Some(until) if Instant::now() > until => {
                self.dedupe_until = None;
                self.seen = Seen::default();
            }
            _ => {}
        }
        match self.tx.send(Ok(Message::Event(event))).await {
            Ok(()) => Step::Continue,
            Err(_) => Step::Stop(Outcome::Closed),
        }
    }

    /// Reads `old` and `next` side by side until `old` ends or the grace runs out; goes on
    /// with `next`. `same_channel`: a rollover (a renewal's `next` is on a new channel). What
    /// `next` asks for meanwhile is done after.
    async fn overlap(
        &mut self,
        mut old: Socket,
        mut next: Socket,
        same_channel: bool,
    ) -> std::result::Result<Socket, ChannelProblem> {
        let until = Instant::now() + self.config.rollover_grace;
        self.dedupe_until = Some(until + self.config.rollover_grace);
        let mut old_open = true;
        let mut pending = None;
        while old_open && pending.is_none() {
            tokio::select! {
                frame = old.next() => match frame {
                    Some(Ok(frame)) => {
                        // The old socket's closing and losses are about the old socket; a
                        // revoked token is the channel's, and so are lost subscriptions when
                        // both sockets are on one channel.
                        match self.handle(frame).await {
                            Step::Stop(Outcome::Closed) => return Ok(next),
                            Step::Stop(Outcome::Revoked) => pending = Some(Outcome::Revoked),
                            Step::Stop(Outcome::Resubscribe) if same_channel => {
                                pending = Some(Outcome::Resubscribe);
                            }
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
        self.opened_at = Instant::now();
        match pending {
            None | Some(Outcome::Closed) => Ok(next),
            Some(Outcome::Revoked) => Err(ChannelProblem::TokenRevoked),
            Some(Outcome::Lost(why)) => self.reconnect(why).await,
            // A rollover or renewal asked for by the new socket, or lost subscriptions: done
            // by the next read.
            Some(outcome) => {
                self.pending = Some(outcome);
                Ok(next)
            }
        }
    }

    /// A new socket after a loss: on the same channel while it exists, on a new one with the
    /// same topics once the service says it is gone; with jittered backoff. Sockets that do not
    /// last (`heartbeat_timeout`) count as failures, so a service that accepts sockets and drops
    /// them ends the stream after `reconnect_attempts`. Yields a [`Gap`].
    async fn reconnect(&mut self, why: String) -> std::result::Result<Socket, ChannelProblem> {
        tracing::warn!(reason = %why, "notification socket lost; opening a new one");
        if self.opened_at.elapsed() >= self.config.heartbeat_timeout {
            self.failures = 0;
        }
        let mut last = why.clone();
        loop {
            if self.failures >= self.config.reconnect_attempts {
                return Err(ChannelProblem::Unreachable {
                    attempts: self.failures,
                    last,
                });
            }
            let backoff = Duration::from_millis(250u64 << self.failures.min(6));
            let jitter = Duration::from_millis(fastrand::u64(0..100));
            let wait = if self.failures == 0 {
                jitter
            } else {
                backoff.min(Duration::from_secs(10)) + jitter
            };
            sleep(wait).await;
            self.failures += 1;
            let socket = match connect(&self.info, &self.config).await {
                Ok(socket) => Ok(socket),
                // The channel is gone: the spare one, or a new one with the same topics.
                Err(e) if e.gone => {
                    let made = match self.spare.take() {
                        Some(info) => Ok(info),
                        None => make(&self.client, &self.topics).await,
                    };
                    match made {
                        Ok(info) => match connect(&info, &self.config).await {
                            Ok(socket) => {
                                self.info = info;
                                Ok(socket)
                            }
                            Err(e2) => {
                                if !e2.gone {
                                    self.spare = Some(info);
                                }
                                Err(format!("{e}; the new channel's socket: {e2}"))
                            }
                        },
                        Err(e2 @ Error::TopicsRejected(_)) => {
                            return Err(ChannelProblem::Unreachable {
                                attempts: self.failures,
                                last: e2.to_string(),
                            });
                        }
                        Err(e2) => Err(format!("{e}; a new channel: {e2}")),
                    }
                }
                Err(e) if matches!(e.problem, ChannelProblem::InsecureUri(_)) => {
                    return Err(e.problem);
                }
                Err(e) => Err(e.to_string()),
            };
            match socket {
                Ok(socket) => {
                    self.opened_at = Instant::now();
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
