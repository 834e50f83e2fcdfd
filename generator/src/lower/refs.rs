//! `$ref` resolution for schemas, parameters, request bodies and responses.
//!
//! Only local references into `#/components/...` are supported; anything else is an error at the
//! `$ref` itself.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use crate::diagnostics::{Diagnostic, component_ref, pointer_push};

/// Resolves `item` against `table` (one of the `components` maps, named `kind` in
/// `#/components/<kind>/...`), following chains of references. Returns the target and the
/// pointer where it is defined, or the diagnostic for a dangling, foreign or cyclic reference.
pub fn resolve<'a, T>(
    item: &'a ReferenceOr<T>,
    pointer: &str,
    kind: &str,
    table: Option<&'a IndexMap<String, ReferenceOr<T>>>,
) -> Result<(&'a T, String), Diagnostic> {
    let mut current = item;
    let mut at = pointer.to_owned();
    let mut seen: Vec<String> = Vec::new();
    loop {
        match current {
            ReferenceOr::Item(t) => return Ok((t, at)),
            ReferenceOr::Reference { reference } => {
                let name = component_name(reference, kind, &at)?;
                if seen.contains(&name) {
                    return Err(Diagnostic::error(
                        pointer_push(&at, "$ref"),
                        format!("`$ref` cycle: `{reference}` refers back to itself"),
                    ));
                }
                current = table.and_then(|t| t.get(&name)).ok_or_else(|| {
                    dangling(
                        reference,
                        &pointer_push(&at, "$ref"),
                        kind,
                        table.map(|t| t.keys()),
                    )
                })?;
                at = pointer_push(&pointer_push("/components", kind), &name);
                seen.push(name);
            }
        }
    }
}

/// The component name of `#/components/<kind>/<name>`, unescaped.
pub fn component_name(reference: &str, kind: &str, at: &str) -> Result<String, Diagnostic> {
    if let Some((k, name)) = component_ref(reference) {
        if k == kind {
            return Ok(name);
        }
    }
    let message = if reference.starts_with('#') {
        format!("`$ref` must point at `#/components/{kind}/<name>` here, not `{reference}`")
    } else {
        format!(
            "`$ref` points outside this document (`{reference}`); only local references are supported"
        )
    };
    Err(Diagnostic::error(pointer_push(at, "$ref"), message)
        .with_help("bundle external files into one document first, e.g. `npx @redocly/cli bundle`"))
}

fn dangling<'a>(
    reference: &str,
    at: &str,
    kind: &str,
    names: Option<impl Iterator<Item = &'a String>>,
) -> Diagnostic {
    let d = Diagnostic::error(
        at,
        format!(
            "`$ref` points at a {} that does not exist: `{reference}`",
            singular(kind)
        ),
    );
    let wanted = reference.rsplit('/').next().unwrap_or(reference);
    let mut near: Vec<(f64, &String)> = names
        .into_iter()
        .flatten()
        .map(|n| (strsim::jaro_winkler(wanted, n), n))
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let near: Vec<String> = near.iter().take(3).map(|(_, n)| format!("`{n}`")).collect();
    if near.is_empty() {
        d.with_help(format!("`#/components/{kind}` defines nothing"))
    } else {
        d.with_help(format!("{kind} defined here include {}", near.join(", ")))
    }
}

fn singular(kind: &str) -> &str {
    match kind {
        "schemas" => "schema",
        "parameters" => "parameter",
        "requestBodies" => "request body",
        "responses" => "response",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> IndexMap<String, ReferenceOr<u8>> {
        let mut t = IndexMap::new();
        t.insert("ChatSettings".to_owned(), ReferenceOr::Item(1));
        t.insert("ChatUserSettings".to_owned(), ReferenceOr::Item(2));
        t.insert(
            "Alias".to_owned(),
            ReferenceOr::ref_("#/components/schemas/ChatSettings"),
        );
        t.insert(
            "Loop".to_owned(),
            ReferenceOr::ref_("#/components/schemas/Loop"),
        );
        t
    }

    #[test]
    fn follows_reference_chains() {
        let t = table();
        let r = ReferenceOr::ref_("#/components/schemas/Alias");
        let (v, at) = resolve(&r, "/x", "schemas", Some(&t)).unwrap();
        assert_eq!((*v, at.as_str()), (1, "/components/schemas/ChatSettings"));
    }

    #[test]
    fn dangling_reference_names_near_matches() {
        let t = table();
        let r = ReferenceOr::ref_("#/components/schemas/ChatSetings");
        let d = resolve(&r, "/x", "schemas", Some(&t)).unwrap_err();
        assert_eq!(d.pointer, "/x/$ref");
        assert_eq!(
            d.message,
            "`$ref` points at a schema that does not exist: `#/components/schemas/ChatSetings`"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("schemas defined here include `ChatSettings`, `ChatUserSettings`, `Alias`")
        );
    }

    #[test]
    fn cycles_and_foreign_references_are_errors() {
        let t = table();
        let r = ReferenceOr::ref_("#/components/schemas/Loop");
        let d = resolve(&r, "/x", "schemas", Some(&t)).unwrap_err();
        assert!(d.message.contains("cycle"), "{}", d.message);
        let r = ReferenceOr::ref_("other.yaml#/components/schemas/A");
        let d = resolve(&r, "/x", "schemas", Some(&t)).unwrap_err();
        assert!(d.message.contains("outside this document"), "{}", d.message);
        let r = ReferenceOr::ref_("#/components/parameters/A");
        let d = resolve(&r, "/x", "schemas", Some(&t)).unwrap_err();
        assert!(
            d.message
                .contains("must point at `#/components/schemas/<name>`"),
            "{}",
            d.message
        );
    }
}
