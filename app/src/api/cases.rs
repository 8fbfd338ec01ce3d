//! Listing cases, reading one, and replying.

mod get_case;
mod list_inbox;
mod post_reply;

pub use get_case::{get_case, GetCase};
pub use list_inbox::{list_inbox, ListInbox};
pub use post_reply::{post_reply, PostReply};
