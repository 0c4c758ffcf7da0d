//! redact() on anything: no panic, output no longer than input plus masks, and every
//! line break kept (a value wrapped over lines is masked line by line).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let out = zendesk_auth::redact(text);
    // Each masked span becomes at most 12 characters, so output never grows much.
    assert!(out.len() <= text.len() + 12 * (text.len() / 2 + 1));
    let breaks = |s: &str| s.bytes().filter(|&b| b == b'\n').count();
    assert_eq!(breaks(&out), breaks(text));
});
