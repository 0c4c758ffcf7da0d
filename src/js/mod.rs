//! The JavaScript boundary: reads JS values once, hands them to `crate::core`, and
//! builds the JS results. It converts; it never decides.

#[cfg(feature = "client")]
pub mod client;
pub mod core;
