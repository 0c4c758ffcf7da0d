// Cloudflare Access: the caller check for service and api_token modes.
//
// Access puts a signed JWT (RS256) in Cf-Access-Jwt-Assertion on every request it lets
// through. Its keys are published at {team domain}/cdn-cgi/access/certs and rotate, so
// they are cached per isolate for a few minutes and fetched again for an unknown key id.
import { fromB64url } from "./seal.mjs";
import { errors } from "./errors.mjs";

const JWKS_TTL_MS = 5 * 60_000;
const CLOCK_SKEW_SEC = 60;
const decoder = new TextDecoder();
const jwksCache = new Map(); // team domain -> { at, keys: Map(kid -> Promise<CryptoKey>) }

async function loadKeys(team, force) {
  const cached = jwksCache.get(team);
  if (cached && !force && Date.now() - cached.at < JWKS_TTL_MS) return cached.keys;
  let body;
  try {
    const res = await fetch(`${team}/cdn-cgi/access/certs`, { redirect: "manual", signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(String(res.status));
    body = await res.json();
  } catch {
    if (cached) return cached.keys; // keep serving with the last good keys
    throw errors.accessDenied("the team's signing keys could not be fetched");
  }
  const keys = new Map();
  for (const jwk of Array.isArray(body?.keys) ? body.keys : []) {
    if (jwk?.kty !== "RSA" || typeof jwk.kid !== "string") continue;
    const { kty, n, e } = jwk;
    keys.set(jwk.kid, crypto.subtle.importKey("jwk", { kty, n, e, alg: "RS256", ext: true },
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]).catch(() => null));
  }
  jwksCache.set(team, { at: Date.now(), keys });
  return keys;
}

function part(text) {
  try {
    return JSON.parse(decoder.decode(fromB64url(text)));
  } catch {
    return undefined;
  }
}

/** Resolves to the token's claims, or throws ACCESS_JWT_INVALID saying why (never the token). */
export async function verifyAccessJwt(token, { team, audience }) {
  const pieces = typeof token === "string" ? token.split(".") : [];
  if (pieces.length !== 3) throw errors.accessDenied("it is not a JWT");
  const [h, p, s] = pieces;
  const header = part(h);
  const claims = part(p);
  if (!header || !claims || typeof claims !== "object") throw errors.accessDenied("it is not a JWT");
  // Only RS256: an "alg" chosen by the token (none, HS256 with the public key) is the classic forgery.
  if (header.alg !== "RS256") throw errors.accessDenied(`algorithm ${String(header.alg).slice(0, 10)} is not RS256`);
  let keys = await loadKeys(team, false);
  if (!keys.has(header.kid)) keys = await loadKeys(team, true);
  const key = await keys.get(header.kid);
  if (!key) throw errors.accessDenied("it was not signed by a key of this team");
  let signature;
  try {
    signature = fromB64url(s);
  } catch {
    throw errors.accessDenied("its signature is malformed");
  }
  const ok = await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, new TextEncoder().encode(`${h}.${p}`));
  if (!ok) throw errors.accessDenied("its signature does not verify");
  const now = Date.now() / 1000;
  if (claims.iss !== team) throw errors.accessDenied("it was issued by another team");
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(audience)) throw errors.accessDenied("it is for another application (aud)");
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_SKEW_SEC < now) throw errors.accessDenied("it has expired");
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_SKEW_SEC > now) throw errors.accessDenied("it is not valid yet");
  return claims;
}
