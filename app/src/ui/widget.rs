//! The customer chat widget, rendered in the browser inside the iframe the
//! loader (`/widget.js`) puts on the company's site. Its own lean bundle
//! (`frontend/widget`) holds only these components.

mod answer_card;
mod browser;
mod call;
mod chat;
mod conversation;
mod piece;
mod socket;
mod strings;
mod widget_app;

pub use strings::{Lang, Words};
pub use widget_app::WidgetApp;
