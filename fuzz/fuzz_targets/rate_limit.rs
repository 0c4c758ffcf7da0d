//! Rate-limit and Retry-After header parsing on arbitrary header lists.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zendesk_auth::core::{ratelimit, retry};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let headers: Vec<(&str, &str)> = text.lines().filter_map(|l| l.split_once(':')).collect();
    let _ = ratelimit::read(headers.iter().copied());
    for (_, v) in &headers {
        if let Some(ms) = retry::parse_retry_after(v, 1_795_305_600_000.0) {
            assert!(ms >= 0.0 && ms.is_finite());
        }
    }
});
