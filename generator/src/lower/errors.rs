//! `x-inin-error-codes` -> the error codes an operation documents.

use openapiv3::{Operation as SpecOperation, StatusCode};
use serde_json::Value;

use super::{Lowerer, refs};
use crate::diagnostics::{Diagnostic, pointer_push};
use crate::ir::ErrorCode;

const EXTENSION: &str = "x-inin-error-codes";

impl Lowerer<'_> {
    /// The codes each error response lists in `x-inin-error-codes` (`{code: message}`), in the
    /// order of the responses, then of the codes.
    pub(super) fn error_codes(&mut self, op: &SpecOperation, pointer: &str) -> Vec<ErrorCode> {
        let table = self.spec.components.as_ref().map(|c| &c.responses);
        let at = pointer_push(pointer, "responses");
        let responses = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => Some(*c),
                    StatusCode::Range(_) => None,
                };
                (status, r, pointer_push(&at, &code.to_string()))
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| (None, r, pointer_push(&at, "default"))),
            );
        let mut out = Vec::new();
        for (status, response, at) in responses {
            // A dangling `$ref` is reported where the responses are lowered.
            let Ok((response, at)) = refs::resolve(response, &at, "responses", table) else {
                continue;
            };
            let Some(codes) = response.extensions.get(EXTENSION) else {
                continue;
            };
            let ext_at = pointer_push(&at, EXTENSION);
            let Some(codes) = codes.as_object() else {
                self.report(Diagnostic::warning(
                    ext_at,
                    format!(
                        "`{EXTENSION}` must map each error code to its message; it is left out"
                    ),
                ));
                continue;
            };
            for (code, message) in codes {
                let trimmed = code.trim();
                if trimmed != code {
                    self.report(Diagnostic::warning(
                        pointer_push(&ext_at, code),
                        format!(
                            "error code {code:?} has white space around it; it is read as `{trimmed}`"
                        ),
                    ));
                }
                match message {
                    Value::String(message) => out.push(ErrorCode {
                        status,
                        code: trimmed.to_owned(),
                        message: message.clone(),
                    }),
                    _ => self.report(Diagnostic::warning(
                        pointer_push(&ext_at, code),
                        format!("the message of error code `{code}` must be a string; the code is left out"),
                    )),
                }
            }
        }
        out
    }
}
