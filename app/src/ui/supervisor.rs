//! The supervisor console: the live queue board, agents, alerts and staffing.

pub mod agents_table;
pub mod alerts_panel;
pub mod board_page;
pub mod chart;
pub mod metrics_page;
pub mod notify;
pub mod qa_page;
pub mod queues_table;
pub mod staffing_panel;

pub use board_page::BoardPage;
pub use metrics_page::MetricsPage;
pub use qa_page::QaPage;
