//! A client's settings as data: read from a configuration file in whatever format the
//! application uses (TOML, JSON, YAML: anything serde reads), or from the environment.

use std::time::Duration;

use serde::{Deserialize, Deserializer};

use crate::auth::Secret;
use crate::client::ClientBuilder;
use crate::error::{Error, Result};
use crate::region::Region;
use crate::retry::RetryPolicy;
use crate::settings::ConfigFields;
pub use crate::settings::RetryConfig;

/// A client's settings. Every field is optional: what is absent keeps the builder's value.
///
/// ```
/// use genesys_cloud_chat::{Client, ClientConfig};
///
/// // From the application's configuration file (JSON here; any serde format works).
/// let config: ClientConfig = genesys_cloud_chat::serde_json::from_str(r#"{
///     "region": "eu-central-1",
///     "client_id": "my-client-id",
///     "client_secret": "my-client-secret",
///     "timeout_secs": 10,
///     "retry": { "max_attempts": 6, "budget_secs": 120 }
/// }"#)?;
/// let client = Client::builder().config(&config)?.build()?;
/// assert_eq!(client.base_url(), "https://api.mypurecloud.de");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ClientConfig {
    /// A region name (`eu-central-1`) or domain (`mypurecloud.de`).
    pub region: Option<String>,
    /// The API base URL, for a gateway (see [`ClientBuilder::base_url`]).
    pub base_url: Option<String>,
    /// The login base URL, for a gateway (see [`ClientBuilder::login_base_url`]).
    pub login_base_url: Option<String>,
    /// With `client_secret`: the client-credentials grant.
    pub client_id: Option<String>,
    /// The OAuth client's secret.
    pub client_secret: Option<Secret>,
    /// A token obtained elsewhere, instead of a grant.
    pub access_token: Option<Secret>,
    /// The most time one attempt may take, in seconds.
    pub timeout_secs: Option<f64>,
    /// The most time connecting may take, in seconds.
    pub connect_timeout_secs: Option<f64>,
    /// How failed requests are retried.
    pub retry: Option<RetryConfig>,
    /// A proxy for every request.
    pub proxy: Option<String>,
    /// The most bytes a successful answer may have.
    pub max_response_bytes: Option<u64>,
    /// The most pages one history stream reads.
    pub max_stream_pages: Option<usize>,
    /// The `User-Agent` header.
    pub user_agent: Option<String>,
}

/// Unknown fields are refused, each field's type is checked, and an absent field is `None`.
impl<'de> Deserialize<'de> for ClientConfig {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let fields = ConfigFields::deserialize(deserializer)?;
        Ok(Self {
            region: fields.region,
            base_url: fields.base_url,
            login_base_url: fields.login_base_url,
            client_id: fields.client_id,
            client_secret: fields.client_secret,
            access_token: fields.access_token,
            timeout_secs: fields.timeout_secs,
            connect_timeout_secs: fields.connect_timeout_secs,
            retry: fields.retry,
            proxy: fields.proxy,
            max_response_bytes: fields.max_response_bytes,
            max_stream_pages: fields.max_stream_pages,
            user_agent: fields.user_agent,
        })
    }
}

impl ClientConfig {
    /// The settings the environment gives: `GENESYS_REGION`, `GENESYS_BASE_URL`,
    /// `GENESYS_LOGIN_BASE_URL`, `GENESYS_CLIENT_ID`, `GENESYS_CLIENT_SECRET`,
    /// `GENESYS_ACCESS_TOKEN`, `GENESYS_TIMEOUT_SECS`, `GENESYS_PROXY`. Unset or empty
    /// variables are absent.
    pub fn from_env() -> Result<Self> {
        Self::from_vars(std::env::vars())
    }

    /// As [`ClientConfig::from_env`], from the given variables.
    pub fn from_vars(vars: impl IntoIterator<Item = (String, String)>) -> Result<Self> {
        let mut config = Self::default();
        for (name, value) in vars {
            let value = value.trim().to_owned();
            if value.is_empty() {
                continue;
            }
            match name.as_str() {
                "GENESYS_REGION" => config.region = Some(value),
                "GENESYS_BASE_URL" => config.base_url = Some(value),
                "GENESYS_LOGIN_BASE_URL" => config.login_base_url = Some(value),
                "GENESYS_CLIENT_ID" => config.client_id = Some(value),
                "GENESYS_CLIENT_SECRET" => config.client_secret = Some(Secret::new(value)),
                "GENESYS_ACCESS_TOKEN" => config.access_token = Some(Secret::new(value)),
                "GENESYS_PROXY" => config.proxy = Some(value),
                "GENESYS_TIMEOUT_SECS" => {
                    config.timeout_secs = Some(value.parse().map_err(|_| {
                        Error::Config(format!("GENESYS_TIMEOUT_SECS is not a number: `{value}`"))
                    })?);
                }
                _ => {}
            }
        }
        Ok(config)
    }
}

/// Seconds as a `Duration`, refusing what is not a finite, non-negative number.
fn seconds(what: &str, value: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| Error::Config(format!("{what} must be a number of seconds, not {value}")))
}

impl ClientBuilder {
    /// Applies the settings `config` has; the others keep their value.
    pub fn config(mut self, config: &ClientConfig) -> Result<Self> {
        if let Some(region) = &config.region {
            let region: Region = region.parse().map_err(|e| Error::Config(format!("{e}")))?;
            self = self.region(region);
        }
        if let Some(url) = &config.base_url {
            self = self.base_url(url);
        }
        if let Some(url) = &config.login_base_url {
            self = self.login_base_url(url);
        }
        match (
            &config.access_token,
            &config.client_id,
            &config.client_secret,
        ) {
            (Some(token), _, _) => self = self.access_token(token.clone()),
            (None, Some(id), Some(secret)) => {
                self = self.client_credentials(id.clone(), secret.clone());
            }
            (None, Some(_), None) | (None, None, Some(_)) => {
                return Err(Error::Config(
                    "the configuration has one of client_id and client_secret without the other"
                        .to_owned(),
                ));
            }
            (None, None, None) => {}
        }
        if let Some(s) = config.timeout_secs {
            self = self.timeout(seconds("timeout_secs", s)?);
        }
        if let Some(s) = config.connect_timeout_secs {
            self = self.connect_timeout(seconds("connect_timeout_secs", s)?);
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
            self = self.retry(policy);
        }
        if let Some(proxy) = &config.proxy {
            self = self.proxy(proxy);
        }
        if let Some(limit) = config.max_response_bytes {
            self = self.max_response_bytes(limit);
        }
        if let Some(pages) = config.max_stream_pages {
            self = self.max_stream_pages(pages);
        }
        if let Some(agent) = &config.user_agent {
            self = self.user_agent(agent);
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_gives_a_configuration() {
        let vars = [
            ("GENESYS_REGION", "mypurecloud.ie"),
            ("GENESYS_CLIENT_ID", "id"),
            ("GENESYS_CLIENT_SECRET", "secret"),
            ("GENESYS_TIMEOUT_SECS", "2.5"),
            ("GENESYS_PROXY", ""),
            ("PATH", "/usr/bin"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned()));
        let config = ClientConfig::from_vars(vars).unwrap();
        assert_eq!(config.region.as_deref(), Some("mypurecloud.ie"));
        assert_eq!(config.timeout_secs, Some(2.5));
        assert!(config.proxy.is_none());
        assert!(!format!("{config:?}").contains("\"secret\""));
        let client = ClientBuilder::default()
            .config(&config)
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://api.mypurecloud.ie");
    }

    #[test]
    fn bad_values_are_refused_with_their_name() {
        let config = ClientConfig {
            timeout_secs: Some(-1.0),
            ..ClientConfig::default()
        };
        let err = ClientBuilder::default().config(&config).err().unwrap();
        assert!(err.to_string().contains("timeout_secs"), "{err}");
        let half = ClientConfig {
            client_id: Some("id".to_owned()),
            ..ClientConfig::default()
        };
        assert!(ClientBuilder::default().config(&half).is_err());
    }

    #[test]
    fn a_file_is_read_field_by_field_and_what_is_unknown_is_refused() {
        let config: ClientConfig = serde_json::from_str(
            r#"{"region": "eu-central-1", "client_secret": "s", "retry": {"max_attempts": 2}}"#,
        )
        .unwrap();
        assert_eq!(config.region.as_deref(), Some("eu-central-1"));
        assert_eq!(config.client_secret.as_ref().map(Secret::expose), Some("s"));
        assert_eq!(config.retry.and_then(|r| r.max_attempts), Some(2));
        assert!(config.client_id.is_none());
        let error = |text: &str| {
            serde_json::from_str::<ClientConfig>(text)
                .unwrap_err()
                .to_string()
        };
        assert!(
            error(r#"{"colour": "red"}"#)
                .starts_with("unknown field `colour`, expected one of `region`"),
            "{}",
            error(r#"{"colour": "red"}"#)
        );
        assert!(
            error(r#"{"retry": {"tries": 2}}"#)
                .starts_with("unknown field `tries`, expected one of `max_attempts`"),
            "{}",
            error(r#"{"retry": {"tries": 2}}"#)
        );
        assert!(
            error(r#""eu-central-1""#).contains("expected struct ClientConfig"),
            "{}",
            error(r#""eu-central-1""#)
        );
    }
}
