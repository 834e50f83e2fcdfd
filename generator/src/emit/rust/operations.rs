//! Operations -> `src/operations.rs`: one `Operation` constant per operation, and the list.

use super::features::Features;
use super::text::{ARRAY_WIDTH, MAX_WIDTH, doc_text, docs, line, list, string};
use crate::ir::{Api, HttpMethod, Permissions};

/// The file's text, after the header.
pub fn operations_module(api: &Api, features: &Features) -> String {
    let mut out = String::with_capacity(api.operations.len() * 600 + 1000);
    out.push_str(
        "//! Every operation as data: method, path, required permissions, preview and deprecation.\n\
         //!\n\
         //! Use it to audit what an application needs before it calls anything (see\n\
         //! [`Permissions::is_satisfied_by`]).\n\n\
         use crate::operation::{Method, Operation, Permissions};\n",
    );
    for op in &api.operations {
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
        // A long name puts the value on the next line, one level in (rustfmt keeps a column
        // free after the brace).
        let head = format!("pub const {}: Operation =", op.rust_name.to_uppercase());
        let at = if head.len() + " Operation {".len() < MAX_WIDTH {
            line(&mut out, 0, &format!("{head} Operation {{"));
            0
        } else {
            line(&mut out, 0, &head);
            line(&mut out, 4, "Operation {");
            4
        };
        line(&mut out, at + 4, &format!("id: {},", string(&op.id)));
        line(&mut out, at + 4, &format!("tag: {},", string(&op.tag)));
        line(
            &mut out,
            at + 4,
            &format!("method: Method::{},", method_variant(op.http_method)),
        );
        line(
            &mut out,
            at + 4,
            &format!("path: {},", string(&op.path.template)),
        );
        let (kind, perms) = match &op.permissions {
            Permissions::Any(l) => ("Any", l.as_slice()),
            Permissions::All(l) => ("All", l.as_slice()),
            Permissions::None => ("", [].as_slice()),
        };
        if kind.is_empty() {
            line(&mut out, at + 4, "permissions: Permissions::None,");
        } else {
            let items: Vec<String> = perms.iter().map(|p| string(p)).collect();
            let head = format!("permissions: Permissions::{kind}(&[");
            // rustfmt keeps a short list on the line, else puts one permission per line.
            let joined = items.join(", ");
            if joined.len() <= ARRAY_WIDTH && at + 4 + head.len() + joined.len() + 4 <= MAX_WIDTH {
                line(&mut out, at + 4, &format!("{head}{joined}]),"));
            } else {
                list(&mut out, at + 4, &head, &items, "]),", 0);
            }
        }
        line(&mut out, at + 4, &format!("preview: {},", op.preview));
        line(&mut out, at + 4, &format!("deprecated: {},", op.deprecated));
        line(&mut out, at, "};");
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
