//! Base64 (RFC 4648), standard and URL-safe alphabets, strict like the `base64` crate.
//!
//! Why not that crate: its general-purpose engine is about 4.5 KB of wasm, tuned for
//! megabytes; this crate encodes a header's worth of bytes. The property tests check
//! every function here against the crate, which stays a dev-dependency for that.

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const URL_SAFE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Appends base64 of `bytes` to `out`: `url_safe` picks the alphabet, `pad` adds `=`.
pub fn encode_into(out: &mut String, bytes: &[u8], url_safe: bool, pad: bool) {
    let table = if url_safe { URL_SAFE } else { STANDARD };
    // SAFETY: only bytes of the two tables and '=' are pushed, all ASCII, so the String
    // stays UTF-8. (Pushing bytes rather than chars skips the UTF-8 encoder per char.)
    let out = unsafe { out.as_mut_vec() };
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16 | (*chunk.get(1).unwrap_or(&0) as u32) << 8 | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(table[(n >> (18 - 6 * i) & 63) as usize]);
            } else if pad {
                out.push(b'=');
            }
        }
    }
}

/// Base64url without padding, as PKCE and JWTs use it.
pub fn encode_url(bytes: &[u8]) -> String {
    let mut s = String::new(); // encode_into reserves what it needs
    encode_into(&mut s, bytes, true, false);
    s
}

/// Decodes unpadded base64. None for a character outside the alphabet, a length no
/// encoder produces, or unused low bits that are not zero (a non-canonical encoding).
pub fn decode(text: &str, url_safe: bool) -> Option<Vec<u8>> {
    let (plus, slash) = if url_safe { (b'-', b'_') } else { (b'+', b'/') };
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &c in text.as_bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            _ if c == plus => 62,
            _ if c == slash => 63,
            _ => return None,
        };
        acc = acc << 6 | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // 6 leftover bits means a length of 4n+1; the others must be zero.
    (bits < 6 && acc == 0).then_some(out)
}

/// Decodes standard base64 with the padding an encoder writes (length a multiple of 4).
pub fn decode_padded(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 != 0 {
        return None;
    }
    let body = text.strip_suffix("==").or_else(|| text.strip_suffix("=")).unwrap_or(text);
    decode(body, false)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    //! The hand-written code checked against the `base64` crate over arbitrary input.
    use super::*;
    use base64::Engine;
    use proptest::prelude::*;

    proptest! {
    #[test]
    fn hand_written_base64_encodes_like_the_base64_crate(bytes in prop::collection::vec(any::<u8>(), 0..100)) {
        use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
        let mut padded = String::new();
        encode_into(&mut padded, &bytes, false, true);
        prop_assert_eq!(decode_padded(&padded), Some(bytes.clone()));
        prop_assert_eq!(padded, STANDARD.encode(&bytes));
        let url = encode_url(&bytes);
        prop_assert_eq!(decode(&url, true), Some(bytes.clone()));
        prop_assert_eq!(url, URL_SAFE_NO_PAD.encode(&bytes));
    }

    #[test]
    fn hand_written_base64_accepts_and_refuses_what_the_crate_does(text in "[A-Za-z0-9+/=_-]{0,24}") {
        use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
        prop_assert_eq!(decode(&text, false), STANDARD_NO_PAD.decode(&text).ok());
        prop_assert_eq!(decode(&text, true), URL_SAFE_NO_PAD.decode(&text).ok());
        prop_assert_eq!(decode_padded(&text), STANDARD.decode(&text).ok());
    }
    }
}
