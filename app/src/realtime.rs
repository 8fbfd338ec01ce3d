//! The live event hub: ordered fan-out of committed events, resume, and the
//! per-socket protocol loop (written over plain streams so tests need no sockets).

pub mod access;
pub mod board;
pub mod connection;
pub mod hub;
pub mod sequencer;
pub mod visitor;

pub use access::CallerAccess;
pub use board::BoardFeed;
pub use connection::{run_connection, Ended, Inbound, Outbound, Timing, TopicAccess};
pub use hub::{EventLog, Hub, Published};
pub use visitor::run_visitor;
