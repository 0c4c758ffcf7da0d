//! Small text helpers shared by the checks.
//!
//! Messages are assembled with `push_str` and these helpers instead of `format!`,
//! which keeps the formatting machinery out of the wasm binary.

/// Whitespace we silently trim (and report): ASCII spaces, tabs and line breaks.
/// Unicode spaces such as NBSP are *not* trimmed: they are reported as invisible
/// characters so the person learns where the stray character came from.
pub fn is_trimmable(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C')
}

/// Byte offset of the first `needle` in `hay`. A plain window scan: the needles here are
/// a few ASCII bytes, and the standard two-way searcher costs a kilobyte of wasm.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.as_bytes().windows(needle.len()).position(|w| w == needle.as_bytes())
}

/// Whether `hay` contains the ASCII `byte`. These byte helpers stand in for the
/// standard char patterns (`contains(':')`, `split_once('@')`), whose searchers and
/// memchr cost more wasm than the few-byte strings here are worth.
pub fn has_byte(hay: &str, byte: u8) -> bool {
    hay.bytes().any(|b| b == byte)
}

/// `hay` split around the first ASCII `byte`.
pub fn split_once_byte(hay: &str, byte: u8) -> Option<(&str, &str)> {
    let i = hay.bytes().position(|b| b == byte)?;
    Some((&hay[..i], &hay[i + 1..]))
}

/// `hay` without the ASCII `byte` repeated at its end.
pub fn trim_end_byte(hay: &str, byte: u8) -> &str {
    let end = hay.bytes().rposition(|b| b != byte).map_or(0, |i| i + 1);
    &hay[..end]
}

/// Whether the value ends with a line break.
pub fn ends_with_line_break(value: &str) -> bool {
    matches!(value.as_bytes().last(), Some(b'\n' | b'\r'))
}

/// The number of characters (not bytes) in `s`.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|b| b & 0xC0 != 0x80).count()
}

/// Byte offset of the last ASCII `byte` in `hay` (ASCII never occurs inside a multibyte
/// character, so the offset is a character boundary).
pub fn rfind_byte(hay: &str, byte: u8) -> Option<usize> {
    hay.bytes().rposition(|b| b == byte)
}

/// Trims [`is_trimmable`] characters from both ends.
pub fn trim(s: &str) -> &str {
    // All of them are ASCII, so bytes will do (a multibyte character never matches).
    let keep = |b: u8| !is_trimmable(b as char);
    let Some(start) = s.bytes().position(keep) else { return "" };
    let end = s.bytes().rposition(keep).map_or(start, |i| i + 1);
    &s[start..end]
}

/// Characters people paste by accident that are invisible or look like ASCII.
pub fn invisible_name(c: char) -> Option<&'static str> {
    if (c as u32) < 0xA0 {
        return None; // the common case: none of them is below NO-BREAK SPACE
    }
    Some(match c {
        '\u{00A0}' => "NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{034F}' => "COMBINING GRAPHEME JOINER",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{1680}' => "OGHAM SPACE MARK",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{2000}'..='\u{200A}' => "UNICODE SPACE",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2018}' => "LEFT SINGLE QUOTATION MARK (smart quote)",
        '\u{2019}' => "RIGHT SINGLE QUOTATION MARK (smart quote)",
        '\u{201C}' => "LEFT DOUBLE QUOTATION MARK (smart quote)",
        '\u{201D}' => "RIGHT DOUBLE QUOTATION MARK (smart quote)",
        '\u{2010}'..='\u{2015}' => "UNICODE DASH",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}'..='\u{202E}' => "BIDIRECTIONAL FORMATTING CHARACTER",
        '\u{202F}' => "NARROW NO-BREAK SPACE",
        '\u{205F}' => "MEDIUM MATHEMATICAL SPACE",
        '\u{2060}' => "WORD JOINER",
        '\u{2066}'..='\u{2069}' => "BIDIRECTIONAL ISOLATE",
        '\u{3000}' => "IDEOGRAPHIC SPACE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (byte order mark)",
        '\u{FFFC}' => "OBJECT REPLACEMENT CHARACTER",
        _ => return None,
    })
}

/// Appends a decimal number.
pub fn push_num(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    out.push_str(core::str::from_utf8(&digits[i..]).unwrap_or("?"));
}

/// Appends `U+XXXX` for a code point.
pub fn push_code_point(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push_str("U+");
    let v = c as u32;
    let width = if v > 0xFFFF { 6 } else { 4 };
    for shift in (0..width).rev() {
        out.push(HEX[((v >> (shift * 4)) & 0xF) as usize] as char);
    }
}

/// Describes a character for a message: `'_'` for visible ASCII, otherwise the code
/// point and, where known, its name. Only used for characters that are *not* valid in
/// the field, so naming one never reveals part of a valid secret.
pub fn push_char_description(out: &mut String, c: char) {
    if c.is_ascii_graphic() {
        out.push('\'');
        out.push(c);
        out.push('\'');
        return;
    }
    push_code_point(out, c);
    let name = match c {
        ' ' => Some("SPACE"),
        '\t' => Some("TAB"),
        '\n' => Some("LINE FEED"),
        '\r' => Some("CARRIAGE RETURN"),
        '\0' => Some("NUL"),
        _ => invisible_name(c),
    };
    if let Some(name) = name {
        out.push(' ');
        out.push_str(name);
    } else if !c.is_control() {
        out.push_str(" '");
        out.push(c);
        out.push('\'');
    }
}

/// Appends " at character N" (1-based) plus where that is, for a character index.
pub fn push_position(out: &mut String, index: usize, len: usize) {
    out.push_str(" at character ");
    push_num(out, index as u64 + 1);
    if index == 0 {
        out.push_str(" (the start)");
    } else if index + 1 == len {
        out.push_str(" (the end)");
    }
}

/// Builds "{what} contains {char} at character N[, and K more]." for the first
/// offending character. `offending` says which characters count.
pub fn describe_first_offender(
    what: &str,
    value: &str,
    offending: impl Fn(char) -> bool,
) -> Option<String> {
    // The usual case, ASCII with nothing to report, is settled without decoding UTF-8.
    if value.is_ascii() && !value.bytes().any(|b| offending(b as char)) {
        return None;
    }
    let mut first = None;
    let mut count = 0usize;
    let mut len = 0usize;
    for (i, c) in value.chars().enumerate() {
        len = i + 1;
        if offending(c) {
            count += 1;
            if first.is_none() {
                first = Some((i, c));
            }
        }
    }
    let (index, c) = first?;
    let mut msg = String::with_capacity(96);
    msg.push_str(what);
    msg.push_str(" contains ");
    push_char_description(&mut msg, c);
    push_position(&mut msg, index, len);
    if count > 1 {
        msg.push_str(", and ");
        push_num(&mut msg, (count - 1) as u64);
        msg.push_str(" more such character");
        if count > 2 {
            msg.push('s');
        }
    }
    msg.push('.');
    Some(msg)
}

/// Masks a secret, keeping at most its last 4 characters, and those only when the
/// secret is long enough (16+) that 4 characters say little about it.
pub fn mask(secret: &str) -> String {
    let mut out = String::with_capacity(12);
    out.push_str("********");
    if char_count(secret) >= 16 {
        // The last 4 characters start at the 4th character boundary from the end.
        let mut starts = 0;
        let from = secret.bytes().rposition(|b| {
            starts += usize::from(b & 0xC0 != 0x80);
            starts == 4
        });
        out.push_str(&secret[from.unwrap_or(0)..]);
    }
    out
}

/// ASCII case-insensitive `starts_with`, returning the rest.
pub fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        Some(&s[prefix.len()..])
    } else {
        None
    }
}

/// ASCII case-insensitive `ends_with`, returning the rest.
pub fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = s.len().checked_sub(suffix.len())?;
    let tail = s.get(cut..)?;
    if tail.eq_ignore_ascii_case(suffix) {
        Some(&s[..cut])
    } else {
        None
    }
}

/// ASCII case-insensitive search, returning the byte offset.
pub fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    let h = haystack.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// True when every character is an ASCII letter or digit.
pub fn is_alphanumeric_ascii(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The shape of a Zendesk API token: 40 ASCII letters and digits, with letters of both
/// cases (a run of lowercase hex, such as a git commit id, is not taken for one).
pub fn looks_like_api_token(s: &str) -> bool {
    s.len() == 40
        && is_alphanumeric_ascii(s)
        && s.bytes().any(|b| b.is_ascii_uppercase())
        && s.bytes().any(|b| b.is_ascii_lowercase())
}

/// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
pub fn push_iso8601(out: &mut String, epoch_ms: f64) {
    let secs = (epoch_ms / 1000.0).floor() as i64;
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    push_padded(out, y, 4);
    out.push('-');
    push_padded(out, m, 2);
    out.push('-');
    push_padded(out, d, 2);
    out.push('T');
    push_padded(out, sod / 3600, 2);
    out.push(':');
    push_padded(out, sod % 3600 / 60, 2);
    out.push(':');
    push_padded(out, sod % 60, 2);
    out.push('Z');
}

fn push_padded(out: &mut String, v: i64, width: usize) {
    let mut s = String::new();
    push_num(&mut s, v.unsigned_abs());
    if v < 0 {
        out.push('-');
    }
    for _ in s.len()..width {
        out.push('0');
    }
    out.push_str(&s);
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), using the
/// 400-year era decomposition.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Appends a rough duration like "3 minutes" or "2 days".
pub fn push_duration(out: &mut String, ms: f64) {
    let secs = (ms.abs() / 1000.0) as u64;
    let (n, unit) = if secs < 120 {
        (secs, "second")
    } else if secs < 7_200 {
        (secs / 60, "minute")
    } else if secs < 172_800 {
        (secs / 3_600, "hour")
    } else {
        (secs / 86_400, "day")
    };
    push_num(out, n);
    out.push(' ');
    out.push_str(unit);
    if n != 1 {
        out.push('s');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso8601_matches_known_instants() {
        // Instants checked against `date -u -d @SECONDS`.
        for (ms, want) in [
            (0.0, "1970-01-01T00:00:00Z"),
            (1_809_129_600_000.0, "2027-05-01T00:00:00Z"),
            (951_782_400_000.0, "2000-02-29T00:00:00Z"),
            (1_795_316_000_000.0, "2026-11-22T02:53:20Z"),
        ] {
            let mut s = String::new();
            push_iso8601(&mut s, ms);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn mask_keeps_at_most_last_four_of_long_secrets() {
        // Zendesk's documentation example token.
        assert_eq!(mask("6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"), "********2akv"); // example
        assert_eq!(mask("short-secret"), "********");
    }

    #[test]
    fn char_descriptions_name_invisible_characters() {
        let mut s = String::new();
        push_char_description(&mut s, '\u{200B}');
        assert_eq!(s, "U+200B ZERO WIDTH SPACE");
        s.clear();
        push_char_description(&mut s, '\u{1F600}');
        assert_eq!(s, "U+01F600 '\u{1F600}'");
    }

    #[test]
    fn find_and_rfind_byte_give_byte_offsets_at_character_boundaries() {
        assert_eq!(find("a//b", "//"), Some(1));
        assert_eq!(find("é -x", " -"), Some(2), "é is two bytes");
        assert_eq!(find("ab", "abc"), None);
        assert_eq!(find("ab", ""), Some(0));
        assert_eq!(rfind_byte("u@x@h.com", b'@'), Some(3));
        assert_eq!(rfind_byte("ñ:ü", b':'), Some(2));
        assert_eq!(rfind_byte("host", b':'), None);
    }

    #[test]
    fn byte_helpers_agree_with_the_standard_char_patterns() {
        for s in ["", "a", "a@b@c", "@", "ü:ß", "x==", "==", "é=\n", "a.b.c", "tok\r"] {
            assert_eq!(has_byte(s, b'@'), s.contains('@'), "{s:?}");
            assert_eq!(split_once_byte(s, b'@'), s.split_once('@'), "{s:?}");
            assert_eq!(split_once_byte(s, b'.'), s.split_once('.'), "{s:?}");
            assert_eq!(trim_end_byte(s, b'='), s.trim_end_matches('='), "{s:?}");
            assert_eq!(ends_with_line_break(s), s.ends_with(['\n', '\r']), "{s:?}");
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
        }
        for s in ["", "  ", " \t a b \r\n", "\u{a0}x\u{a0}", "é ", "\x0b\x0cz"] {
            assert_eq!(trim(s), s.trim_matches(is_trimmable), "{s:?}");
        }
        let long = "abcdefghijklmnopüßé€";
        let last4: String = long.chars().skip(long.chars().count() - 4).collect();
        assert_eq!(mask(long), format!("********{last4}"));
    }
}
