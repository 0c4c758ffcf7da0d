//! The decisions, in plain Rust with no JavaScript in sight: what is wrong with a
//! credential, which header to send, where a request may go, when to retry, what
//! Zendesk's answer means. Tested natively; `src/js/` only converts values.

pub(crate) mod b64;
pub mod codes;
pub mod credentials;
pub mod diagnostic;
pub mod header;
pub mod jwt;
pub mod oauth;
pub mod outcome;
pub mod pagination;
pub mod query;
pub mod ratelimit;
pub mod redact;
pub mod retry;
pub mod scheme;
pub mod subdomain;
pub(crate) mod text;
pub mod url;
