//! Genesys Cloud regions: each has an API host (`api.<domain>`) and a login host
//! (`login.<domain>`).

use std::fmt;
use std::str::FromStr;

macro_rules! regions {
    ($($variant:ident => $name:literal, $domain:literal, $place:literal;)*) => {
        /// A Genesys Cloud region (an organization lives in exactly one).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Region {
            $(
                #[doc = concat!($place, ": `", $name, "`, `", $domain, "`")]
                $variant,
            )*
        }

        impl Region {
            /// Every region this version of the SDK knows.
            pub const ALL: &'static [Region] = &[$(Region::$variant),*];

            /// The AWS-style region name: `us-east-1`.
            pub const fn name(self) -> &'static str {
                match self { $(Self::$variant => $name,)* }
            }

            /// The region's domain: `mypurecloud.com`.
            pub const fn domain(self) -> &'static str {
                match self { $(Self::$variant => $domain,)* }
            }
        }
    };
}

regions! {
    UsEast1 => "us-east-1", "mypurecloud.com", "Americas (US East)";
    UsEast2 => "us-east-2", "use2.us-gov-pure.cloud", "Americas (US East 2, FedRAMP)";
    UsWest2 => "us-west-2", "usw2.pure.cloud", "Americas (US West)";
    CaCentral1 => "ca-central-1", "cac1.pure.cloud", "Americas (Canada)";
    MxCentral1 => "mx-central-1", "mxc1.pure.cloud", "Americas (Mexico)";
    SaEast1 => "sa-east-1", "sae1.pure.cloud", "Americas (São Paulo)";
    EuWest1 => "eu-west-1", "mypurecloud.ie", "EMEA (Dublin)";
    EuWest2 => "eu-west-2", "euw2.pure.cloud", "EMEA (London)";
    EuCentral1 => "eu-central-1", "mypurecloud.de", "EMEA (Frankfurt)";
    EuCentral2 => "eu-central-2", "euc2.pure.cloud", "EMEA (Zurich)";
    EuscDeEast1 => "eusc-de-east-1", "edee1.eusc-pure.cloud", "EMEA (EU Sovereign Cloud, Germany)";
    MeCentral1 => "me-central-1", "mec1.pure.cloud", "EMEA (UAE)";
    ApSouth1 => "ap-south-1", "aps1.pure.cloud", "Asia Pacific (Mumbai)";
    ApSoutheast1 => "ap-southeast-1", "apse1.pure.cloud", "Asia Pacific (Singapore)";
    ApSoutheast2 => "ap-southeast-2", "mypurecloud.com.au", "Asia Pacific (Sydney)";
    ApNortheast1 => "ap-northeast-1", "mypurecloud.jp", "Asia Pacific (Tokyo)";
    ApNortheast2 => "ap-northeast-2", "apne2.pure.cloud", "Asia Pacific (Seoul)";
    ApNortheast3 => "ap-northeast-3", "apne3.pure.cloud", "Asia Pacific (Osaka)";
}

impl Region {
    /// The API base URL: `https://api.mypurecloud.com`.
    pub fn api_base_url(self) -> String {
        format!("https://api.{}", self.domain())
    }

    /// The login (OAuth) base URL: `https://login.mypurecloud.com`.
    pub fn login_base_url(self) -> String {
        format!("https://login.{}", self.domain())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRegion(String);

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown Genesys Cloud region `{}`: use a name like `us-east-1` or a domain like `mypurecloud.de`",
            self.0
        )
    }
}

impl std::error::Error for UnknownRegion {}

impl FromStr for Region {
    type Err = UnknownRegion;

    /// Accepts the region name (`eu-central-1`), its domain (`mypurecloud.de`), or a host of it
    /// (`api.mypurecloud.de`, `https://login.mypurecloud.de`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim().to_ascii_lowercase();
        let t = t.strip_prefix("https://").unwrap_or(&t);
        let t = t.trim_end_matches('/');
        let t = t
            .strip_prefix("api.")
            .or_else(|| t.strip_prefix("login."))
            .unwrap_or(t);
        Region::ALL
            .iter()
            .copied()
            .find(|r| r.name() == t || r.domain() == t)
            .ok_or_else(|| UnknownRegion(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eighteen_regions_with_api_and_login_hosts() {
        assert_eq!(Region::ALL.len(), 18);
        assert_eq!(
            Region::EuCentral1.api_base_url(),
            "https://api.mypurecloud.de"
        );
        assert_eq!(
            Region::EuCentral1.login_base_url(),
            "https://login.mypurecloud.de"
        );
    }

    #[test]
    fn parses_names_domains_and_hosts() {
        assert_eq!("eu-central-1".parse(), Ok(Region::EuCentral1));
        assert_eq!("mypurecloud.de".parse(), Ok(Region::EuCentral1));
        assert_eq!("https://api.usw2.pure.cloud/".parse(), Ok(Region::UsWest2));
        assert!("moon-1".parse::<Region>().is_err());
    }
}
