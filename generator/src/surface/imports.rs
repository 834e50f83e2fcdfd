//! What an API module needs to import: worked out from what it holds (methods, and builders of
//! its own, or for `apis::shared` the builders of operations under several APIs), so that no
//! feature combination leaves an import unused.

use super::{OperationSurface, Source, Surface, Write};
use crate::ir::{Operation, Tag};

/// The crate items a module uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Imports {
    /// `crate::error::Result`
    pub result: bool,
    /// `crate::models`
    pub models: bool,
    /// `crate::operations`
    pub operations: bool,
    /// `crate::options::RequestOptions`
    pub request_options: bool,
    /// `crate::options::Response`
    pub response: bool,
    /// `crate::pagination::DateCursor`
    pub date_cursor: bool,
    /// `crate::pagination::{Direction, History, HistoryPage}`
    pub history: bool,
    /// `crate::request::Request`
    pub request: bool,
    /// `crate::encode::FilePart`
    pub file_part: bool,
    /// `crate::encode::Form`
    pub form: bool,
    /// `crate::encode::ObjectStyle`
    pub object_style: bool,
}

impl Imports {
    /// An API method: it takes arguments and makes a builder.
    fn method(&mut self, s: &OperationSurface) {
        self.request_options = true;
        self.file_part |= s.arguments().any(|i| i.source == Source::FilePart);
        self.models |= s.arguments().any(|i| i.taken.contains("models::"));
        self.date_cursor |= s.arguments().any(|i| i.date_cursor);
    }

    /// A request builder: its fields, setters, `send` and stream.
    fn builder(&mut self, s: &OperationSurface) {
        self.result = true;
        self.operations = true;
        self.request_options = true;
        self.response = true;
        self.request = true;
        self.models |= s
            .inputs
            .iter()
            .any(|i| i.stored.contains("models::") || i.taken.contains("models::"))
            || s.returns.rust_type().contains("models::")
            || s.history.is_some();
        self.date_cursor |= s.inputs.iter().any(|i| i.date_cursor) || s.history.is_some();
        self.history |= s.history.is_some();
        self.file_part |= s.inputs.iter().any(|i| i.source == Source::FilePart);
        self.form |= s
            .inputs
            .iter()
            .any(|i| matches!(i.source, Source::FormField | Source::FilePart));
        self.object_style |= s.inputs.iter().any(|i| matches!(i.write, Write::Object(_)));
    }
}

impl Surface<'_> {
    /// What the module of `tag` imports: its methods, and the builders of the operations only
    /// it lists.
    pub fn tag_imports(&self, tag: &Tag) -> Imports {
        let mut out = Imports::default();
        for (op, s) in self.tag_operations(tag) {
            out.method(s);
            if op.also_in.is_empty() {
                out.builder(s);
            }
        }
        out
    }

    /// What `apis::shared` imports: the builders of operations under several APIs.
    pub fn shared_imports(&self) -> Imports {
        let mut out = Imports::default();
        for (_, s) in self.shared_operations() {
            out.builder(s);
        }
        out
    }

    /// The operations listed under several APIs, whose builders live in `apis::shared`.
    pub fn shared_operations(&self) -> impl Iterator<Item = (&Operation, &OperationSurface)> {
        self.api
            .operations
            .iter()
            .zip(&self.operations)
            .filter(|(o, _)| !o.also_in.is_empty())
    }
}
