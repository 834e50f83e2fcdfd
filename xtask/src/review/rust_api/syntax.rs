//! Reading Rust syntax for the API: attributes, derives, and tokens printed as code is written.

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

pub(super) fn macro_adds_non_exhaustive(macros: &str, name: &str) -> bool {
    let Some(start) = macros.find(&format!("macro_rules! {name}")) else {
        return false;
    };
    let rest = &macros[start..];
    let end = rest[1..].find("macro_rules!").map_or(rest.len(), |e| e + 1);
    rest[..end].contains("#[non_exhaustive]")
}

pub(super) fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

pub(super) fn has_attr(attrs: &[syn::Attribute], name: &str) -> bool {
    attrs.iter().any(|a| a.path().is_ident(name))
}

/// `#[doc(hidden)]`: public to the compiler, not API (the SDK crate's own use of the runtime
/// crate's items).
pub(super) fn is_hidden(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("doc") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "hidden")
    })
}

/// The traits a `#[derive(..)]` implements. A derived `Error` (thiserror's) implements
/// `Display` too, as a written-out pair of impls does.
pub(super) fn derived(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = a.parse_nested_meta(|m| {
            if let Some(last) = m.path.segments.last() {
                if last.ident == "Error" {
                    out.push("Display".to_owned());
                }
                out.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    out
}

/// A variant's fields without their attributes: their docs and a derive's helpers
/// (`#[source]`, `#[serde(..)]`) are not their type.
pub(super) fn without_attrs(fields: &syn::Fields) -> syn::Fields {
    let mut fields = fields.clone();
    for field in fields.iter_mut() {
        field.attrs.clear();
    }
    fields
}

/// Tokens printed as code is usually written: `Option<Vec<String>>`, `fn f(a: u8) -> Self`.
pub fn plain(tokens: impl ToTokens) -> String {
    let mut s = tokens.to_token_stream().to_string();
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" <", "<"),
        (" > ", ">"),
        (" >", ">"),
        (" ,", ","),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" :", ":"),
        ("& ", "&"),
        (" ;", ";"),
        ("' ", "'"),
    ] {
        s = s.replace(from, to);
    }
    s.replace(",)", ")")
        .replace(">(", "> (")
        .replace("->", " -> ")
        .replace("  ", " ")
}

/// An item's attributes, for the kinds of item the API has.
pub(super) fn item_attrs(item: &syn::Item) -> Option<&[syn::Attribute]> {
    Some(match item {
        syn::Item::Struct(s) => &s.attrs,
        syn::Item::Enum(e) => &e.attrs,
        syn::Item::Fn(f) => &f.attrs,
        syn::Item::Type(t) => &t.attrs,
        syn::Item::Const(c) => &c.attrs,
        syn::Item::Trait(t) => &t.attrs,
        syn::Item::Mod(m) => &m.attrs,
        syn::Item::Impl(i) => &i.attrs,
        _ => return None,
    })
}

/// `Variant = "wire",` and `Variant(Type) = "tag",` entries, attributes skipped.
pub(super) fn macro_variants(body: TokenStream) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut iter = body.into_iter().peekable();
    while let Some(t) = iter.next() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '#' => {
                iter.next();
            }
            TokenTree::Ident(i) => {
                let fields = match iter.peek() {
                    Some(TokenTree::Group(g))
                        if g.delimiter() == proc_macro2::Delimiter::Parenthesis =>
                    {
                        let f = format!("({})", plain(g.stream()));
                        iter.next();
                        f
                    }
                    _ => String::new(),
                };
                out.push((i.to_string(), fields));
                // Up to the comma after the wire value.
                for t in iter.by_ref() {
                    if matches!(&t, TokenTree::Punct(p) if p.as_char() == ',') {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}
