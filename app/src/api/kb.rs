//! The knowledge base: the public help centre's reads (no sign-in, limited
//! per client address) and the admin editor's list and save.

mod admin_kb;
mod help_index;
mod help_page;
mod save_article;

pub use admin_kb::{admin_kb, AdminKb};
pub use help_index::{help_index, HelpIndex, HelpIndexPage};
pub use help_page::{help_page, HelpPage};
pub use save_article::{save_article, SaveArticle};

/// Counts one public request of the caller's address; `RateLimited` with the
/// seconds to wait when there were too many.
#[cfg(feature = "ssr")]
pub(crate) async fn limit_public() -> Result<(), crate::error::AppError> {
    let state = crate::api::caller::state()?;
    let addr = crate::api::caller::client_addr()
        .await
        .unwrap_or(std::net::IpAddr::from([0, 0, 0, 0]));
    state
        .public_limiter
        .check(addr)
        .map_err(crate::error::AppError::RateLimited)
}
