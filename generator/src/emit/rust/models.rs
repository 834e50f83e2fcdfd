//! Models -> one Rust file each, printed as text laid out the way rustfmt lays it out. What
//! each field holds (`Option`, `Box`) and whether a struct has a `Default` is the
//! [`Surface`](crate::surface)'s; this module prints it.
//!
//! - Structs derive `Serialize`; the wire name is restored by `rename_all = "camelCase"` where
//!   that gives it back, and by a `rename` on the field where it does not. `Deserialize` is
//!   written out as one struct literal over the runtime's `de::Fields`, which takes each field
//!   by its wire name: serde's derive made reading the models most of a crate's compile time.
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
    attribute, deprecated, doc_text, docs, field, impl_head, item_head, param, string,
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
            out.push_str(if slot {
                "use crate::de::{FromMap, MapExt, Slot};\n"
            } else {
                "use crate::de::{FromMap, MapExt};\n"
            });
            out.push_str("use serde::{Deserialize, Deserializer, Serialize};\n\n");
            docs(&mut out, 0, &text);
            deprecated(&mut out, 0, model.deprecated);
            struct_text(&mut out, &model.rust_name, fields, surface);
            out.push('\n');
            constructor_text(&mut out, &model.rust_name, fields, surface);
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
            out.push_str("use serde::{Deserialize, Serialize};\n\n");
            docs(&mut out, 0, &text);
            deprecated(&mut out, 0, model.deprecated);
            out.push_str(
                "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]\n#[serde(untagged)]\n#[non_exhaustive]\n",
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
        "Debug, Clone, PartialEq, Default, Serialize"
    } else {
        "Debug, Clone, PartialEq, Serialize"
    };
    // `non_exhaustive`: a later version may add optional fields without breaking a caller, who
    // builds one with `new` (or `default`) and sets fields, and matches with `..`.
    let _ = writeln!(
        out,
        "#[derive({derives})]\n#[serde(rename_all = \"camelCase\")]\n#[non_exhaustive]"
    );
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
    let mut serde: Vec<String> = Vec::new();
    if camel_case(&f.rust_name) != f.wire_name {
        serde.push(format!("rename = {}", string(&f.wire_name)));
    }
    match s.presence {
        Presence::Optional => {
            serde.push("skip_serializing_if = \"Option::is_none\"".to_owned());
        }
        // Absent, null or a value: see `crate::nullable`.
        Presence::Nullable => {
            serde.push("skip_serializing_if = \"Option::is_none\"".to_owned());
        }
        // Always sent, possibly as null; or always sent.
        Presence::RequiredNullable | Presence::Required => {}
    }
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
    if !serde.is_empty() {
        attribute(out, 4, "#[serde(", &serde, ")]");
    }
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

/// The model's `Deserialize` and the runtime's `de::FromMap` behind it (see the SDK's `de`
/// module for why it is not derived), laid out as rustfmt lays it out.
fn deserialize_text(out: &mut String, name: &str, fields: &[Field], surface: &ModelSurface) {
    trait_impl_head(out, "impl<'de> Deserialize<'de>", name);
    out.push_str(concat!(
        "    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {\n",
        "        crate::de::object(deserializer)\n",
        "    }\n}\n\n",
    ));
    trait_impl_head(out, "impl FromMap", name);
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
