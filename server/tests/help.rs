//! The public help centre against a real server: plain server-rendered HTML
//! without the application's WebAssembly, search with a typo, a 404 for what
//! is not published, "Was this helpful?" as a plain form, and a limit per
//! client address.

mod common;

use app::domain::kb::ArticleStatus;
use common::TestServer;

macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite { $( #[tokio::test] async fn $name() { super::$name("sqlite").await } )* }
        mod postgres { $( #[tokio::test] async fn $name() { super::$name("postgres").await } )* }
    };
}

on_both_backends!(
    the_help_centre_is_plain_html_without_the_app_bundle,
    feedback_is_counted_and_bad_feedback_changes_nothing,
    public_pages_are_limited_per_client_address,
);

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn get(s: &TestServer, path: &str) -> (u16, String) {
    let r = no_redirects().get(s.url(path)).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn figures(s: &TestServer, slug: &str) -> app::domain::kb::ArticleStats {
    let all = s.state.storage.kb_articles().await.unwrap();
    all.into_iter()
        .find(|a| a.content.slug == slug)
        .unwrap()
        .stats
}

async fn the_help_centre_is_plain_html_without_the_app_bundle(backend: &str) {
    let s = TestServer::start(backend).await;
    let (status, home) = get(&s, "/help").await;
    assert_eq!(status, 200);
    assert!(home.contains("How can we help?"));
    assert!(home.contains("When will I get my refund?"));
    assert!(home.contains("Damage and insurance"));
    for script in ["switchboard.js", ".wasm", "hydrate"] {
        assert!(!home.contains(script), "the help centre loads {script}");
    }
    // Other pages do load the app.
    assert!(get(&s, "/login").await.1.contains("switchboard.js"));

    let (_, found) = get(&s, "/help?q=refnud").await;
    let results = found
        .split("data-testid=\"help-results\"")
        .nth(1)
        .expect("results");
    assert!(
        results.contains("When will I get my refund?"),
        "typo forgiven"
    );

    let (_, none) = get(&s, "/help?q=hovercraft").await;
    assert!(none.contains("help-no-results"));
    assert_eq!(
        s.state.storage.content_gaps(5).await.unwrap()[0].query,
        "hovercraft"
    );

    assert_eq!(figures(&s, "refund-timing").await.views, 0);
    let (status, page) = get(&s, "/help/refund-timing").await;
    assert_eq!(status, 200);
    assert!(page.contains("class=\"help-steps\""), "{page}");
    assert!(page.contains("We issue the refund within 2 working days"));
    assert!(page.contains("Related articles"));
    assert_eq!(figures(&s, "refund-timing").await.views, 1);

    assert_eq!(get(&s, "/help/no-such-article").await.0, 404);
    let draft = s.state.storage.kb_articles().await.unwrap().remove(0);
    s.state
        .storage
        .save_article(Some(draft.id), &draft.content, ArticleStatus::Draft, None)
        .await
        .unwrap();
    assert_eq!(
        get(&s, &format!("/help/{}", draft.content.slug)).await.0,
        404
    );
    s.stop().await;
}

async fn feedback_is_counted_and_bad_feedback_changes_nothing(backend: &str) {
    let s = TestServer::start(backend).await;
    let http = no_redirects();
    let post = |path: &str, helpful: &str| {
        http.post(s.url(path))
            .form(&[("helpful", helpful.to_string())])
            .send()
    };
    let r = post("/help/flat-tyre/feedback", "yes").await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/help/flat-tyre?feedback=yes#feedback"
    );
    post("/help/flat-tyre/feedback", "no").await.unwrap();
    let (_, thanks) = get(&s, "/help/flat-tyre?feedback=yes").await;
    assert!(thanks.contains("glad it helped"));
    assert!(
        !thanks.contains("name=\"helpful\""),
        "the buttons give way to thanks"
    );

    assert_eq!(
        post("/help/flat-tyre/feedback", "maybe")
            .await
            .unwrap()
            .status(),
        422
    );
    assert_eq!(
        post("/help/no-such/feedback", "yes")
            .await
            .unwrap()
            .status(),
        404
    );
    let cross_site = http
        .post(s.url("/help/flat-tyre/feedback"))
        .header("origin", "https://evil.example")
        .form(&[("helpful", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403);
    let f = figures(&s, "flat-tyre").await;
    assert_eq!((f.helpful, f.not_helpful), (1, 1));
    s.stop().await;
}

async fn public_pages_are_limited_per_client_address(backend: &str) {
    let db = app::testing::TestDb::new(backend).await;
    let s = TestServer::start_with(
        db,
        app::storage::TimeSource::system(),
        &[("SWITCHBOARD_PUBLIC_PER_MINUTE", "3")],
    )
    .await;
    for _ in 0..3 {
        assert_eq!(get(&s, "/help").await.0, 200);
    }
    let (status, page) = get(&s, "/help").await;
    assert_eq!(status, 429);
    assert!(page.contains("Try again in"), "{page}");
    let r = no_redirects()
        .post(s.url("/help/flat-tyre/feedback"))
        .form(&[("helpful", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    assert_eq!(figures(&s, "flat-tyre").await.helpful, 0);
    // Signed-in staff are not held up by customers' limit.
    assert_eq!(get(&s, "/login").await.0, 200);
    s.stop().await;
}
