//! Signing a user in from a native or command-line app: the authorization code grant with PKCE
//! (RFC 7636), for OAuth clients that cannot keep a secret.
//!
//! 1. Make a [`Verifier`] and a state ([`new_state`]), and send the user's browser to the
//!    [`AuthorizeUrl`].
//! 2. Receive the code on the redirect URI: [`LoopbackRedirect`] listens once on
//!    `127.0.0.1`, checks the state, and times out.
//! 3. Exchange it: [`ClientBuilder::authorization_code_pkce`](crate::ClientBuilder::authorization_code_pkce).
//!
//! ```no_run
//! use std::time::Duration;
//! use genesys_cloud_chat::pkce::{AuthorizeUrl, LoopbackRedirect, Verifier, new_state};
//! use genesys_cloud_chat::{Client, Region};
//!
//! #[tokio::main]
//! async fn main() -> Result<(), genesys_cloud_chat::Error> {
//!     let redirect = LoopbackRedirect::bind(([127, 0, 0, 1], 8085)).await?;
//!     let (verifier, state) = (Verifier::new(), new_state());
//!     let url = AuthorizeUrl::new(Region::EuCentral1, "my-client-id", redirect.redirect_uri())
//!         .pkce(&verifier)
//!         .state(&state)
//!         .build()?;
//!     println!("Sign in at {url}");
//!     let code = redirect.wait_for_code(&state, Duration::from_secs(300)).await?;
//!     let client = Client::builder()
//!         .region(Region::EuCentral1)
//!         .authorization_code_pkce("my-client-id", code, redirect.redirect_uri(), &verifier)
//!         .build()?;
//!     println!("{client:?}");
//!     Ok(())
//! }
//! ```

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::auth::Secret;
use crate::error::{Error, Result};
use crate::loopback;
use crate::region::Region;

/// A PKCE code verifier: a secret the app keeps, whose hash ([`challenge`](Verifier::challenge))
/// goes to the login page, and which only this app can then show to exchange the code.
#[derive(Clone)]
pub struct Verifier(Secret);

impl Verifier {
    /// A new verifier: 64 characters from 48 random bytes (RFC 7636 asks for 43 to 128).
    pub fn new() -> Self {
        Self(Secret::new(loopback::random_text(48)))
    }

    /// A verifier kept from earlier (43 to 128 characters of `A-Z a-z 0-9 - . _ ~`).
    pub fn from_secret(secret: impl Into<Secret>) -> Result<Self> {
        let secret = secret.into();
        if loopback::is_verifier(secret.expose()) {
            Ok(Self(secret))
        } else {
            Err(Error::Config(
                "a PKCE verifier has 43 to 128 characters of A-Z, a-z, 0-9, -, ., _ and ~"
                    .to_owned(),
            ))
        }
    }

    /// The `S256` challenge: the verifier's SHA-256, base64url without padding.
    pub fn challenge(&self) -> String {
        loopback::challenge(self.0.expose())
    }

    /// The verifier itself, to keep while the user signs in.
    pub fn secret(&self) -> &Secret {
        &self.0
    }
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Verifier(<redacted>)")
    }
}

/// A new random `state` (32 URL-safe characters): it ties the login page's answer to this
/// sign-in.
pub fn new_state() -> String {
    loopback::random_text(24)
}

/// The login page's address for the authorization code grant: `{login}/oauth/authorize`.
#[derive(Debug, Clone)]
pub struct AuthorizeUrl {
    login_base_url: String,
    params: Vec<(String, String)>,
}

impl AuthorizeUrl {
    /// The login page of `region`, for `client_id`, answering to `redirect_uri`.
    pub fn new(region: Region, client_id: &str, redirect_uri: &str) -> Self {
        Self {
            login_base_url: region.login_base_url(),
            params: vec![
                ("response_type".to_owned(), "code".to_owned()),
                ("client_id".to_owned(), client_id.to_owned()),
                ("redirect_uri".to_owned(), redirect_uri.to_owned()),
            ],
        }
    }

    /// Another login host (a gateway), instead of the region's.
    pub fn login_base_url(mut self, url: impl Into<String>) -> Self {
        self.login_base_url = url.into();
        self
    }

    /// The PKCE challenge of `verifier` (`S256`).
    pub fn pkce(self, verifier: &Verifier) -> Self {
        self.param("code_challenge", &verifier.challenge())
            .param("code_challenge_method", "S256")
    }

    /// The `state` the answer must carry back ([`new_state`]).
    pub fn state(self, state: &str) -> Self {
        self.param("state", state)
    }

    /// Any other parameter of the login page (`org`, `provider`, `target`).
    pub fn param(mut self, name: &str, value: &str) -> Self {
        self.params.retain(|(n, _)| n != name);
        self.params.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The address to send the user's browser to.
    pub fn build(&self) -> Result<String> {
        loopback::authorize_url(&self.login_base_url, &self.params).map_err(Error::Config)
    }
}

/// A one-shot receiver of the login page's answer on a loopback redirect URI
/// (`http://127.0.0.1:<port>/callback`), for native and command-line apps.
///
/// It binds loopback addresses only, answers the browser with a short page, checks the
/// `state`, and gives up after a timeout.
#[derive(Debug)]
pub struct LoopbackRedirect {
    listener: TcpListener,
    redirect_uri: String,
}

impl LoopbackRedirect {
    /// Listens on `addr`, which must be a loopback address (`127.0.0.1:8085`; port 0 picks a
    /// free port, though the redirect URI registered for the OAuth client must match).
    pub async fn bind(addr: impl Into<SocketAddr>) -> Result<Self> {
        let (listener, redirect_uri) = loopback::bind(addr.into()).await.map_err(Error::Config)?;
        Ok(Self {
            listener,
            redirect_uri,
        })
    }

    /// The redirect URI to register for the OAuth client and to give the login page.
    pub fn redirect_uri(&self) -> &str {
        &self.redirect_uri
    }

    /// Waits for the browser to bring the code back, for at most `timeout`. The answer must
    /// carry `state`; any other request is answered 404 and waited past.
    pub async fn wait_for_code(&self, state: &str, timeout: Duration) -> Result<Secret> {
        loopback::wait_for_code(&self.listener, &self.redirect_uri, state, timeout)
            .await
            .map_err(|message| Error::Auth {
                status: None,
                code: None,
                message,
                correlation_id: None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_is_the_rfc_7636_example() {
        // RFC 7636, appendix B.
        let verifier =
            Verifier::from_secret("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(
            verifier.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_long_random_and_unreserved() {
        let (a, b) = (Verifier::new(), Verifier::new());
        assert_ne!(a.secret(), b.secret());
        assert_eq!(a.secret().expose().len(), 64);
        assert!(Verifier::from_secret(a.secret().clone()).is_ok());
        assert!(Verifier::from_secret("short").is_err());
        assert!(Verifier::from_secret("x".repeat(42) + "!").is_err());
        assert_eq!(format!("{a:?}"), "Verifier(<redacted>)");
    }

    #[test]
    fn the_authorize_url_carries_the_challenge_and_state() {
        let verifier = Verifier::new();
        let url = AuthorizeUrl::new(Region::EuCentral1, "cid", "http://127.0.0.1:8085/callback")
            .pkce(&verifier)
            .state("st")
            .param("org", "acme")
            .build()
            .unwrap();
        let url = reqwest::Url::parse(&url).unwrap();
        assert_eq!(url.host_str(), Some("login.mypurecloud.de"));
        assert_eq!(url.path(), "/oauth/authorize");
        let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        let get = |k: &str| q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("response_type"), Some("code"));
        assert_eq!(get("client_id"), Some("cid"));
        assert_eq!(get("redirect_uri"), Some("http://127.0.0.1:8085/callback"));
        assert_eq!(get("code_challenge"), Some(verifier.challenge().as_str()));
        assert_eq!(get("code_challenge_method"), Some("S256"));
        assert_eq!(get("state"), Some("st"));
        assert_eq!(get("org"), Some("acme"));
    }
}
