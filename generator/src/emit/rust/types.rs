//! IR types -> Rust type syntax, and rustdoc text.

use proc_macro2::{Ident, Span};

use crate::ir::TypeRef;

/// An identifier the lowering already made valid.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a [`TypeRef`] as text, models named through the path `models`.
pub fn rust_type_text(ty: &TypeRef, models: &str) -> String {
    match ty {
        TypeRef::String | TypeRef::Uri | TypeRef::Uuid => "String".to_owned(),
        TypeRef::Int32 => "i32".to_owned(),
        TypeRef::Int64 => "i64".to_owned(),
        TypeRef::Float => "f32".to_owned(),
        TypeRef::Double => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type_text(item, models)),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type_text(value, models)
        ),
        TypeRef::Model(name) => format!("{models}::{name}"),
    }
}

/// Whether `Default` can be derived for a field of this type when it is required.
pub fn has_default(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Model(_) | TypeRef::DateTime | TypeRef::Date)
}

/// Spec prose -> rustdoc lines that render as written: brackets are escaped so rustdoc does not
/// take them for links, angle brackets so it does not take them for HTML, and bare URLs are
/// wrapped so they become links.
pub fn doc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.starts_with("http://") || word.starts_with("https://") {
            let url = word.trim_end_matches(['.', ',', ';', ')']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            out.push_str(&word[url.len()..]);
            continue;
        }
        for c in word.chars() {
            match c {
                '[' | ']' | '<' | '>' => {
                    out.push('\\');
                    out.push(c);
                }
                '\r' => {}
                c => out.push(c),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_escapes_markdown_and_wraps_urls() {
        assert_eq!(doc_text("range [10,3650]"), "range \\[10,3650\\]");
        assert_eq!(doc_text("a <b> c"), "a \\<b\\> c");
        assert_eq!(doc_text("see https://x.y/z."), "see <https://x.y/z>.");
        assert_eq!(
            doc_text("yyyy-MM-ddTHH:mm:ss[.mmm]Z"),
            "yyyy-MM-ddTHH:mm:ss\\[.mmm\\]Z"
        );
    }
}
