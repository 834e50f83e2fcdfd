//! The hand-written runtime, copied from `templates/` into every generated SDK: the runtime
//! crate's files (`templates/runtime/`, the same for every spec) and the SDK crate's own
//! (`templates/sdk/`), and the examples, copied into the crates whose spec has what they use.
//!
//! The sources are compiled into the generator, so `--out DIR` works from anywhere; editing a
//! template rebuilds the generator, and `cargo xtask codegen` then copies the new text. They are
//! written against the crate name `genesys-cloud-chat`; the copy carries the generated crate's
//! own name.

use super::crate_root::{CHRONO, SERDE, SERDE_JSON, package_head};
use crate::emit::{CrateIdentity, EmitOptions, header};
use crate::ir::Api;

/// `(path, contents)` of a file under `templates/<dir>/`, at the same path in its crate.
macro_rules! template {
    ($dir:literal, $path:literal) => {
        (
            $path,
            include_str!(concat!("../../../../templates/", $dir, "/", $path)),
        )
    };
}

/// The SDK crate's hand-written files, under `templates/sdk/`: (path in the crate, contents).
/// They name the spec's types (`ApiErrorBody`, the topics' `Event`) or the crate's own
/// (`Client`, whose API handles the spec adds).
pub const SOURCES: &[(&str, &str)] = &[
    template!("sdk", "src/channel.rs"),
    template!("sdk", "src/channel_task.rs"),
    template!("sdk", "src/client.rs"),
    template!("sdk", "src/config.rs"),
    template!("sdk", "src/error.rs"),
    template!("sdk", "src/error/tests.rs"),
    template!("sdk", "src/notifications.rs"),
    template!("sdk", "src/pagination.rs"),
    template!("sdk", "src/pkce.rs"),
];

/// The runtime crate's files, under `templates/runtime/`: the same for every spec but for the
/// crate's name.
pub const RUNTIME_SOURCES: &[(&str, &str)] = &[
    template!("runtime", "src/auth.rs"),
    template!("runtime", "src/body.rs"),
    template!("runtime", "src/builder.rs"),
    template!("runtime", "src/connect.rs"),
    template!("runtime", "src/cursor.rs"),
    template!("runtime", "src/de.rs"),
    template!("runtime", "src/encode.rs"),
    template!("runtime", "src/failure.rs"),
    template!("runtime", "src/grant.rs"),
    template!("runtime", "src/history.rs"),
    template!("runtime", "src/lib.rs"),
    template!("runtime", "src/loopback.rs"),
    template!("runtime", "src/macros.rs"),
    template!("runtime", "src/nullable.rs"),
    template!("runtime", "src/operation.rs"),
    template!("runtime", "src/options.rs"),
    template!("runtime", "src/query.rs"),
    template!("runtime", "src/region.rs"),
    template!("runtime", "src/request.rs"),
    template!("runtime", "src/retry.rs"),
    template!("runtime", "src/send.rs"),
    template!("runtime", "src/ser.rs"),
    template!("runtime", "src/settings.rs"),
    template!("runtime", "src/text.rs"),
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
        text: template!("sdk", "examples/chat_tour.rs").1,
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
        text: template!("sdk", "examples/chat_as_user.rs").1,
        operations: &["postChatsUserMessages"],
        streams: &[],
        models: &["SendMessageBody"],
        topics: &[],
    },
    Example {
        name: "chat_live",
        text: template!("sdk", "examples/chat_live.rs").1,
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

/// The runtime crate's package name: `genesys-cloud-chat-runtime`.
pub fn package(identity: &CrateIdentity) -> String {
    format!("{}-runtime", identity.name)
}

/// The runtime crate's name in Rust code: `genesys_cloud_chat_runtime`.
pub fn ident(identity: &CrateIdentity) -> String {
    package(identity).replace('-', "_")
}

/// The runtime crate's directory in the SDK's workspace: `crates/genesys-cloud-chat-runtime`.
pub fn dir(identity: &CrateIdentity) -> String {
    format!("crates/{}", package(identity))
}

/// The `[dependencies]` line of a crate at `from` (relative to the SDK's root: `""` for the SDK
/// crate, `"crates/x"` for a model crate) on the runtime crate, pinned to its version: the two
/// are released together, and the runtime's hidden items are the SDK's own.
pub fn dependency(identity: &CrateIdentity, from: &str) -> String {
    let path = if from.is_empty() {
        dir(identity)
    } else {
        format!("../{}", package(identity))
    };
    format!(
        "{} = {{ version = \"={}\", path = \"{path}\" }}\n",
        package(identity),
        identity.version
    )
}

/// The runtime crate's files: its manifest and its sources.
pub fn crate_files(identity: &CrateIdentity, opts: &EmitOptions) -> Vec<(String, String)> {
    let dir = dir(identity);
    let description = format!(
        "The runtime of {}: what every generated SDK shares (depend on {})",
        identity.name, identity.name
    );
    let manifest = format!(
        r#"{header}{package}publish = false

[dependencies]
# SHA-256 and the system's random numbers for PKCE: the crypto library rustls already uses.
aws-lc-rs = "1"
base64 = "0.22"
bytes = "1"
{CHRONO}
fastrand = "2"
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
httpdate = "1"
hyper = "1"
percent-encoding = "2"
reqwest = {{ version = "0.13", default-features = false, features = ["rustls", "http2"] }}
reqwest-middleware = "0.5"
{SERDE}
{SERDE_JSON}
tokio = {{ version = "1", features = ["io-util", "net", "time"] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}
url = "2"
"#,
        header = header("#", opts),
        package = package_head(&package(identity), &identity.version, &description),
    );
    let mut out = vec![(format!("{dir}/Cargo.toml"), manifest)];
    for (path, text) in RUNTIME_SOURCES {
        let copied = format!(
            "{}// (copied from templates/runtime/{path})\n\n{}",
            header("//", opts),
            for_crate(text, identity)
        );
        out.push((format!("{dir}/{path}"), copied));
    }
    out
}
