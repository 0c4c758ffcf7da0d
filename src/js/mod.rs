//! The JavaScript boundary: reads JS values once, hands them to `crate::core`, and
//! builds the JS results. It converts; it never decides. Each `.rs` file binds the
//! `.js` file beside it; no JavaScript exception ever unwinds through a Rust frame
//! (every import that runs a caller's code or the network catches in JavaScript).

#[cfg(feature = "client")]
pub mod client;
pub mod core;
mod read;
