//! The client and its builder.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::TryFutureExt;
use serde::de::DeserializeOwned;

use crate::auth::{Secret, TokenStore};
use crate::builder::Builder;
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
    pub(crate) fn send_json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Response<T>>> {
        self.inner.send_json(request).map_err(Error::from_failure)
    }

    /// Sends `request` and reads the body as text.
    #[allow(dead_code)] // Not every API has text responses.
    pub(crate) fn send_text(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Response<String>>> {
        self.inner.send_text(request).map_err(Error::from_failure)
    }

    /// Sends `request` and reads the body as bytes.
    #[allow(dead_code)] // Not every API has binary responses.
    pub(crate) fn send_bytes(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Response<bytes::Bytes>>> {
        self.inner.send_bytes(request).map_err(Error::from_failure)
    }

    /// Sends `request`, expecting no body.
    #[allow(dead_code)] // Not every API has empty responses.
    pub(crate) fn send_empty(
        &self,
        request: Request,
    ) -> impl Future<Output = Result<Response<()>>> {
        self.inner.send_empty(request).map_err(Error::from_failure)
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
    pub(crate) inner: Builder,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            inner: Builder::new(concat!(
                env!("CARGO_PKG_NAME"),
                "/",
                env!("CARGO_PKG_VERSION")
            )),
        }
    }
}

impl ClientBuilder {
    /// The organization's region; it picks the API and login hosts.
    pub fn region(mut self, region: Region) -> Self {
        self.inner.region(region);
        self
    }

    /// Sends API requests to this base URL instead of the region's: a gateway (with a path
    /// prefix, `https://gateway.example.com:8443/genesys`), a proxy, a test server. Plain
    /// `http` is refused except on loopback, unless [`ClientBuilder::allow_insecure_http`] is
    /// set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.inner.base_url(url.into());
        self
    }

    /// Asks this base URL for OAuth tokens instead of the region's login host (a gateway, with
    /// a path prefix: `https://gateway.example.com:8443/genesys-login`).
    pub fn login_base_url(mut self, url: impl Into<String>) -> Self {
        self.inner.login_base_url(url.into());
        self
    }

    /// Authenticates with an access token obtained elsewhere. It is never refreshed.
    pub fn access_token(mut self, token: impl Into<Secret>) -> Self {
        self.inner.access_token(token.into());
        self
    }

    /// Authenticates the OAuth client itself (no user) with the client-credentials grant.
    pub fn client_credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<Secret>,
    ) -> Self {
        self.inner.grant(Grant::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        });
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
        self.inner.grant(Grant::AuthorizationCode {
            client_id: client_id.into(),
            client_secret: Some(client_secret.into()),
            code: code.into(),
            redirect_uri: redirect_uri.into(),
            verifier: None,
        });
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
        self.inner.grant(Grant::AuthorizationCode {
            client_id: client_id.into(),
            client_secret: None,
            code: code.into(),
            redirect_uri: redirect_uri.into(),
            verifier: Some(verifier.secret().clone()),
        });
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
        self.inner.grant(Grant::Saml2Bearer {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            org_name: org_name.into(),
            assertion: assertion.into(),
        });
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
        self.inner.grant(Grant::RefreshToken {
            client_id: client_id.into(),
            client_secret,
            refresh_token: Some(refresh_token.into()),
        });
        self
    }

    /// Resumes the user's session kept in the [`token_store`](ClientBuilder::token_store)
    /// (after a restart). `client_secret` is `None` for a public client (PKCE).
    pub fn resume_session(
        mut self,
        client_id: impl Into<String>,
        client_secret: Option<Secret>,
    ) -> Self {
        self.inner.grant(Grant::RefreshToken {
            client_id: client_id.into(),
            client_secret,
            refresh_token: None,
        });
        self
    }

    /// Where a user's tokens are kept: [`MemoryTokenStore`](crate::MemoryTokenStore) by
    /// default. Give your own to persist them across restarts and to hear of every refresh.
    pub fn token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.inner.token_store(Arc::new(store));
        self
    }

    /// Hooks called before and after each attempt, for logging and metrics; they do not see
    /// the access token.
    pub fn hooks(mut self, hooks: impl Hooks + 'static) -> Self {
        self.inner.hooks(HookSet {
            hooks: Arc::new(hooks),
            secrets: false,
        });
        self
    }

    /// As [`ClientBuilder::hooks`], and the hooks see the access token
    /// ([`RequestInfo::token`](crate::RequestInfo::token)). Take care where it goes.
    pub fn hooks_with_secrets(mut self, hooks: impl Hooks + 'static) -> Self {
        self.inner.hooks(HookSet {
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
        self.inner.http_client(client.into());
        self
    }

    /// Sends every request through this proxy (`http://proxy.example.com:3128`, with
    /// `user:password@` if it asks), instead of the one the environment names.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.inner.proxy(url.into());
        self
    }

    /// Uses no proxy, whatever the environment (`HTTPS_PROXY`, `HTTP_PROXY`) says.
    pub fn no_proxy(mut self) -> Self {
        self.inner.no_proxy();
        self
    }

    /// A client certificate and its private key, PEM-encoded in one buffer, for gateways that
    /// ask for mutual TLS.
    pub fn client_identity_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.inner.client_identity_pem(pem.into());
        self
    }

    /// Trusts this CA certificate (PEM) too, for a gateway with a private CA.
    pub fn root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.inner.root_certificate_pem(pem.into());
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.inner.user_agent(user_agent.into());
        self
    }

    /// The most time one attempt may take, from connecting to reading the whole body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.inner.timeout(timeout);
        self
    }

    /// The most time connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.inner.connect_timeout(timeout);
        self
    }

    /// How failed requests are retried; [`RetryPolicy::none`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.inner.retry(policy);
        self
    }

    /// The most bytes a successful answer may have (default 32 MiB). A larger answer is
    /// refused as soon as it is known to be larger (by its `Content-Length`, or as it streams),
    /// with [`Error::TooLarge`], and not retried. Error answers are read up to 64 KiB whatever
    /// this says.
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.inner.max_response_bytes(limit);
        self
    }

    /// The most pages one history stream reads (default 10,000); the stream then ends with
    /// [`Error::Stream`].
    pub fn max_stream_pages(mut self, pages: usize) -> Self {
        self.inner.max_stream_pages(pages);
        self
    }

    /// Allows plain `http` base URLs on hosts other than loopback. Tokens then travel in clear
    /// text: only for trusted networks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.inner.allow_insecure_http(allow);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let engine = self.inner.build().map_err(Error::Config)?;
        Ok(Client {
            inner: Arc::new(engine),
        })
    }
}

// Secrets redacted.
impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}
