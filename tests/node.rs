//! The shared cases through wasm in Node.
#![cfg(target_arch = "wasm32")]
mod common;
