//! Shared by every test binary: the case table, and (in wasm) the tests that run it
//! through the JavaScript boundary.
pub mod cases;
#[cfg(target_arch = "wasm32")]
pub mod through_js;
