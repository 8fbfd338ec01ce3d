//! Resources whose server-rendered values the browser reads as bytes.
//!
//! Leptos's default resource codec reads a hydrated value with
//! `serde_json::from_str`, while every server function's answer is read with
//! `serde_json::from_slice`. Each reader is its own copy of the deserialising
//! code of every type both carry, so the agent page's WebAssembly held two.
//! [`Json`] reads hydrated values from their bytes as the server functions do,
//! and the page keeps one copy.

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

/// JSON written as Leptos writes it, read from bytes as server functions read.
pub struct Json;

impl<T: Serialize> Encoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(val: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(val)
    }
}

impl<T: DeserializeOwned> Decoder<T> for Json {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(val: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(val.as_bytes())
    }
}

/// A resource carried from the server to the browser with [`Json`].
pub type Res<T> = Resource<T, Json>;

/// `Resource::new`, with [`Json`] as its codec.
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Res<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
