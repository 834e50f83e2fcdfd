//! Diagnostics: what went wrong (or looks odd) in the input, and where.
//!
//! Every stage reports problems by pushing a [`Diagnostic`] into a [`Diagnostics`] collection
//! instead of returning early, so that one run reports every problem of a spec at once.
//! Locations are JSON pointers into the spec; [`crate::load::Positions`] turns them into
//! `line:col` just before the diagnostics are shown.

use std::fmt;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The run cannot produce correct output.
    Error,
    /// The output is produced, but something in the spec was skipped or approximated.
    Warning,
}

/// A 1-based line and column in the spec file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    pub line: usize,
    pub col: usize,
}

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    /// The spec file, as the user named it.
    pub file: String,
    /// Where in the file, when it could be found.
    pub location: Option<Location>,
    /// The JSON pointer of the offending node (`#/paths/~1api~1v2~1chats/get`), empty for the
    /// whole document.
    pub pointer: String,
    /// A hint at the fix, when there is one.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer.into(), message.into())
    }

    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer.into(), message.into())
    }

    fn new(severity: Severity, pointer: String, message: String) -> Self {
        Self {
            severity,
            message,
            file: String::new(),
            location: None,
            pointer,
            help: None,
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{severity}: {}", self.message)?;
        match self.location {
            Some(Location { line, col }) => write!(f, "  --> {}:{line}:{col}", self.file)?,
            None => write!(f, "  --> {}", self.file)?,
        }
        if !self.pointer.is_empty() {
            write!(f, "\n   | #{}", self.pointer)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

/// All diagnostics of one run, in the order they were found until [`Diagnostics::finish`] sorts
/// them by position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn errors(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    /// Rewrites the pointer of every diagnostic not yet located (to point into the document the
    /// user has when the one checked was converted from it).
    pub fn repoint(&mut self, mut original: impl FnMut(&str) -> String) {
        for d in self.0.iter_mut().filter(|d| d.location.is_none()) {
            d.pointer = original(&d.pointer);
        }
    }

    /// Rewrites the message and help of every diagnostic (to word them for the document the
    /// user has).
    pub fn reword(&mut self, reword: impl Fn(&str) -> String) {
        for d in &mut self.0 {
            d.message = reword(&d.message);
            d.help = d.help.as_deref().map(&reword);
        }
    }

    /// Names the file (of those that name none), resolves every pointer to a position with `locate`, then sorts by
    /// position (unlocated last) and drops exact duplicates.
    pub fn finish(&mut self, file: &str, mut locate: impl FnMut(&str) -> Option<Location>) {
        for d in &mut self.0 {
            if d.file.is_empty() {
                d.file = file.to_owned();
            }
            if d.location.is_none() {
                d.location = locate(&d.pointer);
            }
        }
        self.0.sort_by(|a, b| {
            let key = |d: &Diagnostic| (d.location.is_none(), d.location, d.severity);
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        self.0.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}\n")?;
        }
        let (errors, warnings) = (self.errors(), self.warnings());
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        )
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Builds JSON pointers (RFC 6901) one segment at a time.
pub fn pointer_push(base: &str, segment: &str) -> String {
    let mut out = String::with_capacity(base.len() + segment.len() + 1);
    out.push_str(base);
    pointer_extend(&mut out, segment);
    out
}

/// Appends `segment` to `pointer` in place: a walk over a whole document keeps one pointer,
/// extended on the way down and truncated on the way back, instead of one per node.
pub fn pointer_extend(pointer: &mut String, segment: &str) {
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// The kind and name of a local reference to a component, `#/components/<kind>/<name>`, the
/// name unescaped (RFC 6901: `~1` is `/`, `~0` is `~`); `None` for any other reference.
pub fn component_ref(reference: &str) -> Option<(String, String)> {
    let mut parts = pointer_segments(reference.strip_prefix('#')?);
    if parts.next()? != "components" {
        return None;
    }
    let (kind, name) = (parts.next()?, parts.next()?);
    (parts.next().is_none() && !name.is_empty()).then_some((kind, name))
}

/// Splits a JSON pointer (without the leading `#`) into its unescaped segments.
pub fn pointer_segments(pointer: &str) -> impl Iterator<Item = String> + '_ {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn component_refs_are_split_and_unescaped() {
        assert_eq!(
            component_ref("#/components/schemas/a~1b~0c"),
            Some(("schemas".to_owned(), "a/b~c".to_owned()))
        );
        assert_eq!(component_ref("#/components/schemas/A/properties/x"), None);
        assert_eq!(component_ref("#/definitions/A"), None);
        assert_eq!(component_ref("other.yaml#/components/schemas/A"), None);
        assert_eq!(component_ref("#/components/schemas/"), None);
    }

    #[test]
    fn pointer_escapes_slash_and_tilde() {
        let p = pointer_push("/paths", "/api/v2/chats/{a~b}");
        assert_eq!(p, "/paths/~1api~1v2~1chats~1{a~0b}");
        let segs: Vec<_> = pointer_segments(&p).collect();
        assert_eq!(segs, ["paths", "/api/v2/chats/{a~b}"]);
    }

    #[test]
    fn renders_like_a_compiler() {
        let mut ds = Diagnostics::default();
        ds.push(Diagnostic::error("/components", "bad").with_help("fix it"));
        ds.finish("spec/x.yaml", |_| Some(Location { line: 3, col: 5 }));
        assert_eq!(
            ds.to_string(),
            "error: bad\n  --> spec/x.yaml:3:5\n   | #/components\nhelp: fix it\n\n1 error, 0 warnings"
        );
    }
}
