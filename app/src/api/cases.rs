//! Listing cases, reading one, replying, templates for the composer, triage accuracy.

mod get_case;
mod get_triage_accuracy;
mod list_inbox;
mod list_templates;
mod post_reply;
mod render_template;

pub use get_case::{get_case, GetCase};
pub use get_triage_accuracy::{get_triage_accuracy, GetTriageAccuracy};
pub use list_inbox::{list_inbox, ListInbox};
pub use list_templates::{list_templates, ListTemplates};
pub use post_reply::{post_reply, PostReply};
pub use render_template::{render_template, RenderTemplate};
