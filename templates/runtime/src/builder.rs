//! The settings of the SDK crate's `ClientBuilder` and the building of its call loop: the
//! builder's public methods are the SDK crate's (they document its defaults and return its
//! `Error`), and they set these fields. It lives here so that it is type-checked once, with the
//! runtime, and not again in every generated crate. A failure is the text of a configuration
//! error.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{Auth, MemoryTokenStore, Secret, TokenSource, TokenStore};
use crate::connect;
use crate::grant::Grant;
use crate::options::HookSet;
use crate::region::Region;
use crate::retry::RetryPolicy;
use crate::send::Engine;
use crate::settings::ConfigFields;

/// What a client is built from.
#[derive(Clone)]
pub struct Builder {
    region: Region,
    base_url: Option<String>,
    login_base_url: Option<String>,
    credentials: Option<Credentials>,
    user_agent: String,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    allow_insecure_http: bool,
    max_body: u64,
    max_stream_pages: usize,
    store: Option<Arc<dyn TokenStore>>,
    hooks: Option<HookSet>,
    http: Option<reqwest_middleware::ClientWithMiddleware>,
    proxy: Option<String>,
    no_proxy: bool,
    identity: Option<Vec<u8>>,
    root_certificates: Vec<Vec<u8>>,
}

#[derive(Clone)]
enum Credentials {
    Token(Secret),
    Grant(Grant),
}

impl Builder {
    /// The defaults, which the SDK crate's `ClientBuilder` documents, with its `User-Agent`.
    pub fn new(user_agent: &str) -> Self {
        Self {
            region: Region::UsEast1,
            base_url: None,
            login_base_url: None,
            credentials: None,
            user_agent: user_agent.to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            max_body: crate::body::DEFAULT_BODY_LIMIT,
            max_stream_pages: 10_000,
            store: None,
            hooks: None,
            http: None,
            proxy: None,
            no_proxy: false,
            identity: None,
            root_certificates: Vec::new(),
        }
    }

    /// The region.
    pub fn region(&mut self, region: Region) {
        self.region = region;
    }

    /// The API base URL, instead of the region's.
    pub fn base_url(&mut self, url: String) {
        self.base_url = Some(url);
    }

    /// The login base URL, instead of the region's.
    pub fn login_base_url(&mut self, url: String) {
        self.login_base_url = Some(url);
    }

    /// An access token obtained elsewhere, instead of any grant.
    pub fn access_token(&mut self, token: Secret) {
        self.credentials = Some(Credentials::Token(token));
    }

    /// An OAuth grant, instead of any token.
    pub fn grant(&mut self, grant: Grant) {
        self.credentials = Some(Credentials::Grant(grant));
    }

    /// Where a user's tokens are kept.
    pub fn token_store(&mut self, store: Arc<dyn TokenStore>) {
        self.store = Some(store);
    }

    /// The hooks.
    pub fn hooks(&mut self, hooks: HookSet) {
        self.hooks = Some(hooks);
    }

    /// The caller's own HTTP client.
    pub fn http_client(&mut self, client: reqwest_middleware::ClientWithMiddleware) {
        self.http = Some(client);
    }

    /// A proxy for the SDK's own HTTP client.
    pub fn proxy(&mut self, url: String) {
        self.proxy = Some(url);
    }

    /// No proxy, whatever the environment says.
    pub fn no_proxy(&mut self) {
        self.no_proxy = true;
    }

    /// A client certificate and its key, PEM.
    pub fn client_identity_pem(&mut self, pem: Vec<u8>) {
        self.identity = Some(pem);
    }

    /// One more CA certificate to trust, PEM.
    pub fn root_certificate_pem(&mut self, pem: Vec<u8>) {
        self.root_certificates.push(pem);
    }

    /// The `User-Agent` header.
    pub fn user_agent(&mut self, user_agent: String) {
        self.user_agent = user_agent;
    }

    /// The time one attempt may take.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = timeout;
    }

    /// The time connecting may take.
    pub fn connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = timeout;
    }

    /// The retry policy.
    pub fn retry(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// The most bytes a successful answer may have.
    pub fn max_response_bytes(&mut self, limit: u64) {
        self.max_body = limit;
    }

    /// The most pages one history stream reads, at least 1.
    pub fn max_stream_pages(&mut self, pages: usize) {
        self.max_stream_pages = pages.max(1);
    }

    /// Whether plain `http` is allowed beyond loopback.
    pub fn allow_insecure_http(&mut self, allow: bool) {
        self.allow_insecure_http = allow;
    }

    /// Applies a configuration's settings (the SDK crate's `ClientBuilder::config`).
    pub fn config(&mut self, config: &ConfigFields) -> Result<(), String> {
        if let Some(region) = &config.region {
            self.region = region.parse().map_err(|e| format!("{e}"))?;
        }
        if let Some(url) = &config.base_url {
            self.base_url(url.clone());
        }
        if let Some(url) = &config.login_base_url {
            self.login_base_url(url.clone());
        }
        match (
            &config.access_token,
            &config.client_id,
            &config.client_secret,
        ) {
            (Some(token), _, _) => self.access_token(token.clone()),
            (None, Some(id), Some(secret)) => self.grant(Grant::ClientCredentials {
                client_id: id.clone(),
                client_secret: secret.clone(),
            }),
            (None, Some(_), None) | (None, None, Some(_)) => {
                return Err(
                    "the configuration has one of client_id and client_secret without the other"
                        .to_owned(),
                );
            }
            (None, None, None) => {}
        }
        if let Some(s) = config.timeout_secs {
            self.timeout = seconds("timeout_secs", s)?;
        }
        if let Some(s) = config.connect_timeout_secs {
            self.connect_timeout = seconds("connect_timeout_secs", s)?;
        }
        if let Some(retry) = &config.retry {
            let mut policy = RetryPolicy::default();
            if let Some(n) = retry.max_attempts {
                policy = policy.max_attempts(n);
            }
            if let Some(s) = retry.budget_secs {
                policy = policy.budget(seconds("retry.budget_secs", s)?);
            }
            if let Some(ms) = retry.initial_backoff_ms {
                policy = policy.initial_backoff(Duration::from_millis(ms));
            }
            if let Some(ms) = retry.max_backoff_ms {
                policy = policy.max_backoff(Duration::from_millis(ms));
            }
            self.retry = policy;
        }
        if let Some(proxy) = &config.proxy {
            self.proxy(proxy.clone());
        }
        if let Some(limit) = config.max_response_bytes {
            self.max_response_bytes(limit);
        }
        if let Some(pages) = config.max_stream_pages {
            self.max_stream_pages(pages);
        }
        if let Some(agent) = &config.user_agent {
            self.user_agent(agent.clone());
        }
        Ok(())
    }

    /// Checks the settings and builds the call loop.
    pub fn build(mut self) -> Result<Engine, String> {
        let base_url = self
            .base_url
            .take()
            .unwrap_or_else(|| self.region.api_base_url());
        let base_url = self.checked_url("base URL", &base_url)?;
        let mut token_url = None;
        let auth = match self.credentials.take() {
            Some(Credentials::Token(token)) => {
                if !token.is_header_safe() {
                    return Err(
                        "the access token is empty or holds characters an HTTP header cannot carry (line breaks, control characters)".to_owned(),
                    );
                }
                Auth::Token(token)
            }
            Some(Credentials::Grant(grant)) => {
                let login = self
                    .login_base_url
                    .take()
                    .unwrap_or_else(|| self.region.login_base_url());
                let login = self.checked_url("login base URL", &login)?;
                token_url = Some(crate::auth::token_url(&login));
                let store = self
                    .store
                    .take()
                    .unwrap_or_else(|| Arc::new(MemoryTokenStore::new()));
                Auth::Grant(TokenSource::new(grant, &login, self.retry.clone(), store))
            }
            None => {
                return Err(
                    "no credentials: call `access_token`, `client_credentials` or one of the user grants on the builder"
                        .to_owned(),
                );
            }
        };
        let http = match self.http.take() {
            Some(http) => {
                if self.proxy.is_some()
                    || self.identity.is_some()
                    || !self.root_certificates.is_empty()
                {
                    return Err(
                        "a proxy, a client identity and root certificates configure the SDK's own HTTP client: with your own (`http_client`), set them on it".to_owned(),
                    );
                }
                http
            }
            None => self.http_client_of_our_own(&base_url, token_url)?.into(),
        };
        Ok(Engine {
            http,
            base_url,
            auth,
            retry: self.retry,
            timeout: self.timeout,
            max_body: self.max_body,
            max_stream_pages: self.max_stream_pages,
            hooks: self.hooks,
        })
    }

    fn http_client_of_our_own(
        &self,
        base_url: &str,
        token_url: Option<String>,
    ) -> Result<reqwest::Client, String> {
        connect::http_client(
            &connect::HttpSettings {
                user_agent: &self.user_agent,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                no_proxy: self.no_proxy,
                proxy: self.proxy.as_deref(),
                identity: self.identity.as_deref(),
                root_certificates: &self.root_certificates,
            },
            base_url,
            token_url,
        )
    }

    fn checked_url(&self, what: &str, url: &str) -> Result<String, String> {
        connect::checked_url(what, url, self.allow_insecure_http)
    }
}

/// A number of seconds from a configuration, or the error naming `what`.
fn seconds(what: &str, value: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("{what} must be a number of seconds, not {value}"))
}

/// Written as the SDK crate's `ClientBuilder`, secrets redacted.
impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = match &self.credentials {
            Some(Credentials::Token(_)) => "access token (redacted)".to_owned(),
            Some(Credentials::Grant(grant)) => format!(
                "{} grant for {} (secrets redacted)",
                grant.name(),
                grant.client_id()
            ),
            None => "none".to_owned(),
        };
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("login_base_url", &self.login_base_url)
            .field("credentials", &credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("proxy", &self.proxy.as_ref().map(|_| "(set)"))
            .finish_non_exhaustive()
    }
}
