//! Masking credentials inside free text, such as log lines and error reports.
//!
//! One left-to-right pass finds the byte spans of secrets; the text is then rebuilt
//! once with each span masked. The pass stays linear on any input: a word is judged
//! once, a key is read back at most 64 bytes, and a scan forward either becomes a span
//! (which the pass then jumps over) or is bounded, or covers text no later scan of the
//! same kind covers again. Every pattern starts and ends at ASCII, so spans fall on
//! character boundaries.

use crate::core::text;

/// Key endings whose value is a secret, lowercase letters and digits only, so
/// `ZENDESK_API_TOKEN`, `x-api-key`, `headers.authorization` and `_zendesk_session`
/// all match.
const SECRET_KEYS: &[&[u8]] = &[
    b"authorization", b"token", b"secret", b"apikey", b"password", b"passwd", b"passphrase",
    b"session", b"sessionid", b"auth", b"codeverifier", b"privatekey",
];

/// Values that say a secret is absent or already hidden.
const PLACEHOLDERS: &[&[u8]] = &[b"null", b"none", b"true", b"false", b"[filtered]"];

// Character classes, one bit each in a table: one small scanning loop serves them all.
/// A word judged on its own: tokens, base64, paths, `-u`.
const WORD: u8 = 1;
/// A credential after `Basic`/`Bearer`: RFC 6750's b64token, plus `%` for one that was
/// percent-encoded into a URL or form.
const CREDENTIAL: u8 = 2;
/// A key name; also the characters of a JWT.
const KEY: u8 = 4;
/// Inside an unquoted value in running text, which ends at whitespace, a quote,
/// punctuation that closes a value in logs, JSON, URLs and headers, or an escape such
/// as `\r\n` inside a Python bytes literal.
const VALUE: u8 = 8;
const ALNUM: u8 = 16;
/// Standard base64 without padding.
const BASE64: u8 = 32;
/// Not a line break.
const LINE: u8 = 64;
/// Inside a `curl -u` argument: not whitespace or a quote.
const ARG: u8 = 128;

const CLASSES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        let (alpha, digit) = (c.is_ascii_alphabetic(), c.is_ascii_digit());
        let alnum = alpha || digit;
        let word = alnum || matches!(c, b'-' | b'.' | b'_' | b'~' | b'+' | b'/');
        let space = c.is_ascii_whitespace();
        let quote = matches!(c, b'"' | b'\'');
        let mut v = 0;
        v |= if word { WORD } else { 0 };
        v |= if word || matches!(c, b'=' | b'%') { CREDENTIAL } else { 0 };
        v |= if alnum || matches!(c, b'-' | b'.' | b'_') { KEY } else { 0 };
        v |= if space || quote || matches!(c, b',' | b';' | b'&' | b'}' | b')' | b']' | b'<' | b'>' | b'\\') { 0 } else { VALUE };
        v |= if alnum { ALNUM } else { 0 };
        v |= if alnum || matches!(c, b'+' | b'/') { BASE64 } else { 0 };
        v |= if matches!(c, b'\n' | b'\r') { 0 } else { LINE };
        v |= if space || quote { 0 } else { ARG };
        t[i] = v;
        i += 1;
    }
    t
};

fn is(class: u8, b: u8) -> bool {
    CLASSES[b as usize] & class != 0
}

/// Returns the text with every credential it recognises masked, keeping at most the
/// last 4 characters of a long secret: Authorization values (`Basic ...`, `Bearer ...`,
/// also percent-encoded), `email/token:SECRET`, `curl -u user:SECRET`, passwords in
/// URLs, values of secret-sounding keys in `key=value`, `key: value`, JSON (also
/// escaped inside JSON), YAML, `.env`, Ruby, PHP and Go map forms, HAR `name`/`value`
/// pairs, session cookies, JWTs, bare API tokens, 54 and 64-hex OAuth tokens and bare
/// base64 credentials. A value wrapped onto the next line is followed there when its
/// shape says so (an unclosed quote, half a JWT, a line cut at 60 or more characters).
pub fn redact(input: &str) -> String {
    let b = input.as_bytes();
    // Each span, and whether it is a secret's last piece (a value wrapped over lines is
    // one span a line, so the lines stay): only a last piece may keep 4 characters.
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    let mut scan = Scan { b, judged: 0, pair_until: 0, curl_dead: (0, 0) };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let found = if i >= scan.judged && is(WORD, c) && !is(WORD, at(b, i.wrapping_sub(1))) {
            scan.judged = run(b, i, WORD);
            scan.word(i)
        } else if matches!(c, b':' | b'=') {
            userinfo(b, i).or_else(|| scan.key_value(i))
        } else {
            None
        };
        match found {
            Some((start, end, quote_open)) => {
                let (start, end) = wrapped(b, start, end, quote_open, &mut spans);
                spans.push((start, end, true));
                i = end;
            }
            None => i += 1,
        }
    }
    if spans.is_empty() {
        return input.to_owned();
    }
    let mut out = String::with_capacity(input.len());
    let mut last = 0;
    for (start, end, last_piece) in spans {
        out.push_str(&input[last..start]);
        out.push_str(&text::mask(&input[start..if last_piece { end } else { start }]));
        last = end;
    }
    out.push_str(&input[last..]);
    out
}

/// A span found: start, end, and whether it stopped at a line end inside an open quote.
type Found = Option<(usize, usize, bool)>;

struct Scan<'a> {
    b: &'a [u8],
    /// Words that start before this offset were judged already.
    judged: usize,
    /// A `value` key before this offset pairs with a secret `name` (HAR, Node's Headers).
    pair_until: usize,
    /// A `curl -u` argument opened with this quote (0: none) before this offset has
    /// no ':' up to it, so scanning it again would find nothing.
    curl_dead: (u8, usize),
}

impl Scan<'_> {
    /// Judges the word at `s`: a scheme, `-u`, or a secret by its shape alone.
    fn word(&mut self, s: usize) -> Found {
        let b = self.b;
        let e = self.judged;
        let w = &b[s..e];
        if let Some((s, e)) = scheme_value(b, s, false) {
            return Some((s, e, false));
        }
        if w == b"-u" || w == b"--user" {
            return self.curl_user(e);
        }
        if w.starts_with(b"eyJ") {
            // A JWT; with one dot at a line end, the first half of a wrapped one.
            let end = run(b, s, KEY);
            let dots = count(&b[s..end], b'.');
            if dots >= 2 || dots == 1 && line_end(b, end).is_some() {
                return Some((s, end, false));
            }
        }
        let a = run(b, s, ALNUM);
        let alnum = &b[s..a];
        if at(b, a) != b'_' && (text::looks_like_api_token(alnum) || text::looks_like_oauth_hex(alnum)) {
            return Some((s, a, false));
        }
        // Base64 of `email:password` or `email/token:TOKEN`, with its padding.
        let p = run(b, s, BASE64);
        let p = p + b[p..].iter().take(2).take_while(|&&c| c == b'=').count();
        (p - s >= 16 && crate::core::credentials::decode_basic(text_of(&b[s..p])).is_some()).then_some((s, p, false))
    }

    /// The secret in `curl -u user:SECRET`, `--user 'user:pass word'`, `--user=...`.
    fn curl_user(&mut self, e: usize) -> Found {
        let b = self.b;
        let mut j = if at(b, e) == b'=' { e + 1 } else { skip_blanks(b, e) };
        if j == e {
            return None;
        }
        let q = Some(at(b, j)).filter(|q| matches!(q, b'"' | b'\'')).unwrap_or(0);
        if self.curl_dead.0 == q && j < self.curl_dead.1 {
            return None;
        }
        let end = if q == 0 {
            run(b, j, ARG)
        } else {
            j += 1;
            j + b[j..].iter().take_while(|&&c| c != q && c != b'\n').count()
        };
        let Some(colon) = b[j..end].iter().position(|&c| c == b':').filter(|_| q == 0 || at(b, end) == q) else {
            self.curl_dead = (q, end);
            return None;
        };
        let colon = j + colon;
        Some((colon + 1, end, false)).filter(|&(s, e, _)| e > s && !placeholder(&b[s..e]))
    }

    /// The value of a secret-sounding key, for the separator (`:` or `=`) at `i`.
    fn key_value(&mut self, i: usize) -> Found {
        let b = self.b;
        let sep = b[i];
        let before = |k: usize| at(b, k.wrapping_sub(1));
        if at(b, i + 1) == b':' || before(i) == b':' {
            return None; // `::` in paths and IPv6 addresses
        }
        // The key: back over blanks, a closing quote and bracket (PHP's `["key"]`) and
        // the backslash that escapes a quote inside a JSON string.
        let mut k = skip_blanks_back(b, i);
        let closed = k;
        while closed - k < 2 && matches!(before(k), b'"' | b'\'' | b']') {
            k -= 1;
        }
        let quoted_key = k < closed;
        if quoted_key && before(k) == b'\\' {
            k -= 1;
        }
        let key_end = k;
        while key_end - k < 64 && is(KEY, before(k)) {
            k -= 1;
        }
        let key = &b[k..key_end];
        let arrow = sep == b'=' && at(b, i + 1) == b'>'; // Ruby's and PHP's `=>`
        let mut j = skip_blanks(b, i + 1 + usize::from(arrow));
        if key_is(key, b"name") {
            // HAR and Node's Headers: {"name": "access_token", "value": "..."}.
            let s = j + usize::from(matches!(at(b, j), b'"' | b'\''));
            let e = run(b, s, KEY);
            self.pair_until = if is_secret_key(&b[s..e]) { e + 80 } else { 0 };
            return None;
        }
        let paired = key_is(key, b"value") && i < core::mem::take(&mut self.pair_until);
        let secret = is_secret_key(key)
            || paired
            || key_is(key, b"code") && sep == b'=' && matches!(before(k), b'?' | b'&');
        if !secret {
            return None;
        }
        let password_like = key_ends_with(key, b"password") || key_ends_with(key, b"secret");
        // A key alone on its line (YAML, .env, PHP's print_r, a header) owns the rest of it.
        let mut p = k;
        while k - p < 32 && matches!(before(p), b' ' | b'\t' | b'[' | b'"' | b'\'' | b'-') {
            p -= 1;
        }
        let mut to_line_end = matches!(before(p), 0 | b'\n' | b'\r') && (sep == b':' || arrow);
        // A value on the next line: `password:` then an indented value.
        if let Some(next) = line_end(b, j) {
            let t = skip_blanks(b, next);
            let key_end = run(b, t, KEY);
            if key_end > t && matches!(at(b, skip_blanks(b, key_end)), b':' | b'=') || at(b, t) == b'-' {
                return None; // the next line is a key of its own or a list
            }
            j = t;
            to_line_end = true;
            if b[j..].starts_with(b"string(") {
                j = skip_blanks(b, run(b, j + 7, ALNUM) + 1); // PHP's var_dump
            }
        }
        match at(b, j) {
            b'[' => j += 1, // Go: map[Authorization:[Bearer ...]]
            b'{' => return None, // an object: its own keys are judged
            _ => {}
        }
        let escaped = at(b, j) == b'\\';
        let quote = at(b, j + usize::from(escaped));
        if matches!(quote, b'"' | b'\'') {
            let s = j + 1 + usize::from(escaped);
            let mut e = s;
            while e < b.len() && !matches!(b[e], b'\n' | b'\r') && !(b[e] == quote && (before(e) == b'\\') == escaped) {
                e += 1;
            }
            let closed = at(b, e) == quote;
            let end = e - usize::from(closed && escaped);
            let s = after_scheme(b, s).unwrap_or(s);
            return (end > s && !placeholder(&b[s..end])).then_some((s, end, !closed));
        }
        if after_scheme(b, j).is_some() {
            return scheme_value(b, j, true).map(|(s, e)| (s, e, false));
        }
        let end = run(b, j, if to_line_end { LINE } else { VALUE });
        let value = &b[j..end];
        // Prose such as "invalid token: expired" or "Authorization: see the docs" is not a
        // token: a lowercase word, followed by more words when the value runs to the line end.
        let word = value.iter().position(|c| !c.is_ascii_lowercase()).unwrap_or(value.len());
        let prose = sep == b':' && !quoted_key && !password_like && word > 0
            && if to_line_end { value.get(word) == Some(&b' ') } else { word == value.len() };
        (!value.is_empty() && !prose && !placeholder(value)).then_some((j, end, false))
    }
}

/// `Basic <credential>` / `Bearer <credential>` at `s`: the span of the credential.
/// Unless `forced` (the value of an Authorization key), prose such as "Basic auth" or
/// an auth-param such as `Bearer realm="..."` is not taken for one.
// Inlined, like userinfo: each measured smaller in its callers than called.
#[inline(always)]
fn scheme_value(b: &[u8], s: usize, forced: bool) -> Option<(usize, usize)> {
    let j = after_scheme(b, s)?;
    let end = run(b, j, CREDENTIAL);
    let v = &b[j..end];
    if v.is_empty() || placeholder(v) {
        return None;
    }
    // `Bearer realm="..."` (a challenge) and `bearer RefreshToken:` (a key) are not credentials.
    let key_or_param = matches!(at(b, end), b':' | b'"');
    (forced || v.len() >= 8 && credential_like(v) && !key_or_param).then_some((j, end))
}

/// Where the credential starts after `Basic`/`Bearer` and a space, tab, `+` or `%20`.
fn after_scheme(b: &[u8], s: usize) -> Option<usize> {
    let word = run(b, s, ALNUM);
    let w = &b[s..word];
    if !(w.eq_ignore_ascii_case(b"basic") || w.eq_ignore_ascii_case(b"bearer")) {
        return None;
    }
    let mut j = word;
    loop {
        match at(b, j) {
            b' ' | b'\t' => j += 1,
            b'+' if j == word => j += 1,
            b'%' if at(b, j + 1) == b'2' && at(b, j + 2) == b'0' => j += 3,
            _ => break,
        }
    }
    (j > word).then_some(j)
}

/// The password in `scheme://user:password@host`, for the `:` at `i`.
#[inline(always)]
fn userinfo(b: &[u8], i: usize) -> Found {
    if !b[i..].starts_with(b"://") {
        return None;
    }
    let s = i + 3;
    let end = s + b[s..].iter().take(256).position(|&c| c == b'@' || c == b'/' || !is(VALUE, c))?;
    let colon = s + b[s..end].iter().position(|&c| c == b':')?;
    (b[end] == b'@' && end > colon + 1).then_some((colon + 1, end, false))
}

/// Extends a span over the lines its value was wrapped onto: when the quote is still
/// open, when it holds the first half of a JWT, or when its line is 60 or more wide
/// (a terminal or a log viewer cut it), and the next line starts with a piece that
/// reads as the rest of a credential.
fn wrapped(b: &[u8], mut start: usize, mut end: usize, mut quote_open: bool, spans: &mut Vec<(usize, usize, bool)>) -> (usize, usize) {
    let jwt = b[start..].starts_with(b"eyJ");
    let mut dots = if jwt { count(&b[start..end], b'.') } else { 0 };
    while let Some(next) = line_end(b, end) {
        let wide = end >= 60 && b[end - 60..end].iter().all(|&c| c != b'\n');
        if !(quote_open || wide || jwt && dots < 2) {
            break;
        }
        let t = skip_blanks(b, next);
        let r = run(b, t, CREDENTIAL);
        let piece = &b[t..r];
        let alone = matches!(at(b, r), 0 | b'\r' | b'\n' | b'"' | b'\'' | b',' | b';' | b'}' | b']' | b')');
        if piece.len() < 4 || !credential_like(piece) || !alone {
            break;
        }
        dots += count(piece, b'.');
        spans.push((start, end, false));
        (start, end) = (t, r);
        quote_open = false;
    }
    (start, end)
}

/// Whether a run of credential characters reads as a credential rather than a word: a
/// digit, an uppercase letter after the first or a symbol, and `=` only as padding at its
/// end (`realm=` is a parameter).
fn credential_like(v: &[u8]) -> bool {
    v.iter().skip_while(|&&c| c != b'=').all(|&c| c == b'=')
        && v.iter().enumerate().any(|(k, &c)| c.is_ascii_digit() || k > 0 && c.is_ascii_uppercase() || !c.is_ascii_alphanumeric())
}

fn is_secret_key(key: &[u8]) -> bool {
    SECRET_KEYS.iter().any(|name| key_ends_with(key, name))
}

/// Whether a key ends with `name` (lowercase), counting only its letters and digits and
/// ignoring case, so `ZENDESK_API_TOKEN` and `x-api-key` end with `apitoken`, `apikey`.
fn key_ends_with(key: &[u8], name: &[u8]) -> bool {
    let mut letters = key.iter().rev().filter(|c| c.is_ascii_alphanumeric());
    name.iter().rev().all(|&n| letters.next().is_some_and(|c| c.to_ascii_lowercase() == n))
}

/// Whether the key is exactly `name`, by the same comparison.
fn key_is(key: &[u8], name: &[u8]) -> bool {
    key_ends_with(key, name) && key.iter().filter(|c| c.is_ascii_alphanumeric()).count() == name.len()
}

fn placeholder(v: &[u8]) -> bool {
    v.starts_with(b"****") || v.iter().all(|&c| c == b'*') || PLACEHOLDERS.iter().any(|p| v.eq_ignore_ascii_case(p))
}

/// ASCII bytes as text (every caller passes a run of ASCII).
fn text_of(b: &[u8]) -> &str {
    core::str::from_utf8(b).unwrap_or_default()
}

fn count(b: &[u8], byte: u8) -> usize {
    b.iter().filter(|&&c| c == byte).count()
}

/// The byte at `i`, or 0 outside the text (`i` may have wrapped below 0).
fn at(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

/// After the line break at `j` (LF or CRLF), if there is one.
fn line_end(b: &[u8], j: usize) -> Option<usize> {
    match (at(b, j), at(b, j + 1)) {
        (b'\n', _) => Some(j + 1),
        (b'\r', b'\n') => Some(j + 2),
        _ => None,
    }
}

// One copy for its many callers: inlined at each, it cost 120 bytes gzip of the core.
#[inline(never)]
fn skip_blanks(b: &[u8], mut j: usize) -> usize {
    while matches!(at(b, j), b' ' | b'\t') {
        j += 1;
    }
    j
}

fn skip_blanks_back(b: &[u8], mut j: usize) -> usize {
    while matches!(at(b, j.wrapping_sub(1)), b' ' | b'\t') {
        j -= 1;
    }
    j
}

fn run(b: &[u8], mut j: usize, class: u8) -> usize {
    while j < b.len() && is(class, b[j]) {
        j += 1;
    }
    j
}
