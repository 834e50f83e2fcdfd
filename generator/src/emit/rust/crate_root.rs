//! The crate's frame: `lib.rs`, the `apis` and `models` module lists, and `Cargo.toml`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::features::Features;
use super::runtime;
use super::split::{self, Split};
use super::text::{self, line, use_list};
use crate::emit::links::{self, Target};
use crate::emit::{CrateIdentity, EmitOptions, header};
use crate::ir::{Api, Field, Model, ModelKind, TypeRef};

/// The SDK crate's private runtime modules, sorted as rustfmt orders `mod` items.
const RUNTIME_MODULES: &[&str] = &["client", "config", "error"];

/// The runtime crate's modules the SDK crate's runtime names as `crate::<module>`, sorted.
const RUNTIME_CRATE_MODULES: &[&str] = &[
    "auth",
    "builder",
    "cursor",
    "encode",
    "failure",
    "grant",
    "history",
    "loopback",
    "operation",
    "options",
    "region",
    "request",
    "retry",
    "send",
    "settings",
    "text",
];

/// The runtime's private modules of notification channels, when the spec has topics.
const TOPIC_RUNTIME_MODULES: [&str; 2] = ["channel", "channel_task"];

/// The public modules of notification topics, when the spec has topics.
const TOPIC_PUBLIC_MODULES: [&str; 2] = ["notifications", "topics"];

/// The public modules, sorted.
const PUBLIC_MODULES: &[&str] = &["apis", "models", "operations", "pagination", "pkce"];

/// The runtime's re-exports at the crate root, sorted as rustfmt sorts `use` items.
const RUNTIME_EXPORTS: &[(&str, &[&str])] = &[
    (
        "auth",
        &["MemoryTokenStore", "Secret", "TokenStore", "Tokens"],
    ),
    ("client", &["Client", "ClientBuilder"]),
    ("config", &["ClientConfig", "RetryConfig"]),
    ("encode", &["FilePart"]),
    (
        "error",
        &[
            "ApiError",
            "ChannelProblem",
            "Error",
            "GaveUp",
            "Result",
            "RetryInfo",
            "StreamProblem",
            "TopicRejection",
            "TransportKind",
        ],
    ),
    (
        "operation",
        &["ErrorCode", "Method", "Operation", "Permissions"],
    ),
    (
        "options",
        &[
            "Hooks",
            "RateLimit",
            "RequestInfo",
            "RequestOptions",
            "Response",
            "ResponseInfo",
        ],
    ),
    ("region", &["Region", "UnknownRegion"]),
    ("retry", &["RetryPolicy"]),
];

/// The links to items that go before the README, the crate root's doc. A link to an item
/// behind features is defined only with one of them on: `cargo doc --features chat` then finds
/// every link it reads, where a link to a left-out item would be a warning.
fn index_prelude(api: &Api, features: &Features) -> String {
    let mut out = links::prelude_head();
    let mut gated: BTreeMap<BTreeSet<&str>, String> = BTreeMap::new();
    for link in links::index_links(api) {
        // Written into string literals below: names and paths never need escaping.
        debug_assert!(!format!("{}{}", link.label, link.path).contains(['"', '\\']));
        let needs: Option<BTreeSet<&str>> = match link.target {
            Target::Api(tag) => features.tag_feature(&tag.name).map(|f| BTreeSet::from([f])),
            Target::Model(name) => features
                .model_features(name)
                .map(|set| set.iter().map(String::as_str).collect()),
            Target::Topics => features.topics_feature().map(|f| BTreeSet::from([f])),
        };
        match needs {
            None => line(&mut out, 0, &format!("//! [{}]: {}", link.label, link.path)),
            Some(needs) => {
                let doc = gated.entry(needs).or_default();
                let _ = writeln!(doc, "[{}]: {}", link.label, link.path);
            }
        }
    }
    for (needs, doc) in gated {
        line(&mut out, 0, "#![cfg_attr(");
        let needs: Vec<String> = needs
            .iter()
            .map(|f| format!("feature = {}", text::string(f)))
            .collect();
        match needs.as_slice() {
            [one] => line(&mut out, 4, &format!("{one},")),
            _ => text::attribute(&mut out, 4, "any(", &needs, "),"),
        }
        // A string over several lines: rustfmt leaves it as it is.
        line(&mut out, 4, "doc = \"");
        out.push_str(&doc);
        line(&mut out, 0, "\"");
        line(&mut out, 0, ")]");
    }
    out.push_str(links::PRELUDE_TAIL);
    out
}

/// `src/lib.rs`, after the header.
pub fn lib_rs(
    api: &Api,
    features: &Features,
    split: Option<&Split<'_>>,
    identity: &CrateIdentity,
) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(&index_prelude(api, features));
    out.push_str(
        "#![doc = include_str!(\"../README.md\")]\n\
         #![forbid(unsafe_code)]\n\
         // Deprecated models are still the types of fields and re-exported: only their users\n\
         // are warned.\n\
         #![allow(deprecated)]\n\
         #![warn(missing_docs)]\n\
         #![doc(test(attr(deny(warnings))))]\n\n",
    );
    let mut private = RUNTIME_MODULES.to_vec();
    if !api.topics.is_empty() {
        private.extend(TOPIC_RUNTIME_MODULES);
        private.sort_unstable();
    }
    for m in private {
        if TOPIC_RUNTIME_MODULES.contains(&m) {
            if let Some(cfg) = features.topics_cfg_text() {
                line(&mut out, 0, &cfg);
            }
        }
        line(&mut out, 0, &format!("mod {m};"));
    }
    out.push('\n');
    let mut public = PUBLIC_MODULES.to_vec();
    if super::has_error_codes(api) {
        public.push("error_codes");
        public.sort_unstable();
    }
    if !api.topics.is_empty() {
        public.extend(TOPIC_PUBLIC_MODULES);
        public.sort_unstable();
    }
    for m in public {
        if TOPIC_PUBLIC_MODULES.contains(&m) {
            if let Some(cfg) = features.topics_cfg_text() {
                line(&mut out, 0, &cfg);
            }
        }
        line(&mut out, 0, &format!("pub mod {m};"));
    }
    // The runtime crate's modules, where this crate's runtime and its models name them; the
    // models of a split layout have theirs from the core crate.
    let runtime = runtime::ident(identity);
    let mut modules: Vec<String> = RUNTIME_CRATE_MODULES
        .iter()
        .map(|m| (*m).to_owned())
        .collect();
    // A part only models behind features use is imported with them.
    let mut gated: Vec<(&str, BTreeSet<String>)> = Vec::new();
    if split.is_none() {
        let models: Vec<&Model> = api.models.iter().collect();
        for (part, users) in split::model_runtime_users(&models) {
            let mut needs = BTreeSet::new();
            let mut always = false;
            for m in users {
                match features.model_features(&m.rust_name) {
                    None => always = true,
                    Some(set) => needs.extend(set.iter().cloned()),
                }
            }
            if always {
                modules.push(part.to_owned());
            } else {
                gated.push((part, needs));
            }
        }
        modules.sort_unstable();
    }
    // In one group, rustfmt puts `pub use` first.
    out.push_str(&format!(
        "\n// The runtime crate's parts, which this crate's runtime and models are written against.\n\
         pub use {runtime}::nullable;\n"
    ));
    // rustfmt sorts `x::name` before `x::{..}`.
    for (part, needs) in gated {
        out.push_str(&super::features::cfg_any(&needs));
        out.push_str(&format!("\nuse {runtime}::{part};\n"));
    }
    use_list(&mut out, &format!("use {runtime}::{{"), &modules, "};");
    out.push_str(
        "\n// The crates of types that appear in the API, so callers need not pin their versions.\n\
         pub use bytes;\npub use chrono;\npub use reqwest;\npub use reqwest_middleware;\npub use serde_json;\n\n",
    );
    // The API handles, sorted by path as rustfmt sorts them.
    let mut handles: Vec<_> = api.tags.iter().collect();
    handles.sort_by(|a, b| a.module.cmp(&b.module));
    for t in handles {
        if let Some(cfg) = features.tag_cfg_text(&t.name) {
            line(&mut out, 0, &cfg);
        }
        line(
            &mut out,
            0,
            &format!("pub use apis::{}::{};", t.module, t.api_type),
        );
    }
    for (module, names) in RUNTIME_EXPORTS {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        match names.as_slice() {
            [one] => line(&mut out, 0, &format!("pub use {module}::{one};")),
            _ => use_list(&mut out, &format!("pub use {module}::{{"), &names, "};"),
        }
    }
    let get = |f: &Field| {
        if f.required && !f.read_only && !f.nullable {
            format!("Some(body.{}.as_str())", f.rust_name)
        } else {
            format!("body.{}.as_deref()", f.rust_name)
        }
    };
    let from_json =
        |name: &str| format!("body.get(\"{name}\").and_then(serde_json::Value::as_str)");
    let (ty, message, code) = match error_body_model(api) {
        Some((model, message)) => {
            let code = match string_field(model, "code") {
                Some(f) => get(f),
                None => "None".to_owned(),
            };
            (format!("models::{}", model.rust_name), get(message), code)
        }
        None => (
            "serde_json::Value".to_owned(),
            from_json("message"),
            from_json("code"),
        ),
    };
    let body = if code == "None" { "_body" } else { "body" };
    out.push_str(&format!(
        "\n/// The body of API error responses.\npub type ApiErrorBody = {ty};\n\n\
         /// The human-readable message of an error body.\n\
         pub(crate) fn error_message(body: &ApiErrorBody) -> Option<&str> {{\n    {message}\n}}\n\n\
         /// The error code of an error body (`x-inin-error-codes` lists them).\n\
         pub(crate) fn error_code({body}: &ApiErrorBody) -> Option<&str> {{\n    {code}\n}}\n"
    ));
    out
}

/// The string field of this wire name, if the model is a struct that has one.
fn string_field<'m>(model: &'m Model, wire_name: &str) -> Option<&'m Field> {
    let ModelKind::Struct { fields } = &model.kind else {
        return None;
    };
    fields
        .iter()
        .find(|f| f.wire_name == wire_name && f.ty == TypeRef::String)
}

/// The error schema most operations use, when it has a `message` string, with that field.
pub fn error_body_model(api: &Api) -> Option<(&Model, &Field)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for op in &api.operations {
        if let Some(TypeRef::Model(m)) = &op.error {
            *counts.entry(m.as_str()).or_default() += 1;
        }
    }
    let best = counts
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))
        .map(|(n, _)| *n)?;
    let model = api.model(best)?;
    Some((model, string_field(model, "message")?))
}

pub fn apis_mod(api: &Api, features: &Features) -> String {
    // Sorted by name, as rustfmt orders `mod` items.
    let mut mods: Vec<(&str, String, Option<String>)> = api
        .tags
        .iter()
        .map(|t| {
            (
                t.module.as_str(),
                format!("pub mod {};", t.module),
                features.tag_cfg_text(&t.name),
            )
        })
        .collect();
    if api.operations.iter().any(|op| !op.also_in.is_empty()) {
        mods.push(("shared", "mod shared;".to_owned(), features.shared_cfg(api)));
    }
    mods.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from("//! One module per API (spec tag).\n\n");
    for (_, item, cfg) in mods {
        if let Some(cfg) = cfg {
            out.push_str(&cfg);
            out.push('\n');
        }
        out.push_str(&item);
        out.push('\n');
    }
    out
}

pub fn models_mod(api: &Api, features: &Features) -> String {
    let mut out = String::with_capacity(api.models.len() * 120 + 100);
    out.push_str("//! The data types of the API, one module per schema.\n\n");
    let models: Vec<&Model> = api.models.iter().collect();
    models_mod_text(&mut out, &models, |m| features.model_cfg(&m.rust_name));
    out
}

/// The `mod` and `pub use` lines of `models`, each behind its `cfg`, if any.
pub fn models_mod_text(
    out: &mut String,
    models: &[&Model],
    cfg: impl Fn(&Model) -> Option<String>,
) {
    let cfgs: Vec<Option<String>> = models.iter().map(|m| cfg(m)).collect();
    for (m, cfg) in models.iter().zip(&cfgs) {
        if let Some(cfg) = cfg {
            out.push_str(cfg);
            out.push('\n');
        }
        out.push_str(&format!("mod {};\n", m.module));
    }
    out.push('\n');
    for (m, cfg) in models.iter().zip(&cfgs) {
        if let Some(cfg) = cfg {
            out.push_str(cfg);
            out.push('\n');
        }
        out.push_str(&format!("pub use {}::{};\n", m.module, m.rust_name));
    }
}

pub fn cargo_toml(
    api: &Api,
    features: &Features,
    split: Option<&Split<'_>>,
    opts: &EmitOptions,
) -> String {
    let identity = opts.identity(api);
    let description = format!("Typed async client for the {}", api.title).replace('"', "'");
    let keywords: Vec<String> = keywords(api).iter().map(|k| format!("{k:?}")).collect();
    let mut examples = String::new();
    for example in runtime::examples(api) {
        let required: Vec<String> = example
            .tags(api)
            .iter()
            .filter_map(|t| features.tag_feature(t))
            .map(|f| format!("{f:?}"))
            .collect();
        if !required.is_empty() {
            examples.push_str(&format!(
                "\n[[example]]\nname = \"{}\"\nrequired-features = [{}]\n",
                example.name,
                required.join(", ")
            ));
        }
    }
    format!(
        r#"{header}{package}keywords = [{keywords}]
categories = ["api-bindings", "web-programming::http-client"]
publish = false

[dependencies]
bytes = "1"
{CHRONO}
fastrand = "2"
futures-core = "0.3"
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
reqwest = {{ version = "0.13", default-features = false, features = ["rustls", "http2"] }}
reqwest-middleware = "0.5"
{SERDE}
{SERDE_JSON}
tokio = {{ version = "1", features = [{tokio_features}] }}
tracing = {{ version = "0.1", default-features = false, features = ["std"] }}
url = "2"
{notification_deps}
# The runtime every generated SDK shares, in a crate of its own: the items this crate
# re-exports from it are this crate's API.
{runtime_dep}{model_deps}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
{features}{examples}"#,
        header = header("#", opts),
        package = package_head(&identity.name, &identity.version, &description),
        keywords = keywords.join(", "),
        features = features.cargo_table(|f| split.map(|s| s.enables(f)).unwrap_or_default()),
        runtime_dep = runtime::dependency(&identity, ""),
        model_deps = split
            .map(|s| format!("\n{}", s.dependencies()))
            .unwrap_or_default(),
        tokio_features = if api.topics.is_empty() {
            r#""io-util", "net", "sync", "time""#
        } else {
            // A channel's socket is read by a task of its own.
            r#""io-util", "macros", "net", "rt", "sync", "time""#
        },
        notification_deps = if api.topics.is_empty() {
            ""
        } else {
            // The notification channels' WebSocket (`channel.rs`), over rustls with the
            // platform's verifier, as reqwest does.
            "futures-sink = \"0.3\"\n\
             rustls = { version = \"0.23\", default-features = false, features = [\"aws_lc_rs\", \"std\"] }\n\
             rustls-platform-verifier = \"0.7\"\n\
             tokio-tungstenite = { version = \"0.30\", default-features = false, features = [\"connect\", \"rustls-tls-webpki-roots\"] }\n"
        },
    )
}

/// The model types' crates, in the SDK crate's manifest and the model crates' of a split layout.
pub const CHRONO: &str =
    r#"chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }"#;
pub const SERDE: &str = r#"serde = { version = "1", features = ["derive"] }"#;
pub const SERDE_JSON: &str = r#"serde_json = { version = "1", features = ["preserve_order"] }"#;

/// The `[package]` table's lines every generated crate shares, up to its license.
pub fn package_head(name: &str, version: &str, description: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"{version}\"\nedition = \"2024\"\n\
         rust-version = \"1.85\"\ndescription = \"{description}\"\nlicense = \"MIT OR Apache-2.0\"\n"
    )
}

/// The crate's keywords (crates.io takes at most five): for a Genesys crate the vendor's names
/// and, for a crate of one API, that API.
fn keywords(api: &Api) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if crate::emit::is_genesys(api) {
        out.extend(["genesys".to_owned(), "purecloud".to_owned()]);
        match api.tags.as_slice() {
            [one] => {
                let k = one.module.trim_end_matches('_').replace('_', "-");
                if k.len() <= 20 && k.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    out.push(k);
                }
            }
            _ => out.push("genesys-cloud".to_owned()),
        }
    } else {
        out.push("openapi".to_owned());
    }
    out.extend(["sdk".to_owned(), "api".to_owned()]);
    out
}
