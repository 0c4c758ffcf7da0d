// How a request names its account.
//
//   Host: {sub}.zendesk.com           (a client whose connection is pointed at the fake)
//   Host: {sub}.localhost[:port]
//   Host: 127.0.0.1 / [::1] / localhost  -> first path segment: /{sub}/api/v2/...
//
// The path-prefix form lets a client use a plain base URL such as
// http://127.0.0.1:N/acme without DNS tricks. Subdomains are DNS labels, so
// they are compared lowercased, like a real host name.

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Split a Host header into lowercase hostname and port ("[::1]:80" included). */
export function parseHost(hostHeader) {
  const value = String(hostHeader ?? "").trim().toLowerCase();
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(value);
  return match ? { hostname: match[1], port: match[2] ?? null } : { hostname: value, port: null };
}

function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not a valid label either way
  }
}

function isBareLoopbackName(hostname) {
  return hostname === "localhost" || hostname === "[::1]" || /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Which account this request is for.
 * @returns {{ sub: string|null, validSub: boolean, prefix: string, path: string, hostname: string }}
 *   sub: the named subdomain (null when the host names none);
 *   prefix: "" or "/{segment}" as it appeared in the path (kept for building links);
 *   path: the account-relative path ("/api/v2/users/me.json").
 */
export function resolveAccountName(hostHeader, pathname) {
  const { hostname } = parseHost(hostHeader);
  const hostForm = /^([^.]+)\.(?:zendesk\.com|localhost)$/.exec(hostname);
  if (hostForm) return { sub: hostForm[1], validSub: LABEL.test(hostForm[1]), prefix: "", path: pathname, hostname };
  if (isBareLoopbackName(hostname)) {
    const match = /^\/([^/]+)(\/.*)?$/.exec(pathname);
    if (!match) return { sub: null, validSub: false, prefix: "", path: pathname, hostname };
    const sub = safeDecode(match[1]).toLowerCase();
    return { sub, validSub: LABEL.test(sub), prefix: `/${match[1]}`, path: match[2] ?? "/", hostname };
  }
  return { sub: null, validSub: false, prefix: "", path: pathname, hostname };
}

/**
 * The host a cross-host redirect fault sends the client to: the other loopback
 * name, so the redirect crosses origins while still reaching this fake.
 */
export function otherLoopbackHost(hostname) {
  return hostname === "127.0.0.1" ? "localhost" : "127.0.0.1";
}
