#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod core;
// The allocator runs only in wasm32; natively its unit tests exercise the wiping wrapper.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod heap;
#[doc(hidden)]
pub mod js;

pub use crate::core::credentials::{validate, Credentials, Raw, RawCredentials, Validation};
pub use crate::core::diagnostic::{Code, Diagnostic, Field, Severity};
pub use crate::core::header::{build_authorization_header, inspect_authorization_header, BuildError, InspectedScheme, Inspection, Scheme};
pub use crate::core::redact::redact;
