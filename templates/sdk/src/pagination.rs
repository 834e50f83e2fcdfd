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

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use futures_core::Stream;

use crate::client::Client;
use crate::error::{Error, Result, StreamProblem};
use crate::history::Page;
use crate::operation::Operation;

pub use crate::cursor::DateCursor;
pub use crate::history::Direction;

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

/// A boxed stream of history entries: `Unpin`, so `.next().await` works on it directly, and
/// `Send + 'static`, so it can be spawned or stored.
pub type History<T> = Pin<Box<dyn Stream<Item = Result<T>> + Send + 'static>>;

/// Every entry of the history, page after page (see the module documentation for the rule).
pub fn history<P: HistoryPage + 'static>(first: P) -> History<P::Item>
where
    P::Item: 'static,
{
    let limit = first.client().inner.max_stream_pages;
    crate::history::entries(Pager(first), limit)
}

/// A `HistoryPage` as the runtime's loop reads it, with this crate's errors.
#[derive(Clone)]
struct Pager<P>(P);

impl<P: HistoryPage + 'static> Page for Pager<P>
where
    P::Item: 'static,
{
    type Item = P::Item;
    type Error = Error;

    fn direction(&self) -> Direction {
        self.0.direction()
    }

    fn set_cursor(&mut self, direction: Direction, cursor: DateCursor) {
        self.0.set_cursor(direction, cursor);
    }

    fn fetch(self) -> impl Future<Output = Result<Vec<P::Item>>> + Send {
        self.0.fetch()
    }

    fn date(item: &P::Item) -> Option<DateTime<Utc>> {
        P::date(item)
    }

    fn id(item: &P::Item) -> Option<&str> {
        P::id(item)
    }

    fn stop(&self, problem: StreamProblem) -> Error {
        Error::Stream {
            operation: self.0.operation().id,
            problem,
        }
    }
}
