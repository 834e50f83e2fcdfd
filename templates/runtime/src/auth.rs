//! Authentication: a fixed bearer token, or an OAuth grant whose tokens are cached, refreshed
//! before they expire and once on a `401`, and kept in a [`TokenStore`].
//!
//! One exchange at a time: callers that need a token while one is being fetched wait for that
//! exchange and share its result, token or failure. An exchange is retried like an idempotent
//! call (connection failures, `429`, `500`, `502`, `503`, `504`, honouring `Retry-After`),
//! within the client's retry policy. When the login service refuses the credentials themselves
//! (`invalid_grant`, `invalid_client`: an expired or revoked refresh token, a used code), every
//! later call fails at once with that error instead of asking again: the user must sign in
//! anew.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use futures_util::FutureExt;
use futures_util::future::Shared;
use reqwest::header::HeaderValue;
use tokio::time::Instant;

use crate::grant::{Exchange, Failure, Grant, Issued, MAX_LIFETIME};
use crate::retry::RetryPolicy;

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
    #[doc(hidden)]
    pub fn is_header_safe(&self) -> bool {
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

/// A secret in a configuration file or value, as a string.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}

/// A user's tokens, as a [`TokenStore`] keeps them. `Debug` shows no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tokens {
    /// The access token sent with each call.
    pub access_token: Secret,
    /// The token that gets a new access token, when the grant gave one. Refresh tokens may
    /// rotate: the newest replaces the old one at every refresh.
    pub refresh_token: Option<Secret>,
    /// When the access token expires.
    pub expires_at: SystemTime,
}

/// Where a client keeps its tokens: an application that persists them (a keychain, a file, a
/// database) signs a user in once and resumes the session after a restart, and hears of every
/// refresh.
///
/// The client calls [`load`](TokenStore::load) once, before it needs its first token,
/// [`save`](TokenStore::save) with every new token set (sign-in and each refresh), and
/// [`clear`](TokenStore::clear) when the login service refuses them (the user must sign in
/// again). The calls are quick and synchronous; a store that writes to a slow medium should
/// hand the work to a thread of its own.
pub trait TokenStore: Send + Sync {
    /// The tokens saved earlier, if any.
    fn load(&self) -> Option<Tokens>;
    /// Keeps `tokens`, replacing the ones held.
    fn save(&self, tokens: &Tokens);
    /// Forgets the tokens: they no longer work.
    fn clear(&self) {}
}

/// A shared store: the application keeps one handle, the client another.
impl<T: TokenStore + ?Sized> TokenStore for Arc<T> {
    fn load(&self) -> Option<Tokens> {
        (**self).load()
    }

    fn save(&self, tokens: &Tokens) {
        (**self).save(tokens);
    }

    fn clear(&self) {
        (**self).clear();
    }
}

/// A [`TokenStore`] in memory: the default. Tokens last as long as the process.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    tokens: Mutex<Option<Tokens>>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// The tokens held now.
    pub fn tokens(&self) -> Option<Tokens> {
        self.tokens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl TokenStore for MemoryTokenStore {
    fn load(&self) -> Option<Tokens> {
        self.tokens()
    }

    fn save(&self, tokens: &Tokens) {
        *self.tokens.lock().unwrap_or_else(PoisonError::into_inner) = Some(tokens.clone());
    }

    fn clear(&self) {
        *self.tokens.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }
}

/// How the client authenticates.
#[derive(Debug)]
pub enum Auth {
    /// A token obtained elsewhere; never refreshed.
    Token(Secret),
    /// An OAuth grant.
    Grant(TokenSource),
}

impl Auth {
    /// A token to send. `refused` is a token the API just answered 401 to: it is not reused.
    #[doc(hidden)]
    pub async fn token(
        &self,
        http: &reqwest_middleware::ClientWithMiddleware,
        refused: Option<&Secret>,
    ) -> Result<Secret, Failure> {
        match self {
            Self::Token(token) => Ok(token.clone()),
            Self::Grant(source) => source.token(http, refused).await,
        }
    }

    /// Whether a 401 can be cured by fetching a new token.
    #[doc(hidden)]
    pub fn can_refresh(&self) -> bool {
        matches!(self, Self::Grant(_))
    }
}

/// Tokens from the login service's token endpoint, for one grant.
pub struct TokenSource {
    inner: Arc<SourceInner>,
}

struct SourceInner {
    grant: Grant,
    token_url: String,
    retry: RetryPolicy,
    store: Arc<dyn TokenStore>,
    state: Mutex<State>,
}

/// An exchange in flight, shared by every caller waiting for it.
type Flight = Shared<Pin<Box<dyn Future<Output = Result<Secret, Failure>> + Send>>>;

#[derive(Default)]
struct State {
    /// The store was read (once, before the first exchange).
    loaded: bool,
    access: Option<CachedToken>,
    /// The newest refresh token.
    refresh: Option<Secret>,
    /// The grant's own exchange was made (a code works once).
    granted: bool,
    /// The credentials were refused: every call fails with this until the client is rebuilt.
    refused: Option<Failure>,
    flight: Option<Flight>,
}

struct CachedToken {
    token: Secret,
    /// When to fetch a new one: a little before it expires.
    refresh_at: Instant,
}

impl TokenSource {
    #[doc(hidden)]
    pub fn new(
        grant: Grant,
        login_base_url: &str,
        retry: RetryPolicy,
        store: Arc<dyn TokenStore>,
    ) -> Self {
        let mut state = State::default();
        if let Grant::RefreshToken { refresh_token, .. } = &grant {
            // Nothing to exchange but a refresh token (given, or from the store).
            state.refresh = refresh_token.clone();
            state.granted = true;
        }
        Self {
            inner: Arc::new(SourceInner {
                grant,
                token_url: token_url(login_base_url),
                retry,
                store,
                state: Mutex::new(state),
            }),
        }
    }

    #[doc(hidden)]
    pub async fn token(
        &self,
        http: &reqwest_middleware::ClientWithMiddleware,
        refused: Option<&Secret>,
    ) -> Result<Secret, Failure> {
        let flight = {
            let mut state = self.inner.lock();
            if let Some(failure) = &state.refused {
                return Err(failure.clone());
            }
            if !state.loaded {
                state.loaded = true;
                self.inner.load_stored(&mut state);
            }
            if let Some(cached) = &state.access {
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
        flight.await
    }
}

impl SourceInner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts from the store's tokens, for a grant that acts for a user and has no fresh code
    /// to exchange.
    fn load_stored(&self, state: &mut State) {
        if matches!(self.grant, Grant::AuthorizationCode { .. }) || !self.grant.is_user() {
            return;
        }
        let Some(tokens) = self.store.load() else {
            return;
        };
        if tokens.access_token.is_header_safe() {
            let left = tokens
                .expires_at
                .duration_since(SystemTime::now())
                .unwrap_or_default()
                .min(MAX_LIFETIME);
            state.access = Some(CachedToken {
                token: tokens.access_token,
                refresh_at: Instant::now() + left.saturating_sub(margin(left)),
            });
        }
        if let Some(refresh) = tokens.refresh_token.filter(Secret::is_header_safe) {
            state.refresh = Some(refresh);
            // A stored refresh token supersedes the grant's own: the grant's was used.
            state.granted = true;
        }
    }
}

/// How long before it expires a token is replaced: a tenth of its life, and at least a minute
/// for long-lived tokens (half the life of short ones), so a request never leaves with a token
/// about to expire.
fn margin(lifetime: Duration) -> Duration {
    (lifetime / 10).max(Duration::from_secs(60).min(lifetime / 2))
}

/// `{login}/oauth/token`.
pub fn token_url(login_base_url: &str) -> String {
    format!("{}/oauth/token", login_base_url.trim_end_matches('/'))
}

/// One shared fetch: attempts within the retry policy, then the result goes into the cache and
/// the store, and the flight ends either way, so that the next caller after a passing failure
/// tries again.
async fn fetch(
    inner: Arc<SourceInner>,
    http: reqwest_middleware::ClientWithMiddleware,
) -> Result<Secret, Failure> {
    let deadline = inner.retry.deadline(Instant::now());
    let mut attempt = 0;
    let result = loop {
        attempt += 1;
        // What to send: the newest refresh token, else the grant's own exchange (once for a
        // code or a stored session), else the grant again (client credentials, SAML).
        let (refresh, granted) = {
            let state = inner.lock();
            (state.refresh.clone(), state.granted)
        };
        let started = Instant::now();
        let exchange = match &refresh {
            Some(refresh) => Exchange::Refresh(&inner.grant, refresh),
            None if granted && !inner.grant.can_repeat() => {
                break Err(Failure {
                    status: None,
                    code: None,
                    message: format!(
                        "the {} grant has no refresh token (none was issued, or none was stored) and no valid access token: sign the user in again",
                        inner.grant.name()
                    ),
                    correlation_id: None,
                    retry: None,
                });
            }
            None => Exchange::Grant(&inner.grant),
        };
        if matches!(exchange, Exchange::Grant(_)) {
            inner.lock().granted = true;
        }
        match crate::grant::exchange(&http, &inner.token_url, exchange).await {
            Ok(issued) => break Ok((issued, started)),
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
    match result {
        Ok((issued, started)) => Ok(inner.keep(&mut state, issued, started)),
        Err(failure) => {
            if failure.is_final() {
                tracing::warn!(code = ?failure.code, "the login service refused the credentials");
                state.refused = Some(failure.clone());
                state.access = None;
                state.refresh = None;
                if inner.grant.is_user() {
                    inner.store.clear();
                }
            }
            Err(failure)
        }
    }
}

impl SourceInner {
    /// Caches a new token set and hands it to the store; returns the access token.
    fn keep(&self, state: &mut State, issued: Issued, started: Instant) -> Secret {
        let Issued {
            access_token,
            refresh_token,
            lifetime,
        } = issued;
        // Refresh tokens may rotate: the newest wins; an answer without one keeps the old.
        if let Some(refresh) = refresh_token {
            state.refresh = Some(refresh);
        }
        state.access = Some(CachedToken {
            token: access_token.clone(),
            refresh_at: started + (lifetime - margin(lifetime)),
        });
        if self.grant.is_user() {
            self.store.save(&Tokens {
                access_token: access_token.clone(),
                refresh_token: state.refresh.clone(),
                expires_at: SystemTime::now() + lifetime,
            });
        }
        access_token
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSource")
            .field("grant", &self.inner.grant.name())
            .field("client_id", &self.inner.grant.client_id())
            .field("token_url", &self.inner.token_url)
            .finish_non_exhaustive()
    }
}

/// What to do about an OAuth error code.
pub fn hint(code: Option<&str>) -> &'static str {
    match code {
        Some("invalid_grant") => {
            "the code, assertion or refresh token is expired, already used or revoked: sign the user in again"
        }
        Some("invalid_client") => "check the OAuth client id and secret, and the region",
        Some("unauthorized_client" | "unsupported_grant_type") => {
            "the OAuth client is not allowed this grant type: check its configuration in Genesys Cloud"
        }
        Some("invalid_request") => {
            "the sign-in request is missing something: check the redirect URI and the code"
        }
        _ => "check the OAuth client id, secret and region",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_that_cannot_travel_in_a_header_are_recognised() {
        assert!(Secret::new("abc.DEF-123_~+/=").is_header_safe());
        for bad in ["", "a\r\nX-Injected: 1", "a\0b", "a\nb"] {
            assert!(!Secret::new(bad).is_header_safe(), "{bad:?}");
        }
    }

    #[test]
    fn tokens_debug_shows_no_secret() {
        let tokens = Tokens {
            access_token: Secret::new("access-secret"),
            refresh_token: Some(Secret::new("refresh-secret")),
            expires_at: SystemTime::UNIX_EPOCH,
        };
        let text = format!("{tokens:?}");
        assert!(!text.contains("secret\""), "{text}");
        assert!(!text.contains("access-secret") && !text.contains("refresh-secret"));
    }
}
