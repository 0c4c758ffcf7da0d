// Who is calling: the Authorization header, read the way Zendesk documents it.
//
// Only the header counts: credentials in the URL or the body are ignored
// (Zendesk's documentation), so nothing here looks at either.
//
// Outcomes:
//   { outcome: "user", scheme, user, scopes }   scopes: null = API token (all the user's rights);
//                                               Bearer adds token and claims (null if opaque) for tokeninfo.mjs
//   { outcome: "anonymous", scheme }            no credentials, or credentials Zendesk ignores
//   { outcome: "rejected", scheme }             401 (body depends on scheme)

import { userByEmail, userById } from "./records.mjs";
import { looksLikeJwt, verifyAccessToken } from "./tokens.mjs";

/** The scheme seen, for logs and CORS: "basic", "bearer", "other" or null. Never the credential. */
export function authScheme(headerValue) {
  if (!headerValue) return null;
  const scheme = headerValue.trim().split(/\s+/)[0].toLowerCase();
  return scheme === "basic" || scheme === "bearer" ? scheme : "other";
}

export function authenticate(account, headerValue, apiBase, now = Date.now()) {
  const scheme = authScheme(headerValue);
  if (scheme === "basic") return basic(account, headerValue.trim().slice(5).trim(), apiBase);
  if (scheme === "bearer") return bearer(account, headerValue.trim().slice(6).trim(), apiBase, now);
  // Unknown schemes are not Zendesk credentials: treated as none (assumption, README).
  return { outcome: "anonymous", scheme };
}

function basic(account, encoded, apiBase) {
  const rejected = { outcome: "rejected", scheme: "basic" };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return rejected;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return rejected;
  const username = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);

  if (!username.endsWith("/token")) {
    // Password access to the API was removed (Zendesk's documentation). By default the
    // credentials are ignored, which makes /users/me.json answer the anonymous
    // user: the trap Zendesk's documentation warns about.
    return account.config.passwordBasic === "rejected" ? rejected : { outcome: "anonymous", scheme: "basic" };
  }
  // Token access switched off: the token credentials are ignored, not refused.
  if (!account.config.apiTokenAccess) return { outcome: "anonymous", scheme: "basic" };

  const email = username.slice(0, -"/token".length);
  const user = userByEmail(account, email, apiBase);
  // Exact, case-sensitive token match: a token's case is part of it.
  if (!user || !user.verified || !account.activeApiTokens.has(secret)) return rejected;
  return { outcome: "user", scheme: "basic", user, scopes: null };
}

function bearer(account, token, apiBase, now) {
  const rejected = { outcome: "rejected", scheme: "bearer" };
  if (!token || account.revokedTokens.has(token)) return rejected;

  const opaque = account.oauthTokens.get(token);
  if (opaque) {
    if (opaque.revoked || (opaque.expiresAt !== null && opaque.expiresAt <= now)) return rejected;
    const user = userById(account, opaque.userId, apiBase);
    return user ? { outcome: "user", scheme: "bearer", user, scopes: opaque.scopes, token, claims: null } : rejected;
  }

  if (looksLikeJwt(token)) {
    const claims = verifyAccessToken(token, now);
    // A token minted for another account is invalid here, as on Zendesk.
    if (!claims || claims.account !== account.subdomain) return rejected;
    const user = userById(account, Number(claims.sub), apiBase);
    if (!user) return rejected;
    return { outcome: "user", scheme: "bearer", user, scopes: String(claims.scope ?? "").split(/\s+/).filter(Boolean), token, claims };
  }
  return rejected;
}

/**
 * OAuth scope check: `read` allows every GET, `write` every other method, and
 * `{resource}:read` / `{resource}:write` the same for one resource. Returns the
 * missing scope's name, or null. API tokens (scopes === null) pass.
 */
export function missingScope(scopes, method, resource) {
  if (scopes === null) return null;
  const need = method === "GET" ? "read" : "write";
  return scopes.includes(need) || scopes.includes(`${resource}:${need}`) ? null : need;
}
