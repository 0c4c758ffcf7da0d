//! inspectAuthorizationHeader on anything: no panic; a masked secret keeps at most 4
//! characters of the secret.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zendesk_auth::inspect_authorization_header;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let r = inspect_authorization_header(text, 1_795_305_600_000.0);
    if let Some(masked) = r.secret_masked {
        assert!(masked.starts_with("********") && masked.chars().count() <= 12);
    }
});
