//! Chat as a user: the authorization code grant with refresh, PKCE with the loopback helper,
//! SAML2 bearer, resumed sessions and token stores, against a scripted OAuth server on
//! 127.0.0.1.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use genesys_cloud_chat::pkce::{AuthorizeUrl, LoopbackRedirect, Verifier, new_state};
use genesys_cloud_chat::reqwest;
use genesys_cloud_chat::{Client, Error, MemoryTokenStore, Region, Secret, TokenStore, Tokens};
use serde_json::json;
use wiremock::matchers::{body_string_contains, header, header_exists, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// `client-id:client-secret`, base64.
const BASIC: &str = "Basic Y2xpZW50LWlkOmNsaWVudC1zZWNyZXQ=";
const REDIRECT: &str = "https://app.example.com/callback";

/// Moves the runtime's clock (which the token cache reads) forward by `by`, at once.
async fn skip(by: Duration) {
    tokio::time::pause();
    tokio::time::advance(by).await;
    tokio::time::resume();
}

fn tokens(access: &str, refresh: Option<&str>, expires_in: u64) -> ResponseTemplate {
    let mut body =
        json!({"access_token": access, "token_type": "bearer", "expires_in": expires_in});
    if let Some(r) = refresh {
        body["refresh_token"] = json!(r);
    }
    ResponseTemplate::new(200).set_body_json(body)
}

fn token_endpoint() -> wiremock::MockBuilder {
    Mock::given(method("POST")).and(path("/oauth/token"))
}

/// The API: chat settings for any token; records the tokens it was sent.
async fn api(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/users/me/settings"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"mobile": {"notifications": {"when": "Always"}}})),
        )
        .mount(server)
        .await;
}

async fn bearer_tokens(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().starts_with("/api/"))
        .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
        .collect()
}

async fn token_requests(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/oauth/token")
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect()
}

fn code_client(server: &MockServer, store: Arc<MemoryTokenStore>) -> Client {
    Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .authorization_code("client-id", "client-secret", "the-code", REDIRECT)
        .token_store(store)
        .retry(common::fast_retries())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_authorization_code_is_exchanged_then_refreshed_with_the_newest_refresh_token() {
    let server = MockServer::start().await;
    api(&server).await;
    token_endpoint()
        .and(header("authorization", BASIC))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=the-code"))
        .and(body_string_contains(
            "redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback",
        ))
        .respond_with(tokens("access-1", Some("refresh-1"), 120))
        .expect(1)
        .mount(&server)
        .await;
    token_endpoint()
        .and(header("authorization", BASIC))
        .and(body_string_contains(
            "grant_type=refresh_token&refresh_token=refresh-1",
        ))
        .respond_with(tokens("access-2", Some("refresh-2"), 120))
        .expect(1)
        .mount(&server)
        .await;
    token_endpoint()
        .and(body_string_contains(
            "grant_type=refresh_token&refresh_token=refresh-2",
        ))
        // The service may not rotate this time: the refresh token held is kept.
        .respond_with(tokens("access-3", None, 120))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(MemoryTokenStore::new());
    let client = code_client(&server, store.clone());
    let chat = client.chat();
    chat.get_chats_users_me_settings().send().await.unwrap();
    assert_eq!(
        store.tokens().unwrap().refresh_token,
        Some(Secret::new("refresh-1")),
        "the store is told of the sign-in"
    );
    chat.get_chats_users_me_settings().send().await.unwrap();
    skip(Duration::from_secs(61)).await;
    chat.get_chats_users_me_settings().send().await.unwrap();
    assert_eq!(
        store.tokens().unwrap().refresh_token,
        Some(Secret::new("refresh-2"))
    );
    skip(Duration::from_secs(61)).await;
    chat.get_chats_users_me_settings().send().await.unwrap();
    let kept = store.tokens().unwrap();
    assert_eq!(kept.access_token, Secret::new("access-3"));
    assert_eq!(kept.refresh_token, Some(Secret::new("refresh-2")));
    assert_eq!(
        bearer_tokens(&server).await,
        [
            "Bearer access-1",
            "Bearer access-1",
            "Bearer access-2",
            "Bearer access-3"
        ]
    );
}

#[tokio::test]
async fn a_401_makes_one_refresh_for_all_concurrent_callers() {
    let server = MockServer::start().await;
    token_endpoint()
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(tokens("revoked", Some("refresh-1"), 3600))
        .expect(1)
        .mount(&server)
        .await;
    token_endpoint()
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(
            tokens("fresh", Some("refresh-2"), 3600).set_delay(Duration::from_millis(100)),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/users/me/settings"))
        .and(header("authorization", "Bearer revoked"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"message": "expired"})))
        .mount(&server)
        .await;
    api(&server).await;
    let client = code_client(&server, Arc::new(MemoryTokenStore::new()));
    // The first call signs in and meets the 401; the others arrive while it refreshes.
    let calls: Vec<_> = (0..8)
        .map(|_| {
            let chat = client.chat();
            tokio::spawn(async move { chat.get_chats_users_me_settings().send().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let grants = token_requests(&server).await;
    assert_eq!(grants.len(), 2, "{grants:?}");
}

#[tokio::test]
async fn a_refused_refresh_is_shared_typed_and_not_asked_again() {
    let server = MockServer::start().await;
    token_endpoint()
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(tokens("access-1", Some("refresh-1"), 120))
        .mount(&server)
        .await;
    token_endpoint()
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(
            json!({"error": "invalid_grant", "error_description": "refresh token expired"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    api(&server).await;
    let store = Arc::new(MemoryTokenStore::new());
    let client = code_client(&server, store.clone());
    client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap();
    skip(Duration::from_secs(61)).await;
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let chat = client.chat();
            tokio::spawn(async move { chat.get_chats_users_me_settings().send().await })
        })
        .collect();
    for call in calls {
        let err = call.await.unwrap().unwrap_err();
        match &err {
            Error::Auth {
                status: Some(400),
                code: Some(code),
                message,
                ..
            } => {
                assert_eq!(code, "invalid_grant");
                assert_eq!(message, "refresh token expired");
            }
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().contains("sign the user in again"), "{err}");
    }
    // Later calls fail at once: no storm of refused refreshes.
    for _ in 0..3 {
        assert!(matches!(
            client.chat().get_chats_users_me_settings().send().await,
            Err(Error::Auth { .. })
        ));
    }
    assert_eq!(token_requests(&server).await.len(), 2);
    assert!(store.tokens().is_none(), "the refused tokens are forgotten");
}

#[tokio::test]
async fn pkce_signs_in_through_the_loopback_helper() {
    let server = MockServer::start().await;
    api(&server).await;
    let verifier = Verifier::new();
    let redirect = LoopbackRedirect::bind(([127, 0, 0, 1], 0)).await.unwrap();
    let redirect_uri = redirect.redirect_uri().to_owned();
    assert!(redirect_uri.starts_with("http://127.0.0.1:") && redirect_uri.ends_with("/callback"));
    token_endpoint()
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("code=browser-code"))
        .and(body_string_contains(format!(
            "code_verifier={}",
            verifier.secret().expose()
        )))
        .and(body_string_contains("client_id=public-client"))
        .respond_with(tokens("user-token", Some("user-refresh"), 3600))
        .expect(1)
        .mount(&server)
        .await;
    let state = new_state();
    let url = AuthorizeUrl::new(Region::UsEast1, "public-client", &redirect_uri)
        .login_base_url(server.uri())
        .pkce(&verifier)
        .state(&state)
        .build()
        .unwrap();
    assert!(
        url.contains(&format!("code_challenge={}", verifier.challenge())),
        "{url}"
    );
    // The browser: a stray favicon request first, then the login page's redirect.
    let browser = {
        let (uri, state) = (redirect_uri.clone(), state.clone());
        tokio::spawn(async move {
            let http = reqwest::Client::new();
            let origin = uri.trim_end_matches("/callback");
            let stray = http
                .get(format!("{origin}/favicon.ico"))
                .send()
                .await
                .unwrap();
            assert_eq!(stray.status(), 404);
            let page = http
                .get(format!("{uri}?code=browser-code&state={state}"))
                .send()
                .await
                .unwrap();
            (page.status().as_u16(), page.text().await.unwrap())
        })
    };
    let code = redirect
        .wait_for_code(&state, Duration::from_secs(5))
        .await
        .unwrap();
    let (status, page) = browser.await.unwrap();
    assert_eq!(
        (status, page.as_str()),
        (200, "Signed in. You can close this window.")
    );
    let client = Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .authorization_code_pkce("public-client", code, &redirect_uri, &verifier)
        .build()
        .unwrap();
    client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap();
    let exchange = &server.received_requests().await.unwrap()[0];
    assert!(
        !exchange.headers.contains_key("authorization"),
        "a public client sends no secret"
    );
    assert_eq!(bearer_tokens(&server).await, ["Bearer user-token"]);
}

#[tokio::test]
async fn the_loopback_helper_refuses_a_wrong_state_times_out_and_binds_loopback_only() {
    let redirect = LoopbackRedirect::bind(([127, 0, 0, 1], 0)).await.unwrap();
    let uri = redirect.redirect_uri().to_owned();
    let forged = tokio::spawn(async move {
        reqwest::get(format!("{uri}?code=stolen&state=not-ours"))
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    let err = redirect
        .wait_for_code("ours", Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("does not carry this sign-in's state"),
        "{err}"
    );
    assert_eq!(forged.await.unwrap(), 400);

    let quiet = LoopbackRedirect::bind(([127, 0, 0, 1], 0)).await.unwrap();
    let started = std::time::Instant::now();
    let err = quiet
        .wait_for_code("s", Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.to_string().contains("no sign-in came back"), "{err}");

    for addr in ["0.0.0.0:0", "192.0.2.1:8085", "[::]:0"] {
        let addr: std::net::SocketAddr = addr.parse().unwrap();
        let err = LoopbackRedirect::bind(addr).await.unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{addr}: {err:?}");
    }
}

#[tokio::test]
async fn the_login_page_refusing_is_reported() {
    let redirect = LoopbackRedirect::bind(([127, 0, 0, 1], 0)).await.unwrap();
    let uri = redirect.redirect_uri().to_owned();
    tokio::spawn(async move {
        let _ = reqwest::get(format!(
            "{uri}?error=access_denied&error_description=user%20said%20no&state=s"
        ))
        .await;
    });
    let err = redirect
        .wait_for_code("s", Duration::from_secs(5))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("`access_denied`: user said no"),
        "{err}"
    );
}

#[tokio::test]
async fn saml2_bearer_exchanges_the_assertion_for_the_organization() {
    let server = MockServer::start().await;
    api(&server).await;
    token_endpoint()
        .and(header("authorization", BASIC))
        .and(body_string_contains(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Asaml2-bearer",
        ))
        .and(body_string_contains("orgName=acme"))
        .and(body_string_contains("assertion=PHNhbWw%2B"))
        .respond_with(tokens("saml-token", None, 3600))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .saml2_bearer("client-id", "client-secret", "acme", "PHNhbWw+")
        .build()
        .unwrap();
    client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap();
    assert_eq!(bearer_tokens(&server).await, ["Bearer saml-token"]);
}

/// A store that counts what it is told.
#[derive(Default)]
struct CountingStore {
    inner: MemoryTokenStore,
    saves: AtomicUsize,
}

impl TokenStore for CountingStore {
    fn load(&self) -> Option<Tokens> {
        self.inner.load()
    }
    fn save(&self, tokens: &Tokens) {
        self.saves.fetch_add(1, Ordering::SeqCst);
        self.inner.save(tokens);
    }
    fn clear(&self) {
        self.inner.clear();
    }
}

#[tokio::test]
async fn a_session_is_resumed_from_the_token_store() {
    let server = MockServer::start().await;
    api(&server).await;
    token_endpoint()
        .and(header("authorization", BASIC))
        .and(body_string_contains(
            "grant_type=refresh_token&refresh_token=kept-refresh",
        ))
        .respond_with(tokens("resumed", Some("rotated"), 3600))
        .expect(1)
        .mount(&server)
        .await;
    let store = Arc::new(CountingStore::default());
    // What an earlier run left: an expired access token and its refresh token.
    store.inner.save(&Tokens {
        access_token: Secret::new("old"),
        refresh_token: Some(Secret::new("kept-refresh")),
        expires_at: SystemTime::now() - Duration::from_secs(10),
    });
    let client = Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .resume_session("client-id", Some(Secret::new("client-secret")))
        .token_store(store.clone())
        .build()
        .unwrap();
    client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap();
    assert_eq!(bearer_tokens(&server).await, ["Bearer resumed"]);
    assert_eq!(store.saves.load(Ordering::SeqCst), 1);
    assert_eq!(
        store.load().unwrap().refresh_token,
        Some(Secret::new("rotated"))
    );

    // A valid stored access token is used as is.
    let fresh = Arc::new(MemoryTokenStore::new());
    fresh.save(&Tokens {
        access_token: Secret::new("still-good"),
        refresh_token: None,
        expires_at: SystemTime::now() + Duration::from_secs(3600),
    });
    let client = Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .resume_session("client-id", None)
        .token_store(fresh)
        .build()
        .unwrap();
    client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap();
    assert_eq!(
        bearer_tokens(&server).await,
        ["Bearer resumed", "Bearer still-good"]
    );
}

#[tokio::test]
async fn a_session_with_nothing_stored_asks_to_sign_in() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .login_base_url(server.uri())
        .resume_session("client-id", None)
        .build()
        .unwrap();
    let err = client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("sign the user in again"), "{err}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// The login host is bound like the API: a huge token answer is not a token.
#[tokio::test]
async fn an_oversized_token_answer_is_refused() {
    let server = MockServer::start().await;
    token_endpoint()
        .respond_with(ResponseTemplate::new(200).set_body_string(" ".repeat(1 << 20)))
        .mount(&server)
        .await;
    let err = code_client(&server, Arc::new(MemoryTokenStore::new()))
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("larger than 65536 bytes"), "{err}");
}

/// A responder that answers a JSON body after checking the token endpoint saw no header it
/// should not.
struct NoSecretLeak;

impl Respond for NoSecretLeak {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        assert!(!String::from_utf8_lossy(&request.body).contains("client-secret"));
        tokens("t", None, 3600)
    }
}

#[tokio::test]
async fn the_client_secret_travels_only_in_basic_auth() {
    let server = MockServer::start().await;
    api(&server).await;
    token_endpoint()
        .and(header_exists("authorization"))
        .respond_with(NoSecretLeak)
        .mount(&server)
        .await;
    let client = code_client(&server, Arc::new(MemoryTokenStore::new()));
    client
        .chat()
        .get_chats_users_me_settings()
        .send()
        .await
        .unwrap();
    let debug = format!("{client:?}");
    assert!(
        !debug.contains("client-secret") && !debug.contains("the-code"),
        "{debug}"
    );
}
