//! Validating a set of Zendesk credentials and explaining every mistake found.
//!
//! Order matters in a few places: a whole `email/token:TOKEN` string pasted into one
//! field is split before the fields are judged, so each part is then checked in its
//! own field.

use std::borrow::Cow;
use std::fmt;

use zeroize::Zeroize;

use crate::core::diagnostic::{error, warning, Code, Diagnostic, Field, Severity};
use crate::core::{jwt, subdomain, text};

/// From this instant (2027-05-01T00:00:00Z) API tokens no longer work: Zendesk
/// deactivates all of them on 2027-04-30.
pub const API_TOKENS_DEACTIVATED_MS: f64 = 1_809_129_600_000.0;
/// From this instant (2026-01-12T00:00:00Z, the start of the removal rollout)
/// password access to the API counts as removed.
pub const PASSWORD_REMOVED_MS: f64 = 1_768_176_000_000.0;
const DAY_MS: f64 = 86_400_000.0;
/// An access token expiring within this window gets a warning.
pub const EXPIRES_SOON_MS: f64 = 5.0 * 60.0 * 1000.0;

/// One field as it arrived from the caller.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub enum Raw<'a> {
    /// Not given (missing, `undefined` or `null`).
    #[default]
    Absent,
    /// A string.
    Text(&'a str),
    /// Something else; carries the JavaScript `typeof` for the message.
    NotText(&'static str),
}

impl<'a> Raw<'a> {
    fn text(self) -> Option<&'a str> {
        match self {
            Raw::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Debug for Raw<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Absent => f.write_str("Absent"),
            Raw::Text(_) => f.write_str("Text(<hidden>)"),
            Raw::NotText(kind) => write!(f, "NotText({kind})"),
        }
    }
}

/// The credentials as given. Every field is optional.
#[derive(Clone, Copy, Debug, Default)]
pub struct RawCredentials<'a> {
    /// `subdomain`
    pub subdomain: Raw<'a>,
    /// `email`
    pub email: Raw<'a>,
    /// `apiToken`
    pub api_token: Raw<'a>,
    /// `oauthToken`
    pub oauth_token: Raw<'a>,
    /// `password`
    pub password: Raw<'a>,
}

/// The credentials after normalization (trimmed, split, lowercased...). Values borrow
/// from the input when unchanged.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Credentials<'a> {
    /// The subdomain label.
    pub subdomain: Option<Cow<'a, str>>,
    /// The user's email.
    pub email: Option<Cow<'a, str>>,
    /// The API token.
    pub api_token: Option<Cow<'a, str>>,
    /// The OAuth access token.
    pub oauth_token: Option<Cow<'a, str>>,
    /// The password.
    pub password: Option<Cow<'a, str>>,
}

/// Owned copies of secrets are wiped when dropped (borrowed ones belong to the caller,
/// which wipes them: see the boundary's `Input`).
impl Drop for Credentials<'_> {
    fn drop(&mut self) {
        for value in [&mut self.api_token, &mut self.oauth_token, &mut self.password] {
            if let Some(Cow::Owned(s)) = value {
                s.zeroize();
            }
        }
    }
}

/// Secrets print masked, so a stray `{:?}` in a log leaks nothing.
impl fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let masked = |v: &Option<Cow<'_, str>>| v.as_deref().map(text::mask);
        // An "email" without '@' is usually a token in the wrong field: mask it too.
        let email = self.email.as_deref().map(|e| if text::has_byte(e, b'@') { Cow::Borrowed(e) } else { Cow::Owned(text::mask(e)) });
        f.debug_struct("Credentials")
            .field("subdomain", &self.subdomain)
            .field("email", &email)
            .field("api_token", &masked(&self.api_token))
            .field("oauth_token", &masked(&self.oauth_token))
            .field("password", &masked(&self.password))
            .finish()
    }
}

/// The outcome of [`validate`].
#[derive(Clone, Debug)]
pub struct Validation<'a> {
    /// Normalized credentials.
    pub credentials: Credentials<'a>,
    /// Everything found, errors and warnings, in field order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation<'_> {
    /// True when no diagnostic is an error.
    pub fn ok(&self) -> bool {
        self.diagnostics.iter().all(|d| !d.is_error())
    }

    /// True when a field is missing, which is when misnamed keys (`token`, `username`)
    /// are worth looking for.
    pub fn has_missing_field(&self) -> bool {
        self.diagnostics.iter().any(|d| {
            matches!(d.code, Code::SubdomainMissing | Code::EmailMissing | Code::NoCredentials)
        })
    }
}

/// Validates credentials for calling the API: a subdomain and one usable credential.
/// `now_ms` is the current time (milliseconds since the epoch), used for the API token
/// retirement date and JWT expiry.
pub fn validate<'a>(raw: &RawCredentials<'a>, now_ms: f64) -> Validation<'a> {
    validate_with(raw, now_ms, true)
}

/// [`validate`], with the subdomain optional (header building and inspection do not
/// need one).
pub fn validate_with<'a>(raw: &RawCredentials<'a>, now_ms: f64, require_subdomain: bool) -> Validation<'a> {
    let mut out = Vec::new();
    for (field, value) in [
        (Field::Subdomain, raw.subdomain),
        (Field::Email, raw.email),
        (Field::ApiToken, raw.api_token),
        (Field::OauthToken, raw.oauth_token),
        (Field::Password, raw.password),
    ] {
        if let Raw::NotText(kind) = value {
            let mut msg = String::from("Expected a string but got ");
            msg.push_str(kind);
            msg.push('.');
            error(&mut out, field, Code::NotAString, msg);
        }
    }

    let (subdomain, _) = subdomain::check(raw.subdomain.text(), require_subdomain, &mut out);

    let mut email = trimmed(raw.email.text(), Field::Email, &mut out);
    let mut api_token = trimmed(raw.api_token.text(), Field::ApiToken, &mut out);

    // A whole `email/token:TOKEN` string in either field: split it first.
    if let Some((e, t)) = email.and_then(split_credential_string) {
        warning(&mut out, Field::Email, Code::ApiTokenWasCredentialString,
            "The email field holds a whole 'email/token:API_TOKEN' string; used the part before '/token' as the email.");
        email = Some(e);
        api_token = api_token.or(Some(t));
    }
    if let Some((e, t)) = api_token.and_then(split_credential_string) {
        warning(&mut out, Field::ApiToken, Code::ApiTokenWasCredentialString,
            "The API token field holds a whole 'email/token:API_TOKEN' string; used the part after 'token:' as the token.");
        api_token = Some(t);
        if email.is_none() && !e.is_empty() {
            email = Some(e);
        }
    }

    let email = email.map(|e| check_email(e, &mut out));
    let api_token = api_token.map(|t| check_api_token(t, now_ms, &mut out));
    let oauth_token = trimmed(raw.oauth_token.text(), Field::OauthToken, &mut out)
        .and_then(|t| check_oauth_token(t, now_ms, &mut out));
    let password = raw.password.text().filter(|p| !p.is_empty()).map(|p| check_password(p, now_ms, &mut out));

    if api_token.is_some() && password.is_some() {
        error(&mut out, Field::Credentials, Code::AmbiguousCredentials,
            "Both an API token and a password were given, so it is unclear which to send.");
    }
    if api_token.is_none() && oauth_token.is_none() && password.is_none() {
        error(&mut out, Field::Credentials, Code::NoCredentials,
            "No credential was given: no OAuth token, API token or password.");
    } else if email.is_none() && (api_token.is_some() || password.is_some()) {
        error(&mut out, Field::Email, Code::EmailMissing, "No email was given to go with the API token.");
    }

    Validation {
        credentials: Credentials {
            subdomain: subdomain.map(Cow::Owned),
            email,
            api_token,
            oauth_token,
            password: password.map(Cow::Borrowed),
        },
        diagnostics: out,
    }
}

/// Adds `UNKNOWN_FIELD` warnings for keys that look like a misnamed field, when that
/// field is missing. `keys` are the own keys of the object the caller passed.
pub fn diagnose_unknown_keys<'k>(
    keys: impl IntoIterator<Item = &'k str>,
    validation: &mut Validation<'_>,
) {
    for key in keys {
        let Some(field) = suggest_field(key) else { continue };
        let c = &validation.credentials;
        let missing = match field {
            Field::Subdomain => c.subdomain.is_none(),
            Field::Email => c.email.is_none(),
            Field::ApiToken => c.api_token.is_none(),
            Field::OauthToken => c.oauth_token.is_none(),
            _ => false,
        };
        if missing {
            let mut msg = String::from("Unknown field '");
            text::push_excerpt(&mut msg, key, 40);
            msg.push_str("'; did you mean '");
            msg.push_str(field.as_str());
            msg.push_str("'?");
            validation.diagnostics.push(Diagnostic::new(Field::Credentials, Code::UnknownField, Severity::Warning, msg));
        }
    }
}

/// The caller's credentials could not be read: `key` is the property whose getter threw,
/// or empty when the object itself could not be listed (a revoked Proxy, say).
pub fn unreadable(key: &str) -> Diagnostic {
    let field = Field::credential_named(key).unwrap_or(Field::Credentials);
    let mut msg = String::from("Reading the credentials threw");
    if !key.is_empty() {
        msg.push_str(" at '");
        text::push_excerpt(&mut msg, key, 40);
        msg.push('\'');
    }
    msg.push('.');
    Diagnostic::new(field, Code::UnreadableField, Severity::Error, msg)
}

/// The caller passed something other than an object as the credentials; `kind` says what.
pub fn not_an_object(kind: &str) -> Diagnostic {
    let mut msg = String::from("The credentials are ");
    msg.push_str(kind);
    msg.push('.');
    Diagnostic::new(Field::Credentials, Code::NotAnObject, Severity::Error, msg)
}

/// The field a misnamed key probably meant (names used by other Zendesk clients and
/// by hand-written configs).
fn suggest_field(key: &str) -> Option<Field> {
    let norm: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .map(|c| c.to_ascii_lowercase())
        .take(32)
        .collect();
    Some(match norm.as_str() {
        "token" | "apikey" | "key" | "zendesktoken" | "zendeskapitoken" | "apitokenvalue" => Field::ApiToken,
        "username" | "user" | "login" | "mail" | "emailaddress" | "useremail" => Field::Email,
        "accesstoken" | "bearertoken" | "bearer" | "oauth" | "oauthaccesstoken" => Field::OauthToken,
        "remoteuri" | "url" | "host" | "hostname" | "domain" | "zendeskurl" | "zendeskdomain" | "instance"
        | "sub" | "account" | "zendesksubdomain" => Field::Subdomain,
        _ => return None,
    })
}

/// Trims a field and reports it; empty values count as absent.
fn trimmed<'a>(value: Option<&'a str>, field: Field, out: &mut Vec<Diagnostic>) -> Option<&'a str> {
    let value = value?;
    let t = text::trim(value);
    if t.len() != value.len() && !t.is_empty() {
        let msg = if text::ends_with_line_break(value) {
            "Removed a trailing line break and surrounding spaces."
        } else {
            "Removed spaces around the value."
        };
        warning(out, field, Code::WhitespaceTrimmed, msg);
    }
    (!t.is_empty()).then_some(t)
}

/// Splits `email/token:TOKEN` into its parts.
fn split_credential_string(s: &str) -> Option<(&str, &str)> {
    let i = text::find_ignore_case(s, "/token:")?;
    Some((&s[..i], &s[i + 7..]))
}

/// `text::describe_first_offender` with the test behind a reference: the checks here then
/// share one compiled copy of it instead of one per closure, which the size budget of the
/// browser download needs.
fn offender(what: &str, value: &str, offending: &dyn Fn(char) -> bool) -> Option<String> {
    text::describe_first_offender(what, value, offending)
}

/// CR, LF and NUL end a header line early; report them wherever they are.
fn injection(value: &str, field: Field, what: &str, out: &mut Vec<Diagnostic>) -> bool {
    match offender(what, value, &|c| matches!(c, '\r' | '\n' | '\0')) {
        Some(msg) => {
            error(out, field, Code::HeaderInjection, msg);
            true
        }
        None => false,
    }
}

fn check_email<'a>(value: &'a str, out: &mut Vec<Diagnostic>) -> Cow<'a, str> {
    if injection(value, Field::Email, "The email", out) {
        return Cow::Borrowed(value);
    }
    let value = match text::strip_suffix_ignore_case(value, "/token") {
        Some(plain) => {
            warning(out, Field::Email, Code::EmailHasTokenSuffix, "Removed '/token' from the end of the email.");
            plain
        }
        None => value,
    };
    if !text::has_byte(value, b'@') && (value.len() >= 20 && text::is_alphanumeric_ascii(value) || jwt::looks_like_jwt(value)) {
        error(out, Field::Email, Code::EmailLooksLikeToken, "The email field holds what looks like a token, not an address.");
        return Cow::Borrowed(value);
    }
    if let Some(msg) = offender("The email", value, &|c| {
        text::invisible_name(c).is_some() || c.is_whitespace() || c.is_control()
    }) {
        error(out, Field::Email, Code::EmailInvalid, msg);
    } else if let Some(msg) = offender("The email", value, &|c| matches!(c, ':' | '<' | '>' | ',' | ';' | '"')) {
        // ':' would split the Basic credentials in the wrong place; the others come from
        // pasting "Name <address>" or a list.
        error(out, Field::Email, Code::EmailInvalid, msg);
    } else if let Some(problem) = email_shape_problem(value) {
        error(out, Field::Email, Code::EmailInvalid, problem);
    }
    Cow::Borrowed(value)
}

fn email_shape_problem(value: &str) -> Option<&'static str> {
    let Some((local, domain)) = text::split_once_byte(value, b'@') else {
        return Some("The email has no '@'.");
    };
    if text::has_byte(domain, b'@') {
        return Some("The email has more than one '@'.");
    }
    if local.is_empty() {
        return Some("The email has nothing before the '@'.");
    }
    if !text::has_byte(domain, b'.') || domain.starts_with(".") || domain.ends_with(".") || text::find(domain, "..").is_some() {
        return Some("The part after '@' is not a domain name.");
    }
    None
}

fn check_api_token<'a>(value: &'a str, now_ms: f64, out: &mut Vec<Diagnostic>) -> Cow<'a, str> {
    let token = Cow::Borrowed(value);
    retirement(now_ms, out);
    if injection(value, Field::ApiToken, "The API token", out) {
        return token;
    }
    let header_value = text::strip_prefix_ignore_case(value, "authorization:").map(text::trim).unwrap_or(value);
    if let Some(b64) = text::strip_prefix_ignore_case(header_value, "basic ") {
        let msg = match decode_basic(text::trim(b64)) {
            Some(BasicContent::ApiToken) => "The API token field holds a whole Basic Authorization header (an email, '/token:' and a token, base64-encoded).",
            Some(BasicContent::Password) => "The API token field holds a whole Basic Authorization header for an email and password, not an API token.",
            None => "The API token field holds a 'Basic ...' Authorization header value, not a token.",
        };
        error(out, Field::ApiToken, Code::ApiTokenWasHeader, msg);
        return token;
    }
    if text::strip_prefix_ignore_case(header_value, "bearer ").is_some() {
        error(out, Field::ApiToken, Code::ApiTokenLooksLikeOauth, "The API token field holds a 'Bearer ...' value: that is an OAuth access token.");
        return token;
    }
    if jwt::looks_like_jwt(value) {
        error(out, Field::ApiToken, Code::ApiTokenLooksLikeOauth, "The API token field holds a JWT: that is an OAuth access token.");
        return token;
    }
    if text::looks_like_oauth_hex(value.as_bytes()) {
        error(out, Field::ApiToken, Code::ApiTokenLooksLikeOauth,
            "The API token field holds an opaque OAuth access token (54 or 64 hex digits).");
        return token;
    }
    if looks_like_password(value) {
        error(out, Field::ApiToken, Code::ApiTokenLooksLikePassword,
            "The API token field holds what looks like a password.");
        return token;
    }
    if value.len() > 40 {
        if let Some(content) = decode_basic(value) {
            let msg = match content {
                BasicContent::ApiToken => "The API token field holds the base64 part of a Basic header (an email, '/token:' and a token), not the token itself.",
                BasicContent::Password => "The API token field holds the base64 part of a Basic header for an email and password, not an API token.",
            };
            error(out, Field::ApiToken, Code::ApiTokenWasHeader, msg);
            return token;
        }
    }
    let mut bad_chars = false;
    if let Some(msg) = offender("The API token", value, &|c| text::invisible_name(c).is_some()) {
        error(out, Field::ApiToken, Code::ApiTokenInvisibleChar, msg);
        bad_chars = true;
    }
    if let Some(msg) = offender("The API token", value, &|c| {
        !c.is_ascii_alphanumeric() && text::invisible_name(c).is_none()
    }) {
        error(out, Field::ApiToken, Code::ApiTokenInvalidChars, msg);
        bad_chars = true;
    }
    if !bad_chars && value.len() != 40 {
        let mut msg = String::from("The API token has ");
        text::push_num(&mut msg, value.len() as u64);
        msg.push_str(" characters; Zendesk API tokens are normally 40.");
        warning(out, Field::ApiToken, Code::ApiTokenUnusualLength, msg);
    }
    token
}

/// A password pasted where the API token goes: printable ASCII with punctuation, shorter
/// than any API token, and neither an email ('@') nor an address or a `user:secret` pair
/// (':'). A 40-character value with one stray character is a damaged token instead,
/// reported character by character.
fn looks_like_password(value: &str) -> bool {
    (6..40).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_graphic() && b != b'@' && b != b':')
        && !text::is_alphanumeric_ascii(value)
}

fn retirement(now_ms: f64, out: &mut Vec<Diagnostic>) {
    if now_ms >= API_TOKENS_DEACTIVATED_MS {
        error(out, Field::ApiToken, Code::ApiTokenRetiring,
            "Zendesk deactivated all API tokens on 2027-04-30; API token authentication no longer works.");
        return;
    }
    // Whole days until 2027-04-30T00:00Z, rounded up: the count a calendar shows.
    let days = ((API_TOKENS_DEACTIVATED_MS - DAY_MS - now_ms) / DAY_MS).ceil().max(0.0) as u64;
    let mut msg = String::from("Zendesk deactivates all API tokens on 2027-04-30, ");
    match days {
        0 => msg.push_str("today"),
        _ => {
            msg.push_str("in ");
            text::push_num(&mut msg, days);
            msg.push_str(if days == 1 { " day" } else { " days" });
        }
    }
    msg.push_str(" (no new ones can be created since 2026-10-27).");
    warning(out, Field::ApiToken, Code::ApiTokenRetiring, msg);
}

pub(crate) enum BasicContent {
    ApiToken,
    Password,
}

/// What a base64 Basic credential decodes to, if it decodes to `user:secret` text.
pub(crate) fn decode_basic(b64: &str) -> Option<BasicContent> {
    let bytes = crate::core::b64::decode_padded(b64)?;
    let decoded = core::str::from_utf8(&bytes).ok()?;
    let (user, _) = text::split_once_byte(decoded, b':')?;
    if text::strip_suffix_ignore_case(user, "/token").is_some() {
        Some(BasicContent::ApiToken)
    } else if text::has_byte(user, b'@') {
        Some(BasicContent::Password)
    } else {
        None
    }
}

/// RFC 6750 `b64token` characters.
fn is_b64token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '+' | '/' | '=')
}

fn check_oauth_token<'a>(value: &'a str, now_ms: f64, out: &mut Vec<Diagnostic>) -> Option<Cow<'a, str>> {
    let without_name = text::strip_prefix_ignore_case(value, "authorization:").map(text::trim);
    let value = match text::strip_prefix_ignore_case(without_name.unwrap_or(value), "bearer ") {
        Some(rest) => {
            let msg = if without_name.is_some() {
                "Removed 'Authorization: Bearer ' from the start of the token."
            } else {
                "Removed 'Bearer ' from the start of the token."
            };
            warning(out, Field::OauthToken, Code::OauthTokenHasBearerPrefix, msg);
            text::trim(rest)
        }
        None => value,
    };
    if value.is_empty() {
        return None;
    }
    let token = Some(Cow::Borrowed(value));
    if injection(value, Field::OauthToken, "The OAuth token", out) {
        return token;
    }
    if let Some(msg) = offender("The OAuth token", value, &|c| !is_b64token_char(c)) {
        error(out, Field::OauthToken, Code::OauthTokenInvalidChars, msg);
        return token;
    }
    if text::looks_like_api_token(value.as_bytes()) {
        // Zendesk refuses an API token sent as Bearer, so this can never work: an error,
        // as the inspector says of the same header (HEADER_API_TOKEN_AS_BEARER).
        error(out, Field::OauthToken, Code::OauthTokenLooksLikeApiToken,
            "The OAuth token looks like an API token (40 letters and digits).");
    }
    if let Some(exp) = jwt::expiry_ms(value) {
        if exp <= now_ms {
            let mut msg = String::from("The access token expired at ");
            text::push_iso8601(&mut msg, exp);
            msg.push_str(" (");
            text::push_duration(&mut msg, now_ms - exp);
            msg.push_str(" ago).");
            error(out, Field::OauthToken, Code::OauthTokenExpired, msg);
        } else if exp - now_ms <= EXPIRES_SOON_MS {
            let mut msg = String::from("The access token expires at ");
            text::push_iso8601(&mut msg, exp);
            msg.push_str(" (in ");
            text::push_duration(&mut msg, exp - now_ms);
            msg.push_str(").");
            warning(out, Field::OauthToken, Code::OauthTokenExpiresSoon, msg);
        }
    }
    token
}

fn check_password<'a>(value: &'a str, now_ms: f64, out: &mut Vec<Diagnostic>) -> &'a str {
    injection(value, Field::Password, "The password", out);
    if now_ms >= PASSWORD_REMOVED_MS {
        error(out, Field::Password, Code::PasswordAuthRemoved,
            "Zendesk removed password access to the API in January 2026; a password no longer authenticates.");
    } else {
        warning(out, Field::Password, Code::PasswordAuthRemoved,
            "Zendesk removes password access to the API in January 2026.");
    }
    value
}
