//! Pieces every surface uses.

pub mod connection_badge;
pub mod live;
pub mod local;
pub mod login_page;
pub mod mood_chip;
pub mod not_found;
pub mod resource;
pub mod ticker;
pub mod time;

pub use connection_badge::ConnectionBadge;
pub use login_page::LoginPage;
pub use mood_chip::MoodChip;
pub use not_found::NotFound;
