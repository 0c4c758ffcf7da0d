// ZendeskSession: the one owner of a token set, across every isolate of the fleet.
//
// One object per signed-in user (named by the session cookie's random id) in user mode,
// and one object named "service" in service mode. Zendesk's refresh is single use and
// deletes the previous pair at once, so only this object ever refreshes, and it does so
// in a critical section: the first caller starts the refresh, every caller that arrives
// meanwhile (an `await fetch()` lets them in) awaits the same promise. The new pair is
// written to storage before anyone uses it, so a crash right after a refresh cannot
// lose the only valid refresh token.
import { DurableObject } from "cloudflare:workers";
import { clientCredentialsToken, exchangeCode, refreshToken } from "../client/workerd.mjs";
import { loadConfig } from "./config.mjs";
import { errors, toWire } from "./errors.mjs";
import { seal, unseal } from "./seal.mjs";
import { forward, getJson } from "./upstream.mjs";

/** Refresh this long before expiry at most; a short-lived token gets a quarter of its life. */
const MAX_MARGIN_MS = 60_000;

function record(set, user, now) {
  return {
    accessToken: set.accessToken,
    refreshToken: set.refreshToken,
    scope: set.scope,
    issuedAt: now,
    accessTokenExpiresAt: set.accessTokenExpiresAt,
    refreshTokenExpiresAt: set.refreshTokenExpiresAt,
    user,
  };
}

/** True when the access token is within its refresh margin (or its expiry is unknown and it is old). */
export function refreshDue(t, now) {
  const expires = t.accessTokenExpiresAt;
  if (typeof expires !== "number") return false;
  const life = Math.max(0, expires - t.issuedAt);
  return now >= expires - Math.min(MAX_MARGIN_MS, life / 4);
}

function log(message) {
  console.log(`zendesk-auth/edge: ${message}`);
}

export class ZendeskSession extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.loading = null; // memoised first read of storage
    this.lock = null; // the refresh in progress, shared by every caller
  }

  get config() {
    const config = loadConfig(this.env, false);
    if (config.error) throw config.error;
    return config;
  }

  get kind() {
    return this.config.mode === "service" ? "service" : "user";
  }

  /** The current token set (null when there is none); storage is read once, memory is current after. */
  async load() {
    this.loading ??= (async () => {
      const [blob, reauth] = await Promise.all([this.ctx.storage.get("tokens"), this.ctx.storage.get("reauth")]);
      this.reauth = reauth === true;
      this.tokens = blob ? (await unseal(this.config.secret, "tokens", this.ctx.id.toString(), blob)) ?? null : null;
      if (blob && !this.tokens) log("stored tokens could not be decrypted (SESSION_SECRET changed?); sign-in needed");
    })();
    await this.loading;
    return this.tokens;
  }

  /** Durable first, then in memory: nothing uses a pair that a restart could lose. */
  async store(tokens) {
    const blob = await seal(this.config.secret, "tokens", this.ctx.id.toString(), tokens);
    await this.ctx.storage.put({ tokens: blob, reauth: false });
    this.tokens = tokens;
    this.reauth = false;
    // Nothing is kept past the refresh token's life: the session could not be used anyway.
    if (typeof tokens.refreshTokenExpiresAt === "number") await this.ctx.storage.setAlarm(tokens.refreshTokenExpiresAt);
  }

  /** The refresh token has expired: forget the session. */
  async alarm() {
    const t = await this.load();
    if (t && typeof t.refreshTokenExpiresAt === "number" && t.refreshTokenExpiresAt > Date.now()) {
      await this.ctx.storage.setAlarm(t.refreshTokenExpiresAt); // refreshed meanwhile
      return;
    }
    await this.ctx.storage.deleteAll();
    this.tokens = null;
    this.reauth = false;
    log("session expired and removed");
  }

  /**
   * A usable token set: { tokens } or { error }. With `stale` (an access token Zendesk
   * just refused), refreshes unless the pair has already moved on since.
   */
  async usable(stale) {
    const t = await this.load();
    if (this.lock) return this.lock;
    if (!t) {
      if (this.kind === "service") return this.critical(() => this.mint(undefined));
      return toWire(this.reauth ? errors.reauth() : errors.notSignedIn());
    }
    const due = stale !== undefined ? t.accessToken === stale : refreshDue(t, Date.now());
    if (!due) return { tokens: t };
    return this.critical(() => (this.kind === "service" ? this.mint(t) : this.rotate(t)));
  }

  critical(work) {
    this.lock ??= work().finally(() => {
      this.lock = null;
    });
    return this.lock;
  }

  oauth() {
    const c = this.config;
    return { baseUrl: c.base, clientId: c.clientId, clientSecret: c.clientSecret, expiresIn: c.expiresIn, signal: AbortSignal.timeout(c.tokenTimeoutMs) };
  }

  /** Refresh (user mode). Only invalid_grant ends the session; any other failure keeps the pair. */
  async rotate(t) {
    if (typeof t.refreshTokenExpiresAt === "number" && t.refreshTokenExpiresAt <= Date.now()) return this.endSession("the refresh token has expired");
    if (!t.refreshToken) return this.endSession("there is no refresh token");
    let next;
    try {
      next = await refreshToken({ ...this.oauth(), refreshToken: t.refreshToken });
    } catch (e) {
      return this.keep(t, e);
    }
    await this.store(record(next, t.user, Date.now()));
    log("token refreshed");
    return { tokens: this.tokens };
  }

  /** Client credentials (service mode): a new token before the current one runs out. */
  async mint(t) {
    let next;
    try {
      next = await clientCredentialsToken({ ...this.oauth(), scopes: this.config.scopes });
    } catch (e) {
      return this.keep(t, e);
    }
    await this.store(record(next, undefined, Date.now()));
    log("service token minted");
    return { tokens: this.tokens };
  }

  async keep(t, e) {
    const code = String(e?.code ?? "NETWORK");
    if (code === "INVALID_GRANT" && this.kind === "user") return this.endSession("Zendesk refused the refresh token (invalid_grant)");
    log(`token request failed (${code}); keeping the current tokens`);
    if (code === "INVALID_CLIENT") return toWire(errors.clientRejected());
    // Zendesk did not rotate: the old access token works until it expires.
    if (t && typeof t.accessTokenExpiresAt === "number" && t.accessTokenExpiresAt > Date.now() + 1000) return { tokens: t };
    const retryAfter = Math.max(1, Math.ceil((Number(e?.retryAfterMs) || 2000) / 1000));
    return toWire(errors.tokenEndpoint(retryAfter));
  }

  async endSession(why) {
    await this.ctx.storage.delete("tokens");
    await this.ctx.storage.put("reauth", true);
    this.tokens = null;
    this.reauth = true;
    log(`session needs sign-in again: ${why}`);
    return toWire(errors.reauth());
  }

  // --- RPC methods the Worker calls --------------------------------------------------------

  /** An API call with this session's token; one refresh and retry after a 401. */
  async call(req) {
    const got = await this.usable();
    if (got.error) return got;
    let res = await forward(this.config.base, req, `Bearer ${got.tokens.accessToken}`);
    if (res.status === 401) {
      const again = await this.usable(got.tokens.accessToken);
      if (again.error) return again;
      if (again.tokens.accessToken !== got.tokens.accessToken) res = await forward(this.config.base, req, `Bearer ${again.tokens.accessToken}`);
    }
    return res;
  }

  /** The callback's code exchange (user mode); the tokens never leave this object. */
  async exchange({ code, codeVerifier, redirectUri }) {
    let set;
    try {
      set = await exchangeCode({ ...this.oauth(), code, codeVerifier, redirectUri });
    } catch (e) {
      const c = String(e?.code ?? "NETWORK");
      log(`code exchange failed (${c})`);
      if (c === "INVALID_CLIENT") return toWire(errors.clientRejected());
      return toWire(errors.login("LOGIN_FAILED", `Zendesk did not exchange the authorization code (${c}).`));
    }
    const me = await getJson(this.config.base, "/api/v2/users/me.json", set.accessToken);
    const u = me.data?.user;
    if (!u || typeof u.id !== "number") return toWire(errors.login("LOGIN_FAILED", "Zendesk did not say who signed in."));
    const user = { id: u.id, name: u.name ?? null, email: u.email ?? null, role: u.role ?? null };
    await this.load();
    await this.store(record(set, user, Date.now()));
    return { user, sessionExpiresAt: set.refreshTokenExpiresAt ?? null };
  }

  /** Who is signed in and until when; never a token. */
  async session() {
    const t = await this.load();
    if (!t) return { signedIn: false, ...(this.reauth ? { code: "REAUTH_REQUIRED" } : {}) };
    return {
      signedIn: true,
      user: t.user,
      scope: t.scope,
      accessTokenExpiresAt: t.accessTokenExpiresAt ?? null,
      sessionExpiresAt: t.refreshTokenExpiresAt ?? null,
    };
  }

  /** Revokes the token at Zendesk (by id, the form Zendesk honours) and forgets everything. */
  async logout() {
    const t = await this.load();
    let revoked = false;
    if (t && !this.lock) {
      const info = await getJson(this.config.base, "/api/v2/oauth/tokens/current.json", t.accessToken);
      const id = info.data?.token?.id;
      if (id !== undefined && /^[0-9]+$/.test(String(id))) {
        const r = await forward(this.config.base, { method: "DELETE", path: `/api/v2/oauth/tokens/${id}.json` }, `Bearer ${t.accessToken}`);
        revoked = r.status === 204 || r.status === 200;
      }
      log(revoked ? "token revoked at sign-out" : `token not revoked at sign-out (token info answered ${info.status})`);
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.tokens = null;
    this.reauth = false;
    this.loading = Promise.resolve();
    return { revoked };
  }
}
