//! Searching and trimming: byte-level stand-ins for the standard string searchers.
//!
//! The needles here are a few ASCII bytes; the standard two-way searcher and char
//! patterns cost more wasm than such short strings are worth.

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

/// The parts of `hay` between occurrences of the ASCII `byte`, like `str::split` with a
/// char, without its searcher.
pub fn split_byte(hay: &str, byte: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(hay);
    ::core::iter::from_fn(move || {
        let r = rest?;
        match split_once_byte(r, byte) {
            Some((part, tail)) => {
                rest = Some(tail);
                Some(part)
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(split_byte(s, b'@').collect::<Vec<_>>(), s.split('@').collect::<Vec<_>>(), "{s:?}");
            assert_eq!(trim_end_byte(s, b'='), s.trim_end_matches('='), "{s:?}");
            assert_eq!(ends_with_line_break(s), s.ends_with(['\n', '\r']), "{s:?}");
            assert_eq!(char_count(s), s.chars().count(), "{s:?}");
        }
        for s in ["", "  ", " \t a b \r\n", "\u{a0}x\u{a0}", "é ", "\x0b\x0cz"] {
            assert_eq!(trim(s), s.trim_matches(is_trimmable), "{s:?}");
        }
    }
}
