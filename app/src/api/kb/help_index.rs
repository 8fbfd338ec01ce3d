//! The help centre's front page: every published article by section, and the
//! results of a search when there is one.

use crate::domain::kb::{ArticleHit, HelpResults};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The sections with their articles, and a search's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HelpIndexPage {
    pub sections: Vec<(String, Vec<ArticleHit>)>,
    pub results: Option<HelpResults>,
}

/// Public: what the help centre lists, and what `query` finds (a search that
/// finds nothing is logged for the admins).
#[server(endpoint = "help_index")]
pub async fn help_index(query: String) -> Result<HelpIndexPage, AppError> {
    use crate::api::caller::{finish, state};
    use crate::domain::kb::CATEGORIES;
    use crate::storage::kb::MAX_HITS;

    finish(
        async {
            super::limit_public().await?;
            let storage = state()?.storage;
            let articles = storage.published_hits().await?;
            let sections = CATEGORIES
                .iter()
                .map(|cat| {
                    let hits = articles
                        .iter()
                        .filter(|a| a.category == *cat)
                        // The listing shows titles only.
                        .map(|a| ArticleHit {
                            steps: Vec::new(),
                            ..a.clone()
                        })
                        .collect();
                    (cat.to_string(), hits)
                })
                .collect();
            let query = query.trim().to_string();
            let results = if query.is_empty() {
                None
            } else {
                let hits = storage.search_articles(&query, MAX_HITS).await?;
                Some(HelpResults { query, hits })
            };
            Ok(HelpIndexPage { sections, results })
        }
        .await,
    )
}
