//! Components by surface.

pub mod agent;
pub mod app;
pub mod common;
