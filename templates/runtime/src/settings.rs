//! A client's settings as a configuration file gives them. The SDK crate's `ClientConfig` is
//! read through [`ConfigFields`], so serde's reading code is compiled once, here.

use serde::Deserialize;

use crate::auth::Secret;

/// The retry settings of a client configuration (`ClientConfig::retry`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct RetryConfig {
    /// The most times one call sends its request (1: no retries).
    pub max_attempts: Option<u32>,
    /// The most time one call may spend, waits included, in seconds.
    pub budget_secs: Option<f64>,
    /// The first wait, in milliseconds.
    pub initial_backoff_ms: Option<u64>,
    /// The longest wait, in milliseconds.
    pub max_backoff_ms: Option<u64>,
}

/// The fields of the SDK crate's `ClientConfig`, one for one, as serde reads them: under its
/// name, for the formats that read a struct's name, and with its name in messages.
#[derive(Default, Deserialize)]
#[serde(
    default,
    deny_unknown_fields,
    rename = "ClientConfig",
    expecting = "struct ClientConfig"
)]
#[allow(missing_docs)]
pub struct ConfigFields {
    pub region: Option<String>,
    pub base_url: Option<String>,
    pub login_base_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub access_token: Option<Secret>,
    pub timeout_secs: Option<f64>,
    pub connect_timeout_secs: Option<f64>,
    pub retry: Option<RetryConfig>,
    pub proxy: Option<String>,
    pub max_response_bytes: Option<u64>,
    pub max_stream_pages: Option<usize>,
    pub user_agent: Option<String>,
}

impl ConfigFields {
    /// The settings the variables give (the SDK crate's `ClientConfig::from_vars` documents
    /// which); a failure is the text of a configuration error.
    pub fn from_vars(vars: &mut dyn Iterator<Item = (String, String)>) -> Result<Self, String> {
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
                    config.timeout_secs =
                        Some(value.parse().map_err(|_| {
                            format!("GENESYS_TIMEOUT_SECS is not a number: `{value}`")
                        })?);
                }
                _ => {}
            }
        }
        Ok(config)
    }
}
