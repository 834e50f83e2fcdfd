//! The date cursor of a history (`before`, `after`), re-exported by the SDK crate's
//! `pagination` module.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};

/// A date cursor of a history (`before`, `after`): a date, or text the service reads as one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DateCursor(String);

impl DateCursor {
    /// The cursor as sent: RFC 3339 with milliseconds for a date, the way the API writes dates.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<DateTime<Utc>> for DateCursor {
    fn from(date: DateTime<Utc>) -> Self {
        Self(date.to_rfc3339_opts(SecondsFormat::Millis, true))
    }
}

impl From<String> for DateCursor {
    fn from(text: String) -> Self {
        Self(text)
    }
}

impl From<&str> for DateCursor {
    fn from(text: &str) -> Self {
        Self(text.to_owned())
    }
}

impl From<&String> for DateCursor {
    fn from(text: &String) -> Self {
        Self(text.clone())
    }
}

impl From<DateCursor> for String {
    fn from(cursor: DateCursor) -> Self {
        cursor.0
    }
}

impl fmt::Display for DateCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
