//! A request builder: its fields, a setter per optional input, `options`, `send` and
//! `send_with_response`.

use super::super::text::{
    NO_LIMIT, call, doc_text, docs, field, impl_head, item_head, line, list, returns_tail, string,
};
use super::{and_list, stream};
use crate::ir::{Operation, Param};
use crate::surface::{Input, OperationSurface, Passing, Returns, Source, Surface};

/// Where a builder is written.
#[derive(Clone, Copy)]
pub enum Home<'c> {
    /// In its only API's module.
    Own,
    /// In the `shared` module, behind the `#[cfg]` of its APIs' features (if any).
    Shared(Option<&'c str>),
}

/// The rustdoc of a setter: the parameter's description, its values, default and cursor note.
fn setter_docs(param: Option<&Param>, input: &Input, body_description: Option<&str>) -> String {
    let Some(p) = param else {
        return body_description
            .map(doc_text)
            .unwrap_or_else(|| "The request body.".to_owned());
    };
    let mut docs = p
        .description
        .as_deref()
        .map(doc_text)
        .unwrap_or_else(|| format!("`{}`", p.wire_name));
    if !p.enum_values.is_empty() {
        let values: Vec<String> = p.enum_values.iter().map(|v| format!("`{v}`")).collect();
        docs.push_str(&format!("\n\nValues: {}.", values.join(", ")));
    }
    if let Some(default) = &p.default {
        docs.push_str(&format!("\n\nThe server's default: `{default}`."));
    }
    if input.date_cursor {
        docs.push_str(
            "\n\nA date (`DateTime<Utc>`, sent as RFC 3339 with milliseconds) or the text the service reads as one.",
        );
    }
    docs
}

/// The builder of `op`.
pub fn builder(
    out: &mut String,
    surface: &Surface<'_>,
    op: &Operation,
    s: &OperationSurface,
    home: Home<'_>,
) {
    let cfg = match home {
        Home::Own => None,
        Home::Shared(cfg) => cfg,
    };
    let name = &op.type_name;
    let makers: Vec<String> = op
        .tags()
        .map(|t| {
            let handle = &surface
                .api
                .tag(t)
                .unwrap_or_else(|| {
                    panic!(
                        "operation `{}` has tag `{t}`, which is not in the IR",
                        op.id
                    )
                })
                .api_type;
            if op.also_in.is_empty() {
                format!("[`{handle}::{}`]", op.rust_name)
            } else {
                format!("[`{handle}::{0}`](crate::{handle}::{0})", op.rust_name)
            }
        })
        .collect();
    docs(
        out,
        0,
        &format!(
            "A `{} {}` request, made by {}.",
            op.http_method.as_str(),
            op.path.template,
            and_list(&makers),
        ),
    );
    cfg_line(out, cfg);
    line(out, 0, "#[derive(Debug, Clone)]");
    line(
        out,
        0,
        "#[must_use = \"a request does nothing until it is sent with `.send().await`\"]",
    );
    item_head(out, 0, &format!("pub struct {name}"));
    // A shared builder is made by the methods of sibling modules.
    let vis = match home {
        Home::Own => "",
        Home::Shared(_) => "pub(super) ",
    };
    line(out, 4, &format!("{vis}client: Client,"));
    for i in &s.inputs {
        let name = format!("{vis}{}", i.field);
        match i.passing {
            Passing::Argument => field(out, 4, &name, &i.stored),
            Passing::Setter => field(out, 4, &name, &format!("Option<{}>", i.stored)),
        }
    }
    line(out, 4, &format!("{vis}options: RequestOptions,"));
    line(out, 0, "}");
    out.push('\n');
    cfg_line(out, cfg);
    impl_head(out, name);
    for (i, input) in s.inputs.iter().enumerate() {
        if input.passing != Passing::Setter {
            continue;
        }
        let body = op.body.as_ref().and_then(|b| b.description.as_deref());
        docs(out, 4, &setter_docs(op.params.get(i), input, body));
        list(
            out,
            4,
            &format!("pub fn {}(", input.field),
            &[
                "mut self".to_owned(),
                format!("{}: {}", input.field, input.taken),
            ],
            ") -> Self {",
            NO_LIMIT,
        );
        let convert = input.convert.as_deref().unwrap_or(&input.field);
        call(
            out,
            8,
            &format!("self.{} =", input.field),
            "Some",
            &[convert.to_owned()],
        );
        line(out, 8, "self");
        line(out, 4, "}");
        out.push('\n');
    }
    docs(
        out,
        4,
        "Per-request options: a timeout, a retry policy, extra headers.",
    );
    line(
        out,
        4,
        "pub fn options(mut self, options: RequestOptions) -> Self {",
    );
    line(out, 8, "self.options = options;");
    line(out, 8, "self");
    line(out, 4, "}");
    out.push('\n');
    send(out, op, s);
    line(out, 0, "}");
    if let Some(history) = &s.history {
        stream::stream(out, op, history, cfg);
    }
}

/// `send` and `send_with_response`.
fn send(out: &mut String, op: &Operation, s: &OperationSurface) {
    let ret = s.returns.rust_type();
    let send_fn = match &s.returns {
        Returns::Json(_) => "send_json",
        Returns::Text(_) => "send_text",
        Returns::Empty => "send_empty",
    };
    docs(
        out,
        4,
        match s.returns {
            Returns::Empty => "Sends the request; the answer has no body.",
            _ => "Sends the request and reads the answer.",
        },
    );
    list(
        out,
        4,
        "pub async fn send(",
        &["self".to_owned()],
        &returns_tail(4, &format!("Result<{ret}>")),
        NO_LIMIT,
    );
    line(
        out,
        8,
        "self.send_with_response().await.map(Response::into_body)",
    );
    line(out, 4, "}");
    out.push('\n');
    docs(
        out,
        4,
        "Sends the request; the answer comes with its status and headers (the correlation id, the rate limit).",
    );
    list(
        out,
        4,
        "pub async fn send_with_response(",
        &["self".to_owned()],
        &returns_tail(4, &format!("Result<Response<{ret}>>")),
        NO_LIMIT,
    );
    let text = matches!(s.returns, Returns::Text(_));
    let binding = if s.inputs.is_empty() && !text {
        "let request ="
    } else {
        "let mut request ="
    };
    call(
        out,
        8,
        binding,
        "Request::new",
        &[
            format!("&operations::{}", op.rust_name.to_uppercase()),
            "self.options".to_owned(),
        ],
    );
    for i in &s.inputs {
        apply(out, i);
    }
    if let Returns::Text(media) = &s.returns {
        call(out, 8, "", "request.accept", &[string(media)]);
    }
    line(out, 8, &format!("self.client.{send_fn}(request).await"));
    line(out, 4, "}");
}

/// How `send` puts an input on the request.
fn apply(out: &mut String, i: &Input) {
    let value = || match i.passing {
        Passing::Argument => format!("&Some(&self.{})", i.field),
        Passing::Setter => format!("&self.{}", i.field),
    };
    let (method, value) = match (i.source, i.passing) {
        (Source::Path, _) => ("request.path_param", format!("&self.{}", i.field)),
        (Source::Query, _) => ("request.query", value()),
        (Source::Header, _) => ("request.header", value()),
        (Source::Body, Passing::Argument) => ("request.json", format!("&self.{}", i.field)),
        (Source::Body, Passing::Setter) => {
            line(out, 8, &format!("if let Some(body) = &self.{} {{", i.field));
            call(
                out,
                12,
                "",
                "request.json",
                &[string(&i.wire), "body".to_owned()],
            );
            line(out, 8, "}");
            return;
        }
        // Cookies are not sent by this SDK; the lowering warned about them.
        (Source::Cookie, _) => {
            line(out, 8, &format!("let _ = &self.{};", i.field));
            return;
        }
    };
    call(out, 8, "", method, &[string(&i.wire), value]);
}

/// The `#[cfg]` line of an item, if it has one.
pub fn cfg_line(out: &mut String, cfg: Option<&str>) {
    if let Some(cfg) = cfg {
        line(out, 0, cfg);
    }
}
