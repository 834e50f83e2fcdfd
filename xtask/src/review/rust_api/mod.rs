//! The public Rust API of a generated crate, read back from its source with syn: what a user
//! compiles against, whichever generator version wrote it. Two of them compared say what a
//! change does to users in Rust terms, including a generator change with no spec change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context as _, Result};
use proc_macro2::TokenTree;
use serde::Serialize;

/// What an entry of the API is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Struct,
    Enum,
    Field,
    Variant,
    Fn,
    Method,
    TraitMethod,
    Impl,
    Type,
    Const,
    Trait,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::Field => "field",
            Kind::Variant => "variant",
            Kind::Fn => "function",
            Kind::Method => "method",
            Kind::TraitMethod => "trait method",
            Kind::Impl => "trait impl",
            Kind::Type => "type alias",
            Kind::Const => "constant",
            Kind::Trait => "trait",
        }
    }

    /// A member of a struct or enum, rather than an item of its own.
    fn is_member(self) -> bool {
        matches!(self, Kind::Field | Kind::Variant)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub kind: Kind,
    /// The declaration, tokens printed plainly: `fn new(message: String) -> Self`.
    pub signature: String,
    /// What code outside the crate depends on, compared between versions: for a function its
    /// receiver, parameter types and return type (parameter names are free to change); for a
    /// trait method whether it has a default too.
    #[serde(skip)]
    pub shape: String,
    /// A struct or enum marked `#[non_exhaustive]` (directly, or by the macro that defines it).
    pub non_exhaustive: bool,
}

/// Every public entry, by path: `models::Room`, `models::Room.id`, `models::RoomType::Adhoc`,
/// `apis::chat::ChatApi::get_chats_room`, `models::Room impl Default`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RustApi {
    pub entries: BTreeMap<String, Entry>,
}

/// Reads the public API of the crate in `crate_dir`: every item of its public modules (`pub mod`
/// in `lib.rs`), and of its private modules only what `lib.rs` re-exports (`pub use m::{A, B}`).
/// Trait impls of traits the crate keeps to itself are not API. A split layout's model crates
/// (`crates/*`) are read as the modules the SDK crate re-exports them as: their models as
/// `models`, the core's `nullable` as `nullable`.
pub fn read(crate_dir: &Path) -> Result<RustApi> {
    let files::CrateFiles { mut files, parts } = files::of_crate(crate_dir)?;
    files.sort();
    let macros = files
        .iter()
        .find(|(_, f)| f.ends_with("src/macros.rs"))
        .and_then(|(_, f)| std::fs::read_to_string(f).ok())
        .unwrap_or_default();
    let mut parsed = Vec::with_capacity(files.len());
    for (root, file) in &files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let syntax = syn::parse_file(&text)
            .with_context(|| format!("{} does not parse as Rust", file.display()))?;
        parsed.push((files::module_of(root, file), syntax));
    }
    let mut visibility = parsed
        .iter()
        .find(|(m, _)| m == "crate")
        .map(|(_, lib)| Visibility::of(lib, &parts))
        .unwrap_or_default();
    // Items a module re-exports from another (`pub use crate::failure::{A, B};` in `error`,
    // `pub use crate::channel::{..}` in the public `notifications`): they are keyed by that
    // module when it is shown, so moving an item's definition behind an unchanged path is no
    // change.
    for (module, file) in &parsed {
        for item in &file.items {
            if let syn::Item::Use(u) = item {
                if module != "crate" && is_pub(&u.vis) {
                    visibility.alias(module, &u.tree);
                }
            }
        }
    }
    // Types the crate shows (by name: where each is defined, and the module it is keyed by),
    // wherever their impls are written; traits it does not show.
    let mut public_types: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut hidden_traits = BTreeSet::new();
    for (module, file) in &parsed {
        for item in &file.items {
            let (name, public) = match item {
                syn::Item::Struct(s) => (s.ident.to_string(), is_pub(&s.vis)),
                syn::Item::Enum(e) => (e.ident.to_string(), is_pub(&e.vis)),
                syn::Item::Type(t) => (t.ident.to_string(), is_pub(&t.vis)),
                syn::Item::Trait(t) => {
                    let name = t.ident.to_string();
                    if !(is_pub(&t.vis) && visibility.home(module, &name).is_some()) {
                        hidden_traits.insert(name);
                    }
                    continue;
                }
                _ => continue,
            };
            if let Some(home) = visibility.home(module, &name).filter(|_| public) {
                public_types
                    .entry(name)
                    .or_default()
                    .push((module.clone(), home));
            }
        }
    }
    let mut reader = Reader {
        api: RustApi::default(),
        // Enums defined by the runtime's macros are as exhaustive as the macros make them.
        string_enum_non_exhaustive: macro_adds_non_exhaustive(&macros, "string_enum"),
        one_of_non_exhaustive: macro_adds_non_exhaustive(&macros, "one_of"),
        visibility,
        public_types,
        hidden_traits,
    };
    for (module, file) in &parsed {
        reader.items(module, &file.items);
    }
    Ok(reader.api)
}

struct Reader {
    api: RustApi,
    string_enum_non_exhaustive: bool,
    one_of_non_exhaustive: bool,
    visibility: Visibility,
    /// Types the crate shows, by name: the modules each is defined in and keyed by. Their
    /// inherent and trait impls are API, in whichever module, keyed by the type's.
    public_types: BTreeMap<String, Vec<(String, String)>>,
    /// Traits the crate does not show: their impls are not API.
    hidden_traits: BTreeSet<String>,
}

impl Reader {
    fn add(&mut self, key: String, kind: Kind, signature: String, non_exhaustive: bool) {
        self.add_shaped(key, kind, signature.clone(), signature, non_exhaustive);
    }

    fn add_shaped(
        &mut self,
        key: String,
        kind: Kind,
        signature: String,
        shape: String,
        non_exhaustive: bool,
    ) {
        self.api.entries.insert(
            key,
            Entry {
                kind,
                signature,
                shape,
                non_exhaustive,
            },
        );
    }

    fn impls(&mut self, module: &str, name: &str, traits: Vec<String>) {
        for t in traits {
            self.add_shaped(
                format!("{module}::{name} impl {t}"),
                Kind::Impl,
                format!("impl {t} for {name}"),
                format!("impl {t}"),
                false,
            );
        }
    }

    fn items(&mut self, module: &str, items: &[syn::Item]) {
        for item in items {
            let name = match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
                syn::Item::Type(t) => Some(t.ident.to_string()),
                syn::Item::Const(c) => Some(c.ident.to_string()),
                syn::Item::Trait(t) => Some(t.ident.to_string()),
                syn::Item::Mod(m) => Some(m.ident.to_string()),
                syn::Item::Impl(i) => {
                    let ty = match &*i.self_ty {
                        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                        _ => None,
                    };
                    // A macro-defined enum's impls are in the macro; foreign types (`String`)
                    // take impls of the crate's traits only through them.
                    if ty
                        .as_ref()
                        .is_some_and(|t| !self.public_types.contains_key(t))
                    {
                        continue;
                    }
                    None
                }
                // The enums the runtime's macros define are in the public `models` module.
                _ => None,
            };
            if item_attrs(item).is_some_and(is_hidden) {
                continue;
            }
            let home = match name {
                Some(n) => match self.visibility.home(module, &n) {
                    Some(home) => home,
                    None => continue,
                },
                None => module.to_owned(),
            };
            let module = home.as_str();
            match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => {
                    let name = s.ident.to_string();
                    let key = format!("{module}::{name}");
                    self.add(
                        key.clone(),
                        Kind::Struct,
                        format!("struct {name}{}", plain(&s.generics)),
                        has_attr(&s.attrs, "non_exhaustive"),
                    );
                    for (i, f) in s.fields.iter().enumerate() {
                        if is_pub(&f.vis) && !is_hidden(&f.attrs) {
                            let field = f.ident.as_ref().map_or(i.to_string(), |i| i.to_string());
                            self.add(format!("{key}.{field}"), Kind::Field, plain(&f.ty), false);
                        }
                    }
                    self.impls(module, &name, derived(&s.attrs));
                }
                syn::Item::Enum(e) if is_pub(&e.vis) => {
                    let name = e.ident.to_string();
                    let key = format!("{module}::{name}");
                    self.add(
                        key.clone(),
                        Kind::Enum,
                        format!("enum {name}{}", plain(&e.generics)),
                        has_attr(&e.attrs, "non_exhaustive"),
                    );
                    for v in &e.variants {
                        let fields = plain(without_attrs(&v.fields));
                        self.add(
                            format!("{key}::{}", v.ident),
                            Kind::Variant,
                            format!("{}{fields}", v.ident),
                            false,
                        );
                    }
                    self.impls(module, &name, derived(&e.attrs));
                }
                syn::Item::Fn(f) if is_pub(&f.vis) => {
                    self.add_shaped(
                        format!("{module}::{}", f.sig.ident),
                        Kind::Fn,
                        plain(&f.sig),
                        shape(&f.sig),
                        false,
                    );
                }
                syn::Item::Impl(i) => self.impl_block(module, i),
                syn::Item::Type(t) if is_pub(&t.vis) => {
                    self.add(
                        format!("{module}::{}", t.ident),
                        Kind::Type,
                        plain(&t.ty),
                        false,
                    );
                }
                syn::Item::Const(c) if is_pub(&c.vis) => {
                    self.add(
                        format!("{module}::{}", c.ident),
                        Kind::Const,
                        plain(&c.ty),
                        false,
                    );
                }
                syn::Item::Trait(t) if is_pub(&t.vis) => {
                    self.add(
                        format!("{module}::{}", t.ident),
                        Kind::Trait,
                        format!("trait {}", t.ident),
                        false,
                    );
                    for ti in &t.items {
                        if let syn::TraitItem::Fn(f) = ti {
                            // A method without a default must be written by every implementation.
                            let provided = if f.default.is_some() {
                                "provided"
                            } else {
                                "required"
                            };
                            self.add_shaped(
                                format!("{module}::{}::{}", t.ident, f.sig.ident),
                                Kind::TraitMethod,
                                format!("{provided} {}", plain(&f.sig)),
                                format!("{provided} {}", shape(&f.sig)),
                                false,
                            );
                        }
                    }
                }
                syn::Item::Mod(m) if is_pub(&m.vis) => {
                    if let Some((_, inner)) = &m.content {
                        self.items(&format!("{module}::{}", m.ident), inner);
                    }
                }
                syn::Item::Macro(m) => self.macro_enum(module, m),
                _ => {}
            }
        }
    }

    fn impl_block(&mut self, module: &str, i: &syn::ItemImpl) {
        // `Topic<T>` is keyed as `Topic`, the item the impl belongs to.
        let self_ty = match &*i.self_ty {
            syn::Type::Path(p) => p
                .path
                .segments
                .last()
                .map_or_else(|| plain(&i.self_ty), |s| s.ident.to_string()),
            other => plain(other),
        };
        // Keyed by the type's module, wherever the impl is written: the type defined here, or
        // the only type of that name.
        let homes = self
            .public_types
            .get(&self_ty)
            .map_or(&[][..], Vec::as_slice);
        let home = match homes.iter().find(|(defined, _)| defined == module) {
            Some((_, home)) => home.clone(),
            None => match homes {
                [(_, home)] => home.clone(),
                _ => module.to_owned(),
            },
        };
        let module = home.as_str();
        match &i.trait_ {
            Some((_, path, _)) => {
                // Keyed by the trait's name alone: `fmt::Display` and `std::fmt::Display`,
                // `Deserialize` derived and `Deserialize<'de>` written out, are the same impl.
                let t = path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                if self.hidden_traits.contains(&t) {
                    return;
                }
                self.add_shaped(
                    format!("{module}::{self_ty} impl {t}"),
                    Kind::Impl,
                    format!("impl {} for {self_ty}", plain(path)),
                    format!("impl {t}"),
                    false,
                );
            }
            None => {
                for item in &i.items {
                    if let syn::ImplItem::Fn(f) = item {
                        if is_pub(&f.vis) && !is_hidden(&f.attrs) {
                            self.add_shaped(
                                format!("{module}::{self_ty}::{}", f.sig.ident),
                                Kind::Method,
                                plain(&f.sig),
                                shape(&f.sig),
                                false,
                            );
                        }
                    }
                    if let syn::ImplItem::Const(c) = item {
                        if is_pub(&c.vis) && !is_hidden(&c.attrs) {
                            self.add(
                                format!("{module}::{self_ty}::{}", c.ident),
                                Kind::Const,
                                plain(&c.ty),
                                false,
                            );
                        }
                    }
                }
            }
        }
    }

    /// `crate::string_enum! { Name { Variant = "wire", .. } }` and
    /// `crate::one_of! { Name by "prop" { Variant(Type) = "tag", .. } }`: the enums they define,
    /// with the `Unknown` variant the macros add.
    fn macro_enum(&mut self, module: &str, m: &syn::ItemMacro) {
        let Some(which) = m.mac.path.segments.last().map(|s| s.ident.to_string()) else {
            return;
        };
        let (non_exhaustive, unknown) = match which.as_str() {
            "string_enum" => (self.string_enum_non_exhaustive, "Unknown(String)"),
            "one_of" => (self.one_of_non_exhaustive, "Unknown(serde_json::Value)"),
            _ => return,
        };
        let tokens: Vec<TokenTree> = m.mac.tokens.clone().into_iter().collect();
        // The first identifier outside attributes is the name; the last brace group the body.
        let mut name = None;
        let mut body = None;
        let mut iter = tokens.iter().peekable();
        while let Some(t) = iter.next() {
            match t {
                TokenTree::Punct(p) if p.as_char() == '#' => {
                    iter.next();
                }
                TokenTree::Ident(i) if name.is_none() => name = Some(i.to_string()),
                TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                    body = Some(g.stream());
                }
                _ => {}
            }
        }
        let (Some(name), Some(body)) = (name, body) else {
            return;
        };
        let key = format!("{module}::{name}");
        self.add(
            key.clone(),
            Kind::Enum,
            format!("enum {name}"),
            non_exhaustive,
        );
        for (variant, fields) in macro_variants(body) {
            self.add(
                format!("{key}::{variant}"),
                Kind::Variant,
                format!("{variant}{fields}"),
                false,
            );
        }
        self.add(
            format!("{key}::Unknown"),
            Kind::Variant,
            unknown.to_owned(),
            false,
        );
    }
}

mod compare;
pub mod files;
mod public;
mod syntax;
#[cfg(test)]
mod tests;

pub use compare::{ApiChange, compare};
use public::{Visibility, shape};
pub use syntax::plain;
use syntax::{
    derived, has_attr, is_hidden, is_pub, item_attrs, macro_adds_non_exhaustive, macro_variants,
    without_attrs,
};
