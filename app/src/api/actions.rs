//! Quick actions on a case's customer records, and the approvals they need
//! when they give away more than the agent's authority.

mod decide_action;
mod list_approvals;
mod request_action;

pub use decide_action::{decide_action, DecideAction};
pub use list_approvals::{list_approvals, ListApprovals};
pub use request_action::{request_action, RequestAction};
