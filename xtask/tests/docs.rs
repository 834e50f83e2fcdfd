//! The Markdown reference pages in `generated/`: the same facts as the official page, no dead
//! links, and templates a user can override.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// What a reference page says about one operation.
#[derive(Debug, PartialEq, Eq)]
struct OperationFacts {
    http_method: String,
    path: String,
    permission_type: String,
    permissions: Vec<String>,
    preview: bool,
    /// (normalized name, optional)
    params: Vec<(String, bool)>,
    /// A model name, or `void`.
    returns: String,
}

/// `roomJid`, `room_jid`, `RoomJid` -> `roomjid`.
fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// `[**Name**](...)` -> `Name`.
fn bold_link(text: &str) -> Option<&str> {
    let start = text.find("[**")? + 3;
    let end = start + text[start..].find("**]")?;
    Some(&text[start..end])
}

/// Reads a page in the layout of the official Genesys SDK pages (ours or theirs).
fn page_facts(text: &str) -> BTreeMap<String, OperationFacts> {
    let mut table: BTreeMap<String, (String, String)> = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| [**")) {
        let cells: Vec<&str> = line.split(" | ").collect();
        let name = bold_link(cells[0]).unwrap();
        let (method, path) = cells[1].trim_start_matches("**").split_once("** ").unwrap();
        table.insert(
            normalize(name),
            (method.to_uppercase(), path.trim().to_owned()),
        );
    }
    let mut facts = BTreeMap::new();
    for section in text.split("<a name=\"").skip(1) {
        let heading = section.lines().find(|l| l.starts_with("## ")).unwrap();
        let returns = match bold_link(heading) {
            Some(model) if heading.find("[**") == Some(3) => model.to_owned(),
            _ => "void".to_owned(),
        };
        let after_return = if returns == "void" {
            heading
                .split_once(' ')
                .unwrap()
                .1
                .split_once(' ')
                .unwrap()
                .1
        } else {
            // `## [**Room**](Room.md) name (...)` or `## [**Room**][models::Room] name (...)`.
            let after_link = heading.find("**]").unwrap() + 3;
            heading[after_link..].split_once(' ').unwrap().1
        };
        let name = normalize(after_return.split(' ').next().unwrap());
        let body = section.split("### Example").next().unwrap();
        let permission_type = ["ANY", "ALL", "NO"]
            .into_iter()
            .find(|t| body.contains(&format!("Requires {t} permissions")))
            .unwrap_or("?")
            .to_owned();
        let permissions = body
            .lines()
            .filter_map(|l| l.strip_prefix("* "))
            .map(|p| p.trim().to_owned())
            .collect();
        let params_part = section
            .split("### Parameters")
            .nth(1)
            .unwrap()
            .split("### Return type")
            .next()
            .unwrap();
        let params = params_part
            .lines()
            .filter(|l| l.starts_with("| **"))
            .map(|l| {
                let name = l.trim_start_matches("| **").split("**").next().unwrap();
                (normalize(name), l.replace('\\', "").contains("[optional]"))
            })
            .collect();
        let (http_method, path) = table[&name].clone();
        facts.insert(
            name,
            OperationFacts {
                http_method,
                path,
                permission_type,
                permissions,
                preview: body.contains(
                    "is a preview method and is subject to both breaking and non-breaking changes",
                ),
                params,
                returns,
            },
        );
    }
    facts
}

#[test]
fn chat_api_page_has_the_official_pages_facts() {
    // The page generated from the seed-era spec, which has the official page's 24 operations.
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "codegen",
            "--spec",
            "generator/tests/fixtures/chat-seed.yaml",
            "--out",
            dir.path().to_str().unwrap(),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seed = fs::read_to_string(root().join("xtask/tests/fixtures/seed/ChatApi.md")).unwrap();
    let ours = fs::read_to_string(dir.path().join("docs/ChatApi.md")).unwrap();
    let (seed, ours) = (page_facts(&seed), page_facts(&ours));
    assert_eq!(seed.len(), 24);
    assert_eq!(
        seed.keys().collect::<Vec<_>>(),
        ours.keys().collect::<Vec<_>>()
    );
    for (name, expected) in &seed {
        assert_eq!(&ours[name], expected, "{name}");
    }
}

/// GitHub's heading anchors: lowercase, punctuation dropped, spaces to hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("<a name=\"") {
            out.insert(rest.split('"').next().unwrap().to_owned());
        }
        if line.starts_with('#') {
            out.insert(slug(line.trim_start_matches('#')));
        }
    }
    out
}

/// Every link target of a Markdown text, outside code blocks: inline ones (`](target)`), and
/// reference ones (`][label]`) through the page's definitions (`[label]: target`). A reference
/// whose label has no definition is reported as `undefined label`.
fn links(text: &str) -> Vec<String> {
    let mut definitions = BTreeMap::new();
    let mut out = Vec::new();
    let mut in_code = false;
    let mut references = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        if in_code {
            continue;
        }
        if let Some((label, target)) = line.strip_prefix('[').and_then(|l| l.split_once("]: ")) {
            definitions.insert(label.to_lowercase(), target.to_owned());
            continue;
        }
        for (open, close, refs) in [("](", ')', false), ("][", ']', true)] {
            let mut rest = line;
            while let Some(at) = rest.find(open) {
                let target = &rest[at + 2..];
                let end = target.find(close).unwrap_or(target.len());
                if refs {
                    references.push(target[..end].to_owned());
                } else {
                    out.push(target[..end].to_owned());
                }
                rest = &target[end..];
            }
        }
    }
    for label in references {
        out.push(
            definitions
                .get(&label.to_lowercase())
                .cloned()
                .unwrap_or_else(|| format!("undefined label [{label}]")),
        );
    }
    out
}

#[test]
fn every_relative_link_and_anchor_in_generated_resolves() {
    let generated = root().join("generated");
    let mut pages: Vec<PathBuf> = vec![generated.join("README.md")];
    pages.extend(
        fs::read_dir(generated.join("docs"))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    let mut checked = 0;
    let mut dead = Vec::new();
    for page in &pages {
        let text = fs::read_to_string(page).unwrap();
        for link in links(&text) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            checked += 1;
            match fs::read_to_string(&target) {
                Err(_) => dead.push(format!("{}: {link} (no such file)", page.display())),
                Ok(t) if !anchor.is_empty() && !anchors(&t).contains(anchor) => {
                    dead.push(format!("{}: {link} (no such anchor)", page.display()));
                }
                Ok(_) => {}
            }
        }
    }
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn a_template_override_changes_the_output_and_keeps_the_other_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    fs::create_dir(&templates).unwrap();
    let model = fs::read_to_string(root().join("templates/docs/model.md.j2")).unwrap();
    let custom = model.replace("## Properties", "## Fields (house style)");
    assert_ne!(model, custom);
    fs::write(templates.join("model.md.j2"), custom).unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "codegen",
            "--out",
            out.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let room = fs::read_to_string(out.join("docs/Room.md")).unwrap();
    assert!(room.contains("## Fields (house style)"), "{room}");
    // The API page and the index still come from the default templates.
    let generated = root().join("generated");
    for page in ["docs/ChatApi.md", "README.md"] {
        assert_eq!(
            fs::read(out.join(page)).unwrap(),
            fs::read(generated.join(page)).unwrap(),
            "{page}"
        );
    }
}

#[test]
fn a_broken_template_is_reported_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("index.md.j2"),
        "# Title\n\n{% for x in %}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args([
            "codegen",
            "--check",
            "--templates",
            dir.path().to_str().unwrap(),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert!(
        stderr.starts_with("error: template syntax error: "),
        "{stderr}"
    );
    let file = dir.path().join("index.md.j2");
    assert!(
        stderr.contains(&format!("--> {}:3:1", file.display())),
        "{stderr}"
    );
}

/// The values of `attr="..."` in `html`, HTML entities for `&` undone.
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

/// rustdoc's HTML of the generated crate has no dangling local link: every relative link names a
/// file that exists, and every fragment an id or anchor in it. Links rustdoc's scripts fill in
/// (source line numbers, `${...}` templates) and the documentation other crates' blanket impls
/// bring along are not ours and are skipped.
#[test]
fn rustdoc_html_of_the_generated_crate_has_no_dangling_local_link() {
    // A target directory of its own: the one of the running `cargo test` is locked.
    let target = root().join("target/rustdoc-links");
    let out = Command::new(env!("CARGO"))
        .args([
            "doc",
            "--package",
            "genesys-cloud-chat",
            "--no-deps",
            "--quiet",
        ])
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTDOCFLAGS", "-D warnings")
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let base = target.join("doc/genesys_cloud_chat");
    let mut pages = Vec::new();
    let mut stack = vec![base.clone()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    let mut anchors: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut anchors_of = |page: &Path| -> BTreeSet<String> {
        anchors
            .entry(page.to_path_buf())
            .or_insert_with(|| {
                let html = fs::read_to_string(page).unwrap_or_default();
                attribute_values(&html, "id")
                    .into_iter()
                    .chain(attribute_values(&html, "name"))
                    .collect()
            })
            .clone()
    };
    let (mut checked, mut dead) = (0, Vec::new());
    for page in &pages {
        let html = fs::read_to_string(page).unwrap();
        let ours = html.split("id=\"blanket-implementations\"").next().unwrap();
        for href in attribute_values(ours, "href") {
            let is_line = href.contains("/src/")
                && href
                    .rsplit_once('#')
                    .is_some_and(|(_, f)| f.chars().all(|c| c.is_ascii_digit() || c == '-'));
            if href.is_empty()
                || href == "#"
                || href.contains("${")
                || is_line
                || href
                    .split(':')
                    .next()
                    .is_some_and(|s| !s.contains('/') && !s.contains('#') && s.len() < href.len())
            {
                continue;
            }
            checked += 1;
            let (file, fragment) = href.split_once('#').unwrap_or((&href, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            let rel = page.strip_prefix(&base).unwrap().display().to_string();
            if !target.exists() {
                dead.push(format!("{rel}: {href} (no such file)"));
            } else if !fragment.is_empty()
                && target.extension().is_some_and(|e| e == "html")
                && !anchors_of(&target).contains(fragment)
            {
                dead.push(format!("{rel}: {href} (no such anchor)"));
            }
        }
    }
    assert!(
        dead.is_empty(),
        "{} dangling links:\n{}",
        dead.len(),
        dead.join("\n")
    );
    assert!(checked > 1000, "only {checked} links checked");
    // The reference pages' links became links to items.
    let module = fs::read_to_string(base.join("apis/chat/index.html")).unwrap();
    assert!(
        !module.contains(".md\""),
        "a link to a Markdown file is left"
    );
    assert!(module.contains("href=\"../../models/struct.Room.html\""));
    let root_page = fs::read_to_string(base.join("index.html")).unwrap();
    assert!(!root_page.contains(".md\""));
    assert!(root_page.contains("href=\"apis/chat/index.html\""));
}

/// The front matter of the API page is not shown by rustdoc.
#[test]
fn front_matter_is_inside_an_html_comment_for_rustdoc() {
    let module = fs::read_to_string(root().join("generated/src/apis/chat.rs")).unwrap();
    let page = fs::read_to_string(root().join("generated/docs/ChatApi.md")).unwrap();
    assert!(page.starts_with("---\ntitle: ChatApi\n---\n"));
    // The Rust file opens a comment just before including the page, and the page's first
    // comment (its generated-file notice) closes it right after the front matter.
    let include = module
        .find("#![doc = include_str!(\"../../docs/ChatApi.md\")]")
        .unwrap();
    assert!(module[..include].trim_end().ends_with("//! <!--"));
    let closes = page.find("-->").unwrap();
    let heading = page.find("\n## ").unwrap();
    assert!(
        closes < heading,
        "the comment closes before the page's first heading"
    );
    assert!(!page[..closes].contains("\n## "));
}
