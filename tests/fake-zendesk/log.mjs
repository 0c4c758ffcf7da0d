// The fake's own record of what it received, safe to print.
//
// It never holds a credential: the Authorization header is reduced to its
// scheme, cookies are dropped, and query values are kept only for parameters
// known to be harmless (a client might put a token in the URL by mistake,
// which Zendesk ignores and which must not end up in a test log either).

// OAuth's client_id, response_type, scope, code_challenge_method and login_as are
// not secrets; state, code_challenge and redirect_uri are redacted like anything else.
const SAFE_QUERY_PARAMS = new Set([
  "page",
  "per_page",
  "page[size]",
  "page[after]",
  "page[before]",
  "sort",
  "sort_by",
  "sort_order",
  "start_time",
  "cursor",
  "__fault",
  "client_id",
  "response_type",
  "scope",
  "code_challenge_method",
  "login_as",
]);
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]);

export const REDACTED = "[redacted]";

export function redactQuery(searchParams) {
  const out = {};
  for (const [key, value] of searchParams) out[key] = SAFE_QUERY_PARAMS.has(key) ? value : REDACTED;
  return out;
}

export function redactHeaders(headers) {
  const out = {};
  for (const [key, value] of Object.entries(headers)) out[key] = SECRET_HEADERS.has(key) ? REDACTED : value;
  return out;
}

/** Start a log entry; the pipeline fills in account, status and outcome as it goes. */
export function newLogEntry({ requestId, req, url, authScheme }) {
  return {
    requestId,
    time: new Date().toISOString(),
    host: req.headers.host ?? null,
    method: req.method,
    path: url.pathname, // as received, with any /{sub} prefix
    apiPath: null, // account-relative ("/api/v2/users/me.json") once the account is known
    query: redactQuery(url.searchParams),
    account: null,
    authScheme, // "basic" | "bearer" | "other" | null; never the credential
    fault: null,
    // POST /oauth/tokens only: the grant_type when it is a known name ("other" otherwise,
    // null when missing or unread). The body's other fields are never recorded.
    grantType: null,
    status: null, // stays null when the fake never answered (stall, reset, client gave up)
    outcome: "pending", // "answered" | "reset" | "stalled" | "client-closed"
    durationMs: null,
  };
}

/** What /__capture keeps: enough to prove whether a credential was forwarded, not the credential. */
export function captureRecord({ req, url, authScheme }) {
  return {
    time: new Date().toISOString(),
    method: req.method,
    host: req.headers.host ?? null,
    path: url.pathname,
    query: redactQuery(url.searchParams),
    authorizationPresent: req.headers.authorization !== undefined,
    authScheme,
    headers: redactHeaders(req.headers),
  };
}

/** Filter log entries by the fields a test usually asks about. */
export function filterLog(entries, { account, method, apiPath, status, grantType } = {}) {
  return entries.filter(
    (e) =>
      (account === undefined || e.account === account) &&
      (method === undefined || e.method === String(method).toUpperCase()) &&
      (apiPath === undefined || e.apiPath === apiPath || (apiPath.endsWith("*") && e.apiPath?.startsWith(apiPath.slice(0, -1)))) &&
      (status === undefined || e.status === Number(status)) &&
      (grantType === undefined || e.grantType === grantType),
  );
}
