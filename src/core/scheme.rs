//! Which scheme a request is sent with.

use crate::core::outcome::{AuthScheme, ClientCode, Failure};

/// How the caller asked to authenticate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthPreference {
    /// OAuth when possible (and required where CORS applies), else the API token.
    Auto,
    /// Only the OAuth token.
    Oauth,
    /// Only the API token.
    ApiToken,
}

impl AuthPreference {
    /// Parses the `auth` option.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "auto" => Some(AuthPreference::Auto),
            "oauth" => Some(AuthPreference::Oauth),
            "api_token" => Some(AuthPreference::ApiToken),
            _ => None,
        }
    }
}

/// Picks the scheme. `cors` is true where the browser enforces CORS (a page or browser
/// worker calling another origin): Zendesk answers those only for Bearer tokens.
pub fn choose_scheme(pref: AuthPreference, has_oauth: bool, has_api_token: bool, cors: bool) -> Result<AuthScheme, Failure> {
    let missing = |what: &str, hint: &'static str| {
        let mut msg = String::from("auth is '");
        msg.push_str(what);
        msg.push_str("' but no such credential was given.");
        Err(Failure::new(ClientCode::InvalidOption, msg, hint))
    };
    match pref {
        AuthPreference::Oauth if has_oauth => Ok(AuthScheme::Oauth),
        AuthPreference::Oauth => missing("oauth", "Pass oauthToken, or leave auth out."),
        AuthPreference::ApiToken if has_api_token => Ok(AuthScheme::ApiToken),
        AuthPreference::ApiToken => missing("api_token", "Pass apiToken and email, or leave auth out."),
        AuthPreference::Auto if has_oauth => Ok(AuthScheme::Oauth),
        AuthPreference::Auto if has_api_token && cors => Err(Failure::new(
            ClientCode::CorsRequiresOauth,
            "This page would send an API token cross-origin, and Zendesk sends no CORS headers for API-token (Basic) requests, so the browser would block every answer.",
            "Use an OAuth access token in the browser, or send requests through a same-origin proxy (such as the edge-worker example) and pass its URL as baseUrl.",
        )),
        AuthPreference::Auto if has_api_token => Ok(AuthScheme::ApiToken),
        AuthPreference::Auto => Ok(AuthScheme::None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_choice_follows_cors() {
        use AuthPreference::*;
        assert_eq!(choose_scheme(Auto, true, true, false), Ok(AuthScheme::Oauth));
        assert_eq!(choose_scheme(Auto, false, true, false), Ok(AuthScheme::ApiToken));
        assert_eq!(choose_scheme(Auto, false, true, true).unwrap_err().code, ClientCode::CorsRequiresOauth);
        assert_eq!(choose_scheme(Auto, true, true, true), Ok(AuthScheme::Oauth));
        assert_eq!(choose_scheme(ApiToken, true, true, true), Ok(AuthScheme::ApiToken));
        assert_eq!(choose_scheme(Oauth, false, true, false).unwrap_err().code, ClientCode::InvalidOption);
        assert_eq!(choose_scheme(Auto, false, false, true), Ok(AuthScheme::None));
    }

}
