//! OAuth with Zendesk: authorization URLs with PKCE, token requests, token sets.
//!
//! Zendesk's grants: `authorization_code` (PKCE S256), `refresh_token` (single use,
//! rotating: each refresh returns a new pair and invalidates the old one) and
//! `client_credentials` (confidential clients, no refresh token). `expires_in` is only
//! in the token response when the request asks for it, so requests always ask.

use std::fmt;

use zeroize::Zeroize;

use crate::core::outcome::{self, AuthScheme, ClientCode, ErrorBody, Failure};
use crate::core::query::append_query;
use crate::core::url::Base;
use crate::core::{jwt, text};

/// Access-token lifetime asked for when the caller does not say (Zendesk's default).
pub const DEFAULT_EXPIRES_IN_SECONDS: u32 = 1_800;
/// A token this close to expiry is refreshed before use.
pub const REFRESH_MARGIN_MS: f64 = 60_000.0;

/// Checks scopes against Zendesk's grammar (`read`, `write`, `impersonate`,
/// `{resource}:read|write`) and returns them space-separated.
pub fn check_scopes<'a>(scopes: impl IntoIterator<Item = &'a str>) -> Result<String, Failure> {
    let mut out = String::new();
    for scope in scopes.into_iter().flat_map(str::split_ascii_whitespace) {
        let valid = match scope.split_once(':') {
            None => matches!(scope, "read" | "write" | "impersonate"),
            Some((resource, access)) => {
                !resource.is_empty() && resource.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') && matches!(access, "read" | "write")
            }
        };
        if !valid {
            let mut msg = String::from("'");
            msg.extend(scope.chars().take(40));
            msg.push_str("' is not a Zendesk OAuth scope.");
            return Err(Failure::new(ClientCode::InvalidScope, msg, "Use read, write, impersonate, or resource:read / resource:write such as tickets:read."));
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(scope);
    }
    if out.is_empty() {
        return Err(Failure::new(ClientCode::InvalidScope, "No scope was given.", "Ask for the scopes the app needs, e.g. ['read'] or ['tickets:read', 'users:read']."));
    }
    Ok(out)
}

/// The PKCE S256 challenge for a verifier: base64url(SHA-256(verifier)), no padding.
pub fn code_challenge(verifier: &str) -> String {
    let digest = sha256(verifier.as_bytes());
    scrub_stack();
    crate::core::b64::encode_url(&digest)
}

/// Kept out of line so that its frame, where the hasher's buffer and message schedule
/// hold the verifier (as text and as 32-bit words), lies where `scrub_stack` runs next.
#[inline(never)]
fn sha256(data: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    Sha256::digest(data).into()
}

/// Zeroes the stack just below the caller's frame, where the callee it ran before left
/// its locals: the allocator wipes freed heap blocks, but nothing wipes a returned frame.
/// 2 KiB is several times what the SHA-256 above uses.
#[inline(never)]
fn scrub_stack() {
    let mut area = [0u8; 2048];
    area.zeroize();
    core::hint::black_box(&area);
}

/// Random bytes as base64url (for verifiers and states).
pub fn random_token(bytes: &[u8]) -> String {
    crate::core::b64::encode_url(bytes)
}

/// `{base}/oauth/authorizations/new?response_type=code&...&code_challenge_method=S256`.
pub fn authorization_url(base: &Base, client_id: &str, redirect_uri: &str, scope: &str, state: &str, challenge: &str) -> String {
    let mut url = base.url();
    url.push_str("/oauth/authorizations/new");
    let pairs: Vec<(String, String)> = [
        ("response_type", "code"),
        ("client_id", client_id),
        ("redirect_uri", redirect_uri),
        ("scope", scope),
        ("state", state),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    append_query(&mut url, &pairs);
    url
}

/// `{base}/oauth/tokens`
pub fn token_url(base: &Base) -> String {
    let mut url = base.url();
    url.push_str("/oauth/tokens");
    url
}

/// A grant to ask the token endpoint for.
pub enum Grant<'a> {
    /// The code from the redirect, with the PKCE verifier.
    AuthorizationCode {
        /// `code`
        code: &'a str,
        /// `code_verifier`
        code_verifier: &'a str,
        /// `redirect_uri`, as in the authorization request.
        redirect_uri: &'a str,
    },
    /// A refresh token (single use).
    RefreshToken(&'a str),
    /// Client credentials, for these scopes.
    ClientCredentials(&'a str),
}

/// The JSON body of a token request.
pub fn token_request_json(grant: &Grant<'_>, client_id: &str, client_secret: Option<&str>, expires_in: u32) -> String {
    let mut fields: Vec<(&str, &str)> = Vec::with_capacity(7);
    match grant {
        Grant::AuthorizationCode { code, code_verifier, redirect_uri } => {
            fields.extend([("grant_type", "authorization_code"), ("code", *code), ("code_verifier", *code_verifier), ("redirect_uri", *redirect_uri)]);
        }
        Grant::RefreshToken(token) => fields.extend([("grant_type", "refresh_token"), ("refresh_token", *token)]),
        Grant::ClientCredentials(scope) => fields.extend([("grant_type", "client_credentials"), ("scope", *scope)]),
    }
    fields.push(("client_id", client_id));
    if let Some(secret) = client_secret {
        fields.push(("client_secret", secret));
    }
    let mut json = String::from("{");
    for (k, v) in fields {
        push_json_string(&mut json, k);
        json.push(':');
        push_json_string(&mut json, v);
        json.push(',');
    }
    json.push_str("\"expires_in\":");
    text::push_num(&mut json, u64::from(expires_in));
    json.push('}');
    json
}

fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push(char::from(b"0123456789abcdef"[(c as usize) >> 4]));
                out.push(char::from(b"0123456789abcdef"[(c as usize) & 15]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// What the token endpoint returned, with expiry times made absolute.
#[derive(Clone, PartialEq)]
pub struct TokenSet {
    /// `access_token`
    pub access_token: String,
    /// `refresh_token` (none for client credentials).
    pub refresh_token: Option<String>,
    /// `scope`
    pub scope: String,
    /// `token_type`
    pub token_type: String,
    /// From `expires_in`, else the JWT's `exp`; epoch milliseconds.
    pub access_token_expires_at: Option<f64>,
    /// From `refresh_token_expires_in`; epoch milliseconds.
    pub refresh_token_expires_at: Option<f64>,
}

/// Tokens are wiped from memory when the set is dropped.
impl Drop for TokenSet {
    fn drop(&mut self) {
        self.access_token.zeroize();
        self.refresh_token.zeroize();
    }
}

/// Tokens print masked.
impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &text::mask(&self.access_token))
            .field("refresh_token", &self.refresh_token.as_deref().map(text::mask))
            .field("scope", &self.scope)
            .field("access_token_expires_at", &self.access_token_expires_at)
            .finish()
    }
}

/// The raw fields of a token response.
#[derive(Default)]
pub struct TokenResponse<'a> {
    /// `access_token`
    pub access_token: Option<&'a str>,
    /// `refresh_token`
    pub refresh_token: Option<&'a str>,
    /// `scope`
    pub scope: Option<&'a str>,
    /// `token_type`
    pub token_type: Option<&'a str>,
    /// `expires_in` (seconds)
    pub expires_in: Option<f64>,
    /// `refresh_token_expires_in` (seconds)
    pub refresh_token_expires_in: Option<f64>,
}

/// Builds the token set; `None` when the response has no access token.
pub fn token_set(r: &TokenResponse<'_>, now_ms: f64) -> Result<TokenSet, Failure> {
    let Some(access_token) = r.access_token.filter(|t| !t.is_empty()) else {
        return Err(Failure::new(ClientCode::BadResponse, "The token response has no access_token.", "Try again; if it persists, check the client's settings in Zendesk."));
    };
    let after = |secs: Option<f64>| secs.filter(|s| s.is_finite() && *s > 0.0).map(|s| now_ms + s * 1000.0);
    Ok(TokenSet {
        access_token: access_token.to_owned(),
        refresh_token: r.refresh_token.filter(|t| !t.is_empty()).map(str::to_owned),
        scope: r.scope.unwrap_or_default().to_owned(),
        token_type: r.token_type.unwrap_or("bearer").to_owned(),
        access_token_expires_at: after(r.expires_in).or_else(|| jwt::expiry_ms(access_token)),
        refresh_token_expires_at: after(r.refresh_token_expires_in),
    })
}

/// A token endpoint error (RFC 6749 §5.2) as a coded failure.
pub fn token_error(status: u16, body: &ErrorBody<'_>) -> Failure {
    let (code, message, hint) = match body.error {
        Some("invalid_grant") => (
            ClientCode::InvalidGrant,
            "Zendesk refused the grant: the code or refresh token is expired, already used, revoked, or was issued to another client or redirect URI.",
            "Authorize again. Refresh tokens are single use: always store the newest one (onTokens) before using it.",
        ),
        Some("invalid_client") | Some("unauthorized_client") => (
            ClientCode::InvalidClient,
            "Zendesk did not accept the OAuth client: wrong client id or secret, or the client may not use this grant.",
            "Check the client's identifier and secret in Admin Center > Apps and integrations > APIs > OAuth clients.",
        ),
        Some("invalid_scope") => (ClientCode::InvalidScope, "Zendesk refused the requested scope.", "Ask only for scopes the client is allowed, e.g. read or tickets:read."),
        _ => return outcome::classify(status, body, AuthScheme::None),
    };
    let mut f = Failure::new(code, message, hint);
    let said = [body.error, body.description].into_iter().flatten().collect::<Vec<_>>().join(": ");
    if !said.is_empty() {
        f.message.push_str(" Zendesk said: ");
        f.message.push_str(&said);
        f.zendesk_error = Some(said);
    }
    f
}

/// True when an access token expiring at `expires_at` should be refreshed now.
pub fn needs_refresh(expires_at: Option<f64>, now_ms: f64) -> bool {
    expires_at.is_some_and(|at| at - now_ms <= REFRESH_MARGIN_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_challenge_matches_rfc7636_appendix_b() {
        assert_eq!(code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn pkce_challenge_at_every_padding_boundary_a_verifier_can_reach() {
        // Verifiers are 43..=128 characters; SHA-256 pads differently below 56, from 56 to
        // 63 and at whole blocks. Expected values from python3:
        // base64.urlsafe_b64encode(hashlib.sha256(v).digest()).rstrip(b"=").
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
        for (n, want) in [
            (43, "RqIZl4LIgn8KxW9QO-nTnv7pf0CnNrksx9fF-CXP2FE"),
            (55, "10ugdeQlnGyAfEEB5m0oEJbPn_FLoBJg3udBsb2u8yY"),
            (56, "j7YF6rLvrj0fzIgfpcXdYhmhfKNmPkZkL_VmhHwkwnI"),
            (63, "RjcgUeAyMW_1ahgaOyfDbSL6D3Jb8SRwh43mj38qmM0"),
            (64, "0yYmnP4bO4rGE_A5t7N38moWM6-SEO0vHhtepQ3V1eY"),
            (65, "z4uXfbwD3-Z71rnNHmYLvXGxlijsQEXNmEwAmn9GelQ"),
            (119, "_c9pliseCRdoaN_dfpTG_cv1U_D0kBnrDmfrAUU05No"),
            (120, "slhjZie_-JzIJBSbIDDcaTUPxzZVALcVDRTeKGov1iQ"),
            (128, "g5qy6ByDJPNTNnMNf87wCyaqLMq1mtSaSMtvwRxIZdE"),
        ] {
            let verifier: String = (0..n).map(|i| ALPHABET[i % ALPHABET.len()] as char).collect();
            assert_eq!(code_challenge(&verifier), want, "{n} characters");
        }
    }

    #[test]
    fn scopes_follow_zendesk_grammar() {
        assert_eq!(check_scopes(["read", "tickets:write users:read"]).unwrap(), "read tickets:write users:read");
        for bad in ["admin", "tickets:delete", "Tickets:read", ":read", "read,write"] {
            assert_eq!(check_scopes([bad]).unwrap_err().code, ClientCode::InvalidScope, "{bad}");
        }
        assert!(check_scopes([]).is_err());
    }

    #[test]
    fn authorization_url_and_token_body() {
        let url = authorization_url(&Base::zendesk("acme"), "my_app", "https://app.example/cb", "read write", "s1", "E9M");
        assert_eq!(url, "https://acme.zendesk.com/oauth/authorizations/new?response_type=code&client_id=my_app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=read%20write&state=s1&code_challenge=E9M&code_challenge_method=S256");
        let body = token_request_json(&Grant::RefreshToken("r\"1"), "my_app", Some("s\\x"), 1800);
        assert_eq!(body, r#"{"grant_type":"refresh_token","refresh_token":"r\"1","client_id":"my_app","client_secret":"s\\x","expires_in":1800}"#);
    }

    #[test]
    fn token_sets_and_errors() {
        let r = TokenResponse { access_token: Some("abc"), refresh_token: Some("def"), scope: Some("read"), expires_in: Some(1800.0), ..Default::default() };
        let t = token_set(&r, 1_000.0).unwrap();
        assert_eq!((t.access_token_expires_at, t.refresh_token.as_deref()), (Some(1_801_000.0), Some("def")));
        assert!(!format!("{t:?}").contains("abc"));
        assert!(needs_refresh(Some(50_000.0), 0.0) && !needs_refresh(Some(120_000.0), 0.0) && !needs_refresh(None, 0.0));
        let grant = ErrorBody { error: Some("invalid_grant"), description: Some("The provided authorization grant is invalid"), ..Default::default() };
        assert_eq!(token_error(400, &grant).code, ClientCode::InvalidGrant);
        let client = ErrorBody { error: Some("invalid_client"), ..Default::default() };
        assert_eq!(token_error(401, &client).code, ClientCode::InvalidClient);
        assert_eq!(token_error(500, &ErrorBody::default()).code, ClientCode::ServerError);
    }
}
