//! validate() with five fields cut from the input at 0x1F: no panic, no hang, and a
//! usable subdomain always names a Zendesk host.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zendesk_auth::core::subdomain;
use zendesk_auth::{validate, Raw, RawCredentials};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut fields = text.split('\u{1f}').map(Raw::Text);
    let mut next = || fields.next().unwrap_or(Raw::Absent);
    let raw = RawCredentials { subdomain: next(), email: next(), api_token: next(), oauth_token: next(), password: next() };
    let v = validate(&raw, 1_795_305_600_000.0);
    if v.ok() {
        let label = v.credentials.subdomain.as_deref().unwrap();
        assert!(label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        assert_eq!(subdomain::base_url(label), format!("https://{label}.zendesk.com"));
    }
});
