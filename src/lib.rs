#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod b64;
#[cfg(feature = "client")]
pub mod client;
pub mod credentials;
pub mod diagnostic;
pub mod header;
pub mod heap;
pub mod jwt;
pub mod oauth;
pub mod outcome;
pub mod ratelimit;
pub mod redact;
pub mod retry;
pub mod sha256;
pub mod subdomain;
pub mod target;
pub mod text;

pub mod wasm;

pub use credentials::{validate, Credentials, Raw, RawCredentials, Validation};
pub use diagnostic::{Code, Diagnostic, Field, Severity};
pub use header::{build_authorization_header, inspect_authorization_header, BuildError, InspectedScheme, Inspection, Scheme};
pub use redact::redact;
