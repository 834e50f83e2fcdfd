//! Authentication: a fixed bearer token, or the OAuth client-credentials grant with a cached
//! token that is refreshed before it expires.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::Mutex;

use crate::error::{Error, Result};

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
    client_id: String,
    client_secret: Secret,
    token_url: String,
    /// The cached token. Held across a refresh, so concurrent callers wait for one refresh and
    /// share its token instead of each fetching their own.
    cache: Mutex<Option<CachedToken>>,
}

struct CachedToken {
    token: Secret,
    /// When to fetch a new one: a little before it expires.
    refresh_at: Instant,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
    message: Option<String>,
}

impl TokenSource {
    pub(crate) fn new(client_id: String, client_secret: Secret, login_base_url: &str) -> Self {
        Self {
            client_id,
            client_secret,
            token_url: format!("{}/oauth/token", login_base_url.trim_end_matches('/')),
            cache: Mutex::new(None),
        }
    }

    async fn token(&self, http: &reqwest::Client, refused: Option<&Secret>) -> Result<Secret> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            let is_refused = refused.is_some_and(|r| *r == cached.token);
            if !is_refused && Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        let fresh = self.fetch(http).await?;
        let token = fresh.token.clone();
        *cache = Some(fresh);
        Ok(token)
    }

    async fn fetch(&self, http: &reqwest::Client) -> Result<CachedToken> {
        let started = Instant::now();
        tracing::debug!(url = %self.token_url, "fetching an access token");
        let response = http
            .post(&self.token_url)
            .basic_auth(&self.client_id, Some(self.client_secret.expose()))
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .header(reqwest::header::ACCEPT, "application/json")
            .body("grant_type=client_credentials")
            .send()
            .await
            .map_err(|e| Error::Auth {
                status: None,
                message: format!(
                    "the login service at {} did not answer: {}",
                    self.token_url,
                    crate::error::error_chain(&e)
                ),
                correlation_id: None,
            })?;
        let status = response.status().as_u16();
        let correlation_id = crate::request::correlation_id(response.headers());
        let body = response.bytes().await.map_err(|e| Error::Auth {
            status: Some(status),
            message: format!("the token response could not be read: {e}"),
            correlation_id: correlation_id.clone(),
        })?;
        if !(200..300).contains(&status) {
            let detail = serde_json::from_slice::<TokenError>(&body)
                .ok()
                .and_then(|e| e.error_description.or(e.message).or(e.error))
                .unwrap_or_else(|| crate::request::snippet(&body));
            return Err(Error::Auth {
                status: Some(status),
                message: detail,
                correlation_id,
            });
        }
        let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| Error::Auth {
            status: Some(status),
            message: format!("the token response is not valid: {e}"),
            correlation_id: correlation_id.clone(),
        })?;
        // Refresh when 90% of the lifetime has passed, and at least a minute early for long-lived
        // tokens, so a request never leaves with a token about to expire.
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(3600));
        let margin = (lifetime / 10).max(Duration::from_secs(60).min(lifetime / 2));
        Ok(CachedToken {
            token: Secret::new(parsed.access_token),
            refresh_at: started + lifetime - margin,
        })
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .finish_non_exhaustive()
    }
}
