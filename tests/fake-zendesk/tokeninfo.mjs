// OAuth token records, as Zendesk's OAuth Tokens API shows them:
//
//   GET    /api/v2/oauth/tokens/current.json   the token this request authenticated with
//   GET    /api/v2/oauth/tokens/{id}.json      one token by its numeric id
//   DELETE /api/v2/oauth/tokens/{id}.json      revoke it: the access token and its refresh token
//   DELETE /api/v2/oauth/tokens/current.json   204, and the token keeps working (see README.md)
//
// Every access token the fake knows gets a record with a numeric id: the seeded opaque
// tokens when the account is built, tokens issued by /oauth/tokens when they are issued,
// and JWTs a test minted itself the first time they authenticate. The record keeps the
// full token only to find it again; an answer carries the first 10 characters
// (Zendesk's reference: "only the first 10 characters of the access token are
// included") and never any part of the refresh token.

import { RECORD_NOT_FOUND } from "./responses.mjs";

// Ids are integers; starting far from user ids keeps a mix-up from passing a test.
const FIRST_TOKEN_ID = 7001;
// Zendesk's reference: the access token appears as its first 10 characters.
const SHOWN_TOKEN_CHARS = 10;
// The seeded opaque tokens stand for tokens made through the API before the tests ran.
const SEEDED_CREATED_AT = Date.UTC(2025, 0, 6, 9, 0, 0);

export function newTokenRegistry() {
  return { nextId: FIRST_TOKEN_ID, byToken: new Map(), byId: new Map() };
}

/** Numeric id of a seeded OAuth client from its identifier (null when unknown). */
function clientNumericId(account, identifier) {
  if (typeof identifier !== "string") return null;
  return Object.values(account.seed.oauthClients).find((c) => c.identifier === identifier)?.id ?? null;
}

/**
 * Register an access token. `fields`: userId, clientIdentifier, scopes, createdAt,
 * expiresAt (ms or null), refreshToken, refreshTokenExpiresAt (ms or null).
 */
export function registerToken(account, token, fields) {
  const registry = account.tokenInfo;
  const record = {
    id: registry.nextId++,
    token,
    userId: fields.userId,
    clientId: clientNumericId(account, fields.clientIdentifier),
    scopes: [...fields.scopes],
    createdAt: fields.createdAt,
    expiresAt: fields.expiresAt ?? null,
    refreshToken: fields.refreshToken ?? null,
    refreshTokenExpiresAt: fields.refreshTokenExpiresAt ?? null,
    usedAt: null,
  };
  registry.byToken.set(token, record);
  registry.byId.set(record.id, record);
  return record;
}

/** Records for the seeded opaque tokens, in seed order (their ids are therefore stable). */
export function registerSeededTokens(account) {
  for (const t of Object.values(account.seed.oauth)) {
    registerToken(account, t.token, {
      userId: t.userId,
      clientIdentifier: account.seed.oauthClients.confidential.identifier,
      scopes: t.scopes,
      createdAt: SEEDED_CREATED_AT,
      expiresAt: t.expiresAt ?? null,
    });
  }
}

/**
 * The record of a Bearer token that just authenticated (`claims` is the JWT payload,
 * or null for an opaque token), registering a JWT minted outside /oauth/tokens on
 * first sight. Marks it used now.
 */
export function noteTokenUse(account, token, claims, now) {
  let record = account.tokenInfo.byToken.get(token);
  if (!record && claims) {
    record = registerToken(account, token, {
      userId: Number(claims.sub),
      clientIdentifier: claims.client_id,
      scopes: String(claims.scope ?? "").split(/\s+/).filter(Boolean),
      createdAt: Number(claims.iat) * 1000,
      expiresAt: Number(claims.exp) * 1000,
    });
  }
  if (record) record.usedAt = now;
  return record ?? null;
}

function iso(ms) {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Zendesk's OAuth token object. */
function describe(record, apiBase) {
  return {
    id: record.id,
    user_id: record.userId,
    client_id: record.clientId,
    token: record.token.slice(0, SHOWN_TOKEN_CHARS),
    // Assumption (README): the reference lists the field; the fake never shows any of a refresh token.
    refresh_token: null,
    refresh_token_expires_at: iso(record.refreshTokenExpiresAt),
    created_at: iso(record.createdAt),
    expires_at: iso(record.expiresAt),
    scopes: [...record.scopes],
    used_at: iso(record.usedAt),
    url: `${apiBase}/oauth/tokens/${record.id}.json`,
  };
}

function isLive(account, record) {
  return !account.revokedTokens.has(record.token) && !account.oauthTokens.get(record.token)?.revoked;
}

/** A live record by id that this user may see: admins see every token, others their own. */
function visibleRecord(account, user, id) {
  const record = account.tokenInfo.byId.get(id);
  if (!record || !isLive(account, record)) return null;
  return user.role === "admin" || record.userId === user.id ? record : null;
}

const NOT_BEARER = { status: 404, body: RECORD_NOT_FOUND };

// ---- route handlers (routes.mjs) -------------------------------------------------

/** GET /api/v2/oauth/tokens/current.json: needs a Bearer token (an API token has no "current" OAuth token). */
export function showCurrentToken({ bearer, apiBase }) {
  if (!bearer?.record) return NOT_BEARER;
  return { status: 200, body: { token: describe(bearer.record, apiBase) } };
}

/** GET /api/v2/oauth/tokens/{id}.json */
export function showToken({ account, user, params, apiBase }) {
  const record = visibleRecord(account, user, Number(params[0]));
  return record ? { status: 200, body: { token: describe(record, apiBase) } } : { status: 404, body: RECORD_NOT_FOUND };
}

/** DELETE /api/v2/oauth/tokens/{id}.json: revokes the access token and the refresh token issued with it. */
export function revokeToken({ account, user, params }) {
  const record = visibleRecord(account, user, Number(params[0]));
  if (!record) return { status: 404, body: RECORD_NOT_FOUND };
  account.revokedTokens.add(record.token);
  const refresh = record.refreshToken && account.oauth.refreshTokens.get(record.refreshToken);
  if (refresh) refresh.revoked = true;
  return { status: 204 };
}

/**
 * DELETE /api/v2/oauth/tokens/current.json: Zendesk documents it as revoking the token in
 * use; users report a 204 while the token keeps working (README.md), which is what
 * this does, so a client that relies on it is caught in tests.
 */
export function revokeCurrentTokenIneffective({ bearer }) {
  if (!bearer?.record) return NOT_BEARER;
  return { status: 204 };
}
