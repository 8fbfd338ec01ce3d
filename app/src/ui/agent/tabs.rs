//! Cases as tabs: the cases an agent has open, kept in this browser across
//! reloads. Closing a tab with an unsent draft asks first.

use crate::domain::CaseId;
use crate::ui::common::local;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const TABS_KEY: &str = "switchboard.tabs";
/// Most tabs kept; opening one more closes the oldest without a draft.
const MAX_TABS: usize = 12;

/// One open case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tab {
    pub id: CaseId,
    pub subject: String,
}

/// The open tabs, provided by the agent layout.
#[derive(Clone, Copy)]
pub struct Tabs(pub RwSignal<Vec<Tab>>, StoredValue<bool>);

impl Tabs {
    /// Provides the tabs, restored from this browser once hydrated.
    pub fn provide() -> Tabs {
        let tabs = Tabs(RwSignal::new(Vec::new()), StoredValue::new(false));
        provide_context(tabs);
        Effect::new(move |_| tabs.load_once());
        tabs
    }

    /// Takes the tabs saved in this browser, once (the server renders none).
    fn load_once(&self) {
        if self.1.get_value() {
            return;
        }
        let Some(saved) = local::get(TABS_KEY) else {
            return;
        };
        self.1.set_value(true);
        let saved: Vec<Tab> = serde_json::from_slice(saved.as_bytes()).unwrap_or_default();
        self.0.update(|list| {
            for tab in saved.into_iter().rev() {
                if !list.iter().any(|t| t.id == tab.id) {
                    list.insert(0, tab);
                }
            }
        });
    }

    /// The tabs provided by the layout.
    pub fn expect() -> Tabs {
        expect_context::<Tabs>()
    }

    fn save(&self) {
        let list = self.0.get_untracked();
        if let Ok(s) = serde_json::to_string(&list) {
            local::set(TABS_KEY, &s);
        }
    }

    /// Opens (or renames) the tab of a case.
    pub fn open(&self, id: CaseId, subject: String) {
        // Tabs belong to this browser: the server renders none, so hydration agrees.
        if cfg!(not(feature = "hydrate")) {
            return;
        }
        self.load_once();
        self.0
            .update(|list| open_tab(list, Tab { id, subject }, has_draft));
        self.save();
    }

    /// Closes a tab; with an unsent draft only if the person agrees to discard it.
    /// Answers whether the tab closed.
    pub fn close(&self, id: CaseId) -> bool {
        if has_draft(id)
            && !local::confirm(&format!(
                "Case #{id} has an unsent draft. Close the tab and discard the draft?"
            ))
        {
            return false;
        }
        local::set(&local::draft_key(id), "");
        self.0.update(|list| list.retain(|t| t.id != id));
        self.save();
        true
    }
}

fn has_draft(id: CaseId) -> bool {
    local::get(&local::draft_key(id)).is_some_and(|d| !d.trim().is_empty())
}

/// Adds or renames `tab`; past [`MAX_TABS`], drops the oldest tab without a draft.
fn open_tab(list: &mut Vec<Tab>, tab: Tab, has_draft: impl Fn(CaseId) -> bool) {
    match list.iter_mut().find(|t| t.id == tab.id) {
        Some(t) => t.subject = tab.subject,
        None => {
            list.push(tab);
            if list.len() > MAX_TABS {
                if let Some(i) = list.iter().position(|t| !has_draft(t.id)) {
                    list.remove(i);
                }
            }
        }
    }
}

/// The tab strip under the top bar.
#[component]
pub fn TabBar(#[prop(into)] current: Signal<Option<CaseId>>) -> impl IntoView {
    let tabs = Tabs::expect();
    let navigate = leptos_router::hooks::use_navigate();
    view! {
        <nav class="tabs" aria-label="Open cases" data-testid="tabs">
            <a href="/agent" class="tab" class:active=move || current.get().is_none()>"Inbox"</a>
            <For each=move || tabs.0.get() key=|t| (t.id, t.subject.clone()) let:t>
                {
                    let id = t.id;
                    let navigate = navigate.clone();
                    view! {
                        <span class="tab" class:active=move || current.get() == Some(id) data-tab=id.0>
                            <a href=format!("/agent/cases/{id}") title=t.subject.clone()>
                                {format!("#{id} {}", t.subject)}
                            </a>
                            <button class="tab-close" aria-label=format!("Close case {id}")
                                on:click=move |_| {
                                    if tabs.close(id) && current.get_untracked() == Some(id) {
                                        navigate("/agent", Default::default());
                                    }
                                }>"×"</button>
                        </span>
                    }
                }
            </For>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tab(id: i64) -> Tab {
        Tab {
            id: CaseId(id),
            subject: format!("s{id}"),
        }
    }

    #[test]
    fn opening_a_tab_twice_keeps_one_and_renames_it() {
        let mut list = vec![tab(1)];
        open_tab(
            &mut list,
            Tab {
                id: CaseId(1),
                subject: "new".into(),
            },
            |_| false,
        );
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].subject, "new");
    }

    #[test]
    fn past_the_limit_the_oldest_tab_without_a_draft_goes() {
        let mut list: Vec<Tab> = (1..=MAX_TABS as i64).map(tab).collect();
        open_tab(&mut list, tab(99), |id| id == CaseId(1));
        assert_eq!(list.len(), MAX_TABS);
        assert!(
            list.iter().any(|t| t.id == CaseId(1)),
            "the tab with a draft stays"
        );
        assert!(!list.iter().any(|t| t.id == CaseId(2)));
        assert_eq!(list.last().unwrap().id, CaseId(99));
    }
}
