//! The loopback listener behind the SDK crate's `pkce::LoopbackRedirect`: it takes the browser's
//! sign-in answer on `127.0.0.1`, answers with a short page, checks the `state`, and gives up
//! after a timeout. Its failures are text; the SDK crate turns them into its errors. With it,
//! PKCE's verifiers, challenges and `state` values (RFC 7636).

use std::net::SocketAddr;
use std::time::Duration;

use aws_lc_rs::digest::{SHA256, digest};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::auth::Secret;
use crate::failure::sanitize;

/// `bytes` random bytes from the operating system, as URL-safe base64 without padding: a PKCE
/// verifier (48 bytes, 64 characters) or a `state` value.
pub fn random_text(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    aws_lc_rs::rand::fill(&mut buf).expect("the operating system's random number generator failed");
    URL_SAFE_NO_PAD.encode(buf)
}

/// Whether `text` can be a PKCE verifier: 43 to 128 characters of A-Z, a-z, 0-9, `-`, `.`,
/// `_` and `~`.
pub fn is_verifier(text: &str) -> bool {
    (43..=128).contains(&text.len())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
}

/// The `S256` challenge of a PKCE verifier: the URL-safe base64 of its SHA-256.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()))
}

/// Listens on `addr`, which must be a loopback address; returns the listener and its redirect
/// URI (`http://127.0.0.1:8085/callback`).
pub async fn bind(addr: SocketAddr) -> Result<(TcpListener, String), String> {
    if !addr.ip().is_loopback() {
        return Err(format!(
            "the redirect listener must be on a loopback address (127.0.0.1), not {}",
            addr.ip()
        ));
    }
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    Ok((listener, format!("http://{local}/callback")))
}

/// Waits on `listener` for the browser to bring the code back, for at most `timeout`. The
/// answer must carry `state`; any other request is answered 404 and waited past.
pub async fn wait_for_code(
    listener: &TcpListener,
    redirect_uri: &str,
    state: &str,
    timeout: Duration,
) -> Result<Secret, String> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        let accepted = tokio::time::timeout_at(deadline, listener.accept()).await;
        let Ok(Ok((mut socket, _))) = accepted else {
            return Err(format!(
                "no sign-in came back to {redirect_uri} within {timeout:?}"
            ));
        };
        let Ok(Some(target)) = tokio::time::timeout_at(deadline, request_target(&mut socket)).await
        else {
            continue;
        };
        let url = match reqwest::Url::parse(&format!("http://localhost{target}")) {
            Ok(url) if url.path() == "/callback" => url,
            _ => {
                respond(&mut socket, "404 Not Found", "Not the sign-in callback.").await;
                continue;
            }
        };
        let param = |name: &str| {
            url.query_pairs()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.into_owned())
        };
        if let Some(error) = param("error") {
            respond(
                &mut socket,
                "200 OK",
                "Sign-in failed. You can close this window.",
            )
            .await;
            let detail = param("error_description").unwrap_or_default();
            return Err(format!(
                "the login page answered `{}`: {}",
                sanitize(&error),
                sanitize(&detail)
            ));
        }
        if param("state").as_deref() != Some(state) {
            respond(
                &mut socket,
                "400 Bad Request",
                "This sign-in was not started here.",
            )
            .await;
            return Err(
                "the sign-in answer does not carry this sign-in's state: it may not come from this app's login page, so its code is not used".to_owned(),
            );
        }
        let Some(code) = param("code").filter(|c| !c.is_empty()) else {
            respond(&mut socket, "400 Bad Request", "The answer has no code.").await;
            return Err("the sign-in answer has no code".to_owned());
        };
        respond(
            &mut socket,
            "200 OK",
            "Signed in. You can close this window.",
        )
        .await;
        return Ok(Secret::new(code));
    }
}

/// The target of an HTTP request (`/callback?code=...`), reading at most 16 KiB.
async fn request_target(socket: &mut tokio::net::TcpStream) -> Option<String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 || buf.len() > 16 * 1024 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = std::str::from_utf8(&buf).ok()?;
    let mut first = head.lines().next()?.split(' ');
    let (method, target) = (first.next()?, first.next()?);
    (method == "GET").then(|| target.to_owned())
}

async fn respond(socket: &mut tokio::net::TcpStream, status: &str, text: &str) {
    let page = format!(
        "HTTP/1.1 {status}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
        text.len()
    );
    let _ = socket.write_all(page.as_bytes()).await;
    let _ = socket.shutdown().await;
}

/// The sign-in page's URL: `/oauth/authorize` under `login_base_url`, with `params` as its
/// query (the SDK crate's `AuthorizeUrl::build`); a failure is the text of a configuration
/// error.
pub fn authorize_url(login_base_url: &str, params: &[(String, String)]) -> Result<String, String> {
    let base = login_base_url.trim_end_matches('/');
    let mut url = reqwest::Url::parse(&format!("{base}/oauth/authorize"))
        .map_err(|e| format!("the login base URL `{base}` is not a URL: {e}"))?;
    url.query_pairs_mut().extend_pairs(params);
    Ok(url.into())
}
