//! `.stream()` of a history operation, and the `HistoryPage` impl the runtime's stream reads
//! pages through.

use super::super::text::{NO_LIMIT, docs, impl_head, line, list, tail_call};
use super::builder::cfg_line;
use crate::ir::Operation;
use crate::surface::{Access, History};

/// `stream()` and the `HistoryPage` impl of the builder of `op`.
pub fn stream(out: &mut String, op: &Operation, h: &History, cfg: Option<&str>) {
    let name = &op.type_name;
    let item = &h.item;
    let (before, after) = op.pagination.as_ref().map_or(("before", "after"), |p| {
        (p.before_param.as_str(), p.after_param.as_str())
    });
    out.push('\n');
    cfg_line(out, cfg);
    impl_head(out, name);
    docs(
        out,
        4,
        &format!(
            "Every `{item}` of the history, page after page, following the `{before}`/`{after}` date cursors (see [`crate::pagination`] for the rule).",
        ),
    );
    line(
        out,
        4,
        &format!("pub fn stream(self) -> History<models::{item}> {{"),
    );
    line(out, 8, "crate::pagination::history(self)");
    line(out, 4, "}");
    line(out, 0, "}");
    out.push('\n');
    cfg_line(out, cfg);
    line(out, 0, &format!("impl HistoryPage for {name} {{"));
    line(out, 4, &format!("type Item = models::{item};"));
    out.push('\n');
    line(out, 4, "fn operation(&self) -> &'static crate::Operation {");
    line(
        out,
        8,
        &format!("&operations::{}", op.rust_name.to_uppercase()),
    );
    line(out, 4, "}");
    out.push('\n');
    line(out, 4, "fn client(&self) -> &Client {");
    line(out, 8, "&self.client");
    line(out, 4, "}");
    out.push('\n');
    line(out, 4, "fn direction(&self) -> Direction {");
    tail_call(
        out,
        8,
        "Direction::from_cursors",
        &[
            format!("self.{}.is_some()", h.before.field),
            format!("self.{}.is_some()", h.after.field),
        ],
    );
    line(out, 4, "}");
    out.push('\n');
    line(
        out,
        4,
        "fn set_cursor(&mut self, direction: Direction, cursor: DateCursor) {",
    );
    line(out, 8, "match direction {");
    for (direction, cursor) in [("Backward", &h.before), ("Forward", &h.after)] {
        // A cursor parameter the spec does not describe as a date is stored as text.
        let value = if cursor.typed {
            "cursor"
        } else {
            "cursor.into()"
        };
        line(
            out,
            12,
            &format!(
                "Direction::{direction} => self.{} = Some({value}),",
                cursor.field
            ),
        );
    }
    line(out, 8, "}");
    line(out, 4, "}");
    out.push('\n');
    line(
        out,
        4,
        &format!("async fn fetch(self) -> Result<Vec<models::{item}>> {{"),
    );
    line(out, 8, "let page = self.send().await?;");
    let items = match &h.items {
        Access {
            field,
            option: false,
        } => format!("page.{field}"),
        Access {
            field,
            option: true,
        } => format!("page.{field}.unwrap_or_default()"),
    };
    line(out, 8, &format!("Ok({items})"));
    line(out, 4, "}");
    out.push('\n');
    list(
        out,
        4,
        "fn date(",
        &[format!("item: &models::{item}")],
        ") -> Option<chrono::DateTime<chrono::Utc>> {",
        NO_LIMIT,
    );
    let date = match &h.date {
        Access {
            field,
            option: false,
        } => format!("Some(item.{field})"),
        Access {
            field,
            option: true,
        } => format!("item.{field}"),
    };
    line(out, 8, &date);
    line(out, 4, "}");
    out.push('\n');
    list(
        out,
        4,
        "fn id(",
        &[format!("item: &models::{item}")],
        ") -> Option<&str> {",
        NO_LIMIT,
    );
    let id = match &h.id {
        Some(Access {
            field,
            option: false,
        }) => format!("Some(item.{field}.as_str())"),
        Some(Access {
            field,
            option: true,
        }) => format!("item.{field}.as_deref()"),
        None => "None".to_owned(),
    };
    line(out, 8, &id);
    line(out, 4, "}");
    line(out, 0, "}");
}
