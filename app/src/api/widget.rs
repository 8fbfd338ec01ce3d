//! The chat widget's server functions. Visitors are not signed in: every
//! call is limited per client address, and a visitor is known only by the
//! token their browser made.

mod widget_answers;
mod widget_chat;
mod widget_feedback;
mod widget_handoff;

pub use widget_answers::{widget_answers, WidgetAnswers};
pub use widget_chat::{
    widget_conversation, widget_history, widget_hours, widget_rate, widget_send,
    WidgetConversation, WidgetHistory, WidgetHours, WidgetRate, WidgetSend,
};
pub use widget_feedback::{widget_feedback, WidgetFeedback};
pub use widget_handoff::{widget_handoff, WidgetHandoff};
