//! The agent workspace.

pub mod agent_layout;
pub mod approvals_page;
pub mod attach;
pub mod case_page;
pub mod case_table;
pub mod colleagues;
pub mod composer;
pub mod customer_panel;
pub mod global_search;
pub mod inbox_page;
pub mod keys;
pub mod listing;
pub mod merge;
pub mod my_day;
pub mod presence_picker;
pub mod properties;
pub mod quality;
pub mod quick_actions;
pub mod reviews_page;
pub mod sla_countdown;
pub mod snooze;
pub mod tabs;
pub mod template_picker;
pub mod tree_runner;
pub mod trees_page;

pub use agent_layout::AgentLayout;
pub use approvals_page::ApprovalsPage;
pub use case_page::CasePage;
pub use inbox_page::InboxPage;
pub use reviews_page::ReviewsPage;
pub use trees_page::TreesPage;
