//! Message histories as streams.
//!
//! The history operations (`getChatsRoomMessages`, `getChatsThreadMessages`) take three query
//! parameters: `limit` ("the maximum number of messages to retrieve"), `before` ("the cutoff
//! date") and `after` ("the beginning date"). Their answer is a listing of messages with their
//! `dateCreated`, and no next-page link. So the cursor is a date, and this is the rule:
//!
//! - Reading goes backwards in time (newest first) unless `after` is set and `before` is not, in
//!   which case it goes forwards.
//! - After each page, the next request sets `before` to the oldest `dateCreated` of the page
//!   (forwards: `after` to the newest), written as RFC 3339 with milliseconds, the way the API
//!   writes dates.
//! - A message the stream has already yielded is not yielded again (the cutoff may be
//!   inclusive; the last 10,000 ids yielded are remembered). Reading stops at the first page
//!   with nothing new.
//! - Each page must move the cursor strictly in the reading direction (older backwards, newer
//!   forwards). A page that moves it the other way, or leaves it where it was, would make the
//!   stream read forever: its new messages are yielded, then the stream ends with
//!   [`Error::Stream`]. So does a stream that reaches the client's page
//!   limit ([`crate::ClientBuilder::max_stream_pages`], 10,000 by default).
//!
//! Each item is a `Result`: a failed page ends the stream with its error.
//!
//! A cursor given to `before` or `after` is a [`DateCursor`], from a date or from text:
//!
//! ```
//! use genesys_cloud_chat::chrono::{TimeZone, Utc};
//! use genesys_cloud_chat::pagination::DateCursor;
//!
//! let date = Utc.with_ymd_and_hms(2026, 11, 30, 9, 15, 0).unwrap();
//! assert_eq!(DateCursor::from(date).as_str(), "2026-11-30T09:15:00.000Z");
//! assert_eq!(DateCursor::from("2026-11-30T09:15:00Z").as_str(), "2026-11-30T09:15:00Z");
//! ```

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use futures_core::Stream;
use futures_util::StreamExt;
use futures_util::stream;

use crate::client::Client;
use crate::error::{Error, Result, StreamProblem};
use crate::operation::Operation;

pub use crate::cursor::DateCursor;

/// Which way a history is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Newest first, moving `before`.
    Backward,
    /// Oldest first, moving `after`.
    Forward,
}

impl Direction {
    /// Forward when only `after` is set, else backward.
    pub fn from_cursors(before_set: bool, after_set: bool) -> Self {
        if after_set && !before_set {
            Self::Forward
        } else {
            Self::Backward
        }
    }
}

/// A request for one page of a history, as the generated request builders implement it.
pub trait HistoryPage: Clone + Send + Sized {
    /// One entry of the history.
    type Item: Send;

    /// The operation, for errors.
    fn operation(&self) -> &'static Operation;

    /// The client the request goes through, for its limits.
    fn client(&self) -> &Client;

    /// Which way this request reads.
    fn direction(&self) -> Direction;

    /// Moves the cursor for the next page.
    fn set_cursor(&mut self, direction: Direction, cursor: DateCursor);

    /// Sends the request and returns the page's entries.
    fn fetch(self) -> impl Future<Output = Result<Vec<Self::Item>>> + Send;

    /// The entry's date, the cursor's unit.
    fn date(item: &Self::Item) -> Option<DateTime<Utc>>;

    /// The entry's id, to drop repeats across pages.
    fn id(item: &Self::Item) -> Option<&str>;
}

/// The ids yielded last, at most [`SeenIds::CAPACITY`] of them.
#[derive(Default)]
struct SeenIds {
    set: HashSet<String>,
    order: VecDeque<String>,
}

impl SeenIds {
    const CAPACITY: usize = 10_000;

    fn contains(&self, id: &str) -> bool {
        self.set.contains(id)
    }

    fn insert(&mut self, id: &str) {
        if self.set.insert(id.to_owned()) {
            self.order.push_back(id.to_owned());
            if self.order.len() > Self::CAPACITY {
                if let Some(old) = self.order.pop_front() {
                    self.set.remove(&old);
                }
            }
        }
    }
}

struct State<P> {
    next: Option<P>,
    seen: SeenIds,
    cursor: Option<DateTime<Utc>>,
    pages: usize,
}

/// A boxed stream of history entries: `Unpin`, so `.next().await` works on it directly, and
/// `Send + 'static`, so it can be spawned or stored.
pub type History<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'static>>;

/// Every entry of the history, page after page (see the module documentation for the rule).
pub fn history<P: HistoryPage + 'static>(first: P) -> History<P::Item>
where
    P::Item: 'static,
{
    let state = State {
        next: Some(first),
        seen: SeenIds::default(),
        cursor: None,
        pages: 0,
    };
    let pages = stream::unfold(state, |mut state| async move {
        let page = state.next.take()?;
        let operation = page.operation().id;
        let stop = |problem| Error::Stream { operation, problem };
        let limit = page.client().inner.max_stream_pages;
        if state.pages >= limit {
            return Some((vec![Err(stop(StreamProblem::PageLimit(limit)))], state));
        }
        state.pages += 1;
        let direction = page.direction();
        let entries = match page.clone().fetch().await {
            Ok(entries) => entries,
            Err(e) => return Some((vec![Err(e)], state)),
        };
        let edge = entries
            .iter()
            .filter_map(P::date)
            .reduce(|a, b| match direction {
                Direction::Backward => a.min(b),
                Direction::Forward => a.max(b),
            });
        let fresh: Vec<P::Item> = entries
            .into_iter()
            .filter(|item| P::id(item).is_none_or(|id| !state.seen.contains(id)))
            .collect();
        if fresh.is_empty() {
            return None;
        }
        for id in fresh.iter().filter_map(P::id) {
            state.seen.insert(id);
        }
        let mut out: Vec<Result<P::Item>> = fresh.into_iter().map(Ok).collect();
        let text = |d: DateTime<Utc>| String::from(DateCursor::from(d));
        match (state.cursor, edge) {
            // Nothing to move the cursor with: this was the last page.
            (_, None) => {}
            (Some(cursor), Some(edge)) if edge == cursor => {
                out.push(Err(stop(StreamProblem::CursorStuck { at: text(cursor) })));
            }
            (Some(cursor), Some(edge)) if (direction == Direction::Backward) == (edge > cursor) => {
                out.push(Err(stop(StreamProblem::CursorBackwards {
                    from: text(cursor),
                    to: text(edge),
                })));
            }
            (_, Some(edge)) => {
                let mut next = page;
                next.set_cursor(direction, DateCursor::from(edge));
                state.next = Some(next);
                state.cursor = Some(edge);
            }
        }
        Some((out, state))
    });
    Box::pin(pages.flat_map(stream::iter))
}
