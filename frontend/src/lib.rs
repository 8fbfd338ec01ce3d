//! The WebAssembly entry point: hydrates the server-rendered page in the browser.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the generated JS once the WASM module is loaded. Marks the page
/// `data-hydrated` once its controls work.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Some routes are split into chunks of their own (`cargo leptos --split`):
    // hydration waits for the current page's chunk before matching the DOM, and
    // only then marks the page `data-hydrated` (browser tests wait for it).
    wasm_bindgen_futures::spawn_local(async {
        let document = leptos::prelude::document();
        let Some(body) = document.body() else {
            return;
        };
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

/// Scores each line of `text` with the sentiment engine and returns the sum of
/// the compound scores: the WebAssembly sentiment benchmark calls it (see
/// `end2end/bench-sentiment.mjs`); the sum keeps the work from being skipped.
/// It and [`sentiment_load`] are split off (`#[lazy]`): the first call fetches
/// the engine, so the pages that never score text do not carry it for the
/// benchmark's sake (the composer's own copy comes with the case view).
#[wasm_bindgen]
pub async fn sentiment_sum(text: String) -> f64 {
    score_lines(text).await
}

#[leptos::lazy]
fn score_lines(text: String) -> f64 {
    text.lines()
        .map(|l| app::engine::sentiment::polarity_scores(l).compound)
        .sum()
}

/// Hands the sentiment lexicons (the texts the server serves at
/// `/sentiment/words.tsv` and `/sentiment/emojis.txt`) to the engine: the
/// benchmark calls it before [`sentiment_sum`], as the composer does after fetching them.
#[wasm_bindgen]
pub async fn sentiment_load(words: String, emojis: String) {
    load_lexicons(words, emojis).await;
}

#[leptos::lazy]
fn load_lexicons(words: String, emojis: String) {
    app::engine::sentiment::load_lexicons(words, emojis);
}
