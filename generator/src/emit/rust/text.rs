//! Rust source printed as text, laid out the way rustfmt lays it out: 4-space indents, lines of
//! at most 100 columns, lists on one line when they fit and one item per line when they do not.
//!
//! The large files of the crate (models, API modules, the operation table) are printed with
//! these helpers rather than built as token streams and pretty-printed: on the whole platform the
//! token-stream round trip was the slowest stage of generation. A test runs rustfmt over the
//! generated crate to hold the layout to rustfmt's.

use std::fmt::Write as _;

/// rustfmt's `max_width`.
pub const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width`: the arguments of a call wider than this go one per line.
pub const CALL_WIDTH: usize = 60;
/// rustfmt's `attr_fn_like_width`: the same, for the lists of attributes.
pub const ATTR_WIDTH: usize = 70;
/// rustfmt's `array_width`.
pub const ARRAY_WIDTH: usize = 60;
/// No limit but the line's (function parameters, `use` lists).
pub const NO_LIMIT: usize = usize::MAX;

/// One line at `indent` columns.
pub fn line(out: &mut String, indent: usize, text: &str) {
    if !text.is_empty() {
        push_indent(out, indent);
        out.push_str(text);
    }
    out.push('\n');
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// `///` lines, an empty line of `text` giving a bare `///`.
pub fn docs(out: &mut String, indent: usize, text: &str) {
    for l in text.lines() {
        push_indent(out, indent);
        if l.is_empty() {
            out.push_str("///\n");
        } else {
            let _ = writeln!(out, "/// {l}");
        }
    }
}

/// `#[deprecated]` when `yes`.
pub fn deprecated(out: &mut String, indent: usize, yes: bool) {
    if yes {
        line(out, indent, "#[deprecated]");
    }
}

/// `head item, item tail` on one line when the items fit in `width` and the line in
/// [`MAX_WIDTH`]; otherwise `head`, one item per line with a trailing comma, and `tail`.
pub fn list(
    out: &mut String,
    indent: usize,
    head: &str,
    items: &[String],
    tail: &str,
    width: usize,
) {
    if let Some(one) = one_line(indent, head, items, tail, width) {
        line(out, indent, &one);
    } else {
        vertical(out, indent, head, items, tail);
    }
}

/// The one-line form of [`list`], if it fits. A single item is held to the line's width only.
fn one_line(
    indent: usize,
    head: &str,
    items: &[String],
    tail: &str,
    width: usize,
) -> Option<String> {
    let joined = items.join(", ");
    let fits = (items.len() < 2 || joined.len() <= width)
        && indent + head.len() + joined.len() + tail.len() <= MAX_WIDTH;
    fits.then(|| format!("{head}{joined}{tail}"))
}

fn vertical(out: &mut String, indent: usize, head: &str, items: &[String], tail: &str) {
    line(out, indent, head);
    for item in items {
        push_indent(out, indent + 4);
        out.push_str(item);
        out.push_str(",\n");
    }
    line(out, indent, tail.trim_start());
}

/// A statement that is one call, `lhs call(args);`, where `lhs` is empty or ends with ` =`:
/// on one line if it fits; else, for an assignment, with the call on the next line if it fits
/// there; else with one argument per line.
pub fn call(out: &mut String, indent: usize, lhs: &str, callee: &str, args: &[String]) {
    call_with(out, indent, lhs, callee, args, ");");
}

/// A call that is the value of a block, `call(args)`, laid out as [`call`].
pub fn tail_call(out: &mut String, indent: usize, callee: &str, args: &[String]) {
    call_with(out, indent, "", callee, args, ")");
}

fn call_with(
    out: &mut String,
    indent: usize,
    lhs: &str,
    callee: &str,
    args: &[String],
    close: &str,
) {
    let head = if lhs.is_empty() {
        format!("{callee}(")
    } else {
        format!("{lhs} {callee}(")
    };
    if let Some(one) = one_line(indent, &head, args, close, CALL_WIDTH) {
        return line(out, indent, &one);
    }
    if !lhs.is_empty() {
        if let Some(next) = one_line(indent + 4, &format!("{callee}("), args, close, CALL_WIDTH) {
            line(out, indent, lhs);
            return line(out, indent + 4, &next);
        }
    }
    vertical(out, indent, &head, args, close);
}

/// An attribute with a list, `#[serde(a, b)]` (`open` is `#[serde(`, `close` is `)]`), on one
/// line if it fits in [`ATTR_WIDTH`], else one item per line, with no trailing comma (as
/// rustfmt does in attributes).
pub fn attribute(out: &mut String, indent: usize, open: &str, items: &[String], close: &str) {
    if let Some(one) = one_line(indent, open, items, close, ATTR_WIDTH) {
        return line(out, indent, &one);
    }
    line(out, indent, open);
    for (i, item) in items.iter().enumerate() {
        push_indent(out, indent + 4);
        out.push_str(item);
        out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
    }
    line(out, indent, close);
}

/// `name: ty,` (a field), with the type on the next line when the line is too long.
pub fn field(out: &mut String, indent: usize, name: &str, ty: &str) {
    if indent + name.len() + ty.len() + 3 <= MAX_WIDTH {
        line(out, indent, &format!("{name}: {ty},"));
    } else {
        line(out, indent, &format!("{name}:"));
        line(out, indent + 4, &format!("{ty},"));
    }
}

/// `head{a, b}tail` for a `use` list: on one line if it fits, else the names packed into lines
/// of at most [`MAX_WIDTH`], as rustfmt's mixed import layout does.
pub fn use_list(out: &mut String, head: &str, names: &[String], tail: &str) {
    if let Some(one) = one_line(0, head, names, tail, NO_LIMIT) {
        return line(out, 0, &one);
    }
    line(out, 0, head);
    let mut current = String::new();
    for name in names {
        // `    current, name,` must stay under the width (rustfmt keeps the last column free here).
        if !current.is_empty() && 4 + current.len() + 2 + name.len() + 1 >= MAX_WIDTH {
            line(out, 4, &format!("{current},"));
            current.clear();
        }
        if !current.is_empty() {
            current.push_str(", ");
        }
        current.push_str(name);
    }
    line(out, 4, &format!("{current},"));
    line(out, 0, tail);
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

/// A Rust string literal, escaped as the compiler reads it (proc-macro2 writes it).
pub fn string(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
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

    #[test]
    fn lists_break_when_they_do_not_fit() {
        let mut out = String::new();
        list(
            &mut out,
            4,
            "fn f(",
            &["a: u8".into(), "b: u8".into()],
            ") {",
            NO_LIMIT,
        );
        assert_eq!(out, "    fn f(a: u8, b: u8) {\n");
        let long: Vec<String> = (0..8).map(|i| format!("argument_{i}: String")).collect();
        let mut out = String::new();
        list(&mut out, 4, "fn f(", &long, ") {", NO_LIMIT);
        assert!(out.starts_with("    fn f(\n        argument_0: String,\n"));
        assert!(out.ends_with("        argument_7: String,\n    ) {\n"));
    }

    #[test]
    fn use_lists_pack_names_into_lines() {
        let names: Vec<String> = (0..12)
            .map(|i| format!("SomeRequestBuilder{i:02}"))
            .collect();
        let mut out = String::new();
        use_list(&mut out, "pub use super::shared::{", &names, "};");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "pub use super::shared::{");
        assert_eq!(
            lines[1],
            "    SomeRequestBuilder00, SomeRequestBuilder01, SomeRequestBuilder02, SomeRequestBuilder03,"
        );
        assert_eq!(lines.last(), Some(&"};"));
        assert!(lines.iter().all(|l| l.len() < MAX_WIDTH));
        let mut out = String::new();
        use_list(
            &mut out,
            "use a::{",
            &["B".to_owned(), "C".to_owned()],
            "};",
        );
        assert_eq!(out, "use a::{B, C};\n");
    }

    #[test]
    fn calls_wrap_after_the_equals_sign_first() {
        let mut out = String::new();
        let arg = format!("&operations::{}", "X".repeat(60));
        call(
            &mut out,
            8,
            "let request =",
            "Request::new",
            std::slice::from_ref(&arg),
        );
        assert_eq!(
            out,
            format!("        let request =\n            Request::new({arg});\n")
        );
        let mut out = String::new();
        let args = [
            "\"anEvenLongerParameterName\"".to_owned(),
            "&self.an_even_longer_parameter_name".to_owned(),
        ];
        call(&mut out, 8, "", "request.query", &args);
        assert_eq!(
            out,
            format!(
                "        request.query(\n            {},\n            {},\n        );\n",
                args[0], args[1]
            )
        );
    }
}
