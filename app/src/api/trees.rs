//! Decision trees: the library every agent runs from, the steps they take on
//! a case, and the editor's saves (supervisors and admins).

mod delete_tree;
mod list_trees;
mod save_tree;
mod tree_step;

pub use delete_tree::{delete_tree, DeleteTree};
pub use list_trees::{list_trees, ListTrees};
pub use save_tree::{save_tree, SaveTree};
pub use tree_step::{tree_step, TreeStep};
