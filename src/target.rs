//! Where a request may go, and with which scheme.
//!
//! Credentials only ever travel to the base URL: `https://{subdomain}.zendesk.com` built
//! from a validated subdomain, or a `baseUrl` the integrating developer set in code.
//! Paths must be Zendesk API paths under it; absolute URLs (pagination links) are
//! accepted only when they point back under it.

use crate::outcome::{AuthScheme, ClientCode, Failure};

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

/// The base every request URL starts with: `origin` (`https://host[:port]`) plus an
/// optional path prefix (no trailing slash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    /// `scheme://host[:port]`
    pub origin: String,
    /// A path prefix such as `/zendesk`, or empty.
    pub prefix: String,
}

impl Base {
    /// The base for a validated subdomain label.
    pub fn zendesk(label: &str) -> Base {
        Base { origin: crate::subdomain::base_url(label), prefix: String::new() }
    }

    /// A developer-set base URL, already parsed (by the runtime's URL parser) into its
    /// protocol (`https:`), host (with port) and path. Plain `http:` is accepted only for
    /// loopback hosts when credentials are sent, so a typo cannot send them in clear text.
    pub fn from_url_parts(protocol: &str, host: &str, path: &str, sends_credentials: bool) -> Result<Base, Failure> {
        let loopback = host == "localhost"
            || host.starts_with("localhost:")
            || host.starts_with("127.")
            || host.starts_with("[::1]")
            || host.ends_with(".localhost")
            || crate::text::find(host, ".localhost:").is_some();
        let ok = match protocol {
            "https:" => true,
            "http:" => loopback || !sends_credentials,
            _ => false,
        };
        if !ok || host.is_empty() {
            return Err(Failure::new(
                ClientCode::InvalidOption,
                "baseUrl must be an https:// URL (http:// only for localhost), since credentials are sent to it.",
                "Set baseUrl to your proxy's https URL, or leave it out to call https://{subdomain}.zendesk.com.",
            ));
        }
        let mut origin = String::with_capacity(protocol.len() + 2 + host.len());
        origin.push_str(protocol);
        origin.push_str("//");
        origin.push_str(host);
        Ok(Base { origin, prefix: path.trim_end_matches('/').to_owned() })
    }

    /// The base as a URL string.
    pub fn url(&self) -> String {
        let mut s = self.origin.clone();
        s.push_str(&self.prefix);
        s
    }

    /// The full URL for an API path (`/api/v2/...`, with or without the leading
    /// slash) or for an absolute URL that lies under this base's `/api/v2/`.
    pub fn resolve(&self, path_or_url: &str) -> Result<String, Failure> {
        let mut api_root = self.url();
        api_root.push_str("/api/v2/");
        let url = if path_or_url.starts_with("https://") || path_or_url.starts_with("http://") {
            if !path_or_url.starts_with(&api_root) {
                return Err(invalid_path("The URL is not under this client's base URL; credentials are only sent there."));
            }
            path_or_url.to_owned()
        } else {
            let path = path_or_url.strip_prefix('/').unwrap_or(path_or_url);
            let Some(rest) = path.strip_prefix("api/v2/") else {
                return Err(invalid_path("The path must start with /api/v2/."));
            };
            let mut url = api_root;
            url.push_str(rest);
            url
        };
        let tail = &url[self.url().len()..];
        let path_part = tail.split(['?', '#']).next().unwrap_or(tail);
        if crate::text::find(path_part, "//").is_some() || path_part.split('/').any(|seg| seg == ".." || seg == "." || seg.eq_ignore_ascii_case("%2e%2e"))
            || url.contains(['\\', '\r', '\n', '\0', ' ', '#'])
        {
            return Err(invalid_path("The path contains '..', '//', a backslash, a fragment or whitespace."));
        }
        Ok(url)
    }
}

fn invalid_path(message: &'static str) -> Failure {
    Failure::new(ClientCode::InvalidPath, message, "Pass a Zendesk API path such as /api/v2/tickets.json; use the query option for parameters.")
}

/// Appends `key=value` pairs, percent-encoding everything outside RFC 3986's
/// unreserved set.
pub fn append_query(url: &mut String, pairs: &[(String, String)]) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        url.push(if i == 0 && !url.contains('?') { '?' } else { '&' });
        percent_encode(url, k);
        url.push('=');
        percent_encode(url, v);
    }
}

fn percent_encode(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
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

    #[test]
    fn paths_stay_under_the_base() {
        let b = Base::zendesk("acme");
        assert_eq!(b.resolve("/api/v2/users/me.json").unwrap(), "https://acme.zendesk.com/api/v2/users/me.json");
        assert_eq!(b.resolve("api/v2/tickets.json?page[size]=10").unwrap(), "https://acme.zendesk.com/api/v2/tickets.json?page[size]=10");
        assert_eq!(b.resolve("https://acme.zendesk.com/api/v2/tickets.json?page%5Bafter%5D=x").unwrap(), "https://acme.zendesk.com/api/v2/tickets.json?page%5Bafter%5D=x");
        for bad in [
            "https://evil.example/api/v2/users.json",
            "https://acme.zendesk.com.evil.example/api/v2/x",
            "https://acme.zendesk.com@evil.example/api/v2/x",
            "//evil.example/api/v2/x",
            "/users.json",
            "/api/v2/../../admin",
            "/api/v2//x",
            "/api/v2/x\r\nHost: evil",
            "/api/v2/x#frag",
        ] {
            assert_eq!(b.resolve(bad).unwrap_err().code, ClientCode::InvalidPath, "{bad}");
        }
        let proxy = Base::from_url_parts("http:", "127.0.0.1:8787", "/acme/", true).unwrap();
        assert_eq!(proxy.resolve("/api/v2/users.json").unwrap(), "http://127.0.0.1:8787/acme/api/v2/users.json");
        assert!(Base::from_url_parts("http:", "proxy.example", "/", true).is_err());
        assert!(Base::from_url_parts("ftp:", "proxy.example", "/", false).is_err());
    }

    #[test]
    fn query_is_percent_encoded() {
        let mut url = String::from("https://acme.zendesk.com/api/v2/search.json");
        append_query(&mut url, &[("query".into(), "type:ticket status<solved ü".into()), ("page[size]".into(), "100".into())]);
        // Expected from JavaScript's encodeURIComponent.
        assert_eq!(url, "https://acme.zendesk.com/api/v2/search.json?query=type%3Aticket%20status%3Csolved%20%C3%BC&page%5Bsize%5D=100");
    }
}
