//! buildAuthorizationHeader: no panic, and a built header never carries CR, LF or NUL.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zendesk_auth::{build_authorization_header, Raw, RawCredentials};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut fields = text.split('\u{1f}');
    let scheme = fields.next();
    let mut next = || fields.next().map_or(Raw::Absent, Raw::Text);
    let raw = RawCredentials { subdomain: next(), email: next(), api_token: next(), oauth_token: next(), password: next() };
    // Before the password removal, so all three schemes can be built.
    if let Ok(header) = build_authorization_header(&raw, scheme.filter(|s| !s.is_empty()), 1_764_547_200_000.0) {
        assert!(!header.contains(['\r', '\n', '\0']));
        assert!(header.starts_with("Basic ") || header.starts_with("Bearer "));
    }
});
