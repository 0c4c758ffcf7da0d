//! Masking credentials inside free text, such as log lines and error reports.
//!
//! One left-to-right scan collects the byte spans of secrets; the text is then
//! rebuilt once with each span masked. Every pattern starts with ASCII, so spans
//! always fall on character boundaries. The scan is linear in the input.

use crate::core::text;

/// Keys whose value is a secret in `key=value`, `key: value` and JSON forms.
const SECRET_KEYS: &[&str] = &[
    "authorization", "api_token", "apitoken", "api-token", "api_key", "apikey", "x-api-key",
    "access_token", "accesstoken", "refresh_token", "refreshtoken", "oauth_token", "oauthtoken",
    "client_secret", "clientsecret", "code_verifier", "codeverifier", "password", "passwd",
    "secret", "token",
];

fn is_token_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/' | b'=')
}

/// Where a value ends in running text: at whitespace, a quote or punctuation that
/// closes a value in logs, JSON, URLs and headers.
fn ends_value(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b',' | b';' | b'&' | b'}' | b')' | b']' | b'<' | b'>')
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Returns the text with every credential it recognises masked, keeping at most the
/// last 4 characters of a long secret: Authorization header values (`Basic ...`,
/// `Bearer ...`), `email/token:SECRET`, `key=value` / `"key": "value"` pairs with a
/// secret-sounding key, JWTs, and bare 40-character API tokens.
pub fn redact(input: &str) -> String {
    let b = input.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !is_word(b[i - 1]);
        let found = if boundary && b[i].is_ascii_alphabetic() {
            scheme_secret(b, i).or_else(|| bare_secret(b, i))
        } else if matches!(b[i], b':' | b'=') {
            key_value_secret(b, i)
        } else if b[i] == b'/' {
            token_string_secret(input, i)
        } else if boundary && b[i].is_ascii_digit() {
            bare_secret(b, i)
        } else {
            None
        };
        match found {
            Some((start, end)) if end > start => {
                spans.push((start, end));
                i = end;
            }
            _ => i += 1,
        }
    }
    if spans.is_empty() {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len());
    let mut last = 0;
    for (start, end) in spans {
        out.push_str(&input[last..start]);
        out.push_str(&text::mask(&input[start..end]));
        last = end;
    }
    out.push_str(&input[last..]);
    out
}

/// `Basic <b64>` / `Bearer <token>`: the span of the credential.
fn scheme_secret(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let after = ["basic", "bearer"].iter().find_map(|w| {
        let end = i + w.len();
        (b.len() > end && b[i..end].eq_ignore_ascii_case(w.as_bytes()) && b[end] == b' ').then_some(end)
    })?;
    let start = skip_spaces(b, after);
    let end = run(b, start, is_token_char);
    // "Basic auth", "Bearer authentication": prose, not a credential.
    let value = &b[start..end];
    let credential_like = value.len() >= 8
        && value.iter().enumerate().any(|(k, &c)| c.is_ascii_digit() || (k > 0 && c.is_ascii_uppercase()) || !c.is_ascii_alphanumeric());
    credential_like.then_some((start, end))
}

/// `key=value`, `key: value`, `"key": "value"` where the key *ends* with a
/// secret-sounding name (`token`, `ZENDESK_API_TOKEN`, `myapp_refresh_token`...).
/// Triggered at the separator `i`; the look-back is bounded by the longest key.
fn key_value_secret(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut end = i;
    while end > 0 && matches!(b[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end > 0 && matches!(b[end - 1], b'"' | b'\'') {
        end -= 1;
    }
    let is_key = SECRET_KEYS.iter().any(|k| end >= k.len() && b[end - k.len()..end].eq_ignore_ascii_case(k.as_bytes()));
    if !is_key {
        return None;
    }
    let mut j = skip_spaces(b, i + 1);
    if matches!(b.get(j), Some(b'"' | b'\'')) {
        j += 1;
    }
    // The scheme pass masks `Authorization: Basic xxx` itself.
    if scheme_secret(b, j).is_some() {
        return None;
    }
    let end = run(b, j, |c| !ends_value(c));
    Some((j, end))
}

/// `/token:SECRET` (the email before it is not a secret and stays).
fn token_string_secret(s: &str, i: usize) -> Option<(usize, usize)> {
    let rest = s.get(i..i + 7)?;
    if !rest.eq_ignore_ascii_case("/token:") {
        return None;
    }
    let b = s.as_bytes();
    let start = i + 7;
    Some((start, run(b, start, |c| !ends_value(c))))
}

/// A JWT, or a run of 40 letters and digits shaped like an API token.
fn bare_secret(b: &[u8], i: usize) -> Option<(usize, usize)> {
    if b[i..].starts_with(b"eyJ") {
        let end = run(b, i, |c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'));
        if b[i..end].iter().filter(|&&c| c == b'.').count() >= 2 {
            return Some((i, end));
        }
    }
    let end = run(b, i, |c| c.is_ascii_alphanumeric());
    let word = core::str::from_utf8(&b[i..end]).ok()?;
    let bounded = b.get(end).is_none_or(|&c| !is_word(c));
    (bounded && text::looks_like_api_token(word.as_bytes())).then_some((i, end))
}

fn skip_spaces(b: &[u8], mut j: usize) -> usize {
    while matches!(b.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    j
}

fn run(b: &[u8], mut j: usize, keep: impl Fn(u8) -> bool) -> usize {
    while j < b.len() && keep(b[j]) {
        j += 1;
    }
    j
}
