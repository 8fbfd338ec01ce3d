//! The agent workspace.

pub mod agent_layout;
pub mod case_page;
pub mod composer;
pub mod inbox_page;

pub use agent_layout::AgentLayout;
pub use case_page::CasePage;
pub use inbox_page::InboxPage;
