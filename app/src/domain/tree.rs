//! Decision trees: guided resolution flows an agent follows on a case. A tree
//! is a flow of nodes: questions branch on answers, steps are instructions in
//! order, links hand over to a sub-flow (another tree), and outcomes end the
//! flow with a suggested template and a quick action. Trees are data: they
//! import and export as the JSON documented in `docs/decision-trees.md`.

use super::action::ActionKind;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Most nodes in one tree.
pub const MAX_NODES: usize = 200;
/// Longest text of a node or label of an answer, in characters.
pub const MAX_TEXT_CHARS: usize = 1_000;

/// One tree as stored, exported and imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionTree {
    /// Stable short name, used by links between trees: lower-case letters,
    /// digits and dashes ("damage-dispute").
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Queues (by name) whose cases this tree is suggested for.
    #[serde(default)]
    pub queues: Vec<String>,
    /// Case tags that suggest this tree.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The id of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
}

/// A node of a tree; `id` is unique within the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    pub id: String,
    #[serde(flatten)]
    pub kind: NodeKind,
}

/// What a node does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NodeKind {
    /// A question with one button per answer.
    Question { text: String, answers: Vec<Answer> },
    /// An instruction; "Done" goes to `next`.
    Step { text: String, next: String },
    /// Continue in another tree (a sub-flow), from its start.
    Link { text: String, tree: String },
    /// The end of the flow: what to tell the customer and what to do.
    Outcome {
        text: String,
        /// A response template, by name, inserted into the composer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        template: Option<String>,
        /// A quick action prepared for the agent to confirm.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        action: Option<ActionKind>,
    },
}

/// An answer to a question and where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub label: String,
    pub next: String,
}

impl NodeKind {
    /// The text shown for the node.
    pub fn text(&self) -> &str {
        match self {
            NodeKind::Question { text, .. }
            | NodeKind::Step { text, .. }
            | NodeKind::Link { text, .. }
            | NodeKind::Outcome { text, .. } => text,
        }
    }

    /// The node ids this node leads to within its tree.
    pub fn targets(&self) -> Vec<&str> {
        match self {
            NodeKind::Question { answers, .. } => answers.iter().map(|a| a.next.as_str()).collect(),
            NodeKind::Step { next, .. } => vec![next.as_str()],
            NodeKind::Link { .. } | NodeKind::Outcome { .. } => Vec::new(),
        }
    }

    /// The kind's name in the JSON and the editor.
    pub fn type_name(&self) -> &'static str {
        match self {
            NodeKind::Question { .. } => "question",
            NodeKind::Step { .. } => "step",
            NodeKind::Link { .. } => "link",
            NodeKind::Outcome { .. } => "outcome",
        }
    }
}

/// A tree as the library holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredTree {
    pub id: i64,
    pub tree: DecisionTree,
    pub updated_at: i64,
    pub updated_by: String,
}

/// Every tree, and the template names outcomes may use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TreeLibrary {
    pub trees: Vec<StoredTree>,
    pub templates: Vec<String>,
}

impl TreeLibrary {
    /// The slugs and template names a tree is checked against; `slug` is the
    /// edited tree's own (counted as known), `except` its stored id.
    pub fn known(&self, slug: &str, except: Option<i64>) -> (BTreeSet<String>, BTreeSet<String>) {
        let mut trees: BTreeSet<String> = self
            .trees
            .iter()
            .filter(|t| Some(t.id) != except)
            .map(|t| t.tree.slug.clone())
            .collect();
        trees.insert(slug.to_owned());
        (trees, self.templates.iter().cloned().collect())
    }
}

/// What a recorded step gives back: for an outcome, its template filled in
/// for the case and the quick action to prepare.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StepResult {
    pub template: Option<super::config::RenderedTemplate>,
    pub action: Option<ActionKind>,
}

/// One thing wrong with a tree, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeProblem {
    /// The node at fault; `None` for the tree's own fields.
    pub node: Option<String>,
    pub message: String,
}

impl std::fmt::Display for TreeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.node {
            Some(n) => write!(f, "Node {n:?}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_node_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 60
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Everything wrong with `tree`, in node order; empty when it can be saved.
/// `known_trees` are the slugs links may point to (the tree's own included);
/// `known_templates` the template names outcomes may use.
pub fn validate(
    tree: &DecisionTree,
    known_trees: &BTreeSet<String>,
    known_templates: &BTreeSet<String>,
) -> Vec<TreeProblem> {
    let mut problems = Vec::new();
    let mut tree_problem = |m: String| {
        problems.push(TreeProblem {
            node: None,
            message: m,
        })
    };
    if !is_slug(&tree.slug) {
        tree_problem("The short name must be 1 to 60 lower-case letters, digits or dashes.".into());
    }
    if tree.name.trim().is_empty() || tree.name.chars().count() > 120 {
        tree_problem("The name must be 1 to 120 characters.".into());
    }
    if tree.nodes.is_empty() {
        tree_problem("A tree needs at least one node.".into());
    }
    if tree.nodes.len() > MAX_NODES {
        tree_problem(format!("A tree has at most {MAX_NODES} nodes."));
    }
    let mut ids = BTreeSet::new();
    for n in &tree.nodes {
        if !ids.insert(n.id.as_str()) {
            tree_problem(format!("Two nodes have the id {:?}.", n.id));
        }
    }
    if !ids.contains(tree.start.as_str()) {
        tree_problem(format!("The start node {:?} does not exist.", tree.start));
    }
    for n in &tree.nodes {
        let mut bad = |m: String| {
            problems.push(TreeProblem {
                node: Some(n.id.clone()),
                message: m,
            })
        };
        if !is_node_id(&n.id) {
            bad("The id must be 1 to 60 letters, digits, '-' or '_'.".into());
        }
        let text = n.kind.text().trim();
        if text.is_empty() {
            bad("The text is empty.".into());
        } else if text.chars().count() > MAX_TEXT_CHARS {
            bad(format!(
                "The text is longer than {MAX_TEXT_CHARS} characters."
            ));
        }
        match &n.kind {
            NodeKind::Question { answers, .. } => {
                if answers.is_empty() {
                    bad("A question needs at least one answer.".into());
                }
                let mut labels = BTreeSet::new();
                for a in answers {
                    if a.label.trim().is_empty() {
                        bad("An answer has no label.".into());
                    } else if !labels.insert(a.label.trim().to_lowercase()) {
                        bad(format!("Two answers are labelled {:?}.", a.label.trim()));
                    }
                    if !ids.contains(a.next.as_str()) {
                        bad(format!(
                            "The answer {:?} leads to {:?}, which does not exist.",
                            a.label, a.next
                        ));
                    }
                }
            }
            NodeKind::Step { next, .. } => {
                if !ids.contains(next.as_str()) {
                    bad(format!("The step leads to {next:?}, which does not exist."));
                }
                if *next == n.id {
                    bad("The step leads to itself.".into());
                }
            }
            NodeKind::Link { tree: to, .. } => {
                if !known_trees.contains(to) {
                    bad(format!("The sub-flow {to:?} does not exist."));
                }
                if *to == tree.slug {
                    bad("A tree cannot link to itself.".into());
                }
            }
            NodeKind::Outcome {
                template, action, ..
            } => {
                if let Some(t) = template {
                    if !known_templates.contains(t) {
                        bad(format!("There is no template named {t:?}."));
                    }
                }
                if template.is_none() && action.is_none() {
                    bad("An outcome suggests a template, a quick action, or both.".into());
                }
            }
        }
    }
    // Every node must be reachable from the start.
    let by_id: BTreeMap<&str, &Node> = tree.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
    let mut seen = BTreeSet::new();
    let mut todo = vec![tree.start.as_str()];
    while let Some(id) = todo.pop() {
        if let Some(n) = by_id.get(id) {
            if seen.insert(id) {
                todo.extend(n.kind.targets());
            }
        }
    }
    for n in &tree.nodes {
        if by_id.contains_key(tree.start.as_str()) && !seen.contains(n.id.as_str()) {
            problems.push(TreeProblem {
                node: Some(n.id.clone()),
                message: "No path from the start reaches this node.".into(),
            });
        }
    }
    problems
}

/// Where an agent is in a tree: the nodes visited and the answers given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Run {
    /// (node id, the answer given or "done"), oldest first.
    pub path: Vec<(String, String)>,
    pub at: String,
}

impl Run {
    pub fn start(tree: &DecisionTree) -> Run {
        Run {
            path: Vec::new(),
            at: tree.start.clone(),
        }
    }

    /// The current node.
    pub fn node<'t>(&self, tree: &'t DecisionTree) -> Option<&'t Node> {
        tree.nodes.iter().find(|n| n.id == self.at)
    }

    /// Takes answer `choice` (a question's label, or "done" on a step).
    /// Returns the node moved to, or `None` when the choice does not fit.
    pub fn choose(&mut self, tree: &DecisionTree, choice: &str) -> Option<String> {
        let next = match &self.node(tree)?.kind {
            NodeKind::Question { answers, .. } => answers
                .iter()
                .find(|a| a.label == choice)
                .map(|a| a.next.clone())?,
            NodeKind::Step { next, .. } if choice == "done" => next.clone(),
            _ => return None,
        };
        self.path.push((self.at.clone(), choice.to_owned()));
        self.at = next.clone();
        Some(next)
    }

    /// Goes back one step; false at the start.
    pub fn back(&mut self) -> bool {
        match self.path.pop() {
            Some((id, _)) => {
                self.at = id;
                true
            }
            None => false,
        }
    }
}

/// The trees to suggest for a case: those naming its queue or one of its
/// tags, tag matches first, then by name.
pub fn suggest<'t>(
    trees: &'t [DecisionTree],
    queue: &str,
    tags: &[String],
) -> Vec<&'t DecisionTree> {
    let mut found: Vec<(u8, &DecisionTree)> = trees
        .iter()
        .filter_map(|t| {
            let by_tag = t.tags.iter().any(|x| tags.contains(x));
            let by_queue = t.queues.iter().any(|q| q == queue);
            match (by_tag, by_queue) {
                (true, _) => Some((0, t)),
                (false, true) => Some((1, t)),
                _ => None,
            }
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
    found.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, text: &str, answers: &[(&str, &str)]) -> Node {
        Node {
            id: id.into(),
            kind: NodeKind::Question {
                text: text.into(),
                answers: answers
                    .iter()
                    .map(|(l, n)| Answer {
                        label: (*l).into(),
                        next: (*n).into(),
                    })
                    .collect(),
            },
        }
    }

    fn outcome(id: &str, template: Option<&str>, action: Option<ActionKind>) -> Node {
        Node {
            id: id.into(),
            kind: NodeKind::Outcome {
                text: "Tell the customer".into(),
                template: template.map(Into::into),
                action,
            },
        }
    }

    fn tree(nodes: Vec<Node>) -> DecisionTree {
        DecisionTree {
            slug: "damage-dispute".into(),
            name: "Damage dispute".into(),
            description: String::new(),
            queues: vec!["Billing".into()],
            tags: vec!["damage".into()],
            start: "reported".into(),
            nodes,
        }
    }

    fn known() -> (BTreeSet<String>, BTreeSet<String>) {
        (
            ["damage-dispute", "refund-request"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ["Damage claim accepted"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
        )
    }

    fn good() -> DecisionTree {
        tree(vec![
            q(
                "reported",
                "Was the damage on the pick-up report?",
                &[("Yes", "waive"), ("No", "photos")],
            ),
            Node {
                id: "photos".into(),
                kind: NodeKind::Step {
                    text: "Ask for photos taken at return.".into(),
                    next: "refund".into(),
                },
            },
            Node {
                id: "refund".into(),
                kind: NodeKind::Link {
                    text: "Continue with the refund flow".into(),
                    tree: "refund-request".into(),
                },
            },
            outcome(
                "waive",
                Some("Damage claim accepted"),
                Some(ActionKind::Refund),
            ),
        ])
    }

    #[test]
    fn a_sound_tree_has_no_problems_and_round_trips_as_json() {
        let (trees, templates) = known();
        let t = good();
        assert_eq!(validate(&t, &trees, &templates), vec![]);
        let json = serde_json::to_string_pretty(&t).unwrap();
        assert!(json.contains("\"type\": \"question\""), "{json}");
        assert_eq!(serde_json::from_str::<DecisionTree>(&json).unwrap(), t);
    }

    #[test]
    fn dangling_answers_unreachable_nodes_and_unknown_references_are_named() {
        let (trees, templates) = known();
        let mut t = good();
        t.nodes
            .push(outcome("orphan", None, Some(ActionKind::Credit)));
        t.nodes
            .push(q("dup", "", &[("Yes", "nowhere"), ("yes", "waive")]));
        t.nodes
            .push(outcome("nothing", Some("No such template"), None));
        t.nodes.push(Node {
            id: "loop".into(),
            kind: NodeKind::Link {
                text: "Self".into(),
                tree: "damage-dispute".into(),
            },
        });
        t.nodes
            .push(outcome("waive", None, Some(ActionKind::Refund)));
        let problems: Vec<String> = validate(&t, &trees, &templates)
            .iter()
            .map(|p| p.to_string())
            .collect();
        for expected in [
            "Two nodes have the id \"waive\".",
            "Node \"dup\": The text is empty.",
            "Node \"dup\": The answer \"Yes\" leads to \"nowhere\", which does not exist.",
            "Node \"dup\": Two answers are labelled \"yes\".",
            "Node \"nothing\": There is no template named \"No such template\".",
            "Node \"loop\": A tree cannot link to itself.",
            "Node \"orphan\": No path from the start reaches this node.",
        ] {
            assert!(
                problems.iter().any(|p| p == expected),
                "missing {expected:?} in {problems:#?}"
            );
        }
        let mut t = good();
        t.start = "gone".into();
        t.slug = "Bad Slug".into();
        let problems: Vec<String> = validate(&t, &trees, &templates)
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert!(problems.contains(&"The start node \"gone\" does not exist.".to_string()));
        assert!(problems.iter().any(|p| p.starts_with("The short name")));
        let mut t = good();
        t.nodes[3] = outcome("waive", None, None);
        assert_eq!(
            validate(&t, &trees, &templates)[0].message,
            "An outcome suggests a template, a quick action, or both."
        );
    }

    #[test]
    fn a_run_follows_answers_goes_back_and_refuses_what_does_not_fit() {
        let t = good();
        let mut run = Run::start(&t);
        assert_eq!(run.choose(&t, "Maybe"), None);
        assert_eq!(run.choose(&t, "No").as_deref(), Some("photos"));
        assert_eq!(run.choose(&t, "Yes"), None, "a step is done, not answered");
        assert_eq!(run.choose(&t, "done").as_deref(), Some("refund"));
        assert_eq!(run.path.len(), 2);
        assert!(run.back());
        assert_eq!(run.at, "photos");
        assert!(run.back());
        assert!(!run.back());
        assert_eq!(run.at, "reported");
        assert_eq!(run.choose(&t, "Yes").as_deref(), Some("waive"));
        assert!(matches!(
            run.node(&t).unwrap().kind,
            NodeKind::Outcome { .. }
        ));
    }

    #[test]
    fn suggestions_put_tag_matches_first() {
        let mut a = good();
        a.name = "B by tag".into();
        let mut b = good();
        b.name = "A by queue".into();
        b.tags = vec![];
        let mut c = good();
        c.queues = vec!["Roadside".into()];
        c.tags = vec![];
        let all = [a, b, c];
        let names: Vec<&str> = suggest(&all, "Billing", &["damage".into()])
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        assert_eq!(names, vec!["B by tag", "A by queue"]);
        assert!(suggest(&all, "Bookings", &[]).is_empty());
    }
}
