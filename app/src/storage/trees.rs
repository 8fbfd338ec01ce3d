//! Decision trees: stored as their documented JSON, validated against the
//! other trees and the templates before saving, and the steps agents take
//! recorded on the case's timeline.

use super::case_edit::Editor;
use super::cases::{CaseRow, SUMMARY_SELECT};
use super::events::append_events;
use super::sla::system_entry_on;
use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::tree::{validate, DecisionTree, NodeKind, StoredTree, TreeLibrary};
use crate::domain::{CaseId, CaseSummary, Event};

/// The demo company's playbook.
pub const DEMO_TREES: &str = include_str!("seed/trees.json");

/// What a step was, for the timeline.
pub fn step_words(tree: &DecisionTree, node: &str, answer: &str) -> Option<String> {
    let n = tree.nodes.iter().find(|n| n.id == node)?;
    let name = &tree.name;
    Some(match &n.kind {
        NodeKind::Question { text, answers } => {
            answers.iter().find(|a| a.label == answer)?;
            format!("Decision tree “{name}”: {text} → {answer}")
        }
        NodeKind::Step { text, .. } if answer == "done" => {
            format!("Decision tree “{name}”: done: {text}")
        }
        NodeKind::Link { text, tree: to } if answer == "follow" => {
            format!("Decision tree “{name}”: {text} (continues in “{to}”)")
        }
        NodeKind::Outcome { text, .. } if answer == "reached" => {
            format!("Decision tree “{name}” outcome: {text}")
        }
        _ => return None,
    })
}

impl Storage {
    /// Every tree, by name, with the template names outcomes may use.
    pub async fn tree_library(&self) -> StorageResult<TreeLibrary> {
        let rows: Vec<(i64, String, i64, String)> = read!(self, p => sqlx::query_as(
            "SELECT id, body, updated_at, updated_by FROM decision_trees ORDER BY name, id")
            .fetch_all(p).await)?;
        let trees = rows
            .into_iter()
            .map(|(id, body, updated_at, updated_by)| {
                Ok(StoredTree {
                    id,
                    tree: serde_json::from_str(&body)?,
                    updated_at,
                    updated_by,
                })
            })
            .collect::<StorageResult<Vec<_>>>()?;
        let templates: Vec<(String,)> = read!(self, p => sqlx::query_as("SELECT name FROM templates ORDER BY name")
            .fetch_all(p).await)?;
        Ok(TreeLibrary {
            trees,
            templates: templates.into_iter().map(|t| t.0).collect(),
        })
    }

    /// Saves a tree (a new one when `id` is `None`). A tree with problems is
    /// refused with all of them, one per line, and nothing is saved.
    #[tracing::instrument(skip(self, tree, by), fields(slug = %tree.slug), err)]
    pub async fn save_tree(
        &self,
        id: Option<i64>,
        tree: &DecisionTree,
        by: Editor<'_>,
    ) -> StorageResult<i64> {
        let lib = self.tree_library().await?;
        if let Some(id) = id {
            if !lib.trees.iter().any(|t| t.id == id) {
                return Err(StorageError::NotFound);
            }
        }
        if lib
            .trees
            .iter()
            .any(|t| t.tree.slug == tree.slug && Some(t.id) != id)
        {
            return Err(StorageError::Field {
                field: "tree",
                reason: format!("Another tree already has the short name {:?}.", tree.slug),
            });
        }
        // A renamed tree must not leave other trees' links dangling.
        if let Some(old) = lib.trees.iter().find(|t| Some(t.id) == id) {
            if old.tree.slug != tree.slug {
                if let Some(user) = linking(&lib, &old.tree.slug) {
                    return Err(StorageError::Field {
                        field: "tree",
                        reason: format!(
                            "“{user}” links to {:?}; change that link first.",
                            old.tree.slug
                        ),
                    });
                }
            }
        }
        let (known, templates) = lib.known(&tree.slug, id);
        let problems = validate(tree, &known, &templates);
        if !problems.is_empty() {
            return Err(StorageError::Field {
                field: "tree",
                reason: problems
                    .iter()
                    .map(|p| p.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
        let body = serde_json::to_string(tree)?;
        let now = self.now();
        let who = by.name.to_string();
        let id = write!(self, p => match id {
            Some(id) => sqlx::query("UPDATE decision_trees SET slug = $1, name = $2, body = $3, updated_at = $4, updated_by = $5 WHERE id = $6")
                .bind(&tree.slug).bind(&tree.name).bind(&body).bind(now).bind(&who).bind(id)
                .execute(p).await.map(|_| id),
            None => sqlx::query_as::<_, (i64,)>("INSERT INTO decision_trees (slug, name, body, updated_at, updated_by) \
                VALUES ($1, $2, $3, $4, $5) RETURNING id")
                .bind(&tree.slug).bind(&tree.name).bind(&body).bind(now).bind(&who)
                .fetch_one(p).await.map(|r| r.0),
        })?;
        Ok(id)
    }

    /// Deletes a tree no other tree links to.
    pub async fn delete_tree(&self, id: i64) -> StorageResult<()> {
        let lib = self.tree_library().await?;
        let tree = lib
            .trees
            .iter()
            .find(|t| t.id == id)
            .ok_or(StorageError::NotFound)?;
        if let Some(user) = linking(&lib, &tree.tree.slug) {
            return Err(StorageError::Field {
                field: "tree",
                reason: format!("“{user}” links to this tree; change that link first."),
            });
        }
        write!(self, p => sqlx::query("DELETE FROM decision_trees WHERE id = $1").bind(id).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Records a step an agent took in a tree on the case's timeline. The node
    /// and answer must exist in the stored tree.
    pub async fn record_tree_step(
        &self,
        case: CaseId,
        tree_id: i64,
        node: &str,
        answer: &str,
        by: Editor<'_>,
    ) -> StorageResult<(DecisionTree, Vec<Event>)> {
        let row: Option<(String,)> = read!(self, p => sqlx::query_as("SELECT body FROM decision_trees WHERE id = $1")
            .bind(tree_id).fetch_optional(p).await)?;
        let tree: DecisionTree = serde_json::from_str(&row.ok_or(StorageError::NotFound)?.0)?;
        let words = step_words(&tree, node, answer).ok_or_else(|| {
            StorageError::Invalid(
                "That step is not in this tree; reload the tree and try again.".into(),
            )
        })?;
        let words = format!("{words} ({})", by.name);
        let now = self.now();
        let summary_sql = format!("{SUMMARY_SELECT} WHERE c.id = $1");
        let events = write!(self, p => {
            let mut tx = p.begin().await?;
            let row: Option<CaseRow> = sqlx::query_as(&summary_sql).bind(case.0).fetch_optional(&mut *tx).await?;
            let summary = CaseSummary::try_from(row.ok_or(StorageError::NotFound)?)?;
            if by.queues.is_some_and(|q| !q.contains(&summary.queue_id)) {
                return Err(StorageError::NotFound);
            }
            let entry = system_entry_on!(tx, &summary, words, now);
            let events = append_events!(tx, vec![entry]);
            tx.commit().await?;
            Ok::<_, StorageError>(events)
        })?;
        Ok((tree, events))
    }

    /// The id of the template called `name`.
    pub async fn template_id_by_name(&self, name: &str) -> StorageResult<i64> {
        let row: Option<(i64,)> = read!(self, p => sqlx::query_as("SELECT id FROM templates WHERE name = $1")
            .bind(name).fetch_optional(p).await)?;
        row.map(|r| r.0).ok_or(StorageError::NotFound)
    }

    /// Adds the demo playbook's trees.
    pub async fn seed_trees(&self, author: &str) -> StorageResult<()> {
        let trees: Vec<DecisionTree> = serde_json::from_str(DEMO_TREES)?;
        // Links point forward and back, so insert all, then check each.
        let now = self.now();
        for t in &trees {
            let body = serde_json::to_string(t)?;
            write!(self, p => sqlx::query("INSERT INTO decision_trees (slug, name, body, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)")
                .bind(&t.slug).bind(&t.name).bind(&body).bind(now).bind(author).execute(p).await.map(|_| ()))?;
        }
        let lib = self.tree_library().await?;
        for t in &lib.trees {
            let (known, templates) = lib.known(&t.tree.slug, None);
            let problems = validate(&t.tree, &known, &templates);
            if !problems.is_empty() {
                return Err(StorageError::Invalid(format!(
                    "demo tree {}: {problems:?}",
                    t.tree.slug
                )));
            }
        }
        Ok(())
    }
}

/// The name of a tree that links to `slug`, if any.
fn linking(lib: &TreeLibrary, slug: &str) -> Option<String> {
    lib.trees
        .iter()
        .find(|t| {
            t.tree.slug != slug
                && t.tree
                    .nodes
                    .iter()
                    .any(|n| matches!(&n.kind, NodeKind::Link { tree, .. } if tree == slug))
        })
        .map(|t| t.tree.name.clone())
}
