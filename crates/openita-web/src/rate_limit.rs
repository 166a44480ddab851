//! Limits on the public survey endpoints, keyed by client address AND survey link: 200 staff
//! behind one office IP answering their own agency's link all get through in minutes (a burst
//! of 300, then 5 a second), while one client hammering a link is slowed to that rate. Kept
//! in memory per instance (nothing here is stored or logged).

use crate::{
    AppState,
    error::{ApiError, ErrorInfo},
};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota};
use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    num::NonZeroU32,
};

pub struct SurveyLimiter(DefaultKeyedRateLimiter<(IpAddr, String)>);

impl SurveyLimiter {
    pub fn new(per_second: u32, burst: u32) -> Self {
        let quota = Quota::per_second(NonZeroU32::new(per_second).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        SurveyLimiter(DefaultKeyedRateLimiter::keyed(quota))
    }

    pub fn check(&self, ip: IpAddr, token: &str) -> bool {
        if self.0.len() > 100_000 {
            self.0.retain_recent();
        }
        self.0.check_key(&(ip, token.to_string())).is_ok()
    }
}

impl Default for SurveyLimiter {
    fn default() -> Self {
        SurveyLimiter::new(5, 300)
    }
}

/// The survey token of a public survey path (`/s/TOKEN`, `/api/v1/surveys/TOKEN/...`).
fn token_of(path: &str) -> &str {
    let rest = path
        .strip_prefix("/s/")
        .or_else(|| path.strip_prefix("/api/v1/surveys/"))
        .unwrap_or("");
    rest.split('/').next().unwrap_or("")
}

pub async fn limit_surveys(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if request.method() == axum::http::Method::POST
        && (path.starts_with("/s/") || path.starts_with("/api/v1/surveys/"))
    {
        let ip = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if !state
            .survey_limiter
            .check(ip, token_of(request.uri().path()))
        {
            let mut info = ErrorInfo::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "ส่งถี่เกินไป โปรดรอสักครู่แล้วส่งอีกครั้ง",
                "Too many submissions from here: wait a moment and send again.",
            );
            info.retry_after = Some(2);
            return ApiError(info).into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_hundred_colleagues_behind_one_ip_all_pass_but_a_flood_is_stopped() {
        let limiter = SurveyLimiter::default();
        let office: IpAddr = "203.0.113.7"
            .parse()
            .unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert!((0..200).all(|_| limiter.check(office, "agencyLink")));
        let flood = (0..1000)
            .filter(|_| limiter.check(office, "agencyLink"))
            .count();
        assert!(flood < 150, "{flood} more went through at once");
        assert!(
            limiter.check(office, "anotherAgency"),
            "another link is limited separately"
        );
    }

    #[test]
    fn tokens_are_read_from_both_survey_paths() {
        assert_eq!(token_of("/s/abc"), "abc");
        assert_eq!(token_of("/api/v1/surveys/abc/responses"), "abc");
    }
}
