//! The HTTP client the SDK makes when it is given none, and the checks of the URLs a client is
//! built with. Failures are text; the SDK crate turns them into configuration errors.

use std::net::IpAddr;
use std::time::Duration;

/// What the SDK crate's `ClientBuilder` sets on the HTTP client it makes.
pub struct HttpSettings<'a> {
    pub user_agent: &'a str,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub no_proxy: bool,
    pub proxy: Option<&'a str>,
    pub identity: Option<&'a [u8]>,
    pub root_certificates: &'a [Vec<u8>],
}

/// The HTTP client for `base_url` (and `token_url`, the login service's token endpoint).
pub fn http_client(
    settings: &HttpSettings<'_>,
    base_url: &str,
    token_url: Option<String>,
) -> Result<reqwest::Client, String> {
    if reqwest::header::HeaderValue::from_str(settings.user_agent).is_err() {
        return Err("the user agent holds a line break or a control character".to_owned());
    }
    let https_only = base_url.starts_with("https:")
        && token_url.as_deref().is_none_or(|t| t.starts_with("https:"));
    let mut http = reqwest::Client::builder()
        .user_agent(settings.user_agent)
        .timeout(settings.timeout)
        .connect_timeout(settings.connect_timeout)
        .redirect(redirect_policy(token_url))
        .https_only(https_only);
    if settings.no_proxy {
        http = http.no_proxy();
    }
    if let Some(proxy) = settings.proxy {
        let proxy = reqwest::Proxy::all(proxy)
            .map_err(|e| format!("the proxy `{proxy}` is not usable: {e}"))?;
        http = http.proxy(proxy);
    }
    let is_pem = |pem: &[u8], what: &str| {
        let text = String::from_utf8_lossy(pem);
        if text.contains("-----BEGIN ") {
            Ok(())
        } else {
            Err(format!("{what} is not PEM (no `-----BEGIN` line)"))
        }
    };
    if let Some(pem) = settings.identity {
        is_pem(pem, "the client identity")?;
        let identity = reqwest::Identity::from_pem(pem)
            .map_err(|e| format!("the client identity is not a PEM certificate and key: {e}"))?;
        http = http.identity(identity);
    }
    for pem in settings.root_certificates {
        is_pem(pem, "a root certificate")?;
        let certificate = reqwest::Certificate::from_pem(pem)
            .map_err(|e| format!("a root certificate is not a PEM certificate: {e}"))?;
        http = http.add_root_certificate(certificate);
    }
    http.build()
        .map_err(|e| format!("the HTTP client could not be built: {e}"))
}

/// Parses `url`, refuses clear-text HTTP off loopback, and drops a trailing `/`.
pub fn checked_url(what: &str, url: &str, allow_insecure_http: bool) -> Result<String, String> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| format!("the {what} `{url}` is not a URL: {e}"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_insecure_http || is_loopback(&parsed) => {}
        "http" => {
            return Err(format!(
                "the {what} `{url}` uses plain http off loopback: use https, or `allow_insecure_http(true)` on a trusted network"
            ));
        }
        other => {
            return Err(format!(
                "the {what} `{url}` has scheme `{other}`; use https"
            ));
        }
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(format!(
            "the {what} `{url}` must not have a query or fragment"
        ));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// Redirects are followed only to the same origin (scheme, host and port), at most 5 in a row,
/// and never from the login service: a request, its body and its token never go to another
/// host, and no other host can hand out tokens. A redirect that is not followed comes back as
/// the answer, which the send path turns into a redirect error.
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
