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
    /// a loopback host when credentials are sent, so a typo cannot send them in clear text.
    pub fn from_url_parts(protocol: &str, host: &str, path: &str, sends_credentials: bool) -> Result<Base, Failure> {
        let ok = match protocol {
            "https:" => true,
            "http:" => is_loopback(host) || !sends_credentials,
            _ => false,
        };
        if !ok || host.is_empty() {
            return Err(Failure::new(
                ClientCode::InvalidOption,
                "baseUrl must be an https:// URL (http:// only for localhost, 127.0.0.0/8 or [::1]), since credentials are sent to it.",
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

    /// Step one of two: the URL a caller's API path (`/api/v2/...`, with or without the
    /// leading slash) or a server's absolute URL (a pagination link, a redirect) stands
    /// for, refused outright when its path holds a dot segment in any spelling (`..`,
    /// `.%2e`, `%2E%2E`, with tabs or line breaks inside), a backslash, `//`, whitespace
    /// or a fragment. Step two, [`Base::confine`], judges the URL as the runtime's
    /// parser reads it, since that is the URL that will be fetched.
    pub fn resolve(&self, path_or_url: &str) -> Result<String, Failure> {
        let absolute = path_or_url.starts_with("https://") || path_or_url.starts_with("http://");
        let url = if absolute {
            path_or_url.to_owned()
        } else {
            let path = path_or_url.strip_prefix('/').unwrap_or(path_or_url);
            let Some(rest) = path.strip_prefix("api/v2/") else {
                return Err(invalid_path("The path must start with /api/v2/."));
            };
            let mut url = self.url();
            url.push_str("/api/v2/");
            url.push_str(rest);
            url
        };
        // The path part: after the authority of an absolute URL, after the base otherwise.
        let tail = if absolute {
            let after_scheme = &url[crate::core::text::find(&url, "//").map_or(0, |i| i + 2)..];
            crate::core::text::find(after_scheme, "/").map_or("", |i| &after_scheme[i..])
        } else {
            &url[self.url().len()..]
        };
        let path_part = crate::core::text::split_byte(tail, b'?').next().unwrap_or(tail);
        if crate::core::text::find(path_part, "//").is_some() || path_part.split('/').any(is_dot_segment) || url.contains(['\\', '\r', '\n', '\t', '\0', ' ', '#']) {
            return Err(invalid_path("The path contains a '.' or '..' segment (in any spelling), '//', a backslash, a fragment or whitespace."));
        }
        Ok(url)
    }

    /// Step two: a URL from [`Base::resolve`] as the runtime's URL parser read it. It may
    /// carry credentials only when it has this base's scheme, host and port (an explicit
    /// default port, as Zendesk's own links carry, is the same port: the parser drops it)
    /// and its normalised path lies under the base's path and `/api/v2/`. Answers the
    /// parsed URL, which is the one to fetch.
    pub fn confine(&self, parsed: &ParsedUrl<'_>) -> Result<String, Failure> {
        let same_origin = parsed.protocol.len() + 2 + parsed.host.len() == self.origin.len()
            && self.origin.starts_with(parsed.protocol)
            && self.origin[parsed.protocol.len()..].starts_with("//")
            && self.origin.ends_with(parsed.host)
            // No user info (`https://user@host/`): the whole URL starts with the origin.
            && parsed.href.starts_with(self.origin.as_str());
        if !same_origin {
            return Err(invalid_path("The URL is not on this client's base URL (scheme, host and port); credentials are only sent there."));
        }
        let under = parsed.pathname.strip_prefix(self.prefix.as_str()).is_some_and(|rest| rest.starts_with("/api/v2/"));
        if !under {
            return Err(invalid_path("The URL's path is not under the base URL's /api/v2/; credentials are only sent there."));
        }
        Ok(parsed.href.to_owned())
    }
}

/// A URL as the runtime's URL parser (WHATWG URL) read it: what [`Base::confine`] judges.
#[derive(Clone, Copy, Debug)]
pub struct ParsedUrl<'a> {
    /// `https:`
    pub protocol: &'a str,
    /// Host name and port, the default port left out (`acme.zendesk.com`, `127.0.0.1:8787`).
    pub host: &'a str,
    /// The normalised path (`/api/v2/users/me.json`).
    pub pathname: &'a str,
    /// The whole URL, normalised.
    pub href: &'a str,
}

/// Whether a path segment is `.` or `..` in any spelling a URL parser accepts: `%2e` in
/// either case for a dot, and tabs and line breaks (which parsers remove) anywhere.
fn is_dot_segment(segment: &str) -> bool {
    let mut dots = 0;
    let mut rest = segment.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        match b {
            b'.' => dots += 1,
            b'\t' | b'\n' | b'\r' => {}
            b'%' if tail.len() >= 2 && tail[0] == b'2' && (tail[1] | 0x20) == b'e' => {
                dots += 1;
                rest = &tail[2..];
                continue;
            }
            _ => return false,
        }
        rest = tail;
    }
    dots == 1 || dots == 2
}

/// A loopback host as a URL parser writes it (with an optional port): `localhost`, an
/// IPv4 address in 127.0.0.0/8 (parsers write every IPv4 form as four decimal numbers)
/// or `[::1]`. `127.evil.example` and `localhost.evil.example` are not.
fn is_loopback(host: &str) -> bool {
    if let Some(v6) = host.strip_prefix("[::1]") {
        return v6.is_empty() || v6.starts_with(':');
    }
    let name = crate::core::text::split_byte(host, b':').next().unwrap_or(host);
    if name == "localhost" {
        return true;
    }
    let mut octets = 0;
    for (i, part) in crate::core::text::split_byte(name, b'.').enumerate() {
        let valid = !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit());
        if !valid || (i == 0 && part != "127") {
            return false;
        }
        octets += 1;
    }
    octets == 4
}

fn invalid_path(message: &'static str) -> Failure {
    Failure::new(ClientCode::InvalidPath, message, "Pass a Zendesk API path such as /api/v2/tickets.json; use the query option for parameters.")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a WHATWG URL parser answers for `href` (written out by hand from Node's URL).
    fn parsed<'a>(protocol: &'a str, host: &'a str, pathname: &'a str, href: &'a str) -> ParsedUrl<'a> {
        ParsedUrl { protocol, host, pathname, href }
    }

    #[test]
    fn confined_on_the_parsed_url() {
        let b = Base::zendesk("acme");
        // new URL("https://acme.zendesk.com:443/api/v2/webhooks/1/invocations.json?page[after]=x")
        let link = parsed("https:", "acme.zendesk.com", "/api/v2/webhooks/1/invocations.json", "https://acme.zendesk.com/api/v2/webhooks/1/invocations.json?page[after]=x");
        assert_eq!(b.confine(&link).unwrap(), "https://acme.zendesk.com/api/v2/webhooks/1/invocations.json?page[after]=x");
        for bad in [
            parsed("https:", "acme.zendesk.com:8443", "/api/v2/x", "https://acme.zendesk.com:8443/api/v2/x"),
            parsed("http:", "acme.zendesk.com", "/api/v2/x", "http://acme.zendesk.com/api/v2/x"),
            parsed("https:", "evil.example", "/api/v2/x", "https://evil.example/api/v2/x"),
            parsed("https:", "acme.zendesk.com", "/users/1001.json", "https://acme.zendesk.com/users/1001.json"),
            parsed("https:", "xacme.zendesk.com", "/api/v2/x", "https://xacme.zendesk.com/api/v2/x"),
            // new URL("https://acme.zendesk.com.evil.example/api/v2/x"), and with "acme.zendesk.com@" as user info
            parsed("https:", "acme.zendesk.com.evil.example", "/api/v2/x", "https://acme.zendesk.com.evil.example/api/v2/x"),
            parsed("https:", "evil.example", "/api/v2/x", "https://acme.zendesk.com@evil.example/api/v2/x"),
            parsed("https:", "acme.zendesk.com", "/api/v2/x", "https://user:pw@acme.zendesk.com/api/v2/x"),
        ] {
            assert_eq!(b.confine(&bad).unwrap_err().code, ClientCode::InvalidPath, "{bad:?}");
        }
        let gateway = Base::from_url_parts("https:", "gateway.example", "/zendesk", true).unwrap();
        // new URL("https://gateway.example/zendesk/api/v2/.%2e/.%2e/.%2e/internal/admin").pathname
        let escaped = parsed("https:", "gateway.example", "/internal/admin", "https://gateway.example/internal/admin");
        assert_eq!(gateway.confine(&escaped).unwrap_err().code, ClientCode::InvalidPath);
        assert!(gateway.confine(&parsed("https:", "gateway.example", "/zendesk/api/v2/x", "https://gateway.example/zendesk/api/v2/x")).is_ok());
        assert!(gateway.confine(&parsed("https:", "gateway.example", "/zendeskx/api/v2/x", "https://gateway.example/zendeskx/api/v2/x")).is_err());
    }

    #[test]
    fn paths_stay_under_the_base() {
        let b = Base::zendesk("acme");
        assert_eq!(b.resolve("/api/v2/users/me.json").unwrap(), "https://acme.zendesk.com/api/v2/users/me.json");
        assert_eq!(b.resolve("api/v2/tickets.json?page[size]=10").unwrap(), "https://acme.zendesk.com/api/v2/tickets.json?page[size]=10");
        assert_eq!(b.resolve("https://acme.zendesk.com/api/v2/tickets.json?page%5Bafter%5D=x").unwrap(), "https://acme.zendesk.com/api/v2/tickets.json?page%5Bafter%5D=x");
        for bad in [
            "//evil.example/api/v2/x",
            "/users.json",
            "/api/v2/../../admin",
            "/api/v2//x",
            "/api/v2/x\r\nHost: evil",
            "/api/v2/x#frag",
        ] {
            assert_eq!(b.resolve(bad).unwrap_err().code, ClientCode::InvalidPath, "{bad}");
        }
        // Dot segments in every spelling a URL parser turns into one.
        for bad in ["/api/v2/tickets/.%2e/users/1001.json", "/api/v2/tickets/%2e./users/1001.json", "/api/v2/%2E%2E/x", "/api/v2/.\t./x", "/api/v2/x/%2e/y", "/api/v2/x\\..\\y", "https://acme.zendesk.com/api/v2/.%2e/.%2e/admin"] {
            assert_eq!(b.resolve(bad).unwrap_err().code, ClientCode::InvalidPath, "{bad:?}");
        }
        assert!(b.resolve("/api/v2/tickets/...json").is_ok(), "three dots are a name, not a dot segment");
        let proxy = Base::from_url_parts("http:", "127.0.0.1:8787", "/acme/", true).unwrap();
        assert_eq!(proxy.resolve("/api/v2/users.json").unwrap(), "http://127.0.0.1:8787/acme/api/v2/users.json");
        assert!(Base::from_url_parts("http:", "proxy.example", "/", true).is_err());
        for host in ["127.evil.com", "127.0.0.1.nip.io", "localhost.evil.example", "[::2]", "127.0.0", "128.0.0.1:80"] {
            assert!(Base::from_url_parts("http:", host, "/", true).is_err(), "{host}");
        }
        for host in ["localhost", "localhost:8080", "127.1.2.3", "127.0.0.1:9", "[::1]", "[::1]:8787"] {
            assert!(Base::from_url_parts("http:", host, "/", true).is_ok(), "{host}");
        }
        assert!(Base::from_url_parts("ftp:", "proxy.example", "/", false).is_err());
    }
}
