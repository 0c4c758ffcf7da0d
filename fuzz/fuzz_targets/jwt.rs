//! JWT expiry reading on arbitrary tokens, including raw JSON payloads encoded here.
#![no_main]
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use zendesk_auth::core::jwt;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = jwt::expiry_ms(text);
    }
    // Treat the bytes as a JSON payload too, so the walker sees deep nesting and strings.
    let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data);
    if let Some(ms) = jwt::expiry_ms(&format!("eyJhbGciOiJub25lIn0.{payload}.c2ln")) {
        assert!(ms.is_finite() && ms >= 0.0);
    }
});
