//! The documented error codes as Rust constants: one per distinct (status, code, message), named
//! after the code.

use std::collections::BTreeMap;

use heck::ToShoutySnakeCase;
use serde::Serialize;

use crate::ir::{Api, ErrorCode};

/// One constant of the `error_codes` module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorCodeConst {
    /// `CHAT_ERROR_ROOM_NOT_FOUND`; `NOT_FOUND_404` when the code comes with several statuses,
    /// `NOT_FOUND_404_2` when also with several messages.
    pub name: String,
    pub status: Option<u16>,
    pub code: String,
    pub message: String,
}

/// Every documented error code of an API, and which ones each operation lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ErrorCodes {
    /// Sorted by name.
    pub consts: Vec<ErrorCodeConst>,
    /// Parallel to `api.operations`: the names of the constants each lists, in spec order.
    pub per_operation: Vec<Vec<String>>,
}

impl ErrorCodes {
    pub fn of(api: &Api) -> Self {
        type Key<'a> = (&'a str, Option<u16>, &'a str);
        // How many operations list each (code, status, message).
        let mut uses: BTreeMap<Key<'_>, usize> = BTreeMap::new();
        for e in api.operations.iter().flat_map(|op| &op.error_codes) {
            *uses
                .entry((e.code.as_str(), e.status, e.message.as_str()))
                .or_default() += 1;
        }
        // code -> status -> (message, uses)
        type ByStatus<'a> = BTreeMap<Option<u16>, Vec<(&'a str, usize)>>;
        let mut by_code: BTreeMap<&str, ByStatus<'_>> = BTreeMap::new();
        for (&(code, status, message), &n) in &uses {
            by_code
                .entry(code)
                .or_default()
                .entry(status)
                .or_default()
                .push((message, n));
        }
        let mut named: BTreeMap<Key<'_>, String> = BTreeMap::new();
        for (code, statuses) in &by_code {
            let base = const_name(code);
            for (status, messages) in statuses {
                let mut name = base.clone();
                if statuses.len() > 1 {
                    match status {
                        Some(s) => name.push_str(&format!("_{s}")),
                        None => name.push_str("_DEFAULT"),
                    }
                }
                // The wording most operations use gets the plain name; the others a number.
                let mut messages = messages.clone();
                messages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                for (i, (message, _)) in messages.iter().enumerate() {
                    let name = match i {
                        0 => name.clone(),
                        i => format!("{name}_{}", i + 1),
                    };
                    named.insert((code, *status, message), name);
                }
            }
        }
        // Codes that differ only in punctuation (`a.b`, `a-b`) still need names of their own.
        let mut used: BTreeMap<String, usize> = BTreeMap::new();
        for name in named.values_mut() {
            let seen = used.entry(name.clone()).or_default();
            *seen += 1;
            if *seen > 1 {
                let mut n = *seen;
                while used.contains_key(&format!("{name}_{n}")) {
                    n += 1;
                }
                name.push_str(&format!("_{n}"));
                used.insert(name.clone(), 1);
            }
        }
        let mut consts: Vec<ErrorCodeConst> = named
            .iter()
            .map(|((code, status, message), name)| ErrorCodeConst {
                name: name.clone(),
                status: *status,
                code: (*code).to_owned(),
                message: (*message).to_owned(),
            })
            .collect();
        consts.sort_by(|a, b| a.name.cmp(&b.name));
        let per_operation = api
            .operations
            .iter()
            .map(|op| {
                op.error_codes
                    .iter()
                    .map(|e: &ErrorCode| {
                        named[&(e.code.as_str(), e.status, e.message.as_str())].clone()
                    })
                    .collect()
            })
            .collect();
        Self {
            consts,
            per_operation,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.consts.is_empty()
    }
}

/// `chat.error.room.not.found` -> `CHAT_ERROR_ROOM_NOT_FOUND`; a name that would not be an
/// identifier gets a prefix (`400.bad` -> `E_400_BAD`).
fn const_name(code: &str) -> String {
    let cleaned: String = code
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let name = cleaned.to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("E_{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_code_and_tell_variants_apart() {
        assert_eq!(
            const_name("chat.error.room.not.found"),
            "CHAT_ERROR_ROOM_NOT_FOUND"
        );
        assert_eq!(
            const_name("missing.any.permissions"),
            "MISSING_ANY_PERMISSIONS"
        );
        assert_eq!(const_name("400"), "E_400");
        assert_eq!(const_name("---"), "E_");
    }
}
