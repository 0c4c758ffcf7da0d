//! Describing characters and masking secrets in messages.
//!
//! Messages are assembled with `push_str` and these helpers instead of `format!`,
//! which keeps the formatting machinery out of the wasm binary.

use super::search::char_count;

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

/// Appends a short excerpt of user input for a message: at most `max` characters, then
/// "...". Control and invisible characters become '?', so a message cannot forge a log
/// line or hide text; a run that could be a credential (see [`could_be_secret`]) becomes
/// `********`, so a secret pasted into the wrong field is not repeated back.
pub fn push_excerpt(out: &mut String, input: &str, max: usize) {
    let mut shown = 0;
    let mut rest = input;
    while let Some(c) = rest.chars().next() {
        if shown >= max {
            out.push_str("...");
            return;
        }
        let run = rest.bytes().position(|b| !is_secret_char(b)).unwrap_or(rest.len());
        if run == 0 {
            out.push(if c.is_control() || invisible_name(c).is_some() { '?' } else { c });
            shown += 1;
            rest = &rest[c.len_utf8()..];
        } else if could_be_secret(&rest[..run]) {
            out.push_str("********");
            shown += 8;
            rest = &rest[run..];
        } else {
            // An ASCII run: bytes are characters.
            let take = run.min(max - shown);
            out.push_str(&rest[..take]);
            shown += take;
            rest = &rest[take..];
        }
    }
}

fn is_secret_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'+' | b'/' | b'=' | b'~')
}

/// Whether a run of token characters could hold a credential: a JWT or other base64
/// JSON (`eyJ`), a part of 12 or more with letters and digits, 16 or more with both
/// cases, or anything longer than a DNS label (63). Host names and words pass.
pub fn could_be_secret(run: &str) -> bool {
    run.len() > 63
        || run.starts_with("eyJ")
        || run.as_bytes().split(|&b| matches!(b, b'.' | b'/' | b'=')).any(|part| {
            let has = |f: fn(&u8) -> bool| part.iter().any(f);
            part.len() >= 12 && has(u8::is_ascii_digit) && has(u8::is_ascii_alphabetic)
                || part.len() >= 16 && has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase)
        })
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

/// True when every character is an ASCII letter or digit.
pub fn is_alphanumeric_ascii(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// The shape of Zendesk's opaque OAuth access and refresh tokens: 54 or 64 hex digits.
pub fn looks_like_oauth_hex(s: &[u8]) -> bool {
    matches!(s.len(), 54 | 64) && s.iter().all(u8::is_ascii_hexdigit)
}

/// The shape of a Zendesk API token: 40 ASCII letters and digits, with letters of both
/// cases (a run of lowercase hex, such as a git commit id, is not taken for one).
pub fn looks_like_api_token(s: &[u8]) -> bool {
    s.len() == 40
        && s.iter().all(u8::is_ascii_alphanumeric)
        && s.iter().any(u8::is_ascii_uppercase)
        && s.iter().any(u8::is_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn excerpts_are_short_clean_and_hide_credential_shapes() {
        let excerpt = |s: &str, max| {
            let mut out = String::new();
            push_excerpt(&mut out, s, max);
            out
        };
        assert_eq!(excerpt("help.acme.example", 40), "help.acme.example");
        assert_eq!(excerpt("a\n\u{1b}[2Jb\u{202E}c", 40), "a??[2Jb?c");
        assert_eq!(excerpt(&"x".repeat(50), 10), "xxxxxxxxxx...");
        // Zendesk's documentation example token, a JWT and a 64-hex token.
        assert_eq!(excerpt("6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv.example", 40), "********");
        assert_eq!(excerpt("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", 40), "********");
        assert_eq!(excerpt("scheme 2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a", 24), "scheme ********");
    }

    #[test]
    fn mask_keeps_the_last_four_characters_not_bytes() {
        let long = "abcdefghijklmnopüßé€";
        let last4: String = long.chars().skip(long.chars().count() - 4).collect();
        assert_eq!(mask(long), format!("********{last4}"));
    }
}
