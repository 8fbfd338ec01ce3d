//! Components by surface.

pub mod admin;
pub mod agent;
pub mod app;
pub mod common;
pub mod help;
pub mod supervisor;
pub mod widget;
