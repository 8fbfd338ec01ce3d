//! The quality checklist on a case, its settings per queue, and escalation.

mod escalate_case;
mod get_checklists;
mod save_checklist;
mod tick_check;

pub use escalate_case::{escalate_case, EscalateCase};
pub use get_checklists::{get_checklists, GetChecklists};
pub use save_checklist::{save_checklist, SaveChecklist};
pub use tick_check::{tick_check, TickCheck};
