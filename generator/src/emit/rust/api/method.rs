//! An API method: its rustdoc, and a body that fills the request builder.

use super::super::text::{NO_LIMIT, deprecated, doc_text, docs, line, list, returns_tail};
use crate::ir::Operation;
use crate::surface::{OperationSurface, Passing, permissions_sentence};

/// The doc text an operation's method carries.
fn method_docs(op: &Operation, s: &OperationSurface) -> String {
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
    if op.user_context {
        text.push_str(
            "\n\nActs as the signed-in user: the client needs a user's token (\
             [`authorization_code`](crate::ClientBuilder::authorization_code), \
             [`authorization_code_pkce`](crate::ClientBuilder::authorization_code_pkce), \
             [`saml2_bearer`](crate::ClientBuilder::saml2_bearer)); \
             a client-credentials token has no user.",
        );
    }
    if op.preview {
        text.push_str(&format!(
            "\n\n**Preview:** `{}` is a preview method and is subject to both breaking and non-breaking changes at any time without notice.",
            op.rust_name
        ));
    }
    let optional: Vec<String> = s
        .setters()
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

/// The method of `op` on its API handle.
pub fn method(out: &mut String, op: &Operation, s: &OperationSurface) {
    docs(out, 4, &method_docs(op, s));
    deprecated(out, 4, op.deprecated);
    let mut params = vec!["&self".to_owned()];
    params.extend(s.arguments().map(|i| format!("{}: {}", i.field, i.taken)));
    let tail = returns_tail(4, &op.type_name);
    list(
        out,
        4,
        &format!("pub fn {}(", op.rust_name),
        &params,
        &tail,
        NO_LIMIT,
    );
    line(out, 8, &format!("{} {{", op.type_name));
    line(out, 12, "client: self.client.clone(),");
    for i in &s.inputs {
        let value = match (&i.convert, i.passing) {
            (_, Passing::Setter) => format!("{}: None", i.field),
            (Some(convert), Passing::Argument) => format!("{}: {convert}", i.field),
            (None, Passing::Argument) => i.field.clone(),
        };
        line(out, 12, &format!("{value},"));
    }
    line(out, 12, "options: RequestOptions::default(),");
    line(out, 8, "}");
    line(out, 4, "}");
}
