//! The one path every call takes: authenticate, send, read the answer within its bounds, retry
//! within the policy and the call's deadline, and turn the answer into a value or a [`Failure`]
//! (which the SDK crate turns into its `Error`).
//!
//! What a server can do to a call is bounded: its time by the retry policy's budget (a deadline
//! for token fetches, attempts and waits together), its memory by the body limits, and where it
//! goes by the redirect rule: only redirects to the same origin are followed, and an answer that
//! comes from another origin is never taken as the API's.

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION};
use serde::de::DeserializeOwned;
use tokio::time::{Instant, timeout_at};
use tracing::Instrument;

use crate::auth::Secret;
use crate::body::{BodyError, ERROR_BODY_LIMIT, read_limited, read_prefix};
use std::time::Duration;

use crate::auth::Auth;
use crate::failure::{Failure, GaveUp, RetryInfo, correlation_id, snippet, transport_kind};
use crate::options::{HookSet, RequestInfo, Response, ResponseInfo};
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::retry::retry_after;

/// A successful answer.
struct Answer {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Answer {
    fn correlation_id(&self) -> Option<String> {
        correlation_id(&self.headers)
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response::new(self.status, self.headers, body)
    }
}

/// What one attempt came to.
enum Outcome {
    /// A successful answer, read whole.
    Done(Answer),
    /// An error status, with the start of its body.
    Status {
        status: u16,
        body: Bytes,
        correlation_id: Option<String>,
        retry_after: Option<std::time::Duration>,
    },
    /// The HTTP client failed.
    Transport(reqwest::Error),
    /// A middleware of the caller's HTTP client failed.
    Middleware(Box<dyn std::error::Error + Send + Sync>),
    /// An answer that no retry can change: a redirect, a body over the limit.
    Fatal(Failure),
}

type Result<T, E = Failure> = std::result::Result<T, E>;

/// What a client sends with: the SDK crate's `Client` holds one, shared by its clones.
#[doc(hidden)]
pub struct Engine {
    pub http: reqwest_middleware::ClientWithMiddleware,
    pub base_url: String,
    pub auth: Auth,
    pub retry: RetryPolicy,
    /// The most time one attempt may take.
    pub timeout: Duration,
    /// The most bytes a successful answer may have.
    pub max_body: u64,
    /// The most pages one history stream reads.
    pub max_stream_pages: usize,
    pub hooks: Option<HookSet>,
}

impl Engine {
    /// Sends `request` and decodes a JSON body as `T`.
    #[allow(dead_code)] // Not every API has JSON responses.
    #[doc(hidden)]
    pub async fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<Response<T>> {
        let op = request.op;
        let answer = self.execute(request).await?;
        match serde_json::from_slice(&answer.body) {
            Ok(body) => Ok(answer.into_response(body)),
            Err(e) => Err(Failure::Decode {
                operation: op.id,
                status: answer.status,
                expected: public_type_name(std::any::type_name::<T>()),
                message: e.to_string(),
                snippet: snippet(&answer.body),
                correlation_id: answer.correlation_id(),
            }),
        }
    }

    /// Sends `request` and reads the body as text.
    #[allow(dead_code)] // Not every API has text responses.
    #[doc(hidden)]
    pub async fn send_text(&self, request: Request) -> Result<Response<String>> {
        let op = request.op;
        let answer = self.execute(request).await?;
        match String::from_utf8(answer.body.to_vec()) {
            Ok(text) => Ok(answer.into_response(text)),
            Err(e) => Err(Failure::Decode {
                operation: op.id,
                status: answer.status,
                expected: "UTF-8 text".to_owned(),
                message: e.to_string(),
                snippet: snippet(&answer.body),
                correlation_id: answer.correlation_id(),
            }),
        }
    }

    /// Sends `request` and reads the body as bytes.
    #[allow(dead_code)] // Not every API has binary responses.
    #[doc(hidden)]
    pub async fn send_bytes(&self, request: Request) -> Result<Response<bytes::Bytes>> {
        let answer = self.execute(request).await?;
        let body = answer.body.clone();
        Ok(answer.into_response(body))
    }

    /// Sends `request`, expecting no body.
    #[allow(dead_code)] // Not every API has empty responses.
    #[doc(hidden)]
    pub async fn send_empty(&self, request: Request) -> Result<Response<()>> {
        let answer = self.execute(request).await?;
        Ok(answer.into_response(()))
    }

    async fn execute(&self, mut request: Request) -> Result<Answer> {
        if let Some(invalid) = request.invalid.take() {
            return Err(invalid);
        }
        if let Some((name, reason)) = request.options.invalid.take() {
            return Err(Failure::InvalidArgument {
                name: "header",
                reason: format!("`{}`: {reason}", crate::failure::sanitize(&name)),
            });
        }
        let op = request.op;
        let span = tracing::debug_span!(
            "genesys_cloud",
            operation = op.id,
            method = op.method.as_str(),
            path = op.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        self.retry_loop(&request).instrument(span).await
    }

    async fn retry_loop(&self, request: &Request) -> Result<Answer> {
        let inner = self;
        let op = request.op;
        let policy = request.options.retry.as_ref().unwrap_or(&inner.retry);
        let deadline = policy.deadline(Instant::now());
        let mut url = reqwest::Url::parse(&format!("{}{}", inner.base_url, request.path))
            .map_err(|e| Failure::Config(format!("the request URL is not valid: {e}")))?;
        if !request.query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(request.query.iter().map(|(k, v)| (k.as_ref(), v.as_str())));
        }
        let out_of_time = |attempts: u32| Failure::Deadline {
            operation: op.id,
            attempts,
            budget: policy.total_budget(),
        };
        let mut attempts = 0u32;
        let mut refused_token = None;
        let mut reauthenticated = false;
        let mut last_retry_after = None;
        loop {
            let token = timeout_at(
                deadline,
                inner.auth.token(&inner.http, refused_token.as_ref()),
            )
            .await
            .map_err(|_| out_of_time(attempts))?
            .map_err(Failure::Auth)?;
            attempts += 1;
            tracing::Span::current().record("attempt", attempts);
            let outcome = timeout_at(deadline, self.attempt(request, &url, &token, attempts))
                .await
                .map_err(|_| out_of_time(attempts))?;

            // What went wrong this time, whether another attempt may cure it, and the wait the
            // server asked for.
            let (failure, retryable, wait) = match outcome {
                Outcome::Done(answer) => return Ok(answer),
                Outcome::Fatal(error) => return Err(error),
                Outcome::Middleware(source) => {
                    return Err(Failure::Middleware {
                        operation: op.id,
                        source,
                    });
                }
                Outcome::Status { status: 401, .. }
                    if inner.auth.can_refresh() && !reauthenticated =>
                {
                    // The token may have been revoked or expired early: one new token, one
                    // more try.
                    tracing::debug!("401: fetching a new token and trying once more");
                    reauthenticated = true;
                    refused_token = Some(token);
                    attempts -= 1;
                    continue;
                }
                Outcome::Status {
                    status,
                    body,
                    correlation_id,
                    retry_after,
                } => {
                    last_retry_after = retry_after;
                    let api_error = Failure::Api {
                        operation: op.id,
                        status,
                        body,
                        correlation_id,
                        retry: RetryInfo {
                            attempts,
                            retry_after,
                            gave_up: None,
                        },
                        spec: op,
                    };
                    match status {
                        429 => (api_error, Ok(()), retry_after),
                        502..=504 if op.method.is_idempotent() => (api_error, Ok(()), retry_after),
                        502..=504 => (api_error, Err(GaveUp::NotIdempotent), None),
                        _ => return Err(api_error),
                    }
                }
                Outcome::Transport(source) => {
                    let kind = transport_kind(&source);
                    let failure = Failure::Transport {
                        operation: op.id,
                        attempts,
                        kind,
                        source,
                    };
                    if !kind.is_retryable() {
                        return Err(failure);
                    }
                    let retryable = if op.method.is_idempotent() {
                        Ok(())
                    } else {
                        Err(GaveUp::NotIdempotent)
                    };
                    (failure, retryable, None)
                }
            };

            let gave_up = match retryable {
                Err(reason) => Some(reason),
                Ok(()) if attempts >= policy.attempts() => Some(GaveUp::MaxAttempts),
                Ok(()) => {
                    let wait = wait.unwrap_or_else(|| policy.backoff(attempts));
                    // Saturating: a server's `Retry-After` may be any number.
                    let in_time = Instant::now()
                        .checked_add(wait)
                        .is_some_and(|resume| resume < deadline);
                    if in_time {
                        tracing::warn!(attempt = attempts, wait_ms = wait.as_millis() as u64, error = %failure, "retrying");
                        tokio::time::sleep(wait).await;
                        None
                    } else {
                        Some(GaveUp::Budget)
                    }
                }
            };
            if let Some(reason) = gave_up {
                let mut failure = failure;
                if let Failure::Api { retry, .. } = &mut failure {
                    *retry = RetryInfo {
                        attempts,
                        retry_after: last_retry_after,
                        gave_up: Some(reason),
                    };
                }
                return Err(failure);
            }
        }
    }

    /// One attempt: send, then read the answer within its bounds.
    async fn attempt(
        &self,
        request: &Request,
        url: &reqwest::Url,
        token: &Secret,
        attempt: u32,
    ) -> Outcome {
        let inner = self;
        let op = request.op;
        let method = op.method.to_reqwest();
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(request.accept));
        if let Some((media, _)) = &request.body {
            headers.insert(CONTENT_TYPE, media.clone());
        }
        for (name, value) in &request.headers {
            headers.append(*name, value.clone());
        }
        for (name, value) in &request.options.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some(set) = &inner.hooks {
            set.hooks.before_send(&RequestInfo {
                operation: op,
                attempt,
                method: &method,
                url,
                headers: &headers,
                token: set.secrets.then_some(token),
            });
        }
        let mut bearer = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer"));
        bearer.set_sensitive(true);
        headers.insert(AUTHORIZATION, bearer);
        let mut builder = inner
            .http
            .request(method, url.clone())
            .headers(headers)
            .timeout(request.options.timeout.unwrap_or(inner.timeout));
        if let Some((_, body)) = &request.body {
            builder = builder.body(body.clone());
        }
        let started = Instant::now();
        let sent = builder.send().await;
        if let Some(set) = &inner.hooks {
            set.hooks.after_receive(&ResponseInfo {
                operation: op,
                attempt,
                status: sent.as_ref().ok().map(|r| r.status().as_u16()),
                headers: sent.as_ref().ok().map(reqwest::Response::headers),
                elapsed: started.elapsed(),
            });
        }
        let response = match sent {
            Ok(response) => response,
            Err(reqwest_middleware::Error::Reqwest(e)) => return Outcome::Transport(e),
            Err(reqwest_middleware::Error::Middleware(e)) => return Outcome::Middleware(e.into()),
        };
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        // Never take another origin's answer as the API's (a client that follows redirects
        // could bring one).
        if response.status().is_redirection() || response.url().origin() != url.origin() {
            return Outcome::Fatal(Failure::Redirect {
                operation: op.id,
                status,
                location: response
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok())
                    .map(str::to_owned)
                    .or_else(|| {
                        (response.url().origin() != url.origin())
                            .then(|| response.url().to_string())
                    }),
            });
        }
        if response.status().is_success() {
            let headers = response.headers().clone();
            return match read_limited(response, inner.max_body).await {
                Ok(body) => Outcome::Done(Answer {
                    status,
                    headers,
                    body,
                }),
                Err(BodyError::TooLarge { declared }) => Outcome::Fatal(Failure::TooLarge {
                    operation: op.id,
                    status,
                    limit: inner.max_body,
                    declared,
                }),
                Err(BodyError::Transport(e)) => Outcome::Transport(e),
            };
        }
        let correlation_id = correlation_id(response.headers());
        let retry_after = retry_after(response.headers());
        let body = read_prefix(response, ERROR_BODY_LIMIT).await;
        Outcome::Status {
            status,
            body,
            correlation_id,
            retry_after,
        }
    }
}

/// A type's name as a caller writes it: `models::ChatSettings`, `Vec<models::Room>`, not the
/// compiler's `genesys_cloud_chat::models::chat_settings::ChatSettings` (or, with the models in
/// crates of their own, `genesys_cloud_models_chat::models::...`).
#[allow(dead_code)] // Used by JSON responses, which not every API has.
pub fn public_type_name(name: &str) -> String {
    const MODELS: &str = "::models::";
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(at) = rest.find(MODELS) {
        // Drop the crate's name before `::models::`.
        let krate = rest[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        out.push_str(&rest[..krate]);
        out.push_str("models::");
        rest = &rest[at + MODELS.len()..];
        // Drop the private module the type sits in (`chat_settings::`).
        let ident = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if rest[ident..].starts_with("::") {
            rest = &rest[ident + 2..];
        }
    }
    out.push_str(rest);
    for prefix in [
        "alloc::vec::",
        "alloc::string::",
        "alloc::boxed::",
        "alloc::collections::btree::map::",
        "core::option::",
        "serde_json::value::",
        "chrono::datetime::",
        "chrono::offset::utc::",
        "chrono::naive::date::",
    ] {
        out = out.replace(prefix, "");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_the_public_paths() {
        for krate in ["genesys_cloud_chat", "genesys_cloud_models_chat"] {
            assert_eq!(
                public_type_name(&format!("{krate}::models::chat_settings::ChatSettings")),
                "models::ChatSettings"
            );
            assert_eq!(
                public_type_name(&format!(
                    "alloc::vec::Vec<alloc::collections::btree::map::BTreeMap<alloc::string::String, {krate}::models::room::Room>>"
                )),
                "Vec<BTreeMap<String, models::Room>>"
            );
        }
    }
}
