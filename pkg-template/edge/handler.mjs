// The Worker side: routes, caller checks, cookies, CORS, and the calls into the two
// Durable Objects. It holds no token: in user and service modes the token set lives in
// ZendeskSession and only that object talks to Zendesk with it.
import { createAuthorizationUrl } from "../client/workerd.mjs";
import { verifyAccessJwt } from "./access.mjs";
import { loadConfig } from "./config.mjs";
import { CODE_HEADER, EdgeError, errorResponse, errors, fromWire } from "./errors.mjs";
import { randomId, seal, unseal } from "./seal.mjs";
import { forward } from "./upstream.mjs";
import { readBodyLimited } from "./body.mjs";
import { WEBHOOK_PATH, asWebhookHandler } from "./webhook.mjs";

/** The default allow-list, per mode. `{id}` is a numeric id; `.json` is optional, as on Zendesk. */
export const DEFAULT_ROUTES = [
  { path: "/api/v2/users/me", methods: ["GET"] },
  { path: "/api/v2/tickets", methods: ["GET", "POST"] },
  { path: "/api/v2/tickets/{id}", methods: ["GET", "PUT"] },
  { path: "/api/v2/search", methods: ["GET"] },
];

export const SESSION_COOKIE = "__Host-zendesk-session";
const LOGIN_COOKIE = "__Host-zendesk-login";
const LOGIN_TTL_SEC = 600;
const MAX_BODY_BYTES = 1024 * 1024;
const SAFELISTED = ["content-type", "cache-control", "x-content-type-options", "vary"];

function compile(routes) {
  return routes.map((r) => ({
    ...r,
    key: r.path,
    pattern: new RegExp("^" + r.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace("{id}", "[1-9][0-9]{0,19}") + "(?:\\.json)?$"),
  }));
}

function cookies(request) {
  const out = {};
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

/** `__Host-`: Secure, Path=/, no Domain, so no other host or path can set or read it. */
function cookie(name, value, maxAgeSec) {
  return `${name}=${value}; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}`;
}

function json(status, body, headers = {}) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

/**
 * Creates the Worker's fetch handler.
 *
 * options.routes: { user?, service?, api_token? } allow-lists replacing DEFAULT_ROUTES per mode.
 * options.fallback(request, env, ctx): answers paths that are neither /auth/ nor /api/ (e.g. the app's assets).
 * options.webhook: { onEvent, ...webhookHandler options } or a webhookHandler(); serves
 *   {options.webhookPath ?? "/webhooks/zendesk"}, and onEvent sees only verified events.
 */
export function createEdgeHandler(options = {}) {
  const routes = {};
  for (const mode of ["user", "service", "api_token"]) routes[mode] = compile(options.routes?.[mode] ?? DEFAULT_ROUTES);
  const webhookPath = options.webhookPath ?? WEBHOOK_PATH;
  const webhook = options.webhook === undefined ? undefined : asWebhookHandler(options.webhook);

  async function handle(request, env, ctx, config) {
    const url = new URL(request.url);
    const path = url.pathname;
    // Webhooks from Zendesk are server-to-server and signed: no CORS, and none of the proxy's
    // configuration, so they are served even while it is broken.
    if (webhook && path === webhookPath) return webhook.fetch(request, env, ctx);
    const cors = request.headers.get("origin") === config.appOrigin ? config.appOrigin : undefined;
    const finish = (res) => withCommonHeaders(res, cors, config.mode === "user");

    if (request.method === "OPTIONS") {
      // Preflights first, so the app can read whatever comes next, configuration errors included.
      if (!cors) return finish(errorResponse(errors.origin()));
      const route = config.error ? undefined : routes[config.mode].find((r) => r.pattern.test(path));
      const methods = route ? route.methods : path === "/auth/logout" ? ["POST"] : ["GET"];
      return finish(new Response(null, {
        status: 204,
        headers: {
          "access-control-allow-methods": methods.join(", "),
          "access-control-allow-headers": "Accept, Content-Type",
          "access-control-max-age": "600",
        },
      }));
    }
    if (config.error) {
      // The details are for the app's own origin (a page the operator controls) and the
      // Worker's log; any other caller learns only that the proxy is not configured.
      return finish(errorResponse(cors ? config.error : errors.misconfigured()));
    }
    try {
      if (path.startsWith("/auth/")) return finish(await auth(request, env, config, url));
      if (path.startsWith("/api/")) return finish(await api(request, env, ctx, config, url, cors));
      if (options.fallback) return await options.fallback(request, env, ctx);
      throw errors.path(describe(routes[config.mode]));
    } catch (e) {
      if (e instanceof EdgeError) return finish(errorResponse(e));
      console.error(`zendesk-auth/edge: internal error ${e?.name ?? "Error"}`);
      return finish(errorResponse(new EdgeError(500, "INTERNAL", "The proxy failed unexpectedly.", "Try again; the Worker's log has the details.")));
    }
  }

  function describe(list) {
    return list.map((r) => `${r.methods.join("|")} ${r.path}`).join(", ");
  }

  /** Browsers on another site are not served; callers without Origin and Sec-Fetch-Site are not browsers. */
  function checkOrigin(request, url, config, stateChanging) {
    const origin = request.headers.get("origin");
    if (origin !== null) {
      if (origin !== config.appOrigin && origin !== url.origin) throw errors.origin();
      return;
    }
    const site = request.headers.get("sec-fetch-site");
    if (site !== null && site !== "same-origin" && site !== "none") throw errors.origin();
    // A form post from another site carries Origin; a state change without any is refused too.
    if (stateChanging && config.mode === "user") throw errors.origin();
  }

  // --- /auth/ (user mode) ---------------------------------------------------------------------

  async function auth(request, env, config, url) {
    if (config.mode !== "user") throw errors.path("/auth/ exists in AUTH_MODE=user only");
    const sessions = env.ZENDESK_SESSIONS;
    const route = url.pathname;
    const expect = (method) => {
      if (request.method !== method) throw errors.method(request.method, [method]);
    };
    if (route === "/auth/login") {
      expect("GET");
      const redirectUri = config.appOrigin + "/auth/callback";
      const { url: to, state, codeVerifier } = createAuthorizationUrl({ baseUrl: config.base, clientId: config.clientId, redirectUri, scopes: config.scopes });
      const returnTo = safeReturn(url.searchParams.get("return_to"));
      const sealed = await seal(config.secret, "login", LOGIN_COOKIE, { state, codeVerifier, returnTo, exp: Date.now() + LOGIN_TTL_SEC * 1000 });
      return new Response(null, { status: 302, headers: { location: to, "set-cookie": cookie(LOGIN_COOKIE, sealed, LOGIN_TTL_SEC) } });
    }
    if (route === "/auth/callback") {
      expect("GET");
      const clear = cookie(LOGIN_COOKIE, "", 0);
      const pending = await unseal(config.secret, "login", LOGIN_COOKIE, cookies(request)[LOGIN_COOKIE] ?? "");
      const fail = (code, message) => {
        const res = errorResponse(errors.login(code, message));
        res.headers.append("set-cookie", clear);
        return res;
      };
      if (!pending || pending.exp < Date.now()) return fail("LOGIN_EXPIRED", "The sign-in started too long ago, or in another browser.");
      if (url.searchParams.get("state") !== pending.state) return fail("LOGIN_STATE_MISMATCH", "The sign-in answer does not belong to this browser's sign-in.");
      const denied = url.searchParams.get("error");
      if (denied) return fail("LOGIN_DENIED", `Zendesk did not grant access (${denied.replace(/[^a-z_]/g, "").slice(0, 40)}).`);
      const code = url.searchParams.get("code");
      if (!code) return fail("LOGIN_FAILED", "Zendesk's answer has no authorization code.");
      // A fresh id: nothing a browser held before sign-in names the signed-in session.
      const sid = randomId();
      const result = await sessions.get(sessions.idFromName(`user:${sid}`)).exchange({ code, codeVerifier: pending.codeVerifier, redirectUri: config.appOrigin + "/auth/callback" });
      if (result.error) {
        const res = errorResponse(fromWire(result.error));
        res.headers.append("set-cookie", clear);
        return res;
      }
      const headers = new Headers({ location: config.appOrigin + pending.returnTo });
      // The cookie lives as long as the refresh token (Zendesk: 30 days by default), no longer.
      const life = typeof result.sessionExpiresAt === "number" ? Math.floor((result.sessionExpiresAt - Date.now()) / 1000) : 30 * 86400;
      headers.append("set-cookie", cookie(SESSION_COOKIE, sid, Math.max(60, Math.min(life, 90 * 86400))));
      headers.append("set-cookie", clear);
      return new Response(null, { status: 302, headers });
    }
    if (route === "/auth/session") {
      expect("GET");
      checkOrigin(request, url, config, false);
      const sid = sessionId(request);
      if (!sid) return json(200, { signedIn: false });
      return json(200, await sessions.get(sessions.idFromName(`user:${sid}`)).session());
    }
    if (route === "/auth/logout") {
      expect("POST");
      checkOrigin(request, url, config, true);
      const sid = sessionId(request);
      const result = sid ? await sessions.get(sessions.idFromName(`user:${sid}`)).logout() : { revoked: false };
      return json(200, { signedIn: false, revoked: result.revoked }, { "set-cookie": cookie(SESSION_COOKIE, "", 0) });
    }
    throw errors.path("/auth/login, /auth/callback, /auth/session, /auth/logout");
  }

  // --- /api/v2/ ------------------------------------------------------------------------------

  async function api(request, env, ctx, config, url) {
    const list = routes[config.mode];
    const route = list.find((r) => r.pattern.test(url.pathname));
    const stateChanging = !["GET", "HEAD"].includes(request.method);
    checkOrigin(request, url, config, stateChanging);
    if (!route) throw errors.path(describe(list));
    if (!route.methods.includes(request.method)) throw errors.method(request.method, route.methods);

    // Who is calling: the session cookie, or Cloudflare Access, or nobody on purpose.
    let sid;
    if (config.mode === "user") {
      sid = sessionId(request);
      if (!sid) throw errors.notSignedIn();
    } else if (config.access) {
      const jwt = request.headers.get("cf-access-jwt-assertion");
      if (!jwt) throw errors.anonymous();
      await verifyAccessJwt(jwt, config.access);
    } else if (!config.allowAnonymous) {
      throw errors.anonymous();
    }

    let body;
    if (stateChanging) {
      if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) throw errors.mediaType();
      body = await readBodyLimited(request, MAX_BODY_BYTES);
    }
    const req = {
      method: request.method,
      path: url.pathname,
      search: url.search,
      accept: request.headers.get("accept") ?? undefined,
      contentType: request.headers.get("content-type") ?? undefined,
      body,
    };

    // One budget per account for the whole fleet: the excess is refused here, not by Zendesk.
    const budget = env.ZENDESK_RATE_BUDGET.get(env.ZENDESK_RATE_BUDGET.idFromName(config.base));
    const routeKey = `${request.method} ${route.key}`;
    const admitted = await budget.admit(routeKey);
    if (!admitted.ok) throw errors.budget(admitted.retryAfterSec, admitted.code, admitted.message);

    let res;
    try {
      if (config.mode === "api_token") res = await forward(config.base, req, config.authorization);
      else {
        const name = config.mode === "user" ? `user:${sid}` : "service";
        res = await env.ZENDESK_SESSIONS.get(env.ZENDESK_SESSIONS.idFromName(name)).call(req);
      }
    } finally {
      await budget.report(routeKey, admitted.ticket, res?.status ?? 0, res?.headers ?? []);
    }
    if (res.error) throw fromWire(res.error);
    return upstreamResponse(res, url, config);
  }

  return {
    async fetch(request, env, ctx) {
      return handle(request, env, ctx, loadConfig(env));
    },
  };
}

function sessionId(request) {
  const v = cookies(request)[SESSION_COOKIE];
  return v && /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
}

/** Only a path on the app's own origin: never an open redirect. */
function safeReturn(value) {
  // Short too, so the sealed sign-in cookie stays far below browsers' 4 KiB per cookie.
  return typeof value === "string" && value.length <= 512 && /^\/(?![/\\])[^\s]*$/.test(value) ? value : "/";
}

/** Zendesk's answer for the app, with absolute Zendesk URLs pointed back at this proxy. */
function upstreamResponse(res, url, config) {
  const headers = new Headers(res.headers);
  let body = res.body;
  const location = headers.get("location");
  if (location) {
    if (location.startsWith(config.base + "/api/")) headers.set("location", url.origin + location.slice(config.base.length));
    else headers.delete("location");
  }
  if (body && /json/i.test(headers.get("content-type") ?? "")) {
    body = new TextDecoder().decode(body).replaceAll(config.base + "/api/", url.origin + "/api/");
  }
  return new Response(body, { status: res.status, headers });
}

function withCommonHeaders(res, allowOrigin, credentials) {
  const out = new Response(res.body, res);
  out.headers.set("cache-control", "no-store");
  out.headers.set("x-content-type-options", "nosniff");
  out.headers.append("vary", "Origin");
  if (allowOrigin) {
    out.headers.set("access-control-allow-origin", allowOrigin);
    if (credentials) out.headers.set("access-control-allow-credentials", "true");
    const exposed = [];
    out.headers.forEach((_, name) => {
      if (!SAFELISTED.includes(name) && !name.startsWith("access-control-") && name !== "set-cookie") exposed.push(name);
    });
    if (exposed.length) out.headers.set("access-control-expose-headers", exposed.join(", "));
  }
  return out;
}

export { CODE_HEADER };
