//! One step an agent takes in a tree on a case.

use crate::domain::tree::StepResult;
use crate::domain::CaseId;
use crate::error::AppError;
use leptos::prelude::*;

/// Records the step on the case's timeline. `answer` is a question's label,
/// "done" for a step, "follow" for a link, "reached" for an outcome; an
/// outcome's template comes back filled in for the case.
#[server(endpoint = "tree_step")]
pub async fn tree_step(
    case_id: CaseId,
    tree_id: i64,
    node: String,
    answer: String,
) -> Result<StepResult, AppError> {
    use crate::api::caller::{case_for, finish, require_caller, state};
    use crate::domain::tree::NodeKind;

    finish(
        async {
            let caller = require_caller().await?;
            case_for(&caller, case_id).await?;
            let state = state()?;
            let (tree, events) = state
                .storage
                .record_tree_step(case_id, tree_id, &node, &answer, caller.editor())
                .await?;
            state.hub.committed(&events);
            let outcome = tree
                .nodes
                .iter()
                .find(|n| n.id == node)
                .and_then(|n| match &n.kind {
                    NodeKind::Outcome {
                        template, action, ..
                    } => Some((template.clone(), *action)),
                    _ => None,
                });
            let Some((template, action)) = outcome else {
                return Ok(StepResult::default());
            };
            let template = match template {
                Some(name) => {
                    let id = state.storage.template_id_by_name(&name).await?;
                    Some(
                        state
                            .storage
                            .render_template(id, case_id, &caller.name)
                            .await?,
                    )
                }
                None => None,
            };
            Ok(StepResult { template, action })
        }
        .await,
    )
}
