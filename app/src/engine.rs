//! The engine: pure rules with no I/O, shared by the server and the browser.

pub mod mood;
pub mod sentiment;
