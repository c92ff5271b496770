//! PingOne's regional API hosts.

use std::fmt;
use std::str::FromStr;

/// A PingOne region: each has its own API host (`api.pingone.<tld>/v1`) and token host.
///
/// `#[non_exhaustive]`: PingOne opens regions, and a new one is a minor release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// api.pingone.com
    NorthAmerica,
    /// api.pingone.eu
    Europe,
    /// api.pingone.asia
    AsiaPacific,
    /// api.pingone.ca
    Canada,
}

impl Region {
    /// Every region (a slice, not an array: its length grows with a new region).
    pub const ALL: &'static [Region] = &[
        Self::NorthAmerica,
        Self::Europe,
        Self::AsiaPacific,
        Self::Canada,
    ];

    /// The top-level domain of the region's hosts.
    pub fn tld(self) -> &'static str {
        match self {
            Self::NorthAmerica => "com",
            Self::Europe => "eu",
            Self::AsiaPacific => "asia",
            Self::Canada => "ca",
        }
    }

    /// The management API base URL, with its `/v1` prefix.
    pub fn api_url(self) -> &'static str {
        match self {
            Self::NorthAmerica => "https://api.pingone.com/v1",
            Self::Europe => "https://api.pingone.eu/v1",
            Self::AsiaPacific => "https://api.pingone.asia/v1",
            Self::Canada => "https://api.pingone.ca/v1",
        }
    }

    /// The OAuth token endpoint of a worker app in `environment_id`.
    pub fn token_url(self, environment_id: &str) -> String {
        format!(
            "https://auth.pingone.{}/{environment_id}/as/token",
            self.tld()
        )
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tld())
    }
}

/// Parses a region from its domain (`com`, `eu`, `asia`, `ca`) or name (`north-america`, ...).
impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "com" | "na" | "north-america" | "northamerica" => Ok(Self::NorthAmerica),
            "eu" | "europe" => Ok(Self::Europe),
            "asia" | "ap" | "asia-pacific" | "asiapacific" => Ok(Self::AsiaPacific),
            "ca" | "canada" => Ok(Self::Canada),
            other => Err(format!(
                "unknown PingOne region `{other}` (com, eu, asia, ca)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Region;

    #[test]
    fn every_region_parses_from_its_domain() {
        for &region in Region::ALL {
            assert_eq!(region.to_string().parse::<Region>(), Ok(region));
            assert!(region.api_url().ends_with("/v1"));
        }
        assert!("mars".parse::<Region>().is_err());
    }
}
