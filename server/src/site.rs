//! Leptos site settings, read at run time from `Leptos.toml` (so a deployed binary
//! needs no `Cargo.toml`), with `LEPTOS_*` environment variables layered on top.

use leptos::config::LeptosOptions;
use std::path::Path;

/// Where the site settings are read from, unless `SWITCHBOARD_LEPTOS_TOML` says otherwise.
pub const DEFAULT_PATH: &str = "Leptos.toml";

/// Parses `Leptos.toml` text (top-level keys, as in `[[workspace.metadata.leptos]]`).
pub fn parse(text: &str) -> anyhow::Result<LeptosOptions> {
    let text = format!("[package.metadata.leptos]\n{text}");
    leptos::config::get_config_from_str(&text).map_err(|e| anyhow::anyhow!("Leptos.toml: {e}"))
}

/// Reads the site settings from `path`.
pub fn load(path: &Path) -> anyhow::Result<LeptosOptions> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        anyhow::anyhow!(
            "cannot read {}: {e} (run from the project folder or set SWITCHBOARD_LEPTOS_TOML)",
            path.display()
        )
    })?;
    parse(&text)
}
