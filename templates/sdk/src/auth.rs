//! Authentication: a fixed bearer token, or the OAuth client-credentials grant with a cached
//! token that is refreshed before it expires.
//!
//! One fetch at a time: callers that need a token while one is being fetched wait for that
//! fetch and share its result, token or failure. The fetch is retried like an idempotent call
//! (connection failures, `429`, `500`, `502`, `503`, `504`, honouring `Retry-After`), within the
//! client's retry policy. Whatever the login service answers, a token's lifetime is taken
//! between one minute and one day, and a token that cannot travel in a header is refused.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::Shared;
use reqwest::header::HeaderValue;
use serde::Deserialize;
use tokio::time::Instant;

use crate::body::{BodyError, ERROR_BODY_LIMIT, read_limited, read_prefix};
use crate::error::{Error, Result, error_chain};
use crate::retry::{RetryPolicy, retry_after};

/// A secret (a token, a client secret). Its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Arc::from(value.into()))
    }

    /// The secret itself; take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the secret can travel as a bearer token in an HTTP header.
    pub(crate) fn is_header_safe(&self) -> bool {
        !self.0.is_empty() && HeaderValue::from_str(&format!("Bearer {}", self.0)).is_ok()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

/// The shortest and longest token lifetimes believed, whatever `expires_in` says: a token said
/// to live 0 seconds would be fetched again for every call, and a lifetime past what `Instant`
/// can add would overflow.
const MIN_LIFETIME: Duration = Duration::from_secs(60);
const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// How the client authenticates.
#[derive(Debug)]
pub(crate) enum Auth {
    /// A token obtained elsewhere; never refreshed.
    Token(Secret),
    /// The client-credentials grant.
    ClientCredentials(TokenSource),
}

impl Auth {
    /// A token to send. `refused` is a token the API just answered 401 to: it is not reused.
    pub(crate) async fn token(
        &self,
        http: &reqwest::Client,
        refused: Option<&Secret>,
    ) -> Result<Secret> {
        match self {
            Self::Token(token) => Ok(token.clone()),
            Self::ClientCredentials(source) => source.token(http, refused).await,
        }
    }

    /// Whether a 401 can be cured by fetching a new token.
    pub(crate) fn can_refresh(&self) -> bool {
        matches!(self, Self::ClientCredentials(_))
    }
}

/// Tokens from `POST {login}/oauth/token` with `grant_type=client_credentials`.
pub(crate) struct TokenSource {
    inner: Arc<SourceInner>,
}

struct SourceInner {
    client_id: String,
    client_secret: Secret,
    token_url: String,
    retry: RetryPolicy,
    state: Mutex<State>,
}

/// A fetch in flight, shared by every caller waiting for it.
type Flight = Shared<Pin<Box<dyn Future<Output = Result<Secret, Failure>> + Send>>>;

#[derive(Default)]
struct State {
    cached: Option<CachedToken>,
    flight: Option<Flight>,
}

struct CachedToken {
    token: Secret,
    /// When to fetch a new one: a little before it expires.
    refresh_at: Instant,
}

/// Why a fetch failed, kept so that every waiting caller gets the same error.
#[derive(Debug, Clone)]
struct Failure {
    status: Option<u16>,
    message: String,
    correlation_id: Option<String>,
    /// Another attempt could succeed (connection failures, 429, 5xx), after this wait if the
    /// server said.
    retry: Option<Option<Duration>>,
}

impl Failure {
    fn into_error(self) -> Error {
        Error::Auth {
            status: self.status,
            message: self.message,
            correlation_id: self.correlation_id,
        }
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
    message: Option<String>,
}

impl TokenSource {
    pub(crate) fn new(
        client_id: String,
        client_secret: Secret,
        login_base_url: &str,
        retry: RetryPolicy,
    ) -> Self {
        Self {
            inner: Arc::new(SourceInner {
                client_id,
                client_secret,
                token_url: token_url(login_base_url),
                retry,
                state: Mutex::new(State::default()),
            }),
        }
    }

    async fn token(&self, http: &reqwest::Client, refused: Option<&Secret>) -> Result<Secret> {
        let flight = {
            let mut state = self.inner.lock();
            if let Some(cached) = &state.cached {
                let is_refused = refused.is_some_and(|r| *r == cached.token);
                if !is_refused && Instant::now() < cached.refresh_at {
                    return Ok(cached.token.clone());
                }
            }
            match &state.flight {
                Some(flight) => flight.clone(),
                None => {
                    let fetch: Pin<Box<dyn Future<Output = _> + Send>> =
                        Box::pin(fetch(self.inner.clone(), http.clone()));
                    let flight = fetch.shared();
                    state.flight = Some(flight.clone());
                    flight
                }
            }
        };
        flight.await.map_err(Failure::into_error)
    }
}

impl SourceInner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `{login}/oauth/token`.
pub(crate) fn token_url(login_base_url: &str) -> String {
    format!("{}/oauth/token", login_base_url.trim_end_matches('/'))
}

/// One shared fetch: attempts within the retry policy, then the result goes into the cache
/// (a token) and the flight ends (either way), so that the next caller after a failure tries
/// again.
async fn fetch(inner: Arc<SourceInner>, http: reqwest::Client) -> Result<Secret, Failure> {
    let started = Instant::now();
    let deadline = inner.retry.deadline(started);
    let mut attempt = 0;
    let result = loop {
        attempt += 1;
        match fetch_once(&inner, &http).await {
            Ok(token) => break Ok(token),
            Err(failure) => {
                let Some(server_wait) = failure.retry else {
                    break Err(failure);
                };
                let wait = server_wait.unwrap_or_else(|| inner.retry.backoff(attempt));
                let in_time = Instant::now()
                    .checked_add(wait)
                    .is_some_and(|resume| resume < deadline);
                if attempt >= inner.retry.attempts() || !in_time {
                    break Err(failure);
                }
                tracing::warn!(
                    attempt,
                    wait_ms = wait.as_millis() as u64,
                    "the login service failed; retrying"
                );
                tokio::time::sleep(wait).await;
            }
        }
    };
    let mut state = inner.lock();
    state.flight = None;
    let cached = result?;
    let token = cached.token.clone();
    state.cached = Some(cached);
    Ok(token)
}

async fn fetch_once(inner: &SourceInner, http: &reqwest::Client) -> Result<CachedToken, Failure> {
    let started = Instant::now();
    let url = &inner.token_url;
    tracing::debug!(url = %url, "fetching an access token");
    let failure = |status: Option<u16>, message: String, correlation_id: Option<String>| Failure {
        status,
        message,
        correlation_id,
        retry: None,
    };
    let response = http
        .post(url)
        .basic_auth(&inner.client_id, Some(inner.client_secret.expose()))
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json")
        .body("grant_type=client_credentials")
        .send()
        .await
        .map_err(|e| {
            let retryable = crate::send::transport_kind(&e).is_retryable();
            Failure {
                retry: retryable.then_some(None),
                ..failure(
                    None,
                    format!(
                        "the login service at {url} did not answer: {}",
                        error_chain(&e)
                    ),
                    None,
                )
            }
        })?;
    let status = response.status().as_u16();
    let correlation_id = crate::send::correlation_id(response.headers());
    let same_url = reqwest::Url::parse(url).is_ok_and(|u| u == *response.url());
    if response.status().is_redirection() || !same_url {
        // An attacker's login service could hand out its own tokens: never followed.
        return Err(failure(
            Some(status),
            format!("the login service at {url} answered with a redirect, which is not followed"),
            correlation_id,
        ));
    }
    if !(200..300).contains(&status) {
        let server_wait = retry_after(response.headers());
        let body = read_prefix(response, ERROR_BODY_LIMIT).await;
        let detail = serde_json::from_slice::<TokenError>(&body)
            .ok()
            .and_then(|e| e.error_description.or(e.message).or(e.error))
            .unwrap_or_else(|| crate::send::snippet(&body));
        let retry = matches!(status, 429 | 500 | 502 | 503 | 504).then_some(server_wait);
        return Err(Failure {
            retry,
            ..failure(Some(status), detail, correlation_id)
        });
    }
    let body = read_limited(response, ERROR_BODY_LIMIT).await.map_err(|e| {
        let message = match e {
            BodyError::TooLarge { .. } => format!(
                "the login service's answer is larger than {ERROR_BODY_LIMIT} bytes; it is not a token"
            ),
            BodyError::Transport(e) => {
                format!("the token response could not be read: {}", error_chain(&e))
            }
        };
        failure(Some(status), message, correlation_id.clone())
    })?;
    let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
        failure(
            Some(status),
            format!("the token response is not valid: {e}"),
            correlation_id.clone(),
        )
    })?;
    let token = Secret::new(parsed.access_token);
    if !token.is_header_safe() {
        return Err(failure(
            Some(status),
            "the login service sent an access token that cannot be sent in an HTTP header (empty, or with control characters)".to_owned(),
            correlation_id,
        ));
    }
    let lifetime = lifetime(parsed.expires_in.as_ref());
    // Refresh when 90% of the lifetime has passed, and at least a minute early for long-lived
    // tokens, so a request never leaves with a token about to expire.
    let margin = (lifetime / 10).max(Duration::from_secs(60).min(lifetime / 2));
    Ok(CachedToken {
        token,
        refresh_at: started + (lifetime - margin),
    })
}

/// A token's lifetime from `expires_in`: seconds as an integer, a decimal or a string of either;
/// an hour when absent or unreadable; always between [`MIN_LIFETIME`] and [`MAX_LIFETIME`].
fn lifetime(expires_in: Option<&serde_json::Value>) -> Duration {
    let seconds = match expires_in {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match seconds {
        Some(s) if s.is_finite() => {
            Duration::from_secs_f64(s.clamp(MIN_LIFETIME.as_secs_f64(), MAX_LIFETIME.as_secs_f64()))
        }
        Some(s) if s.is_nan() => Duration::from_secs(3600),
        Some(s) if s > 0.0 => MAX_LIFETIME,
        Some(_) => MIN_LIFETIME,
        None => Duration::from_secs(3600),
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.inner.client_id)
            .field("client_secret", &self.inner.client_secret)
            .field("token_url", &self.inner.token_url)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lifetimes_are_read_leniently_and_bounded() {
        let l = |v: serde_json::Value| lifetime(Some(&v));
        assert_eq!(l(json!(3600)), Duration::from_secs(3600));
        assert_eq!(l(json!(3600.0)), Duration::from_secs(3600));
        assert_eq!(l(json!("3600")), Duration::from_secs(3600));
        assert_eq!(l(json!(" 86399.5 ")), Duration::from_secs_f64(86399.5));
        assert_eq!(l(json!(0)), MIN_LIFETIME);
        assert_eq!(l(json!(-5)), MIN_LIFETIME);
        assert_eq!(l(json!(9_223_372_036_854_775_807_u64)), MAX_LIFETIME);
        assert_eq!(l(json!(1e300)), MAX_LIFETIME);
        assert_eq!(l(json!("soon")), Duration::from_secs(3600));
        assert_eq!(l(json!(null)), Duration::from_secs(3600));
        assert_eq!(lifetime(None), Duration::from_secs(3600));
    }

    #[test]
    fn tokens_that_cannot_travel_in_a_header_are_recognised() {
        assert!(Secret::new("abc.DEF-123_~+/=").is_header_safe());
        for bad in ["", "a\r\nX-Injected: 1", "a\0b", "a\nb"] {
            assert!(!Secret::new(bad).is_header_safe(), "{bad:?}");
        }
    }
}
