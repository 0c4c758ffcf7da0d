//! Building Authorization headers, and reading ones people already have.

use zeroize::Zeroize;

use crate::core::credentials::{validate_with, Raw, RawCredentials, Validation};
use crate::core::diagnostic::{error, warning, Code, Diagnostic, Field};
use crate::core::text;

/// An authentication scheme Zendesk accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// `Basic base64(email/token:API_TOKEN)`
    ApiToken,
    /// `Basic base64(email:password)` (removed by Zendesk in January 2026)
    Password,
    /// `Bearer ACCESS_TOKEN`
    Oauth,
}

impl Scheme {
    /// Parses the `scheme` option.
    pub fn parse(name: &str) -> Option<Scheme> {
        match name {
            "api_token" => Some(Scheme::ApiToken),
            "password" => Some(Scheme::Password),
            "oauth" | "bearer" => Some(Scheme::Oauth),
            _ => None,
        }
    }

    fn fields(self) -> &'static [Field] {
        match self {
            Scheme::ApiToken => &[Field::Email, Field::ApiToken],
            Scheme::Password => &[Field::Email, Field::Password],
            Scheme::Oauth => &[Field::OauthToken],
        }
    }
}

/// Why a header could not be built: the first blocking diagnostic, and all of them.
#[derive(Clone, Debug)]
pub struct BuildError {
    /// The diagnostic reported as the error's code, field and message.
    pub primary: Diagnostic,
    /// Every diagnostic found, warnings included.
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the Authorization header value. `scheme` `None` chooses OAuth when an OAuth
/// token is given (API tokens are being retired), else the API token, else the password.
///
/// Every error diagnostic blocks, except a missing subdomain (a header does not need
/// one) and errors in credential fields the chosen scheme does not send.
pub fn build_authorization_header(
    raw: &RawCredentials<'_>,
    scheme: Option<&str>,
    now_ms: f64,
) -> Result<String, BuildError> {
    let mut v = validate_with(raw, now_ms, false);
    let chosen = choose_scheme(&mut v, scheme);
    let blocking = v.diagnostics.iter().position(|d| {
        d.is_error()
            && match (chosen, d.field) {
                (_, Field::Scheme | Field::Subdomain | Field::Credentials) => true,
                (Some(s), field) => s.fields().contains(&field),
                (None, _) => true,
            }
    });
    if let Some(i) = blocking {
        return Err(BuildError { primary: v.diagnostics[i].clone(), diagnostics: v.diagnostics });
    }
    let c = &v.credentials;
    let header = match chosen {
        Some(Scheme::Oauth) => bearer(c.oauth_token.as_deref().unwrap_or_default()),
        Some(Scheme::ApiToken) => basic(c.email.as_deref().unwrap_or_default(), "/token:", c.api_token.as_deref().unwrap_or_default()),
        Some(Scheme::Password) => basic(c.email.as_deref().unwrap_or_default(), ":", c.password.as_deref().unwrap_or_default()),
        // Unreachable in practice: no scheme means NO_CREDENTIALS or SCHEME_UNKNOWN, both errors.
        None => String::new(),
    };
    Ok(header)
}

fn choose_scheme(v: &mut Validation<'_>, requested: Option<&str>) -> Option<Scheme> {
    let c = &v.credentials;
    let Some(name) = requested else {
        return if c.oauth_token.is_some() {
            Some(Scheme::Oauth)
        } else if c.api_token.is_some() {
            Some(Scheme::ApiToken)
        } else if c.password.is_some() {
            Some(Scheme::Password)
        } else {
            None
        };
    };
    let Some(scheme) = Scheme::parse(name) else {
        let mut msg = String::from("Unknown scheme '");
        text::push_excerpt(&mut msg, name, 24);
        msg.push_str("'.");
        error(&mut v.diagnostics, Field::Scheme, Code::SchemeUnknown, msg);
        return None;
    };
    let (present, field, code, msg) = match scheme {
        Scheme::Oauth => (c.oauth_token.is_some(), Field::OauthToken, Code::OauthTokenMissing, "Scheme 'oauth' was asked for but no OAuth token was given."),
        Scheme::ApiToken => (c.api_token.is_some(), Field::ApiToken, Code::ApiTokenMissing, "Scheme 'api_token' was asked for but no API token was given."),
        Scheme::Password => (c.password.is_some(), Field::Password, Code::PasswordMissing, "Scheme 'password' was asked for but no password was given."),
    };
    if !present {
        error(&mut v.diagnostics, field, code, msg);
    }
    Some(scheme)
}

fn bearer(token: &str) -> String {
    let mut h = String::with_capacity(7 + token.len());
    h.push_str("Bearer ");
    h.push_str(token);
    h
}

fn basic(user: &str, separator: &str, secret: &str) -> String {
    let mut plain = String::with_capacity(user.len() + separator.len() + secret.len());
    plain.push_str(user);
    plain.push_str(separator);
    plain.push_str(secret);
    let mut h = String::with_capacity(6 + plain.len() * 4 / 3 + 4);
    h.push_str("Basic ");
    crate::core::b64::encode_into(&mut h, plain.as_bytes(), false, true);
    plain.zeroize();
    h
}

/// What scheme an inspected header uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InspectedScheme {
    /// Basic with `email/token:...`
    ApiToken,
    /// Basic with `email:password`
    Password,
    /// Bearer
    Bearer,
    /// Could not tell.
    Unknown,
}

impl InspectedScheme {
    /// `"api_token"`, `"password"`, `"bearer"` or `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            InspectedScheme::ApiToken => "api_token",
            InspectedScheme::Password => "password",
            InspectedScheme::Bearer => "bearer",
            InspectedScheme::Unknown => "unknown",
        }
    }
}

/// What [`inspect_authorization_header`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inspection {
    /// The scheme the header uses.
    pub scheme: InspectedScheme,
    /// The email in Basic credentials.
    pub email: Option<String>,
    /// The secret, masked.
    pub secret_masked: Option<String>,
    /// What is wrong, and what is worth knowing.
    pub diagnostics: Vec<Diagnostic>,
}

impl Inspection {
    fn new() -> Self {
        Inspection { scheme: InspectedScheme::Unknown, email: None, secret_masked: None, diagnostics: Vec::new() }
    }
}

/// Reads an Authorization header value, a whole `Authorization: ...` line, or a
/// `curl -u user:secret` / `curl -H 'Authorization: ...'` command, and says what it is
/// and what is wrong with it.
pub fn inspect_authorization_header(value: &str, now_ms: f64) -> Inspection {
    let mut r = Inspection::new();
    let out = &mut r.diagnostics;
    let v = text::trim(value);
    if v.len() != value.len() && !v.is_empty() {
        let msg = if text::ends_with_line_break(value) {
            "The value ends with a line break; a header value cannot contain one (removed here)."
        } else {
            "Removed spaces around the value."
        };
        warning(out, Field::Header, Code::WhitespaceTrimmed, msg);
    }
    if v.is_empty() {
        error(out, Field::Header, Code::HeaderEmpty, "The value is empty.");
        return r;
    }

    if v.starts_with("curl ") || v.starts_with("-u") || v.starts_with("--user") {
        if let Some(header) = curl_header(v) {
            inspect_value(text::trim(header), now_ms, &mut r);
        } else if let Some(user_pass) = curl_user(v) {
            inspect_user_secret(user_pass, now_ms, &mut r);
        } else {
            error(&mut r.diagnostics, Field::Header, Code::HeaderEmpty, "The curl command has no -u/--user argument and no Authorization header.");
        }
        return r;
    }

    let v = match text::strip_prefix_ignore_case(v, "authorization:") {
        Some(rest) => {
            warning(out, Field::Header, Code::HeaderHasNamePrefix, "The value starts with the header name 'Authorization:'.");
            text::trim(rest)
        }
        None => v,
    };
    inspect_value(v, now_ms, &mut r);
    r
}

/// Inspects `Scheme credentials`.
fn inspect_value(v: &str, now_ms: f64, r: &mut Inspection) {
    let (word, rest) = text::split_once_byte(v, b' ').map(|(w, rest)| (w, text::trim(rest))).unwrap_or((v, ""));
    if word.eq_ignore_ascii_case("basic") {
        inspect_basic(rest, now_ms, r);
    } else if word.eq_ignore_ascii_case("bearer") {
        inspect_bearer(rest, now_ms, r);
    } else if !rest.is_empty() {
        let mut msg = String::from("The scheme '");
        text::push_excerpt(&mut msg, word, 20);
        msg.push_str("' is not one Zendesk accepts.");
        error(&mut r.diagnostics, Field::Header, Code::HeaderUnknownScheme, msg);
        r.secret_masked = Some(text::mask(rest));
    } else if text::has_byte(v, b':') {
        error(&mut r.diagnostics, Field::Header, Code::HeaderMissingScheme,
            "This is 'user:secret' in plain text; a Basic header carries it base64-encoded after 'Basic '.");
        inspect_user_secret(v, now_ms, r);
    } else if let Some(decoded) = decode_text(v).filter(|d| text::has_byte(d, b':')) {
        error(&mut r.diagnostics, Field::Header, Code::HeaderMissingScheme,
            "This is base64 credentials without the 'Basic ' in front.");
        inspect_user_secret(&decoded, now_ms, r);
    } else {
        let msg = if text::looks_like_api_token(v.as_bytes()) {
            "This is a bare API token: a header needs 'Basic ' and base64 of 'email/token:API_TOKEN'."
        } else {
            "This is a bare token: an OAuth access token is sent as 'Bearer <token>'."
        };
        error(&mut r.diagnostics, Field::Header, Code::HeaderMissingScheme, msg);
        r.secret_masked = Some(text::mask(v));
    }
}

fn inspect_basic(b64: &str, now_ms: f64, r: &mut Inspection) {
    if b64.is_empty() {
        error(&mut r.diagnostics, Field::Header, Code::HeaderMalformedCredentials, "'Basic' is followed by nothing.");
        return;
    }
    let Some(decoded) = decode_text(b64) else {
        error(&mut r.diagnostics, Field::Header, Code::HeaderNotBase64, "The part after 'Basic ' is not base64-encoded text.");
        r.secret_masked = Some(text::mask(b64));
        return;
    };
    let decoded = if text::has_byte(&decoded, b':') {
        decoded
    } else {
        match decode_text(&decoded).filter(|inner| text::has_byte(inner, b':')) {
            Some(inner) => {
                error(&mut r.diagnostics, Field::Header, Code::HeaderDoubleEncoded,
                    "The credentials were base64-encoded twice.");
                inner
            }
            None => {
                error(&mut r.diagnostics, Field::Header, Code::HeaderMalformedCredentials,
                    "The decoded credentials have no ':' between user and secret.");
                r.secret_masked = Some(text::mask(&decoded));
                return;
            }
        }
    };
    inspect_user_secret(&decoded, now_ms, r);
}

/// Judges `user:secret` (Basic credentials, or a `curl -u` argument).
fn inspect_user_secret(user_secret: &str, now_ms: f64, r: &mut Inspection) {
    let (user, secret) = text::split_once_byte(user_secret, b':').unwrap_or((user_secret, ""));
    r.secret_masked = Some(text::mask(secret));
    let mut raw = RawCredentials { email: Raw::Text(user), ..RawCredentials::default() };
    if let Some(email) = user.strip_suffix("/token") {
        r.scheme = InspectedScheme::ApiToken;
        raw.email = Raw::Text(email);
        raw.api_token = Raw::Text(secret);
    } else if text::looks_like_api_token(secret.as_bytes()) {
        // Zendesk will read this as a password and refuse it.
        r.scheme = InspectedScheme::Password;
        error(&mut r.diagnostics, Field::Header, Code::HeaderMissingTokenSuffix,
            "The user part has no '/token' but the secret looks like an API token.");
        raw.api_token = Raw::Text(secret);
    } else {
        r.scheme = InspectedScheme::Password;
        raw.password = Raw::Text(secret);
    }
    let v = validate_with(&raw, now_ms, false);
    // Swapped parts (`TOKEN/token:email`) put the secret where the user goes; an address
    // has an '@' and a token never does, so only an address is handed back.
    r.email = v.credentials.email.as_deref().filter(|e| text::has_byte(e, b'@')).map(str::to_owned);
    r.diagnostics.extend(v.diagnostics);
}

fn inspect_bearer(token: &str, now_ms: f64, r: &mut Inspection) {
    r.scheme = InspectedScheme::Bearer;
    if token.is_empty() {
        error(&mut r.diagnostics, Field::Header, Code::HeaderMalformedCredentials, "'Bearer' is followed by nothing.");
        return;
    }
    r.secret_masked = Some(text::mask(token));
    let api_token_msg = if text::looks_like_api_token(token.as_bytes()) {
        Some("An API token was sent as a Bearer token; Zendesk answers 401.")
    } else if text::find_ignore_case(token, "/token:").is_some() {
        Some("'email/token:API_TOKEN' was sent as a Bearer token; Zendesk answers 401.")
    } else if decode_text(token).is_some_and(|d| text::find(&d, "/token:").is_some()) {
        Some("Base64 API token credentials were sent as a Bearer token; they belong after 'Basic '.")
    } else {
        None
    };
    if let Some(msg) = api_token_msg {
        error(&mut r.diagnostics, Field::Header, Code::HeaderApiTokenAsBearer, msg);
        return;
    }
    let raw = RawCredentials { oauth_token: Raw::Text(token), ..RawCredentials::default() };
    r.diagnostics.extend(validate_with(&raw, now_ms, false).diagnostics);
}

/// Base64 (with or without padding) that decodes to UTF-8 text.
fn decode_text(b64: &str) -> Option<String> {
    let trimmed = text::trim_end_byte(b64, b'=');
    let bytes = crate::core::b64::decode(trimmed, false)?;
    String::from_utf8(bytes).ok()
}

/// The `-u`/`--user` argument of a curl command, without quotes.
fn curl_user(cmd: &str) -> Option<&str> {
    let mut words = cmd.split_ascii_whitespace();
    while let Some(w) = words.next() {
        let arg = match w {
            "-u" | "--user" => words.next()?,
            _ => match w.strip_prefix("--user=").or_else(|| w.strip_prefix("-u").filter(|_| !w.starts_with("--"))) {
                Some(rest) if !rest.is_empty() => rest,
                _ => continue,
            },
        };
        return Some(unquote(arg));
    }
    None
}

/// The value of an `Authorization:` header given to curl with `-H`.
fn curl_header(cmd: &str) -> Option<&str> {
    let at = text::find_ignore_case(cmd, "authorization:")?;
    let quote = cmd[..at].chars().next_back().filter(|c| matches!(c, '\'' | '"'));
    let rest = &cmd[at + "authorization:".len()..];
    Some(match quote {
        Some(q) => text::split_once_byte(rest, q as u8).map_or(rest, |(value, _)| value),
        // Unquoted: the value runs to the next option.
        None => text::find(rest, " -").map_or(rest, |i| &rest[..i]),
    })
}

fn unquote(s: &str) -> &str {
    match s.as_bytes() {
        [q @ (b'\'' | b'"'), .., last] if last == q => &s[1..s.len() - 1],
        _ => s,
    }
}
