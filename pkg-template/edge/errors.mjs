// The proxy's own answers: coded JSON and the header the browser client recognises them by.
// Zendesk's answers pass through untouched; these never come from Zendesk.

/** Marks an answer as the proxy's own, so an app can tell it from Zendesk's. */
export const CODE_HEADER = "x-zendesk-auth-code";

/** A coded failure that becomes `{ code, message, hint }` with `status`. */
export class EdgeError extends Error {
  constructor(status, code, message, hint, headers = {}) {
    super(message);
    this.name = "EdgeError";
    this.status = status;
    this.code = code;
    this.hint = hint;
    this.headers = headers;
  }
}

export function errorResponse(err) {
  const body = { code: err.code, message: err.message, hint: err.hint };
  return new Response(JSON.stringify(body), {
    status: err.status,
    headers: { "content-type": "application/json; charset=utf-8", [CODE_HEADER]: err.code, ...err.headers },
  });
}

/** Plain data for crossing a Durable Object boundary (RPC drops an Error's own fields). */
export function toWire(err) {
  return { error: { status: err.status, code: err.code, message: err.message, hint: err.hint, headers: err.headers } };
}

export function fromWire(e) {
  return new EdgeError(e.status, e.code, e.message, e.hint, e.headers ?? {});
}

export const errors = {
  misconfigured: () => new EdgeError(500, "PROXY_MISCONFIGURED", "This proxy is not configured correctly.",
    "Its operator finds the reason in the Worker's log, or in the answer to a request from the app origin (APP_ORIGIN)."),
  notSignedIn: () => new EdgeError(401, "NOT_SIGNED_IN", "No one is signed in here.", "Send the user to /auth/login first."),
  reauth: () => new EdgeError(401, "REAUTH_REQUIRED", "Zendesk no longer accepts this session's grant (expired, revoked or already used).", "Send the user to /auth/login to sign in again."),
  tokenEndpoint: (retryAfterSec) => new EdgeError(503, "TOKEN_REFRESH_FAILED",
    "Zendesk's token endpoint could not be reached or failed; the session is kept and will refresh on the next call.",
    "Try again shortly.", { "retry-after": String(retryAfterSec) }),
  clientRejected: () => new EdgeError(502, "OAUTH_CLIENT_REJECTED", "Zendesk did not accept the OAuth client id or secret.",
    "Check ZENDESK_CLIENT_ID and the ZENDESK_CLIENT_SECRET secret against Admin Center > Apps and integrations > APIs > OAuth clients."),
  anonymous: () => new EdgeError(401, "CALLER_NOT_AUTHENTICATED", "This proxy does not serve anonymous callers.",
    "Put the Worker behind Cloudflare Access (ACCESS_TEAM_DOMAIN and ACCESS_AUD), or set ALLOW_ANONYMOUS=true if it must be open."),
  accessDenied: (why) => new EdgeError(401, "ACCESS_JWT_INVALID", `The Cloudflare Access token was refused: ${why}.`,
    "Sign in through Cloudflare Access again; check ACCESS_TEAM_DOMAIN and ACCESS_AUD."),
  origin: () => new EdgeError(403, "ORIGIN_NOT_ALLOWED", "Requests from this origin are not allowed.", "Call this proxy from the app origin set in APP_ORIGIN."),
  path: (allowed) => new EdgeError(404, "PATH_NOT_ALLOWED", "This path is not on the proxy's allow-list.", `Allowed: ${allowed}.`),
  method: (method, methods) => new EdgeError(405, "METHOD_NOT_ALLOWED", `${method} is not allowed on this path.`, `Allowed here: ${methods.join(", ")}.`, { allow: methods.join(", ") }),
  mediaType: () => new EdgeError(415, "UNSUPPORTED_MEDIA_TYPE", "The request body must be JSON.", "Send the body with Content-Type: application/json."),
  tooLarge: (max) => new EdgeError(413, "BODY_TOO_LARGE", `The request body is larger than ${max} bytes.`, "Send a smaller body."),
  budget: (retryAfterSec, code, message) => new EdgeError(429, code, message,
    `Wait ${retryAfterSec} s (Retry-After) before calling again.`, { "retry-after": String(retryAfterSec) }),
  upstreamTimeout: (sec) => new EdgeError(504, "UPSTREAM_TIMEOUT", `Zendesk did not answer within ${sec} s.`, "Try again later."),
  upstreamUnreachable: () => new EdgeError(502, "UPSTREAM_UNREACHABLE", "Zendesk could not be reached.", "Check ZENDESK_SUBDOMAIN (and ZENDESK_BASE_URL if set), or try again later."),
  upstreamRedirect: (status) => new EdgeError(502, "UPSTREAM_REDIRECT", `Zendesk answered with a redirect (${status}); the proxy does not follow redirects with credentials.`,
    "Check that ZENDESK_SUBDOMAIN is the account's {subdomain}.zendesk.com name and ZENDESK_BASE_URL, if set, is where the API really is."),
  login: (code, message) => new EdgeError(400, code, message, "Start again from /auth/login."),
};
