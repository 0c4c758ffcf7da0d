// The OAuth 2.0 authorization server of each fake account:
//
//   GET  /oauth/authorizations/new   authorization code (+ PKCE S256), approved at once as a chosen user
//   POST /oauth/tokens               authorization_code | refresh_token | client_credentials
//
// Behaviour comes from Zendesk's documentation (its OAuth lines), Zendesk's "OAuth Tokens for
// Grant Types" reference, RFC 6749 (OAuth 2.0), RFC 7636 (PKCE) and RFC 9700
// (OAuth security BCP). Where they are silent the choice is listed in README.md.
//
// Access tokens are JWTs minted by tokens.mjs, so the API endpoints accept them on
// the ordinary Bearer path, expire them by `exp`, and refuse them once they are in
// `account.revokedTokens` (rotation, code reuse, control `revokeTokens`).
//
// Nothing here writes a code, verifier, secret, state or token anywhere: the only
// thing the request log learns is the grant type, and error descriptions never
// echo a request value.

import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

import { userById } from "./records.mjs";
import { mintAccessToken } from "./tokens.mjs";
import { registerToken } from "./tokeninfo.mjs";

/** Lifetimes in seconds: Zendesk's documentation and Zendesk's Create Token for Grant Type reference. */
export const OAUTH_LIMITS = Object.freeze({
  accessDefault: 1800, // 30 min
  accessMin: 300, // 5 min
  accessMax: 172_800, // 48 h
  refreshDefault: 2_592_000, // 30 days
  refreshMin: 604_800, // 7 days
  refreshMax: 7_776_000, // 90 days
  code: 120,
});

export const GRANT_TYPES = ["authorization_code", "refresh_token", "client_credentials"];
// Zendesk's documentation: implicit and password grants were removed 2025-02-17.
const REMOVED_GRANTS = new Set(["password", "implicit", "token"]);

// Zendesk's scopes: `read`, `write`, `impersonate`, and `{resource}:read|write`.
// The resources are the ones Zendesk's OAuth documentation lists.
const RESOURCES = new Set([
  "tickets",
  "users",
  "auditlogs",
  "organizations",
  "hc",
  "apps",
  "triggers",
  "automations",
  "targets",
  "webhooks",
  "macros",
  "requests",
  "satisfaction_ratings",
  "dynamic_content",
  "any_channel",
  "web_widget",
  "zis",
]);
// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
// RFC 7636 §4.2: an S256 challenge is BASE64URL(SHA256(verifier)) without padding: 43 characters.
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
// RFC 7636 §4.1: code-verifier = 43*128 unreserved characters.
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

const HTML_TYPE = "text/html; charset=utf-8";
const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };
const USER_KEYS = { admin: "admin", agent: "agent", enduser: "endUser", "end-user": "endUser", unverified: "unverified" };

// ---- account state and settings ---------------------------------------------

/** Per-account OAuth settings (the `oauth` key of an account patch). */
export function defaultOAuthConfig() {
  return {
    // null: Zendesk's rules (the request's `expires_in` clamped to 300..172800 s, else
    // 1800 s). A number of seconds: every access token lives exactly that long, whatever
    // the request asked (a test knob: clients usually always send `expires_in`).
    accessTokenLifetime: null,
    // The same for refresh tokens (`refresh_token_expires_in`, 7..90 days, else 30 days).
    refreshTokenLifetime: null,
    // How long an authorization code can be exchanged.
    codeLifetime: OAUTH_LIMITS.code,
    // Who approves /oauth/authorizations/new: a seeded user key, a user id, or "deny".
    loginAs: "admin",
    // RFC 9700 §4.14.2: reusing a rotated refresh token revokes the whole grant.
    revokeFamilyOnReuse: false,
    // Access-Control-Allow-Origin on /oauth/tokens (and its preflight).
    tokenEndpointCors: true,
  };
}

const OAUTH_CONFIG_CHECKS = {
  accessTokenLifetime: (v) => v === null || isLifetime(v),
  refreshTokenLifetime: (v) => v === null || isLifetime(v),
  codeLifetime: isLifetime,
  loginAs: (v) => v === "deny" || Object.hasOwn(USER_KEYS, String(v).toLowerCase()) || (Number.isInteger(v) && v > 0),
  revokeFamilyOnReuse: (v) => typeof v === "boolean",
  tokenEndpointCors: (v) => typeof v === "boolean",
};

function isLifetime(v) {
  return Number.isInteger(v) && v >= 1 && v <= 10 * 365 * 86_400;
}

/** Whether `v` is a valid partial `oauth` patch. */
export function isOAuthPatch(v) {
  return Boolean(v) && typeof v === "object" && !Array.isArray(v) && Object.entries(v).every(([k, x]) => OAUTH_CONFIG_CHECKS[k]?.(x));
}

function emptyCounts(keys) {
  return Object.fromEntries(keys.map((k) => [k, 0]));
}

/** Fresh per-account OAuth state: codes, refresh tokens and counters. */
export function newOAuthState() {
  return {
    codes: new Map(), // code -> { clientId, redirectUri, userId, scopes, challenge, expiresAt, spent, grant }
    refreshTokens: new Map(), // token -> { clientId, userId, scopes, expiresAt, used, revoked, grant }
    stats: {
      // Every request that reached the handler, by grant_type ("other": missing or unsupported).
      tokenRequests: emptyCounts([...GRANT_TYPES, "other"]),
      // Successful answers, by grant type.
      tokensIssued: emptyCounts(GRANT_TYPES),
      authorizations: { approved: 0, refused: 0 },
    },
  };
}

/** A copy of an account's OAuth counters (no codes or tokens). */
export function describeOAuthStats(account) {
  const { stats } = account.oauth;
  return { tokenRequests: { ...stats.tokenRequests }, tokensIssued: { ...stats.tokensIssued }, authorizations: { ...stats.authorizations } };
}

/** Revoke a refresh token by value (control `revokeTokens`). Returns whether it was one. */
export function revokeRefreshToken(account, token) {
  const record = account.oauth.refreshTokens.get(token);
  if (record) record.revoked = true;
  return Boolean(record);
}

// ---- clients, redirect URIs, scopes ------------------------------------------

function findClient(account, clientId) {
  if (typeof clientId !== "string") return null;
  return Object.values(account.seed.oauthClients).find((c) => c.identifier === clientId) ?? null;
}

/**
 * A registered URI exactly, or (for tests) any http://127.0.0.1|localhost|[::1]:{port}/{path}
 * when the client allows loopback redirects. Never a fragment (RFC 6749 §3.1.2).
 */
export function redirectUriAllowed(client, uri) {
  if (typeof uri !== "string" || uri.includes("#")) return false;
  if (client.redirectUris.includes(uri)) return true;
  let url;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return client.loopbackRedirects && url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) && !url.username && !url.password;
}

/** Parse a scope string: { scopes } or { error, description }. */
export function parseScope(value) {
  if (value === undefined || value === null || value === "") return { error: "invalid_scope", description: "A scope is required (space-separated, e.g. \"read write\")." };
  if (typeof value !== "string") return { error: "invalid_request", description: "scope must be a string." };
  const tokens = value.split(" ");
  if (tokens.some((t) => !SCOPE_TOKEN.test(t))) return { error: "invalid_scope", description: "The scope is malformed: scopes are separated by single spaces (RFC 6749 section 3.3)." };
  for (const t of tokens) {
    const [resource, access, extra] = t.split(":");
    const known = access === undefined ? ["read", "write", "impersonate"].includes(t) : extra === undefined && RESOURCES.has(resource) && (access === "read" || access === "write");
    if (!known) return { error: "invalid_scope", description: "The requested scope is invalid, unknown, or malformed." };
  }
  return { scopes: [...new Set(tokens)] };
}

function userForLogin(account, loginAs) {
  if (loginAs === "deny") return { deny: true };
  const key = USER_KEYS[String(loginAs).toLowerCase()];
  const id = key ? account.seed.users[key].id : /^\d{1,15}$/.test(String(loginAs)) ? Number(loginAs) : null;
  const user = id === null ? null : userById(account, id, "");
  return user ? { user } : null;
}

// ---- GET /oauth/authorizations/new -------------------------------------------

function errorPage(error, description) {
  const html =
    "<!doctype html>\n" +
    `<html><head><meta charset="utf-8"><title>Invalid authorization request</title></head>\n` +
    `<body><h1>Invalid authorization request</h1><p id="error">${escapeHtml(error)}</p>` +
    `<p id="error_description">${escapeHtml(description)}</p></body></html>\n`;
  return { status: 400, body: html, contentType: HTML_TYPE, headers: NO_STORE };
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function redirectTo(redirectUri, params) {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) url.searchParams.set(k, v);
  return { status: 302, body: "", contentType: HTML_TYPE, headers: { Location: url.href, ...NO_STORE } };
}

/**
 * The authorization page. There is no login form: the request is approved at once
 * as `login_as` (test-only query parameter) or the account's `oauth.loginAs`.
 * RFC 6749 §4.1.2.1: a bad client or redirect URI gets a 400 page; any other error
 * goes back to the redirect URI as `error=`.
 */
export function authorize({ account, searchParams, now }) {
  const stats = account.oauth.stats;
  const single = (name) => {
    const all = searchParams.getAll(name);
    return all.length > 1 ? { duplicate: true } : { value: all[0] };
  };
  const page = (error, description) => {
    stats.authorizations.refused++;
    return errorPage(error, description);
  };

  const clientParam = single("client_id");
  if (clientParam.duplicate || !clientParam.value) return page("invalid_request", "client_id is required, once.");
  const client = findClient(account, clientParam.value);
  if (!client) return page("invalid_client", "No OAuth client with this identifier exists in this account.");
  const redirectParam = single("redirect_uri");
  if (redirectParam.duplicate || !redirectParam.value) return page("invalid_request", "redirect_uri is required, once.");
  if (!redirectUriAllowed(client, redirectParam.value)) return page("invalid_request", "The redirect_uri is not registered for this OAuth client.");
  const redirectUri = redirectParam.value;

  const state = searchParams.get("state") ?? undefined;
  const fail = (error, description) => {
    stats.authorizations.refused++;
    return redirectTo(redirectUri, { error, error_description: description, state });
  };
  for (const name of ["response_type", "scope", "state", "code_challenge", "code_challenge_method", "login_as"]) {
    if (single(name).duplicate) return fail("invalid_request", `${name} must not be repeated.`);
  }

  const responseType = searchParams.get("response_type");
  if (!responseType) return fail("invalid_request", "response_type is required.");
  if (responseType === "token") return fail("unsupported_response_type", "The implicit grant was removed on 2025-02-17. Use response_type=code with PKCE.");
  if (responseType !== "code") return fail("unsupported_response_type", "Only response_type=code is supported.");

  const scope = parseScope(searchParams.get("scope") ?? undefined);
  if (scope.error) return fail(scope.error, scope.description);

  const challenge = searchParams.get("code_challenge");
  const method = searchParams.get("code_challenge_method");
  if (challenge === null && method !== null) return fail("invalid_request", "code_challenge_method was given without code_challenge.");
  if (challenge !== null) {
    if (method === null) return fail("invalid_request", "code_challenge_method is required; only S256 is supported.");
    if (method !== "S256") return fail("invalid_request", "Transform algorithm not supported: only S256 is.");
    if (!S256_CHALLENGE.test(challenge)) return fail("invalid_request", "code_challenge must be 43 base64url characters (SHA-256, no padding).");
  } else if (client.kind === "public") {
    return fail("invalid_request", "PKCE is required for public clients: send code_challenge and code_challenge_method=S256.");
  }

  const login = userForLogin(account, searchParams.get("login_as") ?? account.config.oauth.loginAs);
  if (!login) return page("invalid_request", "login_as (test-only) names no user of this account.");
  if (login.deny) return fail("access_denied", "The user denied the authorization request.");

  const code = randomBytes(24).toString("base64url");
  account.oauth.codes.set(code, {
    clientId: client.identifier,
    redirectUri,
    userId: login.user.id,
    scopes: scope.scopes,
    challenge,
    expiresAt: now + account.config.oauth.codeLifetime * 1000,
    spent: false,
    grant: null,
  });
  stats.authorizations.approved++;
  return redirectTo(redirectUri, { code, state });
}

// ---- POST /oauth/tokens -----------------------------------------------------

function tokenError(status, error, description) {
  return { status, body: { error, error_description: description }, headers: NO_STORE };
}
const invalidRequest = (d) => tokenError(400, "invalid_request", d);
const invalidGrant = (d) => tokenError(400, "invalid_grant", d);
const INVALID_CLIENT = tokenError(401, "invalid_client", "Client authentication failed: unknown client, missing client_secret, or wrong client_secret.");

const STRING_PARAMS = ["grant_type", "code", "redirect_uri", "client_id", "client_secret", "code_verifier", "refresh_token", "scope"];
const INTEGER_PARAMS = ["expires_in", "refresh_token_expires_in"];

/** JSON (Zendesk's documented form) or application/x-www-form-urlencoded. */
function parseParams(rawBody, contentType) {
  const text = rawBody ? rawBody.toString("utf8") : "";
  let params;
  if (/^application\/x-www-form-urlencoded\b/i.test(contentType ?? "")) {
    const form = new URLSearchParams(text);
    params = {};
    for (const key of new Set(form.keys())) {
      // RFC 6749 §3.2: parameters must not be included more than once.
      if (form.getAll(key).length > 1) return { error: `${key} must not be repeated.` };
      params[key] = form.get(key);
    }
  } else {
    if (!text.trim()) return { error: "The request body is empty: send a JSON object (or a form-encoded body)." };
    try {
      params = JSON.parse(text);
    } catch {
      return { error: "The request body is not valid JSON." };
    }
    if (!params || typeof params !== "object" || Array.isArray(params)) return { error: "The request body must be a JSON object." };
  }
  for (const key of STRING_PARAMS) {
    if (params[key] !== undefined && params[key] !== null && typeof params[key] !== "string") return { error: `${key} must be a string.` };
    if (params[key] === null || params[key] === "") delete params[key];
  }
  for (const key of INTEGER_PARAMS) {
    const v = params[key];
    if (v === undefined || v === null || v === "") {
      delete params[key];
      continue;
    }
    const n = typeof v === "number" ? v : typeof v === "string" && /^\d{1,12}$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n <= 0) return { error: `${key} must be a positive whole number of seconds.` };
    params[key] = n;
  }
  return { params };
}

function clamp(n, lo, hi) {
  return Math.min(Math.max(n, lo), hi);
}

/**
 * Lifetimes for this request: a forced lifetime from the account's settings, else the
 * requested `expires_in` / `refresh_token_expires_in` clamped to Zendesk's documented
 * range, else Zendesk's default. The access token never outlives the refresh token
 * issued with it.
 */
function lifetimes(params, cfg, withRefresh) {
  const L = OAUTH_LIMITS;
  const refreshSec =
    cfg.refreshTokenLifetime ?? (params.refresh_token_expires_in === undefined ? L.refreshDefault : clamp(params.refresh_token_expires_in, L.refreshMin, L.refreshMax));
  let accessSec = cfg.accessTokenLifetime ?? (params.expires_in === undefined ? L.accessDefault : clamp(params.expires_in, L.accessMin, L.accessMax));
  if (withRefresh) accessSec = Math.min(accessSec, refreshSec);
  return { accessSec, refreshSec };
}

function sameSecret(given, expected) {
  const a = createHash("sha256").update(String(given)).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

/** RFC 6749 §2.3.1 with the credentials in the body (Zendesk's documented form). */
function authenticateClient(account, params) {
  const client = findClient(account, params.client_id);
  if (!client) return null;
  if (client.kind === "confidential" && (params.client_secret === undefined || !sameSecret(params.client_secret, client.secret))) return null;
  return client; // a public client has no secret; one sent anyway is ignored
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function s256(verifier) {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Mint an access token (and a refresh token unless `withRefresh` is false) for a grant. */
function issue(account, { grant, clientId, userId, scopes, params, now, withRefresh }) {
  const cfg = account.config.oauth;
  const { accessSec, refreshSec } = lifetimes(params, cfg, withRefresh);
  const access = mintAccessToken({
    account: account.subdomain,
    userId,
    scopes,
    now,
    // `exp` rounded up, so a token lives at least the lifetime it was given.
    claims: { exp: Math.ceil((now + accessSec * 1000) / 1000), client_id: clientId, jti: randomBytes(12).toString("base64url") },
  });
  grant.accessToken = access;
  const body = { access_token: access, token_type: "bearer", scope: scopes.join(" ") };
  // As Nango#6775 reports of Zendesk: `expires_in` only when the request asked for it.
  if (params.expires_in !== undefined) body.expires_in = accessSec;
  if (withRefresh) {
    const refresh = randomBytes(32).toString("hex");
    account.oauth.refreshTokens.set(refresh, { clientId, userId, scopes, expiresAt: now + refreshSec * 1000, used: false, revoked: false, grant });
    grant.refreshToken = refresh;
    body.refresh_token = refresh;
    body.refresh_token_expires_in = refreshSec;
  }
  registerToken(account, access, {
    userId,
    clientIdentifier: clientId,
    scopes,
    createdAt: now,
    expiresAt: Math.ceil((now + accessSec * 1000) / 1000) * 1000,
    refreshToken: body.refresh_token,
    refreshTokenExpiresAt: withRefresh ? now + refreshSec * 1000 : null,
  });
  return { status: 200, body, headers: NO_STORE };
}

/** Revoke everything a grant currently holds (its live access and refresh token). */
function revokeGrant(account, grant) {
  if (!grant) return;
  grant.revoked = true;
  if (grant.accessToken) account.revokedTokens.add(grant.accessToken);
  const record = grant.refreshToken && account.oauth.refreshTokens.get(grant.refreshToken);
  if (record) record.revoked = true;
}

function exchangeCode(account, client, params, now) {
  if (!params.code) return invalidRequest("code is required.");
  const code = account.oauth.codes.get(params.code);
  if (!code || code.clientId !== client.identifier) return invalidGrant("The authorization code is invalid, expired, or was already used.");
  if (code.spent) {
    // RFC 6749 §4.1.2: a code used twice; revoke what the first use issued.
    revokeGrant(account, code.grant);
    return invalidGrant("The authorization code is invalid, expired, or was already used.");
  }
  // Spent by the first attempt that names it, whatever that attempt's outcome.
  code.spent = true;
  if (code.expiresAt <= now) return invalidGrant("The authorization code is invalid, expired, or was already used.");
  if (!params.redirect_uri) return invalidRequest("redirect_uri is required: the one sent to /oauth/authorizations/new.");
  if (params.redirect_uri !== code.redirectUri) return invalidGrant("redirect_uri does not match the one used for the authorization request.");
  if (code.challenge) {
    if (!params.code_verifier) return invalidRequest("code_verifier is required: the authorization request used PKCE.");
    if (!CODE_VERIFIER.test(params.code_verifier) || s256(params.code_verifier) !== code.challenge) return invalidGrant("The code_verifier does not match the code_challenge.");
  } else if (params.code_verifier !== undefined) {
    // RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt.
    return invalidGrant("code_verifier was sent but the authorization request had no code_challenge.");
  }
  if (!userById(account, code.userId, "")) return invalidGrant("The user who granted access no longer exists.");
  code.grant = { revoked: false, accessToken: null, refreshToken: null };
  return issue(account, { grant: code.grant, clientId: client.identifier, userId: code.userId, scopes: code.scopes, params, now, withRefresh: true });
}

function refresh(account, client, params, now) {
  if (!params.refresh_token) return invalidRequest("refresh_token is required.");
  const record = account.oauth.refreshTokens.get(params.refresh_token);
  const invalid = "The refresh token is invalid, expired, revoked, or was already used.";
  if (!record || record.clientId !== client.identifier) return invalidGrant(invalid);
  if (record.used) {
    if (account.config.oauth.revokeFamilyOnReuse) revokeGrant(account, record.grant);
    return invalidGrant(invalid);
  }
  if (record.revoked || record.grant.revoked || record.expiresAt <= now) return invalidGrant(invalid);
  let scopes = record.scopes;
  if (params.scope !== undefined) {
    const asked = parseScope(params.scope);
    if (asked.error) return tokenError(400, asked.error, asked.description);
    // RFC 6749 §6: a refresh may narrow the scope, never widen it.
    if (!asked.scopes.every((s) => record.scopes.includes(s))) return tokenError(400, "invalid_scope", "A refresh can only ask for scopes the original grant had.");
    scopes = asked.scopes;
  }
  if (!userById(account, record.userId, "")) return invalidGrant(invalid);
  // Single use and rotating (Zendesk's documentation): the old refresh and access tokens stop working.
  record.used = true;
  if (record.grant.accessToken) account.revokedTokens.add(record.grant.accessToken);
  return issue(account, { grant: record.grant, clientId: client.identifier, userId: record.userId, scopes, params, now, withRefresh: true });
}

function clientCredentials(account, client, params, now) {
  if (client.kind !== "confidential") return tokenError(400, "unauthorized_client", "The client_credentials grant needs a confidential client.");
  const scope = parseScope(params.scope);
  if (scope.error) return tokenError(400, scope.error, scope.description);
  // The token acts as the user who created the OAuth client; no refresh token (Zendesk's documentation).
  const grant = { revoked: false, accessToken: null, refreshToken: null };
  return issue(account, { grant, clientId: client.identifier, userId: client.ownerUserId, scopes: scope.scopes, params, now, withRefresh: false });
}

/** POST /oauth/tokens. Sets `entry.grantType` (the only thing it tells the log). */
export function token({ account, rawBody, contentType, now, entry }) {
  const stats = account.oauth.stats;
  const parsed = parseParams(rawBody, contentType);
  const grantType = typeof parsed.params?.grant_type === "string" ? parsed.params.grant_type : null;
  const known = GRANT_TYPES.includes(grantType);
  // The log keeps the grant type only when it is one of the known names: never free text.
  entry.grantType = known || REMOVED_GRANTS.has(grantType) ? grantType : grantType === null ? null : "other";
  stats.tokenRequests[known ? grantType : "other"]++;

  if (parsed.error) return invalidRequest(parsed.error);
  const params = parsed.params;
  if (!grantType) return invalidRequest("grant_type is required.");
  if (REMOVED_GRANTS.has(grantType)) return tokenError(400, "unsupported_grant_type", "The implicit and password grants were removed on 2025-02-17.");
  if (!known) return tokenError(400, "unsupported_grant_type", "grant_type must be authorization_code, refresh_token or client_credentials.");

  const client = authenticateClient(account, params);
  if (!client) return INVALID_CLIENT;

  const result =
    grantType === "authorization_code"
      ? exchangeCode(account, client, params, now)
      : grantType === "refresh_token"
        ? refresh(account, client, params, now)
        : clientCredentials(account, client, params, now);
  if (result.status === 200) stats.tokensIssued[grantType]++;
  return result;
}
