//! When to retry, and how long to wait.
//!
//! - `429 Too Many Requests` is retried for every method: the server did not act on the request.
//!   The wait is the server's `Retry-After` (seconds or an HTTP date) when it sends one.
//! - `502`, `503`, `504` and connection failures are retried only for idempotent methods
//!   (`GET`, `PUT`, `DELETE`, ...), never for `POST` or `PATCH`, which could then act twice.
//! - Waits grow exponentially with jitter, and the whole call stays within the policy's
//!   attempts and time budget, a deadline for everything the call does (token fetches,
//!   attempts, waits): when the next wait would pass it, the call fails at once with the last
//!   response instead of sleeping, and an attempt still running at the deadline is cut short.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use tokio::time::Instant;

/// How a client retries failed requests. On by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    budget: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 4 attempts, within 60 seconds, backing off from 250 ms up to 10 s.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            budget: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// Never retry: every request is sent once.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// The most times one call sends its request (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The most time one call may spend, waits included. A `Retry-After` longer than what is
    /// left makes the call fail at once.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The first wait; each later one doubles, up to [`RetryPolicy::max_backoff`].
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest wait between two attempts when the server does not say how long.
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    #[doc(hidden)]
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    #[doc(hidden)]
    pub fn total_budget(&self) -> Duration {
        self.budget
    }

    /// When a call that starts at `start` must be over: `start` plus the budget (a budget too
    /// long to add means no deadline in practice: a century).
    #[doc(hidden)]
    pub fn deadline(&self, start: Instant) -> Instant {
        start
            .checked_add(self.budget)
            .or_else(|| start.checked_add(Duration::from_secs(100 * 365 * 24 * 3600)))
            .unwrap_or(start)
    }

    /// The wait before attempt `attempt + 1`: exponential, with "equal jitter" (between half
    /// and all of the exponential value) so that many clients do not retry in step.
    #[doc(hidden)]
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .initial_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.max_backoff);
        let half = capped / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

/// The server's `Retry-After`: delay-seconds or an HTTP date (RFC 9110 10.2.3).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        let later = SystemTime::now() + Duration::from_secs(120);
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap(),
        );
        let wait = retry_after(&h).unwrap();
        assert!(
            wait > Duration::from_secs(115) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_after(&h), Some(Duration::ZERO));
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let p = RetryPolicy::default();
        for attempt in 1..20 {
            let wait = p.backoff(attempt);
            let full = Duration::from_millis(250)
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(Duration::from_secs(10));
            assert!(
                wait >= full / 2 && wait <= full,
                "attempt {attempt}: {wait:?}"
            );
        }
    }
}
