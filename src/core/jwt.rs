//! Reading the expiry of a JWT access token, without verifying it.
//!
//! Zendesk's expiring OAuth access tokens are JWTs (`typ: at+jwt`). We only need the
//! top-level numeric `exp` claim, so instead of a JSON library this walks the payload
//! once with an explicit depth counter: linear in the input, no recursion.


/// True when the value has the shape `header.payload.signature` with a JSON header
/// (`eyJ` is base64url of `{"`).
pub fn looks_like_jwt(token: &str) -> bool {
    let Some((h, rest)) = crate::core::text::split_once_byte(token, b'.') else { return false };
    let Some((p, s)) = crate::core::text::split_once_byte(rest, b'.') else { return false };
    if crate::core::text::has_byte(s, b'.') {
        return false;
    }
    h.starts_with("eyJ") && !p.is_empty() && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.' || b == b'=')
}

/// The `exp` claim of a JWT in milliseconds since the epoch, if the token is a JWT with
/// a numeric `exp`.
pub fn expiry_ms(token: &str) -> Option<f64> {
    if !looks_like_jwt(token) {
        return None;
    }
    let (_, rest) = crate::core::text::split_once_byte(token, b'.')?;
    let (payload, _) = crate::core::text::split_once_byte(rest, b'.')?;
    let bytes = crate::core::b64::decode(crate::core::text::trim_end_byte(payload, b'='), true)?;
    top_level_number(&bytes, b"exp").map(|secs| secs * 1000.0)
}

/// Finds `"key": <number>` among the members of a top-level JSON object: one pass that
/// counts brackets outside strings, so only a name at depth 1 followed by `:` is a member
/// name (a string value cannot be followed by `:`).
fn top_level_number(json: &[u8], key: &[u8]) -> Option<f64> {
    if json.get(skip_ws(json, 0)) != Some(&b'{') {
        return None;
    }
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&c) = json.get(i) {
        match c {
            b'"' => {
                let start = i + 1;
                i = skip_string(json, i)?;
                let colon = skip_ws(json, i);
                if depth == 1 && &json[start..i - 1] == key && json.get(colon) == Some(&b':') {
                    let v = skip_ws(json, colon + 1);
                    let end = v + json[v..].iter().take_while(|c| !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')).count();
                    return seconds(&json[v..end]);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.checked_sub(1)?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// A NumericDate: whole seconds, optionally with a fraction (dropped). Parsed by hand
/// because `str::parse::<f64>` brings ~10 KB of tables into the wasm binary.
fn seconds(text: &[u8]) -> Option<f64> {
    let whole = text.split(|&b| b == b'.').next()?;
    if whole.is_empty() || whole.len() > 15 || !whole.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(whole.iter().fold(0.0, |n, &d| n * 10.0 + f64::from(d - b'0')))
}

fn skip_ws(json: &[u8], mut i: usize) -> usize {
    while matches!(json.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Given the index of an opening quote, the index just past the closing quote.
fn skip_string(json: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    loop {
        match json.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Payloads encoded with: python3 -c "import base64;print(base64.urlsafe_b64encode(b'...').rstrip(b'='))"
    // {"sub":"1","exp":1795316000,"scope":"read"}
    const PAYLOAD: &str = "eyJzdWIiOiIxIiwiZXhwIjoxNzk1MzE2MDAwLCJzY29wZSI6InJlYWQifQ";
    // {"nested":{"exp":1},"list":[{"exp":2}],"s":"\"exp\":3","exp":1795316000}
    const NESTED: &str = "eyJuZXN0ZWQiOnsiZXhwIjoxfSwibGlzdCI6W3siZXhwIjoyfV0sInMiOiJcImV4cFwiOjMiLCJleHAiOjE3OTUzMTYwMDB9";

    #[test]
    fn reads_top_level_exp_only() {
        let header = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9";
        for payload in [PAYLOAD, NESTED] {
            let token = [header, payload, "c2ln"].join(".");
            assert_eq!(expiry_ms(&token), Some(1_795_316_000_000.0));
        }
    }

    #[test]
    fn ignores_non_jwts_and_broken_payloads() {
        assert_eq!(expiry_ms("6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"), None);
        assert_eq!(expiry_ms("eyJ.e30.sig"), None); // {} has no exp
        assert_eq!(expiry_ms("eyJhbGciOiJub25lIn0.%%%.sig"), None);
        assert_eq!(expiry_ms(&["eyJ", &"W".repeat(10_000), "x"].join(".")), None);
    }
}
