//! The case table shared by every test layer: native (`tests/native.rs`) and wasm in
//! Node and Chromium (`tests/node.rs`, `tests/browser.rs`).
//!
//! Expected values are written out literally. Header values were computed outside this
//! project with python3's base64 module, e.g.
//! `python3 -c "import base64;print(base64.b64encode('agent@example.com/token:TOKEN'.encode()).decode())"`,
//! and JWT payloads with `base64.urlsafe_b64encode(json.dumps({...}).encode())`.
#![allow(dead_code)]

/// Zendesk's own documentation example of an API token (40 letters and digits).
pub const TOKEN: &str = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
/// 2026-11-22T00:00:00Z
pub const NOW: f64 = 1_795_305_600_000.0;
/// 2025-12-01T00:00:00Z: before Zendesk removed password access.
pub const BEFORE_PASSWORD_REMOVAL: f64 = 1_764_547_200_000.0;
/// 2027-05-01T00:00:00Z: the day after all API tokens were deactivated.
pub const AFTER_TOKEN_RETIREMENT: f64 = 1_809_129_600_000.0;

/// JWT access tokens (header `{"alg":"HS256","typ":"at+jwt"}`), exp = NOW + 1 h.
pub const JWT_VALID: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzk1MzA5MjAwLCJzY29wZSI6InJlYWQifQ.c2lnbmF0dXJl";
/// exp = NOW + 2 min (2026-11-22T00:02:00Z).
pub const JWT_SOON: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzk1MzA1NzIwLCJzY29wZSI6InJlYWQifQ.c2lnbmF0dXJl";
/// exp = NOW - 3 h (2026-11-21T21:00:00Z).
pub const JWT_EXPIRED: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzk1Mjk0ODAwLCJzY29wZSI6InJlYWQifQ.c2lnbmF0dXJl";
/// An opaque (non-JWT) access token of 64 hex characters.
pub const OPAQUE: &str = "2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";

/// An opaque access token of 54 hex characters, the length of Zendesk's documentation examples.
pub const OPAQUE_54: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef012345";
/// A password of the kind people paste into the API token field ('-' at character 8).
pub const PASSWORD: &str = "hunter2-Staple9";

/// base64("agent@example.com/token:" + TOKEN)
pub const B64_API: &str = "YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==";
/// base64("agent@example.com:" + TOKEN): an API token sent without `/token`.
pub const B64_NO_SUFFIX: &str = "YWdlbnRAZXhhbXBsZS5jb206NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==";
/// base64("agent@example.com:hunter2")
pub const B64_PASSWORD: &str = "YWdlbnRAZXhhbXBsZS5jb206aHVudGVyMg==";
/// base64(B64_API)
pub const B64_DOUBLE: &str = "WVdkbGJuUkFaWGhoYlhCc1pTNWpiMjB2ZEc5clpXNDZObmRwU1VKWFlrZHJRazF2TVcxU1JFMTFWbmRyZHpGRlVITk9hMlZWYWprMVVFbDZNbUZyZGc9PQ==";

/// One `validate` case.
pub struct Case {
    pub name: &'static str,
    pub subdomain: Option<&'static str>,
    pub email: Option<&'static str>,
    pub api_token: Option<&'static str>,
    pub oauth_token: Option<&'static str>,
    pub password: Option<&'static str>,
    pub now: f64,
    pub ok: bool,
    /// Exactly the codes expected, in order.
    pub codes: &'static [&'static str],
    /// Normalized values expected: (field name as in JS, value).
    pub normalized: &'static [(&'static str, &'static str)],
}

const BASE: Case = Case {
    name: "",
    subdomain: Some("acme"),
    email: Some("agent@example.com"),
    api_token: Some(TOKEN),
    oauth_token: None,
    password: None,
    now: NOW,
    ok: true,
    codes: &["API_TOKEN_RETIRING"],
    normalized: &[],
};

const OAUTH: Case = Case { email: None, api_token: None, oauth_token: Some(OPAQUE), codes: &[], ..BASE };

pub const VALIDATE: &[Case] = &[
    Case { name: "api token credentials are valid, with the retirement warning", normalized: &[("subdomain", "acme"), ("email", "agent@example.com"), ("apiToken", TOKEN)], ..BASE },
    Case { name: "opaque oauth token alone is valid", normalized: &[("oauthToken", OPAQUE)], ..OAUTH },
    Case { name: "jwt access token valid for an hour", oauth_token: Some(JWT_VALID), ..OAUTH },
    // subdomain
    Case { name: "missing subdomain", subdomain: None, ok: false, codes: &["SUBDOMAIN_MISSING"], ..OAUTH },
    Case { name: "blank subdomain", subdomain: Some("   "), ok: false, codes: &["WHITESPACE_TRIMMED", "SUBDOMAIN_MISSING"], ..OAUTH },
    Case { name: "agent URL pasted as subdomain", subdomain: Some("https://acme.zendesk.com/agent/tickets/1"), codes: &["SUBDOMAIN_WAS_URL"], normalized: &[("subdomain", "acme")], ..OAUTH },
    Case { name: "host pasted as subdomain", subdomain: Some("acme.zendesk.com"), codes: &["SUBDOMAIN_WAS_URL"], normalized: &[("subdomain", "acme")], ..OAUTH },
    Case { name: "uppercase URL", subdomain: Some("HTTPS://Acme.Zendesk.com/"), codes: &["SUBDOMAIN_WAS_URL", "SUBDOMAIN_UPPERCASE"], normalized: &[("subdomain", "acme")], ..OAUTH },
    Case { name: "uppercase subdomain", subdomain: Some("ACME-Support"), codes: &["SUBDOMAIN_UPPERCASE"], normalized: &[("subdomain", "acme-support")], ..OAUTH },
    Case { name: "leading digits are valid", subdomain: Some("3acme"), normalized: &[("subdomain", "3acme")], ..OAUTH },
    Case { name: "host-mapped domain", subdomain: Some("support.acme.com"), ok: false, codes: &["SUBDOMAIN_NOT_ZENDESK_HOST"], ..OAUTH },
    Case { name: "credential-stealing subdomain from node-zendesk", subdomain: Some("evil.example/x#"), ok: false, codes: &["SUBDOMAIN_NOT_ZENDESK_HOST"], ..OAUTH },
    Case { name: "user info hides the real host", subdomain: Some("https://acme.zendesk.com@evil.example/"), ok: false, codes: &["SUBDOMAIN_NOT_ZENDESK_HOST"], ..OAUTH },
    Case { name: "zendesk.com suffix not at the end", subdomain: Some("acme.zendesk.com.evil.example"), ok: false, codes: &["SUBDOMAIN_NOT_ZENDESK_HOST"], ..OAUTH },
    Case { name: "underscore", subdomain: Some("acme_corp"), ok: false, codes: &["SUBDOMAIN_INVALID_CHARS"], ..OAUTH },
    Case { name: "fragment character", subdomain: Some("acme#"), ok: false, codes: &["SUBDOMAIN_INVALID_CHARS"], ..OAUTH },
    Case { name: "non-ASCII letter", subdomain: Some("acmé"), ok: false, codes: &["SUBDOMAIN_INVALID_CHARS"], ..OAUTH },
    Case { name: "nested label under zendesk.com", subdomain: Some("a.b.zendesk.com"), ok: false, codes: &["SUBDOMAIN_WAS_URL", "SUBDOMAIN_INVALID_CHARS"], ..OAUTH },
    Case { name: "leading hyphen", subdomain: Some("-acme"), ok: false, codes: &["SUBDOMAIN_BAD_HYPHEN"], ..OAUTH },
    Case { name: "64 characters", subdomain: Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), ok: false, codes: &["SUBDOMAIN_TOO_LONG"], ..OAUTH },
    Case { name: "63 characters is fine", subdomain: Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), ..OAUTH },
    // whitespace
    Case { name: "trailing newline on every field", subdomain: Some("acme\n"), email: Some(" agent@example.com "), api_token: Some("6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv\r\n"), codes: &["WHITESPACE_TRIMMED", "WHITESPACE_TRIMMED", "WHITESPACE_TRIMMED", "API_TOKEN_RETIRING"], normalized: &[("subdomain", "acme"), ("email", "agent@example.com"), ("apiToken", TOKEN)], ..BASE },
    // email
    Case { name: "api token without email", email: None, ok: false, codes: &["API_TOKEN_RETIRING", "EMAIL_MISSING"], ..BASE },
    Case { name: "email with /token suffix", email: Some("agent@example.com/token"), codes: &["EMAIL_HAS_TOKEN_SUFFIX", "API_TOKEN_RETIRING"], normalized: &[("email", "agent@example.com")], ..BASE },
    Case { name: "email without @", email: Some("agent.example.com"), ok: false, codes: &["EMAIL_INVALID", "API_TOKEN_RETIRING"], ..BASE },
    Case { name: "email with display name", email: Some("Agent <agent@example.com>"), ok: false, codes: &["EMAIL_INVALID", "API_TOKEN_RETIRING"], ..BASE },
    Case { name: "email with a colon breaks Basic auth", email: Some("agent:x@example.com"), ok: false, codes: &["EMAIL_INVALID", "API_TOKEN_RETIRING"], ..BASE },
    Case { name: "fields swapped", email: Some(TOKEN), api_token: Some("agent@example.com"), ok: false, codes: &["EMAIL_LOOKS_LIKE_TOKEN", "API_TOKEN_RETIRING", "API_TOKEN_INVALID_CHARS"], ..BASE },
    // api token
    Case { name: "whole credential string in the token field", email: None, api_token: Some("agent@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"), codes: &["API_TOKEN_WAS_CREDENTIAL_STRING", "API_TOKEN_RETIRING"], normalized: &[("email", "agent@example.com"), ("apiToken", TOKEN)], ..BASE },
    Case { name: "whole credential string in the email field", api_token: None, email: Some("agent@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"), codes: &["API_TOKEN_WAS_CREDENTIAL_STRING", "API_TOKEN_RETIRING"], normalized: &[("email", "agent@example.com"), ("apiToken", TOKEN)], ..BASE },
    Case { name: "smart quotes around the token", api_token: Some("\u{201C}6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv\u{201D}"), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_INVISIBLE_CHAR"], ..BASE },
    Case { name: "zero-width space inside the token", api_token: Some("6wiIBWbGkBMo1mRDMuV\u{200B}wkw1EPsNkeUj95PIz2akv"), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_INVISIBLE_CHAR"], ..BASE },
    Case { name: "no-break space at the end is not silently trimmed", api_token: Some("6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv\u{00A0}"), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_INVISIBLE_CHAR"], ..BASE },
    Case { name: "punctuation in the token", api_token: Some("6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2ak-"), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_INVALID_CHARS"], ..BASE },
    Case { name: "truncated token", api_token: Some("6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2a"), codes: &["API_TOKEN_RETIRING", "API_TOKEN_UNUSUAL_LENGTH"], ..BASE },
    Case { name: "Basic header pasted as token", api_token: Some("Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg=="), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_WAS_HEADER"], ..BASE },
    Case { name: "base64 credentials pasted as token", api_token: Some(B64_API), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_WAS_HEADER"], ..BASE },
    Case { name: "JWT in the api token field", api_token: Some(JWT_VALID), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_OAUTH"], ..BASE },
    Case { name: "Bearer value in the api token field", api_token: Some("Bearer 2e8f0d5b0b8a4c6f"), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_OAUTH"], ..BASE },
    Case { name: "opaque 64-hex oauth token in the api token field", api_token: Some(OPAQUE), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_OAUTH"], ..BASE },
    Case { name: "opaque 54-hex oauth token in the api token field", api_token: Some(OPAQUE_54), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_OAUTH"], ..BASE },
    Case { name: "password in the api token field", api_token: Some(PASSWORD), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_PASSWORD"], ..BASE },
    Case { name: "short password with symbols in the api token field", api_token: Some("Tr0ub4dor&3"), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_PASSWORD"], ..BASE },
    Case { name: "an address in the api token field is not a password", api_token: Some("https://q7r9.test/k3"), ok: false, codes: &["API_TOKEN_RETIRING", "API_TOKEN_INVALID_CHARS"], ..BASE },
    Case { name: "40 hex digits are not an opaque oauth token", api_token: Some("0a1b2c3d4e5f60718293a4b5c6d7e8f901234567"), codes: &["API_TOKEN_RETIRING"], ..BASE },
    Case { name: "api token after all tokens were deactivated", now: AFTER_TOKEN_RETIREMENT, ok: false, codes: &["API_TOKEN_RETIRING"], ..BASE },
    Case { name: "newline inside the token", api_token: Some("6wiIBWbGkBMo1mRD\nMuVwkw1EPsNkeUj95PIz2akv"), ok: false, codes: &["API_TOKEN_RETIRING", "HEADER_INJECTION"], ..BASE },
    // oauth token
    Case { name: "Bearer prefix on the oauth token", oauth_token: Some("Bearer 2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912"), codes: &["OAUTH_TOKEN_HAS_BEARER_PREFIX"], normalized: &[("oauthToken", OPAQUE)], ..OAUTH },
    Case { name: "space inside the oauth token", oauth_token: Some("2e8f0d5b 0b8a4c6f"), ok: false, codes: &["OAUTH_TOKEN_INVALID_CHARS"], ..OAUTH },
    Case { name: "api token in the oauth field can never work", oauth_token: Some(TOKEN), ok: false, codes: &["OAUTH_TOKEN_LOOKS_LIKE_API_TOKEN"], ..OAUTH },
    Case { name: "whole credential strings in both fields: one retirement warning", email: Some("agent@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"), api_token: Some("agent@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"), codes: &["API_TOKEN_WAS_CREDENTIAL_STRING", "API_TOKEN_WAS_CREDENTIAL_STRING", "API_TOKEN_RETIRING"], normalized: &[("email", "agent@example.com"), ("apiToken", TOKEN)], ..BASE },
    Case { name: "expired JWT", oauth_token: Some(JWT_EXPIRED), ok: false, codes: &["OAUTH_TOKEN_EXPIRED"], ..OAUTH },
    Case { name: "JWT expiring within 5 minutes", oauth_token: Some(JWT_SOON), codes: &["OAUTH_TOKEN_EXPIRES_SOON"], ..OAUTH },
    Case { name: "oauth and api token together is fine", oauth_token: Some(OPAQUE), ..BASE },
    // password
    Case { name: "password after the removal", api_token: None, password: Some("hunter2"), ok: false, codes: &["PASSWORD_AUTH_REMOVED"], ..BASE },
    Case { name: "password before the removal warns", api_token: None, password: Some("hunter2"), now: BEFORE_PASSWORD_REMOVAL, codes: &["PASSWORD_AUTH_REMOVED"], ..BASE },
    // combinations
    Case { name: "no credentials at all", email: None, api_token: None, ok: false, codes: &["NO_CREDENTIALS"], ..BASE },
    Case { name: "api token and password", password: Some("hunter2"), now: BEFORE_PASSWORD_REMOVAL, ok: false, codes: &["API_TOKEN_RETIRING", "PASSWORD_AUTH_REMOVED", "AMBIGUOUS_CREDENTIALS"], ..BASE },
];

/// One `buildAuthorizationHeader` case: `Ok(header)` or `Err(code)`.
pub struct HeaderCase {
    pub name: &'static str,
    pub case: Case,
    pub scheme: Option<&'static str>,
    pub expect: Result<&'static str, &'static str>,
}

pub const HEADERS: &[HeaderCase] = &[
    HeaderCase { name: "api token", case: BASE, scheme: None, expect: Ok("Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==") },
    HeaderCase { name: "no subdomain needed", case: Case { subdomain: None, ..BASE }, scheme: Some("api_token"), expect: Ok("Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==") },
    HeaderCase { name: "utf-8 email is base64 of its UTF-8 bytes", case: Case { email: Some("jürgen@example.de"), ..BASE }, scheme: None, expect: Ok("Basic asO8cmdlbkBleGFtcGxlLmRlL3Rva2VuOjZ3aUlCV2JHa0JNbzFtUkRNdVZ3a3cxRVBzTmtlVWo5NVBJejJha3Y=") },
    HeaderCase { name: "pasted values are normalized first", case: Case { subdomain: Some("https://acme.zendesk.com/"), email: Some("agent@example.com/token\n"), api_token: Some(" 6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv\n"), ..BASE }, scheme: None, expect: Ok("Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==") },
    HeaderCase { name: "oauth preferred when both are given", case: Case { oauth_token: Some(OPAQUE), ..BASE }, scheme: None, expect: Ok("Bearer 2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912") },
    HeaderCase { name: "explicit api_token over oauth", case: Case { oauth_token: Some(JWT_EXPIRED), ..BASE }, scheme: Some("api_token"), expect: Ok("Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==") },
    HeaderCase { name: "password before the removal", case: Case { api_token: None, password: Some("hunter2 horse"), now: BEFORE_PASSWORD_REMOVAL, ..BASE }, scheme: Some("password"), expect: Ok("Basic YWdlbnRAZXhhbXBsZS5jb206aHVudGVyMiBob3JzZQ==") },
    HeaderCase { name: "password after the removal", case: Case { api_token: None, password: Some("hunter2"), ..BASE }, scheme: None, expect: Err("PASSWORD_AUTH_REMOVED") },
    HeaderCase { name: "missing /token email is an error", case: Case { email: None, ..BASE }, scheme: None, expect: Err("EMAIL_MISSING") },
    HeaderCase { name: "nothing given", case: Case { email: None, api_token: None, ..BASE }, scheme: None, expect: Err("NO_CREDENTIALS") },
    HeaderCase { name: "expired JWT", case: Case { oauth_token: Some(JWT_EXPIRED), ..OAUTH }, scheme: None, expect: Err("OAUTH_TOKEN_EXPIRED") },
    HeaderCase { name: "CR LF in the password", case: Case { api_token: None, password: Some("a\r\nX-Evil: 1"), now: BEFORE_PASSWORD_REMOVAL, ..BASE }, scheme: None, expect: Err("HEADER_INJECTION") },
    HeaderCase { name: "NUL in the email", case: Case { email: Some("agent@example.com\0"), ..BASE }, scheme: None, expect: Err("HEADER_INJECTION") },
    HeaderCase { name: "unknown scheme", case: BASE, scheme: Some("digest"), expect: Err("SCHEME_UNKNOWN") },
    HeaderCase { name: "oauth asked without token", case: BASE, scheme: Some("oauth"), expect: Err("OAUTH_TOKEN_MISSING") },
    HeaderCase { name: "api_token asked without token", case: OAUTH, scheme: Some("api_token"), expect: Err("API_TOKEN_MISSING") },
    HeaderCase { name: "password asked without password", case: BASE, scheme: Some("password"), expect: Err("PASSWORD_MISSING") },
    HeaderCase { name: "api token as the oauth token is refused", case: Case { oauth_token: Some(TOKEN), ..OAUTH }, scheme: None, expect: Err("OAUTH_TOKEN_LOOKS_LIKE_API_TOKEN") },
    HeaderCase { name: "password in the api token field is refused", case: Case { api_token: Some(PASSWORD), ..BASE }, scheme: None, expect: Err("API_TOKEN_LOOKS_LIKE_PASSWORD") },
    HeaderCase { name: "bad subdomain blocks", case: Case { subdomain: Some("evil.example/x#"), ..BASE }, scheme: None, expect: Err("SUBDOMAIN_NOT_ZENDESK_HOST") },
];

/// One `inspectAuthorizationHeader` case.
pub struct InspectCase {
    pub name: &'static str,
    pub value: &'static str,
    pub scheme: &'static str,
    pub email: Option<&'static str>,
    pub codes: &'static [&'static str],
}

pub const INSPECT: &[InspectCase] = &[
    InspectCase { name: "good api token header", value: "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==", scheme: "api_token", email: Some("agent@example.com"), codes: &["API_TOKEN_RETIRING"] },
    InspectCase { name: "with header name and trailing newline", value: "Authorization: Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==\n", scheme: "api_token", email: Some("agent@example.com"), codes: &["WHITESPACE_TRIMMED", "HEADER_HAS_NAME_PREFIX", "API_TOKEN_RETIRING"] },
    InspectCase { name: "missing /token", value: "Basic YWdlbnRAZXhhbXBsZS5jb206NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==", scheme: "password", email: Some("agent@example.com"), codes: &["HEADER_MISSING_TOKEN_SUFFIX", "API_TOKEN_RETIRING"] },
    InspectCase { name: "password header", value: "Basic YWdlbnRAZXhhbXBsZS5jb206aHVudGVyMg==", scheme: "password", email: Some("agent@example.com"), codes: &["PASSWORD_AUTH_REMOVED"] },
    InspectCase { name: "not base64", value: "Basic agent@example.com/token:abc", scheme: "unknown", email: None, codes: &["HEADER_NOT_BASE64"] },
    InspectCase { name: "double encoded", value: "Basic WVdkbGJuUkFaWGhoYlhCc1pTNWpiMjB2ZEc5clpXNDZObmRwU1VKWFlrZHJRazF2TVcxU1JFMTFWbmRyZHpGRlVITk9hMlZWYWprMVVFbDZNbUZyZGc9PQ==", scheme: "api_token", email: Some("agent@example.com"), codes: &["HEADER_DOUBLE_ENCODED", "API_TOKEN_RETIRING"] },
    InspectCase { name: "decodes without a colon", value: "Basic aGVsbG8gd29ybGQ=", scheme: "unknown", email: None, codes: &["HEADER_MALFORMED_CREDENTIALS"] },
    InspectCase { name: "api token sent as bearer", value: "Bearer 6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv", scheme: "bearer", email: None, codes: &["HEADER_API_TOKEN_AS_BEARER"] },
    InspectCase { name: "good bearer", value: "Bearer 2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912", scheme: "bearer", email: None, codes: &[] },
    InspectCase { name: "expired bearer JWT", value: "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzk1Mjk0ODAwLCJzY29wZSI6InJlYWQifQ.c2lnbmF0dXJl", scheme: "bearer", email: None, codes: &["OAUTH_TOKEN_EXPIRED"] },
    InspectCase { name: "curl -u string", value: "curl https://acme.zendesk.com/api/v2/users/me.json -u agent@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv", scheme: "api_token", email: Some("agent@example.com"), codes: &["API_TOKEN_RETIRING"] },
    InspectCase { name: "curl -H bearer", value: "curl -H 'Authorization: Bearer 2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912' https://acme.zendesk.com/api/v2/users/me.json", scheme: "bearer", email: None, codes: &[] },
    InspectCase { name: "plain credentials without scheme", value: "agent@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv", scheme: "api_token", email: Some("agent@example.com"), codes: &["HEADER_MISSING_SCHEME", "API_TOKEN_RETIRING"] },
    InspectCase { name: "base64 without Basic", value: "YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg==", scheme: "api_token", email: Some("agent@example.com"), codes: &["HEADER_MISSING_SCHEME", "API_TOKEN_RETIRING"] },
    InspectCase { name: "bare api token", value: "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv", scheme: "unknown", email: None, codes: &["HEADER_MISSING_SCHEME"] },
    InspectCase { name: "unknown scheme", value: "Token token=abc123", scheme: "unknown", email: None, codes: &["HEADER_UNKNOWN_SCHEME"] },
    // base64("agent@example.com/token:" + OPAQUE) and base64("agent@example.com/token:hunter2-Staple9"), from python3
    InspectCase { name: "opaque oauth token sent as an api token", value: "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46MmU4ZjBkNWIwYjhhNGM2ZjllMWQzYTdiNWM5ZTBmMWEyYjNjNGQ1ZTZmNzA4MTkyYTNiNGM1ZDZlN2Y4MDkxMg==", scheme: "api_token", email: Some("agent@example.com"), codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_OAUTH"] },
    InspectCase { name: "password sent as an api token", value: "Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46aHVudGVyMi1TdGFwbGU5", scheme: "api_token", email: Some("agent@example.com"), codes: &["API_TOKEN_RETIRING", "API_TOKEN_LOOKS_LIKE_PASSWORD"] },
    InspectCase { name: "empty", value: "  ", scheme: "unknown", email: None, codes: &["HEADER_EMPTY"] },
];

/// `redact` cases: input and exact expected output.
pub const REDACT: &[(&str, &str)] = &[
    ("GET /api/v2/users/me.json Authorization: Basic YWdlbnRAZXhhbXBsZS5jb20vdG9rZW46NndpSUJXYkdrQk1vMW1SRE11VndrdzFFUHNOa2VVajk1UEl6MmFrdg== 200",
     "GET /api/v2/users/me.json Authorization: Basic ********dg== 200"),
    ("authorization: bearer 2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912",
     "authorization: bearer ********0912"),
    ("curl -u agent@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv https://acme.zendesk.com",
     "curl -u agent@example.com/token:********2akv https://acme.zendesk.com"),
    (r#"{"subdomain":"acme","apiToken":"6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv","password":"hunter2"}"#,
     r#"{"subdomain":"acme","apiToken":"********2akv","password":"********"}"#),
    ("POST /oauth/tokens refresh_token=abcdefghijklmnopqrstuvwxyz123456&client_secret=s3cr3t",
     "POST /oauth/tokens refresh_token=********3456&client_secret=********"),
    ("token 6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv leaked, commit 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567 kept",
     "token ********2akv leaked, commit 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567 kept"),
    ("jwt=eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiIxIiwiZXhwIjoxNzk1MzA5MjAwLCJzY29wZSI6InJlYWQifQ.c2lnbmF0dXJl end",
     "jwt=********dXJl end"),
    ("Basic auth is disabled; Bearer authentication is required", "Basic auth is disabled; Bearer authentication is required"),
    ("nothing secret here: ünïcödé and a url https://acme.zendesk.com/api/v2", "nothing secret here: ünïcödé and a url https://acme.zendesk.com/api/v2"),
];
