//! A client's settings as data: read from a configuration file in whatever format the
//! application uses (TOML, JSON, YAML: anything serde reads), or from the environment.

use serde::{Deserialize, Deserializer};

use crate::auth::Secret;
use crate::client::ClientBuilder;
use crate::error::{Error, Result};
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
        ConfigFields::deserialize(deserializer).map(Self::from_fields)
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
        ConfigFields::from_vars(&mut vars.into_iter())
            .map(Self::from_fields)
            .map_err(Error::Config)
    }

    /// The settings the runtime read (from a file or from the environment).
    fn from_fields(fields: ConfigFields) -> Self {
        Self {
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
        }
    }

    /// The settings as the runtime applies them to a builder.
    fn fields(&self) -> ConfigFields {
        ConfigFields {
            region: self.region.clone(),
            base_url: self.base_url.clone(),
            login_base_url: self.login_base_url.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            access_token: self.access_token.clone(),
            timeout_secs: self.timeout_secs,
            connect_timeout_secs: self.connect_timeout_secs,
            retry: self.retry.clone(),
            proxy: self.proxy.clone(),
            max_response_bytes: self.max_response_bytes,
            max_stream_pages: self.max_stream_pages,
            user_agent: self.user_agent.clone(),
        }
    }
}

impl ClientBuilder {
    /// Applies the settings `config` has; the others keep their value.
    pub fn config(mut self, config: &ClientConfig) -> Result<Self> {
        self.inner.config(&config.fields()).map_err(Error::Config)?;
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
