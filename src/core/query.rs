//! Query strings, percent-encoded.

/// Appends `key=value` pairs, percent-encoding everything outside RFC 3986's
/// unreserved set.
pub fn append_query(url: &mut String, pairs: &[(String, String)]) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        url.push(if i == 0 && !url.contains('?') { '?' } else { '&' });
        percent_encode(url, k);
        url.push('=');
        percent_encode(url, v);
    }
}

fn percent_encode(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_percent_encoded() {
        let mut url = String::from("https://acme.zendesk.com/api/v2/search.json");
        append_query(&mut url, &[("query".into(), "type:ticket status<solved ü".into()), ("page[size]".into(), "100".into())]);
        // Expected from JavaScript's encodeURIComponent.
        assert_eq!(url, "https://acme.zendesk.com/api/v2/search.json?query=type%3Aticket%20status%3Csolved%20%C3%BC&page%5Bsize%5D=100");
    }
}
