//! Turning what Zendesk answered into one coded error with its likely cause.
//!
//! Zendesk's own error text is kept (callers and support need it), passed through
//! [`server_text`] first; the message adds what it most likely means for the scheme that
//! was used, and the hint what to do.

pub use crate::core::codes::ClientCode;

/// The scheme a request was sent with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthScheme {
    /// `Bearer` OAuth access token.
    Oauth,
    /// `Basic` email/token:API_TOKEN.
    ApiToken,
    /// No Authorization header (a proxy at `baseUrl` adds it).
    None,
}

impl AuthScheme {
    /// `"oauth"`, `"api_token"` or `"none"`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuthScheme::Oauth => "oauth",
            AuthScheme::ApiToken => "api_token",
            AuthScheme::None => "none",
        }
    }
}

/// A coded failure, ready to become a thrown error.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    /// The code.
    pub code: ClientCode,
    /// What happened and its likely cause.
    pub message: String,
    /// What to do.
    pub hint: &'static str,
    /// What Zendesk itself said, when it said something.
    pub zendesk_error: Option<String>,
}

impl Failure {
    /// A failure without Zendesk text.
    pub fn new(code: ClientCode, message: impl Into<String>, hint: &'static str) -> Self {
        Failure { code, message: message.into(), hint, zendesk_error: None }
    }
}

/// The fields of a Zendesk error body. Zendesk uses several shapes:
/// `{"error":"Couldn't authenticate you"}`, `{"error":"invalid_token","error_description":...}`,
/// `{"error":{"title":...,"message":...}}`, `{"error":"Forbidden","description":...}`,
/// and sometimes plain text.
#[derive(Clone, Copy, Debug, Default)]
pub struct ErrorBody<'a> {
    /// `error` when it is a string.
    pub error: Option<&'a str>,
    /// `error.title`
    pub title: Option<&'a str>,
    /// `error.message`
    pub message: Option<&'a str>,
    /// `error_description` or `description`
    pub description: Option<&'a str>,
    /// The body, when it was not JSON.
    pub text: Option<&'a str>,
    /// A 422's field-level `details`, summarised by client.js ("Email: x is not properly
    /// formatted; ..."): the reason a record was refused. Redacted before use.
    pub details: Option<&'a str>,
}

impl ErrorBody<'_> {
    /// Zendesk's words, joined, as [`server_text`].
    fn said(&self) -> Option<String> {
        let mut out = String::new();
        let details = self.details.map(crate::core::redact::redact);
        for part in [self.error, self.title, self.message, self.description, self.text, details.as_deref()].into_iter().flatten() {
            let part = part.trim();
            if part.is_empty() || out.contains(part) {
                continue;
            }
            if !out.is_empty() {
                out.push_str(": ");
            }
            out.push_str(part);
        }
        (!out.is_empty()).then(|| server_text(&out))
    }

    fn mentions(&self, needle: &str) -> bool {
        [self.error, self.title, self.message, self.description, self.text]
            .into_iter()
            .flatten()
            .any(|s| crate::core::text::find_ignore_case(s, needle).is_some())
    }
}

/// Server text made fit for an error message: credentials masked (a server or proxy that
/// echoes the request would otherwise put a token in `err.message`), control and
/// invisible characters as spaces so it cannot forge a log line, at most 500 characters.
pub fn server_text(said: &str) -> String {
    crate::core::redact::redact(said)
        .chars()
        .take(500)
        .map(|c| if c.is_control() || crate::core::text::invisible_name(c).is_some() { ' ' } else { c })
        .collect()
}

/// Classifies a non-2xx answer from the API by its status and Zendesk's body.
pub fn classify(status: u16, body: &ErrorBody<'_>, scheme: AuthScheme) -> Failure {
    let said = body.said();
    let (code, message, hint) = match status {
        401 => unauthorized(body, scheme),
        403 if body.mentions("required scopes") => (
            ClientCode::Forbidden,
            "The OAuth access token lacks a scope this request needs.",
            "Authorize again asking for the scope Zendesk names (e.g. 'read', 'write' or 'tickets:write').",
        ),
        403 => (
            ClientCode::Forbidden,
            "The user's role or the account's plan does not allow this request.",
            "Use an agent or admin account with access to this resource, or check that the feature is on the account's plan.",
        ),
        404 if body.mentions("no help desk at") => (
            ClientCode::NoHelpDesk,
            "There is no Zendesk account at this subdomain.",
            "Check the subdomain: it is the 'acme' in https://acme.zendesk.com, not a host-mapped domain.",
        ),
        404 => (ClientCode::NotFound, "Zendesk has no such resource or endpoint.", "Check the path and the id in it."),
        429 => (
            ClientCode::RateLimited,
            "Zendesk's rate limit was reached.",
            "Wait for retryAfterMs, lower the request rate, or raise maxWaitMs to let the client wait.",
        ),
        500..=599 => (
            ClientCode::ServerError,
            if status == 503 { "Zendesk is unavailable (maintenance when no Retry-After is sent)." } else { "Zendesk answered with a server error." },
            "Try again later; quote the requestId to Zendesk support if it persists.",
        ),
        _ => (ClientCode::BadRequest, "Zendesk refused the request as sent.", "Read zendeskError for what Zendesk objected to."),
    };
    let mut message = message.to_owned();
    if let Some(s) = &said {
        message.push_str(" Zendesk said: ");
        message.push_str(s);
    }
    Failure { code, message, hint, zendesk_error: said }
}

fn unauthorized(body: &ErrorBody<'_>, scheme: AuthScheme) -> (ClientCode, &'static str, &'static str) {
    let (message, hint) = match scheme {
        AuthScheme::Oauth => (
            "The OAuth access token is expired, revoked, malformed, or for another account.",
            "Refresh the access token (or authorize again) and check it was issued for this subdomain.",
        ),
        AuthScheme::ApiToken if body.mentions("invalid_token") => (
            "Zendesk read the credentials as an OAuth token.",
            "Send API tokens as Basic 'email/token:API_TOKEN'; this client does that when given apiToken and email.",
        ),
        AuthScheme::ApiToken => (
            "Zendesk did not accept the email and API token: the token may be wrong, deactivated (idle tokens are deactivated, and all API tokens on 2027-04-30), from another account, or the email is not a verified user.",
            "Check the token in Admin Center > Apps and integrations > APIs > API tokens and that the email is a verified user's; better, move to OAuth.",
        ),
        AuthScheme::None => (
            "No credentials were sent and Zendesk requires them here.",
            "Pass oauthToken (or apiToken with email), or check that the proxy at baseUrl adds the Authorization header.",
        ),
    };
    (ClientCode::Unauthorized, message, hint)
}

/// `/users/me` answered for the anonymous user: Zendesk ignored the credentials.
pub fn anonymous(scheme: AuthScheme) -> Failure {
    let (message, hint) = match scheme {
        AuthScheme::ApiToken => (
            "Zendesk answered as the anonymous user: it ignored the API token, most likely because token access is turned off for the account.",
            "Turn on token access in Admin Center > Apps and integrations > APIs, or use OAuth.",
        ),
        AuthScheme::Oauth => (
            "Zendesk answered as the anonymous user although an OAuth token was sent.",
            "Check that the token was issued for this subdomain and has the 'read' scope.",
        ),
        AuthScheme::None => (
            "Zendesk answered as the anonymous user: no credentials reached it.",
            "Pass credentials, or check that the proxy at baseUrl adds the Authorization header.",
        ),
    };
    Failure::new(ClientCode::Anonymous, message, hint)
}

/// A request that got no readable answer.
pub fn transport(code: ClientCode, in_browser: bool) -> Failure {
    match code {
        ClientCode::Timeout => Failure::new(code, "Zendesk did not answer within timeoutMs.", "Raise timeoutMs, or try again later."),
        ClientCode::Aborted => Failure::new(code, "The request was aborted by its AbortSignal.", "Nothing to fix: the caller cancelled it."),
        _ if in_browser => Failure::new(
            ClientCode::Network,
            "No readable answer. In a browser this is also how a CORS refusal looks (of a preflight too): Zendesk sends no CORS headers on 403 and 429 answers or for API-token (Basic) requests.",
            "Use an OAuth token in the browser or a same-origin proxy as baseUrl, try without custom headers, and look at the browser console for the real status.",
        ),
        _ => Failure::new(ClientCode::Network, "The connection to Zendesk failed.", "Check the network and the base URL, then try again."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_bodies_map_to_codes_and_keep_zendesk_text() {
        // Bodies as Zendesk documents them.
        let basic = ErrorBody { error: Some("Couldn't authenticate you"), ..Default::default() };
        let f = classify(401, &basic, AuthScheme::ApiToken);
        assert_eq!((f.code, f.zendesk_error.as_deref()), (ClientCode::Unauthorized, Some("Couldn't authenticate you")));
        assert!(f.message.contains("deactivated"));
        let bearer = ErrorBody { error: Some("invalid_token"), description: Some("The access token provided is expired, revoked, malformed or invalid for other reasons."), ..Default::default() };
        assert!(classify(401, &bearer, AuthScheme::Oauth).message.contains("expired, revoked"));
        let scope = ErrorBody { error: Some("Forbidden"), description: Some("You are missing the following required scopes: read"), ..Default::default() };
        assert!(classify(403, &scope, AuthScheme::Oauth).hint.contains("scope"));
        let role = ErrorBody { title: Some("Forbidden"), message: Some("You do not have access to this page."), ..Default::default() };
        assert!(classify(403, &role, AuthScheme::Oauth).message.contains("role"));
        let nohelp = ErrorBody { title: Some("No help desk at nope.zendesk.com"), ..Default::default() };
        assert_eq!(classify(404, &nohelp, AuthScheme::Oauth).code, ClientCode::NoHelpDesk);
        let text = ErrorBody { text: Some("No help desk at nope.zendesk.com"), ..Default::default() };
        assert_eq!(classify(404, &text, AuthScheme::Oauth).code, ClientCode::NoHelpDesk);
        assert_eq!(classify(404, &ErrorBody::default(), AuthScheme::Oauth).code, ClientCode::NotFound);
        assert_eq!(classify(422, &ErrorBody::default(), AuthScheme::Oauth).code, ClientCode::BadRequest);
        assert_eq!(classify(503, &ErrorBody::default(), AuthScheme::Oauth).code, ClientCode::ServerError);
        assert_eq!(classify(429, &ErrorBody::default(), AuthScheme::Oauth).code, ClientCode::RateLimited);
    }

    #[test]
    fn a_422_keeps_the_field_level_reason_in_the_message() {
        // The body quoted in the issue report (a real 422 for a malformed email).
        let body = ErrorBody {
            error: Some("RecordInvalid"),
            description: Some("Record validation errors"),
            details: Some("Email: badmail is not properly formatted"),
            ..Default::default()
        };
        let f = classify(422, &body, AuthScheme::Oauth);
        assert_eq!(f.code, ClientCode::BadRequest);
        assert!(f.message.ends_with("Zendesk said: RecordInvalid: Record validation errors: Email: badmail is not properly formatted"), "{}", f.message);
        // A server that echoes a credential in a detail does not get it into the message.
        let token = "Bearer 0123456789abcdef0123456789abcdef0123456789abcdef012345";
        let echo = ErrorBody { error: Some("RecordInvalid"), details: Some(token), ..Default::default() };
        assert!(!classify(422, &echo, AuthScheme::Oauth).message.contains("0123456789abcdef0123"));
    }
}
