//! JSON pointer -> `line:col` for a YAML or JSON source.
//!
//! serde gives us values without positions, so the positions come from a second, event-level
//! parse of the same text. It is built only when there is something to report, so a clean run
//! never pays for it.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostics::{Location, pointer_push};

/// Where each node of a document starts.
#[derive(Debug, Default)]
pub struct Positions {
    nodes: HashMap<String, Location>,
}

impl Positions {
    /// Indexes `source`. A source that does not parse indexes as far as it got.
    pub fn index(source: &str) -> Self {
        let mut builder = Builder::default();
        let mut parser = Parser::new_from_str(source);
        // A syntax error ends the walk; what was indexed before it stays usable.
        let _ = parser.load(&mut builder, false);
        Self {
            nodes: builder.nodes,
        }
    }

    /// The position of the node at `pointer`, or of its nearest ancestor that exists.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        if pointer.is_empty() {
            // The whole document: its first line, whatever the root node's marker says.
            return Some(Location { line: 1, col: 1 });
        }
        let mut p = pointer;
        loop {
            if let Some(loc) = self.nodes.get(p) {
                return Some(*loc);
            }
            let cut = p.rfind('/')?;
            p = &p[..cut];
        }
    }
}

enum Frame {
    Map {
        pointer: String,
        /// The last key read, with where it starts, until its value starts.
        key: Option<(String, Marker)>,
        /// Not located yet: an item of a block sequence, whose start marker points past its
        /// first key; it is located at that key instead.
        pending: bool,
    },
    Seq {
        pointer: String,
        index: usize,
    },
}

#[derive(Default)]
struct Builder {
    nodes: HashMap<String, Location>,
    stack: Vec<Frame>,
}

impl Builder {
    /// The pointer of a node starting at `mark`, with the position to report for it; `None`
    /// when the node is a mapping key. A block mapping or sequence that is a mapping value is
    /// reported at its key: that is where a reader looks for `get:` or `parameters:`.
    fn node_pointer(&mut self, scalar: Option<&str>, mark: Marker) -> Option<(String, Marker)> {
        match self.stack.last_mut() {
            None => Some((String::new(), mark)),
            Some(Frame::Map {
                pointer,
                key,
                pending,
            }) => match key.take() {
                Some((k, key_mark)) => {
                    let at = if scalar.is_some() { mark } else { key_mark };
                    Some((pointer_push(pointer, &k), at))
                }
                None => {
                    // This node is a key: remember it for the value that follows.
                    *key = Some((scalar.unwrap_or_default().to_owned(), mark));
                    if std::mem::take(pending) {
                        let pointer = pointer.clone();
                        self.record(&pointer, mark);
                    }
                    None
                }
            },
            Some(Frame::Seq { pointer, index }) => {
                let p = pointer_push(pointer, &index.to_string());
                *index += 1;
                Some((p, mark))
            }
        }
    }

    fn record(&mut self, pointer: &str, mark: Marker) {
        let loc = Location {
            line: mark.line(),
            col: mark.col() + 1,
        };
        self.nodes.entry(pointer.to_owned()).or_insert(loc);
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => {
                if let Some((p, at)) = self.node_pointer(Some(&value), mark) {
                    self.record(&p, at);
                }
            }
            Event::Alias(_) => {
                if let Some((p, at)) = self.node_pointer(Some(""), mark) {
                    self.record(&p, at);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let is_map = matches!(ev, Event::MappingStart(..));
                let in_seq = matches!(self.stack.last(), Some(Frame::Seq { .. }));
                // A complex (non-scalar) key gets a throwaway pointer.
                let (pointer, at) = self
                    .node_pointer(None, mark)
                    .unwrap_or_else(|| ("\u{0}key".to_owned(), mark));
                let pending = is_map && in_seq;
                if !pending {
                    self.record(&pointer, at);
                }
                self.stack.push(if is_map {
                    Frame::Map {
                        pointer,
                        key: None,
                        pending,
                    }
                } else {
                    Frame::Seq { pointer, index: 0 }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(Frame::Map {
                    pointer,
                    pending: true,
                    ..
                }) = self.stack.pop()
                {
                    // An empty mapping: its own marker is all there is.
                    self.record(&pointer, mark);
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentStart | Event::DocumentEnd => {}
            Event::Nothing => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_yaml_nodes() {
        let src = "openapi: 3.0.3\npaths:\n  /a/{b}:\n    get:\n      tags: [x, y]\n      parameters:\n        - name: id\n          in: path\n";
        let pos = Positions::index(src);
        assert_eq!(pos.locate("/openapi"), Some(Location { line: 1, col: 10 }));
        // A container is reported at its key.
        assert_eq!(
            pos.locate("/paths/~1a~1{b}/get"),
            Some(Location { line: 4, col: 5 })
        );
        assert_eq!(
            pos.locate("/paths/~1a~1{b}/get/tags/1"),
            Some(Location { line: 5, col: 17 })
        );
        assert_eq!(
            pos.locate("/paths/~1a~1{b}/get/parameters/0"),
            Some(Location { line: 7, col: 11 })
        );
        // Missing nodes fall back to the nearest ancestor.
        assert_eq!(
            pos.locate("/paths/~1a~1{b}/get/nope"),
            Some(Location { line: 4, col: 5 })
        );
    }

    #[test]
    fn locates_json_nodes() {
        let src = "{\n \"info\": {\n  \"title\": \"t\"\n },\n \"paths\": {}\n}\n";
        let pos = Positions::index(src);
        assert_eq!(
            pos.locate("/info/title"),
            Some(Location { line: 3, col: 12 })
        );
        assert_eq!(pos.locate("/paths"), Some(Location { line: 5, col: 2 }));
        assert_eq!(pos.locate(""), Some(Location { line: 1, col: 1 }));
    }
}
