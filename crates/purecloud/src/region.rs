//! PureCloud's regions: the API host is `api.<domain>`, the login host `login.<domain>`.

use std::fmt;
use std::str::FromStr;

macro_rules! regions {
    ($($variant:ident => $domain:literal,)*) => {
        /// A PureCloud (Genesys Cloud) region, named after its domain.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

    #[test]
    fn ten_regions_round_trip_through_their_domain() {
        assert_eq!(Region::ALL.len(), 10);
        for region in Region::ALL {
            assert_eq!(region.domain().parse::<Region>(), Ok(*region));
            assert_eq!(region.api_url(), format!("https://api.{}", region.domain()));
            assert_eq!(
                region.token_url(),
                format!("https://login.{}/oauth/token", region.domain())
            );
        }
    }
}
