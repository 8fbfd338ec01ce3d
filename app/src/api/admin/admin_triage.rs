//! Triage rules with their accuracy, for the admin page.

use crate::domain::config::TriageAdmin;
use crate::error::AppError;
use leptos::prelude::*;

/// Every triage rule in order, with its accuracy and the overall one.
#[server(endpoint = "admin_triage")]
pub async fn admin_triage() -> Result<TriageAdmin, AppError> {
    use crate::api::caller::{finish, state};
    use crate::domain::config::{RuleView, TriageAccuracy};

    finish(
        async {
            super::require_admin().await?;
            let storage = state()?.storage;
            let rules = storage
                .triage_rules()
                .await?
                .into_iter()
                .map(|r| RuleView {
                    rule: r.rule,
                    position: r.position,
                    applied: r.applied,
                    corrected: r.corrected,
                    accuracy: r.accuracy,
                })
                .collect();
            let (applied, corrected, percent) = storage.triage_accuracy().await?;
            Ok(TriageAdmin {
                rules,
                overall: TriageAccuracy {
                    applied,
                    corrected,
                    percent,
                },
                queues: storage.queues().await?,
            })
        }
        .await,
    )
}
