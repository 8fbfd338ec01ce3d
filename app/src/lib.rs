//! Switchboard: the shared crate. Domain types and pure rules compile everywhere;
//! storage, the hub and server-only helpers are behind the `ssr` feature.
#![forbid(unsafe_code)]
#![recursion_limit = "256"]

pub mod api;
pub mod domain;
pub mod engine;
pub mod error;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod realtime;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod storage;

#[cfg(feature = "ssr")]
pub mod testing;

pub use ui::app::{shell, App};
