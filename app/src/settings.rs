//! Application settings from `SWITCHBOARD_*` environment variables, with defaults
//! that run out of the box. Leptos's own site settings live in `Leptos.toml`.

use crate::engine::mood::MoodSettings;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

/// Every setting of a running Switchboard.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where to listen (`SWITCHBOARD_ADDR`, default `127.0.0.1:3000`).
    pub addr: SocketAddr,
    /// Folder of the SQLite file (`SWITCHBOARD_DATA_DIR`, default `data`).
    pub data_dir: PathBuf,
    /// `DATABASE_URL`: `postgres://…` selects PostgreSQL; otherwise the SQLite file in `data_dir`.
    pub database_url: Option<String>,
    /// `SWITCHBOARD_LOG` (tracing filter, default `info`).
    pub log: String,
    /// `SWITCHBOARD_SECURE_COOKIES` (`true` behind TLS; default `false`).
    pub secure_cookies: bool,
    /// `SWITCHBOARD_WIDGET_ORIGINS`: comma-separated origins allowed to embed the
    /// widget (default: the demo site's). None configured: only this server's own pages.
    pub widget_origins: Vec<String>,
    /// `SWITCHBOARD_WIDGET_SECRET` (default: a demo secret while the demo site
    /// runs, else none): the company's key for `user_hash = HMAC-SHA256(secret, user_id)`.
    pub widget_secret: Option<crate::auth::WidgetSecret>,
    /// `SWITCHBOARD_WIDGET_ENFORCE_IDENTITY` (default `false`): refuse identity
    /// claims without a valid `user_hash` instead of treating them as unverified.
    pub widget_enforce_identity: bool,
    /// `SWITCHBOARD_DEMO_SITE_ADDR` (default `127.0.0.1:3001`, `off` for none):
    /// where `serve` also runs the demo company's homepage with the widget on it.
    pub demo_site_addr: Option<SocketAddr>,
    /// `SWITCHBOARD_TRUSTED_PROXIES`: comma-separated proxy addresses whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// `SWITCHBOARD_SEED_DEMO` (default `true`): seed the demo company into an empty database.
    pub seed_demo: bool,
    /// `SWITCHBOARD_SENTIMENT_THRESHOLD` (default `-0.5`) and `SWITCHBOARD_SENTIMENT_WINDOW`
    /// (default `3`): alert when the rolling score of that many newest customer
    /// messages is at or below the threshold.
    pub mood: MoodSettings,
    /// `SWITCHBOARD_LOGIN_PER_MINUTE` (default `5,20`): sign-in attempts allowed
    /// per minute per account, then per client address.
    pub login_per_minute: (u32, u32),
    /// `SWITCHBOARD_PUBLIC_PER_MINUTE` (default `120`): requests without a
    /// sign-in (help centre, widget) allowed per minute per client address.
    pub public_per_minute: u32,
}

/// The demo site's widget secret (it signs the demo customer it knows):
/// configure a real one with `SWITCHBOARD_WIDGET_SECRET`.
pub const DEMO_WIDGET_SECRET: &str = "switchboard-demo-widget-secret";

/// A setting that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{name}: {message}")]
pub struct SettingsError {
    pub name: &'static str,
    pub message: String,
}

impl Settings {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let err = |name: &'static str, message: String| SettingsError { name, message };
        let addr = get("SWITCHBOARD_ADDR").unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr = addr.parse().map_err(|e| {
            err(
                "SWITCHBOARD_ADDR",
                format!("{addr:?} is not host:port ({e})"),
            )
        })?;
        let flag = |name: &'static str, default: bool| -> Result<bool, SettingsError> {
            match get(name).as_deref().map(str::trim) {
                None | Some("") => Ok(default),
                Some("1" | "true" | "yes" | "on") => Ok(true),
                Some("0" | "false" | "no" | "off") => Ok(false),
                Some(v) => Err(err(name, format!("{v:?} is not true or false"))),
            }
        };
        let list = |name: &str| -> Vec<String> {
            get(name)
                .map(|v| {
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default()
        };
        let trusted_proxies = list("SWITCHBOARD_TRUSTED_PROXIES")
            .into_iter()
            .map(|p| {
                p.parse().map_err(|_| {
                    err(
                        "SWITCHBOARD_TRUSTED_PROXIES",
                        format!("{p:?} is not an IP address"),
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        let defaults = MoodSettings::default();
        let threshold = match get("SWITCHBOARD_SENTIMENT_THRESHOLD") {
            None => defaults.threshold,
            Some(v) => v.trim().parse().map_err(|_| {
                err(
                    "SWITCHBOARD_SENTIMENT_THRESHOLD",
                    format!("{v:?} is not a number"),
                )
            })?,
        };
        let window = match get("SWITCHBOARD_SENTIMENT_WINDOW") {
            None => defaults.window,
            Some(v) => v.trim().parse().map_err(|_| {
                err(
                    "SWITCHBOARD_SENTIMENT_WINDOW",
                    format!("{v:?} is not a whole number"),
                )
            })?,
        };
        let mood = MoodSettings { threshold, window };
        mood.validate().map_err(|m| {
            let name = if m.starts_with("The threshold") {
                "SWITCHBOARD_SENTIMENT_THRESHOLD"
            } else {
                "SWITCHBOARD_SENTIMENT_WINDOW"
            };
            err(name, m)
        })?;
        let login_per_minute = match get("SWITCHBOARD_LOGIN_PER_MINUTE") {
            None => (5, 20),
            Some(v) => v
                .split_once(',')
                .and_then(|(a, b)| Some((a.trim().parse().ok()?, b.trim().parse().ok()?)))
                .filter(|(a, b): &(u32, u32)| *a > 0 && *b > 0)
                .ok_or_else(|| {
                    err(
                        "SWITCHBOARD_LOGIN_PER_MINUTE",
                        format!("{v:?} is not two positive whole numbers, per account and per address, like 5,20"),
                    )
                })?,
        };
        let public_per_minute = match get("SWITCHBOARD_PUBLIC_PER_MINUTE") {
            None => 120,
            Some(v) => v.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                err(
                    "SWITCHBOARD_PUBLIC_PER_MINUTE",
                    format!("{v:?} is not a positive whole number"),
                )
            })?,
        };
        let demo_site_addr = match get("SWITCHBOARD_DEMO_SITE_ADDR").as_deref().map(str::trim) {
            None => Some(SocketAddr::from(([127, 0, 0, 1], 3001))),
            Some("off" | "") => None,
            Some(v) => Some(v.parse().map_err(|e| {
                err(
                    "SWITCHBOARD_DEMO_SITE_ADDR",
                    format!("{v:?} is not host:port or off ({e})"),
                )
            })?),
        };
        Ok(Settings {
            addr,
            data_dir: get("SWITCHBOARD_DATA_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("data")),
            database_url: get("DATABASE_URL").filter(|s| !s.trim().is_empty()),
            log: get("SWITCHBOARD_LOG").unwrap_or_else(|| "info".into()),
            secure_cookies: flag("SWITCHBOARD_SECURE_COOKIES", false)?,
            widget_origins: match get("SWITCHBOARD_WIDGET_ORIGINS") {
                Some(_) => list("SWITCHBOARD_WIDGET_ORIGINS"),
                None => demo_site_addr
                    .map(|a| vec![format!("http://{a}")])
                    .unwrap_or_default(),
            },
            widget_secret: match get("SWITCHBOARD_WIDGET_SECRET") {
                Some(v) => crate::auth::WidgetSecret::new(&v),
                None => {
                    demo_site_addr.and_then(|_| crate::auth::WidgetSecret::new(DEMO_WIDGET_SECRET))
                }
            },
            widget_enforce_identity: flag("SWITCHBOARD_WIDGET_ENFORCE_IDENTITY", false)?,
            demo_site_addr,
            trusted_proxies,
            seed_demo: flag("SWITCHBOARD_SEED_DEMO", true)?,
            mood,
            login_per_minute,
            public_per_minute,
        })
    }

    /// The database to open: `DATABASE_URL`, or `switchboard.db` in the data folder.
    pub fn database(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            self.data_dir
                .join("switchboard.db")
                .to_string_lossy()
                .into_owned()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn from(pairs: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_out_of_the_box_on_sqlite() {
        let s = from(&[]).unwrap();
        assert_eq!(s.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(s.database(), "data/switchboard.db");
        assert!(!s.secure_cookies);
        assert!(s.seed_demo);
    }

    #[test]
    fn database_url_overrides_the_sqlite_file() {
        let s = from(&[
            ("DATABASE_URL", "postgres://127.0.0.1/test"),
            ("SWITCHBOARD_DATA_DIR", "/x"),
        ])
        .unwrap();
        assert_eq!(s.database(), "postgres://127.0.0.1/test");
    }

    #[test]
    fn bad_values_name_the_variable() {
        let e = from(&[("SWITCHBOARD_ADDR", "nowhere")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_ADDR");
        let e = from(&[("SWITCHBOARD_SECURE_COOKIES", "maybe")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_SECURE_COOKIES");
        let e = from(&[("SWITCHBOARD_TRUSTED_PROXIES", "10.0.0.1, proxy")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_TRUSTED_PROXIES");
        let e = from(&[("SWITCHBOARD_SENTIMENT_THRESHOLD", "-3")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_SENTIMENT_THRESHOLD");
        let e = from(&[("SWITCHBOARD_SENTIMENT_WINDOW", "three")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_SENTIMENT_WINDOW");
        let e = from(&[("SWITCHBOARD_SENTIMENT_WINDOW", "0")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_SENTIMENT_WINDOW");
        let s = from(&[("SWITCHBOARD_SENTIMENT_THRESHOLD", "-0.3")]).unwrap();
        assert_eq!(s.mood.threshold, -0.3);
        assert_eq!(s.login_per_minute, (5, 20));
        let s = from(&[("SWITCHBOARD_LOGIN_PER_MINUTE", " 100, 400 ")]).unwrap();
        assert_eq!(s.login_per_minute, (100, 400));
        assert_eq!(s.public_per_minute, 120);
        let s = from(&[("SWITCHBOARD_PUBLIC_PER_MINUTE", "600")]).unwrap();
        assert_eq!(s.public_per_minute, 600);
        let e = from(&[("SWITCHBOARD_PUBLIC_PER_MINUTE", "0")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_PUBLIC_PER_MINUTE");
        for bad in ["5", "0,20", "five,20"] {
            let e = from(&[("SWITCHBOARD_LOGIN_PER_MINUTE", bad)]).unwrap_err();
            assert_eq!(e.name, "SWITCHBOARD_LOGIN_PER_MINUTE");
        }
    }

    #[test]
    fn the_demo_site_may_embed_the_widget_unless_origins_are_set() {
        let s = from(&[]).unwrap();
        assert_eq!(
            s.demo_site_addr,
            Some(SocketAddr::from(([127, 0, 0, 1], 3001)))
        );
        assert_eq!(s.widget_origins, vec!["http://127.0.0.1:3001"]);
        let s = from(&[("SWITCHBOARD_DEMO_SITE_ADDR", "off")]).unwrap();
        assert_eq!((s.demo_site_addr, s.widget_origins.len()), (None, 0));
        let s = from(&[
            ("SWITCHBOARD_DEMO_SITE_ADDR", "127.0.0.1:4001"),
            ("SWITCHBOARD_WIDGET_ORIGINS", "https://rentals.example"),
        ])
        .unwrap();
        assert_eq!(s.widget_origins, vec!["https://rentals.example"]);
        assert!(
            from(&[]).unwrap().widget_secret.is_some(),
            "the demo site signs its customer"
        );
        let s = from(&[
            ("SWITCHBOARD_WIDGET_SECRET", "s3cret"),
            ("SWITCHBOARD_WIDGET_ENFORCE_IDENTITY", "true"),
        ])
        .unwrap();
        assert!(!s.widget_secret.as_ref().unwrap().verifies("u1", "9f0d1b2a"));
        assert!(s.widget_enforce_identity);
        let e = from(&[("SWITCHBOARD_DEMO_SITE_ADDR", "nowhere")]).unwrap_err();
        assert_eq!(e.name, "SWITCHBOARD_DEMO_SITE_ADDR");
    }

    #[test]
    fn lists_are_split_and_trimmed() {
        let s = from(&[(
            "SWITCHBOARD_WIDGET_ORIGINS",
            "https://a.example, https://b.example,",
        )])
        .unwrap();
        assert_eq!(
            s.widget_origins,
            vec!["https://a.example", "https://b.example"]
        );
    }
}
