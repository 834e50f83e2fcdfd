//! Operations -> one module per tag: an API handle with one method per operation, and one request
//! builder per operation.
//!
//! Required parameters (and a required body) are the method's arguments; optional ones are set on
//! the builder, so a parameter added upstream as optional changes no signature. `send()` hands
//! the request to the runtime's single send path.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::types::{doc_attrs, doc_text, ident, rust_type};
use crate::ir::{Api, Model, ModelKind, Operation, Pagination, Permissions, Tag, TypeRef};

/// One argument or builder field of an operation.
struct Input {
    /// The builder field and setter: `room_jid`.
    field: Ident,
    /// How the builder stores it: `String`.
    stored: TokenStream,
    /// How a method takes it: `impl Into<String>`.
    taken: TokenStream,
    /// From the taken value to the stored one (`room_jid.into()`); `None` when it is stored as
    /// taken.
    convert: Option<TokenStream>,
    required: bool,
    /// `request.path_param("roomJid", &self.room_jid);`
    apply: TokenStream,
    docs: String,
}

fn models_path() -> TokenStream {
    quote!(models)
}

fn inputs(op: &Operation) -> Vec<Input> {
    let mut out: Vec<Input> = op
        .params
        .iter()
        .map(|p| {
            let field = ident(&p.rust_name);
            let wire = &p.wire_name;
            let (stored, taken, convert) = arg_type(&p.ty, &field);
            let apply = match p.location {
                crate::ir::ParamLocation::Path => quote!(request.path_param(#wire, &self.#field);),
                crate::ir::ParamLocation::Query if p.required => {
                    quote!(request.query(#wire, &Some(&self.#field));)
                }
                crate::ir::ParamLocation::Query => quote!(request.query(#wire, &self.#field);),
                crate::ir::ParamLocation::Header if p.required => {
                    quote!(request.header(#wire, &Some(&self.#field));)
                }
                crate::ir::ParamLocation::Header => quote!(request.header(#wire, &self.#field);),
                // Cookies are not sent by this SDK; the lowering warned about them.
                crate::ir::ParamLocation::Cookie => quote!(let _ = &self.#field;),
            };
            let mut docs = p
                .description
                .as_deref()
                .map(doc_text)
                .unwrap_or_else(|| format!("`{wire}`"));
            if !p.enum_values.is_empty() {
                let values: Vec<String> = p.enum_values.iter().map(|v| format!("`{v}`")).collect();
                docs.push_str(&format!("\n\nValues: {}.", values.join(", ")));
            }
            if let Some(default) = &p.default {
                docs.push_str(&format!("\n\nThe server's default: `{default}`."));
            }
            Input {
                field,
                stored,
                taken,
                convert,
                required: p.required,
                apply,
                docs,
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let field = ident(&body.rust_name);
        let ty = rust_type(&body.ty, &models_path());
        let wire = &body.wire_name;
        let apply = if body.required {
            quote!(request.json(#wire, &self.#field);)
        } else {
            quote!(if let Some(body) = &self.#field { request.json(#wire, body); })
        };
        out.push(Input {
            convert: None,
            stored: ty.clone(),
            taken: ty,
            field,
            required: body.required,
            apply,
            docs: body
                .description
                .as_deref()
                .map(doc_text)
                .unwrap_or_else(|| "The request body.".to_owned()),
        });
    }
    out
}

/// (stored, taken, conversion) for a parameter type: strings are taken as `impl Into<String>`.
fn arg_type(ty: &TypeRef, field: &Ident) -> (TokenStream, TokenStream, Option<TokenStream>) {
    match ty {
        TypeRef::String | TypeRef::Uri | TypeRef::Uuid => (
            quote!(String),
            quote!(impl Into<String>),
            Some(quote!(#field.into())),
        ),
        other => {
            let ty = rust_type(other, &models_path());
            (ty.clone(), ty, None)
        }
    }
}

/// The file of one tag's module.
pub fn tag_module(api: &Api, tag: &Tag) -> TokenStream {
    let ops: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|o| o.tag == tag.name)
        .collect();
    let handle = ident(&tag.api_type);
    let accessor = ident(&tag.module);
    // The module's documentation is the API's reference page, whose examples rustdoc compiles.
    let page = format!("../../docs/{}.md", tag.api_type);
    let module_docs = quote!(#![doc = include_str!(#page)]);
    let handle_docs = doc_attrs(&match &tag.description {
        Some(d) => format!("{}\n\nGet it from [`Client::{}`].", doc_text(d), tag.module),
        None => format!(
            "The operations tagged `{}`. Get it from [`Client::{}`].",
            tag.name, tag.module
        ),
    });
    let accessor_docs = format!(" The {} API.", tag.name);
    // Each operation's inputs are worked out once, for its method and its builder.
    let inputs: Vec<Vec<Input>> = ops.iter().map(|op| inputs(op)).collect();
    let methods = ops
        .iter()
        .zip(&inputs)
        .map(|(op, inputs)| method(op, inputs));
    let builders = ops
        .iter()
        .zip(&inputs)
        .map(|(op, inputs)| builder(api, op, inputs));
    let uses_stream = ops.iter().any(|op| op.pagination.is_some());
    let stream_imports = uses_stream.then(|| {
        quote!(
            use crate::pagination::{Direction, History, HistoryPage};
        )
    });
    quote! {
        #module_docs

        use crate::client::Client;
        use crate::error::Result;
        use crate::models;
        use crate::operations;
        #stream_imports
        use crate::request::Request;

        #handle_docs
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a Client,
        }

        impl Client {
            #[doc = #accessor_docs]
            pub fn #accessor(&self) -> #handle<'_> {
                #handle { client: self }
            }
        }

        impl<'a> #handle<'a> {
            #(#methods)*
        }

        #(#builders)*
    }
}

/// The doc text an operation's method carries.
fn method_docs(op: &Operation, inputs: &[Input]) -> String {
    let mut text = String::new();
    if let Some(summary) = &op.docs.summary {
        text.push_str(&doc_text(summary));
        text.push_str("\n\n");
    }
    if let Some(description) = &op.docs.description {
        text.push_str(&doc_text(description));
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}`\n\n",
        op.http_method.as_str(),
        op.path.template
    ));
    text.push_str(&permissions_sentence(&op.permissions));
    if op.preview {
        text.push_str(&format!(
            "\n\n**Preview:** `{}` is a preview method and is subject to both breaking and non-breaking changes at any time without notice.",
            op.rust_name
        ));
    }
    let optional: Vec<String> = inputs
        .iter()
        .filter(|i| !i.required)
        .map(|i| format!("[`{0}`]({1}::{0})", i.field, op.type_name))
        .collect();
    if !optional.is_empty() {
        text.push_str(&format!(
            "\n\nOptional: {}; then [`send`]({}::send).",
            optional.join(", "),
            op.type_name
        ));
    }
    text
}

/// `Requires ANY permissions: `a`, `b``, as the official docs put it.
pub fn permissions_sentence(permissions: &Permissions) -> String {
    let list = |kind: &str, l: &[String]| {
        let items: Vec<String> = l.iter().map(|p| format!("`{p}`")).collect();
        format!("Requires {kind} permissions: {}", items.join(", "))
    };
    match permissions {
        Permissions::Any(l) => list("ANY", l),
        Permissions::All(l) => list("ALL", l),
        Permissions::None => "Requires NO permissions.".to_owned(),
    }
}

fn method(op: &Operation, inputs: &[Input]) -> TokenStream {
    let name = ident(&op.rust_name);
    let builder = ident(&op.type_name);
    let docs = doc_attrs(&method_docs(op, inputs));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let args = inputs.iter().filter(|i| i.required).map(|i| {
        let (field, taken) = (&i.field, &i.taken);
        quote!(#field: #taken)
    });
    let inits = inputs.iter().map(|i| {
        let field = &i.field;
        if i.required {
            match &i.convert {
                Some(convert) => quote!(#field: #convert),
                None => quote!(#field),
            }
        } else {
            quote!(#field: None)
        }
    });
    quote! {
        #docs
        #deprecated
        pub fn #name(&self, #(#args),*) -> #builder<'a> {
            #builder { client: self.client, #(#inits),* }
        }
    }
}

fn builder(api: &Api, op: &Operation, inputs: &[Input]) -> TokenStream {
    let name = ident(&op.type_name);
    let method = ident(&op.rust_name);
    let konst = format_ident!("{}", op.rust_name.to_uppercase());
    let docs = doc_attrs(&format!(
        "A `{} {}` request, made by [`{}::{method}`].",
        op.http_method.as_str(),
        op.path.template,
        api_type(api, op),
    ));
    let fields = inputs.iter().map(|i| {
        let (field, stored) = (&i.field, &i.stored);
        if i.required {
            quote!(#field: #stored,)
        } else {
            quote!(#field: Option<#stored>,)
        }
    });
    let setters = inputs.iter().filter(|i| !i.required).map(|i| {
        let (field, taken) = (&i.field, &i.taken);
        let convert = i.convert.clone().unwrap_or_else(|| quote!(#field));
        let docs = doc_attrs(&i.docs);
        quote! {
            #docs
            pub fn #field(mut self, #field: #taken) -> Self {
                self.#field = Some(#convert);
                self
            }
        }
    });
    let applies = inputs.iter().map(|i| &i.apply);
    let text = op
        .success
        .media_type
        .as_deref()
        .filter(|m| m.starts_with("text/"));
    let request_binding = if inputs.is_empty() && text.is_none() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    let (ret, send_fn) = match (&op.success.ty, text) {
        (Some(_), Some(_)) => (quote!(String), quote!(send_text)),
        (Some(ty), None) => (rust_type(ty, &models_path()), quote!(send_json)),
        (None, _) => (quote!(()), quote!(send_empty)),
    };
    let accept = text.map(|media| quote!(request.accept(#media);));
    let ret_doc = match &op.success.ty {
        Some(_) => "Sends the request and reads the answer.",
        None => "Sends the request; the answer has no body.",
    };
    let paging = op.pagination.as_ref().and_then(|p| pagination(api, op, p));
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await`"]
        pub struct #name<'a> {
            client: &'a Client,
            #(#fields)*
        }

        impl #name<'_> {
            #(#setters)*

            #[doc = #ret_doc]
            pub async fn send(self) -> Result<#ret> {
                let #request_binding = Request::new(&operations::#konst);
                #(#applies)*
                #accept
                self.client.#send_fn(request).await
            }
        }

        #paging
    }
}

/// `stream()` and the [`HistoryPage`] impl of a paginated operation.
fn pagination(api: &Api, op: &Operation, p: &Pagination) -> Option<TokenStream> {
    let name = ident(&op.type_name);
    let field_of = |model: &Model, wire: &str| match &model.kind {
        ModelKind::Struct { fields } => fields.iter().find(|f| f.wire_name == wire).cloned(),
        _ => None,
    };
    let listing = match &op.success.ty {
        Some(TypeRef::Model(m)) => api.models.iter().find(|x| &x.rust_name == m)?,
        _ => return None,
    };
    let item_model = api.models.iter().find(|m| m.rust_name == p.item_type)?;
    let items = field_of(listing, &p.items_field)?;
    let date = field_of(item_model, &p.date_field)?;
    let param = |wire: &str| {
        op.params
            .iter()
            .find(|x| x.wire_name == wire)
            .map(|x| ident(&x.rust_name))
    };
    let (before, after) = (param(&p.before_param)?, param(&p.after_param)?);
    let item = ident(&p.item_type);
    let items_field = ident(&items.rust_name);
    let items_expr = if items.required && !items.read_only {
        quote!(page.#items_field)
    } else {
        quote!(page.#items_field.unwrap_or_default())
    };
    let date_field = ident(&date.rust_name);
    let date_expr = if date.required && !date.read_only {
        quote!(Some(item.#date_field))
    } else {
        quote!(item.#date_field)
    };
    let id_expr = match p.id_field.as_deref().and_then(|w| field_of(item_model, w)) {
        Some(id) if id.required && !id.read_only => {
            let f = ident(&id.rust_name);
            quote!(Some(item.#f.as_str()))
        }
        Some(id) => {
            let f = ident(&id.rust_name);
            quote!(item.#f.as_deref())
        }
        None => quote!(None),
    };
    let stream_docs = doc_attrs(&format!(
        "Every `{}` of the history, page after page, following the `{}`/`{}` date cursors (see [`crate::pagination`] for the rule).",
        p.item_type, p.before_param, p.after_param
    ));
    Some(quote! {
        impl<'a> #name<'a> {
            #stream_docs
            pub fn stream(self) -> History<'a, models::#item> {
                crate::pagination::history(self)
            }
        }

        impl HistoryPage for #name<'_> {
            type Item = models::#item;

            fn direction(&self) -> Direction {
                Direction::from_cursors(self.#before.is_some(), self.#after.is_some())
            }

            fn set_cursor(&mut self, direction: Direction, cursor: String) {
                match direction {
                    Direction::Backward => self.#before = Some(cursor),
                    Direction::Forward => self.#after = Some(cursor),
                }
            }

            async fn fetch(self) -> Result<Vec<models::#item>> {
                let page = self.send().await?;
                Ok(#items_expr)
            }

            fn date(item: &models::#item) -> Option<chrono::DateTime<chrono::Utc>> {
                #date_expr
            }

            fn id(item: &models::#item) -> Option<&str> {
                #id_expr
            }
        }
    })
}

fn api_type(api: &Api, op: &Operation) -> String {
    api.tags
        .iter()
        .find(|t| t.name == op.tag)
        .map_or_else(|| "Api".to_owned(), |t| t.api_type.clone())
}
