//! IR -> output files. Emitters only read the IR; they never look at the spec.

pub mod docs;
pub mod links;
pub mod rust;

use std::borrow::Cow;

use heck::ToKebabCase;

use crate::ir::{Api, Permissions};

/// What the emitters need besides the IR.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// The spec as named in headers: `spec/chat.yaml`.
    pub spec_name: String,
    /// The crate's package name; derived from the spec when `None` (see [`CrateIdentity`]).
    pub crate_name: Option<String>,
    /// The crate's version; derived from the spec when `None`.
    pub crate_version: Option<String>,
    /// The Markdown templates.
    pub templates: docs::Templates,
    /// One crate, or a workspace of crates (see [`rust::split`]).
    pub layout: Layout,
}

/// How the Rust SDK is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// One crate, unless the spec is large enough for the split to pay: more than one API and
    /// at least [`rust::split::AUTO_MODELS`] models.
    #[default]
    Auto,
    /// One crate, whatever the size.
    Single,
    /// The models in crates of their own beside the SDK crate, whenever the spec has more than
    /// one API.
    Split,
}

impl EmitOptions {
    /// The options for the crate generated from `spec_name`, with these templates, named and
    /// versioned after the spec.
    pub fn for_spec(spec_name: &str, templates: docs::Templates) -> Self {
        Self {
            spec_name: spec_name.to_owned(),
            crate_name: None,
            crate_version: None,
            templates,
            layout: Layout::Auto,
        }
    }

    /// The generated crate's name and version: as given, else derived from `api`.
    pub fn identity(&self, api: &Api) -> CrateIdentity {
        CrateIdentity {
            name: self
                .crate_name
                .clone()
                .unwrap_or_else(|| CrateIdentity::default_name(api)),
            version: self
                .crate_version
                .clone()
                .unwrap_or_else(|| CrateIdentity::default_version(api)),
        }
    }
}

/// The generated crate's package name and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateIdentity {
    pub name: String,
    pub version: String,
}

/// Crates the generated crate depends on: it cannot take their names.
const DEPENDENCY_NAMES: &[&str] = &[
    "aws-lc-rs",
    "base64",
    "bytes",
    "chrono",
    "fastrand",
    "futures-core",
    "futures-sink",
    "futures-util",
    "httpdate",
    "hyper",
    "percent-encoding",
    "reqwest",
    "reqwest-middleware",
    "rustls",
    "rustls-platform-verifier",
    "serde",
    "serde-json",
    "tokio",
    "tokio-tungstenite",
    "tracing",
    "url",
];

impl CrateIdentity {
    /// The crate's name in Rust code: `genesys_cloud_chat`.
    pub fn ident(&self) -> String {
        self.name.replace('-', "_")
    }

    /// A Genesys Cloud document gets `genesys-cloud`, and `genesys-cloud-<api>` when it has
    /// one API (`genesys-cloud-chat`); any other document is named after its title
    /// (`Swagger Petstore` -> `swagger-petstore`).
    pub fn default_name(api: &Api) -> String {
        let base = if is_genesys(api) {
            "genesys-cloud".to_owned()
        } else {
            let title: String = api
                .title
                .to_kebab_case()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            let title = title.trim_matches('-').to_owned();
            match title.chars().next() {
                None => "openapi-client".to_owned(),
                Some(c) if c.is_ascii_digit() => format!("api-{title}"),
                Some(_) => title,
            }
        };
        let name = match api.tags.as_slice() {
            [one] if is_genesys(api) => format!("{base}-{}", one.module.replace('_', "-")),
            _ => base,
        };
        if DEPENDENCY_NAMES.contains(&name.as_str()) {
            format!("{name}-client")
        } else {
            name
        }
    }

    /// The document's `info.version` when it is a semantic version (`1.4.0`), else `0.1.0`
    /// (Genesys documents say `v2`).
    pub fn default_version(api: &Api) -> String {
        let v = api.version.trim().trim_start_matches('v');
        let core = v.split(['-', '+']).next().unwrap_or_default();
        let parts: Vec<&str> = core.split('.').collect();
        let numeric = |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit());
        if parts.len() == 3
            && parts.iter().all(numeric)
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
        {
            v.to_owned()
        } else {
            "0.1.0".to_owned()
        }
    }
}

/// Whether the document is one of Genesys Cloud's (by its title, or its permission extensions).
pub fn is_genesys(api: &Api) -> bool {
    let title = api.title.to_lowercase();
    title.contains("purecloud")
        || title.contains("genesys")
        || api
            .operations
            .iter()
            .any(|op| op.permissions != Permissions::None)
}

/// The first lines of every generated file, behind `comment` (`//`, `#`).
pub fn header(comment: &str, opts: &EmitOptions) -> String {
    format!(
        "{comment} @generated by `cargo xtask codegen` from {spec}.\n\
         {comment} Do not edit by hand: change the spec or the generator, then regenerate.\n\n",
        spec = opts.spec_name,
    )
}

/// Spec prose as Markdown that reads as written, on the docs pages and in rustdoc alike:
/// brackets and angle brackets escaped (rustdoc would resolve `[name]` as an item, and `<b>` is
/// HTML), carriage returns as line breaks, and web addresses as autolinks (`<https://...>`:
/// rustdoc warns of a bare URL, and both render the autolink as a link). Code spans are not told
/// apart from prose: spec descriptions seldom have them.
pub fn prose(text: &str) -> Cow<'_, str> {
    if !text.contains(['[', ']', '<', '>', '\r']) && !text.contains("http") {
        return Cow::Borrowed(text);
    }
    let unified;
    let text = if text.contains('\r') {
        unified = text.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while !rest.is_empty() {
        let space = rest.len() - rest.trim_start().len();
        out.push_str(&rest[..space]);
        rest = &rest[space..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(end);
        rest = after;
        match url_in(word) {
            Some((before, url, after)) => {
                // An autolink the spec wrote itself stays one.
                let (before, after) = match (before.strip_suffix('<'), after.strip_prefix('>')) {
                    (Some(b), Some(a)) => (b, a),
                    _ => (before, after),
                };
                escape_into(before, &mut out);
                out.push('<');
                out.push_str(url);
                out.push('>');
                escape_into(after, &mut out);
            }
            None => escape_into(word, &mut out),
        }
    }
    Cow::Owned(out)
}

/// `text` with brackets and angle brackets escaped.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        if matches!(c, '[' | ']' | '<' | '>') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The web address in `word`, as (text before, address, text after): `("https://a.b/c").` gives
/// `("`, `https://a.b/c`, `").`, and `[docs](https://a.b)` gives `[docs](`, `https://a.b`, `)`.
/// It starts at `http://` or `https://` after anything but a letter or digit; it ends at a quote,
/// an angle bracket or a backtick, without the punctuation that closes a sentence or the
/// parenthesis it sits in. `https://<host>` (a placeholder) is not an address.
fn url_in(word: &str) -> Option<(&str, &str, &str)> {
    let start = match (word.find("http://"), word.find("https://")) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    if word[..start]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let body = &word[start..];
    let mut url = &body[..body.find(['<', '>', '"', '\'', '`']).unwrap_or(body.len())];
    // A closing parenthesis belongs to the address only if it closes one of its own.
    let opened = url.matches('(').count();
    let mut closed = url.matches(')').count();
    loop {
        let mut trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        if closed > opened {
            if let Some(inner) = trimmed.strip_suffix(')') {
                trimmed = inner;
                closed -= 1;
            }
        }
        if trimmed.len() == url.len() {
            break;
        }
        url = trimmed;
    }
    let host = url.split_once("://")?.1;
    if !host.starts_with(char::is_alphanumeric) {
        return None;
    }
    Some((&word[..start], url, &word[start + url.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Tag;

    /// The names a generated crate cannot take are the crates its manifests depend on: the
    /// checked-in Chat crate's and its runtime crate's (the Chat spec has notification topics,
    /// so its manifest lists every optional dependency too).
    #[test]
    fn the_reserved_names_are_the_dependencies_of_the_generated_manifests() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
        for manifest in [
            root.join("Cargo.toml"),
            root.join("crates/genesys-cloud-chat-runtime/Cargo.toml"),
        ] {
            let text = std::fs::read_to_string(&manifest).unwrap();
            let deps = text
                .split("\n[dependencies]\n")
                .nth(1)
                .and_then(|rest| rest.split("\n[").next())
                .unwrap();
            for line in deps.lines() {
                let Some((name, _)) = line.split_once(" = ") else {
                    continue;
                };
                let name = name.trim().replace('_', "-");
                if name.starts_with('#') || name.starts_with("genesys-cloud") {
                    continue;
                }
                assert!(
                    DEPENDENCY_NAMES.contains(&name.as_str()),
                    "{name} ({}) is not in DEPENDENCY_NAMES",
                    manifest.display()
                );
            }
        }
    }

    #[test]
    fn prose_reads_as_written_with_its_addresses_as_links() {
        assert_eq!(prose("plain"), "plain");
        assert_eq!(prose("a [b] <c>\r\nd"), "a \\[b\\] \\<c\\>\nd");
        assert_eq!(prose("see https://x.y/z."), "see <https://x.y/z>.");
        assert_eq!(
            prose("type (https://www.iana.org/a.xhtml)."),
            "type (<https://www.iana.org/a.xhtml>)."
        );
        assert_eq!(
            prose("is \"http://json-schema.org/draft-04/schema#\"."),
            "is \"<http://json-schema.org/draft-04/schema#>\"."
        );
        assert_eq!(
            prose("(https://en.wikipedia.org/wiki/A_(b))"),
            "(<https://en.wikipedia.org/wiki/A_(b)>)"
        );
        // A placeholder, not an address: escaped as prose.
        assert_eq!(
            prose("<https://<url> link>"),
            "\\<https://\\<url\\> link\\>"
        );
        assert_eq!(prose("x:http://a.b"), "x:<http://a.b>");
        assert_eq!(prose("xhttp://a.b"), "xhttp://a.b");
        assert_eq!(
            prose("[docs](https://a.b/c) and <https://d.e>."),
            "\\[docs\\](<https://a.b/c>) and <https://d.e>."
        );
        assert_eq!(prose("a\rb"), "a\nb");
        assert_eq!(
            prose("yyyy-MM-ddTHH:mm:ss[.mmm]Z"),
            "yyyy-MM-ddTHH:mm:ss\\[.mmm\\]Z"
        );
        assert_eq!(prose("é https://ü.example/é."), "é <https://ü.example/é>.");
    }

    fn api(title: &str, version: &str, tags: &[&str]) -> Api {
        Api {
            title: title.to_owned(),
            version: version.to_owned(),
            description: None,
            servers: Vec::new(),
            tags: tags
                .iter()
                .map(|t| Tag {
                    name: (*t).to_owned(),
                    module: t.to_lowercase().replace(' ', "_"),
                    api_type: format!("{}Api", t.replace(' ', "")),
                    description: None,
                })
                .collect(),
            operations: Vec::new(),
            models: Vec::new(),
            left_out: Vec::new(),
            topics: Vec::new(),
        }
    }

    #[test]
    fn crates_are_named_for_their_spec() {
        let name = |title, tags: &[&str]| CrateIdentity::default_name(&api(title, "v2", tags));
        assert_eq!(
            name("PureCloud Platform API", &["Chat", "Users"]),
            "genesys-cloud"
        );
        assert_eq!(
            name("PureCloud Platform API", &["Chat"]),
            "genesys-cloud-chat"
        );
        assert_eq!(
            name("Genesys Cloud API", &["Telephony Providers Edge"]),
            "genesys-cloud-telephony-providers-edge"
        );
        assert_eq!(name("Swagger Petstore", &["pet"]), "swagger-petstore");
        assert_eq!(name("URL", &[]), "url-client");
        assert_eq!(name("3D printing", &[]), "api-3d-printing");
        assert_eq!(name("***", &[]), "openapi-client");
    }

    #[test]
    fn versions_are_taken_when_they_are_semantic() {
        let version = |v| CrateIdentity::default_version(&api("t", v, &[]));
        assert_eq!(version("v2"), "0.1.0");
        assert_eq!(version("1.2.3"), "1.2.3");
        assert_eq!(version("v1.2.3"), "1.2.3");
        assert_eq!(version("2.0.0-beta.1"), "2.0.0-beta.1");
        assert_eq!(version("2024-01-01"), "0.1.0");
        assert_eq!(version("1.0"), "0.1.0");
    }
}
