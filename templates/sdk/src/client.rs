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
/// Defaults: region `us-east-1`, a 30 s timeout per attempt, 10 s to connect, and
/// [`RetryPolicy::default`]. Credentials are required.
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
        let auth = match self.credentials.clone() {
            Some(Credentials::Token(token)) => Auth::Token(token),
            Some(Credentials::ClientCredentials {
                client_id,
                client_secret,
            }) => {
                let login = self
                    .login_base_url
                    .clone()
                    .unwrap_or_else(|| self.region.login_base_url());
                let login = self.checked_url("login base URL", &login)?;
                Auth::ClientCredentials(TokenSource::new(client_id, client_secret, &login))
            }
            None => {
                return Err(Error::Config(
                    "no credentials: call `access_token` or `client_credentials` on the builder"
                        .to_owned(),
                ));
            }
        };
        if self.user_agent.contains(['\r', '\n']) {
            return Err(Error::Config(
                "the user agent contains a line break".to_owned(),
            ));
        }
        let http = reqwest::Client::builder()
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                retry: self.retry,
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
