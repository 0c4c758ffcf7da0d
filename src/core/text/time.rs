//! Dates and durations in messages, without a date library.

use super::describe::push_num;

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
}
