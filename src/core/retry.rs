//! When to try a request again, and how long to wait first.
//!
//! Rules (from Zendesk's documented behaviour): a 429 waits `Retry-After`; a 503 with
//! `Retry-After` is temporary and waits it, a 503 without is maintenance and is not
//! retried. GET and HEAD, which cannot change anything, also retry 502, 504, timeouts
//! and network errors with backoff. Writes retry only on 429: Zendesk did not apply
//! them. One deadline covers every attempt, and no retry comes earlier than asked.

/// How a client retries.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Deadline for all attempts and waits together, from the first attempt.
    pub max_wait_ms: f64,
    /// On 429, fail at once with `RATE_LIMITED` (for job queues that requeue).
    pub throw_on_rate_limit: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_retries: 3, max_wait_ms: 60_000.0, throw_on_rate_limit: false }
    }
}

/// What an attempt ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// An HTTP status.
    Status(u16),
    /// The connection failed (or, in a browser, CORS hid the answer).
    Network,
    /// The attempt ran past its timeout.
    Timeout,
}

/// Whether to retry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Decision {
    /// Wait this long, then try again.
    Retry(f64),
    /// Report the outcome of this attempt.
    GiveUp,
}

/// Waits used when 429 comes without `Retry-After` (some per-user limits send none).
const RATE_LIMIT_FALLBACK_MS: f64 = 5_000.0;
const RATE_LIMIT_FALLBACK_CAP_MS: f64 = 60_000.0;
const BACKOFF_MS: f64 = 500.0;
const BACKOFF_CAP_MS: f64 = 10_000.0;

/// Decides after attempt number `retries_done + 1`. `spread` is a random number in
/// `[0, 1)`: it adds up to 10% (at most 1 s) on top of the wait so clients that were
/// limited together do not come back together.
pub fn decide(
    policy: &RetryPolicy,
    method: &str,
    retries_done: u32,
    attempt: Attempt,
    retry_after_ms: Option<f64>,
    elapsed_ms: f64,
    spread: f64,
) -> Decision {
    let idempotent = method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD");
    let doubling = f64::from(1u32 << retries_done.min(16));
    let wait = match attempt {
        Attempt::Status(429) if policy.throw_on_rate_limit => return Decision::GiveUp,
        Attempt::Status(429) => retry_after_ms.unwrap_or((RATE_LIMIT_FALLBACK_MS * doubling).min(RATE_LIMIT_FALLBACK_CAP_MS)),
        Attempt::Status(503) if idempotent => match retry_after_ms {
            Some(ms) => ms,
            None => return Decision::GiveUp,
        },
        Attempt::Status(502 | 504) | Attempt::Network | Attempt::Timeout if idempotent => {
            (BACKOFF_MS * doubling).min(BACKOFF_CAP_MS)
        }
        _ => return Decision::GiveUp,
    };
    if retries_done >= policy.max_retries {
        return Decision::GiveUp;
    }
    let wait = wait.max(0.0) + spread.clamp(0.0, 1.0) * (wait * 0.1).min(1_000.0);
    if elapsed_ms + wait > policy.max_wait_ms {
        return Decision::GiveUp;
    }
    Decision::Retry(wait)
}

/// `Retry-After` in milliseconds from now: delta-seconds (`120`) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`). `None` when absent or unreadable.
pub fn parse_retry_after(value: &str, now_ms: f64) -> Option<f64> {
    let v = value.trim();
    if !v.is_empty() && v.len() <= 10 && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.bytes().fold(0.0, |n, d| n * 10.0 + f64::from(d - b'0')) * 1000.0);
    }
    http_date_ms(v).map(|at| (at - now_ms).max(0.0))
}

/// IMF-fixdate, the form HTTP uses: `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date_ms(v: &str) -> Option<f64> {
    let mut parts = v.split_ascii_whitespace().skip(1);
    let day: i64 = number(parts.next()?)?;
    let month_name = parts.next()?;
    let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .iter()
        .position(|m| *m == month_name)? as i64
        + 1;
    let year: i64 = number(parts.next()?)?;
    let mut hms = parts.next()?.split(':');
    let (h, m, s) = (number(hms.next()?)?, number(hms.next()?)?, number(hms.next()?)?);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3_600 + m * 60 + s) * 1_000) as f64)
}

fn number(s: &str) -> Option<i64> {
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.bytes().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (era-based).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy { max_retries: 3, max_wait_ms: 60_000.0, throw_on_rate_limit: false };

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("2", 0.0), Some(2_000.0));
        assert_eq!(parse_retry_after(" 120 ", 0.0), Some(120_000.0));
        // 1445412480 = 2015-10-21T07:28:00Z (date -u -d @1445412480)
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_470_000.0), Some(10_000.0));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1_445_412_490_000.0), Some(0.0));
        for bad in ["", "soon", "-1", "1.5", "Wed, 32 Oct 2015 07:28:00 GMT", "99999999999"] {
            assert_eq!(parse_retry_after(bad, 0.0), None, "{bad}");
        }
    }

    #[test]
    fn rate_limits_wait_at_least_retry_after() {
        for spread in [0.0, 0.5, 0.999] {
            let Decision::Retry(w) = decide(&P, "POST", 0, Attempt::Status(429), Some(2_000.0), 0.0, spread) else { panic!() };
            assert!((2_000.0..=2_200.0).contains(&w), "{w}");
        }
        assert_eq!(decide(&RetryPolicy { throw_on_rate_limit: true, ..P }, "GET", 0, Attempt::Status(429), Some(1.0), 0.0, 0.0), Decision::GiveUp);
        assert_eq!(decide(&P, "GET", 0, Attempt::Status(429), None, 0.0, 0.0), Decision::Retry(5_000.0));
    }

    #[test]
    fn writes_retry_only_on_429() {
        for a in [Attempt::Status(503), Attempt::Status(502), Attempt::Status(504), Attempt::Network, Attempt::Timeout] {
            assert_eq!(decide(&P, "POST", 0, a, Some(1_000.0), 0.0, 0.0), Decision::GiveUp, "{a:?}");
        }
        assert_eq!(decide(&P, "GET", 0, Attempt::Status(502), None, 0.0, 0.0), Decision::Retry(500.0));
        assert_eq!(decide(&P, "GET", 2, Attempt::Network, None, 0.0, 0.0), Decision::Retry(2_000.0));
    }

    #[test]
    fn maintenance_deadline_and_retry_count_stop_retrying() {
        assert_eq!(decide(&P, "GET", 0, Attempt::Status(503), None, 0.0, 0.0), Decision::GiveUp);
        assert_eq!(decide(&P, "GET", 0, Attempt::Status(503), Some(1_000.0), 0.0, 0.0), Decision::Retry(1_000.0));
        assert_eq!(decide(&P, "GET", 0, Attempt::Status(429), Some(30_000.0), 40_000.0, 0.0), Decision::GiveUp);
        assert_eq!(decide(&P, "GET", 3, Attempt::Status(429), Some(1.0), 0.0, 0.0), Decision::GiveUp);
        for s in [400, 401, 403, 404, 500] {
            assert_eq!(decide(&P, "GET", 0, Attempt::Status(s), Some(1.0), 0.0, 0.0), Decision::GiveUp, "{s}");
        }
    }
}
