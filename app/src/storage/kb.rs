//! The knowledge base: articles and their figures, the help centre's reads,
//! ranked search through an in-memory index, and the searches that found
//! nothing.
//!
//! Search runs in memory ([`KbIndex`]) over published articles. Every write
//! to an article bumps `kb_revision` in the same transaction; a search reads
//! that one number and rebuilds its node's index when it moved, so every node
//! answers from the current articles without being told.

use super::{read, write, Storage, StorageError, StorageResult};
use crate::domain::kb::{
    normalise_query, Article, ArticleContent, ArticleHit, ArticleStats, ArticleStatus, ContentGap,
    HelpArticle,
};
use crate::domain::UserId;
use crate::engine::kb_search::{KbIndex, SearchDoc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The demo company's help centre.
pub const DEMO_ARTICLES: &str = include_str!("seed/kb_articles.json");

/// Most results one search answers.
pub const MAX_HITS: usize = 8;

const ARTICLE_SELECT: &str = "SELECT a.id, a.slug, a.title, a.summary, a.category, a.applies_to, \
     a.steps, a.troubleshooting, a.related, a.status, a.owner_id, u.name AS owner_name, a.updated_at, \
     a.views, a.helpful, a.not_helpful, a.deflections FROM kb_articles a LEFT JOIN users u ON u.id = a.owner_id";

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    slug: String,
    title: String,
    summary: String,
    category: String,
    applies_to: String,
    steps: String,
    troubleshooting: String,
    related: String,
    status: String,
    owner_id: Option<i64>,
    owner_name: Option<String>,
    updated_at: i64,
    views: i64,
    helpful: i64,
    not_helpful: i64,
    deflections: i64,
}

impl ArticleRow {
    fn into_article(self) -> StorageResult<Article> {
        Ok(Article {
            id: self.id,
            content: ArticleContent {
                slug: self.slug,
                title: self.title,
                summary: self.summary,
                category: self.category,
                applies_to: self.applies_to,
                steps: serde_json::from_str(&self.steps)?,
                troubleshooting: self.troubleshooting,
                related: serde_json::from_str(&self.related)?,
            },
            status: ArticleStatus::parse(&self.status).ok_or_else(|| {
                StorageError::Invalid(format!("unknown article status {:?}", self.status))
            })?,
            owner_id: self.owner_id.map(UserId),
            owner_name: self.owner_name,
            updated_at: self.updated_at,
            stats: ArticleStats {
                views: self.views,
                helpful: self.helpful,
                not_helpful: self.not_helpful,
                deflections: self.deflections,
            },
        })
    }
}

/// `NotFound` unless exactly one row was counted.
fn found(rows: u64) -> StorageResult<()> {
    if rows == 1 {
        Ok(())
    } else {
        Err(StorageError::NotFound)
    }
}

/// One node's search index over the published articles, as of a revision.
#[derive(Debug)]
pub(crate) struct KbCache {
    revision: i64,
    index: KbIndex,
    hits: HashMap<i64, ArticleHit>,
    /// The ids of `hits` by section and title: the help centre's listing.
    order: Vec<i64>,
}

/// The index a node holds between searches.
#[derive(Debug, Default)]
pub(crate) struct KbSlot(Mutex<Option<Arc<KbCache>>>);

/// A figure a customer adds to an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleFigure {
    View,
    Helpful,
    NotHelpful,
    Deflection,
    /// "Did this solve it?" answered yes: a deflection and a helpful vote.
    Solved,
}

/// How a counted article is named: by id (the widget) or address (the help centre).
#[derive(Debug, Clone, Copy)]
enum ArticleKey<'a> {
    Id(i64),
    Slug(&'a str),
}

impl ArticleFigure {
    /// The `SET` list that counts this figure.
    fn set(self) -> &'static str {
        match self {
            ArticleFigure::View => "views = views + 1",
            ArticleFigure::Helpful => "helpful = helpful + 1",
            ArticleFigure::NotHelpful => "not_helpful = not_helpful + 1",
            ArticleFigure::Deflection => "deflections = deflections + 1",
            ArticleFigure::Solved => "deflections = deflections + 1, helpful = helpful + 1",
        }
    }
}

impl Storage {
    /// Every article in every state, by state, section and title: the admin list.
    #[tracing::instrument(skip(self), err)]
    pub async fn kb_articles(&self) -> StorageResult<Vec<Article>> {
        let sql = format!(
            "{ARTICLE_SELECT} ORDER BY CASE a.status WHEN 'published' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, \
             a.category, a.title, a.id"
        );
        let rows: Vec<ArticleRow> = read!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        rows.into_iter().map(ArticleRow::into_article).collect()
    }

    /// The published articles of the help centre, by section and title.
    #[tracing::instrument(skip(self), err)]
    pub async fn published_articles(&self) -> StorageResult<Vec<Article>> {
        let sql = format!(
            "{ARTICLE_SELECT} WHERE a.status = 'published' ORDER BY a.category, a.title, a.id"
        );
        let rows: Vec<ArticleRow> = read!(self, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        rows.into_iter().map(ArticleRow::into_article).collect()
    }

    /// A published article by its address, with its published related articles.
    #[tracing::instrument(skip(self), err)]
    pub async fn help_article(&self, slug: &str) -> StorageResult<Option<HelpArticle>> {
        let sql = format!("{ARTICLE_SELECT} WHERE a.slug = $1 AND a.status = 'published'");
        let row: Option<ArticleRow> =
            read!(self, p => sqlx::query_as(&sql).bind(slug).fetch_optional(p).await)?;
        let Some(article) = row.map(ArticleRow::into_article).transpose()? else {
            return Ok(None);
        };
        let mut related = Vec::new();
        for r in &article.content.related {
            let t: Option<(String,)> = read!(self, p => sqlx::query_as(
                "SELECT title FROM kb_articles WHERE slug = $1 AND status = 'published'")
                .bind(r).fetch_optional(p).await)?;
            if let Some((title,)) = t {
                related.push((r.clone(), title));
            }
        }
        Ok(Some(HelpArticle {
            id: article.id,
            content: article.content,
            updated_at: article.updated_at,
            related,
        }))
    }

    /// Saves an article (new when `id` is `None`) that has been through
    /// [`ArticleContent::normalise`]. Related articles must exist; an address
    /// already taken is refused. Answers the id.
    #[tracing::instrument(skip(self, content), fields(slug = %content.slug), err)]
    pub async fn save_article(
        &self,
        id: Option<i64>,
        content: &ArticleContent,
        status: ArticleStatus,
        owner: Option<UserId>,
    ) -> StorageResult<i64> {
        let now = self.now();
        let steps = serde_json::to_string(&content.steps)?;
        let related = serde_json::to_string(&content.related)?;
        let c = content;
        let saved: StorageResult<i64> = write!(self, p => async {
            let mut tx = p.begin().await?;
            for r in &c.related {
                let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM kb_articles WHERE slug = $1")
                    .bind(r).fetch_optional(&mut *tx).await?;
                if found.is_none() {
                    return Err(StorageError::Field {
                        field: "related",
                        reason: format!("there is no article at {r:?}"),
                    });
                }
            }
            let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM kb_articles WHERE slug = $1")
                .bind(&c.slug).fetch_optional(&mut *tx).await?;
            if taken.is_some_and(|(other,)| Some(other) != id) {
                return Err(StorageError::Field {
                    field: "slug",
                    reason: format!("another article already lives at /help/{}", c.slug),
                });
            }
            let id = match id {
                Some(id) => {
                    let n = sqlx::query(
                        "UPDATE kb_articles SET slug = $1, title = $2, summary = $3, category = $4, \
                         applies_to = $5, steps = $6, troubleshooting = $7, related = $8, status = $9, \
                         owner_id = COALESCE(owner_id, $10), updated_at = $11 WHERE id = $12")
                        .bind(&c.slug).bind(&c.title).bind(&c.summary).bind(&c.category)
                        .bind(&c.applies_to).bind(&steps).bind(&c.troubleshooting).bind(&related)
                        .bind(status.as_str()).bind(owner.map(|o| o.0)).bind(now).bind(id)
                        .execute(&mut *tx).await?.rows_affected();
                    if n != 1 {
                        return Err(StorageError::NotFound);
                    }
                    id
                }
                None => {
                    let (id,): (i64,) = sqlx::query_as(
                        "INSERT INTO kb_articles (slug, title, summary, category, applies_to, steps, \
                         troubleshooting, related, status, owner_id, created_at, updated_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id")
                        .bind(&c.slug).bind(&c.title).bind(&c.summary).bind(&c.category)
                        .bind(&c.applies_to).bind(&steps).bind(&c.troubleshooting).bind(&related)
                        .bind(status.as_str()).bind(owner.map(|o| o.0)).bind(now)
                        .fetch_one(&mut *tx).await?;
                    id
                }
            };
            sqlx::query("UPDATE kb_revision SET revision = revision + 1 WHERE id = 1")
                .execute(&mut *tx).await?;
            tx.commit().await?;
            Ok(id)
        }.await);
        saved
    }

    /// Adds one to a figure of a published article; `NotFound` for any other.
    #[tracing::instrument(skip(self), err)]
    pub async fn count_article(&self, id: i64, figure: ArticleFigure) -> StorageResult<()> {
        self.count_article_by(ArticleKey::Id(id), figure).await
    }

    /// [`Storage::count_article`] for the article at `slug` (the help
    /// centre's plain forms know only the address).
    #[tracing::instrument(skip(self), err)]
    pub async fn count_article_at(&self, slug: &str, figure: ArticleFigure) -> StorageResult<()> {
        self.count_article_by(ArticleKey::Slug(slug), figure).await
    }

    /// Counts `figure` on the published article `key` names; a deflection is
    /// also logged with its time (the metrics count it over a range), in the
    /// same transaction.
    async fn count_article_by(
        &self,
        key: ArticleKey<'_>,
        figure: ArticleFigure,
    ) -> StorageResult<()> {
        let column = match key {
            ArticleKey::Id(_) => "id",
            ArticleKey::Slug(_) => "slug",
        };
        let update = format!(
            "UPDATE kb_articles SET {} WHERE {column} = $1 AND status = 'published' RETURNING id",
            figure.set()
        );
        let deflects = matches!(figure, ArticleFigure::Deflection | ArticleFigure::Solved);
        let now = self.now();
        let n = write!(self, p => async {
            let mut tx = p.begin().await?;
            let q = sqlx::query_as::<_, (i64,)>(&update);
            let q = match key {
                ArticleKey::Id(id) => q.bind(id),
                ArticleKey::Slug(slug) => q.bind(slug),
            };
            let hit = q.fetch_optional(&mut *tx).await?;
            if let (Some((id,)), true) = (hit, deflects) {
                sqlx::query("INSERT INTO kb_deflections (article_id, at) VALUES ($1, $2)")
                    .bind(id).bind(now).execute(&mut *tx).await?;
            }
            tx.commit().await?;
            Ok::<u64, sqlx::Error>(u64::from(hit.is_some()))
        }.await)?;
        found(n)
    }

    /// The published articles as search hits (steps included), by section and
    /// title, from this node's index: no read of the articles themselves.
    pub async fn published_hits(&self) -> StorageResult<Vec<ArticleHit>> {
        let kb = self.kb_index().await?;
        Ok(kb
            .order
            .iter()
            .filter_map(|id| kb.hits.get(id).cloned())
            .collect())
    }

    /// The best published articles for what a customer typed. A search that
    /// finds nothing is logged as a content gap.
    #[tracing::instrument(skip(self), err)]
    pub async fn search_articles(
        &self,
        query: &str,
        limit: usize,
    ) -> StorageResult<Vec<ArticleHit>> {
        let q = normalise_query(query);
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let kb = self.kb_index().await?;
        let hits: Vec<ArticleHit> = kb
            .index
            .search(&q, limit.min(MAX_HITS))
            .into_iter()
            .filter_map(|id| kb.hits.get(&id).cloned())
            .collect();
        if hits.is_empty() {
            self.log_failed_search(&q).await?;
        }
        Ok(hits)
    }

    /// This node's index, rebuilt when an article changed anywhere since.
    async fn kb_index(&self) -> StorageResult<Arc<KbCache>> {
        let (revision,): (i64,) = read!(self, p => sqlx::query_as(
            "SELECT revision FROM kb_revision WHERE id = 1").fetch_one(p).await)?;
        let slot = &self.caches.kb;
        if let Some(kb) = slot.0.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            if kb.revision == revision {
                return Ok(kb.clone());
            }
        }
        let articles = self.published_articles().await?;
        let docs: Vec<SearchDoc> = articles
            .iter()
            .map(|a| {
                let c = &a.content;
                SearchDoc {
                    id: a.id,
                    title: c.title.clone(),
                    summary: c.summary.clone(),
                    body: format!(
                        "{}\n{}\n{}",
                        c.applies_to,
                        c.steps.join("\n"),
                        c.troubleshooting
                    ),
                }
            })
            .collect();
        let index = tokio::task::spawn_blocking(move || KbIndex::build(&docs))
            .await
            .map_err(|e| StorageError::Other(Box::new(e)))?;
        let order = articles.iter().map(|a| a.id).collect();
        let hits = articles
            .into_iter()
            .map(|a| {
                let c = a.content;
                let hit = ArticleHit {
                    id: a.id,
                    slug: c.slug,
                    title: c.title,
                    summary: c.summary,
                    category: c.category,
                    steps: c.steps,
                };
                (a.id, hit)
            })
            .collect();
        // The revision was read before the articles: if one changed meanwhile,
        // the next search sees a newer revision and rebuilds again.
        let kb = Arc::new(KbCache {
            revision,
            index,
            hits,
            order,
        });
        *slot.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(kb.clone());
        Ok(kb)
    }

    async fn log_failed_search(&self, query: &str) -> StorageResult<()> {
        let now = self.now();
        write!(self, p => sqlx::query(
            "INSERT INTO kb_failed_searches (query, searches, first_at, last_at) VALUES ($1, 1, $2, $2) \
             ON CONFLICT (query) DO UPDATE SET searches = kb_failed_searches.searches + 1, last_at = $2")
            .bind(query).bind(now).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// The searches that found nothing, most asked first: what to write next.
    #[tracing::instrument(skip(self), err)]
    pub async fn content_gaps(&self, limit: i64) -> StorageResult<Vec<ContentGap>> {
        let rows: Vec<(String, i64, i64)> = read!(self, p => sqlx::query_as(
            "SELECT query, searches, last_at FROM kb_failed_searches ORDER BY searches DESC, last_at DESC LIMIT $1")
            .bind(limit).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(query, searches, last_at)| ContentGap {
                query,
                searches,
                last_at,
            })
            .collect())
    }

    /// Seeds the demo help centre, owned by `owner`: the articles are checked
    /// like any author's, then saved with their related links.
    pub async fn seed_articles(&self, json: &str, owner: Option<UserId>) -> StorageResult<usize> {
        let articles: Vec<ArticleContent> = serde_json::from_str(json)?;
        // Related links need their targets: save without them, then with them.
        let mut saved = Vec::new();
        for a in articles {
            let a = a.normalise().map_err(|e| {
                StorageError::Invalid(format!("demo article: {}: {}", e.field, e.reason))
            })?;
            let bare = ArticleContent {
                related: Vec::new(),
                ..a.clone()
            };
            let id = self
                .save_article(None, &bare, ArticleStatus::Published, owner)
                .await?;
            saved.push((id, a));
        }
        for (id, a) in &saved {
            self.save_article(Some(*id), a, ArticleStatus::Published, owner)
                .await?;
        }
        Ok(saved.len())
    }
}
