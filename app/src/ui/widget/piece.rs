//! Split-off pieces of the widget's WebAssembly. `scripts/build-widget.sh`
//! splits the bundle: the entry points declared here, with what only they
//! reach, become pieces fetched by their first call, so the first download
//! carries only the greeting and the question box. A fetch that
//! fails (offline) is an `Err` that [`until_loaded`] tries again, where the
//! default would panic and stop the whole widget.

use std::future::Future;

/// How soon a piece that could not be fetched is tried again.
pub const RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(5);

/// A split-off piece of the widget could not be fetched.
#[derive(Debug)]
pub struct NotLoaded;

impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// Declares the entry points of the piece `$piece`: in the widget's bundle,
/// `wasm_split` functions of that piece; elsewhere (the agent's bundle, the
/// server) plain async functions, so the agent's bundle carries none of it.
macro_rules! split_entries {
    ($piece:ident { $($vis:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty $body:block)* }) => {$(
        #[cfg(feature = "widget")]
        #[leptos::wasm_split::wasm_split($piece, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$out, $crate::ui::widget::piece::NotLoaded> $body

        #[cfg(not(feature = "widget"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$out, $crate::ui::widget::piece::NotLoaded> $body
    )*};
}
pub(crate) use split_entries;

/// Calls an entry point until its piece has been fetched, trying again
/// every [`RETRY_EVERY`] while it cannot be.
pub async fn until_loaded<T, F: Future<Output = Result<T, NotLoaded>>>(
    mut call: impl FnMut() -> F,
) -> T {
    loop {
        if let Ok(v) = call().await {
            return v;
        }
        super::browser::sleep(RETRY_EVERY).await;
    }
}
