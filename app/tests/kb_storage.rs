//! The knowledge base on SQLite and PostgreSQL: the demo help centre is
//! complete and valid, search ranks, forgives typos and sees only published
//! articles (on every node, at once), searches that found nothing are kept for
//! the admins, and a refused save changes nothing.

use app::domain::kb::{ArticleContent, ArticleStatus};
use app::storage::kb::ArticleFigure;
use app::storage::seed::SeedSize;
use app::storage::{Storage, StorageError, TimeSource};
use app::testing::TestDb;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    the_demo_help_centre_has_thirty_valid_linked_articles,
    search_ranks_forgives_a_typo_and_finds_words_being_typed,
    only_published_articles_are_found_on_every_node_at_once,
    searches_that_found_nothing_are_counted_for_the_admins,
    a_refused_article_changes_nothing,
    figures_count_only_on_published_articles,
    a_solved_answer_counts_once_by_id_or_address,
);

async fn seeded(backend: &str) -> (TestDb, Storage) {
    let db = TestDb::new(backend).await;
    let time = TimeSource::manual(1_795_000_000_000);
    let s = db.open().await.expect("open").with_time(time);
    let size = SeedSize {
        customers: 5,
        cases: 5,
    };
    assert!(s
        .seed_demo(size, "$argon2id$x", s.now())
        .await
        .expect("seed"));
    (db, s)
}

async fn titles(s: &Storage, q: &str) -> Vec<String> {
    s.search_articles(q, 8)
        .await
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .into_iter()
        .map(|h| h.slug)
        .collect()
}

fn draft(slug: &str, title: &str) -> ArticleContent {
    ArticleContent {
        slug: slug.into(),
        title: title.into(),
        summary: "Quokkas are welcome in every car.".into(),
        category: "On the road".into(),
        applies_to: "Every rental".into(),
        steps: vec!["Open the window for your quokka.".into()],
        troubleshooting: String::new(),
        related: vec![],
    }
    .normalise()
    .unwrap()
}

async fn the_demo_help_centre_has_thirty_valid_linked_articles(backend: &str) {
    let (db, s) = seeded(backend).await;
    let all = s.kb_articles().await.unwrap();
    assert!(all.len() >= 30, "{} articles", all.len());
    for a in &all {
        assert_eq!(a.status, ArticleStatus::Published);
        assert_eq!(
            a.content.clone().normalise().as_ref(),
            Ok(&a.content),
            "{}",
            a.content.slug
        );
        assert_eq!(a.owner_name.as_deref(), Some("Alex Admin"));
        assert!(a.owner_id.is_some(), "{} has an owner", a.content.slug);
    }
    let with_related = all.iter().find(|a| !a.content.related.is_empty()).unwrap();
    let page = s
        .help_article(&with_related.content.slug)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.related.len(), with_related.content.related.len());
    for (slug, title) in &page.related {
        let target = all.iter().find(|a| &a.content.slug == slug).unwrap();
        assert_eq!(&target.content.title, title);
    }
    db.drop_db().await;
}

async fn search_ranks_forgives_a_typo_and_finds_words_being_typed(backend: &str) {
    let (db, s) = seeded(backend).await;
    assert_eq!(
        titles(&s, "when do I get my refund").await[0],
        "refund-timing"
    );
    assert_eq!(titles(&s, "refnud").await[0], "refund-timing");
    assert_eq!(titles(&s, "flat tire").await[0], "flat-tyre");
    assert!(titles(&s, "lost my keys")
        .await
        .contains(&"lost-car-keys".to_string()));
    let typing = titles(&s, "roadsid").await;
    assert!(
        typing.contains(&"breakdown-roadside-assistance".to_string()),
        "{typing:?}"
    );
    let hit = &s.search_articles("cancel booking", 8).await.unwrap()[0];
    assert_eq!(hit.slug, "cancel-booking-fees");
    assert!(
        !hit.steps.is_empty(),
        "hits carry their steps for inline answers"
    );
    db.drop_db().await;
}

async fn only_published_articles_are_found_on_every_node_at_once(backend: &str) {
    let (db, s) = seeded(backend).await;
    let other_node = db.open().await.unwrap();
    assert!(titles(&other_node, "quokka").await.is_empty());
    let id = s
        .save_article(
            None,
            &draft("quokka-passengers", "Can my quokka ride along?"),
            ArticleStatus::Draft,
            None,
        )
        .await
        .unwrap();
    assert!(
        titles(&s, "quokka").await.is_empty(),
        "a draft is not found"
    );
    assert!(s.help_article("quokka-passengers").await.unwrap().is_none());
    let content = draft("quokka-passengers", "Can my quokka ride along?");
    s.save_article(Some(id), &content, ArticleStatus::Published, None)
        .await
        .unwrap();
    assert_eq!(
        titles(&other_node, "quokka").await,
        vec!["quokka-passengers"]
    );
    assert_eq!(titles(&s, "quokkas ride").await, vec!["quokka-passengers"]);
    s.save_article(Some(id), &content, ArticleStatus::Archived, None)
        .await
        .unwrap();
    assert!(
        titles(&other_node, "quokka").await.is_empty(),
        "archived is gone everywhere"
    );
    assert!(s.help_article("quokka-passengers").await.unwrap().is_none());
    db.drop_db().await;
}

async fn searches_that_found_nothing_are_counted_for_the_admins(backend: &str) {
    let (db, s) = seeded(backend).await;
    assert!(titles(&s, "  Hovercraft   MOORING ").await.is_empty());
    assert!(titles(&s, "hovercraft mooring").await.is_empty());
    assert!(titles(&s, "zeppelin").await.is_empty());
    assert!(!titles(&s, "refund").await.is_empty());
    let gaps = s.content_gaps(10).await.unwrap();
    let listed: Vec<(&str, i64)> = gaps
        .iter()
        .map(|g| (g.query.as_str(), g.searches))
        .collect();
    assert_eq!(listed, vec![("hovercraft mooring", 2), ("zeppelin", 1)]);
    db.drop_db().await;
}

async fn a_refused_article_changes_nothing(backend: &str) {
    let (db, s) = seeded(backend).await;
    let before = s.kb_articles().await.unwrap();
    let mut bad = draft("quokka-passengers", "Can my quokka ride along?");
    bad.related = vec!["no-such-article".into()];
    match s
        .save_article(None, &bad, ArticleStatus::Published, None)
        .await
    {
        Err(StorageError::Field {
            field: "related", ..
        }) => {}
        other => panic!("expected a refused related link, got {other:?}"),
    }
    let taken = draft("refund-timing", "Another refund article");
    match s
        .save_article(None, &taken, ArticleStatus::Published, None)
        .await
    {
        Err(StorageError::Field { field: "slug", .. }) => {}
        other => panic!("expected a taken address, got {other:?}"),
    }
    match s
        .save_article(
            Some(999_999),
            &draft("x-y", "Nothing"),
            ArticleStatus::Draft,
            None,
        )
        .await
    {
        Err(StorageError::NotFound) => {}
        other => panic!("expected not found, got {other:?}"),
    }
    assert_eq!(s.kb_articles().await.unwrap(), before);
    db.drop_db().await;
}

async fn figures_count_only_on_published_articles(backend: &str) {
    let (db, s) = seeded(backend).await;
    let page = s.help_article("flat-tyre").await.unwrap().unwrap();
    s.count_article(page.id, ArticleFigure::View).await.unwrap();
    s.count_article(page.id, ArticleFigure::View).await.unwrap();
    s.count_article(page.id, ArticleFigure::Helpful)
        .await
        .unwrap();
    s.count_article(page.id, ArticleFigure::NotHelpful)
        .await
        .unwrap();
    s.count_article(page.id, ArticleFigure::Deflection)
        .await
        .unwrap();
    let id = s
        .save_article(
            None,
            &draft("quokka-passengers", "Quokkas"),
            ArticleStatus::Draft,
            None,
        )
        .await
        .unwrap();
    assert!(matches!(
        s.count_article(id, ArticleFigure::Helpful).await,
        Err(StorageError::NotFound)
    ));
    let all = s.kb_articles().await.unwrap();
    let flat = all.iter().find(|a| a.id == page.id).unwrap();
    assert_eq!(
        (
            flat.stats.views,
            flat.stats.helpful,
            flat.stats.not_helpful,
            flat.stats.deflections
        ),
        (2, 1, 1, 1)
    );
    let quokka = all.iter().find(|a| a.id == id).unwrap();
    assert_eq!(quokka.stats, Default::default());
    db.drop_db().await;
}

async fn a_solved_answer_counts_once_by_id_or_address(backend: &str) {
    let (db, s) = seeded(backend).await;
    let page = s.help_article("lost-car-keys").await.unwrap().unwrap();
    s.count_article(page.id, ArticleFigure::Solved)
        .await
        .unwrap();
    s.count_article_at("lost-car-keys", ArticleFigure::Helpful)
        .await
        .unwrap();
    assert!(matches!(
        s.count_article_at("no-such-article", ArticleFigure::Helpful)
            .await,
        Err(StorageError::NotFound)
    ));
    let stats = s
        .kb_articles()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.id == page.id)
        .unwrap()
        .stats;
    assert_eq!(
        (stats.deflections, stats.helpful, stats.not_helpful),
        (1, 2, 0)
    );
    let listed = s.published_hits().await.unwrap();
    assert_eq!(listed.len(), s.kb_articles().await.unwrap().len());
    assert!(listed
        .windows(2)
        .all(|w| (&w[0].category, &w[0].title) <= (&w[1].category, &w[1].title)));
    db.drop_db().await;
}
