//! The chat widget's WebAssembly entry point: renders the widget into the
//! iframe page served at `/widget`.
#![forbid(unsafe_code)]

use wasm_bindgen::prelude::wasm_bindgen;

/// Runs when the module loads: mounts the widget and marks the page
/// `data-ready` once its controls work (browser tests wait for it).
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::ui::widget::WidgetApp);
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-ready", "");
    }
}
