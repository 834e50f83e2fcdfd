//! The OAuth grants a client can sign in with, and one exchange with the login service's token
//! endpoint (`POST {login}/oauth/token`): the form each grant sends, and what comes back.
//!
//! Whatever the login service answers, a token's lifetime is taken between one minute and one
//! day, a token that cannot travel in a header is refused, the answer is read up to 64 KiB, and
//! a redirect is never followed (another host could hand out its own tokens).

use std::time::Duration;

use serde::Deserialize;

use crate::auth::Secret;
use crate::body::{BodyError, ERROR_BODY_LIMIT, read_limited, read_prefix};
use crate::failure::error_chain;
use crate::retry::retry_after;

/// How a client gets its first token, and new ones.
#[derive(Clone)]
pub enum Grant {
    /// An OAuth client acting as itself (no user).
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
    /// A user signed in through a browser: the code the login service sent to `redirect_uri`.
    /// With `verifier` (PKCE), a public client that has no secret.
    AuthorizationCode {
        client_id: String,
        client_secret: Option<Secret>,
        code: Secret,
        redirect_uri: String,
        verifier: Option<Secret>,
    },
    /// A user's session resumed from a refresh token kept earlier, or (`None`) from the
    /// client's token store.
    RefreshToken {
        client_id: String,
        client_secret: Option<Secret>,
        refresh_token: Option<Secret>,
    },
    /// A user signed in by their identity provider: a SAML assertion for an organization.
    Saml2Bearer {
        client_id: String,
        client_secret: Secret,
        org_name: String,
        assertion: Secret,
    },
}

impl Grant {
    #[doc(hidden)]
    pub fn client_id(&self) -> &str {
        match self {
            Self::ClientCredentials { client_id, .. }
            | Self::AuthorizationCode { client_id, .. }
            | Self::RefreshToken { client_id, .. }
            | Self::Saml2Bearer { client_id, .. } => client_id,
        }
    }

    fn client_secret(&self) -> Option<&Secret> {
        match self {
            Self::ClientCredentials { client_secret, .. }
            | Self::Saml2Bearer { client_secret, .. } => Some(client_secret),
            Self::AuthorizationCode { client_secret, .. }
            | Self::RefreshToken { client_secret, .. } => client_secret.as_ref(),
        }
    }

    /// Whether the grant's own exchange can be made again for a new token (an assertion or the
    /// client's credentials; not a code, which works once).
    #[doc(hidden)]
    pub fn can_repeat(&self) -> bool {
        matches!(
            self,
            Self::ClientCredentials { .. } | Self::Saml2Bearer { .. }
        )
    }

    /// Whether the grant acts for a user (the token is a user's).
    #[doc(hidden)]
    pub fn is_user(&self) -> bool {
        !matches!(self, Self::ClientCredentials { .. })
    }

    /// `client_credentials`, `authorization code`, ... for messages.
    #[doc(hidden)]
    pub fn name(&self) -> &'static str {
        match self {
            Self::ClientCredentials { .. } => "client credentials",
            Self::AuthorizationCode { verifier: None, .. } => "authorization code",
            Self::AuthorizationCode { .. } => "authorization code with PKCE",
            Self::RefreshToken { .. } => "refresh token",
            Self::Saml2Bearer { .. } => "SAML2 bearer",
        }
    }
}

/// What to send to the token endpoint this time.
pub enum Exchange<'a> {
    /// The grant's own first exchange (the code, the assertion, the client's credentials).
    Grant(&'a Grant),
    /// A refresh token, for the grant's client.
    Refresh(&'a Grant, &'a Secret),
}

/// A token set from the login service.
pub struct Issued {
    #[doc(hidden)]
    pub access_token: Secret,
    /// `None` when the answer had none (keep the one held before).
    #[doc(hidden)]
    pub refresh_token: Option<Secret>,
    #[doc(hidden)]
    pub lifetime: Duration,
}

/// Why an exchange failed, kept so that every waiting caller gets the same error.
#[derive(Debug, Clone)]
pub struct Failure {
    #[doc(hidden)]
    pub status: Option<u16>,
    /// The OAuth error code: `invalid_grant`, `invalid_client`, ...
    #[doc(hidden)]
    pub code: Option<String>,
    #[doc(hidden)]
    pub message: String,
    #[doc(hidden)]
    pub correlation_id: Option<String>,
    /// Another attempt could succeed (connection failures, 429, 5xx), after this wait if the
    /// server said.
    #[doc(hidden)]
    pub retry: Option<Option<Duration>>,
}

impl Failure {
    fn new(status: Option<u16>, message: String, correlation_id: Option<String>) -> Self {
        Self {
            status,
            code: None,
            message,
            correlation_id,
            retry: None,
        }
    }

    /// The credentials themselves were refused: no later call can succeed with them, so none
    /// tries (no storm of refused sign-ins).
    #[doc(hidden)]
    pub fn is_final(&self) -> bool {
        self.retry.is_none() && matches!(self.status, Some(400 | 401 | 403))
    }
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct TokenError {
    error: Option<String>,
    error_description: Option<String>,
    message: Option<String>,
}

/// The shortest and longest token lifetimes believed, whatever `expires_in` says: a token said
/// to live 0 seconds would be fetched again for every call, and a lifetime past what `Instant`
/// can add would overflow.
pub const MIN_LIFETIME: Duration = Duration::from_secs(60);
pub const MAX_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// One exchange with the token endpoint at `url`.
pub async fn exchange(
    http: &reqwest_middleware::ClientWithMiddleware,
    url: &str,
    exchange: Exchange<'_>,
) -> Result<Issued, Failure> {
    let grant = match exchange {
        Exchange::Grant(g) | Exchange::Refresh(g, _) => g,
    };
    let mut request = http
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json");
    if let Some(secret) = grant.client_secret() {
        request = request.basic_auth(grant.client_id(), Some(secret.expose()));
    }
    let body = form(&exchange);
    tracing::debug!(url = %url, grant = grant.name(), "asking the login service for a token");
    let response = request.body(body).send().await.map_err(|e| {
        let retryable = match &e {
            reqwest_middleware::Error::Reqwest(e) => {
                crate::failure::transport_kind(e).is_retryable()
            }
            reqwest_middleware::Error::Middleware(_) => false,
        };
        Failure {
            retry: retryable.then_some(None),
            ..Failure::new(
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
    let correlation_id = crate::failure::correlation_id(response.headers());
    let same_url = reqwest::Url::parse(url).is_ok_and(|u| u == *response.url());
    if response.status().is_redirection() || !same_url {
        // Another host could hand out its own tokens: never followed.
        return Err(Failure::new(
            Some(status),
            format!("the login service at {url} answered with a redirect, which is not followed"),
            correlation_id,
        ));
    }
    if !(200..300).contains(&status) {
        let server_wait = retry_after(response.headers());
        let body = read_prefix(response, ERROR_BODY_LIMIT).await;
        let parsed = serde_json::from_slice::<TokenError>(&body).ok();
        let code = parsed.as_ref().and_then(|e| e.error.clone());
        let detail = parsed
            .and_then(|e| e.error_description.or(e.message).or(e.error))
            .unwrap_or_else(|| crate::failure::snippet(&body));
        return Err(Failure {
            code,
            retry: matches!(status, 429 | 500 | 502 | 503 | 504).then_some(server_wait),
            ..Failure::new(Some(status), detail, correlation_id)
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
        Failure::new(Some(status), message, correlation_id.clone())
    })?;
    let parsed: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
        Failure::new(
            Some(status),
            format!("the token response is not valid: {e}"),
            correlation_id.clone(),
        )
    })?;
    let unsafe_token = || {
        Failure::new(
            Some(status),
            "the login service sent a token that cannot be sent in an HTTP header (empty, or with control characters)".to_owned(),
            correlation_id.clone(),
        )
    };
    let access_token = Secret::new(parsed.access_token);
    if !access_token.is_header_safe() {
        return Err(unsafe_token());
    }
    let refresh_token = parsed
        .refresh_token
        .filter(|t| !t.is_empty())
        .map(Secret::new);
    if refresh_token.as_ref().is_some_and(|t| !t.is_header_safe()) {
        return Err(unsafe_token());
    }
    Ok(Issued {
        access_token,
        refresh_token,
        lifetime: lifetime(parsed.expires_in.as_ref()),
    })
}

/// The form `exchange` sends (`application/x-www-form-urlencoded`).
fn form(exchange: &Exchange<'_>) -> String {
    let grant = match exchange {
        Exchange::Grant(g) | Exchange::Refresh(g, _) => g,
    };
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    match exchange {
        Exchange::Refresh(_, refresh) => {
            form.append_pair("grant_type", "refresh_token");
            form.append_pair("refresh_token", refresh.expose());
        }
        Exchange::Grant(Grant::ClientCredentials { .. }) => {
            form.append_pair("grant_type", "client_credentials");
        }
        Exchange::Grant(Grant::AuthorizationCode {
            code,
            redirect_uri,
            verifier,
            ..
        }) => {
            form.append_pair("grant_type", "authorization_code");
            form.append_pair("code", code.expose());
            form.append_pair("redirect_uri", redirect_uri);
            if let Some(verifier) = verifier {
                form.append_pair("code_verifier", verifier.expose());
            }
        }
        // A refresh-token grant always exchanges through `Exchange::Refresh`; this is the same
        // form, for completeness.
        Exchange::Grant(Grant::RefreshToken { refresh_token, .. }) => {
            form.append_pair("grant_type", "refresh_token");
            if let Some(refresh) = refresh_token {
                form.append_pair("refresh_token", refresh.expose());
            }
        }
        Exchange::Grant(Grant::Saml2Bearer {
            org_name,
            assertion,
            ..
        }) => {
            form.append_pair(
                "grant_type",
                "urn:ietf:params:oauth:grant-type:saml2-bearer",
            );
            form.append_pair("orgName", org_name);
            form.append_pair("assertion", assertion.expose());
        }
    }
    if grant.client_secret().is_none() {
        // A public client (PKCE) names itself in the form.
        form.append_pair("client_id", grant.client_id());
    }
    form.finish()
}

/// A token's lifetime from `expires_in`: seconds as an integer, a decimal or a string of either;
/// an hour when absent or unreadable; always between [`MIN_LIFETIME`] and [`MAX_LIFETIME`].
pub fn lifetime(expires_in: Option<&serde_json::Value>) -> Duration {
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
}
