//! What the official SDKs offer besides the calls, the Rust way: per-request options, answers
//! with their headers, hooks, a caller's own HTTP client with middleware, gateways with path
//! prefixes, and proxies. All over real HTTP on loopback.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::raw::RawServer;
use genesys_cloud_chat::reqwest;
use genesys_cloud_chat::reqwest_middleware::{self, Middleware, Next};
use genesys_cloud_chat::{
    Client, Error, Hooks, RequestInfo, RequestOptions, ResponseInfo, RetryPolicy, TransportKind,
};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn settings(server: &MockServer, template: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/settings"))
        .respond_with(template)
        .mount(server)
        .await;
}

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"reactionsEnabled": true}))
}

#[tokio::test]
async fn a_per_request_timeout_fires_without_changing_the_client() {
    let (server, client) = common::server_and_client().await;
    settings(&server, ok().set_delay(Duration::from_millis(600))).await;
    let quick = RequestOptions::new()
        .timeout(Duration::from_millis(100))
        .retry(RetryPolicy::none());
    let err = client
        .chat()
        .get_chats_settings()
        .options(quick)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportKind::Timeout,
                attempts: 1,
                ..
            }
        ),
        "{err:?}"
    );
    // The client's own timeout (30 s) still applies to the next call.
    client.chat().get_chats_settings().send().await.unwrap();
}

#[tokio::test]
async fn extra_headers_reach_the_server_and_the_clients_own_are_refused() {
    let (server, client) = common::server_and_client().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/settings"))
        .and(header("x-app-request-id", "7f3c"))
        .and(header("authorization", "Bearer test-access-token"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let options = RequestOptions::new().header("x-app-request-id", "7f3c");
    client
        .chat()
        .get_chats_settings()
        .options(options)
        .send()
        .await
        .unwrap();
    for (name, value) in [("authorization", "Bearer other"), ("x-bad", "a\r\nb")] {
        let err = client
            .chat()
            .get_chats_settings()
            .options(RequestOptions::new().header(name, value))
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { name: "header", .. }),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn a_response_exposes_status_and_headers() {
    let (server, client) = common::server_and_client().await;
    settings(
        &server,
        ok().insert_header("inin-correlation-id", "corr-ok")
            .insert_header("inin-ratelimit-allowed", "300")
            .insert_header("inin-ratelimit-count", "12")
            .insert_header("inin-ratelimit-reset", "41")
            .insert_header("x-custom", "yes"),
    )
    .await;
    let response = client
        .chat()
        .get_chats_settings()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.correlation_id(), Some("corr-ok"));
    assert_eq!(response.header("x-custom"), Some("yes"));
    let limit = response.rate_limit().unwrap();
    assert_eq!(
        (limit.allowed, limit.count, limit.reset),
        (Some(300), Some(12), Some(Duration::from_secs(41)))
    );
    assert_eq!(response.body().reactions_enabled, Some(true));
    // No body: the status and headers all the same.
    Mock::given(method("DELETE"))
        .and(path("/api/v2/chats/users/me/settings"))
        .respond_with(ResponseTemplate::new(204).insert_header("inin-correlation-id", "corr-del"))
        .mount(&server)
        .await;
    let deleted = client
        .chat()
        .delete_chats_users_me_settings()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(
        (deleted.status(), deleted.correlation_id()),
        (204, Some("corr-del"))
    );
}

/// A middleware that records the requests it sees and tags them.
struct Recorder(Arc<Mutex<Vec<String>>>);

#[async_trait::async_trait]
impl Middleware for Recorder {
    async fn handle(
        &self,
        mut req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {}", req.method(), req.url().path()));
        req.headers_mut()
            .insert("x-middleware", "seen".parse().unwrap());
        next.run(req, extensions).await
    }
}

#[tokio::test]
async fn a_custom_clients_middleware_sees_every_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/settings"))
        .and(header("x-middleware", "seen"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let http = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(Recorder(seen.clone()))
        .build();
    let client = common::builder(&server).http_client(http).build().unwrap();
    client.chat().get_chats_settings().send().await.unwrap();
    assert_eq!(*seen.lock().unwrap(), ["GET /api/v2/chats/settings"]);
    // A plain reqwest client is accepted too; the SDK's own settings for its client are not.
    assert!(
        common::builder(&server)
            .http_client(reqwest::Client::new())
            .build()
            .is_ok()
    );
    let err = common::builder(&server)
        .http_client(reqwest::Client::new())
        .proxy("http://127.0.0.1:3128")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

/// Hooks that write down what they are shown.
#[derive(Default)]
struct Log(Mutex<Vec<String>>);

impl Hooks for Log {
    fn before_send(&self, request: &RequestInfo<'_>) {
        self.0.lock().unwrap().push(format!(
            "send {} #{} {} auth-header:{} token:{}",
            request.operation.id,
            request.attempt,
            request.url.path(),
            request.headers.contains_key("authorization"),
            request.token().map_or("none", |t| t.expose()),
        ));
    }

    fn after_receive(&self, response: &ResponseInfo<'_>) {
        self.0.lock().unwrap().push(format!(
            "recv {} #{} {:?}",
            response.operation.id, response.attempt, response.status
        ));
    }
}

#[tokio::test]
async fn hooks_see_every_attempt_and_no_secret_unless_asked() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v2/chats/settings"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    settings(&server, ok()).await;
    let log = Arc::new(Log::default());
    let client = common::builder(&server).hooks(log.clone()).build().unwrap();
    client.chat().get_chats_settings().send().await.unwrap();
    assert_eq!(
        *log.0.lock().unwrap(),
        [
            "send getChatsSettings #1 /api/v2/chats/settings auth-header:false token:none",
            "recv getChatsSettings #1 Some(503)",
            "send getChatsSettings #2 /api/v2/chats/settings auth-header:false token:none",
            "recv getChatsSettings #2 Some(200)",
        ]
    );
    let log = Arc::new(Log::default());
    let client = common::builder(&server)
        .hooks_with_secrets(log.clone())
        .build()
        .unwrap();
    client.chat().get_chats_settings().send().await.unwrap();
    assert!(log.0.lock().unwrap()[0].ends_with("token:test-access-token"));
}

#[tokio::test]
async fn a_gateway_with_path_prefixes_for_api_and_login() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/genesys-login/oauth/token"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"access_token": "gw-token", "expires_in": 3600})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/genesys/api/v2/chats/settings"))
        .and(header("authorization", "Bearer gw-token"))
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(format!("{}/genesys/", server.uri()))
        .login_base_url(format!("{}/genesys-login", server.uri()))
        .client_credentials("id", "secret")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("{}/genesys", server.uri()));
    client.chat().get_chats_settings().send().await.unwrap();
}

#[tokio::test]
async fn an_explicit_proxy_carries_every_request() {
    // The proxy answers for the API, which is elsewhere (and not listening).
    let proxy = RawServer::start("127.0.0.1", |mut e| async move {
        e.respond("200 OK", &[], br#"{"reactionsEnabled":true}"#)
            .await;
    })
    .await;
    let api = format!("http://127.0.0.2:{}", common::closed_port().await);
    let client = Client::builder()
        .base_url(&api)
        .access_token("t")
        .allow_insecure_http(true)
        .proxy(proxy.url())
        .build()
        .unwrap();
    client.chat().get_chats_settings().send().await.unwrap();
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1);
    // A proxy gets the absolute form of the target.
    assert_eq!(seen[0].target, format!("{api}/api/v2/chats/settings"));
}

#[test]
fn a_client_identity_and_root_certificates_must_be_pem() {
    for builder in [
        Client::builder().client_identity_pem(b"not a pem".to_vec()),
        Client::builder().root_certificate_pem(b"not a pem".to_vec()),
    ] {
        let err = builder.access_token("t").build().unwrap_err();
        assert!(
            matches!(err, Error::Config(ref m) if m.contains("PEM")),
            "{err:?}"
        );
    }
}

/// A CA, a server certificate for 127.0.0.1, and a client certificate, all made here.
struct Pki {
    ca_pem: String,
    server: (
        Vec<rustls::pki_types::CertificateDer<'static>>,
        rustls::pki_types::PrivateKeyDer<'static>,
    ),
    client_pem: String,
}

fn pki() -> Pki {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let server_key = KeyPair::generate().unwrap();
    let server = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let client_key = KeyPair::generate().unwrap();
    let client = CertificateParams::new(vec!["sdk-client".to_owned()])
        .unwrap()
        .signed_by(&client_key, &issuer)
        .unwrap();
    Pki {
        ca_pem: ca.pem(),
        server: (
            vec![server.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(server_key.serialize_der().into()),
        ),
        client_pem: format!("{}{}", client.pem(), client_key.serialize_pem()),
    }
}

/// A TLS server on loopback that asks every client for a certificate signed by the CA, and
/// answers chat settings to those that show one.
async fn mtls_server(pki: &Pki) -> u16 {
    let mut roots = rustls::RootCertStore::empty();
    for cert in rustls_pemfile_certs(&pki.ca_pem) {
        roots.add(cert).unwrap();
    }
    let verifier = rustls::server::WebPkiClientVerifier::builder(Arc::new(roots))
        .build()
        .unwrap();
    let config = rustls::ServerConfig::builder()
        .with_client_cert_verifier(verifier)
        .with_single_cert(pki.server.0.clone(), pki.server.1.clone_key())
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let mut buf = [0u8; 4096];
                let _ = tls.read(&mut buf).await;
                let body = r#"{"reactionsEnabled":true}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(answer.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    port
}

/// The certificates of a PEM text.
fn rustls_pemfile_certs(pem: &str) -> Vec<rustls::pki_types::CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::pem_slice_iter(pem.as_bytes())
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn mutual_tls_with_a_client_certificate() {
    let pki = pki();
    let port = mtls_server(&pki).await;
    let builder = || {
        Client::builder()
            .base_url(format!("https://127.0.0.1:{port}"))
            .access_token("t")
            .root_certificate_pem(pki.ca_pem.clone())
            .retry(RetryPolicy::none())
    };
    let with_identity = builder()
        .client_identity_pem(pki.client_pem.clone())
        .build()
        .unwrap();
    let settings = with_identity
        .chat()
        .get_chats_settings()
        .send()
        .await
        .unwrap();
    assert_eq!(settings.reactions_enabled, Some(true));
    // Without the certificate, the server ends the handshake.
    let err = builder()
        .build()
        .unwrap()
        .chat()
        .get_chats_settings()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}
