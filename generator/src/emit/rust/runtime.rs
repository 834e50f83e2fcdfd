//! The hand-written runtime, copied from `templates/sdk/` into every generated crate, and the
//! examples, copied into the crates whose spec has what they use.
//!
//! The sources are compiled into the generator, so `--out DIR` works from anywhere; editing a
//! template rebuilds the generator, and `cargo xtask codegen` then copies the new text. They are
//! written against the crate name `genesys-cloud-chat`; the copy carries the generated crate's
//! own name.

use crate::emit::CrateIdentity;
use crate::ir::Api;

/// `(path, contents)` of a file under `templates/sdk/`, at the same path in the crate.
macro_rules! template {
    ($path:literal) => {
        (
            $path,
            include_str!(concat!("../../../../templates/sdk/", $path)),
        )
    };
}

/// (path in the crate and under `templates/sdk/`, contents)
pub const SOURCES: &[(&str, &str)] = &[
    template!("src/auth.rs"),
    template!("src/body.rs"),
    template!("src/channel.rs"),
    template!("src/channel_task.rs"),
    template!("src/client.rs"),
    template!("src/config.rs"),
    template!("src/de.rs"),
    template!("src/encode.rs"),
    template!("src/error.rs"),
    template!("src/grant.rs"),
    template!("src/macros.rs"),
    template!("src/notifications.rs"),
    template!("src/nullable.rs"),
    template!("src/operation.rs"),
    template!("src/options.rs"),
    template!("src/pagination.rs"),
    template!("src/pkce.rs"),
    template!("src/query.rs"),
    template!("src/region.rs"),
    template!("src/request.rs"),
    template!("src/retry.rs"),
    template!("src/send.rs"),
    template!("src/ser.rs"),
];

/// The runtime files of notification topics and channels, copied only when the spec has
/// topics.
pub const NOTIFICATIONS: &[&str] = &[
    "src/channel.rs",
    "src/channel_task.rs",
    "src/notifications.rs",
];

/// An example program, copied when the spec has everything it uses.
pub struct Example {
    /// `chat_tour`: `examples/chat_tour.rs`.
    pub name: &'static str,
    pub text: &'static str,
    /// The operation ids it calls.
    pub operations: &'static [&'static str],
    /// Of those, the ones it reads as a stream.
    pub streams: &'static [&'static str],
    /// The models it builds.
    pub models: &'static [&'static str],
    /// The notification topics it subscribes (their constructors in `topics`).
    pub topics: &'static [&'static str],
}

pub const EXAMPLES: &[Example] = &[
    Example {
        name: "chat_tour",
        text: template!("examples/chat_tour.rs").1,
        operations: &[
            "postChatsRooms",
            "postChatsRoomMessages",
            "getChatsRoomMessages",
        ],
        streams: &["getChatsRoomMessages"],
        models: &["CreateRoomRequest", "SendMessageBody"],
        topics: &[],
    },
    Example {
        name: "chat_as_user",
        text: template!("examples/chat_as_user.rs").1,
        operations: &["postChatsUserMessages"],
        streams: &[],
        models: &["SendMessageBody"],
        topics: &[],
    },
    Example {
        name: "chat_live",
        text: template!("examples/chat_live.rs").1,
        operations: &["getChatsRoomMessages"],
        streams: &["getChatsRoomMessages"],
        models: &[],
        topics: &[
            "v2.users.{id}.badges.chats",
            "v2.detail.events.collaboratechat.group.{id}.messages",
        ],
    },
];

impl Example {
    /// Whether `api` has every operation, stream and model the example uses.
    pub fn fits(&self, api: &Api) -> bool {
        let op = |id: &str| api.operations.iter().find(|o| o.id == id);
        self.operations.iter().all(|id| op(id).is_some())
            && self
                .streams
                .iter()
                .all(|id| op(id).is_some_and(|o| o.pagination.is_some()))
            && self
                .models
                .iter()
                .all(|m| api.models.iter().any(|x| x.rust_name == *m))
            && self
                .topics
                .iter()
                .all(|t| api.topics.iter().any(|x| x.name == *t))
    }

    /// The tags of the operations it calls.
    pub fn tags<'a>(&self, api: &'a Api) -> Vec<&'a str> {
        let mut tags: Vec<&str> = api
            .operations
            .iter()
            .filter(|o| self.operations.contains(&o.id.as_str()))
            .map(|o| o.tag.as_str())
            .collect();
        tags.sort_unstable();
        tags.dedup();
        tags
    }
}

/// The examples that fit `api`.
pub fn examples(api: &Api) -> impl Iterator<Item = &'static Example> + '_ {
    EXAMPLES.iter().filter(|e| e.fits(api))
}

/// `text` written for `genesys-cloud-chat`, for the crate `identity`.
pub fn for_crate(text: &str, identity: &CrateIdentity) -> String {
    text.replace("genesys_cloud_chat", &identity.ident())
        .replace("genesys-cloud-chat", &identity.name)
}
