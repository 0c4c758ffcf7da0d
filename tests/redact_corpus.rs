//! `redact()` over a corpus of realistic log shapes (tests/redact/corpus.txt): no
//! 6-character slice of any secret survives, the text around every secret does, text
//! without a secret comes out unchanged, and the scan stays linear on hostile input.

use std::time::{Duration, Instant};

use zendesk_auth::redact;

struct Entry {
    shape: String,
    text: String,
    /// Each secret as the pieces it appears in (one piece unless a line wrap cuts it).
    secrets: Vec<Vec<String>>,
}

fn corpus() -> Vec<Entry> {
    let raw = include_str!("redact/corpus.txt");
    let mut entries = Vec::new();
    for block in raw.split("\n=== ").skip(1) {
        let (shape, rest) = block.split_once('\n').unwrap();
        let (text, tail) = rest.split_once("\n--- ").unwrap_or_else(|| panic!("{shape}: no --- line"));
        let (kind, list) = tail.split_once('\n').unwrap_or((tail, ""));
        let secrets: Vec<Vec<String>> = match kind {
            "secrets" => list.lines().filter(|l| !l.is_empty()).map(|l| l.split('|').map(str::to_owned).collect()).collect(),
            "unchanged" => Vec::new(),
            other => panic!("{shape}: unknown kind {other:?}"),
        };
        assert!(kind == "unchanged" || !secrets.is_empty(), "{shape}: no secret listed");
        entries.push(Entry { shape: shape.to_owned(), text: text.to_owned(), secrets });
    }
    entries
}

/// Every 6-character slice of `secret`, by characters.
fn slices(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    chars.windows(6).map(|w| w.iter().collect()).collect()
}

/// Base64 (possibly percent-encoded, as in a URL or form) decoded to text.
fn decoded(s: &str) -> Option<String> {
    use base64::Engine;
    let s = s.replace("%2B", "+").replace("%2F", "/").replace("%3D", "=");
    let bytes = base64::engine::general_purpose::STANDARD.decode(s).ok()?;
    String::from_utf8(bytes).ok()
}

/// The input cut at every occurrence of every secret piece: what must survive, in order.
fn surroundings(text: &str, pieces: &[&str]) -> Vec<String> {
    let mut parts = vec![text.to_owned()];
    for piece in pieces {
        parts = parts.iter().flat_map(|p| p.split(piece).map(str::to_owned).collect::<Vec<_>>()).collect();
    }
    parts.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

#[test]
fn the_corpus_is_big_enough_and_every_secret_is_in_its_text() {
    let entries = corpus();
    let with_secrets = entries.iter().filter(|e| !e.secrets.is_empty()).count();
    assert!(with_secrets >= 60, "only {with_secrets} shapes with secrets");
    assert!(entries.len() - with_secrets >= 5, "too few lines without secrets");
    for e in &entries {
        for pieces in &e.secrets {
            let whole: String = pieces.concat();
            assert!(whole.chars().count() >= 6, "{}: secret too short to test", e.shape);
            // A secret listed but absent would make the leak check pass vacuously; one
            // that is only inside another (the token in base64 credentials) is checked
            // to be there by decoding with the base64 crate.
            let inside_another = e.secrets.iter().any(|o| decoded(&o.concat()).is_some_and(|d| d.contains(&whole)));
            assert!(pieces.iter().all(|p| e.text.contains(p.as_str())) || inside_another, "{}: {whole:?} is not in the text", e.shape);
        }
    }
}

#[test]
fn no_slice_of_any_secret_survives() {
    let mut leaks = Vec::new();
    let mut count = 0;
    for e in corpus() {
        let out = redact(&e.text);
        for pieces in &e.secrets {
            count += 1;
            let whole = pieces.concat();
            if let Some(slice) = slices(&whole).into_iter().find(|s| out.contains(s.as_str())) {
                leaks.push(format!("{}: {slice:?} of {whole:?} survives in\n{out}", e.shape));
            }
        }
    }
    assert!(leaks.is_empty(), "{} of {count} secrets leak:\n{}", leaks.len(), leaks.join("\n\n"));
    println!("redact corpus: {count} secrets, 0 leaks");
}

#[test]
fn the_text_around_each_secret_survives() {
    for e in corpus() {
        let out = redact(&e.text);
        if e.secrets.is_empty() {
            assert_eq!(out, e.text, "{}: text without a secret was changed", e.shape);
            continue;
        }
        let pieces: Vec<&str> = e.secrets.iter().flatten().map(String::as_str).collect();
        let mut from = 0;
        for part in surroundings(&e.text, &pieces) {
            let at = out[from..].find(&part).unwrap_or_else(|| panic!("{}: {part:?} is missing or out of order in\n{out}", e.shape));
            from += at + part.len();
        }
        assert_eq!(out.lines().count(), e.text.lines().count(), "{}: lines were joined or split", e.shape);
    }
}

#[test]
fn redacting_twice_changes_nothing_more() {
    for e in corpus() {
        let once = redact(&e.text);
        assert_eq!(redact(&once), once, "{}", e.shape);
    }
}

/// 1 MiB of each input, built from a repeated unit.
fn mib(unit: &str) -> String {
    unit.repeat((1 << 20) / unit.len() + 1)
}

#[test]
fn a_mebibyte_of_hostile_input_takes_linear_time() {
    // Each unit starts a scan (a JWT, a key, a quote, a scheme, a URL, a curl argument)
    // that a quadratic scanner would run to the end of the input from every repeat.
    let units = [
        "eyJ-", "eyJ.", "eyJhbGciOi.", "Bearer ", "Basic ", "bearer x", "token=", "token:", "\"token\":\"", "\\\"token\\\":\\\"",
        "token: a ", "password:\"", "name:\"access_token\",value:", "-u '", "-u \"-u '", "--user=", "://", "://a:", "/token:",
        "a:", "=>", "QUFB", "YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46", "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv", "0123456789abcdef",
        "password:\n", "a\n", "token=x\n", "Authorization: Bearer abc\n", "[token] => ", "map[Authorization:[", "ü",
    ];
    let plain = mib("Zendesk answered 200 for GET /api/v2/tickets.json in 143 ms. ");
    let start = Instant::now();
    redact(&plain);
    let plain_time = start.elapsed();
    let bound = Duration::from_secs(2);
    let mut slowest = (Duration::ZERO, "");
    for unit in units {
        let input = mib(unit);
        let start = Instant::now();
        redact(&input);
        let took = start.elapsed();
        assert!(took < bound, "{unit:?} x {}: {took:?} (plain text: {plain_time:?})", input.len() / unit.len());
        if took > slowest.0 {
            slowest = (took, unit);
        }
    }
    println!("redact 1 MiB: plain text {plain_time:?}, slowest hostile input {:?} ({:?})", slowest.0, slowest.1);
}
