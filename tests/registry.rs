//! One registry of codes (`src/core/codes.rs`), checked against everything a user sees:
//! the TypeScript unions, and the code strings in the package's JavaScript (the boundary,
//! the entries, the webhook verifier, the edge proxy and the command line). A code
//! written anywhere in JavaScript must be in the registry, and a JavaScript-only code in
//! the registry must still be used somewhere.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use zendesk_auth::core::codes::{all_names, ClientCode, Code, CLI, CLIENT_JS, EDGE, JS_ONLY, WEBHOOK};

/// Upper-case strings in JavaScript that are not codes: HTTP methods, algorithm names,
/// environment variables, Node's own error codes.
const NOT_CODES: &[&str] = &[
    "HEAD", "POST", "PATCH", "DELETE", "OPTIONS", "HMAC", "HKDF", "RS256", "NO_COLOR", "SUBDOMAIN", "ACCESS_TEAM_DOMAIN",
    "ZENDESK_BASE_URL", "ZENDESK_OAUTH_TOKEN", "ZENDESK_API_TOKEN", "ZENDESK_EMAIL", "ZENDESK_SUBDOMAIN",
    "ZENDESK_WEBHOOK_SECRET", "EEXIST", "ENOENT", "EPERM",
];

/// The union's members, in order: `export type NAME = | "A" | "B" ...;`
fn union(dts: &str, name: &str) -> Vec<String> {
    let start = dts.find(&format!("export type {name}")).unwrap_or_else(|| panic!("no union {name}"));
    let block = &dts[start..start + dts[start..].find(';').unwrap()];
    block.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// `"UPPER_CASE"` string literals of four or more characters in the files of `dir`.
fn literals(dir: &str, ext: &[&str]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    for entry in fs::read_dir(&root).unwrap_or_else(|e| panic!("{dir}: {e}")) {
        let path = entry.unwrap().path();
        if !path.extension().is_some_and(|x| ext.contains(&x.to_str().unwrap())) {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let bytes = text.as_bytes();
        // Each `"` opens a candidate: upper-case letters, digits and `_` up to the next `"`.
        for (i, _) in text.match_indices('"') {
            let run = bytes[i + 1..].iter().take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_').count();
            let quoted = &text[i + 1..i + 1 + run];
            let closed = bytes.get(i + 1 + run) == Some(&b'"');
            if closed && run >= 4 && bytes[i + 1].is_ascii_uppercase() && !NOT_CODES.contains(&quoted) && !quoted.starts_with("ERR_") {
                out.insert(quoted.to_owned());
            }
        }
    }
    out
}

#[test]
fn typescript_unions_are_the_registry() {
    let dts = include_str!("../src/js/types.d.ts");
    let diagnostic: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    // The client's codes: ClientCode's, then those its JavaScript alone raises.
    let client: Vec<&str> = ClientCode::ALL.iter().map(|c| c.as_str()).chain(CLIENT_JS.iter().copied()).collect();
    assert_eq!(union(dts, "DiagnosticCode"), diagnostic);
    assert_eq!(union(dts, "ClientErrorCode"), client);
    for code in JS_ONLY {
        assert!(union(dts, "ErrorCode").iter().any(|c| c == code), "{code} missing from ErrorCode");
    }
}

#[test]
fn every_code_in_javascript_is_registered() {
    let registered: BTreeSet<&str> = all_names().collect();
    let places = [
        ("src/js", &["js"][..]),
        ("pkg-template", &["mjs", "js"][..]),
        ("pkg-template/client", &["mjs", "js"][..]),
        ("pkg-template/webhook", &["mjs"][..]),
        ("pkg-template/edge", &["mjs"][..]),
        ("pkg-template/cli", &["mjs"][..]),
    ];
    let mut unregistered = Vec::new();
    for (dir, ext) in places {
        for code in literals(dir, ext) {
            if !registered.contains(code.as_str()) {
                unregistered.push(format!("{dir}: {code}"));
            }
        }
    }
    assert!(unregistered.is_empty(), "codes used in JavaScript but not in src/core/codes.rs: {unregistered:?}");
}

#[test]
fn javascript_only_codes_are_still_used_where_they_belong() {
    let groups: [(&[&str], &[&str]); 5] = [
        (JS_ONLY, &["pkg-template"]),
        (CLIENT_JS, &["src/js", "pkg-template/client"]),
        (WEBHOOK, &["pkg-template/webhook"]),
        (EDGE, &["pkg-template/edge"]),
        (CLI, &["pkg-template/cli"]),
    ];
    for (codes, dirs) in groups {
        let used: BTreeSet<String> = dirs.iter().flat_map(|d| literals(d, &["mjs", "js"])).collect();
        let stale: Vec<_> = codes.iter().filter(|c| !used.contains(**c)).collect();
        assert!(stale.is_empty(), "registered but used nowhere in {dirs:?}: {stale:?}");
    }
    // The webhook module exports its list; it is the registry's, in the same order.
    let source = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("pkg-template/webhook/index.mjs")).unwrap();
    let start = source.find("WEBHOOK_CODES = Object.freeze([").unwrap();
    let list = &source[start..start + source[start..].find("])").unwrap()];
    let exported: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    assert_eq!(exported, WEBHOOK);
}
