//! Models -> one Rust file each.
//!
//! - Structs derive serde; the wire name is restored by `rename_all = "camelCase"` where that
//!   gives it back, and by a `rename` on the field where it does not.
//! - A field is `Option` unless it is required and not read-only: read-only fields are set by the
//!   server, so a request never has to carry them. Absent options are not serialized.
//! - A `nullable` field that is not required is `Option<Option<T>>`, so that a `PATCH` can tell
//!   "leave alone" (`None`) from "clear" (`Some(None)`); see the SDK's `nullable` module.
//! - Enums keep values they do not know in `Unknown(String)` and write them back unchanged, so a
//!   value added upstream does not break deserialization.

use proc_macro2::TokenStream;
use quote::quote;

use super::types::{doc_attrs, doc_text, has_default, ident, rust_type};
use crate::ir::{EnumValue, Field, Model, ModelKind, TypeRef};

/// The items of one model's file.
pub fn model_file(model: &Model) -> TokenStream {
    let mut docs = model
        .description
        .as_deref()
        .map(doc_text)
        .unwrap_or_else(|| format!("The `{}` model.", model.name));
    if model.name != model.rust_name {
        docs.push_str(&format!(
            "\n\nAn inline schema of the spec, named `{}` after where it sits.",
            model.rust_name
        ));
    }
    let docs = doc_attrs(&docs);
    let deprecated = model.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&model.rust_name);
    match &model.kind {
        ModelKind::Struct { fields } => struct_items(&name, &docs, deprecated, fields),
        ModelKind::Enum { values } => enum_items(&name, &docs, deprecated, values),
        ModelKind::Alias { ty } => {
            let ty = rust_type(ty, &quote!(super));
            quote! {
                #docs
                #deprecated
                pub type #name = #ty;
            }
        }
    }
}

fn struct_items(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    fields: &[Field],
) -> TokenStream {
    let optional = |f: &Field| !f.required || f.read_only;
    let default = fields
        .iter()
        .all(|f| optional(f) || has_default(&f.ty))
        .then(|| quote!(Default,));
    let fields = fields.iter().map(|f| {
        let mut ty = rust_type(&f.ty, &quote!(super));
        if f.boxed {
            ty = quote!(Box<#ty>);
        }
        let mut serde = Vec::new();
        if camel_case(&f.rust_name) != f.wire_name {
            let wire = &f.wire_name;
            serde.push(quote!(rename = #wire));
        }
        match (optional(f), f.nullable) {
            (true, false) => {
                ty = quote!(Option<#ty>);
                serde.push(quote!(skip_serializing_if = "Option::is_none"));
            }
            // Absent, null or a value: see `crate::nullable`.
            (true, true) => {
                ty = quote!(Option<Option<#ty>>);
                serde.push(quote!(default));
                serde.push(quote!(skip_serializing_if = "Option::is_none"));
                serde.push(quote!(deserialize_with = "crate::nullable::deserialize"));
            }
            // Always sent, possibly as null.
            (false, true) => ty = quote!(Option<#ty>),
            (false, false) => {}
        }
        let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
        let mut text = f.description.as_deref().map(doc_text).unwrap_or_else(|| match model_of(&f.ty) {
            Some(m) => format!("`{}`: see [`{m}`](super::{m}).", f.wire_name),
            None => format!("`{}`", f.wire_name),
        });
        if f.read_only {
            text.push_str("\n\nRead-only: set by the server, ignored in requests.");
        }
        if f.nullable && optional(f) {
            text.push_str("\n\n`None`: absent (left alone); `Some(None)`: null (cleared); `Some(Some(_))`: a value.");
        }
        let docs = doc_attrs(&text);
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        let field = ident(&f.rust_name);
        quote! {
            #docs
            #deprecated
            #serde
            pub #field: #ty,
        }
    });
    quote! {
        use serde::{Deserialize, Serialize};

        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn enum_items(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    deprecated: Option<TokenStream>,
    values: &[EnumValue],
) -> TokenStream {
    let variants: Vec<_> = values.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = values.iter().map(|v| v.wire_name.as_str()).collect();
    let variant_docs = wires.iter().map(|w| format!(" `{w}`"));
    quote! {
        use std::fmt;

        use serde::{Deserialize, Deserializer, Serialize, Serializer};

        #docs
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(
                #[doc = #variant_docs]
                #variants,
            )*
            /// A value this version of the SDK does not know; it is sent back as received.
            Unknown(String),
        }

        impl #name {
            /// The value as it is sent over the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #wires,)*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#variants,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl fmt::Display for #name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// The model a field holds, directly or in a collection.
fn model_of(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Model(m) => Some(m),
        TypeRef::Array(inner) | TypeRef::Map(inner) => model_of(inner),
        _ => None,
    }
}

/// What serde's `rename_all = "camelCase"` makes of a snake_case field name.
fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn camel_case_matches_serde() {
        assert_eq!(camel_case("date_created"), "dateCreated");
        assert_eq!(camel_case("self_uri"), "selfUri");
        assert_eq!(camel_case("type_"), "type");
        assert_eq!(camel_case("v1on1_message"), "v1on1Message");
    }
}
