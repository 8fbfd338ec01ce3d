//! Global search: the `/` box of the agent workspace.

mod search_everything;

pub use search_everything::{search_everything, SearchEverything};
