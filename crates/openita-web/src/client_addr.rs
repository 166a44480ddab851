//! The address of the person at the other end, for rate limits and sign-in throttling.
//!
//! Behind a reverse proxy every request comes from the proxy, so the proxy's
//! `X-Forwarded-For` names the client. That header is believed only when the connection
//! comes from an address listed in `trusted_proxies` (`--trusted-proxy`): anyone else could
//! write any address into it and so pick their own rate-limit bucket. Of the header's list we
//! take the right-most address that is not itself a trusted proxy (the left-most entries are
//! whatever the client sent).

use crate::AppState;
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
};
use ipnet::IpNet;
use std::{
    convert::Infallible,
    net::{IpAddr, Ipv4Addr, SocketAddr},
};

/// The client's address as far as this server can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddr(pub IpAddr);

/// The client behind `peer`, given the request's `X-Forwarded-For` values and the proxies
/// we trust.
pub fn client_address<'a>(
    peer: IpAddr,
    forwarded_for: impl Iterator<Item = &'a str>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = forwarded_for
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) if is_trusted(&ip) => client = ip,
            Some(ip) => return ip,
            // A hop we cannot read: stop at the last address we could vouch for.
            None => return client,
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, possibly with a port or in brackets.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sock) = hop.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    hop.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .and_then(|h| h.parse().ok())
}

/// The client address of a request: the connection's peer, or whom a trusted proxy names.
pub fn of_request(parts: &Parts, trusted: &[IpNet]) -> IpAddr {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    client_address(peer, forwarded, trusted)
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        Ok(ClientAddr(of_request(parts, &state.config.trusted_proxies)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().filter_map(|n| n.parse().ok()).collect()
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let got = client_address(ip("198.51.100.9"), ["203.0.113.5"].into_iter(), &[]);
        assert_eq!(got, ip("198.51.100.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        let got = client_address(ip("10.0.0.2"), ["203.0.113.5"].into_iter(), &trusted);
        assert_eq!(got, ip("203.0.113.5"));
    }

    #[test]
    fn an_untrusted_peer_cannot_choose_its_address() {
        let trusted = nets(&["10.0.0.0/8"]);
        let got = client_address(ip("198.51.100.9"), ["203.0.113.5"].into_iter(), &trusted);
        assert_eq!(got, ip("198.51.100.9"));
    }

    #[test]
    fn addresses_the_client_wrote_itself_are_skipped() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real address.
        let trusted = nets(&["10.0.0.2/32"]);
        let got = client_address(
            ip("10.0.0.2"),
            ["1.2.3.4, 203.0.113.5"].into_iter(),
            &trusted,
        );
        assert_eq!(got, ip("203.0.113.5"));
        let chained = nets(&["10.0.0.0/8"]);
        let got = client_address(
            ip("10.0.0.2"),
            ["1.2.3.4", "203.0.113.5, 10.0.0.7"].into_iter(),
            &chained,
        );
        assert_eq!(got, ip("203.0.113.5"), "two proxies, two headers");
    }

    #[test]
    fn garbage_in_the_header_stops_at_the_proxy() {
        let trusted = nets(&["10.0.0.0/8"]);
        let got = client_address(ip("10.0.0.2"), ["not-an-ip"].into_iter(), &trusted);
        assert_eq!(got, ip("10.0.0.2"));
        let got = client_address(ip("10.0.0.2"), ["[2001:db8::1]"].into_iter(), &trusted);
        assert_eq!(got, ip("2001:db8::1"));
    }
}
