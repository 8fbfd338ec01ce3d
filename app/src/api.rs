//! Server functions, one per file: who is calling, may they, storage/hub, mapped error.

pub mod actions;
pub mod admin;
pub mod auth;
pub mod cases;
pub mod kb;
pub mod presence;
pub mod quality;
pub mod reviews;
pub mod search;
pub mod supervisor;
pub mod trees;
pub mod widget;

#[cfg(feature = "ssr")]
pub mod caller;
