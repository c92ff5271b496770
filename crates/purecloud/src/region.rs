//! PureCloud's regions: the API host is `api.<domain>`, the login host `login.<domain>`.

use std::fmt;
use std::str::FromStr;

macro_rules! regions {
    ($($variant:ident => $domain:literal,)*) => {
        /// A PureCloud (Genesys Cloud) region, named after its domain.
        ///
        /// `#[non_exhaustive]`: Genesys opens regions, and a new one is a minor release.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Region {
            $(
                #[doc = concat!("`", $domain, "`")]
                $variant,
            )*
        }

        impl Region {
            /// Every region.
            pub const ALL: &'static [Region] = &[$(Self::$variant),*];

            /// The region's domain, e.g. `mypurecloud.ie`.
            pub fn domain(self) -> &'static str {
                match self {
                    $(Self::$variant => $domain,)*
                }
            }

            /// The API base URL, e.g. `https://api.mypurecloud.ie`.
            pub fn api_url(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!("https://api.", $domain),)*
                }
            }

            /// The OAuth token endpoint, e.g. `https://login.mypurecloud.ie/oauth/token`.
            pub fn token_url(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!("https://login.", $domain, "/oauth/token"),)*
                }
            }
        }
    };
}

regions! {
    MypurecloudCom => "mypurecloud.com",
    MypurecloudIe => "mypurecloud.ie",
    MypurecloudDe => "mypurecloud.de",
    MypurecloudComAu => "mypurecloud.com.au",
    MypurecloudJp => "mypurecloud.jp",
    Usw2PureCloud => "usw2.pure.cloud",
    Cac1PureCloud => "cac1.pure.cloud",
    Euw2PureCloud => "euw2.pure.cloud",
    Aps1PureCloud => "aps1.pure.cloud",
    Apne2PureCloud => "apne2.pure.cloud",
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.domain())
    }
}

/// Parses a region from its domain (`mypurecloud.de`, `usw2.pure.cloud`, ...).
impl FromStr for Region {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        Region::ALL
            .iter()
            .copied()
            .find(|r| r.domain() == wanted)
            .ok_or_else(|| {
                format!("unknown PureCloud region `{s}`: use a domain such as mypurecloud.com")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Region;

    /// Each region's hosts as the provider publishes them (API `api.<region>`, login
    /// `login.<region>`), written out rather than built from the domains above, so that a
    /// mistyped domain fails here.
    const PUBLISHED: [(Region, &str, &str, &str); 10] = [
        (
            Region::MypurecloudCom,
            "mypurecloud.com",
            "https://api.mypurecloud.com",
            "https://login.mypurecloud.com/oauth/token",
        ),
        (
            Region::MypurecloudIe,
            "mypurecloud.ie",
            "https://api.mypurecloud.ie",
            "https://login.mypurecloud.ie/oauth/token",
        ),
        (
            Region::MypurecloudDe,
            "mypurecloud.de",
            "https://api.mypurecloud.de",
            "https://login.mypurecloud.de/oauth/token",
        ),
        (
            Region::MypurecloudComAu,
            "mypurecloud.com.au",
            "https://api.mypurecloud.com.au",
            "https://login.mypurecloud.com.au/oauth/token",
        ),
        (
            Region::MypurecloudJp,
            "mypurecloud.jp",
            "https://api.mypurecloud.jp",
            "https://login.mypurecloud.jp/oauth/token",
        ),
        (
            Region::Usw2PureCloud,
            "usw2.pure.cloud",
            "https://api.usw2.pure.cloud",
            "https://login.usw2.pure.cloud/oauth/token",
        ),
        (
            Region::Cac1PureCloud,
            "cac1.pure.cloud",
            "https://api.cac1.pure.cloud",
            "https://login.cac1.pure.cloud/oauth/token",
        ),
        (
            Region::Euw2PureCloud,
            "euw2.pure.cloud",
            "https://api.euw2.pure.cloud",
            "https://login.euw2.pure.cloud/oauth/token",
        ),
        (
            Region::Aps1PureCloud,
            "aps1.pure.cloud",
            "https://api.aps1.pure.cloud",
            "https://login.aps1.pure.cloud/oauth/token",
        ),
        (
            Region::Apne2PureCloud,
            "apne2.pure.cloud",
            "https://api.apne2.pure.cloud",
            "https://login.apne2.pure.cloud/oauth/token",
        ),
    ];

    #[test]
    fn every_region_has_its_published_hosts() {
        assert_eq!(Region::ALL.len(), PUBLISHED.len());
        for (region, domain, api, token) in PUBLISHED {
            assert!(Region::ALL.contains(&region), "{region:?}");
            assert_eq!(region.domain(), domain);
            assert_eq!(region.to_string(), domain);
            assert_eq!(region.api_url(), api);
            assert_eq!(region.token_url(), token);
            assert_eq!(domain.parse::<Region>(), Ok(region));
        }
    }
}
