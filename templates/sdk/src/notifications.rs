//! Notification topics: typed names of what the service pushes on a notification channel.
//!
//! The generated `topics` module has one constructor per topic the spec lists
//! (`topics::users_badges_chats(user_id)`), which checks the ids and returns a [`Topic<T>`]
//! whose `T` is the type of the topic's event bodies, and an `Event` enum that reads a received
//! message (`topicName` and `eventBody`) into the variant of its topic, or `Unknown`.
//!
//! `client.notifications().subscribe(topics).await?` streams them in real time: see
//! [`Notifications`] and [`EventStream`], and what the stream does when the service closes,
//! renews or drops a socket.

use std::fmt;
use std::marker::PhantomData;

use crate::Error;

pub use crate::channel::{
    ChannelConfig, EventStream, Gap, MAX_CHANNELS, MAX_TOPICS_PER_CHANNEL, Message, Notifications,
};

/// A notification topic with its ids filled in, whose events carry a `T`.
pub struct Topic<T> {
    name: String,
    payload: PhantomData<fn() -> T>,
}

impl<T> Topic<T> {
    /// `pattern` (`v2.users.{id}.badges.chats`) with each `{id}` replaced by the next of `ids`
    /// (`(name, value)`, the name for errors). An id must be a non-empty segment without dots,
    /// `?`, `&`, `*`, braces or white space: anything else would name another topic.
    pub(crate) fn new(pattern: &str, ids: &[(&'static str, &str)]) -> Result<Self, Error> {
        let mut ids = ids.iter();
        let mut name = String::with_capacity(pattern.len() + 40);
        for (i, segment) in pattern.split('.').enumerate() {
            if i > 0 {
                name.push('.');
            }
            if segment.starts_with('{') {
                let Some((id_name, value)) = ids.next() else {
                    unreachable!("the generated constructors pass one id per placeholder")
                };
                check_id(id_name, value)?;
                name.push_str(value);
            } else {
                name.push_str(segment);
            }
        }
        Ok(Self {
            name,
            payload: PhantomData,
        })
    }

    /// The topic's name, as the service knows it: `v2.users.6f3c....badges.chats`.
    pub fn name(&self) -> &str {
        &self.name
    }
}

fn check_id(name: &'static str, value: &str) -> Result<(), Error> {
    // `.` separates segments; `?` and `&` join topics (`v2.users.{id}?presence&geolocation`);
    // `*`, braces: patterns.
    let bad = value.is_empty()
        || value
            .chars()
            .any(|c| ".{}*?&".contains(c) || c.is_whitespace() || c.is_control());
    if bad {
        return Err(Error::InvalidArgument {
            name,
            reason: format!(
                "`{value}` is not a topic id (it must be non-empty, without `.?&*{{}}` or spaces)"
            ),
        });
    }
    Ok(())
}

impl<T> Clone for Topic<T> {
    fn clone(&self) -> Self {
        Self {
            name: self.name.clone(),
            payload: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Topic<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Topic").field(&self.name).finish()
    }
}

impl<T> fmt::Display for Topic<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

impl<T> PartialEq for Topic<T> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl<T> Eq for Topic<T> {}

impl<T> std::hash::Hash for Topic<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl<T> From<Topic<T>> for String {
    fn from(topic: Topic<T>) -> String {
        topic.name
    }
}

/// The ids of `topic` if it is an instance of `pattern`, in order.
pub(crate) fn ids<'t, const N: usize>(topic: &'t str, pattern: &str) -> Option<[&'t str; N]> {
    let mut out = [""; N];
    let mut found = 0;
    let mut parts = topic.split('.');
    for segment in pattern.split('.') {
        let part = parts.next()?;
        if segment.starts_with('{') {
            if part.is_empty() || found == N {
                return None;
            }
            out[found] = part;
            found += 1;
        } else if part != segment {
            return None;
        }
    }
    (parts.next().is_none() && found == N).then_some(out)
}

/// `body` read as the topic's type; `None`, logged with the reason, when it is not one.
pub(crate) fn read<T: serde::de::DeserializeOwned>(
    topic: &str,
    body: &serde_json::Value,
) -> Option<Box<T>> {
    match T::deserialize(body) {
        Ok(value) => Some(Box::new(value)),
        Err(error) => {
            tracing::warn!(topic, %error, "an event body is not of its topic's type; kept as JSON");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Topic, ids};

    #[test]
    fn ids_fill_and_match_the_placeholders() {
        let topic: Topic<()> =
            Topic::new("v2.users.{id}.badges.chats", &[("user_id", "u-1")]).unwrap();
        assert_eq!(topic.name(), "v2.users.u-1.badges.chats");
        assert_eq!(
            ids(topic.name(), "v2.users.{id}.badges.chats"),
            Some(["u-1"])
        );
        assert_eq!(
            ids::<1>("v2.users.u-1.badges", "v2.users.{id}.badges.chats"),
            None
        );
        assert_eq!(
            ids::<1>("v2.users.u-1.badges.chats.x", "v2.users.{id}.badges.chats"),
            None
        );
        assert_eq!(
            ids::<2>("v2.system.a.b", "v2.system.{id}.{id}"),
            Some(["a", "b"])
        );
        assert_eq!(
            ids::<0>("v2.system.socket_closing", "v2.system.socket_closing"),
            Some([])
        );
    }

    #[test]
    fn ids_that_would_name_another_topic_are_refused() {
        for bad in ["", "a.b", "{id}", "a b", "a\n", "*", "a?presence", "a&b"] {
            let err = Topic::<()>::new("v2.users.{id}.badges.chats", &[("user_id", bad)]);
            let err = err.unwrap_err().to_string();
            assert!(
                err.contains("user_id") && err.contains("not a topic id"),
                "{err}"
            );
        }
    }
}
