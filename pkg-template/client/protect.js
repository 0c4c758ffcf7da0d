// ZendeskClient as users get it: wasm-bindgen's class, with three promises kept at the
// boundary. free() wipes the client's secrets at once, even while a pages iterator or a
// request still shares its state (those then end with CLIENT_FREED); a client used after
// free() answers with a coded CLIENT_FREED error (a rejected promise from the async
// methods, a throw from the others) instead of reaching wasm with a null pointer; and
// free() may be called again (or by `using`) safely.
//
// The calls built on the client's own requests live here too, in JavaScript (each line of
// Rust costs the browser download far more): upload(), tokenInfo(), revokeToken(), and
// parseCallback(), which needs no client. Going through get/post/delete keeps the base
// URL confinement, retries, hooks and error codes in one place.
import { makeClientError } from "../error.js";

/** @param {string} message */
const invalid = (message) => makeClientError("INVALID_OPTION", message, "Check the option against the ClientOptions type.");

/**
 * An options object read once (its own enumerable properties, into an object with no
 * prototype, so a polluted Object.prototype adds nothing); INVALID_OPTION when it is not
 * an object or cannot be read.
 * @param {unknown} options
 * @returns {Record<string, any>}
 */
function own(options) {
  try {
    if (options == null || typeof options === "object") return Object.assign(Object.create(null), options);
  } catch {
    // A throwing getter or a revoked Proxy: said below.
  }
  throw invalid("options must be a readable object.");
}

const CURRENT = "/api/v2/oauth/tokens/current.json";

/** @param {unknown} v an ISO time from Zendesk @returns {number | null} milliseconds */
const time = (v) => (typeof v === "string" && Date.parse(v) >= 0 ? Date.parse(v) : null);

/**
 * Checks the URL Zendesk sent the user back to against the `state` of this sign-in,
 * then Zendesk's `error` (RFC 6749 §4.1.2.1), and answers what exchangeCode needs.
 * The state is checked first: an answer without it was not asked for here, whatever it
 * says. Throws a coded ZendeskAuthError.
 * @param {unknown} url @param {unknown} options `{ state, codeVerifier?, redirectUri? }`
 */
export function parseCallback(url, options) {
  const o = own(options);
  let q;
  try {
    q = new URL(typeof url === "string" ? url : url instanceof URL ? url.href : "").searchParams;
  } catch {
    throw invalid("url must be the callback URL, query included.");
  }
  // Zendesk's words go into a message: one line, bounded.
  const get = (/** @type {string} */ k) => (q.get(k) || "").replace(/[\0-\x1f\x7f-\x9f]/g, " ").slice(0, 300);
  const state = q.get("state");
  if (typeof o.state !== "string" || !o.state) throw invalid("state must be the one createAuthorizationUrl gave.");
  if (state !== o.state) throw makeClientError("STATE_MISMATCH", "The callback is not from this sign-in (state differs).", "Start the sign-in again; do not exchange this code.");
  const error = get("error");
  if (error) {
    const said = [error, get("error_description")].filter(Boolean).join(": ");
    throw makeClientError(error === "invalid_scope" ? "INVALID_SCOPE" : "OAUTH_DENIED", `Zendesk refused the authorization: ${said}`, "Check the client, redirect URI and scopes; offer to sign in again.", { zendeskError: said });
  }
  const code = q.get("code");
  if (!code) throw invalid("The callback URL has no code.");
  /** @type {Record<string, string>} */
  const r = { code, state };
  for (const k of ["codeVerifier", "redirectUri"]) if (typeof o[k] === "string") r[k] = o[k];
  return r;
}

const ASYNC = ["verify", "request", "get", "post", "put", "delete"];

/** @param {string} name */
function freed(name) {
  return makeClientError("CLIENT_FREED", `ZendeskClient.${name}() was called after free().`, "Create a new ZendeskClient; a freed one cannot be used again.");
}

/**
 * @param {any} Handle wasm-bindgen's ZendeskClient class
 * @param {(name: string) => void} [ensure] the browser entries' init() check
 */
export function protectClient(Handle, ensure) {
  class ZendeskClient extends Handle {
    /** @param {unknown} options */
    constructor(options) {
      if (ensure) ensure("new ZendeskClient");
      super(options);
    }

    free() {
      if (this.__wbg_ptr === 0) return;
      super.wipeSecrets();
      super.free();
    }

    get authScheme() {
      if (this.__wbg_ptr === 0) throw freed("authScheme");
      return super.authScheme;
    }

    get baseUrl() {
      if (this.__wbg_ptr === 0) throw freed("baseUrl");
      return super.baseUrl;
    }

    /** @param {unknown[]} args */
    paginate(...args) {
      if (this.__wbg_ptr === 0) throw freed("paginate");
      return super.paginate(...args);
    }

    /**
     * POSTs a file to /api/v2/uploads.json as it is, and answers with the upload token
     * on top (`token`), for a ticket comment's `uploads`.
     * @param {unknown} data @param {unknown} options `{ filename, token?, contentType?, asUser?, signal? }`
     */
    async upload(data, options) {
      const o = own(options);
      const { filename, token, contentType } = o;
      if (typeof filename !== "string" || !filename || (token != null && typeof token !== "string") || (contentType != null && typeof contentType !== "string")) {
        throw invalid("upload needs { filename } (strings).");
      }
      let file;
      try {
        // instanceof runs a Proxy's getPrototypeOf trap, which may throw.
        file = data instanceof Blob || typeof data === "string" || data instanceof ArrayBuffer || ArrayBuffer.isView(data);
      } catch {
        // not a file, then
      }
      if (!file) throw invalid("upload takes a Blob, bytes or a string.");
      // Typed as post() types bodies (a Blob by its own type, bytes as
      // application/octet-stream) unless contentType says otherwise.
      const r = await this.post("/api/v2/uploads.json", data, { query: { filename, token }, headers: contentType ? { "Content-Type": contentType } : null, asUser: o.asUser, signal: o.signal });
      const u = r.data && r.data.upload;
      r.token = u && typeof u.token === "string" ? u.token : undefined;
      return r;
    }

    /**
     * The OAuth token in use, from Zendesk's OAuth Tokens API: its id, user, client,
     * scopes and times (milliseconds), none of its characters.
     * @param {unknown} [options] `{ signal? }`
     */
    async tokenInfo(options) {
      if (this.__wbg_ptr !== 0 && super.authScheme === "api_token") throw invalid("tokenInfo needs an OAuth token.");
      const r = await this.get(CURRENT, options);
      const t = r.data && r.data.token;
      if (!t || typeof t !== "object") throw makeClientError("BAD_RESPONSE", "No token record in the answer.", "Check that baseUrl reaches Zendesk's API.");
      return {
        id: t.id,
        userId: t.user_id ?? null,
        clientId: t.client_id ?? null,
        scopes: Array.isArray(t.scopes) ? t.scopes.filter((/** @type {unknown} */ x) => typeof x === "string") : [],
        expiresAt: time(t.expires_at),
        refreshTokenExpiresAt: time(t.refresh_token_expires_at),
        createdAt: time(t.created_at),
        usedAt: time(t.used_at),
      };
    }

    /**
     * Revokes an OAuth token by id (the one in use when none is given), then checks that
     * it is gone. Zendesk has been reported to answer DELETE current.json with 204 and
     * leave the token working, so the id is looked up and deleted instead.
     * @param {unknown} [options] `{ id?, signal? }`
     */
    async revokeToken(options) {
      const o = own(options);
      const req = { signal: o.signal };
      const v = o.id ?? (await this.tokenInfo(req)).id;
      const id = typeof v === "number" || typeof v === "string" ? String(v) : "";
      if (!/^[1-9][0-9]{0,15}$/.test(id)) throw invalid("id must be a token id.");
      const path = `/api/v2/oauth/tokens/${id}.json`;
      await this.delete(path, req);
      try {
        await this.get(path, req);
      } catch (e) {
        // Gone: 404, or 401 (INVALID_GRANT when refreshing) when it was the token asking.
        if (/^(NOT_FOUND|UNAUTHORIZED|INVALID_GRANT)$/.test(/** @type {any} */ (e).code)) return { id: Number(id), revoked: true };
        throw e;
      }
      throw makeClientError("REVOKE_FAILED", "The token still works after its revocation.", "Try again, or revoke it in Admin Center (Apps and integrations > APIs).");
    }
  }
  for (const name of ASYNC) {
    const method = Handle.prototype[name];
    Object.defineProperty(ZendeskClient.prototype, name, {
      configurable: true,
      writable: true,
      value: { [name](/** @type {unknown[]} */ ...args) {
        return this.__wbg_ptr === 0 ? Promise.reject(freed(name)) : method.apply(this, args);
      } }[name],
    });
  }
  if (typeof Symbol.dispose === "symbol") {
    Object.defineProperty(ZendeskClient.prototype, Symbol.dispose, { configurable: true, writable: true, value: ZendeskClient.prototype.free });
  }
  return ZendeskClient;
}
