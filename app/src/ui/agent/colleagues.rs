//! Who else is on this case: colleagues viewing it or typing on it, live, so
//! two agents do not answer the same customer at once.

use crate::domain::activity::{join_names, ActivityBoard, Doing, TYPING_THROTTLE_MS};
use crate::domain::CaseId;
use crate::ui::common::live::Live;
use crate::ui::common::ticker::Ticker;
use leptos::prelude::*;

/// The case page's view of its colleagues, shared with the composer.
#[derive(Clone, Copy)]
pub struct CasePresence {
    pub case_id: CaseId,
    pub board: RwSignal<ActivityBoard>,
    /// When this browser last said "typing" (page clock).
    last_typing: StoredValue<i64>,
    live: Live,
    ticker: Ticker,
}

impl CasePresence {
    /// Provides the presence of `case_id` to the case page's components.
    pub fn provide(case_id: CaseId) -> CasePresence {
        let p = CasePresence {
            case_id,
            board: RwSignal::new(ActivityBoard::default()),
            last_typing: StoredValue::new(i64::MIN),
            live: Live::expect(),
            ticker: Ticker::expect(),
        };
        provide_context(p);
        p
    }

    /// The names of colleagues typing on the case now.
    pub fn typing_now(&self) -> Vec<String> {
        let now = self.ticker.now.get_untracked();
        self.board
            .try_with_untracked(|b| b.typing(now))
            .unwrap_or_default()
    }

    /// Tells the others this person is typing, at most every [`TYPING_THROTTLE_MS`].
    pub fn typed(&self) {
        let now = self.ticker.now.get_untracked();
        let last = self.last_typing.try_get_value().unwrap_or(i64::MIN);
        if now.saturating_sub(last) >= TYPING_THROTTLE_MS {
            self.last_typing.try_set_value(now);
            self.live.announce(self.case_id, Doing::Typing);
        }
    }
}

/// Announces this person on the case (and that they left), and lists the others.
#[component]
pub fn Colleagues(presence: CasePresence) -> impl IntoView {
    let live = Live::expect();
    let ticker = Ticker::expect();
    let case_id = presence.case_id;
    let board = presence.board;
    live.on_activity(case_id, move |a| {
        let now = ticker.now.get_untracked();
        let arrived = board.try_update(|b| b.apply(a, now)).unwrap_or(false);
        // Someone new on the case: tell them we are here too.
        if arrived {
            live.announce(case_id, Doing::Viewing);
        }
    });
    #[cfg(feature = "hydrate")]
    {
        use crate::domain::activity::VIEWING_REFRESH_MS;
        use crate::ui::common::live::ConnStatus;
        // On every (re)connection, and again before others forget us.
        Effect::new(move |_| {
            if live.status.get() == ConnStatus::Live {
                live.announce(case_id, Doing::Viewing);
            }
        });
        let refresh = set_interval_with_handle(
            move || live.announce(case_id, Doing::Viewing),
            std::time::Duration::from_millis(VIEWING_REFRESH_MS as u64),
        );
        on_cleanup(move || {
            if let Ok(h) = refresh {
                h.clear();
            }
            live.announce(case_id, Doing::Left);
        });
    }
    // `try_with`: while the next case loads, this view stays on screen after
    // its signals are gone, and the page's ticker keeps calling it.
    let others = move || {
        let now = ticker.now.get();
        board.try_with(|b| b.colleagues(now)).unwrap_or_default()
    };
    view! {
        <p class="colleagues" data-testid="colleagues" aria-live="polite">
            {move || {
                let list = others();
                (!list.is_empty()).then(|| {
                    let typing: Vec<String> = list.iter().filter(|c| c.typing).map(|c| c.name.clone()).collect();
                    let viewing: Vec<String> = list.iter().filter(|c| !c.typing).map(|c| c.name.clone()).collect();
                    view! {
                        {(!typing.is_empty()).then(|| view! {
                            <span class="colleague typing" data-testid="colleagues-typing">
                                {format!("{} {} typing…", join_names(&typing), if typing.len() == 1 { "is" } else { "are" })}
                            </span>
                        })}
                        {(!viewing.is_empty()).then(|| view! {
                            <span class="colleague" data-testid="colleagues-viewing">
                                {format!("{} {} viewing this case", join_names(&viewing), if viewing.len() == 1 { "is" } else { "are" })}
                            </span>
                        })}
                    }
                })
            }}
        </p>
    }
}
