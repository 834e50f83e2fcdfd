//! Operations -> `src/operations.rs`: one `Operation` constant per operation, and the list.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::features::Features;
use super::types::{doc_attrs, doc_text};
use crate::ir::{Api, HttpMethod, Permissions};

pub fn operations_module(api: &Api, features: &Features) -> TokenStream {
    let consts = api.operations.iter().map(|op| {
        let cfg = features.tag_cfg(&op.tag);
        let name = format_ident!("{}", op.rust_name.to_uppercase());
        let mut text = format!("`{} {}`", op.http_method.as_str(), op.path.template);
        if let Some(summary) = &op.docs.summary {
            text.push_str(": ");
            text.push_str(&doc_text(summary));
        }
        let docs = doc_attrs(&text);
        let (id, tag, path, preview, deprecated) = (
            &op.id,
            &op.tag,
            &op.path.template,
            op.preview,
            op.deprecated,
        );
        let method = format_ident!("{}", method_variant(op.http_method));
        let permissions = match &op.permissions {
            Permissions::Any(list) => quote!(Permissions::Any(&[#(#list),*])),
            Permissions::All(list) => quote!(Permissions::All(&[#(#list),*])),
            Permissions::None => quote!(Permissions::None),
        };
        quote! {
            #docs
            #cfg
            pub const #name: Operation = Operation {
                id: #id,
                tag: #tag,
                method: Method::#method,
                path: #path,
                permissions: #permissions,
                preview: #preview,
                deprecated: #deprecated,
            };
        }
    });
    let all = api.operations.iter().map(|op| {
        let (name, cfg) = (
            format_ident!("{}", op.rust_name.to_uppercase()),
            features.tag_cfg(&op.tag),
        );
        quote!(#cfg &#name)
    });
    quote! {
        //! Every operation as data: method, path, required permissions, preview and deprecation.
        //!
        //! Use it to audit what an application needs before it calls anything (see
        //! [`Permissions::is_satisfied_by`]).

        use crate::operation::{Method, Operation, Permissions};

        #(#consts)*

        /// Every operation, sorted by operation id.
        pub const ALL: &[&Operation] = &[#(#all),*];

        /// Every operation, sorted by operation id.
        pub fn all() -> impl Iterator<Item = &'static Operation> {
            ALL.iter().copied()
        }

        /// The operation with this `operationId`.
        pub fn find(id: &str) -> Option<&'static Operation> {
            all().find(|op| op.id == id)
        }
    }
}

fn method_variant(method: HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "Get",
        HttpMethod::Put => "Put",
        HttpMethod::Post => "Post",
        HttpMethod::Delete => "Delete",
        HttpMethod::Options => "Options",
        HttpMethod::Head => "Head",
        HttpMethod::Patch => "Patch",
        HttpMethod::Trace => "Trace",
    }
}
