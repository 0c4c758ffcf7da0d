//! Properties over arbitrary input (natively, with proptest): credentials only go to
//! `{sub}.zendesk.com`, secrets never show up in output, headers round-trip through the
//! inspector, CR/LF/NUL never reach a header, and nothing panics.
#![cfg(not(target_arch = "wasm32"))]

use base64::Engine;
use proptest::prelude::*;
use zendesk_auth::core::credentials::validate_with;
use zendesk_auth::core::subdomain;
use zendesk_auth::core::url::Base;
use zendesk_auth::{build_authorization_header, inspect_authorization_header, redact, validate, Raw, RawCredentials};

/// 2026-11-22T00:00:00Z
const NOW: f64 = 1_795_305_600_000.0;

fn creds<'a>(sub: Option<&'a str>, email: Option<&'a str>, api: Option<&'a str>, oauth: Option<&'a str>, pw: Option<&'a str>) -> RawCredentials<'a> {
    let f = |v: Option<&'a str>| v.map_or(Raw::Absent, Raw::Text);
    RawCredentials { subdomain: f(sub), email: f(email), api_token: f(api), oauth_token: f(oauth), password: f(pw) }
}

/// How the inspector masks a secret, computed here independently: eight stars, then the
/// last four characters when the secret has 16 or more.
fn masked(secret: &str) -> String {
    let n = secret.chars().count();
    let tail: String = if n >= 16 { secret.chars().skip(n - 4).collect() } else { String::new() };
    format!("********{tail}")
}

/// Every 6-character slice of a secret.
fn slices(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    chars.windows(6).map(|w| w.iter().collect()).collect()
}

fn secret() -> impl Strategy<Value = String> {
    // High-entropy secrets, as real tokens are; 6-letter English words cannot occur by chance.
    "[A-Za-z0-9]{24,64}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn accepted_subdomains_only_ever_name_a_zendesk_host(input in "\\PC{0,80}") {
        let mut d = Vec::new();
        if let (Some(label), true) = subdomain::check(Some(&input), true, &mut d) {
            prop_assert!(!label.is_empty() && label.len() <= 63);
            prop_assert!(label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!label.starts_with('-') && !label.ends_with('-'));
            prop_assert_eq!(subdomain::base_url(&label), format!("https://{label}.zendesk.com"));
        }
    }

    #[test]
    fn url_like_subdomains_never_leave_zendesk(host in "[a-z0-9.-]{1,20}", path in "[/#?@:a-z.]{0,12}", scheme in "(https?://)?", userinfo in "([a-z.]{1,8}@)?") {
        let input = format!("{scheme}{userinfo}{host}{path}");
        let mut d = Vec::new();
        if let (Some(label), true) = subdomain::check(Some(&input), true, &mut d) {
            // Whatever was typed, the label is one DNS label and the host is under zendesk.com.
            prop_assert!(!label.contains(['.', '/', '@', '#', ':']));
        }
    }

    #[test]
    fn resolved_urls_stay_under_the_base(path in "\\PC{0,60}", label in "[a-z][a-z0-9]{0,10}") {
        let base = Base::zendesk(&label);
        if let Ok(url) = base.resolve(&path) {
            let root = format!("https://{label}.zendesk.com/api/v2/");
            prop_assert!(url.starts_with(&root), "{url}");
            prop_assert!(!url[root.len()..].contains("..") && !url.contains(['\r', '\n', '\0', '\\', '#', ' ']));
        }
    }

    #[test]
    fn no_secret_slice_in_diagnostics_or_debug(token in secret(), oauth in secret(), pw in secret(), noise in "\\PC{0,3}") {
        let api = format!("{noise}{token}");
        let raw = creds(Some("acme"), Some("agent@example.com"), Some(&api), Some(&oauth), Some(&pw));
        let v = validate(&raw, NOW);
        let debug = format!("{v:?}");
        let messages: String = v.diagnostics.iter().map(|d| format!("{} {}", d.message, d.hint())).collect();
        for s in [&token, &oauth, &pw] {
            for slice in slices(s) {
                prop_assert!(!messages.contains(&slice), "message leaks {slice}");
                prop_assert!(!debug.contains(&slice), "Debug leaks {slice}");
            }
        }
        if let Err(e) = build_authorization_header(&raw, None, NOW) {
            let text = format!("{e:?}");
            for slice in slices(&oauth).iter().chain(slices(&token).iter()) {
                prop_assert!(!text.contains(slice.as_str()));
            }
        }
    }

    #[test]
    fn redaction_hides_every_recognised_credential(token in secret(), email in "[a-z]{1,8}@[a-z]{1,8}\\.com", prefix in "[ a-z:=]{0,12}", suffix in "[ a-z.,;]{0,12}") {
        let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{email}/token:{token}"));
        for line in [
            format!("{prefix}Authorization: Basic {b64}{suffix}"),
            format!("{prefix}Authorization: Bearer {token}{suffix}"),
            format!("{prefix}curl -u {email}/token:{token}{suffix}"),
            format!("{prefix}{{\"apiToken\":\"{token}\"}}{suffix}"),
            format!("{prefix}refresh_token={token}&x=1{suffix}"),
            format!("{prefix}access_token: {token}{suffix}"),
        ] {
            let out = redact(&line);
            for slice in slices(&token).iter().chain(slices(&b64).iter()) {
                prop_assert!(!out.contains(slice.as_str()), "{out} leaks {slice}");
            }
        }
    }

    #[test]
    fn redaction_holds_in_log_formats_with_random_secrets(token in secret(), words in prop::collection::vec("[a-z]{3,9}", 2..5), digits in "[0-9]{2}", email in "[a-z]{1,8}@[a-z]{1,8}\\.com") {
        // A password with spaces, as people choose them; made unlikely to be a word of
        // the surrounding text by the digits in it.
        let password = format!("{}{digits}", words.join(" "));
        let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{email}:{password}"));
        for (line, secret) in [
            (format!("{{\"name\": \"access_token\", \"value\": \"{token}\"}}"), &token),
            (format!("\"text\": \"{{\\\"refresh_token\\\":\\\"{token}\\\"}}\""), &token),
            (format!("map[Authorization:[Bearer {token}] Accept:[*/*]]"), &token),
            (format!("{{\"access_token\"=>\"{token}\", \"scope\"=>\"read\"}}"), &token),
            (format!("    [password] => {password}\n)"), &password),
            (format!("{{\"password\": \"{password}\", \"email\": \"{email}\"}}"), &password),
            (format!("curl --user '{email}:{password}' https://acme.zendesk.com"), &password),
            (format!("Cookie: _zendesk_session={token}; locale=en"), &token),
            (format!("send: b'GET / HTTP/1.1\\r\\nAuthorization: Basic {b64}\\r\\n'"), &b64),
            (format!("auth=Basic%20{}&x=1", b64.replace('=', "%3D").replace('+', "%2B").replace('/', "%2F")), &b64.replace('=', "%3D").replace('+', "%2B").replace('/', "%2F")),
        ] {
            let out = redact(&line);
            for slice in slices(secret) {
                prop_assert!(!out.contains(slice.as_str()), "{out} leaks {slice}");
            }
        }
    }

    #[test]
    fn redaction_keeps_every_line_break(text in "\\PC{0,40}(\n\\PC{0,40}){0,4}") {
        let out = redact(&text);
        prop_assert_eq!(out.matches('\n').count(), text.matches('\n').count());
    }

    #[test]
    fn built_headers_inspect_back_to_the_same_credentials(token in "[A-Za-z0-9]{40}", local in "[a-z0-9._+-]{1,20}", domain in "[a-z]{1,10}\\.[a-z]{2,6}", bearer in "[A-Za-z0-9._~+/-]{16,80}") {
        let email = format!("{local}@{domain}");
        let raw = creds(None, Some(&email), Some(&token), None, None);
        let header = build_authorization_header(&raw, None, NOW).unwrap();
        let r = inspect_authorization_header(&header, NOW);
        prop_assert_eq!(r.scheme.as_str(), "api_token");
        prop_assert_eq!(r.email.as_deref(), Some(email.as_str()));
        prop_assert_eq!(r.secret_masked, Some(masked(&token)));
        let raw = creds(None, None, None, Some(&bearer), None);
        if let Ok(header) = build_authorization_header(&raw, None, NOW) {
            let r = inspect_authorization_header(&header, NOW);
            prop_assert_eq!(r.scheme.as_str(), "bearer");
            prop_assert_eq!(r.secret_masked, Some(masked(&bearer)));
        }
    }

    #[test]
    fn cr_lf_nul_never_reach_a_header_and_nothing_panics(a in "\\PC*[\\r\\n\\x00]?\\PC*", b in "\\PC{0,50}", c in "\\PC{0,50}", scheme in prop::option::of("(oauth|api_token|password|x)")) {
        let raw = creds(Some(&b), Some(&c), Some(&a), Some(&a), Some(&a));
        if let Ok(header) = build_authorization_header(&raw, scheme.as_deref(), 0.0) {
            prop_assert!(!header.contains(['\r', '\n', '\0']));
        }
        let _ = validate_with(&raw, NOW, false);
        let _ = inspect_authorization_header(&a, NOW);
        let _ = redact(&a);
    }
}
