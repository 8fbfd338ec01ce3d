//! An agent's own presence: online (routed to), away or offline.

mod my_presence;
mod set_my_presence;

pub use my_presence::{my_presence, MyPresence};
pub use set_my_presence::{set_my_presence, SetMyPresence};
