// JWT-shaped OAuth access tokens, like Zendesk's new expiring ones (`typ: at+jwt`).
//
// Zendesk's real tokens are signed with keys nobody outside Zendesk holds; a client
// must treat them as opaque. The fake signs with a fixed, public HMAC key so tests
// can mint tokens with any user, scope and lifetime (including already expired).

import { createHmac, timingSafeEqual } from "node:crypto";

/** Not a secret: it only makes tokens this fake accepts. */
export const FAKE_JWT_SIGNING_KEY = "fake-zendesk-hmac-key-not-a-secret";

const HEADER = { alg: "HS256", typ: "at+jwt" };

function b64url(value) {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value), "utf8").toString("base64url");
}

function sign(signingInput) {
  return createHmac("sha256", FAKE_JWT_SIGNING_KEY).update(signingInput).digest("base64url");
}

/**
 * Mint an access token the fake accepts as a Bearer credential.
 * `expiresInSec` may be negative to get an already-expired token.
 * Default life is 30 minutes, Zendesk's default for expiring tokens.
 * `claims` are added to the payload last, so they may also replace `exp` or `jti`
 * (oauth.mjs adds `client_id` and rounds `exp` up).
 */
export function mintAccessToken({ account, userId, scopes = ["read", "write"], expiresInSec = 1800, now = Date.now(), claims = {} }) {
  if (!account || userId === undefined) throw new TypeError("mintAccessToken needs account and userId");
  const iat = Math.floor(now / 1000);
  const payload = {
    iss: `https://${account}.zendesk.com`,
    account,
    sub: String(userId),
    scope: Array.isArray(scopes) ? scopes.join(" ") : String(scopes),
    iat,
    exp: iat + expiresInSec,
    jti: `${account}-${userId}-${iat}-${Math.random().toString(36).slice(2, 10)}`,
    ...claims,
  };
  const signingInput = `${b64url(HEADER)}.${b64url(payload)}`;
  return `${signingInput}.${sign(signingInput)}`;
}

/** Three base64url segments: worth trying as a JWT rather than an opaque token. */
export function looksLikeJwt(token) {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/**
 * Verify signature, header and expiry. Returns the payload or null.
 * Account and user checks are the caller's (auth.mjs), which knows the account.
 */
export function verifyAccessToken(token, now = Date.now()) {
  if (!looksLikeJwt(token)) return null;
  const [headerPart, payloadPart, signature] = token.split(".");
  const expected = Buffer.from(sign(`${headerPart}.${payloadPart}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let header;
  let payload;
  try {
    header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8"));
    payload = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (header?.alg !== "HS256" || header?.typ !== "at+jwt") return null;
  if (typeof payload?.exp !== "number" || payload.exp * 1000 <= now) return null;
  return payload;
}
