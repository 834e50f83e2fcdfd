//! Spec names -> Rust identifiers.
//!
//! The rules, in order:
//! 1. Case: heck's `snake_case` for functions, fields and modules, `UpperCamelCase` for types and
//!    enum variants. Word boundaries come from case changes, digits stay attached
//!    (`1on1Message` -> `1on1_message`), and every character that cannot appear in an identifier
//!    (`-`, `.`, `:`, spaces, non-ASCII) separates words and is dropped.
//! 2. A name that starts with a digit gets a `v`/`V` prefix: `v1on1_message`, `V1on1Message`.
//! 3. A name that is empty after that becomes `value` / `Value`.
//! 4. A Rust keyword gets a trailing underscore: `type` -> `type_`, `Self` -> `Self_`. (Raw
//!    identifiers are not used: `r#self` and `r#crate` do not exist, and `type_` reads better.)
//!
//! 5. An enum value that would be the variant `Unknown` becomes `UnknownValue`: `Unknown(String)`
//!    holds the values the SDK does not know.
//!
//! The wire name is always kept beside the Rust name, so serde renames restore it.

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024, strict and reserved. The weak keyword `union` is a valid field and
/// function name, so it is left out.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The types and traits of Rust 2024's prelude (and its variants' names): the code of a model
/// names them unqualified (`String`, `Option<..>`, `Result<..>`, `impl From<..>`), so a model
/// must not take one of these names in its own module.
pub const PRELUDE: &[&str] = &[
    "AsMut",
    "AsRef",
    "AsyncFn",
    "AsyncFnMut",
    "AsyncFnOnce",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// `name`, or `{name}Model` when it is a name of the [`PRELUDE`].
pub fn clear_of_prelude(name: String) -> String {
    if PRELUDE.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// Replaces everything that cannot be part of an ASCII identifier with a word break.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

fn finish(ident: String, digit_prefix: &str, empty: &str) -> String {
    let ident = if ident.is_empty() {
        empty.to_owned()
    } else if ident.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{ident}")
    } else {
        ident
    };
    if KEYWORDS.contains(&ident.as_str()) {
        format!("{ident}_")
    } else {
        ident
    }
}

/// A function, field, parameter or module name: `snake_case`.
pub fn snake(name: &str) -> String {
    let cased = plain_snake(name).unwrap_or_else(|| words(name).to_snake_case());
    finish(cased, "v", "value")
}

/// A type or enum-variant name: `UpperCamelCase`.
pub fn pascal(name: &str) -> String {
    let cased = plain_pascal(name).unwrap_or_else(|| words(name).to_upper_camel_case());
    finish(cased, "V", "Value")
}

/// Whether `name` is ASCII letters with no two capitals in a row (`dateCreated`, `RoomType`):
/// then every capital starts a word, and nothing else does.
fn is_plain_camel(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.iter().all(u8::is_ascii_alphabetic)
        && !bytes
            .windows(2)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
}

/// heck's `snake_case` of the names most specs use, without its general word splitting:
/// `dateCreated` and `RoomType` (a break before each capital) and `date_created` (as it is).
/// `None` for any other name. (`naming::tests::plain_names_are_cased_as_heck_cases_them`)
fn plain_snake(name: &str) -> Option<String> {
    let bytes = name.as_bytes();
    if is_plain_camel(name) {
        let mut out = String::with_capacity(name.len() + 4);
        for (i, b) in bytes.iter().enumerate() {
            if b.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(char::from(b.to_ascii_lowercase()));
        }
        return Some(out);
    }
    let lower_words = !bytes.is_empty()
        && bytes.iter().all(|b| b.is_ascii_lowercase() || *b == b'_')
        && bytes.first() != Some(&b'_')
        && bytes.last() != Some(&b'_')
        && !name.contains("__");
    lower_words.then(|| name.to_owned())
}

/// heck's `UpperCamelCase` of a plain camel-case name (see [`is_plain_camel`]): its first letter
/// capitalised. `None` for any other name.
fn plain_pascal(name: &str) -> Option<String> {
    is_plain_camel(name).then(|| {
        let mut out = name.to_owned();
        out[..1].make_ascii_uppercase();
        out
    })
}

/// The name of an inline type that sits at `member` inside `parent`: `Room` + `roomType` is
/// `RoomType` (the parent's name is not repeated), `Limit` + `namespace` is `LimitNamespace`.
pub fn nested(parent: &str, member: &str) -> String {
    join_nested(parent, pascal(member))
}

fn join_nested(parent: &str, member: String) -> String {
    if member.starts_with(parent) {
        member
    } else {
        format!("{parent}{member}")
    }
}

/// [`snake`], [`pascal`] and [`nested`] with a memory. A large spec spells the same property and
/// schema names thousands of times over, and case conversion was the costliest step of lowering
/// the whole platform (a quarter of it, counted with callgrind).
#[derive(Debug, Default)]
pub struct Names {
    snake: HashMap<String, String>,
    pascal: HashMap<String, String>,
}

impl Names {
    pub fn snake(&mut self, name: &str) -> String {
        remembered(&mut self.snake, name, snake)
    }

    pub fn pascal(&mut self, name: &str) -> String {
        remembered(&mut self.pascal, name, pascal)
    }

    pub fn nested(&mut self, parent: &str, member: &str) -> String {
        let member = self.pascal(member);
        join_nested(parent, member)
    }
}

fn remembered(memory: &mut HashMap<String, String>, name: &str, f: fn(&str) -> String) -> String {
    if let Some(known) = memory.get(name) {
        return known.clone();
    }
    let made = f(name);
    memory.insert(name.to_owned(), made.clone());
    made
}

/// A name spelled with its symbols as words, for names that differ only in symbols or case:
/// `<=` -> `lt eq`, `+1` -> `plus 1`, `""` -> `empty` (then cased by the caller); a symbol
/// between two letters or digits only separates words (`on-hold` -> `on hold`).
pub fn symbol_words(name: &str) -> String {
    if name.is_empty() {
        return "empty".to_owned();
    }
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() * 2);
    for (i, &c) in chars.iter().enumerate() {
        // A symbol between two letters or digits separates words (`on-hold`); elsewhere it
        // means something (`-1`, `<=`).
        let inside_word = i > 0
            && chars[i - 1].is_ascii_alphanumeric()
            && chars.get(i + 1).is_some_and(char::is_ascii_alphanumeric);
        if inside_word && !c.is_ascii_alphanumeric() {
            out.push(' ');
            continue;
        }
        let word = match c {
            '=' => "eq",
            '<' => "lt",
            '>' => "gt",
            '!' => "not",
            '+' => "plus",
            '-' => "minus",
            '*' => "star",
            '/' => "slash",
            '\\' => "backslash",
            '.' => "dot",
            ',' => "comma",
            ':' => "colon",
            ';' => "semicolon",
            '&' => "and",
            '|' => "pipe",
            '%' => "percent",
            '#' => "hash",
            '@' => "at",
            '$' => "dollar",
            '^' => "caret",
            '~' => "tilde",
            '?' => "question",
            '(' | '[' | '{' => "open",
            ')' | ']' | '}' => "close",
            '\'' | '"' | '`' => "quote",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push(' ');
        out.push_str(word);
        out.push(' ');
    }
    out
}

/// Whether `name` has nothing an identifier could be made of.
pub fn is_symbolic(name: &str) -> bool {
    !name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// `base` if it is free, else `base2`, `base3`, ...: the first that `taken` does not hold.
pub fn numbered(base: &str, taken: impl Fn(&str) -> bool) -> String {
    (1..)
        .map(|i| {
            if i == 1 {
                base.to_owned()
            } else {
                format!("{base}{i}")
            }
        })
        .find(|n| !taken(n))
        .unwrap_or_else(|| base.to_owned())
}

/// Gives each of `names` (spec names, in order) a distinct Rust spelling: `case` of the name;
/// where several would share one, `case` of the name with its symbols as words
/// ([`symbol_words`]); where they still would, a number after all but the first (`_2` for a
/// snake case name, `2` for a pascal case one). A name that is only symbols gets words from
/// the start (`=` is `Eq`, not `Value`). Returns the spellings, parallel to `names`, and the
/// indexes renamed because of a collision.
pub fn distinct(
    names: &[&str],
    mut case: impl FnMut(&str) -> String,
    separator: &str,
) -> (Vec<String>, Vec<usize>) {
    let plain: Vec<String> = names
        .iter()
        .map(|n| {
            if is_symbolic(n) {
                case(&symbol_words(n))
            } else {
                case(n)
            }
        })
        .collect();
    // Most lists are a struct's few fields, all distinct: compared pairwise, with no tables.
    if plain.len() <= 32
        && plain
            .iter()
            .enumerate()
            .all(|(i, p)| !plain[..i].contains(p))
    {
        return (plain, Vec::new());
    }
    // Counted and looked up by hash: a platform spec has ten thousand schema names.
    let mut counts: HashMap<&str, usize> = HashMap::with_capacity(plain.len());
    for p in &plain {
        *counts.entry(p.as_str()).or_default() += 1;
    }
    let mut out: Vec<String> = plain
        .iter()
        .zip(names)
        .map(|(p, n)| {
            if counts[p.as_str()] > 1 {
                case(&symbol_words(n))
            } else {
                p.clone()
            }
        })
        .collect();
    let mut is_renamed: Vec<bool> = out.iter().zip(&plain).map(|(o, p)| o != p).collect();
    // Every name held by some entry, and the names of the entries before the current one.
    let mut taken: HashSet<String> = out.iter().cloned().collect();
    let mut earlier: HashSet<String> = HashSet::with_capacity(out.len());
    for (i, name) in out.iter_mut().enumerate() {
        if earlier.contains(name.as_str()) {
            let free = (2..)
                .map(|n| format!("{name}{separator}{n}"))
                .find(|candidate| !taken.contains(candidate))
                .unwrap_or_else(|| name.clone());
            taken.insert(free.clone());
            *name = free;
            is_renamed[i] = true;
        }
        earlier.insert(name.clone());
    }
    let renamed: Vec<usize> = (0..names.len()).filter(|&i| is_renamed[i]).collect();
    (out, renamed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_names_get_words_for_symbols_then_numbers() {
        let (names, renamed) = distinct(
            &["=", "<", "<=", "!=", "+1", "-1", "", "a", "A", "open"],
            pascal,
            "",
        );
        assert_eq!(
            names,
            [
                "Eq", "Lt", "LtEq", "NotEq", "Plus1", "Minus1", "Empty", "A", "A2", "Open"
            ]
        );
        // `=`, `<`, ... had words from the start; `+1`/`-1` and `a`/`A` collided.
        assert_eq!(renamed, [4, 5, 8]);
        let (names, _) = distinct(&["foo_bar", "fooBar", "+1", "-1"], snake, "_");
        assert_eq!(names, ["foo_bar", "foo_bar_2", "plus_1", "minus_1"]);
    }

    #[test]
    fn plain_names_are_cased_as_heck_cases_them() {
        // Every name of up to five characters over letters, capitals, `_` and a digit.
        let alphabet = ['a', 'b', 'A', 'B', '_', '1'];
        let mut names = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            names.extend(longer);
        }
        names.extend(
            [
                "dateCreated",
                "RoomType",
                "date_created",
                "ChatMessageResponse",
                "aB",
                "HTTPServer",
                "v2Thing",
            ]
            .map(String::from),
        );
        for name in &names {
            if let Some(fast) = plain_snake(name) {
                assert_eq!(fast, words(name).to_snake_case(), "snake of {name:?}");
            }
            if let Some(fast) = plain_pascal(name) {
                assert_eq!(
                    fast,
                    words(name).to_upper_camel_case(),
                    "pascal of {name:?}"
                );
            }
        }
        assert_eq!(snake("Self"), "self_");
        assert_eq!(pascal("self"), "Self_");
    }

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("getChatsRoomMessages"), "get_chats_room_messages");
        assert_eq!(snake("roomJid"), "room_jid");
        assert_eq!(snake("selfUri"), "self_uri");
        assert_eq!(snake("messageIds"), "message_ids");
        assert_eq!(snake("x-inin-thing"), "x_inin_thing");
        assert_eq!(snake("HTTPStatus"), "http_status");
    }

    #[test]
    fn keywords_get_a_trailing_underscore() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("async"), "async_");
        assert_eq!(pascal("self"), "Self_");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake("1on1Message"), "v1on1_message");
        assert_eq!(pascal("1on1Message"), "V1on1Message");
        assert_eq!(pascal("24h"), "V24h");
    }

    #[test]
    fn punctuation_and_non_ascii_break_words() {
        assert_eq!(pascal("supervisorAssistance"), "SupervisorAssistance");
        assert_eq!(pascal("ON_HOLD"), "OnHold");
        assert_eq!(pascal("application/scim+json"), "ApplicationScimJson");
        assert_eq!(pascal("café-au-lait"), "CafAuLait");
        assert_eq!(pascal("---"), "Value");
        assert_eq!(snake(""), "value");
    }

    #[test]
    fn nested_names_do_not_repeat_the_parent() {
        assert_eq!(nested("Room", "roomType"), "RoomType");
        assert_eq!(nested("Limit", "namespace"), "LimitNamespace");
        assert_eq!(
            nested("GetChatsRoomMessages", "sortOrder"),
            "GetChatsRoomMessagesSortOrder"
        );
    }
}
