//! What a caller may add to a request: headers (never the ones that carry or steer
//! credentials), acting as another user, Marketplace identification.

use crate::core::codes::ClientCode;
use crate::core::outcome::{AuthScheme, Failure};

/// Headers the client sets itself, that carry credentials or that would let a caller
/// send the credentials elsewhere or smuggle a second request: refused, not dropped.
const REFUSED: &[&str] = &["authorization", "proxy-authorization", "host", "cookie", "cookie2", "content-length", "transfer-encoding", "connection", "keep-alive", "te", "upgrade", "expect"];

/// Checks one request header. The message names the header, never its value (which may
/// be a secret).
pub fn check_header(name: &str, value: &str) -> Result<(), Failure> {
    let token = !name.is_empty() && name.len() <= 256 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    let mut shown = String::new();
    crate::core::text::push_excerpt(&mut shown, name, 40);
    if !token {
        let mut m = String::from("headers: '");
        m.push_str(&shown);
        m.push_str("' is not a header name.");
        return Err(Failure::new(ClientCode::InvalidOption, m, "Use a header name made of letters, digits and - such as X-Request-Source."));
    }
    if REFUSED.iter().any(|r| name.eq_ignore_ascii_case(r)) {
        let mut m = String::from("headers: '");
        m.push_str(&shown);
        m.push_str("' cannot be set per request: the client sets it, or it carries credentials.");
        return Err(Failure::new(ClientCode::HeaderNotAllowed, m, "Pass credentials as client options (oauthToken, tokens, or email with apiToken); leave Host, Cookie and the framing headers to the runtime."));
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) || value.len() > 8192 {
        let mut m = String::from("headers: the value of '");
        m.push_str(&shown);
        m.push_str("' has a line break or is too long.");
        return Err(Failure::new(ClientCode::InvalidOption, m, "Remove the line break: it would end the header early or let text be injected."));
    }
    Ok(())
}

/// `asUser` (X-On-Behalf-Of) works only with an OAuth token that has the `impersonate`
/// scope; with an API token Zendesk would act as the token's user instead.
pub fn check_as_user(scheme: AuthScheme, value: &str) -> Result<(), Failure> {
    if scheme == AuthScheme::ApiToken {
        return Err(Failure::new(
            ClientCode::InvalidOption,
            "asUser needs OAuth: Zendesk honours X-On-Behalf-Of only with an OAuth access token that has the 'impersonate' scope.",
            "Authorize with the 'impersonate' scope (an admin's grant) and pass the token as oauthToken.",
        ));
    }
    check_header("X-On-Behalf-Of", value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_framing_headers_are_refused_in_any_case() {
        for name in ["Authorization", "AUTHORIZATION", "Host", "cookie", "Proxy-Authorization", "Content-Length", "Transfer-Encoding"] {
            assert_eq!(check_header(name, "x").unwrap_err().code, ClientCode::HeaderNotAllowed, "{name}");
        }
        assert!(check_header("Idempotency-Key", "abc-123").is_ok());
        assert!(check_header("X-Zendesk-Marketplace-Name", "My App").is_ok());
    }

    #[test]
    fn bad_names_and_injected_values_are_refused_without_echoing_the_value() {
        assert_eq!(check_header("X Bad", "v").unwrap_err().code, ClientCode::InvalidOption);
        assert_eq!(check_header("", "v").unwrap_err().code, ClientCode::InvalidOption);
        let f = check_header("X-Trace", "secret-value\r\nX-Injected: 1").unwrap_err();
        assert_eq!(f.code, ClientCode::InvalidOption);
        assert!(!f.message.contains("secret-value"));
    }

    #[test]
    fn as_user_needs_oauth() {
        assert_eq!(check_as_user(AuthScheme::ApiToken, "a@b.test").unwrap_err().code, ClientCode::InvalidOption);
        assert!(check_as_user(AuthScheme::Oauth, "a@b.test").is_ok());
        assert!(check_as_user(AuthScheme::None, "1002").is_ok());
    }
}
