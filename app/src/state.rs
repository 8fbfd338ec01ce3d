//! What every request handler can reach: storage, the hub, settings, limiters.

use crate::realtime::{BoardFeed, Hub};
use crate::settings::Settings;
use crate::storage::Storage;
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;

/// Shared application state, provided to server functions as Leptos context.
#[derive(Clone, Debug)]
pub struct AppState {
    pub storage: Storage,
    pub hub: Arc<Hub>,
    /// The supervisor board's live tally on this node.
    pub board: Arc<BoardFeed>,
    pub settings: Arc<Settings>,
    pub login_limiter: Arc<LoginLimiter>,
    /// Requests without a sign-in (the help centre, the widget), per client address.
    pub public_limiter: Arc<AddrLimiter>,
}

/// Requests per minute from one client address, allowed as a burst.
pub struct AddrLimiter(DefaultKeyedRateLimiter<IpAddr>);

impl std::fmt::Debug for AddrLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AddrLimiter")
    }
}

impl AddrLimiter {
    /// `per_minute` requests per address.
    pub fn new(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        AddrLimiter(RateLimiter::keyed(Quota::per_minute(n)))
    }

    /// Counts a request; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, addr: IpAddr) -> Result<(), u64> {
        let now = DefaultClock::default().now();
        self.0
            .check_key(&addr)
            .map_err(|nu| nu.wait_time_from(now).as_secs() + 1)
    }
}

/// Sign-in attempts per account and per client address.
pub struct LoginLimiter {
    per_account: DefaultKeyedRateLimiter<String>,
    per_addr: DefaultKeyedRateLimiter<IpAddr>,
}

impl std::fmt::Debug for LoginLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginLimiter")
    }
}

impl LoginLimiter {
    /// `per_account` and `per_addr` attempts per minute, each allowed as a burst.
    pub fn new(per_account: u32, per_addr: u32) -> Self {
        let quota =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        LoginLimiter {
            per_account: RateLimiter::keyed(quota(per_account)),
            per_addr: RateLimiter::keyed(quota(per_addr)),
        }
    }

    /// Counts an attempt; `Err(seconds)` says how long to wait when over the limit.
    pub fn check(&self, account: &str, addr: IpAddr) -> Result<(), u64> {
        let now = DefaultClock::default().now();
        let a = self.per_account.check_key(&account.trim().to_lowercase());
        let b = self.per_addr.check_key(&addr);
        let wait = [a.err(), b.err()]
            .into_iter()
            .flatten()
            .map(|nu| nu.wait_time_from(now).as_secs() + 1)
            .max();
        match wait {
            Some(secs) => Err(secs),
            None => Ok(()),
        }
    }
}

impl Default for LoginLimiter {
    fn default() -> Self {
        LoginLimiter::new(5, 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_limited_whatever_address_it_comes_from() {
        let l = LoginLimiter::new(3, 100);
        for i in 0..3 {
            assert!(l.check("Ana@x.test", IpAddr::from([10, 0, 0, i])).is_ok());
        }
        let wait = l
            .check("ana@x.test ", IpAddr::from([10, 0, 0, 9]))
            .unwrap_err();
        assert!((1..=61).contains(&wait), "wait {wait}");
        assert!(l.check("bo@x.test", IpAddr::from([10, 0, 0, 9])).is_ok());
    }

    #[test]
    fn public_requests_are_limited_per_address() {
        let l = AddrLimiter::new(2);
        let (a, b) = (
            IpAddr::from([198, 51, 100, 1]),
            IpAddr::from([198, 51, 100, 2]),
        );
        assert!(l.check(a).is_ok());
        assert!(l.check(a).is_ok());
        let wait = l.check(a).unwrap_err();
        assert!((1..=31).contains(&wait), "wait {wait}");
        assert!(l.check(b).is_ok());
    }

    #[test]
    fn an_address_is_limited_across_accounts() {
        let l = LoginLimiter::new(100, 2);
        let ip = IpAddr::from([192, 0, 2, 1]);
        assert!(l.check("a", ip).is_ok());
        assert!(l.check("b", ip).is_ok());
        assert!(l.check("c", ip).is_err());
    }
}
