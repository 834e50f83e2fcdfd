//! Models -> one Rust file each, printed as text laid out the way rustfmt lays it out. What
//! each field holds (`Option`, `Box`) and whether a struct has a `Default` is the
//! [`Surface`](crate::surface)'s; this module prints it.
//!
//! - `Serialize` and `Deserialize` are written out, not derived: serde's derives made the models
//!   most of a crate's compile time. `Serialize` writes each field under its wire name, in the
//!   spec's order, leaving out the optional ones that are `None`, through the runtime's `ser`
//!   helper (what the derive with `skip_serializing_if` does, call for call); `Deserialize` is
//!   one loop over the object's keys, over the runtime's `de` helpers.
//! - A field is `Option` unless it is required and not read-only: read-only fields are set by the
//!   server, so a request never has to carry them. Absent options are not serialized.
//! - A `nullable` field that is not required is `Option<Option<T>>`, so that a `PATCH` can tell
//!   "leave alone" (`None`) from "clear" (`Some(None)`); see the SDK's `nullable` module.
//! - A discriminated `oneOf` goes through the runtime's `one_of!`: an enum with a boxed model per
//!   discriminator value, keeping kinds it does not know as JSON.
//! - Enums go through the runtime's `string_enum!`, which keeps values it does not know in
//!   `Unknown(String)` and writes them back unchanged, so a value added upstream does not break
//!   deserialization.

use std::fmt::Write as _;

use super::text::{
    CALL_WIDTH, deprecated, doc_text, docs, field, impl_head, item_head, list, param, string,
};
use crate::ir::{EnumValue, Field, Model, ModelKind};
use crate::surface::{FieldSurface, ModelSurface, Presence, Spelling, spell};

/// The text of one model's file, after the header.
pub fn model_file(model: &Model, surface: &ModelSurface) -> String {
    let mut text = model
        .description
        .as_deref()
        .map(doc_text)
        .unwrap_or_else(|| format!("The `{}` model.", model.name));
    if model.name != model.rust_name {
        text.push_str(&format!(
            "\n\nAn inline schema of the spec, named `{}` after where it sits.",
            model.rust_name
        ));
    }
    let mut out = String::with_capacity(1024);
    match &model.kind {
        ModelKind::Struct { fields } => {
            let slot = surface
                .fields
                .iter()
                .any(|f| f.presence == Presence::Required);
            // The runtime's traits are imported for their methods only (`as _`), and the ones a
            // model implements are named by path: a model may be called `Serialize`,
            // `Optional` or `FromMap` itself.
            out.push_str(if slot {
                "use crate::de::{MapExt as _, Slot as _};\n"
            } else {
                "use crate::de::MapExt as _;\n"
            });
            let optional = surface.fields.iter().any(|f| f.presence.can_be_left_out());
            out.push_str(if optional {
                "use crate::ser::{Optional as _, SerializeStruct as _};\n\n"
            } else {
                "use crate::ser::SerializeStruct as _;\n\n"
            });
            docs(&mut out, 0, &text);
            deprecated(&mut out, 0, model.deprecated);
            struct_text(&mut out, &model.rust_name, fields, surface);
            out.push('\n');
            constructor_text(&mut out, &model.rust_name, fields, surface);
            out.push('\n');
            serialize_text(&mut out, &model.rust_name, fields, surface);
            out.push('\n');
            deserialize_text(&mut out, &model.rust_name, fields, surface);
        }
        ModelKind::Enum { values } => {
            out.push_str("crate::string_enum! {\n");
            docs(&mut out, 4, &text);
            deprecated(&mut out, 4, model.deprecated);
            enum_text(&mut out, &model.rust_name, values);
            out.push_str("}\n");
        }
        ModelKind::OneOf { property, variants } => {
            out.push_str("crate::one_of! {\n");
            docs(&mut out, 4, &text);
            deprecated(&mut out, 4, model.deprecated);
            let _ = writeln!(out, "    {} by {} {{", model.rust_name, string(property));
            for v in variants {
                let ty = spell(&v.ty, Spelling::Code("super"));
                let _ = writeln!(
                    out,
                    "        /// `{}`: [`{}`]({ty}).",
                    v.tag.replace('`', "'"),
                    v.ty.model().unwrap_or_default()
                );
                let _ = writeln!(out, "        {}({ty}) = {},", v.rust_name, string(&v.tag));
            }
            out.push_str("    }\n}\n");
        }
        ModelKind::Untagged { variants, nullable } => {
            docs(&mut out, 0, &text);
            deprecated(&mut out, 0, model.deprecated);
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n#[serde(untagged)]\n#[non_exhaustive]\n",
            );
            item_head(&mut out, 0, &format!("pub enum {}", model.rust_name));
            for v in variants {
                let mut ty = spell(&v.ty, Spelling::Code("super"));
                match v.ty.model() {
                    Some(name) if matches!(v.ty, crate::ir::TypeRef::Model(_)) => {
                        docs(&mut out, 4, &format!("A [`{name}`]({ty})."));
                        ty = format!("Box<{ty}>");
                    }
                    _ => docs(&mut out, 4, &format!("A JSON {}.", v.tag)),
                }
                let one = format!("{}({ty}),", v.rust_name);
                if 4 + one.len() <= super::text::MAX_WIDTH {
                    let _ = writeln!(out, "    {one}");
                } else {
                    let _ = writeln!(out, "    {}(\n        {ty},\n    ),", v.rust_name);
                }
            }
            if *nullable {
                docs(&mut out, 4, "`null`.");
                out.push_str("    Null,\n");
            }
            out.push_str("}\n");
        }
        ModelKind::Alias { ty } => {
            docs(&mut out, 0, &text);
            deprecated(&mut out, 0, model.deprecated);
            let _ = writeln!(
                out,
                "pub type {} = {};",
                model.rust_name,
                spell(ty, Spelling::Code("super"))
            );
        }
    }
    out
}

fn struct_text(out: &mut String, name: &str, fields: &[Field], surface: &ModelSurface) {
    let derives = if surface.default {
        "Debug, Clone, PartialEq, Default"
    } else {
        "Debug, Clone, PartialEq"
    };
    // `non_exhaustive`: a later version may add optional fields without breaking a caller, who
    // builds one with `new` (or `default`) and sets fields, and matches with `..`.
    let _ = writeln!(out, "#[derive({derives})]\n#[non_exhaustive]");
    if fields.is_empty() {
        let _ = writeln!(out, "pub struct {name} {{}}");
        return;
    }
    item_head(out, 0, &format!("pub struct {name}"));
    for (f, s) in fields.iter().zip(&surface.fields) {
        field_text(out, f, s);
    }
    out.push_str("}\n");
}

fn field_text(out: &mut String, f: &Field, s: &FieldSurface) {
    let mut text = f
        .description
        .as_deref()
        .map(doc_text)
        .unwrap_or_else(|| match f.ty.model() {
            Some(m) => format!("`{}`: see [`{m}`](super::{m}).", f.wire_name),
            None => format!("`{}`", f.wire_name),
        });
    if f.read_only {
        text.push_str("\n\nRead-only: set by the server, ignored in requests.");
    }
    if s.presence == Presence::Nullable {
        text.push_str("\n\n`None`: absent (left alone); `Some(None)`: null (cleared); `Some(Some(_))`: a value.");
    }
    docs(out, 4, &text);
    deprecated(out, 4, f.deprecated);
    field(out, 4, &format!("pub {}", f.rust_name), &s.rust_type);
}

/// `new`, taking the fields a value must carry (the others start as `None`): with the struct
/// `non_exhaustive`, the way to build one outside the crate.
fn constructor_text(out: &mut String, name: &str, fields: &[Field], surface: &ModelSurface) {
    let given: Vec<(&Field, &FieldSurface)> = fields
        .iter()
        .zip(&surface.fields)
        .filter(|(_, s)| !s.presence.can_be_left_out())
        .collect();
    impl_head(out, name);
    let doc = if given.is_empty() {
        format!("A `{name}` with every field `None`.")
    } else {
        format!("A `{name}` from the fields it must carry; the others are `None`.")
    };
    docs(out, 4, &doc);
    if given.len() > 7 {
        out.push_str("    #[allow(clippy::too_many_arguments)]\n");
    }
    let params: Vec<String> = given
        .iter()
        .map(|(f, s)| format!("{}: {}", f.rust_name, s.rust_type))
        .collect();
    let one = format!("    pub fn new({}) -> Self {{", params.join(", "));
    if one.len() <= super::text::MAX_WIDTH {
        let _ = writeln!(out, "{one}");
    } else {
        out.push_str("    pub fn new(\n");
        for (f, s) in &given {
            param(out, 8, &f.rust_name, &s.rust_type);
        }
        out.push_str("    ) -> Self {\n");
    }
    let inits: Vec<String> = fields
        .iter()
        .zip(&surface.fields)
        .map(|(f, s)| {
            if s.presence.can_be_left_out() {
                format!("{}: None", f.rust_name)
            } else {
                f.rust_name.clone()
            }
        })
        .collect();
    let body = inits.join(", ");
    // rustfmt's `struct_lit_width`: a literal whose fields fit in 18 columns stays on one line.
    if inits.is_empty() {
        out.push_str("        Self {}\n");
    } else if body.len() <= 18 {
        let _ = writeln!(out, "        Self {{ {body} }}");
    } else {
        out.push_str("        Self {\n");
        for init in &inits {
            let _ = writeln!(out, "            {init},");
        }
        out.push_str("        }\n");
    }
    out.push_str("    }\n}\n");
}

/// The model's `Serialize`, laid out as rustfmt lays it out: the number of fields it writes,
/// then each field under its wire name (the optional ones through `ser::Optional`, which leaves
/// them out when they are `None`).
fn serialize_text(out: &mut String, name: &str, fields: &[Field], surface: &ModelSurface) {
    trait_impl_head(out, "impl serde::Serialize", name);
    out.push_str(
        "    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {\n",
    );
    let optional: Vec<&str> = fields
        .iter()
        .zip(&surface.fields)
        .filter(|(_, s)| s.presence.can_be_left_out())
        .map(|(f, _)| f.rust_name.as_str())
        .collect();
    let always = fields.len() - optional.len();
    let len = if optional.is_empty() {
        always.to_string()
    } else {
        let _ = writeln!(out, "        let mut len = {always};");
        for f in &optional {
            // A chain over `chain_width` (60) is broken before its last call.
            let present = format!("self.{f}.is_some()");
            if present.len() <= 60 {
                let _ = writeln!(out, "        len += usize::from({present});");
            } else {
                let _ = writeln!(
                    out,
                    "        len += usize::from(\n            self.{f}\n                .is_some(),\n        );"
                );
            }
        }
        "len".to_owned()
    };
    let binding = if fields.is_empty() {
        "let object ="
    } else {
        "let mut object ="
    };
    // As rustfmt 1.8 lays it out (measured): on one line up to 98 columns (it ends in `?`);
    // else the value on the next line; else the call on the next line; else the arguments one
    // per line, also when they pass `fn_call_width` (60).
    let args = format!("{}, {len}", string(name));
    let method = format!(".serialize_struct({args})?;");
    let open = format!("serializer{method}");
    if args.len() <= 60 && 8 + binding.len() + 1 + open.len() <= 98 {
        let _ = writeln!(out, "        {binding} {open}");
    } else if args.len() <= 60 && 12 + open.len() <= 98 {
        let _ = writeln!(out, "        {binding}\n            {open}");
    } else if args.len() <= 60 && 12 + method.len() <= 98 {
        let _ = writeln!(out, "        {binding} serializer\n            {method}");
    } else {
        let _ = writeln!(
            out,
            "        {binding} serializer.serialize_struct(\n            {},\n            {len},\n        )?;",
            string(name)
        );
    }
    for (f, s) in fields.iter().zip(&surface.fields) {
        let head = if s.presence.can_be_left_out() {
            "object.optional("
        } else {
            "object.serialize_field("
        };
        let args = [string(&f.wire_name), format!("&self.{}", f.rust_name)];
        list(out, 8, head, &args, ")?;", CALL_WIDTH);
    }
    out.push_str("        object.end()\n    }\n}\n");
}

/// The model's `Deserialize` and the runtime's `de::FromMap` behind it (see the SDK's `de`
/// module for why it is not derived), laid out as rustfmt lays it out.
fn deserialize_text(out: &mut String, name: &str, fields: &[Field], surface: &ModelSurface) {
    trait_impl_head(out, "impl<'de> serde::Deserialize<'de>", name);
    out.push_str(concat!(
        "    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {\n",
        "        crate::de::object(deserializer)\n",
        "    }\n}\n\n",
    ));
    trait_impl_head(out, "impl crate::de::FromMap", name);
    out.push_str(
        "    fn from_map<'de, A: serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {\n",
    );
    if fields.is_empty() {
        out.push_str(concat!(
            "        while __map.next_property()?.is_some() {\n",
            "            __map.skip_value()?;\n",
            "        }\n",
            "        Ok(Self {})\n    }\n}\n",
        ));
        return;
    }
    for f in fields {
        let _ = writeln!(out, "        let mut {} = None;", f.rust_name);
    }
    out.push_str(concat!(
        "        while let Some(__key) = __map.next_property()? {\n",
        "            match __key.as_str() {\n",
    ));
    for f in fields {
        read_arm(out, &f.rust_name, &string(&f.wire_name));
    }
    out.push_str(concat!(
        "                _ => __map.skip_value()?,\n",
        "            }\n        }\n",
    ));
    // (`name: value`, or `name` alone; the receiver and call a long line breaks between)
    let inits: Vec<(String, &str, String)> = fields
        .iter()
        .zip(&surface.fields)
        .map(|(f, s)| {
            let name = &f.rust_name;
            match s.presence {
                // Read as `Option<Option<T>>`: absent `None`, null `Some(None)`, as the field is.
                Presence::Nullable => (name.clone(), name.as_str(), String::new()),
                // Read as `Option<Option<T>>` too, so that null is accepted: both are `None`.
                Presence::Optional | Presence::RequiredNullable => (
                    format!("{name}: {name}.flatten()"),
                    name.as_str(),
                    "flatten()".to_owned(),
                ),
                Presence::Required => {
                    let call = format!("required({})?", string(&f.wire_name));
                    (format!("{name}: {name}.{call}"), name.as_str(), call)
                }
            }
        })
        .collect();
    let body: Vec<&str> = inits.iter().map(|(init, ..)| init.as_str()).collect();
    let body = body.join(", ");
    // rustfmt's `struct_lit_width`: a literal whose fields fit in 18 columns stays on one line.
    if body.len() <= 18 {
        let _ = writeln!(out, "        Ok(Self {{ {body} }})");
    } else {
        out.push_str("        Ok(Self {\n");
        for (init, receiver, call) in &inits {
            // As rustfmt 1.8 lays it out (measured): one line up to 99 columns, 98 when it
            // ends in `?`; else broken before the call while `name: receiver` fits in 98
            // columns; else the value alone on the next line, broken there too if need be.
            let fits = if call.ends_with('?') { 98 } else { 99 };
            // `name: value,` at 12 columns; `value,` alone at 16.
            let (line, next_line) = (12 + init.len() + 1, 16 + init.len() - receiver.len() - 1);
            if call.is_empty() || line <= fits {
                let _ = writeln!(out, "            {init},");
            } else if 12 + 2 * receiver.len() + 2 <= 98 {
                let _ = writeln!(
                    out,
                    "            {receiver}: {receiver}\n                .{call},"
                );
            } else if next_line <= fits {
                let _ = writeln!(
                    out,
                    "            {receiver}:\n                {receiver}.{call},"
                );
            } else {
                let _ = writeln!(
                    out,
                    "            {receiver}:\n                {receiver}\n                    .{call},"
                );
            }
        }
        out.push_str("        })\n");
    }
    out.push_str("    }\n}\n");
}

/// `impl Trait for Name {`, or rustfmt's three lines when that passes the width.
fn trait_impl_head(out: &mut String, head: &str, name: &str) {
    let one = format!("{head} for {name} {{");
    if one.len() <= super::text::MAX_WIDTH {
        let _ = writeln!(out, "{one}");
    } else {
        let _ = writeln!(out, "{head}\n    for {name}\n{{");
    }
}

/// `"wire" => __map.read(&mut name, "wire")?,` in the key match, as rustfmt 1.8 lays it out
/// (measured): on one line up to 98 columns; else the call alone in a block when it is at most
/// 73 columns long; else the call's arguments one per line.
fn read_arm(out: &mut String, name: &str, wire: &str) {
    let call = format!("__map.read(&mut {name}, {wire})?");
    let line = 16 + wire.len() + " => ".len() + call.len() + ",".len();
    if line <= super::text::MAX_WIDTH - 2 {
        let _ = writeln!(out, "                {wire} => {call},");
    } else if call.len() <= 73 {
        let _ = writeln!(
            out,
            "                {wire} => {{\n                    {call}\n                }}"
        );
    } else {
        let _ = writeln!(
            out,
            "                {wire} => __map.read(\n                    &mut {name},\n                    {wire},\n                )?,"
        );
    }
}

fn enum_text(out: &mut String, name: &str, values: &[EnumValue]) {
    let _ = writeln!(out, "    {name} {{");
    for v in values {
        let _ = writeln!(out, "        /// `{}`", v.wire_name.replace('`', "'"));
        let _ = writeln!(out, "        {} = {},", v.rust_name, string(&v.wire_name));
    }
    out.push_str("    }\n");
}
