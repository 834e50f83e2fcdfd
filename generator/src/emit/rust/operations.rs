//! Operations -> `src/operations.rs`: one `Operation` constant per operation, and the list.

use super::features::Features;
use super::text::{ARRAY_WIDTH, MAX_WIDTH, const_from_parts, doc_text, docs, line, list, string};
use crate::ir::{HttpMethod, Permissions};
use crate::surface::{ErrorCodeConst, Surface};

/// `operations.rs`, after the header; `krate` is the crate's name in Rust code, for the doc
/// example.
pub fn operations_module(surface: &Surface<'_>, features: &Features, krate: &str) -> String {
    let api = surface.api;
    let mut out = String::with_capacity(api.operations.len() * 600 + 1000);
    out.push_str(
        "//! Every operation as data: method, path, required permissions, documented error codes,\n\
         //! preview and deprecation.\n\
         //!\n\
         //! Use it to audit what an application needs before it calls anything (see\n",
    );
    // With API features, `Permissions` is imported only when one is on.
    out.push_str(if features.enabled() {
        "//! [`Permissions::is_satisfied_by`](crate::Permissions::is_satisfied_by)):\n"
    } else {
        "//! [`Permissions::is_satisfied_by`]):\n"
    });
    out.push_str(&format!(
        "//!\n\
         //! ```\n\
         //! use {krate}::operations;\n\
         //!\n\
         //! let granted = [\"chat:chat:access\"];\n\
         //! for op in operations::all().filter(|op| !op.permissions.is_satisfied_by(&granted)) {{\n\
         //!     println!(\"{{}} {{}} needs {{}}\", op.method, op.path, op.permissions);\n\
         //! }}\n\
         //! ```\n\n",
    ));
    match features.any_api_cfg() {
        None => {
            if !surface.error_codes.is_empty() {
                out.push_str("use crate::error_codes;\n");
            }
            out.push_str(
                "use crate::operation::{Method, Operation, OperationParts, Permissions};\n",
            );
        }
        // The constants are compiled with their APIs: with none on, only the list is left.
        Some(cfg) => {
            if !surface.error_codes.is_empty() {
                out.push_str(&format!("{cfg}\nuse crate::error_codes;\n"));
            }
            out.push_str(&format!(
                "{cfg}\nuse crate::operation::{{Method, OperationParts, Permissions}};\n\nuse crate::operation::Operation;\n"
            ));
        }
    }
    for (op, op_surface) in api.operations.iter().zip(&surface.operations) {
        out.push('\n');
        let mut text = format!("`{} {}`", op.http_method.as_str(), op.path.template);
        if let Some(summary) = &op.docs.summary {
            text.push_str(": ");
            text.push_str(&doc_text(summary));
        }
        docs(&mut out, 0, &text);
        if let Some(cfg) = features.operation_cfg(op) {
            line(&mut out, 0, &cfg);
        }
        // `Operation` is `#[non_exhaustive]` and the runtime crate's: built from its parts.
        let fields = |out: &mut String, at: usize| {
            line(out, at, &format!("id: {},", string(&op.id)));
            line(out, at, &format!("tag: {},", string(&op.tag)));
            line(
                out,
                at,
                &format!("method: Method::{},", method_variant(op.http_method)),
            );
            line(out, at, &format!("path: {},", string(&op.path.template)));
            let (kind, perms) = match &op.permissions {
                Permissions::Any(l) => ("Any", l.as_slice()),
                Permissions::All(l) => ("All", l.as_slice()),
                Permissions::None => ("", [].as_slice()),
            };
            if kind.is_empty() {
                line(out, at, "permissions: Permissions::None,");
            } else {
                let items: Vec<String> = perms.iter().map(|p| string(p)).collect();
                let head = format!("permissions: Permissions::{kind}(&[");
                // rustfmt keeps a short list on the line, else puts one permission per line.
                let joined = items.join(", ");
                if joined.len() <= ARRAY_WIDTH && at + head.len() + joined.len() + 4 <= MAX_WIDTH {
                    line(out, at, &format!("{head}{joined}]),"));
                } else {
                    list(out, at, &head, &items, "]),", 0);
                }
            }
            let codes: Vec<String> = op_surface
                .error_codes
                .iter()
                .map(|name| format!("error_codes::{name}"))
                .collect();
            list(out, at, "error_codes: &[", &codes, "],", ARRAY_WIDTH);
            line(out, at, &format!("preview: {},", op.preview));
            line(out, at, &format!("deprecated: {},", op.deprecated));
        };
        const_from_parts(
            &mut out,
            &op.rust_name.to_uppercase(),
            "Operation",
            "OperationParts",
            fields,
        );
    }
    out.push_str(
        "\n/// Every operation, sorted by operation id.\npub const ALL: &[&Operation] = &[\n",
    );
    for op in &api.operations {
        if let Some(cfg) = features.operation_cfg(op) {
            line(&mut out, 4, &cfg);
        }
        line(&mut out, 4, &format!("&{},", op.rust_name.to_uppercase()));
    }
    out.push_str(
        "];\n\n\
         /// Every operation, sorted by operation id.\n\
         pub fn all() -> impl Iterator<Item = &'static Operation> {\n    ALL.iter().copied()\n}\n\n\
         /// The operation with this `operationId`.\n\
         pub fn find(id: &str) -> Option<&'static Operation> {\n    all().find(|op| op.id == id)\n}\n",
    );
    out
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

/// `src/error_codes.rs`, after the header: one constant per documented error code; `krate` is
/// the crate's name in Rust code, for the doc example.
pub fn error_codes_module(surface: &Surface<'_>, krate: &str) -> String {
    let mut out = String::with_capacity(surface.error_codes.len() * 300 + 600);
    out.push_str(&format!(
        "//! The error codes the API documents (`x-inin-error-codes`), one constant each.\n\
         //!\n\
         //! [`Operation::error_codes`](crate::Operation::error_codes) lists those of an operation;\n\
         //! [`ApiError::is`](crate::ApiError::is) matches an error against a code:\n\
         //!\n\
         //! ```\n\
         //! # use {krate}::{{error_codes, Error}};\n\
         //! # fn handle(error: &Error) {{\n",
    ));
    let example = &surface.error_codes[0].name;
    out.push_str(&format!(
        "//! if error.as_api().is_some_and(|e| e.is(error_codes::{example}.code)) {{\n\
         //!     // ...\n\
         //! }}\n\
         //! # }}\n\
         //! # let _ = handle;\n\
         //! ```\n\n\
         use crate::operation::{{ErrorCode, ErrorCodeParts}};\n"
    ));
    for c in &surface.error_codes {
        out.push('\n');
        error_code_const(&mut out, c);
    }
    out
}

fn error_code_const(out: &mut String, c: &ErrorCodeConst) {
    let status = match c.status {
        Some(s) => format!("{s}"),
        None => "default".to_owned(),
    };
    let mut doc = format!("`{}` ({status})", c.code);
    if !c.message.trim().is_empty() {
        doc.push_str(": ");
        doc.push_str(&doc_text(c.message.trim()));
    }
    docs(out, 0, &doc);
    let status = match c.status {
        Some(s) => format!("Some({s})"),
        None => "None".to_owned(),
    };
    let fields = |out: &mut String, at: usize| {
        line(out, at, &format!("status: {status},"));
        // rustfmt keeps a string field on its line, however long.
        line(out, at, &format!("code: {},", string(&c.code)));
        line(out, at, &format!("message: {},", string(&c.message)));
    };
    const_from_parts(out, &c.name, "ErrorCode", "ErrorCodeParts", fields);
}
