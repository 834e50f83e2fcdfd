//! How a type is spelled in Rust: in code, with paths (`chrono::DateTime<chrono::Utc>`,
//! `models::Room`), and in the docs, by its short name (`DateTime<Utc>`, `Room`).

use crate::ir::TypeRef;

/// Where a type is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    /// In generated code, models named through this path: `models` in an API module,
    /// `super` in a model's module.
    Code(&'static str),
    /// In the reference pages: short names, as the official pages write them.
    Docs,
}

/// The Rust type of `ty`.
pub fn spell(ty: &TypeRef, how: Spelling) -> String {
    let code = matches!(how, Spelling::Code(_));
    match ty {
        TypeRef::String | TypeRef::Uri | TypeRef::Uuid => "String".to_owned(),
        TypeRef::Int32 => "i32".to_owned(),
        TypeRef::Int64 => "i64".to_owned(),
        TypeRef::Float => "f32".to_owned(),
        TypeRef::Double => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::DateTime if code => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::DateTime => "DateTime<Utc>".to_owned(),
        TypeRef::Date if code => "chrono::NaiveDate".to_owned(),
        TypeRef::Date => "NaiveDate".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", spell(item, how)),
        TypeRef::Map(value) if code => {
            format!("std::collections::BTreeMap<String, {}>", spell(value, how))
        }
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", spell(value, how)),
        TypeRef::Model(name) => match how {
            Spelling::Code(path) => format!("{path}::{name}"),
            Spelling::Docs => name.clone(),
        },
        TypeRef::Binary if code => "bytes::Bytes".to_owned(),
        TypeRef::Binary => "Bytes".to_owned(),
    }
}

/// Whether a value of `ty` has a `Default` (so a struct holding it as a plain field can derive
/// one): not models, whose shape varies, nor dates, which have no meaningful default.
pub fn has_default(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Model(_) | TypeRef::DateTime | TypeRef::Date)
}

/// Whether the type is a string (`String` in Rust), which methods take as `impl Into<String>`.
pub fn is_string(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Uri | TypeRef::Uuid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_docs_spellings() {
        let ty = TypeRef::Map(Box::new(TypeRef::Array(Box::new(TypeRef::Model(
            "Room".to_owned(),
        )))));
        assert_eq!(
            spell(&ty, Spelling::Code("models")),
            "std::collections::BTreeMap<String, Vec<models::Room>>"
        );
        assert_eq!(spell(&ty, Spelling::Docs), "BTreeMap<String, Vec<Room>>");
        assert_eq!(
            spell(&TypeRef::DateTime, Spelling::Code("super")),
            "chrono::DateTime<chrono::Utc>"
        );
        assert_eq!(spell(&TypeRef::DateTime, Spelling::Docs), "DateTime<Utc>");
    }
}
