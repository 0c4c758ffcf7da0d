//! Where credentials may go: the base URL and the API paths under it.
//!
//! Credentials only ever travel to the base URL: `https://{subdomain}.zendesk.com` built
//! from a validated subdomain, or a `baseUrl` the integrating developer set in code.
//! Paths must be Zendesk API paths under it; absolute URLs (pagination links) are
//! accepted only when they point back under it.

use crate::core::outcome::{ClientCode, Failure};

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
        Base { origin: crate::core::subdomain::base_url(label), prefix: String::new() }
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
            || crate::core::text::find(host, ".localhost:").is_some();
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
        if crate::core::text::find(path_part, "//").is_some() || path_part.split('/').any(|seg| seg == ".." || seg == "." || seg.eq_ignore_ascii_case("%2e%2e"))
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
