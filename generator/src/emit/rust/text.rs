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
    // rustfmt trims the ends of comment lines.
    for l in text.lines().map(str::trim_end) {
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

/// `name: ty,` (a field), as rustfmt lays it out: on one line; else the type on the next line;
/// else, when even that is too long, the type's generic arguments one per line.
pub fn field(out: &mut String, indent: usize, name: &str, ty: &str) {
    if indent + name.len() + ty.len() + 3 <= MAX_WIDTH {
        line(out, indent, &format!("{name}: {ty},"));
    } else if indent + 4 + ty.len() < MAX_WIDTH || split_generic(ty).is_none() {
        line(out, indent, &format!("{name}:"));
        line(out, indent + 4, &format!("{ty},"));
    } else {
        generic_lines(out, indent, &format!("{name}: "), ty, ",");
    }
}

/// A function parameter on a line of its own, `name: Type,`: as rustfmt lays it out, with the
/// generic arguments of a type too long for the line one per line (a path it cannot break stays
/// as it is).
pub fn param(out: &mut String, indent: usize, name: &str, ty: &str) {
    generic_lines(out, indent, &format!("{name}: "), ty, ",");
}

/// `prefix ty suffix`, with the generic arguments of `ty` one per line (and theirs, in turn)
/// while the line is too long.
fn generic_lines(out: &mut String, indent: usize, prefix: &str, ty: &str, suffix: &str) {
    if indent + prefix.len() + ty.len() + suffix.len() <= MAX_WIDTH {
        return line(out, indent, &format!("{prefix}{ty}{suffix}"));
    }
    let Some((outer, args)) = split_generic(ty) else {
        return line(out, indent, &format!("{prefix}{ty}{suffix}"));
    };
    line(out, indent, &format!("{prefix}{outer}<"));
    for arg in args {
        generic_lines(out, indent + 4, "", arg, ",");
    }
    line(out, indent, &format!(">{suffix}"));
}

/// `Outer<A, B<C>>` -> (`Outer`, [`A`, `B<C>`]); `None` for a type without arguments.
fn split_generic(ty: &str) -> Option<(&str, Vec<&str>)> {
    let open = ty.find('<')?;
    let inner = ty.strip_suffix('>')?.get(open + 1..)?;
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth = depth.checked_sub(1)?,
            ',' if depth == 0 => {
                args.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    args.push(inner[start..].trim());
    Some((&ty[..open], args))
}

/// `pub const NAME: Type = Type::new(TypeParts { fields });`, laid out as rustfmt lays out a
/// constant whose value is a call with one struct literal (measured against rustfmt):
/// - on one line up to the brace when that line has at most 98 columns;
/// - else the call on the next line, one level in, when every field line fits there;
/// - else, when `pub const NAME: Type = Type::new(` fits, the literal as the call's one
///   argument on lines of its own;
/// - else the call on the next line anyway (after the colon when not even `... =` fits).
///
/// `fields` writes the fields at the indent it is given.
pub fn const_from_parts(
    out: &mut String,
    name: &str,
    ty: &str,
    parts: &str,
    fields: impl Fn(&mut String, usize),
) {
    let head = format!("pub const {name}: {ty} =");
    let call = format!("{ty}::new(");
    let one = format!("{head} {call}{parts} {{");
    if one.len() < MAX_WIDTH - 1 {
        line(out, 0, &one);
        fields(out, 4);
        line(out, 0, "});");
        return;
    }
    let mut deeper = String::new();
    fields(&mut deeper, 8);
    let fits = deeper.lines().all(|l| l.len() <= MAX_WIDTH);
    let open = format!("{head} {call}");
    if !fits && open.len() <= MAX_WIDTH {
        line(out, 0, &open);
        line(out, 4, &format!("{parts} {{"));
        out.push_str(&deeper);
        line(out, 4, "},");
        line(out, 0, ");");
    } else if head.len() <= MAX_WIDTH {
        line(out, 0, &head);
        line(out, 4, &format!("{call}{parts} {{"));
        out.push_str(&deeper);
        line(out, 4, "});");
    } else {
        line(out, 0, &format!("pub const {name}:"));
        line(out, 4, &format!("{ty} = {call}{parts} {{"));
        fields(out, 4);
        line(out, 0, "});");
    }
}

/// `impl Type {`, laid out as rustfmt does when the name fills the line: `impl`, the type one
/// level in, and the brace on lines of their own (and, past that, as written).
pub fn impl_head(out: &mut String, ty: &str) {
    let one = format!("impl {ty} {{");
    if one.len() > MAX_WIDTH && 4 + ty.len() <= MAX_WIDTH {
        line(out, 0, "impl");
        line(out, 4, ty);
        line(out, 0, "{");
    } else {
        line(out, 0, &one);
    }
}

/// The end of a method's signature, `) -> Type {`, as rustfmt lays it out when the type is
/// long: the brace on the next line when the line would pass 96 columns, or, when not even
/// `) -> Type` fits, right after the type (measured with rustfmt 1.8; `indent` is the
/// method's).
pub fn returns_tail(indent: usize, ty: &str) -> String {
    let returns = format!(") -> {ty}");
    if indent + returns.len() + 2 <= MAX_WIDTH - 4 {
        format!("{returns} {{")
    } else if indent + returns.len() <= MAX_WIDTH + 2 {
        format!("{returns}\n{}{{", " ".repeat(indent))
    } else {
        format!("{returns}{{")
    }
}

/// The head of an item with a body, `head {`: with the brace on a line of its own when the
/// head fills the line (as rustfmt does for a very long type name).
pub fn item_head(out: &mut String, indent: usize, head: &str) {
    if indent + head.len() + 2 <= MAX_WIDTH {
        line(out, indent, &format!("{head} {{"));
    } else {
        line(out, indent, head);
        line(out, indent, "{");
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

/// Spec prose -> rustdoc lines that render as written ([`crate::emit::prose`]), owned: callers
/// append to it.
pub fn doc_text(text: &str) -> String {
    crate::emit::prose(text).into_owned()
}

/// The order rustfmt sorts the names of a `use` list in (the style guide's version sorting):
/// character by character, uppercase before lowercase, runs of digits by their value
/// (`V2` before `V10`).
pub fn version_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut a, mut b) = (a, b);
    loop {
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        match (a.chars().next(), b.chars().next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let (na, nb) = (digits(a), digits(b));
                let (da, db) = (
                    a[..na].trim_start_matches('0'),
                    b[..nb].trim_start_matches('0'),
                );
                let by_value = da.len().cmp(&db.len()).then_with(|| da.cmp(db));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (a, b) = (&a[na..], &b[nb..]);
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(&y);
                }
                (a, b) = (&a[x.len_utf8()..], &b[y.len_utf8()..]);
            }
        }
    }
}

/// A Rust string literal, escaped as the compiler reads it (proc-macro2 writes it).
pub fn string(text: &str) -> String {
    // Printable ASCII other than `"` and `\` is written as it is (most names and docs): no need to
    // build a literal token for it.
    if text
        .bytes()
        .all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\')
    {
        let mut out = String::with_capacity(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
        return out;
    }
    proc_macro2::Literal::string(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_strings_are_written_as_proc_macro2_writes_them() {
        let printable: String = (b' '..=b'~').map(char::from).collect();
        for text in [
            "",
            "plain words",
            printable.as_str(),
            "it's",
            "tab\there",
            "\u{e9}t\u{e9}",
            "\0",
            "\u{7f}",
        ] {
            assert_eq!(
                string(text),
                proc_macro2::Literal::string(text).to_string(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn long_field_types_break_as_rustfmt_breaks_them() {
        // 89 columns as `Option<_>`: one column too many for `    pub a: Option<_>,`.
        let long = format!("super::{}", "A".repeat(74));
        let mut out = String::new();
        field(&mut out, 4, "pub a", &format!("Option<{long}>"));
        field(
            &mut out,
            4,
            "pub b",
            &format!("Option<std::collections::BTreeMap<String, {long}>>"),
        );
        assert_eq!(
            out,
            format!(
                "    pub a:\n        Option<{long}>,\n    pub b: Option<\n        std::collections::BTreeMap<\n            String,\n            {long},\n        >,\n    >,\n"
            )
        );
    }

    #[test]
    fn names_sort_as_rustfmt_sorts_them() {
        let mut names = vec![
            "GetUsersSearch",
            "GetUserGeolocation",
            "PostAnalyticsConversationsAggregatesQuery",
            "PostAnalyticsConversationDetailsProperties",
            "V10",
            "V2",
        ];
        names.sort_by(|a, b| version_cmp(a, b));
        assert_eq!(
            names,
            [
                "GetUserGeolocation",
                "GetUsersSearch",
                "PostAnalyticsConversationDetailsProperties",
                "PostAnalyticsConversationsAggregatesQuery",
                "V2",
                "V10"
            ]
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

    /// The four layouts of a constant built from its parts, as rustfmt 1.8 lays them out
    /// (each checked with `rustfmt --edition 2024`).
    #[test]
    fn constants_from_parts_are_laid_out_as_rustfmt_lays_them_out() {
        let layout = |name: &str, path: &str| {
            let mut out = String::new();
            const_from_parts(&mut out, name, "Operation", "OperationParts", |out, at| {
                line(out, at, "id: \"x\",");
                line(out, at, &format!("path: \"{path}\","));
            });
            out
        };
        assert_eq!(
            layout("SHORT", "/a"),
            "pub const SHORT: Operation = Operation::new(OperationParts {\n    id: \"x\",\n    path: \"/a\",\n});\n"
        );
        // 99 columns up to the brace: the call goes to the next line.
        let name = "A".repeat(44);
        assert_eq!(
            layout(&name, "/a"),
            format!(
                "pub const {name}: Operation =\n    Operation::new(OperationParts {{\n        id: \"x\",\n        path: \"/a\",\n    }});\n"
            )
        );
        // A field that would pass 100 columns there: the literal on lines of its own.
        let path = "p".repeat(86);
        assert_eq!(
            layout(&name, &path),
            format!(
                "pub const {name}: Operation = Operation::new(\n    OperationParts {{\n        id: \"x\",\n        path: \"{path}\",\n    }},\n);\n"
            )
        );
        // Not even `pub const NAME: Operation =` fits: after the colon, the fields unindented.
        let name = "A".repeat(80);
        assert!(layout(&name, "/a").starts_with(&format!(
            "pub const {name}:\n    Operation = Operation::new(OperationParts {{\n    id:"
        )));
    }
}
