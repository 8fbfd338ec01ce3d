//! Plain serde types and rules shared by the server and the browser.

/// Declares a closed set of values stored and sent by a stable snake_case name.
macro_rules! named_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),* }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Stable name used in storage and on the wire.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            /// Parses the stable name.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use named_enum;

pub mod action;
pub mod activity;
pub mod alert;
pub mod attachment;
pub mod board;
pub mod case;
pub mod chat;
pub mod config;
pub mod customer;
pub mod edit;
pub mod event;
pub mod ids;
pub mod inbox;
pub mod kb;
pub mod merge;
pub mod metrics;
pub mod quality;
pub mod report;
pub mod review;
pub mod search;
pub mod snooze;
pub mod staffing;
pub mod timeline;
pub mod tree;
pub mod user;
pub mod widget;

pub use action::{ActionKind, ActionParams, ActionRequest, ActionStatus, ActionView};
pub use case::{CaseDetail, CaseStatus, CaseSummary, Channel, ClockView, Inbox, Priority, Tier};
pub use edit::{BulkOutcome, CaseEdit};
pub use event::{ClientFrame, Event, EventKind, ServerFrame, Topic};
pub use ids::{CaseId, CustomerId, EntryId, QueueId, UserId};
pub use inbox::{
    Directory, InboxCounts, InboxFilter, InboxQuery, InboxSort, InboxView, SlaState, Viewer,
};
pub use timeline::{ClientId, EntryKind, MessageBody, TimelineEntry};
pub use user::{Me, Presence, Role};
