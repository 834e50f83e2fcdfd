//! The client and its builder.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{Auth, Secret, TokenSource};
use crate::error::{Error, Result};
use crate::region::Region;
use crate::retry::RetryPolicy;

/// A Genesys Cloud API client. Cheap to clone: clones share one connection pool and one token.
///
/// ```
/// use genesys_cloud_chat::{Client, Region};
///
/// let client = Client::builder()
///     .region(Region::EuCentral1)
///     .client_credentials("my-client-id", "my-client-secret")
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.mypurecloud.de");
/// # Ok::<(), genesys_cloud_chat::Error>(())
/// ```
///
/// Each API is a handle from the client (`client.chat()` for Chat), and each operation a method
/// on it that returns a request builder, sent with `.send().await`.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) auth: Auth,
    pub(crate) retry: RetryPolicy,
    /// The most bytes a successful answer may have.
    pub(crate) max_body: u64,
    /// The most pages one history stream reads.
    pub(crate) max_stream_pages: usize,
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The API base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
///
/// Defaults: region `us-east-1`, a 30 s timeout per attempt, 10 s to connect,
/// [`RetryPolicy::default`] (which bounds a whole call to 60 s), answers of at most 32 MiB,
/// history streams of at most 10,000 pages, and redirects followed only within the same origin
/// (never from the login service). Credentials are required.
#[derive(Clone)]
pub struct ClientBuilder {
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
}

#[derive(Clone)]
enum Credentials {
    Token(Secret),
    ClientCredentials {
        client_id: String,
        client_secret: Secret,
    },
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            region: Region::UsEast1,
            base_url: None,
            login_base_url: None,
            credentials: None,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            allow_insecure_http: false,
            max_body: crate::body::DEFAULT_BODY_LIMIT,
            max_stream_pages: 10_000,
        }
    }
}

impl ClientBuilder {
    /// The organization's region; it picks the API and login hosts.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// Sends API requests to this base URL instead of the region's (a gateway, a proxy, a test
    /// server). Plain `http` is refused except on loopback, unless
    /// [`ClientBuilder::allow_insecure_http`] is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Fetches OAuth tokens from this base URL instead of the region's login host.
    pub fn login_base_url(mut self, url: impl Into<String>) -> Self {
        self.login_base_url = Some(url.into());
        self
    }

    /// Authenticates with an access token obtained elsewhere. It is never refreshed.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Some(Credentials::Token(token.into()));
        self
    }

    /// Authenticates with the OAuth client-credentials grant. Tokens are cached, refreshed
    /// before they expire, and shared by concurrent calls.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        });
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The most time one attempt may take, from connecting to reading the whole body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The most time connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed requests are retried; [`RetryPolicy::none`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The most bytes a successful answer may have (default 32 MiB). A larger answer is
    /// refused as soon as it is known to be larger (by its `Content-Length`, or as it streams),
    /// with [`Error::TooLarge`], and not retried. Error answers are read up to 64 KiB whatever
    /// this says.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_body = limit;
        self
    }

    /// The most pages one history stream reads (default 10,000); the stream then ends with
    /// [`Error::Stream`].
    pub fn max_stream_pages(mut self, pages: usize) -> Self {
        self.max_stream_pages = pages.max(1);
        self
    }

    /// Allows plain `http` base URLs on hosts other than loopback. Tokens then travel in clear
    /// text: only for trusted networks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let base_url = self
            .base_url
            .clone()
            .unwrap_or_else(|| self.region.api_base_url());
        let base_url = self.checked_url("base URL", &base_url)?;
        let mut token_url = None;
        let auth = match self.credentials.clone() {
            Some(Credentials::Token(token)) => {
                if !token.is_header_safe() {
                    return Err(Error::Config(
                        "the access token is empty or holds characters an HTTP header cannot carry (line breaks, control characters)".to_owned(),
                    ));
                }
                Auth::Token(token)
            }
            Some(Credentials::ClientCredentials {
                client_id,
                client_secret,
            }) => {
                let login = self
                    .login_base_url
                    .clone()
                    .unwrap_or_else(|| self.region.login_base_url());
                let login = self.checked_url("login base URL", &login)?;
                token_url = Some(crate::auth::token_url(&login));
                Auth::ClientCredentials(TokenSource::new(
                    client_id,
                    client_secret,
                    &login,
                    self.retry.clone(),
                ))
            }
            None => {
                return Err(Error::Config(
                    "no credentials: call `access_token` or `client_credentials` on the builder"
                        .to_owned(),
                ));
            }
        };
        if reqwest::header::HeaderValue::from_str(&self.user_agent).is_err() {
            return Err(Error::Config(
                "the user agent holds a line break or a control character".to_owned(),
            ));
        }
        let https_only = base_url.starts_with("https:")
            && token_url.as_deref().is_none_or(|t| t.starts_with("https:"));
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(redirect_policy(token_url))
            .https_only(https_only)
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                retry: self.retry,
                max_body: self.max_body,
                max_stream_pages: self.max_stream_pages,
            }),
        })
    }

    /// Parses `url`, refuses clear-text HTTP off loopback, and drops a trailing `/`.
    fn checked_url(&self, what: &str, url: &str) -> Result<String> {
        let parsed = reqwest::Url::parse(url)
            .map_err(|e| Error::Config(format!("the {what} `{url}` is not a URL: {e}")))?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_insecure_http || is_loopback(&parsed) => {}
            "http" => {
                return Err(Error::Config(format!(
                    "the {what} `{url}` uses plain http off loopback: use https, or `allow_insecure_http(true)` on a trusted network"
                )));
            }
            other => {
                return Err(Error::Config(format!(
                    "the {what} `{url}` has scheme `{other}`; use https"
                )));
            }
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::Config(format!(
                "the {what} `{url}` must not have a query or fragment"
            )));
        }
        Ok(parsed.as_str().trim_end_matches('/').to_owned())
    }
}

/// Redirects are followed only to the same origin (scheme, host and port), at most 5 in a row,
/// and never from the login service: a request, its body and its token never go to another
/// host, and no other host can hand out tokens. A redirect that is not followed comes back as
/// the answer, which the send path turns into [`Error::Redirect`].
fn redirect_policy(token_url: Option<String>) -> reqwest::redirect::Policy {
    const MAX_REDIRECTS: usize = 5;
    reqwest::redirect::Policy::custom(move |attempt| {
        let first = &attempt.previous()[0];
        if token_url.as_deref() == Some(first.as_str()) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if attempt.url().origin() == first.origin() {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = match &self.credentials {
            Some(Credentials::Token(_)) => "access token (redacted)".to_owned(),
            Some(Credentials::ClientCredentials { client_id, .. }) => {
                format!("client credentials for {client_id} (secret redacted)")
            }
            None => "none".to_owned(),
        };
        f.debug_struct("ClientBuilder")
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("login_base_url", &self.login_base_url)
            .field("credentials", &credentials)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}
