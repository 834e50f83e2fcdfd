//! What counts as the public API: what `lib.rs` and the public modules show, and the part of a
//! signature that callers depend on.

use std::collections::{BTreeMap, BTreeSet};

use super::syntax::{is_pub, plain};

/// Which modules `lib.rs` makes public, and what it re-exports from the others.
#[derive(Debug, Default)]
pub(super) struct Visibility {
    public: BTreeSet<String>,
    reexported: BTreeMap<String, BTreeSet<String>>,
    /// `(module, name)` of an item a module re-exports as its own (`pub use crate::m::X;` in
    /// `error`): the modules that do.
    aliases: BTreeMap<(String, String), Vec<String>>,
}

impl Visibility {
    /// What `lib` shows; `parts` are the crates of a split layout, whose modules it re-exports
    /// whole (`pub use genesys_cloud_core::nullable;`).
    pub(super) fn of(lib: &syn::File, parts: &BTreeSet<String>) -> Self {
        let mut v = Self::default();
        for item in &lib.items {
            match item {
                syn::Item::Mod(m) if is_pub(&m.vis) => {
                    v.public.insert(m.ident.to_string());
                }
                syn::Item::Use(u) if is_pub(&u.vis) && part_module(&u.tree, parts).is_some() => {
                    v.public.extend(part_module(&u.tree, parts));
                }
                syn::Item::Use(u) if is_pub(&u.vis) => v.reexport(&u.tree),
                _ => {}
            }
        }
        v
    }

    /// `m::{A, B}` or `crate::m::A`: names of module `m` made public.
    fn reexport(&mut self, tree: &syn::UseTree) {
        if let syn::UseTree::Path(p) = tree {
            if p.ident == "crate" {
                return self.reexport(&p.tree);
            }
            let names = self.reexported.entry(p.ident.to_string()).or_default();
            use_names(&p.tree, names);
        }
    }

    /// `pub use crate::m::{A, B};` in module `by`: `m`'s `A` and `B` are `by`'s too.
    pub(super) fn alias(&mut self, by: &str, tree: &syn::UseTree) {
        let syn::UseTree::Path(p) = tree else {
            return;
        };
        if p.ident != "crate" {
            return;
        }
        let syn::UseTree::Path(m) = &*p.tree else {
            return;
        };
        let mut names = BTreeSet::new();
        use_names(&m.tree, &mut names);
        for name in names {
            self.aliases
                .entry((m.ident.to_string(), name))
                .or_default()
                .push(by.to_owned());
        }
    }

    /// The module the item `name` of `module` is keyed by, when it is part of the public API:
    /// a module that re-exports it as its own and is shown (where users name it, wherever it
    /// is defined), else its own.
    pub(super) fn home(&self, module: &str, name: &str) -> Option<String> {
        let aliased = self
            .aliases
            .get(&(module.to_owned(), name.to_owned()))
            .and_then(|by| by.iter().find(|m| self.shows(m, name)).cloned());
        aliased.or_else(|| self.shows(module, name).then(|| module.to_owned()))
    }

    /// Whether the item `name` of `module` is part of the public API.
    pub(super) fn shows(&self, module: &str, name: &str) -> bool {
        let top = module.split("::").next().unwrap_or(module);
        top == "crate"
            || self.public.contains(top)
            || self.reexported.get(top).is_some_and(|n| n.contains(name))
    }
}

/// `m` of `pub use <part>::m;`, where `<part>` is a crate of the split layout.
fn part_module(tree: &syn::UseTree, parts: &BTreeSet<String>) -> Option<String> {
    match tree {
        syn::UseTree::Path(p) if parts.contains(&p.ident.to_string()) => match &*p.tree {
            syn::UseTree::Name(n) => Some(n.ident.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The names a `use` tree brings in: `A`, `{A, B}`.
fn use_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            out.insert(r.ident.to_string());
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
        syn::UseTree::Path(p) => use_names(&p.tree, out),
        syn::UseTree::Glob(_) => {}
    }
}

/// What callers of `sig` depend on: receiver, parameter types, return type, generics, `async`.
pub(super) fn shape(sig: &syn::Signature) -> String {
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|a| match a {
            syn::FnArg::Receiver(r) => {
                let reference = r.reference.as_ref().map_or(String::new(), |(_, l)| {
                    format!("&{} ", l.as_ref().map_or(String::new(), plain))
                });
                let mutable = if r.reference.is_some() && r.mutability.is_some() {
                    "mut "
                } else {
                    ""
                };
                format!("{reference}{mutable}self")
            }
            syn::FnArg::Typed(t) => plain(&t.ty),
        })
        .collect();
    format!(
        "{}fn{}({}){}",
        if sig.asyncness.is_some() {
            "async "
        } else {
            ""
        },
        plain(&sig.generics),
        inputs.join(", "),
        plain(&sig.output)
    )
}
