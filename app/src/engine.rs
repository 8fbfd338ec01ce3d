//! The engine: pure rules with no I/O, shared by the server and the browser.

pub mod automation;
pub mod calendar;
#[cfg(feature = "ssr")]
pub mod kb_search;
pub mod mood;
pub mod routing;
pub mod sentiment;
pub mod similar;
pub mod sla;
pub mod template;
pub mod triage;
