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
fn typescript_declarations_list_exactly_the_codes() {
    let dts = include_str!("../src/js/types.d.ts");
    let start = dts.find("export type DiagnosticCode").unwrap();
    let block = &dts[start..dts[start..].find(';').unwrap() + start];
    let declared: Vec<&str> = block.split('"').skip(1).step_by(2).collect();
    let defined: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(declared, defined);
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
