//! The agent workspace: listing cases, reading one, changing its properties,
//! replying, the customer beside it, templates for the composer, triage accuracy.

mod add_customer_note;
mod bulk_update;
mod get_case;
mod get_customer;
mod get_directory;
mod get_inbox_counts;
mod get_my_metrics;
mod get_triage_accuracy;
mod list_inbox;
mod list_templates;
mod merge_case;
mod post_reply;
mod render_template;
mod snooze_case;
mod update_case;

pub use add_customer_note::{add_customer_note, AddCustomerNote};
pub use bulk_update::{bulk_update, BulkUpdate};
pub use get_case::{get_case, GetCase};
pub use get_customer::{get_customer, GetCustomer};
pub use get_directory::{get_directory, GetDirectory};
pub use get_inbox_counts::{get_inbox_counts, GetInboxCounts};
pub use get_my_metrics::{get_my_metrics, GetMyMetrics};
pub use get_triage_accuracy::{get_triage_accuracy, GetTriageAccuracy};
pub use list_inbox::{list_inbox, ListInbox};
pub use list_templates::{list_templates, ListTemplates};
pub use merge_case::{merge_case, MergeCase};
pub use post_reply::{post_reply, PostReply};
pub use render_template::{render_template, RenderTemplate};
pub use snooze_case::{snooze_case, SnoozeCase};
pub use update_case::{update_case, UpdateCase};
