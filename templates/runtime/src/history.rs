//! The loop of a history stream, generic over the request of one page: the SDK crate's
//! `pagination::history` feeds it its `HistoryPage` requests, and its `pagination` module
//! documentation states the rule this loop keeps. It lives here so that it is type-checked once,
//! with the runtime, and not again in every generated crate.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use futures_util::stream::{self, Stream, StreamExt};

use crate::cursor::DateCursor;
use crate::failure::StreamProblem;

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

/// The request of one page, as the loop reads it: the SDK crate implements it over its
/// `HistoryPage`, with its own error type.
pub trait Page: Clone + Send + Sized + 'static {
    /// One entry of the history.
    type Item: Send + 'static;
    /// What a failed page, or a stopped stream, yields.
    type Error: Send + 'static;

    /// Which way this request reads.
    fn direction(&self) -> Direction;

    /// Moves the cursor for the next page.
    fn set_cursor(&mut self, direction: Direction, cursor: DateCursor);

    /// Sends the request and returns the page's entries.
    fn fetch(self) -> impl Future<Output = Result<Vec<Self::Item>, Self::Error>> + Send;

    /// The entry's date, the cursor's unit.
    fn date(item: &Self::Item) -> Option<DateTime<Utc>>;

    /// The entry's id, to drop repeats across pages.
    fn id(item: &Self::Item) -> Option<&str>;

    /// The error that ends the stream for `problem`.
    fn stop(&self, problem: StreamProblem) -> Self::Error;
}

/// A boxed stream of history entries.
pub type Entries<T, E> = Pin<Box<dyn Stream<Item = Result<T, E>> + Send + 'static>>;

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
    limit: usize,
}

/// Every entry of the history from `first` on, page after page, reading at most `limit` pages.
pub fn entries<P: Page>(first: P, limit: usize) -> Entries<P::Item, P::Error> {
    let state = State {
        next: Some(first),
        seen: SeenIds::default(),
        cursor: None,
        pages: 0,
        limit,
    };
    Box::pin(stream::unfold(state, next_page).flat_map(stream::iter))
}

/// One step of the loop: the next page's entries, then what ends the stream, if anything.
async fn next_page<P: Page>(
    mut state: State<P>,
) -> Option<(Vec<Result<P::Item, P::Error>>, State<P>)> {
    let page = state.next.take()?;
    if state.pages >= state.limit {
        let stop = page.stop(StreamProblem::PageLimit(state.limit));
        return Some((vec![Err(stop)], state));
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
    let mut out: Vec<Result<P::Item, P::Error>> = fresh.into_iter().map(Ok).collect();
    let text = |d: DateTime<Utc>| String::from(DateCursor::from(d));
    match (state.cursor, edge) {
        // Nothing to move the cursor with: this was the last page.
        (_, None) => {}
        (Some(cursor), Some(edge)) if edge == cursor => {
            out.push(Err(
                page.stop(StreamProblem::CursorStuck { at: text(cursor) })
            ));
        }
        (Some(cursor), Some(edge)) if (direction == Direction::Backward) == (edge > cursor) => {
            out.push(Err(page.stop(StreamProblem::CursorBackwards {
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
}
