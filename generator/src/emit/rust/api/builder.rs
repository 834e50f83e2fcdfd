//! A request builder: its fields, a setter per optional input, `options`, `send` and
//! `send_with_response`.

use super::super::features::Features;
use super::super::text::{
    NO_LIMIT, attribute, call, doc_text, docs, field, impl_head, item_head, line, list,
    returns_tail, string,
};
use super::{and_list, stream};
use crate::ir::{BodyEncoding, Operation};
use crate::surface::{
    Input, ObjectStyle, OperationSurface, Passing, Returns, Source, Surface, Write,
};

/// Where a builder is written.
#[derive(Clone, Copy)]
pub enum Home<'c> {
    /// In its only API's module.
    Own,
    /// In the `shared` module, behind the `#[cfg]` of its APIs' features (if any).
    Shared {
        cfg: Option<&'c str>,
        features: &'c Features,
    },
}

/// The rustdoc of a setter: the parameter's description, its values, default and cursor note.
fn setter_docs(op: &Operation, input: &Input) -> String {
    let body = op.body.as_ref();
    match input.source {
        Source::Body => {
            return body
                .and_then(|b| b.description.as_deref())
                .map(doc_text)
                .unwrap_or_else(|| "The request body.".to_owned());
        }
        Source::FormField | Source::FilePart => {
            let field = body.and_then(|b| b.fields.iter().find(|f| f.wire_name == input.wire));
            let what = if input.source == Source::FilePart {
                "file part"
            } else {
                "field"
            };
            return match field.and_then(|f| f.description.as_deref()) {
                Some(d) => format!("{}\n\nThe body's {what} `{}`.", doc_text(d), input.wire),
                None => format!("The body's {what} `{}`.", input.wire),
            };
        }
        _ => {}
    }
    let param = op
        .params
        .iter()
        .find(|p| p.wire_name == input.wire && p.rust_name == input.field);
    let Some(p) = param else {
        return format!("`{}`", input.wire);
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
    let (cfg, features) = match home {
        Home::Own => (None, None),
        Home::Shared { cfg, features } => (cfg, Some(features).filter(|f| f.enabled())),
    };
    let name = &op.type_name;
    // Each API's method, with the feature that compiles it.
    let makers: Vec<(String, Option<&str>)> = op
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
            let link = if op.also_in.is_empty() {
                format!("[`{handle}::{}`]", op.rust_name)
            } else {
                format!("[`{handle}::{0}`](crate::{handle}::{0})", op.rust_name)
            };
            (link, features.and_then(|f| f.tag_feature(t)))
        })
        .collect();
    let request = format!(
        "A `{} {}` request",
        op.http_method.as_str(),
        op.path.template
    );
    if features.is_some() {
        // A link to the method of an API left out of the build would be a rustdoc warning:
        // each is documented with its API's feature.
        docs(out, 0, &format!("{request}, made by:"));
        for (link, feature) in &makers {
            let item = format!("- {link}");
            match feature {
                Some(f) => attribute(
                    out,
                    0,
                    "#[cfg_attr(",
                    &[
                        format!("feature = {}", string(f)),
                        format!("doc = {}", string(&item)),
                    ],
                    ")]",
                ),
                None => docs(out, 0, &item),
            }
        }
    } else {
        let links: Vec<String> = makers.into_iter().map(|(link, _)| link).collect();
        docs(out, 0, &format!("{request}, made by {}.", and_list(&links)));
    }
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
        Home::Shared { .. } => "pub(super) ",
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
    for input in &s.inputs {
        if input.passing != Passing::Setter {
            continue;
        }
        docs(out, 4, &setter_docs(op, input));
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
        Returns::Bytes(_) => "send_bytes",
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
    // Cookies are not sent: they leave the request as it is.
    let writes = s.inputs.iter().any(|i| i.source != Source::Cookie);
    let binding = if writes || s.returns.accept().is_some() {
        "let mut request ="
    } else {
        "let request ="
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
    let form: Vec<&Input> = s
        .inputs
        .iter()
        .filter(|i| matches!(i.source, Source::FormField | Source::FilePart))
        .collect();
    for i in s.inputs.iter().filter(|i| !form.contains(i)) {
        apply(out, i);
    }
    if !form.is_empty() {
        line(out, 8, "let mut form = Form::new();");
        for i in &form {
            let method = match i.source {
                Source::FilePart => "form.file",
                _ => "form.field",
            };
            call(out, 8, "", method, &[string(&i.wire), value(i)]);
        }
        let multipart = op
            .body
            .as_ref()
            .is_some_and(|b| b.encoding == BodyEncoding::Multipart);
        let send = if multipart {
            "request.multipart(form);"
        } else {
            "request.form(form);"
        };
        line(out, 8, send);
    }
    if let Some(media) = s.returns.accept() {
        call(out, 8, "", "request.accept", &[string(media)]);
    }
    line(out, 8, &format!("self.client.{send_fn}(request).await"));
    line(out, 4, "}");
}

/// The value of an input as the request's query, header and form methods take it: an
/// `&Option` of the value.
fn value(i: &Input) -> String {
    match i.passing {
        Passing::Argument => format!("&Some(&self.{})", i.field),
        Passing::Setter => format!("&self.{}", i.field),
    }
}

/// `ObjectStyle::DeepObject`, ...
fn object_style(style: ObjectStyle) -> &'static str {
    match style {
        ObjectStyle::DeepObject => "ObjectStyle::DeepObject",
        ObjectStyle::Form => "ObjectStyle::Form",
        ObjectStyle::FormJoined => "ObjectStyle::FormJoined",
        ObjectStyle::Simple => "ObjectStyle::Simple",
        ObjectStyle::SimpleExploded => "ObjectStyle::SimpleExploded",
    }
}

/// How `send` puts an input on the request.
fn apply(out: &mut String, i: &Input) {
    let wire = string(&i.wire);
    let own = format!("&self.{}", i.field);
    let (method, args) = match (i.source, i.write) {
        // Cookies are not sent by this SDK; the lowering warned about them.
        (Source::Cookie, _) => {
            line(out, 8, &format!("let _ = &self.{};", i.field));
            return;
        }
        (Source::Path, Write::Joined(_)) => ("request.path_joined", vec![wire, own]),
        (Source::Path, Write::Object(style)) => (
            "request.path_object",
            vec![wire, own, object_style(style).to_owned()],
        ),
        (Source::Path, _) => ("request.path_param", vec![wire, own]),
        (Source::Query, Write::Joined(c)) => (
            "request.query_joined",
            vec![wire, value(i), format!("{c:?}")],
        ),
        (Source::Query, Write::Object(style)) => (
            "request.query_object",
            vec![wire, value(i), object_style(style).to_owned()],
        ),
        (Source::Query, _) => ("request.query", vec![wire, value(i)]),
        (Source::Header, Write::Joined(_)) => ("request.header_joined", vec![wire, value(i)]),
        (Source::Header, Write::Object(style)) => (
            "request.header_object",
            vec![wire, value(i), object_style(style).to_owned()],
        ),
        (Source::Header, _) => ("request.header", vec![wire, value(i)]),
        (Source::Body | Source::FormField | Source::FilePart, write) => {
            let media = string(
                i.media_type
                    .as_deref()
                    .unwrap_or("application/octet-stream"),
            );
            let (method, args) = match write {
                Write::Form => ("request.form_of", vec![wire, "body".to_owned()]),
                Write::Multipart => ("request.multipart_of", vec![wire, "body".to_owned()]),
                Write::Text => ("request.text", vec![media, "body".to_owned()]),
                Write::Bytes => ("request.bytes", vec![media, "body".to_owned()]),
                _ => ("request.json", vec![wire, "body".to_owned()]),
            };
            match i.passing {
                Passing::Argument => {
                    let args: Vec<String> = args
                        .into_iter()
                        .map(|a| if a == "body" { own.clone() } else { a })
                        .collect();
                    call(out, 8, "", method, &args);
                }
                Passing::Setter => {
                    line(out, 8, &format!("if let Some(body) = &self.{} {{", i.field));
                    call(out, 12, "", method, &args);
                    line(out, 8, "}");
                }
            }
            return;
        }
    };
    call(out, 8, "", method, &args);
}

/// The `#[cfg]` line of an item, if it has one.
pub fn cfg_line(out: &mut String, cfg: Option<&str>) {
    if let Some(cfg) = cfg {
        line(out, 0, cfg);
    }
}
