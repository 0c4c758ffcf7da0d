//! The case table against the Rust core, natively (`cargo test`).
mod common;

use common::cases::*;
use zendesk_auth::core::credentials::validate_with;
use zendesk_auth::{build_authorization_header, inspect_authorization_header, redact, validate, Code, Raw, RawCredentials};

fn raw(c: &Case) -> RawCredentials<'static> {
    let f = |v: Option<&'static str>| v.map_or(Raw::Absent, Raw::Text);
    RawCredentials { subdomain: f(c.subdomain), email: f(c.email), api_token: f(c.api_token), oauth_token: f(c.oauth_token), password: f(c.password) }
}

fn codes(d: &[zendesk_auth::Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code.as_str()).collect()
}

/// Every secret in a case, and every 6-character slice of it. The part after `/token:`
/// is the secret of a credential string, and an "email" without '@' (swapped fields)
/// is a token.
fn secret_slices(c: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let email_secret = c.email.filter(|e| (!e.contains('@') && e.len() >= 20) || e.contains("/token:"));
    for s in [email_secret, c.api_token, c.oauth_token, c.password].into_iter().flatten() {
        let s = s.split_once("/token:").map_or(s, |(_, secret)| secret);
        let s = s.strip_prefix("Basic ").or_else(|| s.strip_prefix("Bearer ")).unwrap_or(s);
        let chars: Vec<char> = s.chars().collect();
        for w in chars.windows(6) {
            out.push(w.iter().collect());
        }
    }
    out
}

#[test]
fn validate_cases() {
    for c in VALIDATE {
        let v = validate(&raw(c), c.now);
        assert_eq!(codes(&v.diagnostics), c.codes, "{}", c.name);
        assert_eq!(v.ok(), c.ok, "{}", c.name);
        for (field, want) in c.normalized {
            let cr = &v.credentials;
            let got = match *field {
                "subdomain" => cr.subdomain.as_deref(),
                "email" => cr.email.as_deref(),
                "apiToken" => cr.api_token.as_deref(),
                "oauthToken" => cr.oauth_token.as_deref(),
                _ => cr.password.as_deref(),
            };
            assert_eq!(got, Some(*want), "{}: {}", c.name, field);
        }
    }
}

#[test]
fn no_message_or_debug_output_contains_a_secret() {
    for c in VALIDATE {
        let v = validate(&raw(c), c.now);
        let debug = format!("{v:?}");
        for slice in secret_slices(c) {
            // Subdomain-like fragments of the email can legitimately appear; secrets never.
            for d in &v.diagnostics {
                assert!(!d.message.contains(&slice), "{}: message {:?} leaks {slice:?}", c.name, d.message);
                assert!(!d.hint().contains(&slice), "{}: hint leaks", c.name);
            }
            assert!(!debug.contains(&slice), "{}: Debug output leaks {slice:?}: {debug}", c.name);
        }
    }
}

#[test]
fn header_cases() {
    for h in HEADERS {
        let got = build_authorization_header(&raw(&h.case), h.scheme, h.case.now).map_err(|e| e.primary.code.as_str());
        assert_eq!(got.as_deref().map_err(|e| *e), h.expect, "{}", h.name);
    }
}

#[test]
fn header_errors_carry_all_diagnostics_without_secrets() {
    for h in HEADERS.iter().filter(|h| h.expect.is_err()) {
        let err = build_authorization_header(&raw(&h.case), h.scheme, h.case.now).unwrap_err();
        assert!(err.diagnostics.contains(&err.primary), "{}", h.name);
        let debug = format!("{err:?}");
        for slice in secret_slices(&h.case) {
            assert!(!debug.contains(&slice), "{}: error leaks {slice:?}", h.name);
        }
    }
}

#[test]
fn inspect_cases() {
    for i in INSPECT {
        let r = inspect_authorization_header(i.value, NOW);
        assert_eq!(codes(&r.diagnostics), i.codes, "{}", i.name);
        assert_eq!(r.scheme.as_str(), i.scheme, "{}", i.name);
        assert_eq!(r.email.as_deref(), i.email, "{}", i.name);
        if let Some(masked) = &r.secret_masked {
            assert!(masked.starts_with("********") && masked.chars().count() <= 12, "{}: {masked}", i.name);
        }
    }
}

#[test]
fn built_headers_inspect_back_to_their_credentials() {
    for h in HEADERS {
        let Ok(header) = build_authorization_header(&raw(&h.case), h.scheme, h.case.now) else { continue };
        let r = inspect_authorization_header(&header, h.case.now);
        let blocking: Vec<_> = r.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(blocking.is_empty() || h.scheme == Some("password"), "{}: {blocking:?}", h.name);
        assert_ne!(r.scheme.as_str(), "unknown", "{}", h.name);
    }
}

#[test]
fn redact_cases() {
    for (input, want) in REDACT {
        assert_eq!(redact(input), *want);
    }
}

#[test]
fn every_code_is_exercised_by_a_case() {
    let mut seen: Vec<&str> = Vec::new();
    for c in VALIDATE {
        seen.extend(c.codes);
    }
    seen.extend(HEADERS.iter().filter_map(|h| h.expect.err()));
    for i in INSPECT {
        seen.extend(i.codes);
    }
    // Reached only through the JS boundary (misnamed keys, non-string values, objects
    // that cannot be read); the wasm and hostile tests cover them and this list keeps
    // the table honest.
    seen.extend(["UNKNOWN_FIELD", "NOT_A_STRING", "NOT_AN_OBJECT", "UNREADABLE_FIELD"]);
    let missing: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).filter(|c| !seen.contains(c)).collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
}

#[test]
fn missing_subdomain_is_optional_for_headers_only() {
    let c = RawCredentials { oauth_token: Raw::Text(OPAQUE), ..Default::default() };
    assert!(!validate(&c, NOW).ok());
    assert!(validate_with(&c, NOW, false).ok());
}

#[test]
fn non_string_values_are_reported_not_panicked_on() {
    let c = RawCredentials { subdomain: Raw::Text("acme"), oauth_token: Raw::NotText("a number"), ..Default::default() };
    let v = validate(&c, NOW);
    assert_eq!(codes(&v.diagnostics), ["NOT_A_STRING", "NO_CREDENTIALS"]);
}

// ---------- nothing secret is echoed ----------

/// Made-up credentials (not real ones): an API token, a 64-hex OAuth token, a JWT.
const MADE_UP_TOKEN: &str = "Qm7xT2vLp9RkW4sNc8JdYh3FbZ6gUa1eKo5iVt0r";
const MADE_UP_HEX: &str = "5c0e7f3a9b2d4e6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f";
const MADE_UP_JWT: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiI3NzEyIiwiZXhwIjoxNzk1MzA5MjAwfQ.Zm9vYmFyYmF6cXV4";

/// The first 6-character slice of `secret` found in `text`, if any.
fn leaked<'a>(text: &str, secret: &'a str) -> Option<&'a str> {
    (0..=secret.len().saturating_sub(6)).map(|i| &secret[i..i + 6]).find(|s| text.contains(s))
}

fn message_of(d: &[zendesk_auth::Diagnostic], code: &str) -> String {
    d.iter().find(|d| d.code.as_str() == code).unwrap_or_else(|| panic!("no {code} in {:?}", codes(d))).message.to_string()
}

#[test]
fn a_subdomain_that_is_not_a_zendesk_host_is_quoted_short_clean_and_without_secrets() {
    for (input, secret) in [
        (MADE_UP_JWT.to_owned(), MADE_UP_JWT),
        (format!("https://{MADE_UP_TOKEN}.example.com/api"), MADE_UP_TOKEN),
        (format!("{MADE_UP_HEX}.zendesk.co"), MADE_UP_HEX),
    ] {
        let c = RawCredentials { subdomain: Raw::Text(&input), oauth_token: Raw::Text(OPAQUE), ..Default::default() };
        let msg = message_of(&validate(&c, NOW).diagnostics, "SUBDOMAIN_NOT_ZENDESK_HOST");
        assert_eq!(leaked(&msg, secret), None, "{msg}");
    }
    // 10 MB with a line break and an escape sequence: a log line must not be forgeable.
    let big = format!("evil\n\u{1b}[31m.example{}", "a".repeat(10_000_000));
    let c = RawCredentials { subdomain: Raw::Text(&big), oauth_token: Raw::Text(OPAQUE), ..Default::default() };
    let msg = message_of(&validate(&c, NOW).diagnostics, "SUBDOMAIN_NOT_ZENDESK_HOST");
    assert!(msg.chars().count() <= 160 && !msg.chars().any(char::is_control), "{} characters: {msg:?}", msg.len());
    assert!(msg.starts_with("'evil??[********'"), "{msg}");
}

#[test]
fn a_token_in_a_zendesk_address_is_not_quoted_back() {
    let input = format!("https://{MADE_UP_TOKEN}.zendesk.com/");
    let c = RawCredentials { subdomain: Raw::Text(&input), oauth_token: Raw::Text(OPAQUE), ..Default::default() };
    let msg = message_of(&validate(&c, NOW).diagnostics, "SUBDOMAIN_WAS_URL");
    assert_eq!(leaked(&msg, MADE_UP_TOKEN), None, "{msg}");
}

#[test]
fn the_inspector_never_returns_a_swapped_token_as_the_email() {
    use base64::Engine;
    let swapped = format!("{MADE_UP_TOKEN}/token:agent@example.com");
    for value in [
        format!("curl -u {swapped} https://acme.zendesk.com/api/v2/users/me.json"),
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(&swapped)),
        swapped.clone(),
        format!("curl https://acme.zendesk.com/api/v2/users/me.json -u {MADE_UP_TOKEN}:agent@example.com"),
    ] {
        let r = inspect_authorization_header(&value, NOW);
        assert_eq!(r.email, None, "{value}");
        let everything = format!("{r:?}");
        assert_eq!(leaked(&everything, MADE_UP_TOKEN), None, "{value}: {everything}");
    }
}

#[test]
fn an_unknown_scheme_is_not_echoed() {
    let c = RawCredentials { oauth_token: Raw::Text(OPAQUE), ..Default::default() };
    let err = build_authorization_header(&c, Some(MADE_UP_TOKEN), NOW).unwrap_err();
    assert_eq!(err.primary.code.as_str(), "SCHEME_UNKNOWN");
    assert_eq!(leaked(&err.primary.message, MADE_UP_TOKEN), None, "{}", err.primary.message);
    let err = build_authorization_header(&c, Some("oauth\n\u{1b}[2Kforged"), NOW).unwrap_err();
    assert!(!err.primary.message.chars().any(char::is_control), "{:?}", err.primary.message);
    // A header whose first word is a 20-character password, not a scheme.
    let password = "Zx9Kq2Lm7Pw4Rt8Yv3Nb";
    let r = inspect_authorization_header(&format!("{password} agent@example.com"), NOW);
    let msg = message_of(&r.diagnostics, "HEADER_UNKNOWN_SCHEME");
    assert_eq!(leaked(&msg, password), None, "{msg}");
}

#[test]
fn server_text_in_errors_is_redacted_and_cannot_forge_log_lines() {
    use zendesk_auth::core::oauth::token_error;
    use zendesk_auth::core::outcome::{classify, AuthScheme, ErrorBody};
    // A token endpoint or proxy that echoes the request it could not handle.
    let echo = format!("could not parse grant_type=refresh_token&refresh_token={MADE_UP_HEX}&client_secret={MADE_UP_TOKEN}\n\u{1b}[2K200 OK");
    let json_echo = format!("{{\"access_token\":\"{MADE_UP_JWT}\"}}");
    let bodies = [
        ErrorBody { error: Some("invalid_request"), description: Some(&echo), ..Default::default() },
        ErrorBody { error: Some("invalid_grant"), description: Some(&echo), ..Default::default() },
        ErrorBody { text: Some(&json_echo), ..Default::default() },
    ];
    for body in &bodies {
        for f in [classify(400, body, AuthScheme::Oauth), token_error(400, body)] {
            let said = f.zendesk_error.clone().unwrap_or_default();
            for secret in [MADE_UP_HEX, MADE_UP_TOKEN, MADE_UP_JWT] {
                assert_eq!(leaked(&f.message, secret), None, "{}", f.message);
                assert_eq!(leaked(&said, secret), None, "{said}");
            }
            assert!(!f.message.chars().any(char::is_control) && !said.chars().any(char::is_control), "{:?}", f.message);
        }
    }
}

#[test]
fn retirement_warning_counts_the_days_left() {
    // Days to 2027-04-30 computed with python3's datetime, rounded up to whole days.
    let at = |now: f64| {
        let c = RawCredentials { email: Raw::Text("agent@example.com"), api_token: Raw::Text(TOKEN), ..Default::default() };
        let v = validate_with(&c, now, false);
        let d = v.diagnostics.iter().find(|d| d.code == Code::ApiTokenRetiring).unwrap();
        (d.is_error(), d.message.to_string())
    };
    let tail = " (no new ones can be created since 2026-10-27).";
    assert_eq!(at(NOW), (false, format!("Zendesk deactivates all API tokens on 2027-04-30, in 159 days{tail}")));
    // 2027-04-29T12:00:00Z
    assert_eq!(at(1_809_000_000_000.0), (false, format!("Zendesk deactivates all API tokens on 2027-04-30, in 1 day{tail}")));
    // 2027-04-30T00:00:00Z and 23:59
    assert_eq!(at(1_809_043_200_000.0), (false, format!("Zendesk deactivates all API tokens on 2027-04-30, today{tail}")));
    assert_eq!(at(1_809_129_540_000.0), (false, format!("Zendesk deactivates all API tokens on 2027-04-30, today{tail}")));
    assert!(at(AFTER_TOKEN_RETIREMENT).0);
}

#[test]
fn retirement_is_said_at_most_once_per_result() {
    let count = |d: &[zendesk_auth::Diagnostic]| d.iter().filter(|d| d.code == Code::ApiTokenRetiring).count();
    for c in VALIDATE {
        assert!(count(&validate(&raw(c), c.now).diagnostics) <= 1, "{}", c.name);
    }
    for h in HEADERS {
        if let Err(e) = build_authorization_header(&raw(&h.case), h.scheme, h.case.now) {
            assert!(count(&e.diagnostics) <= 1, "{}", h.name);
        }
    }
    for i in INSPECT {
        assert!(count(&inspect_authorization_header(i.value, NOW).diagnostics) <= 1, "{}", i.name);
    }
}

#[test]
fn a_value_that_can_never_work_is_an_error_everywhere() {
    // The same mistake through validate and through the inspector: both errors.
    let v = validate(&RawCredentials { subdomain: Raw::Text("acme"), oauth_token: Raw::Text(TOKEN), ..Default::default() }, NOW);
    assert!(!v.ok());
    let r = inspect_authorization_header(&format!("Bearer {TOKEN}"), NOW);
    assert!(r.diagnostics.iter().any(|d| d.code == Code::HeaderApiTokenAsBearer && d.is_error()));
    for token in [OPAQUE, OPAQUE_54, PASSWORD] {
        let v = validate(&RawCredentials { subdomain: Raw::Text("acme"), email: Raw::Text("agent@example.com"), api_token: Raw::Text(token), ..Default::default() }, NOW);
        assert!(!v.ok(), "{token}");
        let basic = inspect_authorization_header(&format!("curl -u agent@example.com/token:{token}"), NOW);
        assert!(basic.diagnostics.iter().any(|d| d.is_error()), "{token}");
    }
}
