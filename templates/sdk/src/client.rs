//! The client and its builder.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::auth::{Auth, MemoryTokenStore, Secret, TokenSource, TokenStore};
use crate::connect;
use crate::error::{Error, Result};
use crate::grant::Grant;
use crate::options::{HookSet, Hooks, Response};
use crate::pkce::Verifier;
use crate::region::Region;
use crate::request::Request;
use crate::retry::RetryPolicy;
use crate::send::Engine;

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
    pub(crate) inner: Arc<Engine>,
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

/// The calls of the generated API methods: the runtime's, with its failures as [`Error`]s.
impl Client {
    /// Sends `request` and decodes a JSON body as `T`.
    #[allow(dead_code)] // Not every API has JSON responses.
    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Response<T>> {
        self.inner
            .send_json(request)
            .await
            .map_err(Error::from_failure)
    }

    /// Sends `request` and reads the body as text.
    #[allow(dead_code)] // Not every API has text responses.
    pub(crate) async fn send_text(&self, request: Request) -> Result<Response<String>> {
        self.inner
            .send_text(request)
            .await
            .map_err(Error::from_failure)
    }

    /// Sends `request` and reads the body as bytes.
    #[allow(dead_code)] // Not every API has binary responses.
    pub(crate) async fn send_bytes(&self, request: Request) -> Result<Response<bytes::Bytes>> {
        self.inner
            .send_bytes(request)
            .await
            .map_err(Error::from_failure)
    }

    /// Sends `request`, expecting no body.
    #[allow(dead_code)] // Not every API has empty responses.
    pub(crate) async fn send_empty(&self, request: Request) -> Result<Response<()>> {
        self.inner
            .send_empty(request)
            .await
            .map_err(Error::from_failure)
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
/// history streams of at most 10,000 pages, redirects followed only within the same origin
/// (never from the login service), proxies from the `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`
/// environment variables, and tokens kept in memory. Credentials are required: a token, or one
/// of the OAuth grants.
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
            store: None,
            hooks: None,
            http: None,
            proxy: None,
            no_proxy: false,
            identity: None,
            root_certificates: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// The organization's region; it picks the API and login hosts.
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// Sends API requests to this base URL instead of the region's: a gateway (with a path
    /// prefix, `https://gateway.example.com:8443/genesys`), a proxy, a test server. Plain
    /// `http` is refused except on loopback, unless [`ClientBuilder::allow_insecure_http`] is
    /// set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Asks this base URL for OAuth tokens instead of the region's login host (a gateway, with
    /// a path prefix: `https://gateway.example.com:8443/genesys-login`).
    pub fn login_base_url(mut self, url: impl Into<String>) -> Self {
        self.login_base_url = Some(url.into());
        self
    }

    /// Authenticates with an access token obtained elsewhere. It is never refreshed.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.credentials = Some(Credentials::Token(token.into()));
        self
    }

    /// Authenticates the OAuth client itself (no user) with the client-credentials grant.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::Grant(Grant::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }));
        self
    }

    /// Acts as a user who signed in through a browser: exchanges the authorization `code` the
    /// login page sent to `redirect_uri`, then keeps the user signed in with the refresh token.
    pub fn authorization_code(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        code: impl Into<Secret>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        self.credentials = Some(Credentials::Grant(Grant::AuthorizationCode {
            client_id: client_id.into(),
            client_secret: Some(client_secret.into()),
            code: code.into(),
            redirect_uri: redirect_uri.into(),
            verifier: None,
        }));
        self
    }

    /// As [`ClientBuilder::authorization_code`], for a public client (a native or
    /// command-line app, which has no secret) that signed the user in with PKCE (see
    /// [`crate::pkce`]).
    pub fn authorization_code_pkce(
        mut self,
        client_id: impl Into<String>,
        code: impl Into<Secret>,
        redirect_uri: impl Into<String>,
        verifier: &Verifier,
    ) -> Self {
        self.credentials = Some(Credentials::Grant(Grant::AuthorizationCode {
            client_id: client_id.into(),
            client_secret: None,
            code: code.into(),
            redirect_uri: redirect_uri.into(),
            verifier: Some(verifier.secret().clone()),
        }));
        self
    }

    /// Acts as a user whose identity provider signed them in: exchanges a SAML2 `assertion`
    /// (base64-encoded, as Genesys Cloud takes it) for a token of the organization `org_name`.
    pub fn saml2_bearer(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
        org_name: impl Into<String>,
        assertion: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::Grant(Grant::Saml2Bearer {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            org_name: org_name.into(),
            assertion: assertion.into(),
        }));
        self
    }

    /// Resumes a user's session from a refresh token kept earlier. `client_secret` is `None`
    /// for a public client (PKCE).
    pub fn refresh_token(
        mut self,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
        refresh_token: impl Into<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::Grant(Grant::RefreshToken {
            client_id: client_id.into(),
            client_secret,
            refresh_token: Some(refresh_token.into()),
        }));
        self
    }

    /// Resumes the user's session kept in the [`token_store`](ClientBuilder::token_store)
    /// (after a restart). `client_secret` is `None` for a public client (PKCE).
    pub fn resume_session(
        mut self,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Self {
        self.credentials = Some(Credentials::Grant(Grant::RefreshToken {
            client_id: client_id.into(),
            client_secret,
            refresh_token: None,
        }));
        self
    }

    /// Where a user's tokens are kept: [`MemoryTokenStore`] by default. Give your own to
    /// persist them across restarts and to hear of every refresh.
    pub fn token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.store = Some(Arc::new(store));
        self
    }

    /// Hooks called before and after each attempt, for logging and metrics; they do not see
    /// the access token.
    pub fn hooks(mut self, hooks: impl Hooks + 'static) -> Self {
        self.hooks = Some(HookSet {
            hooks: Arc::new(hooks),
            secrets: false,
        });
        self
    }

    /// As [`ClientBuilder::hooks`], and the hooks see the access token
    /// ([`RequestInfo::token`](crate::RequestInfo::token)). Take care where it goes.
    pub fn hooks_with_secrets(mut self, hooks: impl Hooks + 'static) -> Self {
        self.hooks = Some(HookSet {
            hooks: Arc::new(hooks),
            secrets: true,
        });
        self
    }

    /// Sends requests through your own HTTP client: a `reqwest::Client`, or a
    /// `reqwest_middleware::ClientWithMiddleware` with middleware of yours. Configure proxies,
    /// certificates and redirects on it (the SDK's own redirect rule cannot apply there, but
    /// an answer from another origin is refused either way); the SDK still sets the per-attempt
    /// timeout, reads bodies with its limits, and retries.
    pub fn http_client(
        mut self,
        client: impl Into<reqwest_middleware::ClientWithMiddleware>,
    ) -> Self {
        self.http = Some(client.into());
        self
    }

    /// Sends every request through this proxy (`http://proxy.example.com:3128`, with
    /// `user:password@` if it asks), instead of the one the environment names.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Uses no proxy, whatever the environment (`HTTPS_PROXY`, `HTTP_PROXY`) says.
    pub fn no_proxy(mut self) -> Self {
        self.no_proxy = true;
        self
    }

    /// A client certificate and its private key, PEM-encoded in one buffer, for gateways that
    /// ask for mutual TLS.
    pub fn client_identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.identity = Some(pem.into());
        self
    }

    /// Trusts this CA certificate (PEM) too, for a gateway with a private CA.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
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
            Some(Credentials::Grant(grant)) => {
                let login = self
                    .login_base_url
                    .clone()
                    .unwrap_or_else(|| self.region.login_base_url());
                let login = self.checked_url("login base URL", &login)?;
                token_url = Some(crate::auth::token_url(&login));
                let store = self
                    .store
                    .clone()
                    .unwrap_or_else(|| Arc::new(MemoryTokenStore::new()));
                Auth::Grant(TokenSource::new(grant, &login, self.retry.clone(), store))
            }
            None => {
                return Err(Error::Config(
                    "no credentials: call `access_token`, `client_credentials` or one of the user grants on the builder"
                        .to_owned(),
                ));
            }
        };
        let http = match self.http.clone() {
            Some(http) => {
                if self.proxy.is_some()
                    || self.identity.is_some()
                    || !self.root_certificates.is_empty()
                {
                    return Err(Error::Config(
                        "a proxy, a client identity and root certificates configure the SDK's own HTTP client: with your own (`http_client`), set them on it".to_owned(),
                    ));
                }
                http
            }
            None => self
                .http_client_of_our_own(&base_url, token_url.clone())?
                .into(),
        };
        Ok(Client {
            inner: Arc::new(Engine {
                http,
                base_url,
                auth,
                retry: self.retry,
                timeout: self.timeout,
                max_body: self.max_body,
                max_stream_pages: self.max_stream_pages,
                hooks: self.hooks,
            }),
        })
    }

    /// The HTTP client the SDK makes when it is given none.
    fn http_client_of_our_own(
        &self,
        base_url: &str,
        token_url: Option<String>,
    ) -> Result<reqwest::Client> {
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
        .map_err(Error::Config)
    }

    /// Parses `url`, refuses clear-text HTTP off loopback, and drops a trailing `/`.
    fn checked_url(&self, what: &str, url: &str) -> Result<String> {
        connect::checked_url(what, url, self.allow_insecure_http).map_err(Error::Config)
    }
}

impl fmt::Debug for ClientBuilder {
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
