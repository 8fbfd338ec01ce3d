//! One clock for every countdown on the page: the server's time, advanced once
//! a second in the browser, so countdowns tick together and agree with the server.

use leptos::prelude::*;

/// The page's idea of now, in Unix milliseconds.
#[derive(Clone, Copy)]
pub struct Ticker {
    pub now: RwSignal<i64>,
    /// Server time minus browser time, learned from a listing.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    skew: StoredValue<i64>,
}

impl Ticker {
    /// Provides the ticker; in the browser it ticks every second.
    pub fn provide() -> Ticker {
        let t = Ticker {
            now: RwSignal::new(0),
            skew: StoredValue::new(0),
        };
        provide_context(t);
        #[cfg(feature = "hydrate")]
        {
            t.now.set(js_sys::Date::now() as i64);
            let handle = set_interval_with_handle(
                move || t.now.set(js_sys::Date::now() as i64 + t.skew.get_value()),
                std::time::Duration::from_secs(1),
            );
            on_cleanup(move || {
                if let Ok(h) = handle {
                    h.clear();
                }
            });
        }
        t
    }

    /// The ticker provided by the layout.
    pub fn expect() -> Ticker {
        expect_context::<Ticker>()
    }

    /// Learns the server's time from a response (its `now`).
    pub fn sync(&self, server_now: i64) {
        #[cfg(feature = "hydrate")]
        self.skew.set_value(server_now - js_sys::Date::now() as i64);
        self.now.set(server_now);
    }
}
