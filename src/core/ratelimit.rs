//! One reading of every rate-limit header variant Zendesk sends.
//!
//! `X-Rate-Limit` / `X-Rate-Limit-Remaining` (account, per minute), the ticketing API's
//! `ratelimit-limit` / `-remaining` / `-reset`, and endpoint buckets such as
//! `zendesk-ratelimit-tickets-index: total=100; remaining=99; resets=41`, and the older
//! hyphenated `rate-limit` / `rate-limit-remaining` / `rate-limit-reset` that answers
//! from before the `ratelimit-*` family still carry. In a browser
//! some of these may be unreadable (Zendesk sends no CORS headers on 429), so every
//! field is optional.

/// An endpoint bucket from a `zendesk-ratelimit-{name}` header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    /// The part after `zendesk-ratelimit-`, e.g. `tickets-index`.
    pub name: String,
    /// `total=`
    pub total: Option<u64>,
    /// `remaining=`
    pub remaining: Option<u64>,
    /// `resets=` (seconds)
    pub resets: Option<u64>,
}

/// What the headers said; `None` where they were absent or unreadable.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: Option<u64>,
    /// Requests left in the window.
    pub remaining: Option<u64>,
    /// Seconds until the window resets.
    pub reset_seconds: Option<u64>,
    /// Endpoint buckets.
    pub buckets: Vec<Bucket>,
}

const BUCKET_PREFIX: &str = "zendesk-ratelimit-";

/// True for the header names [`read`] looks at (so a caller can skip the rest).
pub fn is_rate_limit_header(name: &str) -> bool {
    let n = name.as_bytes();
    let starts = |p: &str| n.len() >= p.len() && n[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    starts("x-rate-limit") || starts("ratelimit-") || starts("rate-limit") || starts(BUCKET_PREFIX)
}

/// Reads the rate-limit headers among `(name, value)` pairs (names in any case).
pub fn read<'a>(headers: impl IntoIterator<Item = (&'a str, &'a str)>) -> RateLimit {
    let mut r = RateLimit::default();
    // Each field from the most specific family present: X-Rate-Limit, then ratelimit-*,
    // then the older rate-limit-*.
    let (mut fallback_limit, mut fallback_remaining) = (None, None);
    let (mut old_limit, mut old_remaining, mut old_reset) = (None, None, None);
    for (name, value) in headers {
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "x-rate-limit" => r.limit = number(value),
            "x-rate-limit-remaining" => r.remaining = number(value),
            "ratelimit-limit" => fallback_limit = number(value),
            "ratelimit-remaining" => fallback_remaining = number(value),
            "ratelimit-reset" => r.reset_seconds = number(value),
            "rate-limit" => old_limit = number(value),
            "rate-limit-remaining" => old_remaining = number(value),
            "rate-limit-reset" => old_reset = number(value),
            other => {
                if let Some(bucket) = other.strip_prefix(BUCKET_PREFIX).filter(|b| !b.is_empty()) {
                    r.buckets.push(read_bucket(bucket, value));
                }
            }
        }
    }
    r.limit = r.limit.or(fallback_limit).or(old_limit);
    r.remaining = r.remaining.or(fallback_remaining).or(old_remaining);
    r.reset_seconds = r.reset_seconds.or(old_reset);
    r
}

fn read_bucket(name: &str, value: &str) -> Bucket {
    let mut b = Bucket { name: name.to_owned(), ..Bucket::default() };
    for part in value.split([';', ',']) {
        let Some((k, v)) = part.split_once('=') else { continue };
        match k.trim() {
            "total" => b.total = number(v),
            "remaining" => b.remaining = number(v),
            "resets" => b.resets = number(v),
            _ => {}
        }
    }
    b
}

fn number(v: &str) -> Option<u64> {
    let v = v.trim();
    (!v.is_empty() && v.len() <= 18 && v.bytes().all(|b| b.is_ascii_digit()))
        .then(|| v.bytes().fold(0, |n, d| n * 10 + u64::from(d - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_variant_from_zendesk_docs() {
        // Header values as Zendesk documents them.
        let r = read([
            ("X-Rate-Limit", "700"),
            ("X-Rate-Limit-Remaining", "699"),
            ("ratelimit-limit", "100"),
            ("ratelimit-remaining", "99"),
            ("ratelimit-reset", "41"),
            ("zendesk-ratelimit-tickets-index", "total=100; remaining=99; resets=41"),
            ("content-type", "application/json"),
        ]);
        assert_eq!(r.limit, Some(700));
        assert_eq!(r.remaining, Some(699));
        assert_eq!(r.reset_seconds, Some(41));
        assert_eq!(r.buckets, vec![Bucket { name: "tickets-index".into(), total: Some(100), remaining: Some(99), resets: Some(41) }]);
    }

    #[test]
    fn reads_the_older_hyphenated_family_alone_and_prefers_the_newer() {
        // The hyphenated names the issue report quotes from older answers.
        let r = read([("Rate-Limit", "400"), ("Rate-Limit-Remaining", "398"), ("Rate-Limit-Reset", "17")]);
        assert_eq!((r.limit, r.remaining, r.reset_seconds), (Some(400), Some(398), Some(17)));
        let both = read([("rate-limit", "1"), ("rate-limit-remaining", "2"), ("rate-limit-reset", "3"), ("ratelimit-limit", "700"), ("ratelimit-remaining", "650"), ("ratelimit-reset", "40")]);
        assert_eq!((both.limit, both.remaining, both.reset_seconds), (Some(700), Some(650), Some(40)));
        assert!(is_rate_limit_header("rate-limit-remaining"));
    }

    #[test]
    fn missing_or_garbled_headers_leave_fields_absent() {
        assert_eq!(read([]), RateLimit::default());
        let r = read([("ratelimit-limit", "400"), ("x-rate-limit-remaining", "lots"), ("zendesk-ratelimit-", "total=1")]);
        assert_eq!((r.limit, r.remaining, r.buckets.len()), (Some(400), None, 0));
        assert!(is_rate_limit_header("Zendesk-RateLimit-Tickets-Index") && !is_rate_limit_header("retry-after"));
    }
}
