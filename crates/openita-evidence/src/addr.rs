//! Address classification and URL validation: the SSRF guard.
//!
//! Evidence URLs are typed in by agency staff, so the checker must never be
//! usable to probe the network it runs in. Every URL, and every redirect hop,
//! goes through [`AddressPolicy::validate_url`]; every host name is resolved by
//! [`crate::checker`]'s guarded resolver, which refuses the whole name if *any*
//! of its addresses is non-public (see [`blocked_class`]).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};
use url::{Host, Url};

/// Why an address is not a public unicast Internet address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddrClass {
    /// `0.0.0.0/8`, `::`.
    Unspecified,
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// RFC 1918: `10/8`, `172.16/12`, `192.168/16`.
    Private,
    /// Carrier-grade NAT shared space `100.64/10`.
    SharedCgnat,
    /// `169.254/16`, `fe80::/10` (includes the cloud metadata address 169.254.169.254).
    LinkLocal,
    /// IPv6 unique-local `fc00::/7` (and the deprecated site-local `fec0::/10`).
    UniqueLocal,
    /// `224/4`, `ff00::/8`.
    Multicast,
    /// `255.255.255.255`.
    Broadcast,
    /// Documentation ranges: `192.0.2/24`, `198.51.100/24`, `203.0.113/24`, `2001:db8::/32`.
    Documentation,
    /// Other special-purpose space: `192.0.0/24`, `198.18/15`, `240/4`, `100::/64`,
    /// IPv4-compatible `::/96`.
    Reserved,
}

impl AddrClass {
    /// Short English description used in [`crate::Finding::detail`].
    #[must_use]
    pub fn describe(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified address",
            Self::Loopback => "loopback address",
            Self::Private => "private network address",
            Self::SharedCgnat => "carrier-grade NAT address",
            Self::LinkLocal => "link-local address",
            Self::UniqueLocal => "IPv6 unique-local address",
            Self::Multicast => "multicast address",
            Self::Broadcast => "broadcast address",
            Self::Documentation => "documentation-only address",
            Self::Reserved => "reserved address",
        }
    }
}

impl fmt::Display for AddrClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// `None` when `ip` is a public unicast address the checker may connect to;
/// otherwise the reason it must be refused. IPv4-mapped (`::ffff:a.b.c.d`),
/// IPv4-compatible (`::a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`)
/// IPv6 addresses are judged by the IPv4 address they embed.
#[must_use]
pub fn blocked_class(ip: IpAddr) -> Option<AddrClass> {
    match ip {
        IpAddr::V4(v4) => v4_class(v4),
        IpAddr::V6(v6) => v6_class(v6),
    }
}

/// Convenience: `true` when [`blocked_class`] is `None`.
#[must_use]
pub fn is_public(ip: IpAddr) -> bool {
    blocked_class(ip).is_none()
}

fn v4_class(ip: Ipv4Addr) -> Option<AddrClass> {
    let o = ip.octets();
    match o {
        [0, ..] => Some(AddrClass::Unspecified),
        [10, ..] => Some(AddrClass::Private),
        [100, b, ..] if (64..=127).contains(&b) => Some(AddrClass::SharedCgnat),
        [127, ..] => Some(AddrClass::Loopback),
        [169, 254, ..] => Some(AddrClass::LinkLocal),
        [172, b, ..] if (16..=31).contains(&b) => Some(AddrClass::Private),
        [192, 168, ..] => Some(AddrClass::Private),
        [192, 0, 0, _] => Some(AddrClass::Reserved),
        [192, 0, 2, _] | [198, 51, 100, _] | [203, 0, 113, _] => Some(AddrClass::Documentation),
        [198, 18 | 19, ..] => Some(AddrClass::Reserved),
        [255, 255, 255, 255] => Some(AddrClass::Broadcast),
        [224..=239, ..] => Some(AddrClass::Multicast),
        [240..=255, ..] => Some(AddrClass::Reserved),
        _ => None,
    }
}

fn embedded_v4(hi: u16, lo: u16) -> Ipv4Addr {
    let [a, b] = hi.to_be_bytes();
    let [c, d] = lo.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

fn v6_class(ip: Ipv6Addr) -> Option<AddrClass> {
    if ip.is_unspecified() {
        return Some(AddrClass::Unspecified);
    }
    if ip.is_loopback() {
        return Some(AddrClass::Loopback);
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_class(v4);
    }
    let s = ip.segments();
    // IPv4-compatible ::a.b.c.d (deprecated, never legitimately routed).
    if s[..6].iter().all(|&x| x == 0) {
        return Some(v4_class(embedded_v4(s[6], s[7])).unwrap_or(AddrClass::Reserved));
    }
    // NAT64 well-known prefix 64:ff9b::/96: a gateway would forward to the embedded IPv4.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return v4_class(embedded_v4(s[6], s[7]));
    }
    // 6to4 2002:AABB:CCDD::/48 embeds AA.BB.CC.DD.
    if s[0] == 0x2002 {
        return v4_class(embedded_v4(s[1], s[2]));
    }
    if s[0] & 0xffc0 == 0xfe80 {
        return Some(AddrClass::LinkLocal);
    }
    if s[0] & 0xffc0 == 0xfec0 || s[0] & 0xfe00 == 0xfc00 {
        return Some(AddrClass::UniqueLocal);
    }
    if s[0] & 0xff00 == 0xff00 {
        return Some(AddrClass::Multicast);
    }
    if s[0] == 0x2001 && s[1] == 0x0db8 {
        return Some(AddrClass::Documentation);
    }
    if s[..4] == [0x0100, 0, 0, 0] {
        return Some(AddrClass::Reserved);
    }
    None
}

/// Why a URL is refused before any connection is made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlProblem {
    #[error("not a valid URL ({0})")]
    Unparseable(String),
    #[error("missing http:// or https:// at the start of the link")]
    NoScheme,
    #[error("only http and https links can be checked, not {0}:")]
    Scheme(String),
    #[error("the link has no host name")]
    NoHost,
    #[error("links with a user name or password in them are not accepted")]
    Credentials,
    #[error("port {0} is not allowed (only 80 and 443)")]
    Port(u16),
    #[error("{0} is a {1}, not a public web site")]
    Address(IpAddr, AddrClass),
}

/// Which destinations the checker may contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Allow every address class and every port (tests, intranet deployments).
    pub allow_private: bool,
    /// Individual addresses allowed despite being non-public (e.g. a test
    /// server on 127.0.0.1). A URL whose host is literally one of these may
    /// also use any port. Every other non-public address stays refused.
    pub allowed_addrs: Vec<IpAddr>,
}

impl AddressPolicy {
    /// Production policy: public addresses, ports 80/443 only.
    #[must_use]
    pub fn strict() -> Self {
        Self::default()
    }

    /// `Err(class)` when the checker must not connect to `ip`.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), AddrClass> {
        if self.allow_private || self.allowed_addrs.contains(&ip) {
            return Ok(());
        }
        match blocked_class(ip) {
            Some(class) => Err(class),
            None => Ok(()),
        }
    }

    /// Parse and vet an evidence URL (leading/trailing white space is ignored).
    /// Host *names* are vetted later, at resolution time, because only then are
    /// the addresses known; IP-literal hosts (in any notation the URL standard
    /// accepts, e.g. `http://2130706433/` or `http://0x7f.1/`) are vetted here.
    pub fn validate_url(&self, input: &str) -> Result<Url, UrlProblem> {
        let url = match Url::parse(input.trim()) {
            Ok(u) => u,
            Err(url::ParseError::RelativeUrlWithoutBase) => return Err(UrlProblem::NoScheme),
            Err(url::ParseError::EmptyHost) => return Err(UrlProblem::NoHost),
            Err(e) => return Err(UrlProblem::Unparseable(e.to_string())),
        };
        self.validate_parsed(&url)?;
        Ok(url)
    }

    /// Same checks as [`Self::validate_url`] on an already-parsed URL
    /// (used for redirect targets).
    pub fn validate_parsed(&self, url: &Url) -> Result<(), UrlProblem> {
        match url.scheme() {
            "http" | "https" => {}
            other => return Err(UrlProblem::Scheme(other.to_owned())),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(UrlProblem::Credentials);
        }
        let literal = match url.host() {
            None => return Err(UrlProblem::NoHost),
            Some(Host::Domain("")) => return Err(UrlProblem::NoHost),
            Some(Host::Domain(_)) => None,
            Some(Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
            Some(Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
        };
        if let Some(ip) = literal {
            self.check_ip(ip)
                .map_err(|class| UrlProblem::Address(ip, class))?;
        }
        if let Some(port) = url.port()
            && port != 80
            && port != 443
            && !self.allow_private
            && !literal.is_some_and(|ip| self.allowed_addrs.contains(&ip))
        {
            return Err(UrlProblem::Port(port));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> Option<AddrClass> {
        blocked_class(IpAddr::V4(s.parse().unwrap_or(Ipv4Addr::BROADCAST)))
    }
    fn v6(s: &str) -> Option<AddrClass> {
        blocked_class(IpAddr::V6(s.parse().unwrap_or(Ipv6Addr::UNSPECIFIED)))
    }

    #[test]
    fn ipv4_ranges() {
        use AddrClass::*;
        let cases: &[(&str, Option<AddrClass>)] = &[
            ("0.0.0.0", Some(Unspecified)),
            ("0.1.2.3", Some(Unspecified)),
            ("10.0.0.1", Some(Private)),
            ("10.255.255.255", Some(Private)),
            ("11.0.0.1", None),
            ("100.63.255.255", None),
            ("100.64.0.0", Some(SharedCgnat)),
            ("100.127.255.255", Some(SharedCgnat)),
            ("100.128.0.0", None),
            ("127.0.0.1", Some(Loopback)),
            ("127.255.0.9", Some(Loopback)),
            ("169.254.169.254", Some(LinkLocal)),
            ("169.253.1.1", None),
            ("172.15.255.255", None),
            ("172.16.0.1", Some(Private)),
            ("172.31.255.255", Some(Private)),
            ("172.32.0.0", None),
            ("192.168.1.1", Some(Private)),
            ("192.169.0.1", None),
            ("192.0.0.8", Some(Reserved)),
            ("192.0.2.1", Some(Documentation)),
            ("198.51.100.7", Some(Documentation)),
            ("203.0.113.9", Some(Documentation)),
            ("198.18.0.1", Some(Reserved)),
            ("198.20.0.1", None),
            ("224.0.0.1", Some(Multicast)),
            ("239.255.255.250", Some(Multicast)),
            ("240.0.0.1", Some(Reserved)),
            ("255.255.255.255", Some(Broadcast)),
            ("8.8.8.8", None),
            ("164.115.1.1", None),
            ("1.1.1.1", None),
        ];
        for (addr, want) in cases {
            assert_eq!(v4(addr), *want, "{addr}");
        }
    }

    #[test]
    fn ipv6_ranges() {
        use AddrClass::*;
        let cases: &[(&str, Option<AddrClass>)] = &[
            ("::", Some(Unspecified)),
            ("::1", Some(Loopback)),
            ("fe80::1", Some(LinkLocal)),
            ("febf:ffff::1", Some(LinkLocal)),
            ("fec0::1", Some(UniqueLocal)),
            ("fc00::1", Some(UniqueLocal)),
            ("fd12:3456::1", Some(UniqueLocal)),
            ("ff02::1", Some(Multicast)),
            ("ff05::1:3", Some(Multicast)),
            ("2001:db8::1", Some(Documentation)),
            ("100::1", Some(Reserved)),
            ("2606:4700:4700::1111", None),
            ("2001:4860:4860::8888", None),
            // IPv4-mapped: judged by the embedded IPv4 address.
            ("::ffff:127.0.0.1", Some(Loopback)),
            ("::ffff:7f00:1", Some(Loopback)),
            ("::ffff:10.1.2.3", Some(Private)),
            ("::ffff:169.254.169.254", Some(LinkLocal)),
            ("::ffff:192.168.0.1", Some(Private)),
            ("::ffff:100.64.1.1", Some(SharedCgnat)),
            ("::ffff:0.0.0.0", Some(Unspecified)),
            ("::ffff:224.0.0.1", Some(Multicast)),
            ("::ffff:8.8.8.8", None),
            // IPv4-compatible (deprecated): always refused.
            ("::127.0.0.1", Some(Loopback)),
            ("::8.8.8.8", Some(Reserved)),
            // NAT64 and 6to4 embed an IPv4 address.
            ("64:ff9b::10.0.0.1", Some(Private)),
            ("64:ff9b::8.8.8.8", None),
            ("2002:7f00:0001::1", Some(Loopback)),
            ("2002:a9fe:a9fe::1", Some(LinkLocal)),
            ("2002:0808:0808::1", None),
        ];
        for (addr, want) in cases {
            assert_eq!(v6(addr), *want, "{addr}");
        }
    }

    #[test]
    fn url_validation() {
        let p = AddressPolicy::strict();
        assert!(p.validate_url("https://www.example.go.th/ita/o12").is_ok());
        assert!(p.validate_url("  http://example.go.th:80/x \n").is_ok());
        assert!(p.validate_url("http://example.go.th:443/x").is_ok());
        assert!(p.validate_url("https://xn--12c1fe0br.xn--o3cw4h/").is_ok());
        assert!(p.validate_url("https://ตัวอย่าง.ไทย/หน้า").is_ok());
        assert!(matches!(
            p.validate_url("ftp://example.go.th/file.pdf"),
            Err(UrlProblem::Scheme(s)) if s == "ftp"
        ));
        assert!(matches!(
            p.validate_url("javascript:alert(1)"),
            Err(UrlProblem::Scheme(s)) if s == "javascript"
        ));
        assert!(matches!(
            p.validate_url("file:///etc/passwd"),
            Err(UrlProblem::Scheme(_))
        ));
        assert!(matches!(
            p.validate_url("mailto:a@b.go.th"),
            Err(UrlProblem::Scheme(_))
        ));
        assert!(matches!(
            p.validate_url("data:text/html,hi"),
            Err(UrlProblem::Scheme(_))
        ));
        assert_eq!(p.validate_url("http://"), Err(UrlProblem::NoHost));
        assert_eq!(p.validate_url("https://:443/x"), Err(UrlProblem::NoHost));
        assert_eq!(
            p.validate_url("www.example.go.th/ita"),
            Err(UrlProblem::NoScheme)
        );
        assert_eq!(p.validate_url(""), Err(UrlProblem::NoScheme));
        assert!(matches!(
            p.validate_url("http://exa mple.com/"),
            Err(UrlProblem::Unparseable(_))
        ));
        assert_eq!(
            p.validate_url("http://user:pw@example.go.th/"),
            Err(UrlProblem::Credentials)
        );
        assert_eq!(
            p.validate_url("http://example.go.th:8080/"),
            Err(UrlProblem::Port(8080))
        );
        assert_eq!(
            p.validate_url("https://example.go.th:22/"),
            Err(UrlProblem::Port(22))
        );
    }

    #[test]
    fn url_ip_literals_in_every_spelling() {
        let p = AddressPolicy::strict();
        for bad in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0177.0.0.1/",
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[fe80::1]/",
            "http://[fd00::1]/",
            "http://0.0.0.0/",
            "http://100.64.0.1/",
            "http://224.0.0.1/",
        ] {
            assert!(
                matches!(p.validate_url(bad), Err(UrlProblem::Address(..))),
                "{bad}: {:?}",
                p.validate_url(bad)
            );
        }
        assert!(p.validate_url("http://8.8.8.8/").is_ok());
        assert!(p.validate_url("http://[2606:4700:4700::1111]/").is_ok());
    }

    #[test]
    fn policy_exceptions() {
        let loopback = IpAddr::V4(Ipv4Addr::LOCALHOST);
        let p = AddressPolicy {
            allow_private: false,
            allowed_addrs: vec![loopback],
        };
        assert!(p.validate_url("http://127.0.0.1:8123/x").is_ok());
        assert!(matches!(
            p.validate_url("http://127.0.0.2/x"),
            Err(UrlProblem::Address(..))
        ));
        assert!(matches!(
            p.validate_url("http://10.0.0.1/"),
            Err(UrlProblem::Address(..))
        ));
        assert_eq!(
            p.validate_url("http://example.go.th:8123/"),
            Err(UrlProblem::Port(8123))
        );
        let open = AddressPolicy {
            allow_private: true,
            allowed_addrs: vec![],
        };
        assert!(open.validate_url("http://10.0.0.1:8080/").is_ok());
        assert!(matches!(
            open.validate_url("gopher://10.0.0.1/"),
            Err(UrlProblem::Scheme(_))
        ));
    }
}
